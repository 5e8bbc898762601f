//! E-mail biller discovery, emulated: a consent page of our own stands in for the mail provider
//! (the emulator never needs the internet), and each consenting user's mailbox holds a year of
//! monthly bill e-mails from three sandbox billers chosen by a hash of the user.
//! Consents and connections live in memory: a restarted emulator asks for consent again.

use std::collections::HashMap;
use std::sync::Mutex;

use billerapi::emails::{EmailMessage, EmailMessagePage, EmailMessagesQuery};
use billerapi::Url;
use time::{Date, Duration, Month, OffsetDateTime};

use crate::catalog;
use crate::error::ApiError;
use crate::tokens;

/// How long a consent page stays usable.
const CONSENT_TTL: Duration = Duration::minutes(10);
/// Months of bill e-mails in each mailbox.
const MONTHS: i32 = 12;
/// The billers every mailbox draws from; the first is always there.
const BILLERS: [&str; 6] = [
    "test_electric_company",
    "test_gas_company",
    "test_water_utility",
    "test_telecom",
    "test_insurance",
    "riverside_power",
];

/// One consent page waiting for the user's answer.
#[derive(Debug, Clone)]
struct Pending {
    client_id: String,
    user_id: String,
    redirect_uri: Url,
    expires: OffsetDateTime,
}

/// Consent pages, consents given and connected mailboxes, per client and user.
#[derive(Default)]
pub struct Emails {
    pending: Mutex<HashMap<String, Pending>>,
    /// (client, user) → consented; `true` once connected.
    mailboxes: Mutex<HashMap<(String, String), bool>>,
}

/// What the user answered on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Read my bill e-mails.
    Allow,
    /// Do not.
    Deny,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The redirect URI's rule: an absolute URI (the app's own scheme, or a web page).
pub fn check_redirect(uri: &str) -> Result<Url, ApiError> {
    Url::parse(uri).map_err(|_| ApiError::bad_request("redirect_uri must be an absolute URI"))
}

impl Emails {
    /// A consent page for this user; returns its id.
    pub fn begin(
        &self,
        now: OffsetDateTime,
        client_id: &str,
        user_id: &str,
        redirect: Url,
    ) -> String {
        let id = tokens::generate("consent_");
        let mut pending = lock(&self.pending);
        pending.retain(|_, p| p.expires > now);
        pending.insert(
            id.clone(),
            Pending {
                client_id: client_id.to_owned(),
                user_id: user_id.to_owned(),
                redirect_uri: redirect,
                expires: now + CONSENT_TTL,
            },
        );
        id
    }

    /// The client named on a live consent page (for the page's text).
    pub fn describe(&self, now: OffsetDateTime, id: &str) -> Option<String> {
        lock(&self.pending)
            .get(id)
            .filter(|p| p.expires > now)
            .map(|p| p.client_id.clone())
    }

    /// The user's answer: ends the page and returns where to send the browser (the redirect URI,
    /// its query kept, plus `status=connected` or `error=access_denied`).
    pub fn answer(
        &self,
        now: OffsetDateTime,
        id: &str,
        decision: Decision,
    ) -> Result<Url, ApiError> {
        let page = lock(&self.pending)
            .remove(id)
            .filter(|p| p.expires > now)
            .ok_or_else(|| {
                ApiError::not_found("This consent page has expired or was already answered")
                    .with_code("CONSENT_EXPIRED")
            })?;
        let mut back = page.redirect_uri.clone();
        match decision {
            Decision::Allow => {
                lock(&self.mailboxes).insert((page.client_id, page.user_id), false);
                back.query_pairs_mut().append_pair("status", "connected");
            }
            Decision::Deny => {
                back.query_pairs_mut().append_pair("error", "access_denied");
            }
        }
        Ok(back)
    }

    /// `POST /emails/gmail/connect`: the user must have consented.
    pub fn connect(&self, client_id: &str, user_id: &str) -> Result<(), ApiError> {
        match lock(&self.mailboxes).get_mut(&(client_id.to_owned(), user_id.to_owned())) {
            Some(connected) => {
                *connected = true;
                Ok(())
            }
            None => Err(ApiError::forbidden(
                "This user has not consented to e-mail access: open the oauth_url first",
            )
            .with_code("EMAIL_CONSENT_REQUIRED")),
        }
    }

