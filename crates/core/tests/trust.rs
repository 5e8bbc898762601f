//! Trust boundaries: a token or a client secret goes only to the origin it belongs to, and one
//! installation never adopts another's links. Each test is an attack that worked before the
//! origin rules (a switched URL, a foreign 404, a shared server, a redirect) and must fail now.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use billerapi::link::Consent;
use billerapi::secret::ClientSecret;
use billerapi_sandbox::{ClientCredentials, Config, Sandbox};
use billkeep_core::links::LinkStatus;
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::sync::SyncOutcome;
use billkeep_core::Billkeep;

const ID: &str = "client_trust";
const SECRET_A: &str = "bb_test_secret_of_server_a_0123";
const SECRET_B: &str = "bb_test_secret_of_server_b_4567";

/// Every request a server received: method, path, headers and body, as text.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    fn containing(&self, needle: &str) -> Vec<String> {
        self.all()
            .into_iter()
            .filter(|r| r.contains(needle))
            .collect()
    }
}

/// A server that records what reaches it and answers every request with `status` and `body`.
async fn recorder(status: StatusCode, body: &'static str) -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body_in: String| {
            let log = log.clone();
            async move {
                log.0
                    .lock()
                    .unwrap()
                    .push(format!("{method} {uri} {headers:?} {body_in}"));
                (status, [("content-type", "application/json")], body).into_response()
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, seen)
}

/// A standalone emulator (server A), its state in `data` so it can be restarted on `addr`.
async fn emulator(addr: SocketAddr, data: Option<std::path::PathBuf>) -> Sandbox {
    billerapi_sandbox::serve(Config {
        addr,
        data,
        clients: vec![ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET_A.into(),
        }],
        ..Config::default()
    })
    .await
    .unwrap()
}

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// An installation on its own data directory, pointed at `url` with `secret`.
async fn install(name: &str, url: &str, secret: &str) -> Billkeep {
    let b = common::open(&common::scratch(name), common::keyring(name));
    b.use_environment(EnvironmentKind::Custom, Some(url))
        .await
        .unwrap();
    b.set_credentials(EnvironmentKind::Custom, ID, secret)
        .unwrap();
    b
}

/// The emulator's own record of a link (read with the client credentials, as the server sees it).
async fn remote_status(sandbox: &Sandbox, link_id: &str) -> String {
    let client = billerapi::Client::builder(billerapi::Environment::Custom(
        billerapi::Url::parse(&sandbox.base_url()).unwrap(),
    ))
    .credentials(ID, ClientSecret::new(SECRET_A))
    .build()
    .unwrap();
    match client.account(link_id).await {
        Ok(account) => account.status.as_str().to_owned(),
        Err(e) if e.status() == Some(404) => "GONE".to_owned(),
        Err(e) => panic!("account lookup failed: {e}"),
    }
}

