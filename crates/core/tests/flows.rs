//! Link, sync, relink, unlink and rotate against the embedded emulator over real HTTP, with the
//! vault key in the real OS keyring and a real SQLite file.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use billerapi::sandbox::ClockRequest;
use billkeep_core::bills::BillFilter;
use billkeep_core::links::LinkStatus;
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::sync::SyncOutcome;
use billkeep_core::{Billkeep, Error, LinkedAccount};

fn file_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for name in ["billkeep.db", "billkeep.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            all.extend(bytes);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Links two sandbox accounts: one with a pending bill (4242424242), one past due (4000000005).
async fn link_pending_and_past_due(b: &Billkeep) {
    b.sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    b.sandbox_link("test_gas_company", "4000000005", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn link_and_sync_store_bills_and_never_a_plaintext_token() {
    let dir = common::scratch("link-sync");
    let b = common::open(&dir, common::keyring("link-sync"));
    assert_eq!(b.settings().unwrap().environment, EnvironmentKind::Embedded);
    let a = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let h = b
        .sandbox_link("test_electric_company", "5550001234", None)
        .await
        .unwrap();
    assert_eq!((a.status, a.has_token), (LinkStatus::Ok, true));
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    assert_eq!(reports.len(), 2);
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })),
        "{reports:?}"
    );
    let bills = b
        .bills(&BillFilter {
            link: Some(a.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bills.len(), 1);
    assert_eq!(
        (
            bills[0].amount,
            bills[0].status.as_str(),
            bills[0].line_items.len()
        ),
        (15420, "PENDING", 3)
    );
    assert_eq!(
        b.bills(&BillFilter {
            link: Some(h.id),
            ..Default::default()
        })
        .unwrap()
        .len(),
        24
    );
    let paid = b
        .bills(&BillFilter {
            status: Some(billerapi::bills::BillStatus::Paid),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(paid.len(), 23);
    // A second sync changes nothing.
    let again = b.sync(None, false, |_| {}).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { changed: 0, .. })),
        "{again:?}"
    );

    b.shutdown().await;
    let bytes = file_bytes(&dir);
    assert!(bytes.len() > 4096);
    for needle in ["at_sandbox_", "bb_test_", "pt_sandbox_"] {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{needle} found in the database or its WAL"
        );
    }
}

#[tokio::test]
async fn a_ciphertext_copied_to_another_links_row_does_not_open() {
    let dir = common::scratch("swap");
    let b = common::open(&dir, common::keyring("swap"));
    let a = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let c = b
        .sandbox_link("test_gas_company", "4000000006", None)
        .await
        .unwrap();
    b.store()
        .with(|conn| {
            conn.execute("UPDATE links SET sealed_token = (SELECT sealed_token FROM links WHERE id = ?1) WHERE id = ?2", [a.id, c.id])?;
            Ok(())
        })
        .unwrap();
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    let swapped = reports.iter().find(|r| r.link == c.id).unwrap();
    assert!(
        matches!(swapped.outcome, SyncOutcome::NeedsRelink { .. }),
        "{swapped:?}"
    );
    assert_eq!(
        b.link(&c.id.to_string()).unwrap().status_code.as_deref(),
        Some("unseal_failed")
    );
    // The other link is untouched by its neighbour's failure.
    assert!(matches!(
        reports.iter().find(|r| r.link == a.id).unwrap().outcome,
        SyncOutcome::Synced { .. }
    ));
}

