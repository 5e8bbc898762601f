//! `GET /bills/get`.

use axum::extract::State;
use axum::Json;
use billerapi::bills::{BillsPage, BillsQuery};
use billerapi::error_body::ApiErrorBody;

use crate::auth::BillsAuth;
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
#[utoipa::path(get, path = "/bills/get", tag = "bills", params(BillsQuery),
    security(("access_token" = []), ("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = BillsPage), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 429, body = ApiErrorBody),
        (status = 503, body = ApiErrorBody, description = "BILLER_UNAVAILABLE (sandbox 4000000002)")))]
pub async fn get(
    State(state): State<AppState>,
    auth: BillsAuth,
    ApiQuery(q): ApiQuery<BillsQuery>,
) -> Result<Json<BillsPage>, ApiError> {
    let filters = Filters::parse(&q)?;
    let today = state.clock.today();
    match (q.account_link_id, q.account_number) {
        (Some(link_id), _) => {
            let page = state
                .store
                .run(move |conn| {
                    let link = authorized_link(conn, &auth, &link_id)?;
                    if link.error_code.as_deref() == Some(LOGIN_REQUIRED) {
                        return Err(ApiError::bad_request(
                            "The biller login for this account must be repaired: relink it through Connect in update mode",
                        )
                        .with_code(LOGIN_REQUIRED));
                    }
                    store_bills::page(conn, &link, &filters, today)
                })
                .await?;
            Ok(Json(page))
        }
        (None, Some(account_number)) => {
            if matches!(auth, BillsAuth::Bearer(_)) {
                return Err(ApiError::bad_request("account_number lookups use client credentials; access tokens need account_link_id"));
            }
            crate::link_flow::validate_account_number(&account_number)?;
            Ok(Json(store_bills::scenario_page(
                &account_number,
                &filters,
                today,
            )?))
        }
        (None, None) => Err(ApiError::bad_request("account_link_id is required")),
    }
}
