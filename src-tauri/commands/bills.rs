//! Bills: the cached list (paged), sync with progress events, export.

use billkeep_core::bills::{self, BillFilter, StoredBill};
use billkeep_core::sync::SyncProgress;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::state::AppState;
use crate::{background, Error};

/// Which bills to list, and which slice of them.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillQuery {
    /// One link only.
    #[ts(type = "number | null")]
    pub link: Option<i64>,
    /// One status only.
    pub status: Option<String>,
    /// Due on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Due on or before (YYYY-MM-DD).
    pub to: Option<String>,
    /// Skip this many (default 0).
    pub offset: Option<u32>,
    /// At most this many (default and max 20,000).
    pub limit: Option<u32>,
}

/// A slice of the cached bills.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillPage {
    /// The bills of this slice, newest due date first.
    pub bills: Vec<StoredBill>,
    /// How many match in all.
    pub total: u32,
}

/// Cached bills of the active environment; readable offline.
#[tauri::command]
pub(crate) async fn list_bills(
    state: State<'_, AppState>,
    query: BillQuery,
) -> Result<BillPage, Error> {
    let filter = BillFilter {
        link: query.link,
        status: query.status,
        from: query.from,
        to: query.to,
    };
    let all = state.app().await?.bills(&filter)?;
    let total = all.len() as u32;
    let offset = query.offset.unwrap_or(0) as usize;
    let limit = query.limit.unwrap_or(20_000).min(20_000) as usize;
    Ok(BillPage {
        bills: all.into_iter().skip(offset).take(limit).collect(),
        total,
    })
}

/// Fetches bills now (all links, or one), reporting progress as `sync-progress` events.
#[tauri::command]
pub(crate) async fn sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    link: Option<i64>,
) -> Result<Vec<SyncProgress>, Error> {
    let core = state.app().await?;
    Ok(background::sync_and_notify(&app, &core, link).await?)
}

/// Where an export went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// How many bills it holds.
    pub count: u32,
}

/// Writes every cached bill as CSV or JSON into the Downloads folder (or the data directory).
#[tauri::command]
pub(crate) async fn export_bills<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: String,
) -> Result<ExportResult, Error> {
    let core = state.app().await?;
    let all = core.bills(&BillFilter::default())?;
    let (text, ext) = match format.as_str() {
        "csv" => (bills::to_csv(&all), "csv"),
        "json" => (
            serde_json::to_string_pretty(&all).map_err(|e| Error::Internal(e.to_string()))?,
            "json",
        ),
        _ => return Err(Error::Invalid("export as csv or json".to_owned())),
    };
    let dir = app
        .path()
        .download_dir()
        .unwrap_or_else(|_| state.data_dir().clone());
    let stamp = billerapi::dates::format_date(time::OffsetDateTime::now_utc().date());
    let path = dir.join(format!("billkeep-bills-{stamp}.{ext}"));
    std::fs::write(&path, text)
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))?;
    Ok(ExportResult {
        path: path.display().to_string(),
        count: all.len() as u32,
    })
}