#[tokio::test]
async fn the_same_account_cannot_be_linked_twice() {
    let dir = common::scratch("dup");
    let b = common::open(&dir, common::keyring("dup"));
    let first = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let err = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::DuplicateLink { existing, .. } if existing == first.id),
        "{err}"
    );
    // Same mask at another biller is another account.
    b.sandbox_link("test_water_utility", "4242424242", None)
        .await
        .unwrap();
    let err = b
        .complete_link(
            "pt_sandbox_00000000",
            LinkedAccount {
                biller_id: Some("test_electric_company".into()),
                account_mask: Some("****4242".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "duplicate_link");
}

#[tokio::test]
async fn bad_public_tokens_are_refused_and_nothing_is_stored() {
    let dir = common::scratch("bad-pt");
    let b = common::open(&dir, common::keyring("bad-pt"));
    for token in ["", "hello", "at_sandbox_0123456789", "pt_sandbox_<script>"] {
        assert_eq!(
            b.complete_link(token, LinkedAccount::default())
                .await
                .unwrap_err()
                .code(),
            "invalid_input",
            "{token:?}"
        );
    }
    let unknown = b
        .complete_link("pt_sandbox_0123456789abcdef", LinkedAccount::default())
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "public_token_invalid");
    // A used token.
    let client = b.client().await.unwrap();
    let pt = client
        .sandbox_public_token_create(
            "test_electric_company",
            "5550009999",
            "u",
            &[billerapi::link::Consent::Bills],
        )
        .await
        .unwrap();
    b.complete_link(pt.public_token.expose(), LinkedAccount::default())
        .await
        .unwrap();
    let reused = b
        .complete_link(pt.public_token.expose(), LinkedAccount::default())
        .await
        .unwrap_err();
    assert_eq!(reused.code(), "public_token_invalid");
    assert!(reused.to_string().contains("already been exchanged"));
    // An expired token.
    let pt = client
        .sandbox_public_token_create(
            "test_electric_company",
            "5550008888",
            "u",
            &[billerapi::link::Consent::Bills],
        )
        .await
        .unwrap();
    client
        .sandbox_clock(&ClockRequest {
            advance_seconds: Some(31 * 60),
            ..Default::default()
        })
        .await
        .unwrap();
    let expired = b
        .complete_link(pt.public_token.expose(), LinkedAccount::default())
        .await
        .unwrap_err();
    assert!(expired.to_string().contains("expired"), "{expired}");
    client
        .sandbox_clock(&ClockRequest {
            reset: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        b.links().unwrap().len(),
        1,
        "only the one good link is stored"
    );
    assert!(!b.has_pending_links().unwrap());
}

#[tokio::test]
async fn a_login_reset_needs_relink_and_relink_restores_sync() {
    let dir = common::scratch("relink");
    let b = common::open(&dir, common::keyring("relink"));
    let link = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let client = b.client().await.unwrap();
    client.sandbox_reset_login(&link.link_id).await.unwrap();
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    assert!(matches!(
        reports[0].outcome,
        SyncOutcome::NeedsRelink { .. }
    ));
    assert_eq!(
        b.link(&link.link_id).unwrap().status,
        LinkStatus::NeedsRelink
    );
    // Connect in update mode, driven through its documented steps.
    let session = b.start_relink(link.id).await.unwrap();
    let lt = billerapi::secret::LinkTokenSecret::new(session.link_token);
    let id = client.link_session(&lt).await.unwrap().link_token_id;
    client
        .link_submit_credentials(
            &lt,
            &id,
            &billerapi::link::SubmitCredentialsRequest {
                username: "u".into(),
                password: "p".into(),
                account_number: "4242424242".into(),
                biller_id: None,
            },
        )
        .await
        .unwrap();
    client.link_discover_accounts(&lt, &id).await.unwrap();
    client
        .link_select_account(&lt, &id, "acct_1")
        .await
        .unwrap();
    let done = client
        .link_consent(&lt, &id, &[billerapi::link::Consent::Bills])
        .await
        .unwrap();
    let repaired = b
        .complete_relink(link.id, done.public_token.unwrap().expose())
        .await
        .unwrap();
    assert_eq!(repaired.status, LinkStatus::Ok);
    assert!(matches!(
        b.sync(None, false, |_| {}).await.unwrap()[0].outcome,
        SyncOutcome::Synced { .. }
    ));
}

#[tokio::test]
async fn unlink_removes_the_link_remotely_and_every_local_trace() {
    let dir = common::scratch("unlink");
    let b = common::open(&dir, common::keyring("unlink"));
    let link = b
        .sandbox_link("test_electric_company", "5550004321", None)
        .await
        .unwrap();
    b.sync(None, false, |_| {}).await.unwrap();
    let sealed: Vec<u8> = b
        .store()
        .with(|c| {
            Ok(c.query_row(
                "SELECT sealed_token FROM links WHERE id = ?1",
                [link.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    b.unlink(link.id).await.unwrap();
    assert!(b.links().unwrap().is_empty());
    assert!(b.bills(&BillFilter::default()).unwrap().is_empty());
    let remote = b.client().await.unwrap().accounts().await.unwrap();
    assert!(remote.accounts.is_empty(), "removed remotely too");
    b.shutdown().await;
    assert!(
        !contains(&file_bytes(&dir), &sealed[..24]),
        "the sealed token is gone from the file and the WAL"
    );
}

#[tokio::test]
async fn rotating_the_key_reseals_every_token_and_drops_the_old_key() {
    let dir = common::scratch("rotate");
    let keyring = common::keyring("rotate");
    let b = common::open(&dir, keyring.clone());
    link_pending_and_past_due(&b).await;
    assert_eq!(b.rotate_key(None).unwrap(), 2);
    assert!(keyring.get("vault-key-v1").unwrap().is_none());
    assert!(keyring.get("vault-key-v2").unwrap().is_some());
    assert!(b
        .sync(None, false, |_| {})
        .await
        .unwrap()
        .iter()
        .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })));
    b.shutdown().await;
    drop(b);
    let reopened = Billkeep::open(&dir, keyring, billkeep_core::vault::Unlock::Keyring).unwrap();
    assert!(reopened
        .sync(None, false, |_| {})
        .await
        .unwrap()
        .iter()
        .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })));
}

