//! Property-based fuzzing of the JSON endpoints: whatever the body, never a 5xx.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use common::TestSandbox;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use reqwest::Method;
use serde_json::{json, Map, Value};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("4242424242"),
            Just("bills"),
            Just("pt_sandbox_"),
            Just("client_test_1")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,16}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A valid body for the endpoint with one field replaced by an arbitrary value (or removed).
fn mutated(valid: Value) -> impl Strategy<Value = Value> {
    let keys: Vec<String> = valid
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    (0..keys.len().max(1), arbitrary_json(), any::<bool>()).prop_map(
        move |(i, replacement, remove)| {
            let mut body = valid.clone();
            if let (Some(map), Some(key)) = (body.as_object_mut(), keys.get(i)) {
                if remove {
                    map.remove(key);
                } else {
                    map.insert(key.clone(), replacement);
                }
            }
            body
        },
    )
}

#[test]
fn no_json_body_makes_any_endpoint_fail_with_a_5xx() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let t = rt.block_on(TestSandbox::start());
    let (lt, link_id) = rt.block_on(async {
        let lt = t.create_link_token(Some("test_electric_company")).await;
        let (_, link) = t.link("4242424242").await;
        (lt, link)
    });
    let id = t.client.client_id.clone();
    let session = format!("/link/{}", lt["link_token_id"].as_str().unwrap());
    let endpoints: Vec<(String, Value)> = vec![
        (
            "/link/token/create".into(),
            json!({"client_id": id, "client_user_id": "u", "consents": ["bills"], "biller_id": "test_electric_company"}),
        ),
        (
            "/link/token/exchange".into(),
            json!({"client_id": id, "public_token": "pt_sandbox_x"}),
        ),
        (
            format!("{session}/submit-credentials"),
            json!({"username": "u", "password": "p", "account_number": "4242424242"}),
        ),
        (
            format!("{session}/submit-mfa"),
            json!({"mfa_code": "123456"}),
        ),
        (
            format!("{session}/select-account"),
            json!({"account_id": "acct_1"}),
        ),
        (format!("{session}/consent"), json!({"consents": ["bills"]})),
        (
            "/bills/sync/trigger".into(),
            json!({"account_link_id": link_id, "force": false}),
        ),
        (
            "/sandbox/public_token/create".into(),
            json!({"client_id": id, "biller_id": "test_electric_company", "account_number": "4242424242", "client_user_id": "u", "consents": ["bills"]}),
        ),
        (
            "/sandbox/bills/new_statement".into(),
            json!({"link_id": link_id}),
        ),
        ("/sandbox/clock".into(), json!({"advance_seconds": 0})),
    ];
    let link_token = lt["link_token"].as_str().unwrap().to_owned();
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 64,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    for (path, valid) in endpoints {
        let strategy = prop_oneof![arbitrary_json(), mutated(valid)];
        runner
            .run(&strategy, |body| {
                let status = rt.block_on(async {
                    let request = if path.starts_with("/link/ltid_") {
                        t.with_bearer(Method::POST, &path, &link_token)
                    } else {
                        t.as_client(Method::POST, &path)
                    };
                    request.json(&body).send().await.expect("sent").status()
                });
                prop_assert!(
                    !status.is_server_error(),
                    "POST {} with {} -> {}",
                    path,
                    body,
                    status
                );
                Ok(())
            })
            .unwrap();
    }
    rt.block_on(t.sandbox.shutdown());
}

/// Any clock request, including times at the calendar's ends, answers 200 or 400; and with the
/// clock at its latest allowed time, linking, bills, statements and syncs still work (no date
/// arithmetic overflows into a panic).
#[test]
fn far_future_clocks_never_overflow() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let t = rt.block_on(TestSandbox::start());
    let years = prop_oneof![
        Just(0i32),
        Just(1),
        Just(1970),
        Just(9000),
        Just(9001),
        Just(9999),
        0..=9999i32
    ];
    let requests = prop_oneof![
        years.prop_map(|y| json!({ "now": format!("{y:04}-12-31T23:59:59Z") })),
        any::<i64>().prop_map(|s| json!({ "advance_seconds": s })),
        Just(json!({ "advance_seconds": 10 * 365 * 86_400 })),
    ];
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 64,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    runner
        .run(&requests, |body| {
            let (status, _) = rt.block_on(common::send(
                t.as_client(Method::POST, "/sandbox/clock").json(&body),
            ));
            prop_assert!(
                status == reqwest::StatusCode::OK
                    || status == reqwest::StatusCode::BAD_REQUEST
                    || status == reqwest::StatusCode::CONFLICT,
                "POST /sandbox/clock {} -> {}",
                body,
                status
            );
            Ok(())
        })
        .unwrap();
    rt.block_on(async {
        let (status, clock) = common::send(
            t.as_client(Method::POST, "/sandbox/clock")
                .json(&json!({ "now": "9000-12-31T23:00:00Z" })),
        )
        .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{clock}");
        // A whole link flow and everything after it, at the end of time.
        let (access, link_id) = t.link("5550001234").await;
        let (status, page) = t
            .bills(&access, &format!("account_link_id={link_id}"))
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{page}");
        assert_eq!(page["bills"].as_array().map(Vec::len), Some(24));
        for (path, body) in [
            (
                "/sandbox/bills/new_statement",
                json!({ "link_id": link_id }),
            ),
            ("/bills/sync/trigger", json!({ "account_link_id": link_id })),
            (
                "/sandbox/clock",
                json!({ "advance_seconds": 86_400 * 3650 }),
            ),
        ] {
            let (status, answer) = common::send(t.as_client(Method::POST, path).json(&body)).await;
            assert!(!status.is_server_error(), "{path}: {status} {answer}");
        }
        t.sandbox.shutdown().await;
    });
}
