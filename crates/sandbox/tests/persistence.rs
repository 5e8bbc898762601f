//! State survives a restart on the same file.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use billerapi_sandbox::Config;
use common::{scratch, send, TestSandbox};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn an_access_token_issued_before_a_restart_still_reads_bills() {
    let dir = scratch("restart");
    let file = dir.join("sandbox.db");
    let t = TestSandbox::start_with(Config {
        data: Some(file.clone()),
        ..common::config()
    })
    .await;
    let (at, link) = t.link("5550007777").await;
    let (_, before) = t
        .bills(&at, &format!("account_link_id={link}&limit=100"))
        .await;
    t.sandbox.shutdown().await;

    // Restarted without naming any client: the stored (hashed) credentials still work.
    let t = TestSandbox::start_with(Config {
        data: Some(file.clone()),
        clients: vec![],
        ..common::config()
    })
    .await;
    let (status, after) = t
        .bills(&at, &format!("account_link_id={link}&limit=100"))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(before, after);
    let (status, _) = send(t.as_client(Method::GET, "/bills/accounts")).await;
    assert_eq!(status, StatusCode::OK);
    t.sandbox.shutdown().await;

    // Secrets and tokens are stored only as hashes.
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(&at), "access token in plaintext");
    assert!(
        !text.contains(&common::credentials(1).client_secret),
        "client secret in plaintext"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_unopenable_data_file_is_a_clear_startup_error() {
    let dir = scratch("bad-file");
    let file = dir.join("not-a-db");
    std::fs::write(
        &file,
        b"this is not a sqlite database, just text that is long enough",
    )
    .unwrap();
    let result = billerapi_sandbox::serve(Config {
        data: Some(file.clone()),
        ..common::config()
    })
    .await;
    let err = result.err().expect("refuses to start");
    assert!(matches!(err.code(), "store" | "migration"), "{err}");
    assert!(
        err.to_string().contains("not-a-db") || err.code() == "migration",
        "{err}"
    );
    // The file is left as it was.
    assert!(std::fs::read(&file)
        .unwrap()
        .starts_with(b"this is not a sqlite"));
    std::fs::remove_dir_all(dir).ok();
}
