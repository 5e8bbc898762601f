//! `GET /billers` and `GET /billers/{biller_id}`.

use axum::extract::Path;
use axum::Json;
use billerapi::billers::{Biller, BillersPage, BillersQuery};
use billerapi::error_body::ApiErrorBody;

use crate::auth::ClientAuth;
use crate::catalog;
use crate::error::ApiError;
use crate::extract::ApiQuery;

const DEFAULT_LIMIT: u32 = 25;

/// Lists billers, searching name and id, filtering by category, paginating by id.
#[utoipa::path(get, path = "/billers", operation_id = "listBillers", tag = "billers", params(BillersQuery),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = BillersPage), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
pub async fn list(
    _: ClientAuth,
    ApiQuery(q): ApiQuery<BillersQuery>,
) -> Result<Json<BillersPage>, ApiError> {
    page(&q).map(Json)
}

/// One page of the catalog for a query (also the Connect page's biller step).
pub(crate) fn page(q: &BillersQuery) -> Result<BillersPage, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 100"));
    }
    let needle = q.search.as_deref().map(str::to_lowercase);
    let mut matching = catalog::all().into_iter().filter(|b| {
        needle
            .as_ref()
            .is_none_or(|n| b.name.to_lowercase().contains(n) || b.id.contains(n))
            && q.category.as_ref().is_none_or(|c| b.category.as_str() == c)
            && q.cursor
                .as_ref()
                .is_none_or(|after| b.id.as_str() > after.as_str())
    });
    let billers: Vec<Biller> = matching.by_ref().take(limit as usize).collect();
    let has_more = matching.next().is_some();
    let next_cursor = if has_more {
        billers.last().map(|b| b.id.clone())
    } else {
        None
    };
    Ok(BillersPage {
        billers,
        has_more,
        next_cursor,
    })
}

/// One biller by id.
#[utoipa::path(get, path = "/billers/{biller_id}", operation_id = "getBiller", tag = "billers",
    params(("biller_id" = String, Path, description = "e.g. test_electric_company")),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = Biller), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get(_: ClientAuth, Path(biller_id): Path<String>) -> Result<Json<Biller>, ApiError> {
    catalog::find(&biller_id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("Biller {biller_id} not found")))
}
