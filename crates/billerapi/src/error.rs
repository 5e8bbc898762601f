//! The one error type of the client.

use std::time::Duration;

use crate::error_body::ApiErrorBody;

/// Everything a call can fail with. Messages never contain a secret or a token.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status.
    #[error("{} (HTTP {status}{})", api_message(body), code_suffix(body))]
    Api {
        /// The HTTP status.
        status: u16,
        /// The API's error body, parsed leniently (empty if there was none).
        body: Box<ApiErrorBody>,
        /// `X-Request-Id` of the response, for support.
        request_id: Option<String>,
        /// `Retry-After`, when the API sent one.
        retry_after: Option<Duration>,
    },
    /// The server answered with a redirect. It is never followed: client credentials and tokens
    /// go only to the origin they were issued for.
    #[error("BillerAPI answered with a redirect (HTTP {status}) to {}; it was not followed, so no credentials or tokens went there. Check the server URL", location.as_deref().unwrap_or("an unnamed location"))]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// Scheme, host and port of the `Location` (no path or query), if it had one.
        location: Option<String>,
    },
    /// No answer within the timeout.
    #[error("BillerAPI did not answer within {} s", .0.as_secs_f32())]
    Timeout(Duration),
    /// The connection could not be made (nothing was sent).
    #[error("cannot connect to BillerAPI: {0}")]
    Connect(String),
    /// The connection broke after the request may have been sent.
    #[error("the connection to BillerAPI failed: {0}")]
    Transport(String),
    /// The response did not have the expected shape.
    #[error("unexpected response from BillerAPI at `{path}`: {message}")]
    Decode {
        /// Where in the JSON document (`bills[3].due_date`, or `.` for the root).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The response was not JSON.
    #[error("unexpected response from BillerAPI: content type {0:?} instead of JSON")]
    ContentType(String),
    /// The response body exceeded the limit.
    #[error("the response from BillerAPI exceeded {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The client was configured wrongly, or called without what the endpoint needs.
    #[error("{0}")]
    Config(String),
}

fn api_message(body: &ApiErrorBody) -> String {
    body.message
        .clone()
        .unwrap_or_else(|| "BillerAPI returned an error".to_owned())
}

fn code_suffix(body: &ApiErrorBody) -> String {
    body.error_code
        .as_ref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default()
}

impl Error {
    /// A stable machine code: the API's `error_code` in lower case where it gave one
    /// (`public_token_already_used`), else the kind the errors concept's machine code or the
    /// status names (`bad_request`, `unauthorized`, `rate_limited`, `timeout`…).
    pub fn code(&self) -> String {
        match self {
            Error::Api { body, status, .. } => match (&body.error_code, body.machine_code()) {
                (Some(code), _) => code.to_ascii_lowercase(),
                (None, Some(machine)) => match machine {
                    "validation_error" => "bad_request",
                    "authentication_error" => "unauthorized",
                    "authorization_error" => "forbidden",
                    "not_found" => "not_found",
                    "rate_limit_exceeded" => "rate_limited",
                    _ => "server_error",
                }
                .to_owned(),
                (None, None) => match status {
                    400 => "bad_request",
                    401 => "unauthorized",
                    403 => "forbidden",
                    404 => "not_found",
                    429 => "rate_limited",
                    500..=599 => "server_error",
                    _ => "api_error",
                }
                .to_owned(),
            },
            Error::Redirect { .. } => "redirect".to_owned(),
            Error::Timeout(_) => "timeout".to_owned(),
            Error::Connect(_) => "connect".to_owned(),
            Error::Transport(_) => "transport".to_owned(),
            Error::Decode { .. } => "decode".to_owned(),
            Error::ContentType(_) => "content_type".to_owned(),
            Error::BodyTooLarge { .. } => "body_too_large".to_owned(),
            Error::Config(_) => "config".to_owned(),
        }
    }

    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's `error_code`, if it sent one (`LOGIN_REQUIRED`, `BILLER_UNAVAILABLE`…).
    pub fn api_code(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } => body.error_code.as_deref(),
            _ => None,
        }
    }

    /// The documentation page the API's error body named, if any.
    pub fn documentation_url(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } => body.documentation_url.as_deref(),
            _ => None,
        }
    }

    /// How long the API asked to wait, for 429/503.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether trying the same call later may succeed (rate limits, outages, timeouts, network).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api { status, .. } => matches!(status, 429 | 500 | 502 | 503 | 504),
            Error::Timeout(_) | Error::Connect(_) | Error::Transport(_) => true,
            _ => false,
        }
    }
}