    /// `GET /emails/messages`: the mailbox of a connected user, newest first, paged.
    pub fn messages(
        &self,
        client_id: &str,
        today: Date,
        q: &EmailMessagesQuery,
    ) -> Result<EmailMessagePage, ApiError> {
        let connected = lock(&self.mailboxes)
            .get(&(client_id.to_owned(), q.user_id.clone()))
            .copied()
            .unwrap_or(false);
        if !connected {
            return Err(ApiError::forbidden(
                "This user's mailbox is not connected: POST /emails/gmail/connect first",
            )
            .with_code("EMAIL_NOT_CONNECTED"));
        }
        let day = |name: &str, v: &Option<String>| -> Result<Option<Date>, ApiError> {
            v.as_deref()
                .map(|s| {
                    billerapi::dates::parse_date(s)
                        .ok_or_else(|| ApiError::bad_request(format!("{name} must be YYYY-MM-DD")))
                })
                .transpose()
        };
        let start = day("startDate", &q.start_date)?;
        let end = day("endDate", &q.end_date)?;
        if let (Some(s), Some(e)) = (start, end) {
            if s > e {
                return Err(ApiError::bad_request("startDate must not be after endDate"));
            }
        }
        let limit = q.limit.unwrap_or(25);
        if !(1..=100).contains(&limit) {
            return Err(ApiError::bad_request("limit must be between 1 and 100"));
        }
        let all: Vec<EmailMessage> = mailbox(client_id, &q.user_id, today)
            .into_iter()
            .filter(|m| start.is_none_or(|s| m.received_at.date() >= s))
            .filter(|m| end.is_none_or(|e| m.received_at.date() <= e))
            .collect();
        let from = match &q.cursor {
            None => 0,
            Some(c) => all
                .iter()
                .position(|m| &m.id == c)
                .map(|i| i + 1)
                .ok_or_else(|| {
                    ApiError::bad_request("cursor is not one this endpoint returned")
                        .with_code("INVALID_CURSOR")
                })?,
        };
        let page: Vec<EmailMessage> = all
            .iter()
            .skip(from)
            .take(limit as usize)
            .cloned()
            .collect();
        let has_more = from + page.len() < all.len();
        Ok(EmailMessagePage {
            next_cursor: has_more
                .then(|| page.last().map(|m| m.id.clone()))
                .flatten(),
            has_more,
            messages: page,
        })
    }
}

fn seed(parts: &[&str]) -> u64 {
    let digest = tokens::hash(&parts.join("\u{1f}"));
    u64::from_le_bytes([
        digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
    ])
}

