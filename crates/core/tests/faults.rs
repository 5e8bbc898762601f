//! What a sync does when BillerAPI misbehaves: rate limits, outages, garbage, wrong credentials.
//! A custom environment points at servers on 127.0.0.1 that do so on purpose.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use billerapi_sandbox::{ClientCredentials, Config, RateLimit, RateLimits};
use billkeep_core::links::LinkStatus;
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::sync::SyncOutcome;

const ID: &str = "client_core_faults";
const SECRET: &str = "bb_test_core_faults_secret";

async fn emulator(rate_limits: Option<RateLimits>) -> billerapi_sandbox::Sandbox {
    billerapi_sandbox::serve(Config {
        clients: vec![ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET.into(),
        }],
        rate_limits,
        ..Config::default()
    })
    .await
    .unwrap()
}

/// A server whose every answer is `status` with `body`.
async fn broken(status: StatusCode, body: &'static str) -> SocketAddr {
    let app = axum::Router::new().fallback(move || async move {
        (status, [("content-type", "application/json")], body).into_response()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn custom(name: &str, url: &str) -> billkeep_core::Billkeep {
    let b = common::open(&common::scratch(name), common::keyring(name));
    b.use_environment(EnvironmentKind::Custom, Some(url))
        .await
        .unwrap();
    b.set_credentials(EnvironmentKind::Custom, ID, SECRET)
        .unwrap();
    b
}

#[tokio::test]
async fn a_rate_limited_link_waits_and_the_others_go_on() {
    // Three writes per 10 minutes: linking takes two (public token, exchange), the first sync's
    // refresh the third; the second sync's refresh is refused with a long Retry-After.
    let sandbox = emulator(Some(RateLimits {
        writes: RateLimit {
            requests: 3,
            per_seconds: 600.0,
        },
        reads: RateLimit {
            requests: 1_000,
            per_seconds: 60.0,
        },
    }))
    .await;
    let b = custom("fault-429", &sandbox.base_url()).await;
    b.sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    assert!(matches!(
        b.sync(None, false, |_| {}).await.unwrap()[0].outcome,
        SyncOutcome::Synced { .. }
    ));
    let reports = b.sync(None, true, |_| {}).await.unwrap();
    match &reports[0].outcome {
        SyncOutcome::RateLimited { until } => assert!(*until > time::OffsetDateTime::now_utc()),
        other => panic!("{other:?}"),
    }
    let link = &b.links().unwrap()[0];
    assert_eq!(link.status, LinkStatus::RateLimited);
    // Until then, a sync does not even call the API.
    assert!(matches!(
        b.sync(None, false, |_| {}).await.unwrap()[0].outcome,
        SyncOutcome::RateLimited { .. }
    ));
}

#[tokio::test]
async fn an_outage_or_garbage_marks_the_link_and_keeps_its_cached_bills() {
    let sandbox = emulator(None).await;
    let b = custom("fault-503", &sandbox.base_url()).await;
    let link = b
        .sandbox_link("test_electric_company", "5550007000", None)
        .await
        .unwrap();
    b.sync(None, false, |_| {}).await.unwrap();
    let cached = b.bills(&Default::default()).unwrap().len();
    assert_eq!(cached, 24);
    for (status, body, code) in [
        (
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"statusCode":503,"message":"down","error":"Service Unavailable"}"#,
            "server_error",
        ),
        (StatusCode::OK, r#"{"bills": "not a list"}"#, "decode"),
        (
            StatusCode::NOT_FOUND,
            r#"{"statusCode":404,"message":"Account link not found","error":"Not Found"}"#,
            "not_found",
        ),
    ] {
        // The link's own origin starts misbehaving: a link is fetched only from where it was made
        // (switching the custom URL would leave it with the emulator), so move it there.
        let addr = broken(status, body).await;
        let origin = format!("http://{addr}/");
        b.use_environment(EnvironmentKind::Custom, Some(&origin))
            .await
            .unwrap();
        b.set_credentials(EnvironmentKind::Custom, ID, SECRET)
            .unwrap();
        b.store()
            .with(|c| {
                c.execute(
                    "UPDATE links SET origin = ?1 WHERE id = ?2",
                    rusqlite::params![origin, link.id],
                )?;
                Ok(())
            })
            .unwrap();
        let reports = b.sync(None, false, |_| {}).await.unwrap();
        match &reports[0].outcome {
            SyncOutcome::Failed { code: got, .. } => assert_eq!(got, code),
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(b.link(&link.link_id).unwrap().status, LinkStatus::Error);
        assert_eq!(
            b.bills(&Default::default()).unwrap().len(),
            cached,
            "cached bills are kept"
        );
    }
}

#[tokio::test]
async fn wrong_credentials_are_reported_by_the_test_button() {
    let sandbox = emulator(None).await;
    let b = custom("fault-401", &sandbox.base_url()).await;
    b.test_credentials().await.unwrap();
    b.set_credentials(EnvironmentKind::Custom, ID, "bb_test_wrong")
        .unwrap();
    let err = b.test_credentials().await.unwrap_err();
    assert_eq!(err.code(), "unauthorized");
    assert!(!err.to_string().contains("bb_test_wrong"));
}
