//! `billkeep-cli` end to end: the support-staff path, exit codes, and crash safety under SIGKILL.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers: a panic is a failed test; stderr is the test log

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const CLI: &str = env!("CARGO_BIN_EXE_billkeep-cli");

fn cli(dir: &Path, service: &str, args: &[&str]) -> Output {
    Command::new(CLI)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("BILLKEEP_KEYRING_SERVICE", service)
        .env_remove("BILLKEEP_PASSPHRASE")
        .output()
        .unwrap()
}

fn service(name: &str) -> String {
    format!("dev.billkeep.test.cli.{name}.{}", std::process::id())
}

#[test]
fn the_support_staff_path_env_link_bills_json() {
    let dir = common::scratch("cli-path");
    let svc = service("path");
    let out = cli(&dir, &svc, &["env", "use", "embedded"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(
        &dir,
        &svc,
        &[
            "link",
            "--biller",
            "test_electric_company",
            "--account",
            "4242424242",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("linked Test Electric Company ****4242"));
    let out = cli(&dir, &svc, &["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[1/1]"),
        "progress is shown"
    );
    let out = cli(&dir, &svc, &["bills", "--json"]);
    assert!(out.status.success());
    let bills: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(bills.as_array().unwrap().len(), 1);
    assert_eq!(bills[0]["status"], "PENDING");
    assert_eq!(bills[0]["amount"], 15420);
    assert_eq!(bills[0]["lineItems"].as_array().unwrap().len(), 3);
    let out = cli(
        &dir,
        &svc,
        &["bills", "--unpaid", "--status", "paid", "--json"],
    );
    let none: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "a pending bill is not paid"
    );
    let out = cli(&dir, &svc, &["bills", "--unpaid", "--json"]);
    let unpaid: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(unpaid, bills, "the one bill is unpaid");
    let out = cli(&dir, &svc, &["links", "--json"]);
    let links: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(links[0]["status"], "ok");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("at_sandbox_"),
        "no token in the output"
    );
    let csv = cli(&dir, &svc, &["export", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("link,bill_id,biller"));
}

#[test]
fn exit_codes_are_stable() {
    let dir = common::scratch("cli-codes");
    let svc = service("codes");
    assert_eq!(cli(&dir, &svc, &["unlink", "42"]).status.code(), Some(5));
    assert_eq!(
        cli(&dir, &svc, &["bills", "--from", "yesterday"])
            .status
            .code(),
        Some(7)
    );
    assert_eq!(
        cli(
            &dir,
            &svc,
            &[
                "link",
                "--biller",
                "test_electric_company",
                "--account",
                "4000000004"
            ]
        )
        .status
        .code(),
        Some(4)
    );
    assert_eq!(cli(&dir, &svc, &["frobnicate"]).status.code(), Some(2));
    // A sync where a link fails (its sealed token damaged) is a BillerAPI-side failure: 4.
    let out = cli(
        &dir,
        &svc,
        &[
            "link",
            "--biller",
            "test_electric_company",
            "--account",
            "4242424242",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    rusqlite::Connection::open(dir.join("billkeep.db"))
        .unwrap()
        .execute("UPDATE links SET sealed_token = x'00'", [])
        .unwrap();
    let out = cli(&dir, &svc, &["sync"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(sync_incomplete)"));
    let corrupt = common::scratch("cli-corrupt");
    std::fs::write(
        corrupt.join("billkeep.db"),
        b"garbage that is not a database".repeat(50),
    )
    .unwrap();
    let out = cli(&corrupt, &svc, &["links"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(corrupt_database)"));
}

/// A small deterministic generator: the kill times differ run to run only through the pid.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn kill_after(dir: &Path, svc: &str, args: &[&str], after: Duration) -> Option<String> {
    let mut child = Command::new(CLI)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("BILLKEEP_KEYRING_SERVICE", svc)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < after {
        if let Some(_status) = child.try_wait().unwrap() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL: no cleanup runs
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    stdout.contains("linked ").then_some(stdout)
}

#[test]
fn links_reported_committed_survive_sigkill_at_random_moments() {
    let dir: PathBuf = common::scratch("cli-crash");
    let svc = service("crash");
    let mut rng = Lcg(u64::from(std::process::id()));
    let mut committed = Vec::new();
    for i in 0..14 {
        let account = format!("55500{:05}", 100 + i);
        let delay = Duration::from_millis(40 + rng.next(700));
        if let Some(out) = kill_after(
            &dir,
            &svc,
            &[
                "link",
                "--biller",
                "test_electric_company",
                "--account",
                &account,
            ],
            delay,
        ) {
            committed.push((account, out));
        }
        kill_after(&dir, &svc, &["sync"], Duration::from_millis(rng.next(500)));
    }
    assert!(
        !committed.is_empty(),
        "at least some links finished before their kill"
    );
    // The database is consistent.
    let conn = rusqlite::Connection::open(dir.join("billkeep.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    // Every link reported committed is there and usable; links the API has but we lost in a crash
    // are recovered for relink.
    let out = cli(&dir, &svc, &["links", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let links: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let masks: Vec<String> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["accountMask"].as_str().unwrap().to_owned())
        .collect();
    for (account, _) in &committed {
        let mask = format!("****{}", &account[account.len() - 4..]);
        assert!(
            masks.contains(&mask),
            "{mask} was reported linked but is missing: {masks:?}"
        );
    }
    let sync = cli(&dir, &svc, &["sync", "--json"]);
    let reports: serde_json::Value = serde_json::from_slice(&sync.stdout).unwrap();
    for link in links.as_array().unwrap() {
        let report = reports
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["link"] == link["id"])
            .unwrap();
        let kind = report["outcome"]["kind"].as_str().unwrap();
        if link["hasToken"] == true {
            assert_eq!(kind, "synced", "{link} {report}");
        } else {
            assert_eq!(
                (kind, link["statusCode"].as_str()),
                ("needs_relink", Some("orphaned")),
                "{link}"
            );
        }
    }
    eprintln!(
        "{} of 14 links committed before their kill; {} links in all",
        committed.len(),
        masks.len()
    );
}

/// The app (this process) keeps working while `billkeep-cli rotate-key` (another process)
/// rotates the key of a keyring vault: it reloads the new key, and nothing it seals afterwards
/// is sealed with the old one (which the rotation deleted from the keyring).
#[tokio::test]
async fn a_key_rotated_by_another_process_is_followed_and_nothing_is_sealed_with_a_stale_key() {
    use billkeep_core::sync::SyncOutcome;
    use billkeep_core::vault::{OsKeyring, SecretStore, Unlock};
    use billkeep_core::Billkeep;
    use std::sync::Arc;

    let dir = common::scratch("rotate-two-processes");
    let svc = service("rotate-two-processes");
    let keyring: Arc<dyn SecretStore> = Arc::new(OsKeyring::new(svc.clone()));
    let app = Billkeep::open(&dir, keyring.clone(), Unlock::Keyring).unwrap();
    app.sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();

    let out = cli(&dir, &svc, &["rotate-key"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        keyring.get("vault-key-v1").unwrap().is_none(),
        "old key gone"
    );

    // The running app seals a new token and opens both.
    app.sandbox_link("test_gas_company", "4000000006", None)
        .await
        .unwrap();
    let reports = app.sync(None, false, |_| {}).await.unwrap();
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })),
        "{reports:?}"
    );
    app.shutdown().await;
    drop(app);

    // A fresh start opens every token with the key the database names.
    let fresh = Billkeep::open(&dir, keyring, Unlock::Keyring).unwrap();
    let reports = fresh.sync(None, false, |_| {}).await.unwrap();
    assert_eq!(reports.len(), 2);
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })),
        "{reports:?}"
    );
    fresh.shutdown().await;
}

/// A passphrase vault cannot derive a key another process rotated: it refuses to seal (asking to
/// unlock again) instead of sealing with the stale key.
#[tokio::test]
async fn a_passphrase_vault_rotated_elsewhere_refuses_until_unlocked_again() {
    use billkeep_core::sync::SyncOutcome;
    use billkeep_core::vault::{MemoryStore, SecretStore, Unlock};
    use billkeep_core::Billkeep;
    use std::sync::Arc;
    use zeroize::Zeroizing;

    const PASS: &str = "correct horse battery";
    let dir = common::scratch("rotate-passphrase");
    let svc = service("rotate-passphrase");
    let no_keyring = Arc::new(MemoryStore::default());
    no_keyring.fail_with(|| billkeep_core::Error::KeyringUnavailable("no bus".into()));
    let secrets: Arc<dyn SecretStore> = no_keyring;
    let pass = || Unlock::Passphrase(Zeroizing::new(PASS.to_owned()));
    let app = Billkeep::open(&dir, secrets.clone(), pass()).unwrap();
    app.sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();

    let out = Command::new(CLI)
        .arg("--data-dir")
        .arg(&dir)
        .arg("rotate-key")
        .env("BILLKEEP_KEYRING_SERVICE", &svc)
        .env("BILLKEEP_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let err = app
        .sandbox_link("test_gas_company", "4000000006", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "key_rotated");
    assert!(app.key_is_stale());
    assert_eq!(
        app.sync(None, false, |_| {}).await.unwrap_err().code(),
        "key_rotated"
    );
    app.shutdown().await;
    drop(app);

    let again = Billkeep::open(&dir, secrets, pass()).unwrap();
    let reports = again.sync(None, false, |_| {}).await.unwrap();
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, SyncOutcome::Synced { .. })),
        "{reports:?}"
    );
    again.shutdown().await;
}

/// Support staff ask a customer to link from a page: `request create` prints it, the customer
/// completes Connect there (here through the page's own session calls), and `request show` then
/// names the link, which `links` lists. A completed request cannot be cancelled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_to_link_made_on_the_command_line_becomes_a_link_when_completed() {
    use billerapi::link::{Consent, SubmitCredentialsRequest};
    use billerapi::secret::{ClientSecret, LinkTokenSecret};

    const ID: &str = "client_cli_request";
    const SECRET: &str = "bb_test_cli_request_secret";
    let sandbox = billerapi_sandbox::serve(billerapi_sandbox::Config {
        clients: vec![billerapi_sandbox::ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET.into(),
        }],
        ..billerapi_sandbox::Config::default()
    })
    .await
    .unwrap();
    let dir = common::scratch("cli-request");
    let svc = service("request");
    let ok = |out: Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    ok(cli(
        &dir,
        &svc,
        &["env", "use", "custom", "--url", &sandbox.base_url()],
    ));
    ok(Command::new(CLI)
        .arg("--data-dir")
        .arg(&dir)
        .args(["env", "credentials", "--client-id", ID])
        .env("BILLKEEP_KEYRING_SERVICE", &svc)
        .env("BILLERAPI_CLIENT_SECRET", SECRET)
        .output()
        .unwrap());

    let made: serde_json::Value = serde_json::from_slice(&ok(cli(
        &dir,
        &svc,
        &[
            "--json",
            "request",
            "create",
            "--biller",
            "test_electric_company",
            "--user",
            "customer-1",
        ],
    )))
    .unwrap();
    assert_eq!(made["status"], "PENDING");
    let id = made["id"].as_str().unwrap().to_owned();
    let page = made["sessionUrl"].as_str().unwrap();
    assert!(
        page.starts_with(&format!("{}/connect?link_token=", sandbox.base_url())),
        "{page}"
    );

    // The customer's browser: the page runs Connect with the link token in its URL.
    let lt = LinkTokenSecret::new(page.split("link_token=").nth(1).unwrap().to_owned());
    let client = billerapi::Client::builder(billerapi::Environment::Custom(
        billerapi::Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .credentials(ID, ClientSecret::new(SECRET))
    .build()
    .unwrap();
    let session = client.link_session(&lt).await.unwrap().link_token_id;
    client
        .link_submit_credentials(
            &lt,
            &session,
            &SubmitCredentialsRequest {
                username: "customer".into(),
                password: "secret".into(),
                account_number: "4242424242".into(),
                biller_id: None,
            },
        )
        .await
        .unwrap();
    let listed: serde_json::Value =
        serde_json::from_slice(&ok(cli(&dir, &svc, &["--json", "request", "list"]))).unwrap();
    assert_eq!(listed[0]["status"], "IN_PROGRESS", "{listed}");
    let found = client.link_discover_accounts(&lt, &session).await.unwrap();
    let account = found.accounts.unwrap()[0].account_id.clone();
    client
        .link_select_account(&lt, &session, &account)
        .await
        .unwrap();
    client
        .link_consent(&lt, &session, &[Consent::Bills])
        .await
        .unwrap();

    let shown: serde_json::Value =
        serde_json::from_slice(&ok(cli(&dir, &svc, &["--json", "request", "show", &id]))).unwrap();
    assert_eq!(shown["status"], "COMPLETED", "{shown}");
    let link = shown["link"].as_i64().expect("the request became a link");
    let links: serde_json::Value =
        serde_json::from_slice(&ok(cli(&dir, &svc, &["--json", "links"]))).unwrap();
    assert_eq!(links.as_array().unwrap().len(), 1, "{links}");
    assert_eq!(links[0]["id"], link);

    let refused = cli(&dir, &svc, &["request", "cancel", &id]);
    assert_eq!(refused.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot be cancelled"));
    sandbox.shutdown().await;
}

/// The OS keyring's value for `name` under `service` (via the real Secret Service).
fn keyring_value(service: &str, name: &str) -> Option<String> {
    use billkeep_core::vault::{OsKeyring, SecretStore};
    OsKeyring::new(service.to_owned())
        .get(name)
        .unwrap()
        .map(|v| v.to_string())
}

#[test]
fn profiles_keep_their_links_and_keys_apart_and_deleting_one_wipes_it() {
    let dir = common::scratch("cli-profiles");
    let svc = service("profiles");
    let ok = |args: &[&str]| {
        let out = cli(&dir, &svc, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let support = "Support — sandbox";
    ok(&["profiles", "create", support]);
    let listed = ok(&["--json", "profiles"]);
    assert!(
        listed.contains("\"Personal\"") && listed.contains(support),
        "{listed}"
    );
    let slug = std::fs::read_dir(dir.join("profiles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name()
        .into_string()
        .unwrap();
    let support_svc = format!("{svc}.profile.{slug}");

    // A link in the default profile.
    ok(&["env", "use", "embedded"]);
    ok(&[
        "link",
        "--biller",
        "test_electric_company",
        "--account",
        "4242424242",
    ]);
    assert!(ok(&["links"]).contains("****4242"));

    // The other profile sees none of it, with --profile or BILLKEEP_PROFILE, and has its own key.
    ok(&["--profile", support, "env", "use", "embedded"]);
    assert_eq!(ok(&["--json", "--profile", support, "links"]).trim(), "[]");
    ok(&[
        "--profile",
        support,
        "link",
        "--biller",
        "test_gas_company",
        "--account",
        "4242424242",
    ]);
    let theirs = ok(&["--profile", support, "links"]);
    assert!(
        theirs.contains("Test Gas Company") && !theirs.contains("Test Electric"),
        "{theirs}"
    );
    let mine = ok(&["links"]);
    assert!(
        mine.contains("Test Electric") && !mine.contains("Test Gas Company"),
        "{mine}"
    );
    ok(&["profiles", "use", support]);
    let out = Command::new(CLI)
        .arg("--data-dir")
        .arg(&dir)
        .args(["--json", "links"])
        .env("BILLKEEP_KEYRING_SERVICE", &svc)
        .env("BILLKEEP_PROFILE", support)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("test_gas_company"));
    let personal_key = keyring_value(&svc, "vault-key-v1").expect("the default profile's key");
    let support_key =
        keyring_value(&support_svc, "vault-key-v1").expect("the support profile's key");
    assert_ne!(personal_key, support_key);
    assert!(keyring_value(&support_svc, "client-secret.embedded").is_some());

    // `profiles use` made the app and the CLI open it by default.
    assert!(ok(&["links"]).contains("Test Gas Company"));
    ok(&["profiles", "use", "Personal"]);
    assert!(ok(&["links"]).contains("****4242"));

    // Deleting: refused without --yes and for the default profile; then the data and keys go.
    assert!(!cli(&dir, &svc, &["profiles", "delete", support])
        .status
        .success());
    assert!(
        !cli(&dir, &svc, &["profiles", "delete", "Personal", "--yes"])
            .status
            .success()
    );
    ok(&["profiles", "delete", support, "--yes"]);
    assert!(!dir.join("profiles").join(&slug).exists());
    assert_eq!(keyring_value(&support_svc, "vault-key-v1"), None);
    assert_eq!(keyring_value(&support_svc, "client-secret.embedded"), None);
    assert!(
        keyring_value(&svc, "vault-key-v1").is_some(),
        "the other profile's key stays"
    );
    assert!(ok(&["links"]).contains("****4242"));
    assert!(
        !cli(&dir, &svc, &["--profile", support, "links"])
            .status
            .success(),
        "gone"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