/// The user's bill e-mails: three billers (the electric company and two chosen by the user's
/// hash), one e-mail a month each for a year, 14 days before its due date, newest first.
fn mailbox(client_id: &str, user_id: &str, today: Date) -> Vec<EmailMessage> {
    let h = seed(&[client_id, user_id]);
    let second = 1 + (h % 5) as usize;
    // Another of the five, never the second.
    let third = 1 + (second - 1 + 1 + ((h / 5) % 4) as usize) % 5;
    let mut out = Vec::new();
    for (n, biller_id) in [BILLERS[0], BILLERS[second], BILLERS[third]]
        .into_iter()
        .enumerate()
    {
        let Some(biller) = catalog::find(biller_id) else {
            continue;
        };
        let domain = biller
            .website
            .as_deref()
            .and_then(|w| Url::parse(w).ok())
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "example.com".to_owned());
        let base_cents = 4_000 + (seed(&[client_id, user_id, biller_id]) % 12_000) as i64;
        let due_day = 5 + (n as u8) * 7;
        for back in 0..MONTHS {
            let (year, month) = months_back(today, back);
            let Ok(due) = Date::from_calendar_date(year, month, due_day) else {
                continue;
            };
            let received = due - Duration::days(14);
            if received > today {
                continue;
            }
            // Winter months cost more, as real bills do.
            let season = match month {
                Month::December | Month::January | Month::February => 125,
                Month::June | Month::July | Month::August => 90,
                _ => 100,
            };
            let cents = base_cents * season / 100
                + (seed(&[user_id, biller_id, &back.to_string()]) % 900) as i64;
            let id = format!(
                "msg_{}",
                hex::encode(
                    &tokens::hash(&format!("{client_id}/{user_id}/{biller_id}/{year}-{month}"))
                        [..10]
                )
            );
            out.push(EmailMessage {
                id,
                user_id: Some(user_id.to_owned()),
                from: format!("billing@{domain}"),
                subject: format!("Your {} bill for {} {} is ready", biller.name, month, year),
                biller_id: Some(biller.id.clone()),
                biller_name: Some(biller.name.clone()),
                bill_amount: Some(billerapi::amount::Amount::Major(format!(
                    "{}.{:02}",
                    cents / 100,
                    cents % 100
                ))),
                due_date: Some(due),
                received_at: received.midnight().assume_utc() + Duration::hours(8 + n as i64),
            });
        }
    }
    out.sort_by(|a, b| {
        b.received_at
            .cmp(&a.received_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

fn months_back(today: Date, back: i32) -> (i32, Month) {
    let index = today.year() * 12 + (today.month() as i32 - 1) - back;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    (index.div_euclid(12), month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn query(user: &str) -> EmailMessagesQuery {
        EmailMessagesQuery {
            user_id: user.to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn consent_then_connect_then_messages_paged_newest_first() {
        let emails = Emails::default();
        let now = datetime!(2026-11-30 12:00 UTC);
        let redirect = check_redirect("billkeep://oauth/email?state=abc").unwrap();
        assert!(emails.connect("cl", "u1").is_err(), "no consent yet");
        let page = emails.begin(now, "cl", "u1", redirect);
        let back = emails.answer(now, &page, Decision::Allow).unwrap();
        assert_eq!(
            back.as_str(),
            "billkeep://oauth/email?state=abc&status=connected"
        );
        assert!(
            emails.answer(now, &page, Decision::Allow).is_err(),
            "single use"
        );
        assert!(
            emails.messages("cl", now.date(), &query("u1")).is_err(),
            "not connected yet"
        );
        emails.connect("cl", "u1").unwrap();
        let mut seen = Vec::new();
        let mut q = query("u1");
        q.limit = Some(10);
        loop {
            let page = emails.messages("cl", now.date(), &q).unwrap();
            seen.extend(page.messages);
            match page.next_cursor {
                Some(c) => q.cursor = Some(c),
                None => break,
            }
        }
        assert!(seen.len() >= 33 && seen.len() <= 36, "{}", seen.len());
        assert!(seen
            .windows(2)
            .all(|w| w[0].received_at >= w[1].received_at));
        let billers: std::collections::BTreeSet<_> =
            seen.iter().filter_map(|m| m.biller_id.clone()).collect();
        assert_eq!(billers.len(), 3);
        assert!(billers.contains("test_electric_company"));
        assert!(
            emails.messages("cl", now.date(), &query("u2")).is_err(),
            "another user"
        );
        assert!(
            emails.messages("other", now.date(), &query("u1")).is_err(),
            "another client"
        );
    }

    #[test]
    fn denied_and_expired_pages_connect_nothing() {
        let emails = Emails::default();
        let now = datetime!(2026-11-30 12:00 UTC);
        let redirect = check_redirect("http://127.0.0.1:9/cb").unwrap();
        let page = emails.begin(now, "cl", "u", redirect.clone());
        assert_eq!(
            emails.answer(now, &page, Decision::Deny).unwrap().as_str(),
            "http://127.0.0.1:9/cb?error=access_denied"
        );
        assert!(emails.connect("cl", "u").is_err());
        let page = emails.begin(now, "cl", "u", redirect);
        assert!(emails
            .answer(now + Duration::minutes(11), &page, Decision::Allow)
            .is_err());
        assert!(check_redirect("/relative").is_err());
    }

    #[test]
    fn date_filters_and_bad_queries() {
        let emails = Emails::default();
        let now = datetime!(2026-11-30 12:00 UTC);
        let page = emails.begin(now, "cl", "u", check_redirect("billkeep://x").unwrap());
        emails.answer(now, &page, Decision::Allow).unwrap();
        emails.connect("cl", "u").unwrap();
        let mut q = query("u");
        q.start_date = Some("2026-10-01".into());
        q.end_date = Some("2026-10-31".into());
        let page = emails.messages("cl", date!(2026 - 11 - 30), &q).unwrap();
        assert!(!page.messages.is_empty());
        assert!(page
            .messages
            .iter()
            .all(|m| m.received_at.month() == Month::October));
        q.start_date = Some("2026-13-01".into());
        assert!(emails.messages("cl", now.date(), &q).is_err());
        let mut q = query("u");
        q.limit = Some(0);
        assert!(emails.messages("cl", now.date(), &q).is_err());
        q.limit = None;
        q.cursor = Some("msg_unknown".into());
        assert!(emails.messages("cl", now.date(), &q).is_err());
    }
}
