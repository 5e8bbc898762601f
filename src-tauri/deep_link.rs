//! `billkeep://` links, from the desktop (a browser, a mail) or a second launch: each is parsed
//! strictly into what the window should show; a link only prefills or navigates, it never
//! links, unlinks, syncs or changes a setting by itself. The e-mail consent's return trip is the
//! one link that does work: finishing a discovery the user started, checked by its state.

use std::sync::Mutex;

use billkeep_core::discovery::{ConsentOutcome, DiscoveredBiller};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, Url};
use ts_rs::TS;

use crate::events::DEEP_LINK;
use crate::state::AppState;

/// The scheme the app registers.
pub(crate) const SCHEME: &str = "billkeep";

/// What a link asks for, once understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// `billkeep://link?biller=<id>`: Connect, with that biller pre-selected.
    Link { biller: Option<String> },
    /// `billkeep://bills?status=OVERDUE`: the bill list, filtered.
    Bills { status: Option<String> },
    /// `billkeep://oauth/email?state=…&status=connected|error=access_denied`.
    EmailConsent {
        state: String,
        outcome: ConsentOutcome,
    },
}

/// What the window is asked to do, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UiRequest {
    /// Open Connect, the biller pre-selected when named.
    #[serde(rename_all = "camelCase")]
    Link {
        /// The biller to pre-select.
        biller_id: Option<String>,
    },
    /// Show the bills, filtered by status when named.
    #[serde(rename_all = "camelCase")]
    Bills {
        /// `PENDING`, `OVERDUE`, `PAID`, `SCHEDULED` or `CANCELLED`.
        status: Option<String>,
    },
    /// The e-mail discovery is reading the mailbox.
    EmailSearching,
    /// The billers found in the user's e-mail.
    EmailFound {
        /// One per biller, the most e-mailed first.
        billers: Vec<DiscoveredBiller>,
    },
    /// The e-mail discovery failed; the message says why.
    EmailFailed {
        /// For the user.
        message: String,
    },
    /// A `billkeep://` link the app does not understand.
    NotUnderstood,
}

/// Why a link was refused (for the log: never the link itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotUnderstood(pub &'static str);

const STATUSES: [&str; 5] = ["PENDING", "OVERDUE", "PAID", "SCHEDULED", "CANCELLED"];

fn is_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Parses one link. Unknown hosts, paths or parameters, repeated parameters and malformed
/// values are all refused: a link is either fully understood or not acted on.
pub(crate) fn parse(raw: &str) -> Result<Target, NotUnderstood> {
    if raw.len() > 2048 {
        return Err(NotUnderstood("too long"));
    }
    let url = Url::parse(raw).map_err(|_| NotUnderstood("not a URL"))?;
    if url.scheme() != SCHEME {
        return Err(NotUnderstood("another scheme"));
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(NotUnderstood("credentials or port"));
    }
    let mut params = std::collections::BTreeMap::new();
    for (k, v) in url.query_pairs() {
        if params.insert(k.into_owned(), v.into_owned()).is_some() {
            return Err(NotUnderstood("a repeated parameter"));
        }
    }
    let path = url.path().trim_end_matches('/');
    let only = |allowed: &[&str]| params.keys().all(|k| allowed.contains(&k.as_str()));
    match (url.host_str().unwrap_or(""), path) {
        ("link", "") if only(&["biller"]) => {
            let biller = params.get("biller").cloned();
            if biller.as_deref().is_some_and(|b| !is_id(b)) {
                return Err(NotUnderstood("a malformed biller id"));
            }
            Ok(Target::Link { biller })
        }
        ("bills", "") if only(&["status"]) => {
            let status = match params.get("status") {
                None => None,
                Some(s) => {
                    let upper = s.to_ascii_uppercase();
                    if !STATUSES.contains(&upper.as_str()) {
                        return Err(NotUnderstood("an unknown bill status"));
                    }
                    Some(upper)
                }
            };
            Ok(Target::Bills { status })
        }
        ("oauth", "/email") if only(&["state", "status", "error", "error_description"]) => {
            let state = params
                .get("state")
                .filter(|s| {
                    (16..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
                })
                .ok_or(NotUnderstood("a missing or malformed state"))?
                .clone();
            let outcome = match (
                params.get("status").map(String::as_str),
                params.get("error"),
            ) {
                (Some("connected"), None) => ConsentOutcome::Allowed,
                (None, Some(_)) => ConsentOutcome::Denied,
                _ => return Err(NotUnderstood("neither connected nor an error")),
            };
            Ok(Target::EmailConsent { state, outcome })
        }
        _ => Err(NotUnderstood("an unknown link")),
    }
}

/// The request waiting for the window (a link may arrive before the UI listens).
#[derive(Default)]
pub(crate) struct Pending(Mutex<Option<UiRequest>>);

impl Pending {
    /// Takes the waiting request.
    pub(crate) fn take(&self) -> Option<UiRequest> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    fn set(&self, request: UiRequest) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(request);
    }
}

