//! `billerapi-sandbox`: runs the BillerAPI sandbox emulator standalone (e.g. for a support team).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use billerapi_sandbox::{serve, ClientCredentials, Config, RateLimit};
use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// A faithful BillerAPI sandbox: the documented API, test billers and magic account numbers.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:4010")]
    addr: SocketAddr,
    /// SQLite file that keeps the sandbox's state across restarts; `:memory:` keeps nothing.
    #[arg(long, value_name = "FILE", default_value = "billerapi-sandbox.db")]
    data: String,
    /// Client id to register (with --client-secret).
    #[arg(long, env = "BILLERAPI_CLIENT_ID", requires = "client_secret")]
    client_id: Option<String>,
    /// Client secret to register (with --client-id).
    #[arg(
        long,
        env = "BILLERAPI_CLIENT_SECRET",
        requires = "client_id",
        hide_env_values = true
    )]
    client_secret: Option<String>,
    /// Per-caller rate limit as N/SECONDS (e.g. 100/1); off by default.
    #[arg(long, value_name = "N/SECONDS")]
    rate_limit: Option<RateLimit>,
    /// Log format.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    init_logging(args.log_format);
    let data = (args.data != ":memory:").then(|| PathBuf::from(&args.data));
    let first_run = data.as_ref().is_none_or(|p| !p.exists());
    let mut clients = Vec::new();
    let mut generated = None;
    match (args.client_id, args.client_secret) {
        (Some(client_id), Some(client_secret)) => clients.push(ClientCredentials {
            client_id,
            client_secret,
        }),
        _ if first_run => {
            let pair = ClientCredentials::generate();
            clients.push(pair.clone());
            generated = Some(pair);
        }
        _ => {}
    }
    let config = Config {
        addr: args.addr,
        data,
        clients,
        rate_limit: args.rate_limit,
        ..Config::default()
    };
    let sandbox = match serve(config).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            tracing::error!(code = %e.code(), "{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("BillerAPI sandbox listening on {}", sandbox.base_url());
    if let Some(pair) = generated {
        // Printed once: only a hash of the secret is stored.
        println!("Generated client credentials (shown only now):");
        println!("  BILLERAPI_CLIENT_ID={}", pair.client_id);
        println!("  BILLERAPI_CLIENT_SECRET={}", pair.client_secret);
    } else {
        println!("Clients: {}", sandbox.client_ids().join(", "));
    }
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