#[tokio::test]
async fn links_survive_a_restart_of_app_and_embedded_emulator() {
    let dir = common::scratch("restart");
    let keyring = common::keyring("restart");
    let b = common::open(&dir, keyring.clone());
    let link = b
        .sandbox_link("test_electric_company", "4000000007", None)
        .await
        .unwrap();
    b.shutdown().await;
    drop(b);
    let b = common::open(&dir, keyring);
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    assert!(
        matches!(reports[0].outcome, SyncOutcome::Synced { bills: 3, .. }),
        "{reports:?}"
    );
    assert_eq!(b.link(&link.link_id).unwrap().id, link.id);
}

#[tokio::test]
async fn environments_never_mix() {
    let dir = common::scratch("envs");
    let b = common::open(&dir, common::keyring("envs"));
    b.sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    b.sync(None, false, |_| {}).await.unwrap();
    b.use_environment(EnvironmentKind::Sandbox, None)
        .await
        .unwrap();
    assert!(b.links().unwrap().is_empty());
    assert!(b.bills(&BillFilter::default()).unwrap().is_empty());
    assert_eq!(
        b.sandbox_link("test_electric_company", "4242424242", None)
            .await
            .unwrap_err()
            .code(),
        "missing_credentials"
    );
    assert_eq!(
        b.use_environment(EnvironmentKind::Custom, Some("ftp://x"))
            .await
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    b.use_environment(EnvironmentKind::Embedded, None)
        .await
        .unwrap();
    assert_eq!(b.links().unwrap().len(), 1);
}

#[tokio::test]
async fn a_crash_between_exchange_and_commit_is_recovered_as_an_orphan_to_relink() {
    let dir = common::scratch("orphan");
    let b = common::open(&dir, common::keyring("orphan"));
    // What complete_link does up to the crash: the pending marker, then the exchange, for this
    // installation's end user.
    let client = b.client().await.unwrap();
    let me = b.settings().unwrap().client_user_id;
    b.store()
        .with(|c| {
            c.execute(
                "INSERT INTO pending_links (environment, origin, started_at) VALUES ('embedded', 'embedded', 0)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let pt = client
        .sandbox_public_token_create(
            "test_electric_company",
            "4242424242",
            &me,
            &[billerapi::link::Consent::Bills],
        )
        .await
        .unwrap();
    let lost = client.link_token_exchange(&pt.public_token).await.unwrap();
    assert!(b.has_pending_links().unwrap());
    let reconciled = b.recover_interrupted_links().await.unwrap();
    assert_eq!(reconciled.recovered, vec![lost.link_id.clone()]);
    let orphan = b.link(&lost.link_id).unwrap();
    assert_eq!(
        (
            orphan.status,
            orphan.status_code.as_deref(),
            orphan.has_token
        ),
        (LinkStatus::NeedsRelink, Some("orphaned"), false)
    );
    assert!(!b.has_pending_links().unwrap());
    assert!(matches!(
        b.sync(None, false, |_| {}).await.unwrap()[0].outcome,
        SyncOutcome::NeedsRelink { .. }
    ));
}

#[tokio::test]
async fn a_passphrase_vault_works_with_no_keyring_at_all() {
    use billkeep_core::vault::{MemoryStore, SecretStore, Unlock};
    use std::sync::Arc;
    use zeroize::Zeroizing;
    // Headless Linux without Secret Service: every keyring call fails. This stand-in is the only
    // way to have "no keyring" next to the real one the other tests use.
    let no_keyring = Arc::new(MemoryStore::default());
    no_keyring.fail_with(|| Error::KeyringUnavailable("no session bus".to_owned()));
    let secrets: Arc<dyn SecretStore> = no_keyring;
    let pass = || Unlock::Passphrase(Zeroizing::new("correct horse battery".to_owned()));
    let dir = common::scratch("passphrase-no-keyring");

    let b = Billkeep::open(&dir, secrets.clone(), pass()).unwrap();
    // The embedded environment makes and keeps its client secret without a keyring…
    let a = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    assert_eq!((a.status, a.has_token), (LinkStatus::Ok, true));
    // …and so do credentials the user enters for another environment.
    b.set_credentials(
        EnvironmentKind::Sandbox,
        "client_abc",
        "bb_test_user_secret_1",
    )
    .unwrap();
    b.use_environment(EnvironmentKind::Sandbox, None)
        .await
        .unwrap();
    assert!(b.settings().unwrap().has_client_secret);
    b.use_environment(EnvironmentKind::Embedded, None)
        .await
        .unwrap();
    assert_eq!(b.rotate_key(Some("correct horse battery")).unwrap(), 1);
    b.shutdown().await;
    drop(b);

    let bytes = file_bytes(&dir);
    for needle in ["at_sandbox_", "bb_test_", "pt_sandbox_"] {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{needle} found in the database or its WAL"
        );
    }
    // After a restart and a key rotation the same secrets still open: the embedded emulator
    // accepts the app's client again and the stored token still syncs.
    let b = Billkeep::open(&dir, secrets.clone(), pass()).unwrap();
    let reports = b.sync(None, false, |_| {}).await.unwrap();
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })),
        "{reports:?}"
    );
    b.use_environment(EnvironmentKind::Sandbox, None)
        .await
        .unwrap();
    assert!(b.settings().unwrap().has_client_secret);
    b.shutdown().await;
}

