//! The documented examples read into the wire types and write back to the same JSON.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use billerapi::accounts::Account;
use billerapi::bills::Bill;
use billerapi::error_body::ApiErrorBody;
use billerapi::link::{
    LinkToken, LinkTokenCreateRequest, LinkTokenExchangeRequest, LinkTokenExchangeResponse,
};
use billerapi::sync::{SyncRecord, SyncTriggerRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// `null` and an absent optional field mean the same; compare without the nulls.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let typed: T =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} does not read: {e}"));
    let written = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        without_nulls(written),
        without_nulls(original),
        "{name} does not write back the same"
    );
    typed
}

#[test]
fn the_documented_bill_example() {
    let bill: Bill = round_trip("bill.json");
    assert_eq!(bill.amount, 15420);
    assert_eq!(
        bill.line_items.iter().map(|i| i.amount).sum::<i64>(),
        bill.amount
    );
    assert_eq!(bill.due_date, time::macros::date!(2026 - 04 - 15));
}

#[test]
fn the_documented_link_token_examples() {
    let token: LinkToken = round_trip("link_token.json");
    assert_eq!((token.expires_at - token.created_at).whole_minutes(), 30);
    round_trip::<LinkTokenCreateRequest>("link_token_create_request.json");
    round_trip::<LinkTokenExchangeRequest>("link_token_exchange_request.json");
    let exchanged: LinkTokenExchangeResponse = round_trip("link_token_exchange_response.json");
    assert_eq!(exchanged.access_token.expose(), "at_sandbox_xyz789");
    assert!(
        !format!("{exchanged:?}").contains("at_sandbox_xyz789"),
        "Debug redacts the token"
    );
}

#[test]
fn the_documented_account_sync_and_error_examples() {
    round_trip::<Account>("account.json");
    round_trip::<SyncRecord>("sync_record.json");
    round_trip::<SyncRecord>("sync_trigger_response.json");
    round_trip::<SyncTriggerRequest>("sync_trigger_request.json");
    let body: ApiErrorBody = round_trip("error_body.json");
    assert_eq!(body.status_code, Some(400));
}
