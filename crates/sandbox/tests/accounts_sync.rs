//! Accounts (list, get, remove), sync, and the sandbox helpers that change a link.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::time::Duration;

use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn accounts_lists_the_clients_links_only() {
    let t = TestSandbox::start().await;
    let (_, a) = t.link("4242424242").await;
    let (_, b) = t.link("4000000005").await;
    let (status, v) = send(t.as_client(Method::GET, "/bills/accounts")).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), b.as_str()]);
    let first = &v["accounts"][0];
    assert_eq!(
        (first["status"].as_str(), first["biller_name"].as_str()),
        (Some("ACTIVE"), Some("Test Electric Company"))
    );
    assert_eq!(first["account_number"], "****4242");
    let (_, other) = send(t.as_(&t.other, Method::GET, "/bills/accounts")).await;
    assert_eq!(other["accounts"], json!([]));
}

#[tokio::test]
async fn removing_a_link_revokes_its_access_token() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("4242424242").await;
    let (status, v) = send(t.as_client(Method::DELETE, &format!("/bills/accounts/{link}"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["revoked_access_tokens"], 1);
    let (status, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    let (_, listed) = send(t.as_client(Method::GET, "/bills/accounts")).await;
    assert_eq!(listed["accounts"], json!([]));
    let (status, v) = send(t.as_client(Method::GET, &format!("/bills/accounts/{link}"))).await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
    let (status, v) = send(t.as_client(Method::DELETE, &format!("/bills/accounts/{link}"))).await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
}

async fn wait_for_sync(t: &TestSandbox, link: &str) -> Value {
    for _ in 0..100 {
        let (_, v) =
            send(t.as_client(Method::GET, &format!("/bills/sync?account_link_id={link}"))).await;
        let status = v["syncs"][0]["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if status == "COMPLETED" || status == "FAILED" {
            return v["syncs"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("sync did not finish");
}

#[tokio::test]
async fn a_triggered_sync_answers_202_pending_then_completes() {
    let t = TestSandbox::start().await;
    let (_, link) = t.link("5550002222").await;
    let (status, v) = send(
        t.as_client(Method::POST, "/bills/sync/trigger")
            .json(&json!({"account_link_id": link})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    assert_eq!(v["status"], "PENDING");
    assert!(v["id"].as_str().unwrap().starts_with("sync_"));
    let done = wait_for_sync(&t, &link).await;
    assert_eq!(
        (done["status"].as_str(), done["bills_found"].as_u64()),
        (Some("COMPLETED"), Some(24))
    );
    let (_, account) = send(t.as_client(Method::GET, &format!("/bills/accounts/{link}"))).await;
    assert!(account["last_synced_at"].is_string(), "{account}");
    // Within a minute a second trigger returns the finished sync, unless forced.
    let (_, again) = send(
        t.as_client(Method::POST, "/bills/sync/trigger")
            .json(&json!({"account_link_id": link})),
    )
    .await;
    assert_eq!(again["id"], done["id"]);
    send(
        t.as_client(Method::POST, "/sandbox/bills/new_statement")
            .json(&json!({"link_id": link})),
    )
    .await;
    let (_, forced) = send(
        t.as_client(Method::POST, "/bills/sync/trigger")
            .json(&json!({"account_link_id": link, "force": true})),
    )
    .await;
    assert_ne!(forced["id"], done["id"]);
    let second = wait_for_sync(&t, &link).await;
    assert_eq!(
        (
            second["bills_found"].as_u64(),
            second["bills_updated"].as_u64()
        ),
        (Some(25), Some(1))
    );
}

#[tokio::test]
async fn reset_login_makes_bills_fail_until_the_link_is_repaired_in_update_mode() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("4242424242").await;
    let (status, v) =
        send(t.as_client(Method::POST, &format!("/sandbox/links/{link}/reset_login"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["error_code"].as_str()),
        (Some("ERROR"), Some("LOGIN_REQUIRED"))
    );
    let (status, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_error(status, &v, StatusCode::CONFLICT);
    assert_eq!(v["error_code"], "LOGIN_REQUIRED");
    send(
        t.as_client(Method::POST, "/bills/sync/trigger")
            .json(&json!({"account_link_id": link, "force": true})),
    )
    .await;
    assert_eq!(wait_for_sync(&t, &link).await["status"], "FAILED");

    // Update mode: a link token for the existing link, the same flow, the same link id back.
    let (status, mut lt) = send(t.as_client(Method::POST, "/link/token/create").json(&json!({
        "client_id": t.client.client_id, "client_user_id": "user_123", "consents": ["bills"], "account_link_id": link,
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{lt}");
    t.with_session(&mut lt).await;
    assert_eq!(lt["biller_id"], "test_electric_company");
    let (_, wrong) = t
        .step(
            &lt,
            "submit-credentials",
            json!({"username": "u", "password": "p", "account_number": "4000000005"}),
        )
        .await;
    assert_eq!(wrong["error_code"], "ACCOUNT_MISMATCH");
    t.step(
        &lt,
        "submit-credentials",
        json!({"username": "u", "password": "p", "account_number": "4242424242"}),
    )
    .await;
    t.step(&lt, "discover-accounts", json!({})).await;
    t.step(&lt, "select-account", json!({"account_id": "acct_1"}))
        .await;
    let (_, done) = t.step(&lt, "consent", json!({"consents": ["bills"]})).await;
    let (_, ex) = t.exchange(done["public_token"].as_str().unwrap()).await;
    assert_eq!(ex["link_id"], link.as_str());
    // Both the old and the new access token read bills again.
    assert_eq!(
        t.bills(&at, &format!("account_link_id={link}")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        t.bills(
            ex["access_token"].as_str().unwrap(),
            &format!("account_link_id={link}")
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn new_statement_adds_a_pending_bill_due_in_21_days() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("4242424242").await;
    let (status, bill) = send(
        t.as_client(Method::POST, "/sandbox/bills/new_statement")
            .json(&json!({"link_id": link})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{bill}");
    assert_eq!(bill["status"], "PENDING");
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(v["bills"].as_array().unwrap().len(), 2);
    assert_eq!(v["bills"][0]["id"], bill["id"]);
    let (status, v) = send(
        t.as_(&t.other, Method::POST, "/sandbox/bills/new_statement")
            .json(&json!({"link_id": link})),
    )
    .await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn billers_search_filter_and_paginate() {
    let t = TestSandbox::start().await;
    let (_, v) = send(t.as_client(Method::GET, "/billers?search=electric")).await;
    let ids: Vec<&str> = v["billers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"test_electric_company"), "{ids:?}");
    let (_, v) = send(t.as_client(Method::GET, "/billers?category=gas")).await;
    assert!(v["billers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["category"] == "gas"));
    let (_, first) = send(t.as_client(Method::GET, "/billers?limit=5")).await;
    let (_, second) = send(t.as_client(
        Method::GET,
        &format!(
            "/billers?limit=5&cursor={}",
            first["next_cursor"].as_str().unwrap()
        ),
    ))
    .await;
    assert_ne!(first["billers"][0], second["billers"][0]);
    let (_, one) = send(t.as_client(Method::GET, "/billers/test_electric_company")).await;
    assert_eq!(one["name"], "Test Electric Company");
    let (status, v) = send(t.as_client(Method::GET, "/billers/nope")).await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn scenarios_list_the_nine_documented_numbers_and_ours_without_credentials() {
    let t = TestSandbox::start().await;
    let (status, v) = send(t.http.get(t.url("/sandbox/scenarios"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 11);
    assert_eq!(v["scenarios"][10]["account_number"], "5555555555");
    assert_eq!(v["scenarios"][10]["scenario"], "history");
    assert_eq!(v["scenarios"][9]["account_number"], "4000000009");
    assert_eq!(v["scenarios"][9]["scenario"], "sync_failure");
    assert_eq!(v["mfa_code"], "123456");
    assert_eq!(v["scenarios"][1]["error_code"], "INVALID_CREDENTIALS");
}
