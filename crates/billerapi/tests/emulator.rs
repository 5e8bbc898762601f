//! The client against the real emulator on 127.0.0.1: every endpoint and sandbox value.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::time::Duration;

use billerapi::bills::{BillStatus, BillsQuery, ReadAuth};
use billerapi::link::{Consent, LinkTokenCreateRequest, SubmitCredentialsRequest};
use billerapi::retry::RetryPolicy;
use billerapi::sandbox::ClockRequest;
use billerapi::secret::{ClientSecret, PublicToken};
use billerapi::sync::{SyncQuery, SyncStatus, SyncTriggerRequest};
use billerapi::{Client, Environment, Error, Url};
use billerapi_sandbox::{serve, ClientCredentials, Config, Sandbox};

const ID: &str = "client_emulator_test";
const SECRET: &str = "bb_test_emulator_secret";

async fn setup() -> (Sandbox, Client) {
    let sandbox = serve(Config {
        clients: vec![ClientCredentials {
            client_id: ID.to_owned(),
            client_secret: SECRET.to_owned(),
        }],
        sync_delay: Duration::from_millis(10),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = Client::builder(Environment::Custom(
        Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .credentials(ID, ClientSecret::new(SECRET))
    .retry(RetryPolicy {
        base_delay: Duration::from_millis(10),
        ..RetryPolicy::default()
    })
    .build()
    .unwrap();
    (sandbox, client)
}

async fn link(client: &Client, account_number: &str) -> billerapi::link::LinkTokenExchangeResponse {
    let pt = client
        .sandbox_public_token_create(
            "test_electric_company",
            account_number,
            "user_1",
            &[Consent::Bills],
        )
        .await
        .unwrap();
    client.link_token_exchange(&pt.public_token).await.unwrap()
}

fn by_link(link_id: &str) -> BillsQuery {
    BillsQuery {
        account_link_id: Some(link_id.to_owned()),
        ..BillsQuery::default()
    }
}

#[tokio::test]
async fn the_whole_hosted_flow_through_the_typed_client() {
    let (_sandbox, client) = setup().await;
    let created = client
        .link_token_create(&LinkTokenCreateRequest {
            client_id: ID.to_owned(),
            client_user_id: "user_1".to_owned(),
            consents: vec![Consent::Bills],
            redirect_uri: None,
            biller_id: Some("test_electric_company".to_owned()),
            account_link_id: None,
        })
        .await
        .unwrap();
    let lt = &created.token.link_token;
    // The link guide's create answer has no id: the session says it.
    let session = client.link_session(lt).await.unwrap();
    assert_eq!(session.next_step, "submit_credentials");
    let id = session.link_token_id.as_str();
    let creds = SubmitCredentialsRequest {
        username: "user_good".to_owned(),
        password: "anything".into(),
        account_number: "4000000003".to_owned(),
        biller_id: None,
    };
    assert_eq!(
        client
            .link_submit_credentials(lt, id, &creds)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("mfa_required")
    );
    let wrong = client.link_submit_mfa(lt, id, "111111").await.unwrap();
    assert_eq!(wrong.error_code.as_deref(), Some("INVALID_MFA_CODE"));
    client.link_submit_mfa(lt, id, "123456").await.unwrap();
    let found = client.link_discover_accounts(lt, id).await.unwrap();
    let account = &found.accounts.unwrap()[0];
    client
        .link_select_account(lt, id, &account.account_id)
        .await
        .unwrap();
    let done = client
        .link_consent(lt, id, &[Consent::Bills])
        .await
        .unwrap();
    let exchanged = client
        .link_token_exchange(&done.public_token.unwrap())
        .await
        .unwrap();
    let page = client
        .bills_get(
            ReadAuth::AccessToken(&exchanged.access_token),
            &by_link(&exchanged.link_id),
        )
        .await
        .unwrap();
    assert_eq!(page.bills[0].status, BillStatus::Pending);
}

#[tokio::test]
async fn every_accepted_magic_number_reads_its_bills() {
    let (_sandbox, client) = setup().await;
    for (number, count, status) in [
        ("4242424242", 1, BillStatus::Pending),
        ("4000000003", 1, BillStatus::Pending),
        ("4000000005", 1, BillStatus::Overdue),
        ("4000000006", 1, BillStatus::Scheduled),
        ("4000000007", 3, BillStatus::Scheduled),
        ("4000000008", 1, BillStatus::Pending),
    ] {
        let ex = link(&client, number).await;
        let page = client
            .bills_get(
                ReadAuth::AccessToken(&ex.access_token),
                &by_link(&ex.link_id),
            )
            .await
            .unwrap();
        assert_eq!(page.bills.len(), count, "{number}");
        assert_eq!(page.bills[0].status, status, "{number}");
    }
    for (number, code) in [
        ("4000000001", "invalid_credentials"),
        ("4000000002", "biller_unavailable"),
        ("4000000004", "account_locked"),
    ] {
        let err = client
            .sandbox_public_token_create("test_electric_company", number, "u", &[Consent::Bills])
            .await
            .unwrap_err();
        assert_eq!(err.code(), code);
    }
    // The documented nine, then the emulator's own: sync failure, and a history account.
    let scenarios = client.sandbox_scenarios().await.unwrap();
    assert_eq!(scenarios.scenarios.len(), 11);
    assert_eq!(scenarios.scenarios[9].account_number, "4000000009");
    assert_eq!(scenarios.scenarios[10].account_number, "5555555555");
}

#[tokio::test]
async fn the_pager_walks_many_pages_to_the_end() {
    let (_sandbox, client) = setup().await;
    let ex = link(&client, "5550001111").await;
    for _ in 0..26 {
        client.sandbox_new_statement(&ex.link_id).await.unwrap();
    }
    let query = BillsQuery {
        limit: Some(5),
        ..by_link(&ex.link_id)
    };
    let mut pages = client.bill_pages(ReadAuth::AccessToken(&ex.access_token), query.clone());
    let mut count = 0;
    let mut n = 0;
    while let Some(page) = pages.next_page().await {
        count += page.unwrap().bills.len();
        n += 1;
    }
    assert_eq!((count, n), (50, 10));
    let all = client
        .bill_pages(ReadAuth::ClientCredentials, query)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 50);
}

#[tokio::test]
async fn documented_error_statuses_come_back_typed() {
    let (sandbox, client) = setup().await;
    let ex = link(&client, "4242424242").await;
    // 404 with a code: no such public token.
    let unknown = client
        .link_token_exchange(&PublicToken::new("pt_sandbox_00"))
        .await
        .unwrap_err();
    assert_eq!(
        (
            unknown.status(),
            unknown.api_code(),
            unknown.code().as_str()
        ),
        (
            Some(404),
            Some("INVALID_PUBLIC_TOKEN"),
            "invalid_public_token"
        )
    );
    // 401: wrong secret.
    let wrong = Client::builder(Environment::Custom(
        Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .credentials(ID, ClientSecret::new("bb_test_wrong"))
    .build()
    .unwrap();
    assert_eq!(wrong.accounts().await.unwrap_err().code(), "unauthorized");
    // 403: an access token used for another link.
    let other = link(&client, "4000000006").await;
    let err = client
        .bills_get(
            ReadAuth::AccessToken(&ex.access_token),
            &by_link(&other.link_id),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    // 404: an unknown biller.
    assert_eq!(client.biller("nope").await.unwrap_err().code(), "not_found");
    // 503 (retried, then surfaced): the outage number.
    let q = BillsQuery {
        account_number: Some("4000000002".to_owned()),
        ..BillsQuery::default()
    };
    let err = client.sandbox_scenario_bills(&q).await.unwrap_err();
    assert_eq!(
        (err.status(), err.api_code()),
        (Some(503), Some("BILLER_UNAVAILABLE"))
    );
    // Login required after reset_login.
    client.sandbox_reset_login(&ex.link_id).await.unwrap();
    let err = client
        .bills_get(
            ReadAuth::AccessToken(&ex.access_token),
            &by_link(&ex.link_id),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "login_required");
    // A request id travels with API errors, for support.
    assert!(matches!(err, Error::Api { request_id: Some(ref id), .. } if id.starts_with("req_")));
}

#[tokio::test]
async fn accounts_sync_billers_and_clock() {
    let (_sandbox, client) = setup().await;
    let ex = link(&client, "5550002222").await;
    assert_eq!(client.accounts().await.unwrap().accounts.len(), 1);
    assert_eq!(client.account(&ex.link_id).await.unwrap().id, ex.link_id);
    let sync = client
        .sync_trigger(
            ReadAuth::AccessToken(&ex.access_token),
            &SyncTriggerRequest {
                account_link_id: ex.link_id.clone(),
                force: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(sync.status, SyncStatus::Pending);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let history = client
        .sync_history(
            ReadAuth::ClientCredentials,
            &SyncQuery {
                account_link_id: ex.link_id.clone(),
                since: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(history.syncs[0].status, SyncStatus::Completed);
    assert_eq!(history.syncs[0].bills_found, Some(24));
    let page = client
        .billers(&billerapi::billers::BillersQuery {
            search: Some("gas".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(page.billers.iter().any(|b| b.id == "test_gas_company"));
    let clock = client
        .sandbox_clock(&ClockRequest {
            advance_seconds: Some(3600),
            ..ClockRequest::default()
        })
        .await
        .unwrap();
    assert!((3600..3602).contains(&clock.offset_seconds));
    let removed = client.account_remove(&ex.link_id).await.unwrap();
    assert_eq!(removed.revoked_access_tokens, 1);
    let err = client
        .bills_get(
            ReadAuth::AccessToken(&ex.access_token),
            &by_link(&ex.link_id),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "unauthorized");
}

#[tokio::test]
async fn calls_needing_credentials_say_so_without_any() {
    let (sandbox, _) = setup().await;
    let anonymous = Client::builder(Environment::Custom(
        Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .build()
    .unwrap();
    let err = anonymous.accounts().await.unwrap_err();
    assert_eq!(err.code(), "config");
    assert_eq!(
        anonymous.sandbox_scenarios().await.unwrap().mfa_code,
        "123456"
    );
}
