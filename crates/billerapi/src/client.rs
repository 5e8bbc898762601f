//! The client: configuration, authentication, and the one request loop every endpoint uses.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;
use crate::error_body::ApiErrorBody;
use crate::pacing::{Pacer, RateLimits};
use crate::retry::{parse_retry_after, RetryPolicy};
use crate::secret::{AccessToken, ClientSecret, LinkTokenSecret};

/// Where the API is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://sandbox.api.billerapi.com` (`bb_test_*` keys).
    Sandbox,
    /// `https://api.billerapi.com` (`bb_live_*` keys).
    Production,
    /// Any other base URL: the embedded emulator, or a shared `billerapi-sandbox`.
    Custom(Url),
}

impl Environment {
    /// The base URL of this environment.
    pub fn base_url(&self) -> Url {
        match self {
            Environment::Sandbox => {
                Url::parse("https://sandbox.api.billerapi.com").expect("valid URL")
            }
            Environment::Production => Url::parse("https://api.billerapi.com").expect("valid URL"),
            Environment::Custom(url) => url.clone(),
        }
    }
}

/// A client id and its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// Sent as `X-Client-ID`.
    pub client_id: String,
    /// Sent as `X-Client-Secret`.
    pub client_secret: ClientSecret,
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Option<ClientCredentials>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    max_body_bytes: usize,
    limits: Option<RateLimits>,
}

impl ClientBuilder {
    /// Paces requests under these limits (default: the documented 100 writes and 1,000 reads a
    /// minute); `None` sends at once (tests that count on speed, or a server without limits).
    pub fn rate_limits(mut self, limits: Option<RateLimits>) -> Self {
        self.limits = limits;
        self
    }

    /// Client credentials for the server-side endpoints.
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: ClientSecret,
    ) -> Self {
        self.credentials = Some(ClientCredentials {
            client_id: client_id.into(),
            client_secret,
        });
        self
    }

    /// How long to wait for a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, body included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body read (default 4 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let mut base = self.environment.base_url();
        if !matches!(base.scheme(), "https" | "http") || base.cannot_be_a_base() {
            return Err(Error::Config(format!("{base} is not an http(s) base URL")));
        }
        // Paths are joined relative to the base, so a base with a path prefix must end in '/'.
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(concat!("billkeep-billerapi/", env!("CARGO_PKG_VERSION")))
            // Never follow a redirect: reqwest would replay custom headers (X-Client-Secret) and,
            // on 307/308, the body (a public token) to whatever host the Location names.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: std::sync::Arc::new(Inner {
                http,
                base,
                pacer: self.limits.map(Pacer::new),
                builder: self,
            }),
        })
    }
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    pacer: Option<Pacer>,
    builder: ClientBuilder,
}

/// The BillerAPI client. Cheap to clone; one per environment.
#[derive(Clone)]
pub struct Client {
    inner: std::sync::Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field(
                "client_id",
                &self
                    .inner
                    .builder
                    .credentials
                    .as_ref()
                    .map(|c| c.client_id.as_str()),
            )
            .finish()
    }
}

/// How a call authenticates.
#[derive(Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// No credentials.
    None,
    /// `X-Client-ID` + `X-Client-Secret`.
    Client,
    /// `Authorization: Bearer <access token>`.
    Access(&'a AccessToken),
    /// `Authorization: Bearer <link token>` (Connect session steps).
    Link(&'a LinkTokenSecret),
}

/// One call: method, path, encoded query and body, auth.
pub(crate) struct Call<'a> {
    method: Method,
    path: String,
    query: Option<String>,
    body: Option<Vec<u8>>,
    auth: Auth<'a>,
    /// The server dedupes this write by its `Idempotency-Key`, so it may be sent again.
    replayable: bool,
}

impl<'a> Call<'a> {
    /// A call without query or body.
    pub(crate) fn new(method: Method, path: impl Into<String>, auth: Auth<'a>) -> Self {
        Self {
            method,
            path: path.into(),
            query: None,
            body: None,
            auth,
            replayable: false,
        }
    }

