//! A server that redirects must not receive our secrets' second trip: the client follows no
//! redirect, so the host the `Location` names never sees the client secret, a public token or an
//! access token (issue: trust boundaries).
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use billerapi::bills::{BillsQuery, ReadAuth};
use billerapi::secret::{AccessToken, ClientSecret, PublicToken};
use billerapi::{Client, Environment, Error, Url};

const SECRET: &str = "bb_test_redirect_secret_0123456789";
const ACCESS: &str = "at_sandbox_redirect_access_0123456789";
const PUBLIC: &str = "pt_sandbox_redirect_public_0123456789";

/// Everything the other host received: one line per request with its headers and body.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// The host a redirect points to: records whatever reaches it.
async fn other_host(seen: Seen) -> SocketAddr {
    let app = Router::new().fallback(move |headers: HeaderMap, uri: Uri, body: String| {
        let seen = seen.clone();
        async move {
            seen.0
                .lock()
                .unwrap()
                .push(format!("{uri} {headers:?} {body}"));
            (
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"accounts":[]}"#,
            )
        }
    });
    serve(app).await
}

/// A "BillerAPI" that answers every request with `status` and `Location: <other>/same/path`.
async fn redirecting(status: StatusCode, other: SocketAddr) -> SocketAddr {
    let app = Router::new().fallback(move |uri: Uri| async move {
        let location = format!("http://{other}{}", uri.path());
        (status, [(header::LOCATION, location)]).into_response()
    });
    serve(app).await
}

fn client(addr: SocketAddr) -> Client {
    Client::builder(Environment::Custom(
        Url::parse(&format!("http://{addr}")).unwrap(),
    ))
    .credentials("client_redirect", ClientSecret::new(SECRET))
    .build()
    .unwrap()
}

#[tokio::test]
async fn no_redirect_is_followed_and_the_other_host_receives_nothing() {
    for status in [
        StatusCode::MOVED_PERMANENTLY,
        StatusCode::FOUND,
        StatusCode::SEE_OTHER,
        StatusCode::TEMPORARY_REDIRECT,
        StatusCode::PERMANENT_REDIRECT,
    ] {
        let seen = Seen::default();
        let other = other_host(seen.clone()).await;
        let api = client(redirecting(status, other).await);

        // Client credentials (a read), a public token in a POST body, an access token (Bearer).
        let errors = [
            api.accounts().await.unwrap_err(),
            api.link_token_exchange(&PublicToken::new(PUBLIC))
                .await
                .unwrap_err(),
            api.bills_get(
                ReadAuth::AccessToken(&AccessToken::new(ACCESS)),
                &BillsQuery {
                    account_link_id: Some("link_1".into()),
                    ..BillsQuery::default()
                },
            )
            .await
            .unwrap_err(),
        ];
        for error in &errors {
            match error {
                Error::Redirect {
                    status: s,
                    location,
                } => {
                    assert_eq!(*s, status.as_u16());
                    assert_eq!(
                        location.as_deref(),
                        Some(format!("http://{other}").as_str())
                    );
                }
                other => panic!("{status}: expected a redirect error, got {other:?}"),
            }
            assert_eq!(error.code(), "redirect");
            let message = error.to_string();
            assert!(message.contains(&status.as_u16().to_string()), "{message}");
            assert!(message.contains(&other.to_string()), "{message}");
            for secret in [SECRET, ACCESS, PUBLIC] {
                assert!(!message.contains(secret), "{message}");
            }
        }
        let reached = seen.0.lock().unwrap().clone();
        assert!(
            reached.is_empty(),
            "{status}: the redirect target received {} request(s): {reached:?}",
            reached.len()
        );
    }
}
