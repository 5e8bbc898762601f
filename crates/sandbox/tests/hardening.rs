//! Bad input, auth failures, request ids, the rate limit, and the OpenAPI document.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::time::Duration;

use billerapi_sandbox::{Config, RateLimit, RateLimits};
use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn malformed_json_wrong_type_and_wrong_content_type_are_4xx() {
    let t = TestSandbox::start().await;
    let post = || t.as_client(Method::POST, "/link/token/create");
    let (status, v) = send(
        post()
            .header("content-type", "application/json")
            .body("{\"client_id\": "),
    )
    .await;
    assert_error(status, &v, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().starts_with("Malformed JSON"),
        "{v}"
    );
    let (status, v) = send(
        post()
            .header("content-type", "application/json")
            .body("[1,2,3]"),
    )
    .await;
    assert_error(status, &v, StatusCode::BAD_REQUEST);
    let (status, v) =
        send(post().json(&json!({"client_id": 5, "client_user_id": "u", "consents": ["bills"]})))
            .await;
    assert_error(status, &v, StatusCode::BAD_REQUEST);
    let (status, v) = send(post().header("content-type", "text/plain").body("{}")).await;
    assert_error(status, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, v) = send(post()).await;
    assert_error(status, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let t = TestSandbox::start().await;
    let huge =
        json!({"client_id": "x", "client_user_id": "y".repeat(200_000), "consents": ["bills"]});
    let (status, v) = send(t.as_client(Method::POST, "/link/token/create").json(&huge)).await;
    assert_error(status, &v, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_format() {
    let t = TestSandbox::start().await;
    let (status, v) = send(t.as_client(Method::GET, "/bills/everything")).await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
    assert_eq!(v["message"], "Cannot GET /bills/everything");
    let (status, v) = send(t.as_client(Method::PUT, "/link/token/create")).await;
    assert_error(status, &v, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn credentials_are_checked_and_other_schemes_refused() {
    let t = TestSandbox::start().await;
    let body =
        json!({"client_id": t.client.client_id, "client_user_id": "u", "consents": ["bills"]});
    let (status, v) = send(t.http.post(t.url("/link/token/create")).json(&body)).await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    assert!(v["message"].as_str().unwrap().contains("X-Client-ID"));
    let (status, v) = send(
        t.http
            .post(t.url("/link/token/create"))
            .header("X-Client-ID", &t.client.client_id)
            .header("X-Client-Secret", "bb_test_wrong_secret")
            .json(&body),
    )
    .await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    assert_eq!(v["message"], "Invalid client credentials");
    let (status, v) = send(
        t.http
            .get(t.url("/bills/get?account_link_id=link_x"))
            .basic_auth("user", Some("pass")),
    )
    .await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    assert!(v["message"].as_str().unwrap().contains("Bearer"));
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_well_formed_one_is_echoed() {
    let t = TestSandbox::start().await;
    for request in [
        t.http.get(t.url("/sandbox/scenarios")),
        t.http.get(t.url("/nope")),
        t.http.post(t.url("/link/token/create")),
    ] {
        let response = request.send().await.unwrap();
        let id = response
            .headers()
            .get("x-request-id")
            .expect("request id")
            .to_str()
            .unwrap();
        assert!(id.starts_with("req_"), "{id}");
    }
    let echoed = t
        .http
        .get(t.url("/sandbox/scenarios"))
        .header("X-Request-Id", "trace-42")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "trace-42");
    let hostile = t
        .http
        .get(t.url("/sandbox/scenarios"))
        .header("X-Request-Id", "a b<script>")
        .send()
        .await
        .unwrap();
    assert_ne!(hostile.headers()["x-request-id"], "a b<script>");
}

#[tokio::test]
async fn past_the_rate_limit_calls_get_429_with_retry_after() {
    let config = Config {
        rate_limits: Some(RateLimits::uniform(RateLimit {
            requests: 5,
            per_seconds: 10.0,
        })),
        ..common::config()
    };
    let t = TestSandbox::start_with(config).await;
    for _ in 0..5 {
        assert_eq!(
            send(t.as_client(Method::GET, "/billers")).await.0,
            StatusCode::OK
        );
    }
    let response = t.as_client(Method::GET, "/billers").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "2");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status_code"], 429);
    assert_eq!(body["error"], "rate_limit_exceeded");
    // Another client has its own budget.
    assert_eq!(
        send(t.as_(&t.other, Method::GET, "/billers")).await.0,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(
        send(t.as_client(Method::GET, "/billers")).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_wrong_secret_cannot_spend_a_clients_rate_limit() {
    let config = Config {
        rate_limits: Some(RateLimits::uniform(RateLimit {
            requests: 3,
            per_seconds: 600.0,
        })),
        ..common::config()
    };
    let t = TestSandbox::start_with(config).await;
    // Someone who knows only the client id floods the API with wrong secrets…
    for _ in 0..10 {
        let status = t
            .http
            .get(t.url("/billers"))
            .header("X-Client-ID", &t.client.client_id)
            .header("X-Client-Secret", "bb_test_not_the_secret")
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            matches!(
                status,
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{status}"
        );
    }
    // …and the real client still has its whole budget.
    for _ in 0..3 {
        assert_eq!(
            send(t.as_client(Method::GET, "/billers")).await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_every_listed_route_exists() {
    let t = TestSandbox::start().await;
    let (status, doc) = send(t.http.get(t.url("/openapi.json"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/billers", "get"),
        ("/billers/{biller_id}", "get"),
        ("/link/token/create", "post"),
        ("/link/token/exchange", "post"),
        ("/link/session", "get"),
        ("/link/billers", "get"),
        ("/link/{link_token_id}/submit-credentials", "post"),
        ("/link/{link_token_id}/submit-mfa", "post"),
        ("/link/{link_token_id}/discover-accounts", "post"),
        ("/link/{link_token_id}/select-account", "post"),
        ("/link/{link_token_id}/consent", "post"),
        ("/link/request-to-link", "post"),
        ("/link/request-to-link", "get"),
        ("/request-to-link/create", "post"),
        ("/link/request-to-link/{id}", "get"),
        ("/link/request-to-link/{id}/cancel", "post"),
        ("/bills/get", "get"),
        ("/bills", "get"),
        ("/bills/accounts", "get"),
        ("/bills/accounts/{account_link_id}", "get"),
        ("/bills/accounts/{account_link_id}", "delete"),
        ("/bills/sync/trigger", "post"),
        ("/bills/sync", "get"),
        ("/sandbox/scenarios", "get"),
        ("/sandbox/public_token/create", "post"),
        ("/sandbox/links/{link_id}/reset_login", "post"),
        ("/sandbox/bills/new_statement", "post"),
        ("/sandbox/clock", "get"),
        ("/sandbox/clock", "post"),
        ("/emails/gmail/oauth-url", "post"),
        ("/emails/gmail/connect", "post"),
        ("/emails/messages", "get"),
    ];
    let listed: usize = paths
        .values()
        .map(|ops| ops.as_object().unwrap().len())
        .sum();
    assert_eq!(
        listed,
        expected.len(),
        "{:?}",
        paths.keys().collect::<Vec<_>>()
    );
    for (path, method) in expected {
        assert!(
            paths[path][method].is_object(),
            "{method} {path} missing from the document"
        );
        // Every documented operation is routed: it never answers the 404/405 fallbacks.
        let concrete = path
            .replace("{biller_id}", "x")
            .replace("{link_token_id}", "x")
            .replace("{account_link_id}", "x")
            .replace("{link_id}", "x");
        let (status, v) = send(
            t.http
                .request(method.to_uppercase().parse().unwrap(), t.url(&concrete)),
        )
        .await;
        let fallback = v["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Cannot "));
        assert!(
            !fallback && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is not routed: {status} {v}"
        );
    }
}
