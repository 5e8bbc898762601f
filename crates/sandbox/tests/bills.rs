//! Bill retrieval over real HTTP: every documented scenario, filters, pagination, auth.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::collections::HashSet;

use billerapi::bills::BillsPage;
use common::{assert_error, send, TestSandbox};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use time::{Date, Duration};

fn today(t: &TestSandbox) -> Date {
    let _ = t;
    time::OffsetDateTime::now_utc().date()
}

fn date(v: &Value) -> Date {
    billerapi::dates::parse_date(v.as_str().expect("date string")).expect("date")
}

#[tokio::test]
async fn each_accepted_scenario_serves_its_documented_bills() {
    let t = TestSandbox::start().await;
    let day = today(&t);

    let (at, link) = t.link("4242424242").await;
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    let bills = v["bills"].as_array().unwrap();
    assert_eq!(bills.len(), 1);
    assert_eq!(bills[0]["status"], "PENDING");
    assert_eq!(date(&bills[0]["due_date"]), day + Duration::days(15));
    assert_eq!(bills[0]["amount"], 15420);
    assert_eq!(bills[0]["account_number"], "****4242");
    assert_eq!(v["has_more"], false);

    let (at, link) = t.link("4000000005").await;
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(v["bills"][0]["status"], "OVERDUE");
    assert_eq!(date(&v["bills"][0]["due_date"]), day - Duration::days(30));
    let items: Vec<&str> = v["bills"][0]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["description"].as_str().unwrap())
        .collect();
    assert!(
        items.contains(&"Late fee") && items.contains(&"Interest"),
        "{items:?}"
    );

    let (at, link) = t.link("4000000006").await;
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(
        (
            v["bills"][0]["status"].as_str(),
            v["bills"][0]["auto_pay_enabled"].as_bool()
        ),
        (Some("SCHEDULED"), Some(true))
    );
    assert_eq!(date(&v["bills"][0]["due_date"]), day + Duration::days(5));

    let (at, link) = t.link("4000000007").await;
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    let plan = v["bills"].as_array().unwrap();
    assert_eq!(plan.len(), 3);
    let mut statuses: Vec<&str> = plan.iter().map(|b| b["status"].as_str().unwrap()).collect();
    statuses.sort();
    assert_eq!(statuses, ["PENDING", "SCHEDULED", "SCHEDULED"]);
    assert!(plan
        .iter()
        .any(|b| b["description"] == "Payment plan installment 2 of 3"));
    assert_eq!(
        date(&plan[0]["due_date"]) - date(&plan[1]["due_date"]),
        Duration::days(30)
    );

    let (at, link) = t.link("5550001234").await;
    let (_, v) = t
        .bills(&at, &format!("account_link_id={link}&limit=100"))
        .await;
    assert_eq!(v["bills"].as_array().unwrap().len(), 24);
    for bill in v["bills"].as_array().unwrap() {
        let sum: i64 = bill["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["amount"].as_i64().unwrap())
            .sum();
        assert_eq!(bill["amount"].as_i64().unwrap(), sum);
    }
}

#[tokio::test]
async fn bills_deserialize_into_the_shared_wire_types() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("5550001234").await;
    let response = t
        .with_bearer(
            Method::GET,
            &format!("/bills/get?account_link_id={link}"),
            &at,
        )
        .send()
        .await
        .unwrap();
    let page: BillsPage = response.json().await.expect("typed page");
    // 24 statements fit the default page of 25.
    assert_eq!(page.bills.len(), 24);
    assert!(!page.has_more);
    assert_eq!(page.next_cursor, None);
}

#[tokio::test]
async fn pagination_walks_every_bill_once_with_filters_applied() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("5550009876").await;
    for _ in 0..6 {
        send(
            t.as_client(Method::POST, "/sandbox/bills/new_statement")
                .json(&json!({"link_id": link})),
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut q = format!("account_link_id={link}&limit=7&status=PAID");
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={c}"));
        }
        let (status, v) = t.bills(&at, &q).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        pages += 1;
        for bill in v["bills"].as_array().unwrap() {
            assert_eq!(bill["status"], "PAID");
            seen.push((
                date(&bill["due_date"]),
                bill["id"].as_str().unwrap().to_owned(),
            ));
        }
        match v["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(v["has_more"], true);
                cursor = Some(c.to_owned());
            }
            None => {
                assert_eq!(v["has_more"], false);
                break;
            }
        }
    }
    assert_eq!(
        seen.len(),
        23,
        "every paid statement of the 24-month history"
    );
    assert_eq!(pages, 4);
    let unique: HashSet<_> = seen.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(unique.len(), seen.len(), "no bill twice");
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest due date first"
    );
}

