//! Core benchmarks, printed as a table (run: `cargo bench -p billkeep-core --bench core`; the
//! link ratio alone, five times: `… --bench core -- link`).
//! The keyring here is the in-memory store: these figures are about sealing, storing and syncing,
//! not about the OS keyring.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use billerapi::link::Consent;
use billerapi_sandbox::{ClientCredentials, Config, RateLimits};
use billkeep_core::settings::EnvironmentKind;
use billkeep_core::sync::SyncOutcome;
use billkeep_core::vault::{seal, DataKey, MemoryStore, Unlock};
use billkeep_core::{Billkeep, LinkedAccount};
use tracing_subscriber::layer::SubscriberExt;

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
    // The emulators here have no limits, except where a measure says so.
    b.set_url_pacing(None);
    b
}

/// Counts the emulator's request log lines (route → statuses) while `on` is set: what a server
/// sees, independent of what the client reports.
#[derive(Clone, Default)]
struct RequestCounter {
    on: Arc<AtomicBool>,
    seen: Arc<Mutex<BTreeMap<(String, u64), u64>>>,
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for RequestCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        #[derive(Default)]
        struct Fields {
            route: String,
            status: u64,
            request: bool,
        }
        impl tracing::field::Visit for Fields {
            fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
                if field.name() == "status" {
                    self.status = value;
                }
            }
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                match field.name() {
                    "route" => self.route = format!("{value:?}"),
                    "message" => self.request = format!("{value:?}") == "request",
                    _ => {}
                }
            }
        }
        if !self.on.load(Ordering::Relaxed) {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.request {
            *self
                .seen
                .lock()
                .unwrap()
                .entry((fields.route, fields.status))
                .or_default() += 1;
        }
    }
}

/// 200 links synced through trigger + poll + bills against an emulator with the documented rate
/// limits and the standalone server's one-second refresh: (seconds, requests per route and
/// status, outcomes that were not `Synced`).
async fn sync_under_documented_limits(
    counter: &RequestCounter,
) -> (f64, BTreeMap<(String, u64), u64>, usize) {
    let data = scratch("limits").with_extension("db");
    let credentials = vec![ClientCredentials {
        client_id: ID.into(),
        client_secret: SECRET.into(),
    }];
    // Linking is not what is measured: it runs unlimited, then the same data and address are
    // served again with the documented limits.
    let setup = billerapi_sandbox::serve(Config {
        data: Some(data.clone()),
        clients: credentials.clone(),
        ..Config::default()
    })
    .await
    .unwrap();
    let addr = setup.addr();
    let base = setup.base_url();
    let s = app("limits", &base).await;
    for i in 0..200 {
        s.sandbox_link("test_electric_company", &format!("55{:08}", i), None)
            .await
            .unwrap();
    }
    setup.shutdown().await;
    s.set_url_pacing(Some(billerapi::pacing::RateLimits::DOCUMENTED));
    let limited = billerapi_sandbox::serve(Config {
        addr,
        data: Some(data),
        clients: credentials,
        rate_limits: Some(RateLimits::DOCUMENTED),
        sync_delay: Duration::from_secs(1),
        ..Config::default()
    })
    .await
    .unwrap();
    counter.on.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let reports = s.sync(None, false, |_| {}).await.unwrap();
    let took = started.elapsed().as_secs_f64();
    counter.on.store(false, Ordering::Relaxed);
    let not_synced = reports
        .iter()
        .filter(|r| !matches!(r.outcome, SyncOutcome::Synced { .. }))
        .count();
    s.shutdown().await;
    limited.shutdown().await;
    let seen = counter.seen.lock().unwrap().clone();
    (took, seen, not_synced)
}

/// Link complete (exchange, seal, store) vs the bare exchange on the same client: medians of 60,
/// alternated so drift hits both alike.
async fn link_ratio(name: &str, base: &str) -> (Duration, Duration) {
    let b = app(name, base).await;
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
    (median(bare), median(complete))
}

/// An emulator without limits that knows the bench's client, its state in a scratch file.
async fn emulator(name: &str) -> billerapi_sandbox::Sandbox {
    billerapi_sandbox::serve(Config {
        data: Some(scratch(name).with_extension("db")),
        clients: vec![ClientCredentials {
            client_id: ID.into(),
            client_secret: SECRET.into(),
        }],
        ..Config::default()
    })
    .await
    .unwrap()
}