    /// Marks a write the API documents as idempotent by key (link token create, sync trigger,
    /// request-to-link create): it is retried like a read, with the same key each time.
    pub(crate) fn replayable(mut self) -> Self {
        self.replayable = true;
        self
    }

    /// Adds query parameters (`None` fields are left out).
    pub(crate) fn query(mut self, query: &impl Serialize) -> Result<Self, Error> {
        let encoded = serde_urlencoded::to_string(query)
            .map_err(|e| Error::Config(format!("cannot encode the query: {e}")))?;
        self.query = (!encoded.is_empty()).then_some(encoded);
        Ok(self)
    }

    /// Adds a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Result<Self, Error> {
        self.body = Some(
            serde_json::to_vec(body)
                .map_err(|e| Error::Config(format!("cannot encode the request: {e}")))?,
        );
        Ok(self)
    }
}

/// Percent-encodes one path segment (ids are opaque to us).
pub(crate) fn segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// What one attempt ended with.
enum Outcome<T> {
    Done(Result<T, Error>),
    Retry {
        error: Error,
        wait: Option<Duration>,
    },
}

impl Client {
    /// Starts configuring a client for an environment.
    pub fn builder(environment: Environment) -> ClientBuilder {
        ClientBuilder {
            environment,
            credentials: None,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            max_body_bytes: 4 * 1024 * 1024,
            limits: Some(RateLimits::DOCUMENTED),
        }
    }

    /// The API base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The configured client id, if any.
    pub fn client_id(&self) -> Option<&str> {
        self.inner
            .builder
            .credentials
            .as_ref()
            .map(|c| c.client_id.as_str())
    }

    pub(crate) fn require_client_id(&self) -> Result<String, Error> {
        self.client_id().map(str::to_owned).ok_or_else(|| {
            Error::Config("this call needs client credentials; none are configured".to_owned())
        })
    }

