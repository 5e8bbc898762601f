//! The client against the emulator in each dialect the docs show (guide, reference, pagination)
//! and each error body (concepts, overview), over real HTTP: the same domain values come back.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::time::Duration;

use billerapi::bills::{Bill, BillsQuery, ReadAuth};
use billerapi::link::{Consent, LinkTokenCreateRequest};
use billerapi::link_request::{RequestStatus, RequestToLinkCreate, RequestToLinkQuery};
use billerapi::secret::ClientSecret;
use billerapi::sync::{SyncQuery, SyncStatus, SyncTriggerRequest};
use billerapi::{Client, Environment, Url};
use billerapi_sandbox::{serve, ClientCredentials, Config, Dialect, ErrorFormat};

const ID: &str = "client_dialects";
const SECRET: &str = "bb_test_dialects_secret";

/// What one dialect's server told the client, in domain values.
#[derive(Debug, PartialEq)]
struct Seen {
    bills: Vec<(i64, String, String)>,
    accounts: usize,
    sync_completed: bool,
    error_code: String,
    error_message: String,
    request_status: RequestStatus,
}

async fn run(dialect: Dialect, errors: ErrorFormat) -> Seen {
    let sandbox = serve(Config {
        clients: vec![ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET.into(),
        }],
        dialect,
        error_format: errors,
        sync_delay: Duration::from_millis(10),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = Client::builder(Environment::Custom(
        Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .credentials(ID, ClientSecret::new(SECRET))
    .build()
    .unwrap();

    let created = client
        .link_token_create(&LinkTokenCreateRequest {
            client_id: ID.into(),
            client_user_id: "u".into(),
            consents: vec![Consent::Bills],
            redirect_uri: None,
            biller_id: None,
            account_link_id: None,
        })
        .await
        .unwrap();
    assert!(created.token.link_token.expose().starts_with("lt_sandbox_"));
    assert_eq!(
        created.token.link_token_id.is_some(),
        dialect == Dialect::Reference,
        "only the reference's answer carries the id"
    );

    let pt = client
        .sandbox_public_token_create(
            "test_electric_company",
            "5550001234",
            "u",
            &[Consent::Bills],
        )
        .await
        .unwrap();
    let exchanged = client.link_token_exchange(&pt.public_token).await.unwrap();
    let bills: Vec<Bill> = client
        .bill_pages(
            ReadAuth::AccessToken(&exchanged.access_token),
            BillsQuery {
                account_link_id: Some(exchanged.link_id.clone()),
                limit: Some(7),
                ..BillsQuery::default()
            },
        )
        .collect_all()
        .await
        .unwrap();
    let accounts = client.accounts().await.unwrap().accounts.len();

    let record = client
        .sync_trigger(
            ReadAuth::ClientCredentials,
            &SyncTriggerRequest {
                account_link_id: exchanged.link_id.clone(),
                force: true,
            },
        )
        .await
        .unwrap();
    let mut sync_completed = false;
    for _ in 0..100 {
        let history = client
            .sync_history(
                ReadAuth::ClientCredentials,
                &SyncQuery {
                    account_link_id: exchanged.link_id.clone(),
                    since: None,
                },
            )
            .await
            .unwrap();
        if history
            .syncs
            .iter()
            .any(|s| s.id == record.id && s.status == SyncStatus::Completed)
        {
            sync_completed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let err = client.biller("no_such_biller").await.unwrap_err();
    let request = client
        .request_to_link_create(&RequestToLinkCreate {
            client_user_id: "u".into(),
            biller_id: None,
            metadata: None,
        })
        .await
        .unwrap();
    let listed = client
        .request_to_link_list(&RequestToLinkQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.items[0].id, request.id);
    sandbox.shutdown().await;
    Seen {
        bills: bills
            .iter()
            .map(|b| (b.amount, b.status.to_string(), b.currency.clone()))
            .collect(),
        accounts,
        sync_completed,
        error_code: err.code(),
        error_message: err.to_string(),
        request_status: request.status,
    }
}

#[tokio::test]
async fn every_dialect_and_error_body_reads_to_the_same_values() {
    let guide = run(Dialect::Guide, ErrorFormat::Concepts).await;
    assert_eq!(guide.bills.len(), 24);
    assert!(guide.sync_completed);
    assert_eq!(guide.error_code, "not_found");
    assert_eq!(guide.request_status, RequestStatus::Pending);
    for (dialect, errors) in [
        (Dialect::Reference, ErrorFormat::Concepts),
        (Dialect::Pagination, ErrorFormat::Concepts),
        (Dialect::Guide, ErrorFormat::Overview),
        (Dialect::Pagination, ErrorFormat::Overview),
    ] {
        assert_eq!(
            run(dialect, errors).await,
            guide,
            "{dialect} with {errors:?} errors"
        );
    }
}
