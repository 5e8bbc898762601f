//! `env`: show the active environment, switch it, store and test its origin's credentials.

use billkeep_core::settings::EnvironmentKind;
use billkeep_core::vault::KeyMode;
use billkeep_core::{Error, Result};
use clap::Subcommand;
use zeroize::Zeroizing;

use crate::context::{read_stdin_line, Context};
use crate::output;

/// `env` and its actions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Without one, shows the active environment.
    #[command(subcommand)]
    action: Option<Action>,
}

/// `env` actions.
#[derive(Debug, Subcommand)]
enum Action {
    /// Make an environment the active one.
    Use {
        /// embedded, sandbox, production or custom.
        kind: EnvironmentKind,
        /// Base URL (custom only): https://, or http:// to this machine.
        #[arg(long)]
        url: Option<String>,
    },
    /// Store the client id (settings) and secret of an environment's origin.
    Credentials {
        /// The environment (default: the active one).
        #[arg(long)]
        env: Option<EnvironmentKind>,
        /// The client id.
        #[arg(long)]
        client_id: String,
        /// Read the secret from standard input (else BILLERAPI_CLIENT_SECRET).
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Check the active origin's credentials against the API.
    Test,
    /// Set the hosted Connect page of an environment's server (BillerAPI documents none;
    /// without one, `<base URL>/connect` is used).
    ConnectUrl {
        /// The environment (default: the active one).
        #[arg(long)]
        env: Option<EnvironmentKind>,
        /// The page's URL; leave out with --default to go back to `<base URL>/connect`.
        #[arg(required_unless_present = "default")]
        url: Option<String>,
        /// Use `<base URL>/connect` again.
        #[arg(long, conflicts_with = "url")]
        default: bool,
    },
}

/// Where the secrets of this vault are kept, in words.
fn secrets_kept(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Keyring => "in the OS keyring",
        KeyMode::Passphrase => "sealed in the database",
    }
}

/// Runs `env`.
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    let b = &ctx.app;
    match args.action {
        None => {
            let s = b.settings()?;
            if ctx.json {
                output::json(
                    &serde_json::json!({ "settings": s, "dataDir": b.data_dir(), "keyMode": b.key_mode() }),
                );
                return Ok(());
            }
            println!("environment:     {}", s.environment);
            if let Some(url) = &s.custom_url {
                println!("custom URL:      {url}");
            }
            if let Some(origin) = &s.origin {
                println!("origin:          {origin}");
            }
            println!(
                "client id:       {}",
                s.client_id.as_deref().unwrap_or("(not set)")
            );
            let kept = format!("stored {}", secrets_kept(b.key_mode()));
            println!(
                "client secret:   {}",
                if s.has_client_secret {
                    &kept
                } else {
                    "(not set)"
                }
            );
            println!(
                "Connect page:    {}",
                s.connect_url.as_deref().unwrap_or("<base URL>/connect")
            );
            println!("client_user_id:  {}", s.client_user_id);
            println!("data directory:  {}", b.data_dir().display());
        }
        Some(Action::Use { kind, url }) => {
            let s = b.use_environment(kind, url.as_deref()).await?;
            if ctx.json {
                output::json(&s);
            } else {
                println!("now using the {} environment", s.environment);
            }
        }
        Some(Action::Credentials {
            env,
            client_id,
            secret_stdin,
        }) => {
            let kind = match env {
                Some(k) => k,
                None => b.settings()?.environment,
            };
            let secret = if secret_stdin {
                read_stdin_line("client secret")?
            } else {
                Zeroizing::new(std::env::var("BILLERAPI_CLIENT_SECRET").map_err(|_| {
                    Error::Invalid(
                        "give the secret with --secret-stdin or BILLERAPI_CLIENT_SECRET".to_owned(),
                    )
                })?)
            };
            b.set_credentials(kind, &client_id, &secret)?;
            println!(
                "credentials for {kind} stored (secret {})",
                secrets_kept(b.key_mode())
            );
        }
        Some(Action::Test) => {
            b.test_credentials().await?;
            println!("credentials work");
        }
        Some(Action::ConnectUrl { env, url, .. }) => {
            let kind = match env {
                Some(k) => k,
                None => b.settings()?.environment,
            };
            b.set_connect_url(kind, url.as_deref())?;
            match url {
                Some(url) => println!("Connect page for {kind}: {url}"),
                None => println!("Connect page for {kind}: <base URL>/connect"),
            }
        }
    }
    Ok(())
}
