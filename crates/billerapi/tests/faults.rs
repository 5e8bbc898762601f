//! Fault injection: a local server that misbehaves on purpose. Each case asserts the outcome and
//! how many attempts reached the server.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use billerapi::bills::{BillStatus, BillsQuery, ReadAuth};
use billerapi::retry::RetryPolicy;
use billerapi::secret::{AccessToken, ClientSecret};
use billerapi::{Client, Environment, Error, Url};

#[derive(Clone, Default)]
struct Hits(Arc<Mutex<HashMap<String, usize>>>);

impl Hits {
    fn bump(&self, scenario: &str) -> usize {
        let mut map = self.0.lock().unwrap();
        let n = map.entry(scenario.to_owned()).or_default();
        *n += 1;
        *n
    }

    fn get(&self, scenario: &str) -> usize {
        self.0.lock().unwrap().get(scenario).copied().unwrap_or(0)
    }
}

fn bill_json(status: &str, extra: &str) -> String {
    format!(
        r#"{{"id":"bill_1","biller_id":"b","biller_name":"B","account_number":"****1234","amount":100,"currency":"USD",
        "due_date":"2026-04-15","status":"{status}","statement_date":"2026-03-28","auto_pay_enabled":false,
        "line_items":[]{extra}}}"#
    )
}

fn page(status: &str, extra: &str, cursor: Option<&str>) -> String {
    let (more, next) = match cursor {
        Some(c) => ("true", format!("\"{c}\"")),
        None => ("false", "null".to_owned()),
    };
    format!(
        r#"{{"bills":[{}],"has_more":{more},"next_cursor":{next}}}"#,
        bill_json(status, extra)
    )
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn api_error(status: StatusCode) -> Response {
    json(
        status,
        format!(
            r#"{{"statusCode":{},"message":"injected","error":"x"}}"#,
            status.as_u16()
        ),
    )
}

async fn misbehave(hits: Hits, uri: Uri) -> Response {
    let scenario = uri
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let n = hits.bump(&scenario);
    let ok = || json(StatusCode::OK, page("PENDING", "", None));
    match scenario.as_str() {
        "flaky" => match n {
            1 => api_error(StatusCode::BAD_GATEWAY),
            2 => api_error(StatusCode::SERVICE_UNAVAILABLE),
            _ => ok(),
        },
        "e500" => api_error(StatusCode::INTERNAL_SERVER_ERROR),
        "e503" => api_error(StatusCode::SERVICE_UNAVAILABLE),
        "rate-seconds" if n == 1 => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1".to_owned())],
        )
            .into_response(),
        "rate-date" if n == 1 => {
            let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, at)]).into_response()
        }
        "rate-long" => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "120".to_owned())],
        )
            .into_response(),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ok()
        }
        "truncated" => json(StatusCode::OK, r#"{"bills":[{"id":"bill_1""#.to_owned()),
        "malformed" => json(StatusCode::OK, "not json at all".to_owned()),
        "html" => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>hi</html>",
        )
            .into_response(),
        "html-error" => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<h1>Bad gateway</h1>",
        )
            .into_response(),
        "extra" => json(
            StatusCode::OK,
            page("PENDING", r#","surprise":{"nested":true}"#, None)
                .replace(r#""has_more""#, r#""extra_top":1,"has_more""#),
        ),
        "unknown-enum" => json(StatusCode::OK, page("DISPUTED", "", None)),
        "bad-date" => json(
            StatusCode::OK,
            page("PENDING", "", None).replace("2026-04-15", "15/04/2026"),
        ),
        "huge" => json(
            StatusCode::OK,
            format!(r#"{{"pad":"{}"}}"#, "x".repeat(10 * 1024 * 1024)),
        ),
        "huge-chunked" => {
            let chunk = bytes_of(64 * 1024);
            let stream = futures_stream(chunk, 160);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        "same-cursor" => json(StatusCode::OK, page("PAID", "", Some("c1"))),
        _ => ok(),
    }
}

fn bytes_of(n: usize) -> Vec<u8> {
    vec![b' '; n]
}

/// A body of `count` chunks of `chunk`, sent without a Content-Length.
fn futures_stream(
    chunk: Vec<u8>,
    count: usize,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Chunks {
        chunk: Vec<u8>,
        left: usize,
    }
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.left == 0 {
                return std::task::Poll::Ready(None);
            }
            self.left -= 1;
            std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
        }
    }
    Chunks { chunk, left: count }
}

async fn start() -> (SocketAddr, Hits) {
    let hits = Hits::default();
    let state = hits.clone();
    let app = Router::new().fallback(move |uri: Uri| misbehave(state.clone(), uri));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn client(addr: SocketAddr, scenario: &str) -> Client {
    let base = Url::parse(&format!("http://{addr}/{scenario}/")).unwrap();
    Client::builder(Environment::Custom(base))
        .credentials("client_x", ClientSecret::new("bb_test_secret_x"))
        .timeout(Duration::from_millis(500))
        .retry(fast_retries())
        .build()
        .unwrap()
}

async fn get_bills(c: &Client) -> Result<billerapi::bills::BillsPage, Error> {
    let token = AccessToken::new("at_sandbox_test");
    let q = BillsQuery {
        account_link_id: Some("link_1".to_owned()),
        ..BillsQuery::default()
    };
    c.bills_get(ReadAuth::AccessToken(&token), &q).await
}

/// A write the docs do not call idempotent by key: the exchange of a single-use public token.
async fn create_link_token(
    c: &Client,
) -> Result<billerapi::link::LinkTokenExchangeResponse, Error> {
    c.link_token_exchange(&billerapi::secret::PublicToken::new("pt_sandbox_x"))
        .await
}

#[tokio::test]
async fn a_read_retries_502_and_503_then_succeeds_on_the_third_attempt() {
    let (addr, hits) = start().await;
    let page = get_bills(&client(addr, "flaky")).await.expect("succeeds");
    assert_eq!(page.bills.len(), 1);
    assert_eq!(hits.get("flaky"), 3);
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let (addr, hits) = start().await;
    let err = get_bills(&client(addr, "e500")).await.unwrap_err();
    assert_eq!(
        (err.status(), err.code().as_str()),
        (Some(500), "server_error")
    );
    assert_eq!(hits.get("e500"), 1);
}

#[tokio::test]
async fn a_persistent_503_gives_up_after_the_attempt_limit() {
    let (addr, hits) = start().await;
    let err = get_bills(&client(addr, "e503")).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_transient());
    assert_eq!(hits.get("e503"), 3);
}

