//! What the bills add up to: the overview (health, next bills, this month, flags), the calendar
//! of a month, and the amounts chart.

use billkeep_core::calendar::CalendarMonth;
use billkeep_core::chart::Chart;
use billkeep_core::overview::Overview;
use tauri::{AppHandle, Runtime};

use super::core;
use crate::Error;

pub(crate) async fn overview<R: Runtime>(app: &AppHandle<R>) -> Result<Overview, Error> {
    Ok(core(app).await?.overview()?)
}

pub(crate) async fn calendar<R: Runtime>(
    app: &AppHandle<R>,
    year: i32,
    month: u8,
) -> Result<CalendarMonth, Error> {
    Ok(core(app).await?.calendar(year, month)?)
}

pub(crate) async fn chart<R: Runtime>(
    app: &AppHandle<R>,
    link: Option<i64>,
) -> Result<Option<Chart>, Error> {
    Ok(core(app).await?.chart(link)?)
}
