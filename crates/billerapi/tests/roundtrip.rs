//! Every wire type survives JSON and back, for arbitrary values (proptest).
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use billerapi::accounts::{Account, AccountStatus};
use billerapi::billers::{Biller, BillerCategory};
use billerapi::bills::{Bill, BillStatus, BillsPage, LineItem};
use billerapi::error_body::ApiErrorBody;
use billerapi::link::{
    Consent, DiscoveredAccount, LinkMetadata, LinkStepResponse, LinkToken,
    LinkTokenExchangeResponse,
};
use billerapi::sync::{SyncRecord, SyncStatus};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::{Date, OffsetDateTime};

fn text() -> impl Strategy<Value = String> {
    "[ -~]{0,24}"
}

fn date() -> impl Strategy<Value = Date> {
    (1970i32..2100, 1u32..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d as u16).unwrap())
}

fn timestamp() -> impl Strategy<Value = OffsetDateTime> {
    (0i64..4_102_444_800).prop_map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap())
}

fn open<
    T: std::str::FromStr<Err = std::convert::Infallible> + Clone + std::fmt::Debug + 'static,
>(
    known: &'static [T],
) -> impl Strategy<Value = T> {
    prop_oneof![
        prop::sample::select(known.to_vec()),
        "[A-Z_]{1,12}".prop_map(|s| s.parse::<T>().unwrap_or_else(|n| match n {})),
    ]
}

fn line_item() -> impl Strategy<Value = LineItem> {
    (text(), any::<i64>()).prop_map(|(description, amount)| LineItem {
        description,
        amount,
    })
}

prop_compose! {
    fn bill()(id in text(), biller_id in text(), biller_name in text(), account_number in text(), amount in any::<i64>(),
              currency in "[A-Z]{3}", due_date in date(), status in open(BillStatus::KNOWN), statement_date in date(),
              description in proptest::option::of(text()), auto_pay_enabled in any::<bool>(),
              line_items in prop::collection::vec(line_item(), 0..4)) -> Bill {
        Bill { id, biller_id, biller_name, account_number, amount, currency, due_date, status, statement_date, description, auto_pay_enabled, line_items }
    }
}

prop_compose! {
    fn account()(id in text(), biller_id in text(), biller_name in text(), client_user_id in text(), status in open(AccountStatus::KNOWN),
                 account_number in proptest::option::of(text()), account_name in proptest::option::of(text()),
                 consents in prop::collection::vec(open(Consent::KNOWN), 0..3), error_code in proptest::option::of(text()),
                 last_synced_at in proptest::option::of(timestamp()), created_at in proptest::option::of(timestamp()), updated_at in proptest::option::of(timestamp())) -> Account {
        Account { id, biller_id, biller_name, client_user_id, status, account_number, account_name, consents, error_code, last_synced_at, created_at, updated_at }
    }
}

prop_compose! {
    fn sync_record()(id in text(), account_link_id in text(), status in open(SyncStatus::KNOWN), bills_found in proptest::option::of(any::<u32>()),
                     bills_updated in proptest::option::of(any::<u32>()), error in proptest::option::of(text()),
                     started_at in proptest::option::of(timestamp()), completed_at in proptest::option::of(timestamp()), created_at in timestamp()) -> SyncRecord {
        SyncRecord { id, account_link_id, status, bills_found, bills_updated, error, started_at, completed_at, created_at }
    }
}

prop_compose! {
    fn link_token()(link_token in text(), link_token_id in proptest::option::of(text()), client_id in proptest::option::of(text()), client_user_id in proptest::option::of(text()),
                    consents in prop::collection::vec(open(Consent::KNOWN), 0..3), redirect_uri in proptest::option::of(text()),
                    biller_id in proptest::option::of(text()), created_at in proptest::option::of(timestamp()), expires_at in timestamp()) -> LinkToken {
        LinkToken { link_token: link_token.into(), link_token_id, client_id, client_user_id, consents, redirect_uri, biller_id, created_at, expires_at }
    }
}

prop_compose! {
    fn step()(success in any::<bool>(), status in proptest::option::of(text()), next_step in proptest::option::of(text()),
              error_code in proptest::option::of(text()), message in proptest::option::of(text()),
              accounts in proptest::option::of(prop::collection::vec((text(), text(), text(), text()), 0..3)),
              public_token in proptest::option::of(text()), expires_at in proptest::option::of(timestamp()),
              metadata in proptest::option::of((text(), text(), text(), text(), text()))) -> LinkStepResponse {
        LinkStepResponse {
            success, status, next_step, error_code, message,
            accounts: accounts.map(|a| a.into_iter().map(|(account_id, name, account_number, account_type)| DiscoveredAccount { account_id, name, account_number, account_type }).collect()),
            public_token: public_token.map(Into::into),
            expires_at,
            metadata: metadata.map(|(biller_id, biller_name, account_id, account_name, account_mask)| LinkMetadata { biller_id, biller_name, account_id, account_name, account_mask }),
        }
    }
}

fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(value).unwrap();
    let back: T =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, value);
    Ok(())
}

proptest! {
    #[test]
    fn bills_and_pages(b in bill(), more in any::<bool>(), cursor in proptest::option::of(text())) {
        round_trips(&b)?;
        round_trips(&BillsPage { bills: vec![b], has_more: more, next_cursor: cursor })?;
    }

    #[test]
    fn accounts(a in account()) { round_trips(&a)?; }

    #[test]
    fn sync_records(s in sync_record()) { round_trips(&s)?; }

    #[test]
    fn link_tokens_and_steps(t in link_token(), s in step(), at in text(), biller in text(), link in text()) {
        round_trips(&t)?;
        round_trips(&s)?;
        round_trips(&LinkTokenExchangeResponse { success: true, access_token: at.into(), biller_id: biller, link_id: link })?;
    }

    #[test]
    fn billers_and_errors(id in text(), name in text(), category in open(BillerCategory::KNOWN), website in proptest::option::of(text()),
                          status_code in proptest::option::of(any::<u16>()), message in proptest::option::of(text()), code in proptest::option::of(text())) {
        round_trips(&Biller { id, name, category, supported_consents: vec![Consent::Bills], website })?;
        round_trips(&ApiErrorBody { status_code, message, error: None, success: Some(false), error_code: code, documentation_url: None })?;
    }
}

/// A bill written as the pagination concept shows bills: `bill_id`, decimal amounts in major
/// units (as JSON numbers when `as_float`, else as strings), inside a `data` envelope.
fn pagination_variant(b: &Bill, as_float: bool) -> serde_json::Value {
    let major = |minor: i64| -> serde_json::Value {
        let text = billerapi::currency::to_major(minor, &b.currency);
        if as_float {
            serde_json::from_str(&text).unwrap()
        } else {
            serde_json::Value::String(text)
        }
    };
    let mut v = serde_json::to_value(b).unwrap();
    let map = v.as_object_mut().unwrap();
    let id = map.remove("id").unwrap();
    map.insert("bill_id".into(), id);
    map.insert("amount".into(), major(b.amount));
    if let Some(items) = map.get_mut("line_items").and_then(|i| i.as_array_mut()) {
        for (item, original) in items.iter_mut().zip(&b.line_items) {
            item["amount"] = major(original.amount);
        }
    }
    serde_json::json!({ "data": [v], "has_more": false, "next_cursor": null })
}

/// Amounts a float carries exactly in its shortest text: up to 15 significant digits.
fn float_safe_bill() -> impl Strategy<Value = Bill> {
    (
        bill(),
        -99_999_999_999_999i64..99_999_999_999_999,
        prop::collection::vec(-9_999_999i64..9_999_999, 0..4),
    )
        .prop_map(|(mut b, amount, items)| {
            b.amount = amount;
            b.line_items = items
                .into_iter()
                .map(|amount| LineItem {
                    description: "x".into(),
                    amount,
                })
                .collect();
            b
        })
}

proptest! {
    #[test]
    fn every_bill_variant_reads_back_the_same_domain_values(
        b in float_safe_bill(),
        currency in prop::sample::select(vec!["USD", "JPY", "KWD", "EUR", "CLF"]),
    ) {
        let b = Bill { currency: currency.to_owned(), ..b };
        let canonical = serde_json::json!({ "bills": [b], "has_more": false, "next_cursor": null });
        for variant in [canonical, pagination_variant(&b, true), pagination_variant(&b, false)] {
            let page: BillsPage = serde_json::from_value(variant.clone())
                .map_err(|e| TestCaseError::fail(format!("{e}: {variant}")))?;
            prop_assert_eq!(&page.bills[0], &b, "{}", variant);
        }
    }

    #[test]
    fn both_error_bodies_read_to_the_same_status_message_and_kind(
        status in prop::sample::select(vec![400u16, 401, 403, 404, 429, 500]),
        message in text(),
    ) {
        let machine = match status {
            400 => "validation_error", 401 => "authentication_error", 403 => "authorization_error",
            404 => "not_found", 429 => "rate_limit_exceeded", _ => "internal_error",
        };
        let overview: ApiErrorBody = serde_json::from_value(serde_json::json!({
            "statusCode": status, "message": message, "error": "Some Reason" })).unwrap();
        let concepts: ApiErrorBody = serde_json::from_value(serde_json::json!({
            "status_code": status, "error": machine, "message": message,
            "documentation_url": "https://docs.billerapi.com/concepts/errors" })).unwrap();
        prop_assert_eq!(overview.status_code, concepts.status_code);
        prop_assert_eq!(&overview.message, &concepts.message);
        prop_assert_eq!(concepts.machine_code(), Some(machine));
    }
}
