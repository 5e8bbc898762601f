//! The docs' variants, served for real: BillerAPI's pages disagree on some response shapes (see
//! docs/sandbox.md, "Dialects"), and a client must read them all. The handlers answer in one
//! form; this layer reshapes the answer for the caller's dialect, and error bodies for the
//! configured error format.

use std::fmt;
use std::str::FromStr;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::caller::Caller;
use crate::state::AppState;

/// Which page of the docs the answers follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// The link and bills guides: link token create answers `{success, link_token, expires_at}`;
    /// lists are `{bills, has_more, next_cursor}` with integer amounts (the default).
    #[default]
    Guide,
    /// The API reference: link token create answers the whole Link Token object (201, no
    /// `success`); lists as in the guide.
    Reference,
    /// The pagination concept: every list is `{data, has_more, next_cursor}` (default page size
    /// 50), bills carry `bill_id` and decimal amounts in major units (`127.5`).
    Pagination,
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "guide" => Ok(Dialect::Guide),
            "reference" => Ok(Dialect::Reference),
            "pagination" => Ok(Dialect::Pagination),
            other => Err(format!(
                "unknown dialect {other:?}: expected guide, reference or pagination"
            )),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Guide => "guide",
            Dialect::Reference => "reference",
            Dialect::Pagination => "pagination",
        })
    }
}

/// Which of the two documented error bodies errors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// The errors concept: `{status_code, error: <machine code>, message, documentation_url}`
    /// (the default).
    #[default]
    Concepts,
    /// The API overview: `{statusCode, message, error: <reason phrase>}`.
    Overview,
}

impl FromStr for ErrorFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "concepts" => Ok(ErrorFormat::Concepts),
            "overview" => Ok(ErrorFormat::Overview),
            other => Err(format!(
                "unknown error format {other:?}: expected concepts or overview"
            )),
        }
    }
}

/// Where the errors concept's bodies point.
pub const ERRORS_DOCUMENTATION: &str = "https://docs.billerapi.com/concepts/errors";

/// The errors concept's machine code for a status.
fn machine_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "authentication_error",
        403 => "authorization_error",
        404 => "not_found",
        429 => "rate_limit_exceeded",
        500..=599 => "internal_error",
        _ => "validation_error",
    }
}

/// An overview-format error body in the errors concept's format (the link flow's `error_code`
/// and `success` are kept: they are what a client acts on).
fn concepts_error(status: StatusCode, overview: Map<String, Value>) -> Value {
    let mut body = Map::new();
    body.insert("status_code".into(), json!(status.as_u16()));
    body.insert("error".into(), json!(machine_code(status)));
    body.insert(
        "message".into(),
        overview.get("message").cloned().unwrap_or(Value::Null),
    );
    body.insert("documentation_url".into(), json!(ERRORS_DOCUMENTATION));
    for kept in ["error_code", "success"] {
        if let Some(v) = overview.get(kept) {
            body.insert(kept.into(), v.clone());
        }
    }
    Value::Object(body)
}

/// A bill in the pagination concept's form: `bill_id`, and amounts as decimals in major units.
fn pagination_bill(mut bill: Value) -> Value {
    let Some(map) = bill.as_object_mut() else {
        return bill;
    };
    if let Some(id) = map.remove("id") {
        map.insert("bill_id".into(), id);
    }
    let currency = map
        .get("currency")
        .and_then(Value::as_str)
        .unwrap_or("USD")
        .to_owned();
    let major = |v: &Value| -> Value {
        match v.as_i64() {
            Some(minor) => billerapi::currency::to_major(minor, &currency)
                .parse::<f64>()
                .map_or(Value::Null, |f| json!(f)),
            None => v.clone(),
        }
    };
    if let Some(amount) = map.get("amount").map(major) {
        map.insert("amount".into(), amount);
    }
    if let Some(items) = map.get_mut("line_items").and_then(Value::as_array_mut) {
        for item in items {
            if let Some(amount) = item.get("amount").map(major) {
                item["amount"] = amount;
            }
        }
    }
    bill
}

/// A list answer in the pagination concept's envelope.
fn pagination_list(mut body: Value, items: &str) -> Value {
    let Some(map) = body.as_object_mut() else {
        return body;
    };
    let list = map.remove(items).unwrap_or(Value::Array(Vec::new()));
    let list = if items == "bills" {
        Value::Array(
            list.as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(pagination_bill)
                .collect(),
        )
    } else {
        list
    };
    map.insert("data".into(), list);
    map.entry("has_more").or_insert(json!(false));
    map.entry("next_cursor").or_insert(Value::Null);
    body
}

