//! Where a link lives: the exact BillerAPI base URL (scheme, host, port, path) it was made on.
//!
//! A link's access token, and the client secret of its origin, are only ever sent to that origin.
//! Changing the custom URL never moves links; client credentials are kept per origin. The embedded
//! emulator listens on a new random port at every start, so its origin is named, not addressed:
//! it is "this data directory's own emulator".

use std::fmt;

use billerapi::{Environment, Url};

use crate::settings::EnvironmentKind;
use crate::Error;

/// The stored name of the embedded emulator's origin.
const EMBEDDED: &str = "embedded";

/// A BillerAPI origin: the embedded emulator, or a normalized base URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiOrigin {
    /// The app's own emulator (any port: it is this data directory's).
    Embedded,
    /// A BillerAPI server at this base URL (path ending in `/`, no query or fragment).
    Url(Url),
}

impl ApiOrigin {
    /// The origin an environment makes new links on. A custom environment needs its URL, which
    /// must pass [`custom_url`].
    pub fn of_environment(kind: EnvironmentKind, custom: Option<&str>) -> Result<Self, Error> {
        Ok(match kind {
            EnvironmentKind::Embedded => ApiOrigin::Embedded,
            EnvironmentKind::Sandbox => ApiOrigin::Url(normalize(Environment::Sandbox.base_url())),
            EnvironmentKind::Production => {
                ApiOrigin::Url(normalize(Environment::Production.base_url()))
            }
            EnvironmentKind::Custom => {
                let raw = custom.ok_or_else(|| {
                    Error::Invalid("the custom environment has no URL; set one in Settings".into())
                })?;
                ApiOrigin::Url(custom_url(raw)?)
            }
        })
    }

    /// Reads the form [`ApiOrigin::stored`] wrote.
    pub fn from_stored(stored: &str) -> Result<Self, Error> {
        if stored == EMBEDDED {
            return Ok(ApiOrigin::Embedded);
        }
        Url::parse(stored)
            .map(|url| ApiOrigin::Url(normalize(url)))
            .map_err(|_| Error::Damaged(format!("a link origin that is not a URL: {stored:?}")))
    }

    /// The form kept in the database (`embedded`, or the base URL).
    pub fn stored(&self) -> String {
        match self {
            ApiOrigin::Embedded => EMBEDDED.to_owned(),
            ApiOrigin::Url(url) => url.as_str().to_owned(),
        }
    }

    /// The name an origin's client id and secret are filed under. The two public environments
    /// keep the names they always had; any other server is filed under its URL.
    pub fn credential_name(&self) -> String {
        match self {
            ApiOrigin::Embedded => EMBEDDED.to_owned(),
            ApiOrigin::Url(url) if *url == normalize(Environment::Sandbox.base_url()) => {
                EnvironmentKind::Sandbox.as_str().to_owned()
            }
            ApiOrigin::Url(url) if *url == normalize(Environment::Production.base_url()) => {
                EnvironmentKind::Production.as_str().to_owned()
            }
            ApiOrigin::Url(url) => format!("custom:{}", url.as_str()),
        }
    }
}

impl fmt::Display for ApiOrigin {
    /// How the UI and CLI name an origin: "the embedded sandbox", or the URL without its final `/`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiOrigin::Embedded => f.write_str("the embedded sandbox"),
            ApiOrigin::Url(url) => f.write_str(url.as_str().trim_end_matches('/')),
        }
    }
}

/// The base URL as the client uses it: no query or fragment, the path ending in `/`.
fn normalize(mut url: Url) -> Url {
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}

/// Whether a host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a custom server URL: `https://`, or `http://` to this machine only; no user name or
/// password, no fragment, no query. Returns it normalized.
pub fn custom_url(raw: &str) -> Result<Url, Error> {
    checked(raw).map(normalize)
}

/// Checks the URL of a hosted Connect page by the same rules, keeping its path as given.
pub fn connect_page_url(raw: &str) -> Result<Url, Error> {
    checked(raw)
}

fn checked(raw: &str) -> Result<Url, Error> {
    let raw = raw.trim();
    let url = Url::parse(raw).map_err(|_| {
        Error::Invalid("that is not a URL (e.g. https://billerapi.example.com)".to_owned())
    })?;
    // The message names the server, never a user name or password typed into the URL.
    let shown = match url.host_str() {
        Some(host) => format!(
            "{}://{host}{}",
            url.scheme(),
            url.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        None => format!("this {}: URL", url.scheme()),
    };
    let refuse = |why: &str| Err(Error::Invalid(format!("{shown} cannot be used: {why}")));
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return refuse(
                "plain http:// is allowed only to this machine (localhost, 127.0.0.1, ::1); use https://",
            )
        }
        _ => return refuse("only https:// (or http:// to this machine) is supported"),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return refuse("it has no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse(
            "it contains a user name or password; enter credentials in their own fields",
        );
    }
    if url.fragment().is_some() {
        return refuse("it has a #fragment");
    }
    if url.query().is_some() {
        return refuse("it has a ?query");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_urls_are_https_or_loopback_http_without_credentials_fragments_or_queries() {
        for ok in [
            "https://billerapi.example.com",
            "https://billerapi.example.com:8443/api",
            "http://127.0.0.1:4010",
            "http://127.1.2.3:4010/",
            "http://localhost:4010",
            "http://[::1]:4010",
        ] {
            assert!(custom_url(ok).is_ok(), "{ok} should be accepted");
        }
        for (bad, why) in [
            ("http://192.168.1.10:4010", "only to this machine"),
            ("http://billerapi.example.com", "only to this machine"),
            ("ftp://127.0.0.1", "only https://"),
            ("file:///etc/passwd", "only https://"),
            (
                "https://user:pass@billerapi.example.com",
                "user name or password",
            ),
            (
                "https://user@billerapi.example.com",
                "user name or password",
            ),
            ("https://billerapi.example.com/#x", "fragment"),
            ("https://billerapi.example.com/?x=1", "query"),
            ("not a url", "not a URL"),
        ] {
            let err = custom_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn origins_round_trip_and_name_their_credentials() {
        let sandbox = ApiOrigin::of_environment(EnvironmentKind::Sandbox, None).unwrap();
        assert_eq!(sandbox.credential_name(), "sandbox");
        assert_eq!(sandbox.to_string(), "https://sandbox.api.billerapi.com");
        let custom =
            ApiOrigin::of_environment(EnvironmentKind::Custom, Some("http://127.0.0.1:4010"))
                .unwrap();
        assert_eq!(custom.stored(), "http://127.0.0.1:4010/");
        assert_eq!(custom.credential_name(), "custom:http://127.0.0.1:4010/");
        assert_eq!(ApiOrigin::from_stored(&custom.stored()).unwrap(), custom);
        assert_eq!(
            ApiOrigin::from_stored("embedded").unwrap(),
            ApiOrigin::Embedded
        );
        // A custom URL naming the public sandbox is the same origin, with the same credentials.
        let same = ApiOrigin::of_environment(
            EnvironmentKind::Custom,
            Some("https://sandbox.api.billerapi.com"),
        )
        .unwrap();
        assert_eq!(same, sandbox);
        assert_ne!(
            ApiOrigin::of_environment(EnvironmentKind::Custom, Some("http://127.0.0.1:4011"))
                .unwrap(),
            custom,
            "another port is another origin"
        );
    }
}