#[tokio::test]
async fn switching_the_custom_url_sends_no_token_or_secret_to_the_new_host() {
    let a = emulator(any_port(), None).await;
    let (b_addr, b_seen) = recorder(StatusCode::OK, r#"{"accounts":[]}"#).await;
    let app = install("switch-url", &a.base_url(), SECRET_A).await;
    let link = app
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();

    // The user (or the webview, through the settings command) points the custom URL elsewhere.
    app.use_environment(EnvironmentKind::Custom, Some(&format!("http://{b_addr}")))
        .await
        .unwrap();
    let listed = app.links().unwrap();
    assert_eq!(listed.len(), 1, "the link is still shown");
    assert!(listed[0].other_origin, "…as made on another origin");
    assert_eq!(listed[0].origin, format!("{}/", a.base_url()));
    // The new URL has no credentials of its own: A's secret is not lent to it.
    assert!(!app.settings().unwrap().has_client_secret);
    assert_eq!(
        app.test_credentials().await.unwrap_err().code(),
        "missing_credentials"
    );

    // Sync still works for the link, against its own origin with its own credentials.
    let reports = app.sync(None, false, |_| {}).await.unwrap();
    assert!(
        matches!(reports[0].outcome, SyncOutcome::Synced { bills: 1, .. }),
        "{reports:?}"
    );
    // B gets its own secret once the user enters one, and nothing else.
    app.set_credentials(EnvironmentKind::Custom, ID, SECRET_B)
        .unwrap();
    app.test_credentials().await.unwrap();
    app.sync(None, false, |_| {}).await.unwrap();
    app.unlink(link.id).await.unwrap();

    let seen = b_seen.all();
    assert_eq!(
        seen.len(),
        1,
        "B was asked once (the credentials test): {seen:?}"
    );
    assert!(seen[0].contains(SECRET_B));
    for leaked in [SECRET_A, "at_sandbox_", "Bearer"] {
        assert!(
            b_seen.containing(leaked).is_empty(),
            "{leaked} reached the new host"
        );
    }
    assert_eq!(remote_status(&a, &link.link_id).await, "GONE");
    app.shutdown().await;
    a.shutdown().await;
}

#[tokio::test]
async fn unlink_asks_only_the_links_origin_and_an_unconfirmed_removal_keeps_the_link() {
    let data = common::scratch("unlink-origin-server").join("server-a.db");
    let a = emulator(any_port(), Some(data.clone())).await;
    let a_addr = a.addr();
    // B answers 404 to everything: "already gone", were it asked.
    let (b_addr, b_seen) = recorder(
        StatusCode::NOT_FOUND,
        r#"{"statusCode":404,"message":"Account link not found","error":"Not Found"}"#,
    )
    .await;
    let app = install("unlink-origin", &a.base_url(), SECRET_A).await;
    let first = app
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let second = app
        .sandbox_link("test_gas_company", "4000000006", None)
        .await
        .unwrap();
    app.use_environment(EnvironmentKind::Custom, Some(&format!("http://{b_addr}")))
        .await
        .unwrap();
    app.set_credentials(EnvironmentKind::Custom, ID, SECRET_B)
        .unwrap();

    // The removal goes to A, which revokes the link there.
    app.unlink(first.id).await.unwrap();
    assert_eq!(remote_status(&a, &first.link_id).await, "GONE");
    assert!(b_seen.all().is_empty(), "B was asked: {:?}", b_seen.all());

    // A is down: the removal cannot be confirmed, so the link stays, marked, and the user is told.
    a.shutdown().await;
    let err = app.unlink(second.id).await.unwrap_err();
    assert_eq!(err.code(), "removal_pending");
    assert!(
        err.to_string().contains("retries at the next sync"),
        "{err}"
    );
    let kept = app.link(&second.id.to_string()).unwrap();
    assert_eq!(kept.status, LinkStatus::RemovalPending);
    assert!(kept.has_token);
    assert!(b_seen.all().is_empty());

    // A is back (same address, same data): the next sync finishes the removal there.
    let a = emulator(a_addr, Some(data)).await;
    let reports = app.sync(None, false, |_| {}).await.unwrap();
    assert!(
        reports
            .iter()
            .any(|r| r.link == second.id && r.outcome == SyncOutcome::Removed),
        "{reports:?}"
    );
    assert!(app.links().unwrap().is_empty());
    assert_eq!(remote_status(&a, &second.link_id).await, "GONE");
    assert!(b_seen.all().is_empty());
    app.shutdown().await;
    a.shutdown().await;
}

#[tokio::test]
async fn a_link_whose_origin_is_gone_can_be_forgotten_locally() {
    let a = emulator(any_port(), None).await;
    let app = install("forget", &a.base_url(), SECRET_A).await;
    let link = app
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    a.shutdown().await;
    assert_eq!(
        app.unlink(link.id).await.unwrap_err().code(),
        "removal_pending"
    );
    app.forget(link.id).unwrap();
    assert!(app.links().unwrap().is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn two_installs_on_one_server_never_adopt_each_others_links() {
    let server = emulator(any_port(), None).await;
    let url = server.base_url();
    let a = install("install-a", &url, SECRET_A).await;
    let b = install("install-b", &url, SECRET_A).await;
    let theirs = a
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();

    // Without a crash marker, nothing is reconciled (and no server is asked).
    assert!(b
        .recover_interrupted_links()
        .await
        .unwrap()
        .recovered
        .is_empty());
    assert!(b.links().unwrap().is_empty());

    // B crashes between an exchange and its commit: the marker names the server, and the lost
    // link is B's own (made for B's client_user_id).
    let origin = b.settings().unwrap().origin.unwrap();
    b.store()
        .with(|c| {
            c.execute(
                "INSERT INTO pending_links (environment, origin, started_at) VALUES ('custom', ?1, 0)",
                [&origin],
            )?;
            Ok(())
        })
        .unwrap();
    let client = b.client().await.unwrap();
    let mine = b.settings().unwrap().client_user_id;
    let pt = client
        .sandbox_public_token_create("test_gas_company", "4000000006", &mine, &[Consent::Bills])
        .await
        .unwrap();
    let lost = client.link_token_exchange(&pt.public_token).await.unwrap();

    let recovered = b.recover_interrupted_links().await.unwrap().recovered;
    assert_eq!(recovered, vec![lost.link_id.clone()], "only B's own link");
    let listed: Vec<String> = b.links().unwrap().into_iter().map(|l| l.link_id).collect();
    assert_eq!(listed, vec![lost.link_id]);
    assert!(!listed.contains(&theirs.link_id));
    a.shutdown().await;
    b.shutdown().await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_redirecting_server_never_forwards_the_secret() {
    let (other, other_seen) = recorder(StatusCode::OK, r#"{"accounts":[]}"#).await;
    let app = axum::Router::new().fallback(move |uri: Uri| async move {
        (
            StatusCode::TEMPORARY_REDIRECT,
            [("location", format!("http://{other}{}", uri.path()))],
        )
            .into_response()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let b = install("redirect", &format!("http://{addr}"), SECRET_A).await;
    let err = b.test_credentials().await.unwrap_err();
    assert_eq!(err.code(), "redirect");
    assert!(err.to_string().contains(&other.to_string()), "{err}");
    assert!(other_seen.all().is_empty(), "{:?}", other_seen.all());
}

#[tokio::test]
async fn custom_urls_must_be_https_or_loopback_and_carry_no_credentials() {
    let b = common::open(&common::scratch("url-rules"), common::keyring("url-rules"));
    for bad in [
        "http://billerapi.example.com",
        "https://user:secret@billerapi.example.com",
        "https://billerapi.example.com/#frag",
        "javascript:alert(1)",
    ] {
        let err = b
            .use_environment(EnvironmentKind::Custom, Some(bad))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad}");
        assert!(!err.to_string().contains("secret@"), "{err}");
    }
    b.use_environment(
        EnvironmentKind::Custom,
        Some("https://billerapi.example.com"),
    )
    .await
    .unwrap();
    b.use_environment(EnvironmentKind::Custom, Some("http://localhost:4010"))
        .await
        .unwrap();
}

/// The real keyring, counting its reads.
struct CountingKeyring {
    inner: Arc<dyn billkeep_core::vault::SecretStore>,
    gets: std::sync::atomic::AtomicUsize,
}

impl CountingKeyring {
    fn gets(&self) -> usize {
        self.gets.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl billkeep_core::vault::SecretStore for CountingKeyring {
    fn get(&self, name: &str) -> billkeep_core::Result<Option<zeroize::Zeroizing<String>>> {
        self.gets.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.get(name)
    }
    fn set(&self, name: &str, value: &str) -> billkeep_core::Result<()> {
        self.inner.set(name, value)
    }
    fn delete(&self, name: &str) -> billkeep_core::Result<()> {
        self.inner.delete(name)
    }
}

#[tokio::test]
async fn a_client_secret_is_read_from_the_keyring_once_and_again_when_another_process_sets_it() {
    let server = emulator(any_port(), None).await;
    let url = server.base_url();
    let dir = common::scratch("trust-secret-reads");
    let keyring = common::keyring("trust-secret-reads");
    let counted = Arc::new(CountingKeyring {
        inner: keyring.clone(),
        gets: Default::default(),
    });
    let a = common::open(&dir, counted.clone());
    a.use_environment(EnvironmentKind::Custom, Some(&url))
        .await
        .unwrap();
    a.set_url_pacing(None);
    a.set_credentials(EnvironmentKind::Custom, ID, SECRET_B)
        .unwrap();
    assert!(
        a.test_credentials().await.is_err(),
        "server A's secret is not B's"
    );
    let read = counted.gets();
    for _ in 0..3 {
        assert!(a.test_credentials().await.is_err());
        assert!(a.settings().unwrap().has_client_secret);
    }
    assert_eq!(
        counted.gets(),
        read,
        "no keyring read while the credentials stay the same (each is a Secret Service session)"
    );
    // A second process on the same data directory and keyring sets the right secret: the first
    // one uses it at once, read from the keyring once more.
    let b = common::open(&dir, keyring.clone());
    b.set_credentials(EnvironmentKind::Custom, ID, SECRET_A)
        .unwrap();
    a.test_credentials().await.unwrap();
    a.test_credentials().await.unwrap();
    assert_eq!(counted.gets(), read + 1);
    server.shutdown().await;
}
