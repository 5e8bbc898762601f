//! The tray icon: the next three bills due (biller, amount, days left), then Open, Sync now, Lock
//! (a passphrase vault) and Quit. On Linux a menu is the only reliable thing a tray offers, so
//! every action is a menu item; the icon's tooltip names the next bill. The menu is a model built
//! by a pure function (tested here) and turned into Tauri's menu when the data changes.

use billerapi::bills::BillStatus;
use billkeep_core::bills::{BillFilter, StoredBill};
use time::{Date, Duration};

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::events::SHOW_SCREEN;
use crate::state::AppState;

/// The tray's id.
const TRAY: &str = "main";
/// Bills shown in the menu.
const SHOWN: usize = 3;

/// One line of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A bill: opens Bills.
    Bill { id: String, text: String },
    /// A line of information, not clickable.
    Note(String),
    /// Shows the window.
    Open,
    /// Syncs every link.
    SyncNow,
    /// Locks a passphrase vault.
    Lock,
    /// Quits the app.
    Quit,
    /// A separator.
    Separator,
}

/// The menu and the tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Model {
    /// What the icon's tooltip (title) says.
    pub tooltip: String,
    /// The menu.
    pub items: Vec<Item>,
}

/// What the vault allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vault {
    /// Open, with a keyring key (cannot be locked by hand).
    Open,
    /// Open, with a passphrase key.
    OpenLockable,
    /// Locked, or not opened yet.
    Locked,
}

fn when(due: Date, today: Date) -> String {
    match (due - today).whole_days() {
        d if d < 0 => "overdue".to_owned(),
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        d => format!("in {d} days"),
    }
}

/// The menu for the bills to come (unpaid, any order) on `today`.
pub(crate) fn model(bills: &[StoredBill], today: Date, vault: Vault) -> Model {
    let mut items = Vec::new();
    let mut next: Vec<&StoredBill> = bills
        .iter()
        .filter(|b| matches!(b.status, BillStatus::Pending | BillStatus::Overdue))
        .collect();
    next.sort_by_key(|b| (b.due_date, b.link));
    let line = |b: &StoredBill| {
        format!(
            "{} · {} · {}",
            b.biller_name,
            billkeep_core::money::format(b.amount, &b.currency),
            when(b.due_date, today)
        )
    };
    let tooltip = match (vault, next.first()) {
        (Vault::Locked, _) => "Billkeep (locked)".to_owned(),
        (_, Some(b)) => format!("Billkeep: next, {}", line(b)),
        (_, None) => "Billkeep: no bill due".to_owned(),
    };
    match vault {
        Vault::Locked => items.push(Item::Note("Billkeep is locked".to_owned())),
        _ if next.is_empty() => items.push(Item::Note("No bill due".to_owned())),
        _ => {
            for b in next.iter().take(SHOWN) {
                items.push(Item::Bill {
                    id: format!("bill:{}:{}", b.link, b.bill_id),
                    text: line(b),
                });
            }
        }
    }
    items.push(Item::Separator);
    items.push(Item::Open);
    if vault != Vault::Locked {
        items.push(Item::SyncNow);
    }
    if vault == Vault::OpenLockable {
        items.push(Item::Lock);
    }
    items.push(Item::Quit);
    Model { tooltip, items }
}

fn menu<R: Runtime>(app: &AppHandle<R>, model: &Model) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for item in &model.items {
        match item {
            Item::Bill { id, text } => {
                menu.append(&MenuItem::with_id(app, id, text, true, None::<&str>)?)?
            }
            Item::Note(text) => menu.append(&MenuItem::new(app, text, false, None::<&str>)?)?,
            Item::Open => menu.append(&MenuItem::with_id(
                app,
                "open",
                "Open Billkeep",
                true,
                None::<&str>,
            )?)?,
            Item::SyncNow => menu.append(&MenuItem::with_id(
                app,
                "sync",
                "Sync now",
                true,
                None::<&str>,
            )?)?,
            Item::Lock => {
                menu.append(&MenuItem::with_id(app, "lock", "Lock", true, None::<&str>)?)?
            }
            Item::Quit => menu.append(&MenuItem::with_id(
                app,
                "quit",
                "Quit Billkeep",
                true,
                None::<&str>,
            )?)?,
            Item::Separator => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

/// Shows (and focuses) the main window, optionally on a screen.
pub(crate) fn show_window<R: Runtime>(app: &AppHandle<R>, screen: Option<&str>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if let Some(screen) = screen {
        let _ = app.emit(SHOW_SCREEN, screen.to_owned());
    }
}

/// Creates the tray icon with the menu of the moment. Where no tray can exist the app goes on
/// without one (and says so in the log): on Linux the indicator library is loaded at run time,
/// and its loader panics when the library is missing.
pub(crate) fn create<R: Runtime>(app: &AppHandle<R>) {
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    if made.is_err() {
        tracing::warn!(
            "no tray icon: the system's indicator library is missing (libayatana-appindicator3)"
        );
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) {
    let initial = model(&[], billkeep_core::clock::today_local(), Vault::Locked);
    let built = menu(app, &initial).and_then(|menu| {
        let mut builder = TrayIconBuilder::with_id(TRAY)
            .menu(&menu)
            .tooltip(&initial.tooltip)
            .show_menu_on_left_click(true)
            .on_menu_event(|app, event| on_menu(app, event.id.as_ref()));
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        builder.build(app)
    });
    if let Err(e) = built {
        tracing::info!(error = %e, "no tray icon");
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id {
        "open" => show_window(app, None),
        "quit" => app.exit(0),
        "sync" => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                if let Ok(core) = app.state::<AppState>().app().await {
                    if let Err(e) =
                        crate::background::sync_and_notify(&app, &core, None, false).await
                    {
                        tracing::info!(code = %e.code(), "tray sync failed");
                    }
                }
                refresh(&app).await;
            });
        }
        "lock" => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                crate::autolock::lock_now(&app, crate::state::LOCKED_MESSAGE).await;
                refresh(&app).await;
            });
        }
        id if id.starts_with("bill:") => show_window(app, Some("bills")),
        _ => {}
    }
}