#[tokio::test]
async fn date_filters_are_inclusive_on_the_due_date() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("5550004444").await;
    let (_, all) = t
        .bills(&at, &format!("account_link_id={link}&limit=100"))
        .await;
    let dues: Vec<Date> = all["bills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| date(&b["due_date"]))
        .collect();
    let (start, end) = (dues[10], dues[3]);
    let q = format!("account_link_id={link}&limit=100&start_date={start}&end_date={end}");
    let (_, v) = t.bills(&at, &q).await;
    let got: Vec<Date> = v["bills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| date(&b["due_date"]))
        .collect();
    assert_eq!(got, dues[3..=10].to_vec());
}

#[tokio::test]
async fn bad_bill_queries_are_400s_that_name_the_parameter() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("4242424242").await;
    for (query, needle) in [
        (String::new(), "account_link_id"),
        (format!("account_link_id={link}&limit=0"), "limit"),
        (format!("account_link_id={link}&limit=101"), "limit"),
        (format!("account_link_id={link}&limit=ten"), "limit"),
        (format!("account_link_id={link}&status=LATE"), "status"),
        (format!("account_link_id={link}&source=FAX"), "source"),
        (
            format!("account_link_id={link}&start_date=2026-13-01"),
            "start_date",
        ),
        (
            format!("account_link_id={link}&cursor=bm90LWEtY3Vyc29y"),
            "cursor",
        ),
        (
            format!("account_link_id={link}&cursor=2026-04-15~not%20an%20id"),
            "cursor",
        ),
    ] {
        let (status, v) = t.bills(&at, &query).await;
        assert_error(status, &v, StatusCode::BAD_REQUEST);
        assert!(
            v["message"].as_str().unwrap().contains(needle),
            "{query}: {v}"
        );
    }
    // A range that ends before it starts is well formed and simply holds no bill.
    let (status, v) = t
        .bills(
            &at,
            &format!("account_link_id={link}&start_date=2026-05-01&end_date=2026-04-01"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["bills"], json!([]));
    // Any cursor of the documented grammar is a position, even one no bill had.
    let (status, v) = t
        .bills(
            &at,
            &format!("account_link_id={link}&cursor=9999-12-31~zzz"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["bills"].as_array().unwrap().len(), 1, "{v}");
}

#[tokio::test]
async fn an_access_token_reads_only_its_own_link() {
    let t = TestSandbox::start().await;
    let (at_a, _) = t.link("4242424242").await;
    let (_, link_b) = t.link("4000000006").await;
    let (status, v) = t.bills(&at_a, &format!("account_link_id={link_b}")).await;
    assert_error(status, &v, StatusCode::FORBIDDEN);
    let (status, v) = t
        .bills(
            "at_sandbox_00000000000000000000000000000000",
            &format!("account_link_id={link_b}"),
        )
        .await;
    assert_error(status, &v, StatusCode::UNAUTHORIZED);
    // Client credentials read their own links, and only those.
    let (status, _) =
        send(t.as_client(Method::GET, &format!("/bills/get?account_link_id={link_b}"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = send(t.as_(
        &t.other,
        Method::GET,
        &format!("/bills/get?account_link_id={link_b}"),
    ))
    .await;
    assert_error(status, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn magic_numbers_work_as_an_account_number_query_too() {
    let t = TestSandbox::start().await;
    // The magic-number page's path; `/bills/get` is for links only.
    let (status, v) = send(t.as_client(Method::GET, "/bills/get?account_number=4000000007")).await;
    assert_error(status, &v, StatusCode::BAD_REQUEST);
    let (status, v) = send(t.as_client(Method::GET, "/bills?account_number=4000000007")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["bills"].as_array().unwrap().len(), 3);
    let (status, v) = send(t.as_client(Method::GET, "/bills?account_number=4000000002")).await;
    assert_error(status, &v, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        (v["success"].as_bool(), v["error_code"].as_str()),
        (Some(false), Some("BILLER_UNAVAILABLE"))
    );
}

#[tokio::test]
async fn a_pending_bill_past_its_due_date_reads_as_overdue() {
    let t = TestSandbox::start().await;
    let (at, link) = t.link("4242424242").await;
    t.advance_clock(16 * 86_400).await;
    let (_, v) = t.bills(&at, &format!("account_link_id={link}")).await;
    assert_eq!(v["bills"][0]["status"], "OVERDUE");
}
