//! `billerapi-sandbox`: runs the BillerAPI sandbox emulator standalone (e.g. for a support team).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use billerapi_sandbox::{
    serve, ClientCredentials, Config, Dialect, ErrorFormat, RateLimit, RateLimits,
};
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
    /// Writes (POST, PUT, DELETE) per client as N/SECONDS (default: the documented 100/60).
    #[arg(long, value_name = "N/SECONDS", default_value = "100/60")]
    rate_limit_writes: RateLimit,
    /// Reads (GET) per client as N/SECONDS (default: the documented 1000/60).
    #[arg(long, value_name = "N/SECONDS", default_value = "1000/60")]
    rate_limit_reads: RateLimit,
    /// One limit for writes and reads alike, as N/SECONDS (overrides the two above).
    #[arg(long, value_name = "N/SECONDS")]
    rate_limit: Option<RateLimit>,
    /// Serve without rate limits.
    #[arg(long, conflicts_with = "rate_limit")]
    no_rate_limit: bool,
    /// Which page of the docs answers follow: guide (default), reference or pagination.
    #[arg(long, default_value = "guide")]
    dialect: Dialect,
    /// Another dialect for one client, as CLIENT_ID=DIALECT (repeatable).
    #[arg(long, value_name = "CLIENT_ID=DIALECT", value_parser = client_dialect)]
    client_dialect: Vec<(String, Dialect)>,
    /// Error bodies: concepts (`{status_code, error, message, documentation_url}`, default) or
    /// overview (`{statusCode, message, error}`).
    #[arg(long, default_value = "concepts")]
    error_format: ErrorFormat,
    /// The URL users reach this server at, for request-to-link pages (default: http://ADDR).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// How long a triggered bill sync takes, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    sync_delay_ms: u64,
    /// Log format.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
}

fn client_dialect(text: &str) -> Result<(String, Dialect), String> {
    let (client, dialect) = text
        .split_once('=')
        .ok_or("expected CLIENT_ID=DIALECT, e.g. client_abc=pagination")?;
    Ok((client.to_owned(), dialect.parse()?))
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
    let rate_limits = match (args.no_rate_limit, args.rate_limit) {
        (true, _) => None,
        (false, Some(both)) => Some(RateLimits::uniform(both)),
        (false, None) => Some(RateLimits {
            writes: args.rate_limit_writes,
            reads: args.rate_limit_reads,
        }),
    };
    let config = Config {
        addr: args.addr,
        data,
        clients,
        rate_limits,
        dialect: args.dialect,
        client_dialects: args.client_dialect.into_iter().collect(),
        error_format: args.error_format,
        sync_delay: std::time::Duration::from_millis(args.sync_delay_ms),
        public_url: args.public_url,
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