#[tokio::test]
async fn a_write_is_never_retried_after_it_reached_the_server() {
    // The exchange is not documented as idempotent by key: a public token is single-use.
    let (addr, hits) = start().await;
    let err = client(addr, "e503")
        .link_token_exchange(&billerapi::secret::PublicToken::new("pt_sandbox_x"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(hits.get("e503"), 1);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let (addr, hits) = start().await;
    let started = Instant::now();
    get_bills(&client(addr, "rate-seconds"))
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits.get("rate-seconds"), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let (addr, hits) = start().await;
    let started = Instant::now();
    get_bills(&client(addr, "rate-date"))
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits.get("rate-date"), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_waited_for() {
    let (addr, hits) = start().await;
    let started = Instant::now();
    let err = get_bills(&client(addr, "rate-long")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        (err.code().as_str(), err.retry_after()),
        ("rate_limited", Some(Duration::from_secs(120)))
    );
    assert_eq!(hits.get("rate-long"), 1);
}

#[tokio::test]
async fn a_response_that_never_arrives_times_out_and_reads_retry() {
    let (addr, hits) = start().await;
    let err = get_bills(&client(addr, "slow")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(hits.get("slow"), 3);
    let err = create_link_token(&client(addr, "slow")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(hits.get("slow"), 4, "the write went once");
}

#[tokio::test]
async fn a_connection_reset_is_retried_for_reads_only() {
    // A server that accepts and hangs up at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let err = get_bills(&client(addr, "reset")).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let err = create_link_token(&client(addr, "reset")).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_write() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let err = create_link_token(&client(port, "none")).await.unwrap_err();
    assert_eq!(err.code(), "connect", "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn truncated_and_malformed_json_are_decode_errors() {
    let (addr, _) = start().await;
    for scenario in ["truncated", "malformed"] {
        let err = get_bills(&client(addr, scenario)).await.unwrap_err();
        assert_eq!(err.code(), "decode", "{scenario}: {err:?}");
    }
}

#[tokio::test]
async fn a_bad_field_is_named_in_the_error() {
    let (addr, _) = start().await;
    let err = get_bills(&client(addr, "bad-date")).await.unwrap_err();
    match err {
        Error::Decode { path, message } => {
            assert_eq!(path, "bills[0].due_date");
            assert!(message.contains("YYYY-MM-DD"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_refused() {
    let (addr, _) = start().await;
    let err = get_bills(&client(addr, "html")).await.unwrap_err();
    assert!(
        matches!(err, Error::ContentType(ref t) if t == "text/html"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_body_that_is_not_json_still_gives_a_message() {
    let (addr, hits) = start().await;
    let err = get_bills(&client(addr, "html-error")).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(err.to_string().contains("Bad gateway"), "{err}");
    assert_eq!(hits.get("html-error"), 3);
}

#[tokio::test]
async fn unexpected_extra_fields_are_ignored() {
    let (addr, _) = start().await;
    let page = get_bills(&client(addr, "extra")).await.expect("tolerated");
    assert_eq!(page.bills[0].id, "bill_1");
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept() {
    let (addr, _) = start().await;
    let page = get_bills(&client(addr, "unknown-enum"))
        .await
        .expect("tolerated");
    assert_eq!(
        page.bills[0].status,
        BillStatus::Unknown("DISPUTED".to_owned())
    );
}

#[tokio::test]
async fn a_10_mb_body_is_refused_with_or_without_a_length() {
    let (addr, _) = start().await;
    for scenario in ["huge", "huge-chunked"] {
        let c = Client::builder(Environment::Custom(
            Url::parse(&format!("http://{addr}/{scenario}/")).unwrap(),
        ))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
        let err = get_bills(&c).await.unwrap_err();
        assert!(
            matches!(err, Error::BodyTooLarge { limit: 4_194_304 }),
            "{scenario}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_server_repeating_its_cursor_stops_pagination_with_an_error() {
    let (addr, hits) = start().await;
    let c = client(addr, "same-cursor");
    let token = AccessToken::new("at_sandbox_test");
    let q = BillsQuery {
        account_link_id: Some("link_1".to_owned()),
        ..BillsQuery::default()
    };
    let err = c
        .bill_pages(ReadAuth::AccessToken(&token), q)
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "decode");
    assert_eq!(hits.get("same-cursor"), 2);
}

#[tokio::test]
async fn no_secret_appears_in_debug_or_error_text() {
    let (addr, _) = start().await;
    let c = client(addr, "e500");
    assert!(!format!("{c:?}").contains("bb_test_secret_x"));
    let err = create_link_token(&c).await.unwrap_err();
    assert!(!format!("{err:?} {err}").contains("bb_test_secret_x"));
}
