//! Every POST carries an `Idempotency-Key` (UUID v4); a write the docs call idempotent by key is
//! retried with the same key, and two operations never share one.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use billerapi::link::{Consent, LinkTokenCreateRequest};
use billerapi::retry::RetryPolicy;
use billerapi::secret::ClientSecret;
use billerapi::{Client, Environment, Url};

/// The method and `Idempotency-Key` of a request that arrived.
type Seen = (String, Option<String>);

/// Every request that arrived, in order.
#[derive(Clone, Default)]
struct Keys(Arc<Mutex<Vec<Seen>>>);

/// Answers 503 to the first two requests, then what the link guide shows.
async fn flaky_server(keys: Keys) -> SocketAddr {
    let app = Router::new().fallback(move |method: Method, headers: HeaderMap| {
        let keys = keys.clone();
        async move {
            let key = headers
                .get("idempotency-key")
                .map(|v| v.to_str().unwrap().to_owned());
            let n = {
                let mut all = keys.0.lock().unwrap();
                all.push((method.to_string(), key));
                all.len()
            };
            if n <= 2 {
                return (StatusCode::SERVICE_UNAVAILABLE, [("content-type", "application/json")], r#"{"statusCode":503,"message":"busy","error":"x"}"#).into_response();
            }
            (
                StatusCode::CREATED,
                [("content-type", "application/json")],
                r#"{"success":true,"link_token":"lt_sandbox_x","expires_at":"2026-04-06T12:30:00Z"}"#,
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn client(addr: SocketAddr) -> Client {
    Client::builder(Environment::Custom(
        Url::parse(&format!("http://{addr}")).unwrap(),
    ))
    .credentials("client_x", ClientSecret::new("bb_test_secret_x"))
    .retry(RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    })
    .build()
    .unwrap()
}

fn request() -> LinkTokenCreateRequest {
    LinkTokenCreateRequest {
        client_id: "client_x".into(),
        client_user_id: "u".into(),
        consents: vec![Consent::Bills],
        redirect_uri: None,
        biller_id: None,
        account_link_id: None,
    }
}

#[tokio::test]
async fn an_idempotent_write_is_retried_with_the_same_uuid_v4_key() {
    let keys = Keys::default();
    let api = client(flaky_server(keys.clone()).await);
    let created = api.link_token_create(&request()).await.unwrap();
    assert_eq!(created.token.link_token.expose(), "lt_sandbox_x");
    let seen = keys.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "two 503s, then the answer");
    let first = seen[0].1.clone().expect("a key on the POST");
    assert!(seen
        .iter()
        .all(|(m, k)| m == "POST" && k.as_deref() == Some(first.as_str())));
    let uuid = uuid_v4(&first);
    assert!(uuid, "{first} is not a UUID v4");

    // A second operation gets a key of its own.
    api.link_token_create(&request()).await.unwrap();
    let second = keys.0.lock().unwrap().last().unwrap().1.clone().unwrap();
    assert_ne!(second, first);
}

#[tokio::test]
async fn reads_carry_no_key() {
    let keys = Keys::default();
    let api = client(flaky_server(keys.clone()).await);
    let _ = api.accounts().await;
    assert!(keys
        .0
        .lock()
        .unwrap()
        .iter()
        .all(|(m, k)| m == "GET" && k.is_none()));
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
fn uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_hexdigit()))
        && parts[2].starts_with('4')
        && parts[3].starts_with(['8', '9', 'a', 'b'])
}
