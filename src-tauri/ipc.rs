//! The IPC surface, made from its one declaration (`commands/surface.rs`): a Tauri command per
//! line that calls `commands::<area>::<name>(&app, args…)`, the handler that registers them all,
//! and the list the TypeScript generator (`bindings.rs`) and the capability test read.

use billerapi::sandbox::Scenario;
use billkeep_core::bills::{BillPage, BillSummary, ExportFormat};
use billkeep_core::calendar::CalendarMonth;
use billkeep_core::chart::Chart;
use billkeep_core::link_requests::LinkRequest;
use billkeep_core::links::LinkSummary;
use billkeep_core::overview::Overview;
use billkeep_core::settings::{EnvironmentKind, Settings};
use billkeep_core::sync::SyncProgress;
use billkeep_core::vault::VaultStatus;
use billkeep_core::{ConnectEvent, LinkSession, LinkedAccount};

use crate::commands::bills::{BillMatch, BillQuery, ExportResult};
use crate::commands::desktop::DesktopInfo;
use crate::commands::profiles::ProfileList;
use crate::deep_link::UiRequest;
use crate::state::AppInfo;
use crate::updates::UpdateStatus;

/// One command as the webview sees it.
pub struct CommandSpec {
    /// The Rust command name passed to `invoke` (`unlock_vault`).
    pub name: &'static str,
    /// Its doc line.
    pub doc: &'static str,
    /// `(Rust argument name, TypeScript type)`, in order.
    pub args: Vec<(&'static str, String)>,
    /// The TypeScript type the promise resolves to.
    pub returns: String,
    /// Registers the TypeScript declarations its types need.
    pub visit: fn(&mut crate::bindings::Declarations),
}

/// Turns the declaration into commands, the handler and the specs.
macro_rules! surface {
    ($(
        $(#[doc = $doc:literal])*
        $area:ident :: $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ok:ty ;
    )*) => {
        /// The Tauri commands, each a thin call into its area's function.
        pub(crate) mod command {
            use super::*;
            $(
                #[tauri::command]
                pub(crate) async fn $name<R: tauri::Runtime>(
                    app: tauri::AppHandle<R>,
                    $($arg: $ty),*
                ) -> Result<$ok, crate::Error> {
                    crate::commands::$area::$name(&app, $($arg),*).await
                }
            )*
        }

        /// Registers every command of the surface.
        pub(crate) fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(command::$name),*]
        }

        /// Every command of the surface, for the generator and the capability check.
        pub fn commands() -> Vec<CommandSpec> {
            use crate::bindings::ts;
            vec![$(CommandSpec {
                name: stringify!($name),
                doc: concat!($($doc),*),
                args: vec![$((stringify!($arg), ts::<$ty>())),*],
                returns: ts::<$ok>(),
                visit: |d| {
                    $(d.visit::<$ty>();)*
                    d.visit::<$ok>();
                },
            }),*]
        }
    };
}

include!("commands/surface.rs");