/// A successful answer in `dialect`'s shape (routes the dialects disagree on).
fn reshape(dialect: Dialect, method: &Method, route: &str, body: Value) -> Value {
    match (dialect, method.as_str(), route) {
        (Dialect::Guide | Dialect::Pagination, "POST", "/link/token/create") => {
            let keep = ["success", "link_token", "expires_at"];
            match body {
                Value::Object(map) => Value::Object(
                    map.into_iter()
                        .filter(|(k, _)| keep.contains(&k.as_str()))
                        .collect(),
                ),
                other => other,
            }
        }
        (Dialect::Reference, "POST", "/link/token/create") => match body {
            Value::Object(mut map) => {
                map.remove("success");
                Value::Object(map)
            }
            other => other,
        },
        (Dialect::Pagination, "GET", "/bills/get") => pagination_list(body, "bills"),
        (Dialect::Pagination, "GET", "/bills/accounts") => pagination_list(body, "accounts"),
        (Dialect::Pagination, "GET", "/bills/sync") => pagination_list(body, "syncs"),
        (Dialect::Pagination, "GET", "/billers") => pagination_list(body, "billers"),
        (_, _, _) => body,
    }
}

/// Whether `route` answers differently in `dialect`.
fn reshaped(dialect: Dialect, route: &str) -> bool {
    match dialect {
        Dialect::Guide | Dialect::Reference => route == "/link/token/create",
        Dialect::Pagination => matches!(
            route,
            "/link/token/create" | "/bills/get" | "/bills/accounts" | "/bills/sync" | "/billers"
        ),
    }
}

/// The pagination concept's default page size, where the guide's is 25.
const PAGINATION_DEFAULT_LIMIT: u32 = 50;

/// Shapes each successful answer for the caller's dialect.
pub async fn shape(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let dialect = request
        .extensions()
        .get::<Caller>()
        .and_then(Caller::client_id)
        .map_or(state.dialect, |id| state.dialect_of(id));
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let method = request.method().clone();
    if dialect == Dialect::Pagination && route == "/bills/get" {
        let query = request.uri().query().unwrap_or("");
        if !query.split('&').any(|p| p.starts_with("limit=")) {
            let joined = if query.is_empty() {
                format!("limit={PAGINATION_DEFAULT_LIMIT}")
            } else {
                format!("{query}&limit={PAGINATION_DEFAULT_LIMIT}")
            };
            if let Ok(uri) = format!("{}?{joined}", request.uri().path()).parse::<Uri>() {
                *request.uri_mut() = uri;
            }
        }
    }
    let response = next.run(request).await;
    if !response.status().is_success() || !reshaped(dialect, &route) {
        return response;
    }
    rewrite_json(response, |value| reshape(dialect, &method, &route, value)).await
}

/// Writes every error body in the configured format. The outermost layer but the access log, so
/// that the errors of the other layers (rate limit, idempotency) are written alike.
pub async fn error_format(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || state.error_format != ErrorFormat::Concepts
    {
        return response;
    }
    rewrite_json(response, |value| match value {
        Value::Object(map) if map.contains_key("statusCode") => concepts_error(status, map),
        other => other,
    })
    .await
}

/// Rewrites a JSON answer's body (any other answer passes unchanged).
async fn rewrite_json(response: Response, change: impl FnOnce(Value) -> Value) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 16 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    let bytes = serde_json::to_vec(&change(value)).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bill_in_the_pagination_dialect_has_bill_id_and_major_units() {
        let bill = json!({"id": "b1", "amount": 12750, "currency": "USD",
            "line_items": [{"description": "x", "amount": 1050}]});
        let shaped = pagination_bill(bill);
        assert_eq!(shaped["bill_id"], "b1");
        assert!(shaped.get("id").is_none());
        assert_eq!(shaped["amount"], json!(127.5));
        assert_eq!(shaped["line_items"][0]["amount"], json!(10.5));
        let yen = pagination_bill(json!({"id": "b2", "amount": 1500, "currency": "JPY"}));
        assert_eq!(yen["amount"], json!(1500.0));
    }

    #[test]
    fn errors_in_the_concepts_format_keep_the_link_flow_code() {
        let body = concepts_error(
            StatusCode::BAD_REQUEST,
            serde_json::from_value(
                json!({"statusCode": 400, "message": "m", "error": "Bad Request",
                "success": false, "error_code": "LOGIN_REQUIRED"}),
            )
            .unwrap(),
        );
        assert_eq!(
            body,
            json!({"status_code": 400, "error": "validation_error", "message": "m",
                "documentation_url": ERRORS_DOCUMENTATION, "success": false, "error_code": "LOGIN_REQUIRED"})
        );
    }
}