#[tokio::test]
async fn each_bill_is_announced_once_per_rule_even_across_restarts() {
    use billkeep_core::reminders::ReminderKind;
    use time::Duration;

    let dir = common::scratch("notify");
    let keyring = common::keyring("notify");
    let b = common::open(&dir, keyring.clone());
    assert_eq!(b.settings().unwrap().reminder_days, [7, 3, 0]);
    link_pending_and_past_due(&b).await;
    b.sync(None, false, |_| {}).await.unwrap();
    let all = b.bills(&BillFilter::default()).unwrap();
    let pending = all.iter().find(|x| x.status == "PENDING").unwrap().clone();
    let overdue = all.iter().find(|x| x.status == "OVERDUE").unwrap().clone();
    let kinds = |list: &[billkeep_core::reminders::Reminder]| {
        list.iter()
            .map(|r| (r.bill.bill_id.clone(), r.kind.clone()))
            .collect::<Vec<_>>()
    };
    let day = |offset: i64| pending.due_date + Duration::days(offset);

    // Twenty days ahead no lead time is reached; the bill the biller calls overdue is announced.
    let first = b.take_reminders(day(-20)).unwrap();
    assert_eq!(
        kinds(&first),
        [(overdue.bill_id.clone(), ReminderKind::Overdue)]
    );
    assert!(b.take_reminders(day(-20)).unwrap().is_empty(), "once");
    // A week before: the 7-day reminder; then nothing until the next lead time.
    assert_eq!(
        kinds(&b.take_reminders(day(-5)).unwrap()),
        [(pending.bill_id.clone(), ReminderKind::DueIn { days: 5 })]
    );
    assert!(b.take_reminders(day(-4)).unwrap().is_empty());
    b.shutdown().await;
    drop(b);

    let b = common::open(&dir, keyring.clone());
    assert!(
        b.take_reminders(day(-4)).unwrap().is_empty(),
        "what was announced stays announced after a restart"
    );
    assert_eq!(
        kinds(&b.take_reminders(day(-1)).unwrap()),
        [(pending.bill_id.clone(), ReminderKind::DueIn { days: 1 })]
    );
    assert_eq!(
        kinds(&b.take_reminders(day(0)).unwrap()),
        [(pending.bill_id.clone(), ReminderKind::DueIn { days: 0 })]
    );
    // Unpaid two days after its date: overdue, once.
    assert_eq!(
        kinds(&b.take_reminders(day(2)).unwrap()),
        [(pending.bill_id.clone(), ReminderKind::Overdue)]
    );
    assert!(b.take_reminders(day(3)).unwrap().is_empty());
    b.shutdown().await;
    drop(b);

    // Another installation closed for days: lead times passed while closed give one reminder,
    // and the catch-up lists everything in one notification.
    let dir = common::scratch("notify-closed");
    let b = common::open(&dir, common::keyring("notify-closed"));
    b.set_reminder_days(&[0, 14, 3, 7]).unwrap();
    assert_eq!(b.settings().unwrap().reminder_days, [14, 7, 3, 0]);
    link_pending_and_past_due(&b).await;
    b.sync(None, false, |_| {}).await.unwrap();
    let opened = b.take_reminders(day(-2)).unwrap();
    assert_eq!(
        opened
            .iter()
            .map(|r| (r.bill.biller_id.as_str(), r.kind.clone()))
            .collect::<Vec<_>>(),
        [
            ("test_gas_company", ReminderKind::Overdue),
            ("test_electric_company", ReminderKind::DueIn { days: 2 })
        ]
    );
    let (title, body) = billkeep_core::reminders::catch_up(&opened);
    assert_eq!(title, "2 bills need your attention");
    assert!(body.contains("is due in 2 days"), "{body}");
    assert!(
        b.take_reminders(day(-1)).unwrap().is_empty(),
        "the 3-day lead time was met"
    );
    assert!(b.set_reminder_days(&[61]).is_err());
    assert!(b.set_reminder_days(&[1, 2, 3, 4, 5, 6]).is_err());
    b.shutdown().await;
}

