//! What each subcommand does, on top of `billkeep_core::Billkeep`.

use std::io::Read;
use std::sync::Arc;

use billerapi::link::{Consent, SubmitCredentialsRequest};
use billerapi::secret::LinkTokenSecret;
use billkeep_core::bills::{self, BillFilter};
use billkeep_core::paths::default_data_dir;
use billkeep_core::vault::{OsKeyring, Unlock, SERVICE};
use billkeep_core::{Billkeep, Error, Result};
use zeroize::Zeroizing;

use crate::output;
use crate::{Cli, Command, EnvAction, Format, SandboxAction};

fn read_stdin_line(what: &str) -> Result<Zeroizing<String>> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Error::Io(format!("cannot read the {what} from standard input: {e}")))?;
    let trimmed = Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned());
    if trimmed.is_empty() {
        return Err(Error::Invalid(format!("no {what} on standard input")));
    }
    Ok(trimmed)
}

fn unlock(cli: &Cli) -> Result<Unlock> {
    if cli.passphrase_stdin {
        return Ok(Unlock::Passphrase(read_stdin_line("passphrase")?));
    }
    match std::env::var("BILLKEEP_PASSPHRASE") {
        Ok(p) if !p.is_empty() => Ok(Unlock::Passphrase(Zeroizing::new(p))),
        _ => Ok(Unlock::Keyring),
    }
}

fn open(cli: &Cli) -> Result<Billkeep> {
    let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let keyring_service =
        std::env::var("BILLKEEP_KEYRING_SERVICE").unwrap_or_else(|_| SERVICE.to_owned());
    Billkeep::open(
        &dir,
        Arc::new(OsKeyring::new(keyring_service)),
        unlock(cli)?,
    )
}

