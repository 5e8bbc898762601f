//! The documented examples read into the wire types and write back to the same JSON.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use billerapi::accounts::Account;
use billerapi::bills::{Bill, BillStatus, BillsPage};
use billerapi::error_body::ApiErrorBody;
use billerapi::link::LinkTokenCreateResponse;
use billerapi::link::{
    LinkToken, LinkTokenCreateRequest, LinkTokenExchangeRequest, LinkTokenExchangeResponse,
};
use billerapi::sync::{SyncHistory, SyncRecord, SyncTriggerRequest};
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
    assert_eq!(
        (token.expires_at - token.created_at.unwrap()).whole_minutes(),
        30
    );
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

/// A fixture read into its wire type (variants read, but write the canonical form back).
fn read<T: DeserializeOwned>(name: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

#[test]
fn both_list_envelopes_and_both_amount_forms_read_to_the_same_bills() {
    let reference: BillsPage = read("variant_bills_page_reference.json").unwrap();
    let pagination: BillsPage = read("variant_bills_page_pagination.json").unwrap();
    assert_eq!(reference, pagination);
    let first = &pagination.bills[0];
    assert_eq!((first.id.as_str(), first.amount), ("bill_abc123", 12750));
    assert_eq!(
        first
            .line_items
            .iter()
            .map(|i| i.amount)
            .collect::<Vec<_>>(),
        [10025, 2725]
    );
    assert_eq!(pagination.bills[1].amount, 8999);
    assert_eq!(pagination.bills[1].status, BillStatus::Paid);
    assert!(pagination.has_more);
    assert_eq!(
        pagination.next_cursor.as_deref(),
        Some("eyJsYXN0X2lkIjoiYmlsbF9kZWY0NTYifQ==")
    );
}

#[test]
fn the_pagination_concepts_own_example_is_refused_by_name_for_what_it_leaves_out() {
    // Its items have only bill_id, amount and status: a bill without a biller, currency or due
    // date cannot be kept, and the error says which field is missing, and where.
    let err = read::<BillsPage>("variant_pagination_example.json").unwrap_err();
    assert!(err.starts_with("data[0]"), "{err}");
    assert!(err.contains("missing field"), "{err}");
}

#[test]
fn both_error_bodies_read() {
    let concepts: ApiErrorBody = read("variant_error_body_concepts.json").unwrap();
    assert_eq!(concepts.status_code, Some(400));
    assert_eq!(concepts.machine_code(), Some("validation_error"));
    assert_eq!(
        concepts.message.as_deref(),
        Some("The 'biller_id' field is required.")
    );
    assert_eq!(
        concepts.documentation_url.as_deref(),
        Some("https://docs.billerapi.com/concepts/errors")
    );
    let overview: ApiErrorBody = read("error_body.json").unwrap();
    assert_eq!(
        overview.machine_code(),
        None,
        "a reason phrase is not a machine code"
    );
}

#[test]
fn both_link_token_answers_read() {
    let guide: LinkTokenCreateResponse = read("variant_link_token_create_guide.json").unwrap();
    assert_eq!(guide.success, Some(true));
    assert_eq!(guide.token.link_token.expose(), "lt_sandbox_abc123def456");
    assert_eq!(guide.token.link_token_id, None);
    let reference: LinkTokenCreateResponse = read("link_token.json").unwrap();
    assert_eq!(reference.success, None);
    assert_eq!(
        reference.token.link_token_id.as_deref(),
        Some("ltid_789xyz")
    );
    assert_eq!(guide.token.expires_at, reference.token.expires_at);
}

#[test]
fn every_sync_history_envelope_reads_to_the_same_records() {
    let bare: SyncHistory = read("variant_sync_history_bare.json").unwrap();
    let data: SyncHistory = read("variant_sync_history_data.json").unwrap();
    let syncs: SyncHistory = read("variant_sync_history_syncs.json").unwrap();
    assert_eq!(bare.syncs, data.syncs);
    assert_eq!(bare.syncs, syncs.syncs);
    assert_eq!(syncs.account_link_id.as_deref(), Some("al_xyz789"));
    assert_eq!(bare.syncs[0].bills_found, Some(3));
}
