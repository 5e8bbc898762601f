//! Finding the user's billers from their bill e-mails (BillerAPI's e-mail discovery): a consent
//! URL for the system browser whose redirect comes back as `billkeep://oauth/email?state=…`,
//! checked against a one-time state, then the mailbox connected and its bill e-mails read and
//! grouped by biller.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use billerapi::emails::{EmailMessagesQuery, OAuthUrlRequest};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::app::Billkeep;
use crate::origin::ApiOrigin;
use crate::{Error, Result};

/// Where the consent comes back to (the app's registered scheme).
pub const REDIRECT_URI: &str = "billkeep://oauth/email";
/// How long a consent may take.
const STATE_TTL: Duration = Duration::minutes(15);
/// How far back the e-mails are read.
const LOOK_BACK: Duration = Duration::days(400);
/// At most this many pages of 100 e-mails.
const MAX_PAGES: usize = 20;

/// The consents under way, by their one-time state (in memory: the running app gets the
/// redirect, since a second launch hands it over).
#[derive(Default)]
pub(crate) struct PendingConsents(Mutex<HashMap<String, (ApiOrigin, OffsetDateTime)>>);

/// The consent page to open in the system browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EmailConsent {
    /// The mail provider's consent URL (from BillerAPI).
    pub url: String,
}

/// How the consent ended, as the redirect says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentOutcome {
    /// The user allowed access.
    Allowed,
    /// The user declined (`error=access_denied`).
    Denied,
}

/// One biller found in the user's e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredBiller {
    /// BillerAPI's biller id, when it recognised the biller (then it can be linked).
    pub biller_id: Option<String>,
    /// The biller's name (or the sender, when not recognised).
    pub name: String,
    /// The newest bill's amount in minor units, if it had one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_amount: Option<i64>,
    /// Its currency (e-mails do not say: the user's, USD).
    pub currency: String,
    /// The newest bill's due date.
    pub last_due_date: Option<String>,
    /// How many bill e-mails came from it.
    pub emails: u32,
    /// Whether an account of this biller is already linked here.
    pub linked: bool,
}

/// A fresh one-time state: 128 random bits.
fn new_state() -> String {
    crate::vault::random_hex::<16>()
}

impl PendingConsents {
    fn insert(&self, state: String, origin: ApiOrigin, now: OffsetDateTime) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (_, at)| now - *at < STATE_TTL);
        map.insert(state, (origin, now));
    }

    /// The origin of a live state, which is used up.
    fn take(&self, state: &str, now: OffsetDateTime) -> Option<ApiOrigin> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(state)
            .filter(|(_, at)| now - *at < STATE_TTL)
            .map(|(origin, _)| origin)
    }
}

impl Billkeep {
    /// Asks BillerAPI for the mail provider's consent URL on the active origin, for this
    /// installation's user; the redirect carries a new one-time state.
    pub async fn begin_email_discovery(&self) -> Result<EmailConsent> {
        let origin = self.active_origin()?;
        let user = self.active()?.client_user_id;
        let client = self.client_for(&origin).await?;
        let client_id = client
            .client_id()
            .ok_or_else(|| Error::MissingCredentials("no client id for this server".to_owned()))?
            .to_owned();
        let state = new_state();
        let answer = client
            .email_oauth_url(&OAuthUrlRequest {
                user_id: user,
                client_id,
                redirect_uri: format!("{REDIRECT_URI}?state={state}"),
            })
            .await?;
        let url = billerapi::Url::parse(&answer.oauth_url).map_err(|_| {
            Error::Invalid("BillerAPI answered a consent URL that is not a URL".to_owned())
        })?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Error::Invalid(
                "BillerAPI answered a consent URL that is not a web page".to_owned(),
            ));
        }
        self.consents
            .insert(state, origin, OffsetDateTime::now_utc());
        Ok(EmailConsent { url: url.into() })
    }

    /// The consent came back: checks its one-time state, connects the mailbox and reads the
    /// billers from the last year of bill e-mails, on the origin the consent was made for.
    pub async fn finish_email_discovery(
        &self,
        state: &str,
        outcome: ConsentOutcome,
    ) -> Result<Vec<DiscoveredBiller>> {
        let origin = self
            .consents
            .take(state, OffsetDateTime::now_utc())
            .ok_or_else(|| {
                Error::Invalid(
                    "This e-mail consent is unknown or has expired: start again from Accounts"
                        .to_owned(),
                )
            })?;
        if outcome == ConsentOutcome::Denied {
            return Err(Error::Invalid(
                "Access to your e-mail was declined, so no biller was looked for".to_owned(),
            ));
        }
        let user = self.active()?.client_user_id;
        let client = self.client_for(&origin).await?;
        client.email_connect(&user).await?;
        let today = crate::clock::today_local();
        let mut query = EmailMessagesQuery {
            user_id: user,
            start_date: Some(billerapi::dates::format_date(today - LOOK_BACK)),
            end_date: None,
            limit: Some(100),
            cursor: None,
        };
        let mut messages = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = client.email_messages(&query).await?;
            messages.extend(page.messages);
            match page.next_cursor {
                Some(cursor) if page.has_more => query.cursor = Some(cursor),
                _ => break,
            }
        }
        let linked: Vec<String> = self
            .links()?
            .into_iter()
            .filter(|l| l.origin == origin.stored())
            .map(|l| l.biller_id)
            .collect();
        Ok(group(messages, &linked))
    }
}

/// One entry per biller (by id, else by name, else by sender), the newest e-mail's figures,
/// the most e-mailed first.
fn group(
    mut messages: Vec<billerapi::emails::EmailMessage>,
    linked: &[String],
) -> Vec<DiscoveredBiller> {
    messages.sort_by_key(|m| std::cmp::Reverse(m.received_at));
    let mut found: BTreeMap<String, DiscoveredBiller> = BTreeMap::new();
    for m in messages {
        let key = m
            .biller_id
            .clone()
            .or_else(|| m.biller_name.clone())
            .unwrap_or_else(|| m.from.to_ascii_lowercase());
        let entry = found.entry(key).or_insert_with(|| DiscoveredBiller {
            linked: m.biller_id.as_ref().is_some_and(|id| linked.contains(id)),
            biller_id: m.biller_id.clone(),
            name: m.biller_name.clone().unwrap_or_else(|| m.from.clone()),
            last_amount: m.bill_amount.as_ref().and_then(|a| a.to_minor("USD").ok()),
            currency: "USD".to_owned(),
            last_due_date: m.due_date.map(billerapi::dates::format_date),
            emails: 0,
        });
        entry.emails += 1;
    }
    let mut out: Vec<DiscoveredBiller> = found.into_values().collect();
    out.sort_by(|a, b| b.emails.cmp(&a.emails).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_used_once_and_expires() {
        let pending = PendingConsents::default();
        let origin = ApiOrigin::Embedded;
        let t0 = OffsetDateTime::UNIX_EPOCH;
        pending.insert("a".into(), origin.clone(), t0);
        assert_eq!(pending.take("a", t0), Some(origin.clone()));
        assert_eq!(pending.take("a", t0), None, "single use");
        pending.insert("b".into(), origin, t0);
        assert_eq!(
            pending.take("b", t0 + Duration::minutes(16)),
            None,
            "expired"
        );
        assert_eq!(pending.take("forged", t0), None);
    }
}
