//! `relink`: repair a link in update mode by running Connect's session steps without a browser
//! (sandbox environments).

use billerapi::link::{Consent, LinkStepResponse, SubmitCredentialsRequest};
use billerapi::secret::LinkTokenSecret;
use billkeep_core::{Billkeep, Error, Result};

use crate::context::Context;

/// `relink` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Local id or link_….
    link: String,
    /// The account number to sign in with.
    #[arg(long)]
    account: String,
    /// Biller username.
    #[arg(long, default_value = "user_good")]
    username: String,
    /// Biller password.
    #[arg(long, default_value = "pass_good")]
    password: String,
    /// MFA code, if the biller asks (123456 in the sandbox).
    #[arg(long, default_value = "123456")]
    mfa_code: String,
}

/// Runs `relink`.
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    let id = ctx.resolve(&args.link)?;
    let public_token = headless_connect(&ctx.app, id, &args).await?;
    let link = ctx.app.complete_relink(id, &public_token).await?;
    println!("relinked {} {}", link.biller_name, link.account_mask);
    Ok(())
}

fn failed(step: &str, r: &LinkStepResponse) -> Error {
    Error::Invalid(format!(
        "{step} failed: {} ({})",
        r.message.as_deref().unwrap_or("no message"),
        r.error_code.as_deref().unwrap_or("no code")
    ))
}

/// Connect's steps in update mode, as the hosted pages run them; returns the public token.
async fn headless_connect(b: &Billkeep, id: i64, args: &Args) -> Result<String> {
    let session = b.start_relink(id).await?;
    let client = b.client().await?;
    let token = LinkTokenSecret::new(session.link_token);
    let link_token_id = client.link_session(&token).await?.link_token_id;
    let creds = SubmitCredentialsRequest {
        username: args.username.clone(),
        password: args.password.as_str().into(),
        account_number: args.account.clone(),
        biller_id: None,
    };
    let answer = client
        .link_submit_credentials(&token, &link_token_id, &creds)
        .await?;
    if !answer.success {
        return Err(failed("sign-in", &answer));
    }
    if answer.status.as_deref() == Some("mfa_required") {
        let mfa = client
            .link_submit_mfa(&token, &link_token_id, &args.mfa_code)
            .await?;
        if !mfa.success {
            return Err(failed("verification", &mfa));
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
        .ok_or_else(|| failed("consent", &done))
}