fn resolve(b: &Billkeep, reference: &str) -> Result<i64> {
    Ok(b.link(reference)?.id)
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<()> {
    if let Command::Sandbox {
        action: SandboxAction::Serve { addr, data },
    } = &cli.command
    {
        return serve(*addr, data.clone()).await;
    }
    let b = open(&cli)?;
    let result = dispatch(&cli, &b).await;
    b.shutdown().await;
    result
}

async fn dispatch(cli: &Cli, b: &Billkeep) -> Result<()> {
    if b.has_pending_links()? {
        // A previous run stopped between an exchange and its commit: recover the link as orphaned.
        match b.recover_interrupted_links().await {
            Ok(r) if !r.recovered.is_empty() => {
                eprintln!(
                    "note: recovered {} link(s) interrupted by a crash; relink them",
                    r.recovered.len()
                )
            }
            Ok(_) => {}
            Err(e) => eprintln!("warning: could not reconcile interrupted links: {e}"),
        }
    }
    match &cli.command {
        Command::Env { action: None } => {
            let s = b.settings()?;
            if cli.json {
                output::json(
                    &serde_json::json!({ "settings": s, "dataDir": b.data_dir(), "keyMode": format!("{:?}", b.key_mode()).to_lowercase() }),
                );
            } else {
                println!("environment:     {}", s.environment);
                if let Some(url) = &s.custom_url {
                    println!("custom URL:      {url}");
                }
                println!(
                    "client id:       {}",
                    s.client_id.as_deref().unwrap_or("(not set)")
                );
                if let Some(origin) = &s.origin {
                    println!("origin:          {origin}");
                }
                let kept = match b.key_mode() {
                    billkeep_core::vault::KeyMode::Keyring => "stored in the OS keyring",
                    billkeep_core::vault::KeyMode::Passphrase => "sealed in the database",
                };
                println!(
                    "client secret:   {}",
                    if s.has_client_secret {
                        kept
                    } else {
                        "(not set)"
                    }
                );
                println!("client_user_id:  {}", s.client_user_id);
                println!("data directory:  {}", b.data_dir().display());
            }
        }
        Command::Env {
            action: Some(EnvAction::Use { kind, url }),
        } => {
            let s = b.use_environment(*kind, url.as_deref()).await?;
            if cli.json {
                output::json(&s);
            } else {
                println!("now using the {} environment", s.environment);
            }
        }
        Command::Env {
            action:
                Some(EnvAction::Credentials {
                    env,
                    client_id,
                    secret_stdin,
                }),
        } => {
            let kind = match env {
                Some(k) => *k,
                None => b.settings()?.environment,
            };
            let secret = if *secret_stdin {
                read_stdin_line("client secret")?
            } else {
                Zeroizing::new(std::env::var("BILLERAPI_CLIENT_SECRET").map_err(|_| {
                    Error::Invalid(
                        "give the secret with --secret-stdin or BILLERAPI_CLIENT_SECRET".to_owned(),
                    )
                })?)
            };
            b.set_credentials(kind, client_id, &secret)?;
            let kept = match b.key_mode() {
                billkeep_core::vault::KeyMode::Keyring => "in the OS keyring",
                billkeep_core::vault::KeyMode::Passphrase => "sealed in the database",
            };
            println!("credentials for {kind} stored (secret {kept})");
        }
        Command::Env {
            action: Some(EnvAction::Test),
        } => {
            b.test_credentials().await?;
            println!("credentials work");
        }
        Command::Link {
            biller,
            account,
            username: _,
            password: _,
            user,
        } => {
            let link = b.sandbox_link(biller, account, user.as_deref()).await?;
            if cli.json {
                output::json(&link);
            } else {
                println!(
                    "linked {} {} as {} ({})",
                    link.biller_name, link.account_mask, link.id, link.link_id
                );
            }
        }
        Command::Links => {
            let links = b.links()?;
            if cli.json {
                output::json(&links);
            } else {
                output::links(&links);
            }
        }
        Command::Bills {
            link,
            status,
            from,
            to,
        } => {
            let filter = BillFilter {
                link: link.as_deref().map(|r| resolve(b, r)).transpose()?,
                status: status.clone(),
                from: from.clone(),
                to: to.clone(),
            };
            let bills = b.bills(&filter)?;
            if cli.json {
                output::json(&bills);
            } else {
                output::bills(&bills);
            }
        }
        Command::Sync { link } => {
            let only = link.as_deref().map(|r| resolve(b, r)).transpose()?;
            let json = cli.json;
            let reports = b
                .sync(only, |p| {
                    if !json {
                        eprintln!(
                            "[{}/{}] link {}: {}",
                            p.done,
                            p.total,
                            p.link,
                            describe(&p.outcome)
                        );
                    }
                })
                .await?;
            if json {
                output::json(&reports);
            }
            if reports
                .iter()
                .any(|r| !matches!(r.outcome, billkeep_core::sync::SyncOutcome::Synced { .. }))
            {
                return Err(Error::Invalid(
                    "some links did not sync; see above".to_owned(),
                ));
            }
        }
        Command::Relink {
            link,
            account,
            username,
            password,
            mfa_code,
        } => {
            let id = resolve(b, link)?;
            let public_token =
                relink_headless(b, id, account, username, password, mfa_code).await?;
            let link = b.complete_relink(id, &public_token).await?;
            println!("relinked {} {}", link.biller_name, link.account_mask);
        }
        Command::Unlink { link } => {
            let id = resolve(b, link)?;
            b.unlink(id).await?;
            println!("unlinked {link}");
        }
        Command::Forget { link } => {
            let id = resolve(b, link)?;
            b.forget(id)?;
            println!(
                "forgot {link} on this computer; its access token stays valid at its origin until the link is removed there"
            );
        }
        Command::Export {
            format,
            output: path,
        } => {
            let bills = b.bills(&BillFilter::default())?;
            let text = match format {
                Format::Csv => bills::to_csv(&bills),
                Format::Json => {
                    serde_json::to_string_pretty(&bills).map_err(|e| Error::Io(e.to_string()))?
                }
            };
            match path {
                Some(p) => std::fs::write(p, text)
                    .map_err(|e| Error::Io(format!("cannot write {}: {e}", p.display())))?,
                None => print!("{text}"),
            }
        }
        Command::RotateKey => {
            let passphrase = match unlock(cli)? {
                Unlock::Passphrase(p) => Some(p),
                Unlock::Keyring => None,
            };
            let n = b.rotate_key(passphrase.as_ref().map(|p| p.as_str()))?;
            println!("re-sealed {n} token(s) under a new key");
        }
        Command::Sandbox { .. } => {}
    }
    Ok(())
}

fn describe(outcome: &billkeep_core::sync::SyncOutcome) -> String {
    use billkeep_core::sync::SyncOutcome::*;
    match outcome {
        Synced { bills, changed } => format!("synced {bills} bills ({changed} new or changed)"),
        NeedsRelink { message } => format!("needs relink: {message}"),
        RateLimited { until } => format!("rate-limited until {until}"),
        Failed { code, message } => format!("failed ({code}): {message}"),
        Skipped { reason } => format!("skipped: {reason}"),
        Removed => "removed (its origin confirmed the earlier unlink)".to_owned(),
    }
}

/// Runs Connect's session steps in update mode without a browser; returns the public token.
async fn relink_headless(
    b: &Billkeep,
    id: i64,
    account: &str,
    username: &str,
    password: &str,
    mfa_code: &str,
) -> Result<String> {
    let session = b.start_relink(id).await?;
    let client = b.client().await?;
    let token = LinkTokenSecret::new(session.link_token);
    let link_token_id = client.link_session(&token).await?.link_token_id;
    let fail = |step: &str, r: &billerapi::link::LinkStepResponse| {
        Error::Invalid(format!(
            "{step} failed: {} ({})",
            r.message.as_deref().unwrap_or("no message"),
            r.error_code.as_deref().unwrap_or("no code")
        ))
    };
    let creds = SubmitCredentialsRequest {
        username: username.to_owned(),
        password: password.into(),
        account_number: account.to_owned(),
        biller_id: None,
    };
    let answer = client
        .link_submit_credentials(&token, &link_token_id, &creds)
        .await?;
    if !answer.success {
        return Err(fail("sign-in", &answer));
    }
    if answer.status.as_deref() == Some("mfa_required") {
        let mfa = client
            .link_submit_mfa(&token, &link_token_id, mfa_code)
            .await?;
        if !mfa.success {
            return Err(fail("verification", &mfa));
        }
    }
    let found = client
        .link_discover_accounts(&token, &link_token_id)
        .await?;
    let first = found
        .accounts
        .and_then(|a| a.into_iter().next())
        .ok_or_else(|| Error::Invalid("no account found".to_owned()))?;
    client
        .link_select_account(&token, &link_token_id, &first.account_id)
        .await?;
    let done = client
        .link_consent(&token, &link_token_id, &[Consent::Bills])
        .await?;
    done.public_token
        .as_ref()
        .map(|t| t.expose().to_owned())
        .ok_or_else(|| fail("consent", &done))
}

async fn serve(addr: std::net::SocketAddr, data: std::path::PathBuf) -> Result<()> {
    let first_run = !data.exists();
    let mut clients = Vec::new();
    let mut generated = None;
    match (
        std::env::var("BILLERAPI_CLIENT_ID"),
        std::env::var("BILLERAPI_CLIENT_SECRET"),
    ) {
        (Ok(client_id), Ok(client_secret)) => clients.push(billerapi_sandbox::ClientCredentials {
            client_id,
            client_secret,
        }),
        _ if first_run => {
            let pair = billerapi_sandbox::ClientCredentials::generate();
            clients.push(pair.clone());
            generated = Some(pair);
        }
        _ => {}
    }
    let sandbox = billerapi_sandbox::serve(billerapi_sandbox::Config {
        addr,
        data: Some(data),
        clients,
        ..billerapi_sandbox::Config::default()
    })
    .await
    .map_err(|e| Error::Embedded(e.to_string()))?;
    println!("BillerAPI sandbox listening on {}", sandbox.base_url());
    if let Some(pair) = generated {
        println!("Generated client credentials (shown only now):");
        println!("  BILLERAPI_CLIENT_ID={}", pair.client_id);
        println!("  BILLERAPI_CLIENT_SECRET={}", pair.client_secret);
    }
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(())
}
