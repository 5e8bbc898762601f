//! Test harness: a real emulator on 127.0.0.1 and a plain HTTP client with helpers for the flows.
#![allow(dead_code)] // each test file uses a different subset

use std::path::PathBuf;
use std::time::Duration;

use billerapi_sandbox::{serve, ClientCredentials, Config, Sandbox};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};

pub struct TestSandbox {
    pub sandbox: Sandbox,
    pub client: ClientCredentials,
    pub other: ClientCredentials,
    pub http: reqwest::Client,
}

pub fn credentials(n: u8) -> ClientCredentials {
    ClientCredentials {
        client_id: format!("client_test_{n}"),
        client_secret: format!("bb_test_secret_number_{n}"),
    }
}

pub fn config() -> Config {
    Config {
        clients: vec![credentials(1), credentials(2)],
        sync_delay: Duration::from_millis(20),
        ..Config::default()
    }
}

/// A scratch directory unique to this test process and name.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandbox-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

impl TestSandbox {
    pub async fn start() -> Self {
        Self::start_with(config()).await
    }

    pub async fn start_with(config: Config) -> Self {
        let sandbox = serve(config).await.expect("sandbox starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("http client");
        TestSandbox {
            sandbox,
            client: credentials(1),
            other: credentials(2),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// A request with this test's client credentials.
    pub fn as_client(&self, method: Method, path: &str) -> RequestBuilder {
        self.as_(&self.client, method, path)
    }

    pub fn as_(&self, who: &ClientCredentials, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header("X-Client-ID", &who.client_id)
            .header("X-Client-Secret", &who.client_secret)
    }

    pub fn with_bearer(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    pub async fn create_link_token(&self, biller_id: Option<&str>) -> Value {
        let mut body = json!({
            "client_id": self.client.client_id, "client_user_id": "user_123", "consents": ["bills"],
        });
        if let Some(b) = biller_id {
            body["biller_id"] = json!(b);
        }
        let (status, mut v) = send(
            self.as_client(Method::POST, "/link/token/create")
                .json(&body),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        self.with_session(&mut v).await;
        v
    }

    /// The link guide's create answer holds only the token and its expiry: the session (as the
    /// hosted page reads it) adds its id, biller and repaired link to `link_token`.
    pub async fn with_session(&self, link_token: &mut Value) {
        let token = link_token["link_token"].as_str().expect("a link token");
        let (status, session) = send(self.with_bearer(Method::GET, "/link/session", token)).await;
        assert_eq!(status, StatusCode::OK, "{session}");
        for field in ["link_token_id", "biller_id", "account_link_id"] {
            link_token[field] = session[field].clone();
        }
    }

    pub async fn step(&self, link_token: &Value, step: &str, body: Value) -> (StatusCode, Value) {
        let path = format!(
            "/link/{}/{step}",
            link_token["link_token_id"].as_str().expect("id")
        );
        send(
            self.with_bearer(
                Method::POST,
                &path,
                link_token["link_token"].as_str().expect("token"),
            )
            .json(&body),
        )
        .await
    }

    /// Runs the hosted Connect flow's steps for an accepted account; returns the consent answer.
    pub async fn connect_flow(&self, account_number: &str) -> Value {
        let lt = self.create_link_token(Some("test_electric_company")).await;
        let (_, creds) = self
            .step(
                &lt,
                "submit-credentials",
                json!({"username": "u", "password": "p", "account_number": account_number}),
            )
            .await;
        assert_eq!(creds["success"], true, "{creds}");
        if creds["status"] == "mfa_required" {
            let (_, mfa) = self
                .step(&lt, "submit-mfa", json!({"mfa_code": "123456"}))
                .await;
            assert_eq!(mfa["success"], true, "{mfa}");
        }
        let (_, found) = self.step(&lt, "discover-accounts", json!({})).await;
        let account_id = found["accounts"][0]["account_id"].clone();
        let (_, selected) = self
            .step(&lt, "select-account", json!({"account_id": account_id}))
            .await;
        assert_eq!(selected["success"], true, "{selected}");
        let (status, done) = self
            .step(&lt, "consent", json!({"consents": ["bills"]}))
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        done
    }

    pub async fn sandbox_public_token(&self, account_number: &str) -> (StatusCode, Value) {
        send(self.as_client(Method::POST, "/sandbox/public_token/create").json(&json!({
            "client_id": self.client.client_id, "biller_id": "test_electric_company",
            "account_number": account_number, "client_user_id": "user_123", "consents": ["bills"],
        })))
        .await
    }

    pub async fn exchange(&self, public_token: &str) -> (StatusCode, Value) {
        send(
            self.as_client(Method::POST, "/link/token/exchange")
                .json(&json!({
                    "client_id": self.client.client_id, "public_token": public_token,
                })),
        )
        .await
    }

    /// Links an account through the sandbox shortcut; returns `(access_token, link_id)`.
    pub async fn link(&self, account_number: &str) -> (String, String) {
        let (status, pt) = self.sandbox_public_token(account_number).await;
        assert_eq!(status, StatusCode::OK, "{pt}");
        let (status, ex) = self
            .exchange(pt["public_token"].as_str().expect("public token"))
            .await;
        assert_eq!(status, StatusCode::OK, "{ex}");
        (
            ex["access_token"].as_str().expect("at").to_owned(),
            ex["link_id"].as_str().expect("link").to_owned(),
        )
    }

    pub async fn bills(&self, access_token: &str, query: &str) -> (StatusCode, Value) {
        send(self.with_bearer(Method::GET, &format!("/bills/get?{query}"), access_token)).await
    }

    pub async fn advance_clock(&self, seconds: i64) {
        let (status, v) = send(
            self.as_client(Method::POST, "/sandbox/clock")
                .json(&json!({"advance_seconds": seconds})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
}

/// Sends a request and reads its JSON body (`Value::Null` when there is none).
pub async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("request sent");
    let status = response.status();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts a documented error body: the errors concept's (the emulator's default) or, with
/// `--error-format overview`, the overview's.
#[track_caller]
pub fn assert_error(status: StatusCode, body: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "{body}");
    if body.get("statusCode").is_some() {
        assert_eq!(body["statusCode"], expected.as_u16(), "{body}");
        assert_eq!(
            body["error"],
            expected.canonical_reason().expect("reason"),
            "{body}"
        );
    } else {
        assert_eq!(body["status_code"], expected.as_u16(), "{body}");
        let machine = match expected.as_u16() {
            401 => "authentication_error",
            403 => "authorization_error",
            404 => "not_found",
            429 => "rate_limit_exceeded",
            500..=599 => "internal_error",
            _ => "validation_error",
        };
        assert_eq!(body["error"], machine, "{body}");
        assert_eq!(
            body["documentation_url"], "https://docs.billerapi.com/concepts/errors",
            "{body}"
        );
    }
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}
