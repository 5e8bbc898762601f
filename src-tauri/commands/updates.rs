//! Signed updates: check, download and verify, install (the work is in `updates.rs`).

use tauri::{AppHandle, Runtime};

use crate::updates::{self, UpdateStatus};
use crate::Error;

pub(crate) async fn check_for_update<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<UpdateStatus, Error> {
    updates::check(app).await
}

pub(crate) async fn download_update<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateStatus, Error> {
    updates::download(app).await
}

pub(crate) async fn install_update<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    updates::install(app).await
}
