//! Request to link: a shareable Connect page, its status from PENDING to COMPLETED (or
//! CANCELLED, EXPIRED), listing with the documented filters, and the public token the client
//! exchanges once it completes.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn create(t: &TestSandbox, path: &str, body: Value) -> Value {
    let (status, created) = send(t.as_client(Method::POST, path).json(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

async fn get(t: &TestSandbox, id: &str) -> Value {
    let (status, found) =
        send(t.as_client(Method::GET, &format!("/link/request-to-link/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    found
}

#[tokio::test]
async fn a_request_is_completed_through_its_page_and_its_public_token_exchanged() {
    let t = TestSandbox::start().await;
    let created = create(
        &t,
        "/link/request-to-link",
        json!({"client_user_id": "customer_42", "biller_id": "test_electric_company", "metadata": {"ticket": "T-1"}}),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("rtl_"));
    assert_eq!(created["status"], "PENDING");
    assert_eq!(created["metadata"]["ticket"], "T-1");
    let url = created["session_url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/connect?link_token=lt_sandbox_", t.url(""))),
        "{url}"
    );
    assert!(created.get("public_token").is_none());

    // The user opens the page: it runs the session with the token in its URL.
    let token = url.split("link_token=").nth(1).unwrap();
    let mut lt = json!({ "link_token": token });
    t.with_session(&mut lt).await;
    let (_, creds) = t
        .step(
            &lt,
            "submit-credentials",
            json!({"username": "u", "password": "p", "account_number": "4242424242"}),
        )
        .await;
    assert_eq!(creds["success"], true, "{creds}");
    assert_eq!(get(&t, &id).await["status"], "IN_PROGRESS");
    let (_, found) = t.step(&lt, "discover-accounts", json!({})).await;
    let account = found["accounts"][0]["account_id"].clone();
    t.step(&lt, "select-account", json!({"account_id": account}))
        .await;
    t.step(&lt, "consent", json!({"consents": ["bills"]})).await;

    let done = get(&t, &id).await;
    assert_eq!(done["status"], "COMPLETED");
    let public_token = done["public_token"].as_str().unwrap();
    let (status, exchanged) = t.exchange(public_token).await;
    assert_eq!(status, StatusCode::OK, "{exchanged}");
    // A completed request cannot be cancelled.
    let (status, refused) =
        send(t.as_client(Method::POST, &format!("/link/request-to-link/{id}/cancel"))).await;
    assert_error(status, &refused, StatusCode::CONFLICT);
    // Another client does not see it.
    let (status, _) = send(t.as_(
        &t.other,
        Method::GET,
        &format!("/link/request-to-link/{id}"),
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_are_listed_with_the_documented_filters_and_pages() {
    let t = TestSandbox::start().await;
    for (user, biller) in [
        ("alice", "test_electric_company"),
        ("bob", "test_gas_company"),
        ("alice", "test_gas_company"),
    ] {
        create(
            &t,
            "/link/request-to-link",
            json!({"client_user_id": user, "biller_id": biller}),
        )
        .await;
    }
    // The idempotency page's path makes the same kind of request.
    create(
        &t,
        "/request-to-link/create",
        json!({"client_user_id": "carol"}),
    )
    .await;
    let list = |query: &str| {
        let path = format!("/link/request-to-link?{query}");
        let t = &t;
        async move { send(t.as_client(Method::GET, &path)).await }
    };
    let (status, all) = list("").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            all["total"].as_u64(),
            all["page"].as_u64(),
            all["limit"].as_u64()
        ),
        (Some(4), Some(1), Some(20))
    );
    assert_eq!(all["items"][0]["client_user_id"], "carol", "newest first");
    assert_eq!(list("clientUserId=alice").await.1["total"], 2);
    assert_eq!(list("billerId=test_gas_company").await.1["total"], 2);
    assert_eq!(list("search=bob").await.1["total"], 1);
    assert_eq!(list("status=PENDING").await.1["total"], 4);
    let (_, second) = list("limit=3&page=2").await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    let (status, bad) = list("limit=0").await;
    assert_error(status, &bad, StatusCode::BAD_REQUEST);
    let (status, bad) = list("status=LOST").await;
    assert_error(status, &bad, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_cancelled_or_expired_request_stops_its_page() {
    let t = TestSandbox::start().await;
    let created = create(&t, "/link/request-to-link", json!({"client_user_id": "u"})).await;
    let id = created["id"].as_str().unwrap();
    let token = created["session_url"]
        .as_str()
        .unwrap()
        .split("link_token=")
        .nth(1)
        .unwrap()
        .to_owned();
    let (status, cancelled) =
        send(t.as_client(Method::POST, &format!("/link/request-to-link/{id}/cancel"))).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["status"], "CANCELLED");
    let (status, _) = send(t.with_bearer(Method::GET, "/link/session", &token)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the page's session is over"
    );

    let other = create(&t, "/link/request-to-link", json!({"client_user_id": "v"})).await;
    t.advance_clock(8 * 24 * 3600).await;
    assert_eq!(
        get(&t, other["id"].as_str().unwrap()).await["status"],
        "EXPIRED"
    );
    assert_eq!(
        send(t.as_client(Method::GET, "/link/request-to-link?status=EXPIRED"))
            .await
            .1["total"],
        1
    );
}