/// `cargo bench -p billkeep-core --bench core -- link [N]`: the link ratio alone, N times (5),
/// each on a fresh emulator and data directory.
async fn link_ratio_runs(runs: usize) {
    println!("| run | bare exchange | link complete | ratio | goal |");
    println!("|---:|---:|---:|---:|---|");
    for run in 1..=runs {
        let sandbox = emulator(&format!("sandbox-{run}")).await;
        let (bare, complete) = link_ratio(&format!("complete-{run}"), &sandbox.base_url()).await;
        println!(
            "| {run} | {:.2} ms | {:.2} ms | {:.2}x | ≤ 1.5x |",
            bare.as_secs_f64() * 1e3,
            complete.as_secs_f64() * 1e3,
            complete.as_secs_f64() / bare.as_secs_f64()
        );
        sandbox.shutdown().await;
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.first().map(String::as_str) == Some("link") {
        link_ratio_runs(args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5)).await;
        return;
    }
    let counter = RequestCounter::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(counter.clone()))
        .unwrap();
    let sandbox = emulator("sandbox").await;
    let base = sandbox.base_url();

    eprintln!("seal + open…");
    let seal_rate = seal_open_throughput();

    eprintln!("link complete vs bare exchange…");
    let (bare, complete) = link_ratio("complete", &base).await;

    eprintln!("setting up 200 links × 24 bills…");
    let s = app("sync", &base).await;
    for i in 0..200 {
        s.sandbox_link("test_electric_company", &format!("66{:08}", i), None)
            .await
            .unwrap();
    }
    let started = Instant::now();
    let reports = s.sync(None, false, |_| {}).await.unwrap();
    let sync_time = started.elapsed();
    let bills = s.bills(&Default::default()).unwrap().len();
    assert_eq!(reports.len(), 200);
    assert_eq!(bills, 200 * 24);
    let started = Instant::now();
    s.sync(None, false, |_| {}).await.unwrap();
    let resync_time = started.elapsed();

    eprintln!("forecasts and the overview of 200 links × 24 bills…");
    let links = s.links().unwrap();
    let all = s.bills(&Default::default()).unwrap();
    let p95 = |mut v: Vec<Duration>| {
        v.sort();
        v[(v.len() * 95).div_ceil(100) - 1]
    };
    let mut forecast_times = Vec::new();
    let mut made = 0;
    for _ in 0..40 {
        let t = Instant::now();
        made = std::hint::black_box(billkeep_core::forecast::of_links(&links, &all)).len();
        forecast_times.push(t.elapsed());
    }
    let mut overview_times = Vec::new();
    for _ in 0..40 {
        let t = Instant::now();
        std::hint::black_box(s.overview().unwrap());
        overview_times.push(t.elapsed());
    }
    let (forecast_p95, overview_p95) = (p95(forecast_times), p95(overview_times));

    eprintln!("200 links under the documented rate limits (about a minute)…");
    let (limited_time, seen, not_synced) = sync_under_documented_limits(&counter).await;
    let requests: u64 = seen.values().sum();
    let throttled: u64 = seen
        .iter()
        .filter(|((_, status), _)| *status == 429)
        .map(|(_, n)| n)
        .sum();
    let writes: u64 = seen
        .iter()
        .filter(|((route, _), _)| route.ends_with("/trigger"))
        .map(|(_, n)| n)
        .sum();

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
        "| first sync, 200 links × 24 bills ({bills} bills): trigger, 200 ms refresh, poll, read | {:.2} s | ≤ 5 s |",
        sync_time.as_secs_f64()
    );
    println!(
        "| second sync, nothing changed | {:.2} s | |",
        resync_time.as_secs_f64()
    );
    println!(
        "| forecasts of 200 links × 24 bills ({made} made), p95 of 40 | {:.1} ms | ≤ 50 ms |",
        forecast_p95.as_secs_f64() * 1e3
    );
    println!(
        "| overview (read, health, forecasts, flags, this month), p95 of 40 | {:.1} ms | |",
        overview_p95.as_secs_f64() * 1e3
    );
    println!(
        "| 200 links, documented limits (100 writes, 1,000 reads/min), 1 s refresh | {:.1} s | |",
        limited_time
    );
    println!(
        "| …time / the write limit's floor ({writes} triggers at 100/min after a burst of 100) | {:.2}x | ≤ 1.5x |",
        limited_time / ((writes.saturating_sub(100)) as f64 * 0.6).max(1.0)
    );
    println!(
        "| …requests per link (trigger, polls, bill pages, accounts) | {:.2} | |",
        requests as f64 / 200.0
    );
    println!("| …429s answered by the server | {throttled} | 0 |");
    println!("| …links not synced (surfaced to the user) | {not_synced} | 0 |");
    for ((route, status), n) in &seen {
        println!("|   {route} → {status} | {n} | |");
    }
    s.shutdown().await;
    sandbox.shutdown().await;
}