/// Rebuilds the menu and the tooltip from the data of the moment.
pub(crate) async fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    let state = app.state::<AppState>();
    let today = billkeep_core::clock::today_local();
    let (bills, vault) = match state.app().await {
        Ok(core) => {
            let filter = BillFilter {
                from: Some(today - Duration::days(90)),
                ..Default::default()
            };
            let vault = if core.key_mode() == billkeep_core::vault::KeyMode::Passphrase {
                Vault::OpenLockable
            } else {
                Vault::Open
            };
            (core.bills(&filter).unwrap_or_default(), vault)
        }
        Err(_) => (Vec::new(), Vault::Locked),
    };
    let model = model(&bills, today, vault);
    match menu(app, &model) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
            let _ = tray.set_tooltip(Some(&model.tooltip));
        }
        Err(e) => tracing::info!(error = %e, "tray menu not updated"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn bill(link: i64, name: &str, due: Date, amount: i64, status: BillStatus) -> StoredBill {
        StoredBill {
            link,
            bill_id: format!("bill_{link}"),
            biller_id: "b".into(),
            biller_name: name.into(),
            account_number: "****1".into(),
            amount,
            currency: "USD".into(),
            due_date: due,
            status,
            statement_date: due,
            description: None,
            auto_pay: false,
            line_items: vec![],
            due: Default::default(),
        }
    }

    const TODAY: Date = date!(2026 - 11 - 30);

    #[test]
    fn the_next_three_unpaid_bills_soonest_first_then_the_actions() {
        let bills = [
            bill(
                1,
                "Water",
                date!(2026 - 12 - 20),
                3_000,
                BillStatus::Pending,
            ),
            bill(
                2,
                "Power",
                date!(2026 - 12 - 05),
                8_615,
                BillStatus::Pending,
            ),
            bill(3, "Gas", date!(2026 - 11 - 25), 14_680, BillStatus::Overdue),
            bill(
                4,
                "Phone",
                date!(2026 - 12 - 01),
                5_012,
                BillStatus::Pending,
            ),
            bill(5, "Paid", date!(2026 - 12 - 02), 1_000, BillStatus::Paid),
        ];
        let m = model(&bills, TODAY, Vault::Open);
        let texts: Vec<String> = m
            .items
            .iter()
            .map(|i| match i {
                Item::Bill { text, .. } => text.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Gas · 146.80 USD · overdue",
                "Phone · 50.12 USD · due tomorrow",
                "Power · 86.15 USD · in 5 days",
                "Separator",
                "Open",
                "SyncNow",
                "Quit"
            ]
        );
        assert_eq!(m.tooltip, "Billkeep: next, Gas · 146.80 USD · overdue");
    }

    #[test]
    fn a_passphrase_vault_can_be_locked_and_a_locked_one_shows_nothing() {
        let bills = [bill(1, "Power", TODAY, 8_615, BillStatus::Pending)];
        let open = model(&bills, TODAY, Vault::OpenLockable);
        assert!(open.items.contains(&Item::Lock));
        assert!(open.tooltip.ends_with("Power · 86.15 USD · due today"));
        let locked = model(&bills, TODAY, Vault::Locked);
        assert_eq!(
            locked.items,
            [
                Item::Note("Billkeep is locked".into()),
                Item::Separator,
                Item::Open,
                Item::Quit
            ]
        );
        assert_eq!(locked.tooltip, "Billkeep (locked)");
        let none = model(&[], TODAY, Vault::Open);
        assert_eq!(none.items[0], Item::Note("No bill due".into()));
    }
}
