//! The OpenAPI document: the routes' own descriptions, completed with what every operation of a
//! kind can answer (auth failures, rate limits, body and idempotency errors) and the links a
//! stateful client follows from one answer to the next.

use billerapi::bills::{BillSource, BillStatus};
use billerapi::error_body::ApiErrorBody;
use billerapi::link_request::RequestStatus;
use serde_json::{json, Map, Value};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "BillerAPI sandbox (Billkeep emulator)",
        description = "The documented BillerAPI sandbox surface, plus the emulator's own `/sandbox/` \
            helpers and the Connect session steps the public docs leave out (marked as sandbox extensions). \
            Every POST takes an optional `Idempotency-Key` (a UUID): the same key and body within 24 hours \
            answer the first response again; the same key with another body is a 422, and while the \
            first is still running a 409. Errors use the errors concept's body by default.",
        license(name = "MIT")
    ),
    components(schemas(ApiErrorBody, BillStatus, BillSource, RequestStatus)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "billers", description = "Biller discovery"),
        (name = "link", description = "Link tokens and their exchange"),
        (name = "link-session", description = "The hosted Connect flow's session steps"),
        (name = "bills", description = "Bills, accounts and sync"),
        (name = "emails", description = "Biller discovery from bill e-mails"),
        (name = "sandbox", description = "Sandbox-only helpers")
    )
)]
pub(crate) struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "client_id",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Client-ID"))),
        );
        components.add_security_scheme(
            "client_secret",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Client-Secret"))),
        );
        components.add_security_scheme(
            "access_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "link_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lt_sandbox_…")
                    .build(),
            ),
        );
    }
}

/// Adds the answers every operation of a kind can give, and the links between operations.
pub(crate) fn complete(doc: utoipa::openapi::OpenApi) -> Value {
    let mut value = serde_json::to_value(&doc).expect("the OpenAPI document serializes");
    value["components"]["schemas"]["ClockRequest"] = billerapi::sandbox::clock_request_schema();
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (method, op) in item.iter_mut() {
                if let Some(op) = op.as_object_mut() {
                    add_common_responses(method, op);
                    add_links(op);
                }
            }
        }
    }
    value
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiErrorBody"}}}
    })
}

fn add_common_responses(method: &str, op: &mut Map<String, Value>) {
    let secured = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let has_body = op.contains_key("requestBody");
    let has_params = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty());
    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses is an object");
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status)
            .or_insert_with(|| error_response(description));
    };
    if secured {
        add("401", "Missing or invalid credentials");
        add("429", "Rate limit exceeded: wait `Retry-After` seconds");
    }
    if has_params || method == "post" {
        add("400", "A malformed parameter, body or `Idempotency-Key`");
    }
    if has_body {
        add("413", "The body is over the limit");
        add("415", "The body is not `application/json`");
    }
    if method == "post" {
        add(
            "409",
            "A request with this `Idempotency-Key` is still running",
        );
        add("422", "This `Idempotency-Key` was used with another body");
    }
    add("500", "A fault of the emulator");
    // Every response names its request; a 429 says how long to wait.
    for (status, response) in responses.iter_mut() {
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        let headers = response
            .entry("headers")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("headers is an object");
        headers.insert(
            "X-Request-Id".into(),
            json!({"description": "This request's id, for support", "required": true,
                   "schema": {"type": "string", "minLength": 1}}),
        );
        if status == "429" {
            headers.insert(
                "Retry-After".into(),
                json!({"description": "Seconds to wait before retrying", "required": true,
                       "schema": {"type": "integer", "minimum": 1}}),
            );
        }
    }
}

/// Where each operation's answer leads (OpenAPI links, for stateful clients and testers).
fn add_links(op: &mut Map<String, Value>) {
    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
        return;
    };
    let link = |operation: &str, parameters: Value| json!({"operationId": operation, "parameters": parameters});
    let with_body =
        |operation: &str, body: Value| json!({"operationId": operation, "requestBody": body});
    let (status, links) = match id {
        "createSandboxPublicToken" => (
            "200",
            json!({"Exchange": with_body("exchangePublicToken", json!({
                "client_id": "$request.body#/client_id",
                "public_token": "$response.body#/public_token"
            }))}),
        ),
        "exchangePublicToken" => {
            let link_id = "$response.body#/link_id";
            (
                "200",
                json!({
                    "GetAccount": link("getAccount", json!({"account_link_id": link_id})),
                    "RemoveAccount": link("removeAccount", json!({"account_link_id": link_id})),
                    "GetBills": link("getBills", json!({"account_link_id": link_id})),
                    "GetSyncHistory": link("getSyncHistory", json!({"account_link_id": link_id})),
                    "TriggerSync": with_body("triggerSync", json!({"account_link_id": link_id})),
                    "ResetLogin": link("resetSandboxLogin", json!({"link_id": link_id})),
                    "NewStatement": with_body("createSandboxStatement", json!({"link_id": link_id})),
                }),
            )
        }
        "triggerSync" => (
            "202",
            json!({"GetSyncHistory": link("getSyncHistory",
                json!({"account_link_id": "$response.body#/account_link_id"}))}),
        ),
        "createRequestToLink" | "createRequestToLinkAlias" => (
            "201",
            json!({
                "GetRequestToLink": link("getRequestToLink", json!({"id": "$response.body#/id"})),
                "CancelRequestToLink": link("cancelRequestToLink", json!({"id": "$response.body#/id"})),
            }),
        ),
        _ => return,
    };
    if let Some(response) = op
        .get_mut("responses")
        .and_then(|r| r.get_mut(status))
        .and_then(Value::as_object_mut)
    {
        response.insert("links".into(), links);
    }
}
