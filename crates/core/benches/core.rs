//! Core benchmarks, printed as a table (run: `cargo bench -p billkeep-core --bench core`).
//! The keyring here is the in-memory store: these figures are about sealing, storing and syncing,
//! not about the OS keyring.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use billerapi::link::Consent;
use billerapi_sandbox::{ClientCredentials, Config};
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::vault::{seal, DataKey, MemoryStore, Unlock};
use billkeep_core::{Billkeep, LinkedAccount};

const ID: &str = "client_bench";
const SECRET: &str = "bb_test_bench_secret";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("billkeep-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn seal_open_throughput() -> f64 {
    let key = DataKey::generate(1);
    let token = b"at_sandbox_0123456789abcdef0123456789abcdef";
    let n = 200_000;
    let started = Instant::now();
    for i in 0..n {
        let row = (i % 1000).to_string();
        let sealed = seal::seal(&key, "access-token", &row, token);
        let opened = seal::open(&key, "access-token", &row, &sealed).unwrap();
        std::hint::black_box(opened);
    }
    n as f64 / started.elapsed().as_secs_f64()
}

async fn app(name: &str, base: &str) -> Billkeep {
    let b = Billkeep::open(
        &scratch(name),
        Arc::new(MemoryStore::default()),
        Unlock::Keyring,
    )
    .unwrap();
    b.use_environment(EnvironmentKind::Custom, Some(base))
        .await
        .unwrap();
    b.set_credentials(EnvironmentKind::Custom, ID, SECRET)
        .unwrap();
    b
}

#[tokio::main]
async fn main() {
    let sandbox = billerapi_sandbox::serve(Config {
        data: Some(scratch("sandbox").with_extension("db")),
        clients: vec![ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET.into(),
        }],
        ..Config::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();

    eprintln!("seal + open…");
    let seal_rate = seal_open_throughput();

    eprintln!("link complete vs bare exchange…");
    let b = app("complete", &base).await;
    let client = b.client().await.unwrap();
    let (mut bare, mut complete) = (Vec::new(), Vec::new());
    for i in 0..60 {
        // Alternate so drift hits both alike; public tokens are made outside the timed part.
        let a = client
            .sandbox_public_token_create(
                "test_electric_company",
                &format!("77{:08}", i),
                "u",
                &[Consent::Bills],
            )
            .await
            .unwrap();
        let c = client
            .sandbox_public_token_create(
                "test_electric_company",
                &format!("88{:08}", i),
                "u",
                &[Consent::Bills],
            )
            .await
            .unwrap();
        let t = Instant::now();
        client.link_token_exchange(&a.public_token).await.unwrap();
        bare.push(t.elapsed());
        let metadata = LinkedAccount {
            biller_id: Some("test_electric_company".into()),
            biller_name: Some("Test Electric Company".into()),
            account_mask: Some(format!("****{:04}", i)),
            account_name: Some("Primary".into()),
        };
        let t = Instant::now();
        b.complete_link(c.public_token.expose(), metadata)
            .await
            .unwrap();
        complete.push(t.elapsed());
    }
    let (bare, complete) = (median(bare), median(complete));

    eprintln!("setting up 200 links × 24 bills…");
    let s = app("sync", &base).await;
    for i in 0..200 {
        s.sandbox_link("test_electric_company", &format!("66{:08}", i), None)
            .await
            .unwrap();
    }
    let started = Instant::now();
    let reports = s.sync(None, |_| {}).await.unwrap();
    let sync_time = started.elapsed();
    let bills = s.bills(&Default::default()).unwrap().len();
    assert_eq!(reports.len(), 200);
    assert_eq!(bills, 200 * 24);
    let started = Instant::now();
    s.sync(None, |_| {}).await.unwrap();
    let resync_time = started.elapsed();

    println!("\nbillkeep-core benchmarks (one run; 2-core machine; loopback emulator)\n");
    println!("| measure | result | goal |");
    println!("|---|---:|---|");
    println!(
        "| seal + open, one core | {:.0} tokens/s | ≥ 50,000 tokens/s |",
        seal_rate
    );
    println!(
        "| bare exchange (median of 60) | {:.2} ms | |",
        bare.as_secs_f64() * 1e3
    );
    println!(
        "| link complete: exchange + seal + store (median of 60) | {:.2} ms | |",
        complete.as_secs_f64() * 1e3
    );
    println!(
        "| link complete / bare exchange | {:.2}x | ≤ 1.5x |",
        complete.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| first sync, 200 links × 24 bills ({bills} bills) | {:.2} s | ≤ 2 s |",
        sync_time.as_secs_f64()
    );
    println!(
        "| second sync, nothing changed | {:.2} s | |",
        resync_time.as_secs_f64()
    );
    s.shutdown().await;
    sandbox.shutdown().await;
}