    /// Runs a call with retries and decodes the JSON answer.
    pub(crate) async fn send<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, Error> {
        let policy = &self.inner.builder.retry;
        let read = matches!(call.method, Method::GET | Method::HEAD);
        let idempotent = read || call.replayable;
        // One key per logical operation: every retry of this call carries the same one.
        let key = (call.method == Method::POST).then(|| uuid::Uuid::new_v4().to_string());
        let mut waited = Duration::ZERO;
        let mut attempt = 1;
        loop {
            if let Some(pacer) = &self.inner.pacer {
                pacer.wait_turn(!read).await;
            }
            match self
                .attempt(&call, key.as_deref(), idempotent, attempt)
                .await
            {
                Outcome::Done(result) => return result,
                Outcome::Retry { error, wait } => {
                    let wait = match wait {
                        Some(w) if w > policy.max_retry_after => return Err(error),
                        Some(w) => w,
                        None => policy.backoff(attempt),
                    };
                    if attempt >= policy.max_attempts || waited + wait > policy.budget {
                        return Err(error);
                    }
                    tracing::debug!(path = %call.path, attempt, wait_ms = wait.as_millis() as u64, code = %error.code(), "retrying");
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
        key: Option<&str>,
        idempotent: bool,
        attempt: u32,
    ) -> Outcome<T> {
        let started = Instant::now();
        let request = match self.build_request(call, key) {
            Ok(r) => r,
            Err(e) => return Outcome::Done(Err(e)),
        };
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                let (error, safe) = classify(&e, self.inner.builder.timeout);
                tracing::info!(method = %call.method, path = %call.path, attempt, code = %error.code(), "BillerAPI call failed");
                // Nothing was sent when the connection failed, so even a write may go again.
                return if safe || idempotent {
                    Outcome::Retry { error, wait: None }
                } else {
                    Outcome::Done(Err(error))
                };
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = self.read_body(response).await;
        tracing::info!(
            method = %call.method,
            path = %call.path,
            status = status.as_u16(),
            latency_ms = started.elapsed().as_millis() as u64,
            request_id = request_id.as_deref().unwrap_or(""),
            attempt,
            "BillerAPI call"
        );
        let bytes = match bytes {
            Ok(b) => b,
            Err(error) => {
                let retry = idempotent && matches!(error, Error::Transport(_) | Error::Timeout(_));
                return if retry {
                    Outcome::Retry { error, wait: None }
                } else {
                    Outcome::Done(Err(error))
                };
            }
        };
        if status.is_success() {
            return Outcome::Done(decode(&headers, &bytes));
        }
        if status.is_redirection() {
            return Outcome::Done(Err(Error::Redirect {
                status: status.as_u16(),
                location: redirect_target(&self.inner.base, &headers),
            }));
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let error = Error::Api {
            status: status.as_u16(),
            body: Box::new(error_body(&bytes)),
            request_id,
            retry_after,
        };
        let retryable = matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS
                | StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT
        );
        if idempotent && retryable {
            Outcome::Retry {
                error,
                wait: retry_after,
            }
        } else {
            Outcome::Done(Err(error))
        }
    }

    fn build_request(
        &self,
        call: &Call<'_>,
        key: Option<&str>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut url = self
            .inner
            .base
            .join(call.path.trim_start_matches('/'))
            .map_err(|e| Error::Config(format!("bad path {}: {e}", call.path)))?;
        url.set_query(call.query.as_deref());
        let mut request = self.inner.http.request(call.method.clone(), url);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        match call.auth {
            Auth::None => {}
            Auth::Client => {
                let creds = self.inner.builder.credentials.as_ref().ok_or_else(|| {
                    Error::Config(
                        "this call needs client credentials; none are configured".to_owned(),
                    )
                })?;
                request = request
                    .header("X-Client-ID", &creds.client_id)
                    .header("X-Client-Secret", creds.client_secret.expose());
            }
            Auth::Access(token) => request = request.bearer_auth(token.expose()),
            Auth::Link(token) => request = request.bearer_auth(token.expose()),
        }
        if let Some(bytes) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone());
        }
        Ok(request)
    }

    /// Reads at most `max_body_bytes`, refusing early when `Content-Length` says it is larger.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
        let limit = self.inner.builder.max_body_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(Error::BodyTooLarge { limit });
        }
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        return Err(Error::BodyTooLarge { limit });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(bytes),
                Err(e) if e.is_timeout() => return Err(Error::Timeout(self.inner.builder.timeout)),
                Err(e) => return Err(Error::Transport(describe(&e))),
            }
        }
    }
}

/// The scheme, host and port a redirect points to (never its path or query), for the error message.
fn redirect_target(base: &Url, headers: &HeaderMap) -> Option<String> {
    let location = headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
    let target = base.join(location).ok()?;
    let host = target.host_str()?;
    Some(match target.port() {
        Some(port) => format!("{}://{host}:{port}", target.scheme()),
        None => format!("{}://{host}", target.scheme()),
    })
}

/// Whether an error of `send()` happened before anything reached the server.
fn classify(e: &reqwest::Error, timeout: Duration) -> (Error, bool) {
    if e.is_timeout() {
        (Error::Timeout(timeout), false)
    } else if e.is_connect() {
        (Error::Connect(describe(e)), true)
    } else {
        (Error::Transport(describe(e)), false)
    }
}

/// The error's causes, without the URL (its query may hold an account number).
fn describe(e: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s.to_string());
        source = s.source();
    }
    if text.is_empty() {
        "connection error".to_owned()
    } else {
        text
    }
}

fn decode<T: DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> Result<T, Error> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "application/json" && !mime.ends_with("+json") {
        return Err(Error::ContentType(content_type.chars().take(64).collect()));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// The API's error body, leniently: a body that is not the documented JSON still yields a message.
fn error_body(bytes: &[u8]) -> ApiErrorBody {
    if let Ok(body) = serde_json::from_slice::<ApiErrorBody>(bytes) {
        return body;
    }
    let text: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    ApiErrorBody {
        message: (!text.trim().is_empty()).then_some(text),
        ..ApiErrorBody::default()
    }
}
