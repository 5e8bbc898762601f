//! `GET /bills/get` (a link's bills) and the sandbox's `GET /bills?account_number=`.

use axum::extract::State;
use axum::Json;
use billerapi::bills::{BillsPage, BillsQuery};
use billerapi::error_body::ApiErrorBody;

use crate::auth::{BillsAuth, ClientAuth};
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::links;
use crate::model::{Link, LOGIN_REQUIRED};
use crate::state::AppState;
use crate::store::bills::{self as store_bills, Filters};

/// Resolves the link a bills or sync call is about, checking the caller may read it.
pub(crate) fn authorized_link(
    conn: &rusqlite::Connection,
    auth: &BillsAuth,
    link_id: &str,
) -> Result<Link, ApiError> {
    match auth {
        BillsAuth::Bearer(token) => {
            let link = links::by_access_token(conn, token)?;
            if link.link_id != link_id {
                return Err(ApiError::forbidden(
                    "The access token is not valid for this account link",
                ));
            }
            Ok(link)
        }
        BillsAuth::Client(client_id) => links::owned_link(conn, client_id, link_id),
    }
}

/// Bills of one account link, newest due date first, filtered and paginated.
#[utoipa::path(get, path = "/bills/get", operation_id = "getBills", tag = "bills",
    params(("account_link_id" = String, Query, min_length = 1, description = "The account link (`link_id` from the exchange)."), BillsQuery),
    security(("access_token" = []), ("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = BillsPage), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "`LOGIN_REQUIRED`: the link must be repaired through Connect in update mode")))]
pub async fn get(
    State(state): State<AppState>,
    auth: BillsAuth,
    ApiQuery(q): ApiQuery<BillsQuery>,
) -> Result<Json<BillsPage>, ApiError> {
    let filters = Filters::parse(&q)?;
    let today = state.clock.today();
    let Some(link_id) = q.account_link_id.filter(|id| !id.is_empty()) else {
        return Err(ApiError::bad_request(
            "account_link_id is required (magic-number lookups are GET /bills?account_number=…)",
        ));
    };
    let page = state
        .store
        .run(move |conn| {
            let link = authorized_link(conn, &auth, &link_id)?;
            if link.error_code.as_deref() == Some(LOGIN_REQUIRED) {
                return Err(ApiError::conflict(
                    "The biller login for this account must be repaired: relink it through Connect in update mode",
                )
                .with_code(LOGIN_REQUIRED));
            }
            store_bills::page(conn, &link, &filters, today)
        })
        .await?;
    Ok(Json(page))
}

/// Sandbox: a magic account number's bills for today, without a link (`GET /bills`, as the
/// magic-number page writes it; client credentials).
#[utoipa::path(get, path = "/bills", operation_id = "getScenarioBills", tag = "sandbox",
    params(("account_number" = String, Query, pattern = "^[0-9]{4,20}$", example = "4242424242",
        description = "A sandbox account number (4 to 20 digits); its scenario applies."), BillsQuery),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = BillsPage), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody),
        (status = 503, body = ApiErrorBody, description = "`BILLER_UNAVAILABLE` (sandbox 4000000002)"), (status = 403, body = ApiErrorBody, description = "the scenario's refusal (`INVALID_CREDENTIALS`, `ACCOUNT_LOCKED`)")))]
pub async fn scenario(
    State(state): State<AppState>,
    _: ClientAuth,
    ApiQuery(q): ApiQuery<BillsQuery>,
) -> Result<Json<BillsPage>, ApiError> {
    let filters = Filters::parse(&q)?;
    let Some(account_number) = q.account_number else {
        return Err(ApiError::bad_request(
            "account_number is required (bills of a link are GET /bills/get?account_link_id=…)",
        ));
    };
    crate::link_flow::validate_account_number(&account_number)?;
    Ok(Json(store_bills::scenario_page(
        &account_number,
        &filters,
        state.clock.today(),
    )?))
}