#[tokio::test]
async fn a_recent_unusual_bill_is_announced_once_and_old_ones_never() {
    use billkeep_core::reminders::ReminderKind;

    let dir = common::scratch("notify-unusual");
    let b = common::open(&dir, common::keyring("notify-unusual"));
    b.sandbox_link("test_electric_company", "5555555555", None)
        .await
        .unwrap();
    b.sync(None, false, |_| {}).await.unwrap();
    let flagged = b.overview().unwrap().flagged;
    assert!(
        !flagged.is_empty(),
        "the history has an unusual bill and a price change"
    );
    // Today nothing flagged is recent (the unusual bill is three months old and paid).
    let today = billkeep_core::clock::today_local();
    assert!(b
        .take_reminders(today)
        .unwrap()
        .iter()
        .all(|r| !matches!(r.kind, ReminderKind::Unusual { .. })));
    // The day after it was issued, it is news: announced with its reason, once.
    let all = b.bills(&BillFilter::default()).unwrap();
    let unusual = flagged
        .iter()
        .find(|f| f.reasons[0].contains("above your usual"))
        .unwrap();
    let bill = all.iter().find(|x| x.bill_id == unusual.bill_id).unwrap();
    let day = bill.statement_date + time::Duration::days(1);
    let news: Vec<_> = b
        .take_reminders(day)
        .unwrap()
        .into_iter()
        .filter(|r| matches!(r.kind, ReminderKind::Unusual { .. }))
        .collect();
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].bill.bill_id, bill.bill_id);
    assert!(
        news[0].body().contains("above your usual for"),
        "{}",
        news[0].body()
    );
    assert!(b.take_reminders(day).unwrap().is_empty());
    b.shutdown().await;
}
