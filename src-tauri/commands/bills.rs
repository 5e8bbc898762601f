//! Bills: the cached list (filtered and paged in SQL), sync with progress events, export.

use billkeep_core::bills::{self, BillFilter, BillOrder, BillPage, BillSummary, ExportFormat};
use billkeep_core::sync::SyncProgress;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use super::{core, state};
use crate::{background, Error};

/// Which bills: every filter is optional.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillMatch {
    /// One link only.
    pub link: Option<i64>,
    /// One status only.
    pub status: Option<billerapi::bills::BillStatus>,
    /// Due on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Due on or before (YYYY-MM-DD).
    pub to: Option<String>,
    /// Unpaid ones only (overdue, pending, scheduled).
    pub unpaid: Option<bool>,
}

impl BillMatch {
    /// Core's filter, the dates read (a bad one is an invalid-input error naming the field).
    fn filter(self) -> Result<BillFilter, Error> {
        let date = |name, value: Option<String>| {
            value
                .map(|v| bills::parse_filter_date(name, &v))
                .transpose()
        };
        Ok(BillFilter {
            link: self.link,
            status: self.status,
            from: date("from", self.from)?,
            to: date("to", self.to)?,
            unpaid: self.unpaid.unwrap_or(false),
        })
    }
}

/// Which bills to list, in which order, and which slice of them.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillQuery {
    /// Which bills.
    #[serde(flatten)]
    pub matching: BillMatch,
    /// Newest due date first (default) or soonest first.
    pub order: Option<BillOrder>,
    /// Skip this many (default 0).
    pub offset: Option<u32>,
    /// At most this many (default and max 20,000).
    pub limit: Option<u32>,
}

/// The most bills one call returns.
const MAX_PAGE: u32 = 20_000;

pub(crate) async fn list_bills<R: Runtime>(
    app: &AppHandle<R>,
    query: BillQuery,
) -> Result<BillPage, Error> {
    let filter = query.matching.filter()?;
    let limit = query.limit.unwrap_or(MAX_PAGE).min(MAX_PAGE);
    Ok(core(app).await?.bill_page(
        &filter,
        query.order.unwrap_or_default(),
        query.offset.unwrap_or(0),
        limit,
    )?)
}

pub(crate) async fn bill_summary<R: Runtime>(
    app: &AppHandle<R>,
    matching: BillMatch,
) -> Result<BillSummary, Error> {
    let filter = matching.filter()?;
    Ok(core(app).await?.bill_summary(&filter)?)
}

pub(crate) async fn sync_now<R: Runtime>(
    app: &AppHandle<R>,
    link: Option<i64>,
    force: bool,
) -> Result<Vec<SyncProgress>, Error> {
    let core = core(app).await?;
    Ok(background::sync_and_notify(app, &core, link, force).await?)
}

/// Where an export went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// How many bills it holds (events, for a calendar: unpaid and expected bills).
    pub count: u32,
}

/// Writes every cached bill (or, as a calendar, the unpaid and expected ones) into the Downloads
/// folder (or the data directory).
pub(crate) async fn export_bills<R: Runtime>(
    app: &AppHandle<R>,
    format: ExportFormat,
) -> Result<ExportResult, Error> {
    let text = core(app).await?.export(format)?;
    let count = match format {
        ExportFormat::Ics => text.matches("BEGIN:VEVENT").count(),
        _ => core(app).await?.bills(&BillFilter::default())?.len(),
    };
    let dir = app
        .path()
        .download_dir()
        .unwrap_or_else(|_| state(app).data_dir().clone());
    let stamp = billerapi::dates::format_date(time::OffsetDateTime::now_utc().date());
    let path = dir.join(format!("billkeep-bills-{stamp}.{}", format.extension()));
    std::fs::write(&path, text).map_err(|source| billkeep_core::Error::Io {
        what: format!("write {}", path.display()),
        source,
    })?;
    Ok(ExportResult {
        path: path.display().to_string(),
        count: count as u32,
    })
}
