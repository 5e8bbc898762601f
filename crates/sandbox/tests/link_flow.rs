//! The link flow over real HTTP: link tokens, the Connect session steps, exchange.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn the_seed_link_token_request_creates_a_30_minute_token() {
    // The link guide's answer (the default dialect): the token and its expiry, nothing else.
    let t = TestSandbox::start().await;
    let body = json!({"client_id": t.client.client_id, "client_user_id": "user_123", "consents": ["bills"]});
    let (status, guide) = send(t.as_client(Method::POST, "/link/token/create").json(&body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let mut keys: Vec<&str> = guide
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["expires_at", "link_token", "success"]);
    assert_eq!(guide["success"], true);
    // The API reference's answer: the whole Link Token object, without `success`.
    let t = TestSandbox::start_with(billerapi_sandbox::Config {
        dialect: billerapi_sandbox::Dialect::Reference,
        ..common::config()
    })
    .await;
    let (status, v) = send(
        t.as_client(Method::POST, "/link/token/create")
            .json(&json!({"client_id": t.client.client_id, "client_user_id": "user_123", "consents": ["bills"], "biller_id": "test_electric_company"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(v.get("success").is_none(), "{v}");
    assert!(v["link_token"].as_str().unwrap().starts_with("lt_sandbox_"));
    assert!(v["link_token_id"].as_str().unwrap().starts_with("ltid_"));
    let created = time::OffsetDateTime::parse(
        v["created_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let expires = time::OffsetDateTime::parse(
        v["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!((expires - created).whole_minutes(), 30);
}

#[tokio::test]
async fn link_token_create_validates_its_body() {
    let t = TestSandbox::start().await;
    let id = t.client.client_id.clone();
    let bad = StatusCode::BAD_REQUEST;
    for (body, expected, needle) in [
        (
            json!({"client_id": "someone_else", "client_user_id": "u", "consents": ["bills"]}),
            StatusCode::FORBIDDEN,
            "X-Client-ID",
        ),
        (
            json!({"client_id": id, "client_user_id": "", "consents": ["bills"]}),
            bad,
            "client_user_id",
        ),
        (
            json!({"client_id": id, "client_user_id": "u".repeat(257), "consents": ["bills"]}),
            bad,
            "client_user_id",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": []}),
            bad,
            "consents",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": ["transactions"]}),
            bad,
            "subset",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "biller_id": "nope"}),
            StatusCode::NOT_FOUND,
            "biller_id",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "redirect_uri": "ftp://x"}),
            bad,
            "redirect_uri",
        ),
        (
            // Not localhost: a host that merely starts with the word.
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "redirect_uri": "http://localhost.evil.example/cb"}),
            bad,
            "redirect_uri",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "redirect_uri": "https://app.example/a b"}),
            bad,
            "redirect_uri",
        ),
        (
            json!({"client_id": id, "consents": ["bills"]}),
            bad,
            "client_user_id",
        ),
        (
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "color": "red"}),
            bad,
            "color",
        ),
    ] {
        let (status, v) = send(t.as_client(Method::POST, "/link/token/create").json(&body)).await;
        assert_error(status, &v, expected);
        assert!(
            v["message"].as_str().unwrap().contains(needle),
            "{body} -> {v}"
        );
    }
    // A 256-character id (multi-byte ones count as one each) and localhost redirects are fine.
    for body in [
        json!({"client_id": id, "client_user_id": "é".repeat(256), "consents": ["bills"]}),
        json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "redirect_uri": "http://localhost:8080/cb"}),
        json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "redirect_uri": "http://127.0.0.1"}),
    ] {
        let (status, v) = send(t.as_client(Method::POST, "/link/token/create").json(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body} -> {v}");
    }
}

