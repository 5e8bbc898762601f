//! Sync asks BillerAPI to refresh, follows the sync record, then reads the bills; requests to link
//! completed elsewhere become links here; the hosted Connect page is a setting per server.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use billerapi::link::{Consent, SubmitCredentialsRequest};
use billerapi::link_request::RequestStatus;
use billerapi::secret::LinkTokenSecret;
use billkeep_core::links::LinkStatus;
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::sync::SyncOutcome;

#[tokio::test]
async fn a_failed_refresh_is_shown_as_failed_never_as_synced() {
    let dir = common::scratch("refresh");
    let b = common::open(&dir, common::keyring("refresh"));
    let ok = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let failing = b
        .sandbox_link("test_gas_company", "4000000009", None)
        .await
        .unwrap();
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    let outcome = |id| {
        reports
            .iter()
            .find(|r| r.link == id)
            .unwrap()
            .outcome
            .clone()
    };
    assert!(matches!(
        outcome(ok.id),
        SyncOutcome::Synced { bills: 1, .. }
    ));
    match outcome(failing.id) {
        SyncOutcome::Failed { code, message } => {
            assert_eq!(code, "sync_failed");
            assert!(message.starts_with("BILLER_TIMEOUT"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let ok = b.link(&ok.id.to_string()).unwrap();
    let failing = b.link(&failing.id.to_string()).unwrap();
    assert!(ok.last_synced_at.is_some() && ok.last_checked_at.is_some());
    assert!(
        ok.remote_synced_at.is_some(),
        "data as of: BillerAPI's own sync time"
    );
    assert_eq!(failing.status, LinkStatus::Error);
    assert_eq!(failing.last_synced_at, None, "a failed sync is not a sync");
    assert!(failing.last_checked_at.is_some());
    assert!(failing.status_message.unwrap().contains("BILLER_TIMEOUT"));
    // A full re-sync asks again even right after one.
    let again = b.sync(Some(ok.id), true, |_| {}).await.unwrap();
    assert!(matches!(again[0].outcome, SyncOutcome::Synced { .. }));
    b.shutdown().await;
}

#[tokio::test]
async fn a_request_to_link_completed_in_the_users_browser_becomes_a_link_here_once() {
    let dir = common::scratch("request-to-link");
    let b = common::open(&dir, common::keyring("request-to-link"));
    let made = b
        .request_link(Some("test_electric_company"), Some("customer_7"))
        .await
        .unwrap();
    assert_eq!(made.status, RequestStatus::Pending);
    assert_eq!(made.link, None);

    // The customer opens the page and goes through Connect (as the page's script does).
    let token = made
        .session_url
        .split("link_token=")
        .nth(1)
        .unwrap()
        .to_owned();
    let lt = LinkTokenSecret::new(token);
    let client = b.client().await.unwrap();
    let id = client.link_session(&lt).await.unwrap().link_token_id;
    client
        .link_submit_credentials(
            &lt,
            &id,
            &SubmitCredentialsRequest {
                username: "u".into(),
                password: "p".into(),
                account_number: "4242424242".into(),
                biller_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        b.link_request(&made.id).await.unwrap().status,
        RequestStatus::InProgress
    );
    let found = client.link_discover_accounts(&lt, &id).await.unwrap();
    let account = found.accounts.unwrap()[0].account_id.clone();
    client
        .link_select_account(&lt, &id, &account)
        .await
        .unwrap();
    client
        .link_consent(&lt, &id, &[Consent::Bills])
        .await
        .unwrap();

    let done = b.link_request(&made.id).await.unwrap();
    assert_eq!(done.status, RequestStatus::Completed);
    let link = done.link.expect("collected into a link");
    assert!(b.links().unwrap().iter().any(|l| l.id == link));
    // Looking again names the same link; nothing is exchanged twice.
    assert_eq!(b.link_request(&made.id).await.unwrap().link, Some(link));
    assert_eq!(b.links().unwrap().len(), 1);
    let listed = b.link_requests(None).await.unwrap();
    assert_eq!(listed[0].link, Some(link));
    b.shutdown().await;
}

#[tokio::test]
async fn the_hosted_connect_page_is_a_setting_per_server() {
    let sandbox = billerapi_sandbox::serve(billerapi_sandbox::Config {
        clients: vec![billerapi_sandbox::ClientCredentials {
            client_id: "client_connect_url".into(),
            client_secret: "bb_test_connect_url_secret".into(),
        }],
        ..billerapi_sandbox::Config::default()
    })
    .await
    .unwrap();
    let b = common::open(
        &common::scratch("connect-url"),
        common::keyring("connect-url"),
    );
    b.use_environment(EnvironmentKind::Custom, Some(&sandbox.base_url()))
        .await
        .unwrap();
    b.set_credentials(
        EnvironmentKind::Custom,
        "client_connect_url",
        "bb_test_connect_url_secret",
    )
    .unwrap();
    let guessed = b.start_link(None).await.unwrap();
    assert_eq!(
        guessed.connect_url,
        format!("{}/connect", sandbox.base_url())
    );
    let page = format!("{}/hosted/connect", sandbox.base_url());
    b.set_connect_url(EnvironmentKind::Custom, Some(&page))
        .unwrap();
    assert_eq!(
        b.settings().unwrap().connect_url.as_deref(),
        Some(page.as_str())
    );
    assert_eq!(b.start_link(None).await.unwrap().connect_url, page);
    for bad in [
        "http://connect.example.com/x",
        "https://u:p@connect.example.com/",
        "javascript:x",
    ] {
        assert_eq!(
            b.set_connect_url(EnvironmentKind::Custom, Some(bad))
                .unwrap_err()
                .code(),
            "invalid_input",
            "{bad}"
        );
    }
    b.set_connect_url(EnvironmentKind::Custom, None).unwrap();
    assert_eq!(
        b.start_link(None).await.unwrap().connect_url,
        guessed.connect_url
    );
    sandbox.shutdown().await;
}