fn post<R: Runtime>(app: &AppHandle<R>, request: UiRequest) {
    app.state::<Pending>().set(request);
    let _ = app.emit(DEEP_LINK, ());
}

/// Shows and focuses the main window (a second launch, a link).
pub(crate) fn focus<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Handles the link this launch was started with, and then each one a second launch hands over
/// (nothing when the deep-link plugin is not registered: unit tests).
pub(crate) fn listen<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_deep_link::DeepLinkExt;
    if app
        .try_state::<tauri_plugin_deep_link::DeepLink<R>>()
        .is_none()
    {
        return;
    }
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        handle(app, urls);
    }
    let handle_app = app.clone();
    app.deep_link()
        .on_open_url(move |event| handle(&handle_app, event.urls()));
}

/// Handles the links of a launch or a second launch.
pub(crate) fn handle<R: Runtime>(app: &AppHandle<R>, urls: Vec<Url>) {
    for url in urls {
        focus(app);
        let target = match parse(url.as_str()) {
            Ok(target) => target,
            Err(NotUnderstood(why)) => {
                // Redacted: the scheme and host only, never the query (it may carry a state).
                tracing::warn!(
                    host = url.host_str().unwrap_or(""),
                    why,
                    "billkeep:// link not understood"
                );
                post(app, UiRequest::NotUnderstood);
                continue;
            }
        };
        tracing::info!(host = url.host_str().unwrap_or(""), "billkeep:// link");
        match target {
            Target::Link { biller } => post(app, UiRequest::Link { biller_id: biller }),
            Target::Bills { status } => post(app, UiRequest::Bills { status }),
            Target::EmailConsent { state, outcome } => {
                post(app, UiRequest::EmailSearching);
                let app = app.clone();
                tauri::async_runtime::spawn(async move {
                    let result = match app.state::<AppState>().app_now() {
                        Some(core) => core
                            .finish_email_discovery(&state, outcome)
                            .await
                            .map_err(|e| e.to_string()),
                        None => Err(
                            "Billkeep is locked: unlock it and start again from Accounts"
                                .to_owned(),
                        ),
                    };
                    post(
                        &app,
                        match result {
                            Ok(billers) => UiRequest::EmailFound { billers },
                            Err(message) => UiRequest::EmailFailed { message },
                        },
                    );
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn the_documented_links_are_understood() {
        assert_eq!(
            parse("billkeep://link?biller=test_electric_company"),
            Ok(Target::Link {
                biller: Some("test_electric_company".into())
            })
        );
        assert_eq!(parse("billkeep://link"), Ok(Target::Link { biller: None }));
        assert_eq!(
            parse("billkeep://bills?status=OVERDUE"),
            Ok(Target::Bills {
                status: Some("OVERDUE".into())
            })
        );
        assert_eq!(
            parse("billkeep://bills/?status=paid"),
            Ok(Target::Bills {
                status: Some("PAID".into())
            })
        );
        assert_eq!(
            parse(&format!(
                "billkeep://oauth/email?state={STATE}&status=connected"
            )),
            Ok(Target::EmailConsent {
                state: STATE.into(),
                outcome: ConsentOutcome::Allowed
            })
        );
        assert_eq!(
            parse(&format!(
                "billkeep://oauth/email?state={STATE}&error=access_denied"
            )),
            Ok(Target::EmailConsent {
                state: STATE.into(),
                outcome: ConsentOutcome::Denied
            })
        );
    }

    #[test]
    fn anything_else_is_not_understood() {
        for bad in [
            "https://link?biller=x",
            "billkeep://unlink?link=1",
            "billkeep://sync",
            "billkeep://settings?environment=custom&url=http://evil",
            "billkeep://link?biller=../../etc",
            "billkeep://link?biller=a&biller=b",
            "billkeep://link?biller=a&account=4242424242",
            "billkeep://bills?status=EVERYTHING",
            "billkeep://user:pw@link",
            "billkeep://link:8080",
            "billkeep://oauth/email?status=connected",
            "billkeep://oauth/email?state=short&status=connected",
            "billkeep://oauth/email?state=0123456789abcdef0123456789abcdef",
            "billkeep://oauth/email?state=0123456789abcdef0123456789abcdef&status=connected&error=x",
            "billkeep://oauth/other?state=0123456789abcdef0123456789abcdef&status=connected",
            "not a url",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(parse(&format!("billkeep://link?biller={}", "a".repeat(3000))).is_err());
    }
}
