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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_links_are_accepted() {
        let url = validate("https://www.billerapi.com/docs/").expect("accepted");
        assert_eq!(url.as_str(), "https://www.billerapi.com/docs/");
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
