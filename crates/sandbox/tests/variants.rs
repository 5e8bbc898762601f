//! The docs' variants served for real (dialects, both error bodies), idempotency keys, the
//! documented rate limits per client, sandbox ids and the sync-failure scenario.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::time::Duration;

use billerapi_sandbox::{Config, Dialect, ErrorFormat, RateLimit, RateLimits};
use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn bill_keys(bill: &Value) -> Vec<String> {
    let mut keys: Vec<String> = bill.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn the_pagination_dialect_pages_fifty_bills_in_data_with_decimal_amounts() {
    let t = TestSandbox::start_with(Config {
        dialect: Dialect::Pagination,
        ..common::config()
    })
    .await;
    let (at, link) = t.link("5550001234").await;
    // No limit asked: the pagination concept's default of 50 (this account has 24 bills).
    let (status, page) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.get("bills").is_none(), "{page}");
    let bills = page["data"].as_array().unwrap();
    assert_eq!(bills.len(), 24);
    assert!(bill_keys(&bills[0]).contains(&"bill_id".to_owned()));
    assert!(!bill_keys(&bills[0]).contains(&"id".to_owned()));
    assert!(bills[0]["amount"].is_f64(), "{}", bills[0]["amount"]);
    assert!(bills[0]["bill_id"]
        .as_str()
        .unwrap()
        .starts_with("sandbox_bill_"));
    // The accounts list comes in the same envelope.
    let (_, accounts) = send(t.as_client(Method::GET, "/bills/accounts")).await;
    assert_eq!(accounts["data"][0]["id"], link);
    // Another client keeps the server's default dialect only if listed otherwise.
    let t = TestSandbox::start_with(Config {
        client_dialects: [(common::credentials(2).client_id, Dialect::Pagination)].into(),
        ..common::config()
    })
    .await;
    let (at, link) = t.link("4242424242").await;
    let (_, guide) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(guide["bills"][0]["amount"], 15420, "{guide}");
}

#[tokio::test]
async fn both_documented_error_bodies_are_served() {
    let t = TestSandbox::start().await;
    let (status, concepts) = send(t.as_client(Method::GET, "/billers/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        (concepts["status_code"].as_u64(), concepts["error"].as_str()),
        (Some(404), Some("not_found"))
    );
    assert_eq!(
        concepts["documentation_url"],
        "https://docs.billerapi.com/concepts/errors"
    );
    let t = TestSandbox::start_with(Config {
        error_format: ErrorFormat::Overview,
        ..common::config()
    })
    .await;
    let (_, overview) = send(t.as_client(Method::GET, "/billers/nope")).await;
    assert_eq!(
        (overview["statusCode"].as_u64(), overview["error"].as_str()),
        (Some(404), Some("Not Found"))
    );
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer_and_refuses_another_body() {
    let t = TestSandbox::start().await;
    let body =
        json!({"client_id": t.client.client_id, "client_user_id": "u", "consents": ["bills"]});
    let post = |body: &Value, key: &str| {
        t.as_client(Method::POST, "/link/token/create")
            .header("Idempotency-Key", key)
            .json(body)
    };
    let first = post(&body, "3f1c2a4e-0000-4000-8000-000000000001")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = post(&body, "3f1c2a4e-0000-4000-8000-000000000001")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        again.json::<Value>().await.unwrap(),
        first,
        "the same token, not a new one"
    );
    // The same key for another request is a mistake the docs leave open: 422.
    let other = json!({"client_id": t.client.client_id, "client_user_id": "someone-else", "consents": ["bills"]});
    let (status, refused) = send(post(&other, "3f1c2a4e-0000-4000-8000-000000000001")).await;
    assert_error(status, &refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("different request"));
    // A new key is a new operation; after 24 hours the old key is new again.
    let (status, fresh) = send(post(&body, "another-key")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(fresh["link_token"], first["link_token"]);
    t.advance_clock(24 * 3600 + 1).await;
    let (status, later) = send(post(&other, "3f1c2a4e-0000-4000-8000-000000000001")).await;
    assert_eq!(status, StatusCode::CREATED, "{later}");
    // Keys are per client.
    let (status, theirs) = send(
        t.as_(&t.other, Method::POST, "/link/token/create")
            .header("Idempotency-Key", "another-key")
            .json(&json!({"client_id": t.other.client_id, "client_user_id": "u", "consents": ["bills"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{theirs}");
    assert_ne!(theirs["link_token"], fresh["link_token"]);
}

#[tokio::test]
async fn writes_and_reads_have_their_own_per_client_limits_and_bearer_calls_count_for_the_client() {
    let t = TestSandbox::start_with(Config {
        rate_limits: Some(RateLimits {
            writes: RateLimit {
                requests: 2,
                per_seconds: 600.0,
            },
            reads: RateLimit {
                requests: 4,
                per_seconds: 600.0,
            },
        }),
        ..common::config()
    })
    .await;
    // Two writes: the public token and its exchange.
    let (at, link) = t.link("4242424242").await;
    let (status, limited) = t.sandbox_public_token("4242424242").await;
    assert_error(status, &limited, StatusCode::TOO_MANY_REQUESTS);
    // Reads go on: two with the client's credentials, two with the link's access token…
    for _ in 0..2 {
        assert_eq!(
            send(t.as_client(Method::GET, "/billers")).await.0,
            StatusCode::OK
        );
    }
    for _ in 0..2 {
        assert_eq!(
            t.bills(&at, &format!("account_link_id={link}")).await.0,
            StatusCode::OK
        );
    }
    // …and the access token's reads were the client's: the budget is spent either way.
    let response = t
        .with_bearer(
            Method::GET,
            &format!("/bills/get?account_link_id={link}"),
            &at,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "150");
    // Another client is untouched.
    assert_eq!(
        send(t.as_(&t.other, Method::GET, "/billers")).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_sync_failure_account_links_but_every_sync_fails() {
    let t = TestSandbox::start().await;
    let (_, link) = t.link("4000000009").await;
    let (status, queued) = send(
        t.as_client(Method::POST, "/bills/sync/trigger")
            .json(&json!({"account_link_id": link})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    let record = loop {
        let (_, history) =
            send(t.as_client(Method::GET, &format!("/bills/sync?account_link_id={link}"))).await;
        let latest = history["syncs"][0].clone();
        if latest["status"] == "FAILED" || latest["status"] == "COMPLETED" {
            break latest;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(record["status"], "FAILED");
    assert!(record["error"]
        .as_str()
        .unwrap()
        .starts_with("BILLER_TIMEOUT"));
    let (_, scenarios) = send(t.http.get(t.url("/sandbox/scenarios"))).await;
    assert!(scenarios["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["account_number"] == "4000000009" && s["scenario"] == "sync_failure"));
}
