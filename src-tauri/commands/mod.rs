//! What each command does, one module per area, each function `async fn(app, args…)`. The
//! commands themselves are made from the one declaration of the surface (`surface.rs`, via
//! `ipc.rs`). Each validates its input and delegates to `billkeep-core`; none returns a token or
//! a secret.

pub(crate) mod app;
pub(crate) mod bills;
pub(crate) mod desktop;
pub(crate) mod insights;
pub(crate) mod links;
pub(crate) mod profiles;
pub(crate) mod requests;
pub(crate) mod settings;
pub(crate) mod support;
pub(crate) mod updates;

use std::sync::Arc;

use billkeep_core::Billkeep;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::Error;

/// The shell's state.
pub(crate) fn state<R: Runtime>(app: &AppHandle<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}

/// The open vault, or `locked`.
pub(crate) async fn core<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Billkeep>, Error> {
    state(app).app().await
}