#[tokio::test]
async fn the_hosted_flow_links_4242424242_with_any_username_and_password() {
    let t = TestSandbox::start().await;
    let done = t.connect_flow("4242424242").await;
    assert_eq!(done["success"], true);
    assert!(done["public_token"]
        .as_str()
        .unwrap()
        .starts_with("pt_sandbox_"));
    assert_eq!(done["metadata"]["biller_id"], "test_electric_company");
    assert_eq!(done["metadata"]["biller_name"], "Test Electric Company");
    assert_eq!(done["metadata"]["account_mask"], "****4242");
    let (status, ex) = t.exchange(done["public_token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{ex}");
    assert_eq!(ex["success"], true);
    assert_eq!(ex["biller_id"], "test_electric_company");
    assert!(ex["access_token"]
        .as_str()
        .unwrap()
        .starts_with("at_sandbox_"));
    assert!(ex["link_id"].as_str().unwrap().starts_with("sb_link_"));
}

#[tokio::test]
async fn credential_scenarios_answer_200_with_their_error_code() {
    let t = TestSandbox::start().await;
    for (number, code) in [
        ("4000000001", "INVALID_CREDENTIALS"),
        ("4000000002", "BILLER_UNAVAILABLE"),
        ("4000000004", "ACCOUNT_LOCKED"),
    ] {
        let lt = t.create_link_token(Some("test_electric_company")).await;
        let (status, v) = t
            .step(
                &lt,
                "submit-credentials",
                json!({"username": "u", "password": "p", "account_number": number}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(v["success"], false, "{v}");
        assert_eq!(v["error_code"], code);
        // The session stays at the credentials step: the user can try another account.
        let (_, retry) = t
            .step(
                &lt,
                "submit-credentials",
                json!({"username": "u", "password": "p", "account_number": "4242424242"}),
            )
            .await;
        assert_eq!(retry["next_step"], "discover_accounts", "{retry}");
    }
}

#[tokio::test]
async fn mfa_accepts_only_123456_and_gives_up_after_three_wrong_codes() {
    let t = TestSandbox::start().await;
    let lt = t.create_link_token(Some("test_electric_company")).await;
    let creds = json!({"username": "u", "password": "p", "account_number": "4000000003"});
    let (_, v) = t.step(&lt, "submit-credentials", creds.clone()).await;
    assert_eq!(
        (v["status"].as_str(), v["next_step"].as_str()),
        (Some("mfa_required"), Some("submit_mfa"))
    );
    let (status, skipped) = t.step(&lt, "discover-accounts", json!({})).await;
    assert_error(status, &skipped, StatusCode::CONFLICT);
    assert_eq!(skipped["error_code"], "INVALID_STEP");
    for _ in 0..2 {
        let (_, wrong) = t
            .step(&lt, "submit-mfa", json!({"mfa_code": "000000"}))
            .await;
        assert_eq!(wrong["error_code"], "INVALID_MFA_CODE");
    }
    let (_, out) = t
        .step(&lt, "submit-mfa", json!({"mfa_code": "000000"}))
        .await;
    assert_eq!(out["error_code"], "MFA_ATTEMPTS_EXCEEDED");
    t.step(&lt, "submit-credentials", creds).await;
    let (_, ok) = t
        .step(&lt, "submit-mfa", json!({"mfa_code": "123456"}))
        .await;
    assert_eq!(
        (ok["success"].as_bool(), ok["next_step"].as_str()),
        (Some(true), Some("discover_accounts"))
    );
}

#[tokio::test]
async fn multiple_accounts_discovers_three_and_links_the_chosen_one() {
    let t = TestSandbox::start().await;
    let lt = t.create_link_token(Some("test_electric_company")).await;
    t.step(
        &lt,
        "submit-credentials",
        json!({"username": "u", "password": "p", "account_number": "4000000008"}),
    )
    .await;
    let (_, found) = t.step(&lt, "discover-accounts", json!({})).await;
    let names: Vec<&str> = found["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Primary", "Vacation Home", "Business"]);
    let (status, bad) = t
        .step(&lt, "select-account", json!({"account_id": "acct_9"}))
        .await;
    assert_error(status, &bad, StatusCode::NOT_FOUND);
    t.step(&lt, "select-account", json!({"account_id": "acct_3"}))
        .await;
    let (_, done) = t.step(&lt, "consent", json!({"consents": ["bills"]})).await;
    assert_eq!(done["metadata"]["account_name"], "Business");
    let (_, ex) = t.exchange(done["public_token"].as_str().unwrap()).await;
    let (_, account) = send(t.as_client(
        Method::GET,
        &format!("/bills/accounts/{}", ex["link_id"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(account["account_name"], "Business");
}

#[tokio::test]
async fn steps_need_the_sessions_own_link_token() {
    let t = TestSandbox::start().await;
    let a = t.create_link_token(Some("test_electric_company")).await;
    let b = t.create_link_token(Some("test_electric_company")).await;
    let body = json!({"username": "u", "password": "p", "account_number": "4242424242"});
    let path = format!(
        "/link/{}/submit-credentials",
        a["link_token_id"].as_str().unwrap()
    );
    let (status, v) = send(
        t.with_bearer(Method::POST, &path, b["link_token"].as_str().unwrap())
            .json(&body),
    )
    .await;
    assert_error(status, &v, StatusCode::FORBIDDEN);
    let (status, v) = send(t.http.post(t.url(&path)).json(&body)).await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error_code"], "INVALID_LINK_TOKEN");
    let (status, v) = send(
        t.with_bearer(Method::POST, &path, "lt_sandbox_forged")
            .json(&body),
    )
    .await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn consent_must_be_the_requested_scopes_and_a_finished_session_is_closed() {
    let t = TestSandbox::start().await;
    let lt = t.create_link_token(Some("test_electric_company")).await;
    t.step(
        &lt,
        "submit-credentials",
        json!({"username": "u", "password": "p", "account_number": "4242424242"}),
    )
    .await;
    t.step(&lt, "discover-accounts", json!({})).await;
    t.step(&lt, "select-account", json!({"account_id": "acct_1"}))
        .await;
    let (status, v) = t
        .step(&lt, "consent", json!({"consents": ["bills", "payments"]}))
        .await;
    assert_error(status, &v, StatusCode::CONFLICT);
    let (_, done) = t.step(&lt, "consent", json!({"consents": ["bills"]})).await;
    assert_eq!(done["success"], true);
    let (status, again) = t.step(&lt, "consent", json!({"consents": ["bills"]})).await;
    assert_error(status, &again, StatusCode::CONFLICT);
    assert_eq!(again["error_code"], "LINK_SESSION_COMPLETE");
}

#[tokio::test]
async fn a_link_token_expires_after_30_minutes() {
    let t = TestSandbox::start().await;
    let lt = t.create_link_token(None).await;
    let session = |t: &TestSandbox| {
        t.with_bearer(
            Method::GET,
            "/link/session",
            lt["link_token"].as_str().unwrap(),
        )
    };
    let (status, v) = send(session(&t)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["next_step"], "submit_credentials");
    t.advance_clock(30 * 60).await;
    let (status, v) = send(session(&t)).await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error_code"], "LINK_TOKEN_EXPIRED");
}

#[tokio::test]
async fn a_public_token_is_single_use() {
    let t = TestSandbox::start().await;
    let (_, pt) = t.sandbox_public_token("4242424242").await;
    let token = pt["public_token"].as_str().unwrap();
    assert_eq!(t.exchange(token).await.0, StatusCode::OK);
    let (status, v) = t.exchange(token).await;
    assert_error(status, &v, StatusCode::CONFLICT);
    assert_eq!(v["error_code"], "PUBLIC_TOKEN_ALREADY_USED");
}

#[tokio::test]
async fn two_concurrent_exchanges_of_one_public_token_have_exactly_one_winner() {
    let t = TestSandbox::start().await;
    for _ in 0..10 {
        let (_, pt) = t.sandbox_public_token("4242424242").await;
        let token = pt["public_token"].as_str().unwrap();
        let (a, b) = tokio::join!(t.exchange(token), t.exchange(token));
        let winners = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(winners, 1, "{a:?} {b:?}");
        let loser = if a.0 == StatusCode::OK { b.1 } else { a.1 };
        assert_eq!(loser["error_code"], "PUBLIC_TOKEN_ALREADY_USED");
    }
}

#[tokio::test]
async fn a_public_token_expires_after_30_minutes() {
    let t = TestSandbox::start().await;
    let (_, pt) = t.sandbox_public_token("4242424242").await;
    t.advance_clock(30 * 60 + 1).await;
    let (status, v) = t.exchange(pt["public_token"].as_str().unwrap()).await;
    assert_error(status, &v, StatusCode::BAD_REQUEST);
    assert_eq!(v["error_code"], "PUBLIC_TOKEN_EXPIRED");
}

#[tokio::test]
async fn another_clients_public_token_is_reported_as_invalid() {
    let t = TestSandbox::start().await;
    let (_, pt) = t.sandbox_public_token("4242424242").await;
    let (status, v) = send(
        t.as_(&t.other, Method::POST, "/link/token/exchange")
            .json(&json!({
                "client_id": t.other.client_id, "public_token": pt["public_token"],
            })),
    )
    .await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
    assert_eq!(v["error_code"], "INVALID_PUBLIC_TOKEN");
    // The rightful owner can still exchange it: the failed attempt did not burn it.
    assert_eq!(
        t.exchange(pt["public_token"].as_str().unwrap()).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn malformed_public_tokens_are_invalid() {
    let t = TestSandbox::start().await;
    for token in [
        "",
        "pt_sandbox_",
        "at_sandbox_0123",
        "pt_sandbox_' OR 1=1 --",
        &"x".repeat(5000),
    ] {
        let (status, v) = t.exchange(token).await;
        assert_error(status, &v, StatusCode::NOT_FOUND);
        assert_eq!(v["error_code"], "INVALID_PUBLIC_TOKEN", "{token:?}");
    }
}

#[tokio::test]
async fn the_sandbox_shortcut_applies_the_scenarios() {
    let t = TestSandbox::start().await;
    for (number, status_expected, code) in [
        ("4000000001", StatusCode::FORBIDDEN, "INVALID_CREDENTIALS"),
        (
            "4000000002",
            StatusCode::SERVICE_UNAVAILABLE,
            "BILLER_UNAVAILABLE",
        ),
        ("4000000004", StatusCode::FORBIDDEN, "ACCOUNT_LOCKED"),
    ] {
        let (status, v) = t.sandbox_public_token(number).await;
        assert_error(status, &v, status_expected);
        assert_eq!(v["error_code"], code);
    }
    // MFA is answered with the sandbox code.
    let (status, v) = t.sandbox_public_token("4000000003").await;
    assert_eq!(status, StatusCode::OK, "{v}");
}
