//! Which links the app agrees to hand to the system browser.

use tauri::Url;

use crate::Error;

/// Accepts only absolute `https://` URLs with a host and no embedded credentials.
///
/// The shell plugin's `open` scope (`^https://` in `tauri.conf.json`) guards its JavaScript API,
/// but its Rust `open` applies no scope, so the command checks here.
pub(crate) fn validate(raw: &str) -> Result<Url, Error> {
    let url = Url::parse(raw.trim()).map_err(|_| Error::NotHttps)?;
    let has_credentials = !url.username().is_empty() || url.password().is_some();
    if url.scheme() != "https" || url.host_str().is_none() || has_credentials {
        return Err(Error::NotHttps);
    }
    Ok(url)
}

/// Accepts a request-to-link page: `https://`, or plain `http://` only on the very origin (scheme,
/// host, port) of the loopback server the app talks to.
pub(crate) fn validate_request_page(raw: &str, api: &Url) -> Result<Url, Error> {
    if let Ok(url) = validate(raw) {
        return Ok(url);
    }
    let url = Url::parse(raw.trim()).map_err(|_| Error::NotHttps)?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let same_origin = url.scheme() == api.scheme()
        && url.host_str() == api.host_str()
        && url.port_or_known_default() == api.port_or_known_default();
    if url.scheme() == "http" && loopback && same_origin && url.username().is_empty() {
        Ok(url)
    } else {
        Err(Error::NotHttps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_links_are_accepted() {
        let url = validate("https://www.billerapi.com/docs/").expect("accepted");
        assert_eq!(url.as_str(), "https://www.billerapi.com/docs/");
    }

    #[test]
    fn a_request_page_may_be_the_loopback_api_itself_and_nothing_else() {
        let api = Url::parse("http://127.0.0.1:4010/").expect("url");
        assert!(
            validate_request_page("http://127.0.0.1:4010/connect?link_token=lt_x", &api).is_ok()
        );
        assert!(validate_request_page("https://connect.example.com/r/1", &api).is_ok());
        for bad in [
            "http://127.0.0.1:4011/connect",
            "http://evil.example.com/connect",
            "http://user@127.0.0.1:4010/connect",
            "file:///etc/passwd",
        ] {
            assert!(validate_request_page(bad, &api).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_schemes_and_credentials_are_refused() {
        for raw in [
            "http://example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pass@example.com/",
            "https://",
            "not a url",
            "",
        ] {
            assert!(
                matches!(validate(raw), Err(Error::NotHttps)),
                "{raw:?} should be refused"
            );
        }
    }
}
