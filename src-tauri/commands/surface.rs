// The IPC surface: every command the webview may call, one line each — `area::name(args) -> Ok`,
// where `area` is the module under `commands/` holding `async fn name(app, args…)` — and the doc
// line the generated TypeScript carries. `ipc.rs` makes the Tauri commands, the handler and the
// bindings from it; `build.rs` the permission manifest (each command then needs a grant in
// `capabilities/default.json`, which a test checks).
surface! {
    /// Version, data directory and active environment.
    app::app_info() -> AppInfo;
    /// Whether the vault is open, and if not, why (waits briefly for the start-up unlock).
    app::vault_status() -> VaultStatus;
    /// Opens the vault with a passphrase (a new vault's passphrase must be strong enough).
    app::unlock_vault(passphrase: String) -> VaultStatus;
    /// Locks a passphrase vault until its passphrase is entered again.
    app::lock_vault() -> VaultStatus;
    /// Reports user activity (and whether Connect is open) to the Rust-side idle lock.
    app::report_activity(connect_open: bool) -> ();
    /// Opens an https:// link in the system browser.
    app::open_external(url: String) -> ();
    /// Tells the shell the UI has painted, with the webview's start-up moments (diagnostics).
    app::ui_ready(marks: Vec<(String, f64)>) -> ();
    /// What a `billkeep://` link asked the window to show, once (null when nothing waits).
    app::take_ui_request() -> Option<UiRequest>;
    /// The current settings (never the client secret, only whether one is stored).
    settings::get_settings() -> Settings;
    /// Makes an environment the active one (links stay on the origin they were made on).
    settings::set_environment(environment: EnvironmentKind, custom_url: Option<String>) -> Settings;
    /// Stores the client id and secret of an environment's origin.
    settings::set_credentials(environment: EnvironmentKind, client_id: String, client_secret: String) -> Settings;
    /// Checks the active origin's credentials against the API.
    settings::test_credentials() -> ();
    /// Sets (or, with null, resets) the hosted Connect page of an environment's server.
    settings::set_connect_url(environment: EnvironmentKind, url: Option<String>) -> Settings;
    /// Sets the reminder lead times, in days before a due date (`[7, 3, 0]`).
    settings::set_reminder_days(days: Vec<u32>) -> Settings;
    /// Sets after how many idle minutes a passphrase vault locks itself (0: never).
    settings::set_auto_lock_minutes(minutes: u32) -> Settings;
    /// Step 1: a link token and the Connect URL.
    links::create_link_token(biller_id: Option<String>) -> LinkSession;
    /// Step 3: exchanges Connect's public token; the access token stays in Rust.
    links::exchange_public_token(public_token: String, account: LinkedAccount) -> LinkSummary;
    /// A link token in update mode for a link that needs relinking.
    links::start_relink(link: i64) -> LinkSession;
    /// Finishes a relink.
    links::complete_relink(link: i64, public_token: String) -> LinkSummary;
    /// Sandbox environments: links a test account without Connect.
    links::sandbox_link(biller_id: String, account_number: String) -> LinkSummary;
    /// The sandbox's test account numbers and what each does.
    links::sandbox_scenarios() -> Vec<Scenario>;
    /// Asks someone to link from their own browser: a request with a page to share.
    requests::request_link(biller_id: Option<String>, client_user_id: Option<String>) -> LinkRequest;
    /// The active server's requests to link, newest first.
    requests::list_link_requests() -> Vec<LinkRequest>;
    /// One request to link; a completed one becomes a link here.
    requests::get_link_request(id: String) -> LinkRequest;
    /// Cancels a request to link that is not completed.
    requests::cancel_link_request(id: String) -> LinkRequest;
    /// Opens a request's page in the system browser.
    requests::open_link_request(id: String) -> ();
    /// Starts finding billers in the user's e-mail: the consent page opens in the system browser;
    /// the result comes back through a `billkeep://oauth/email` link.
    requests::find_billers_in_email() -> ();
    /// Links of the active environment, oldest first (only the first `limit`, when given).
    links::list_links(limit: Option<u32>) -> Vec<LinkSummary>;
    /// Removes a link at its own origin, then its token and bills.
    links::unlink(link: i64) -> ();
    /// Forgets a link on this computer only; its token stays valid at its origin.
    links::forget_link(link: i64) -> ();
    /// A slice of the cached bills, newest (or soonest) due date first, and how many match.
    bills::list_bills(query: BillQuery) -> BillPage;
    /// What the cached bills matching a filter add up to (count, due soon, sums per currency).
    bills::bill_summary(matching: BillMatch) -> BillSummary;
    /// Asks BillerAPI to refresh, then fetches bills (`force`: a full re-sync); progress arrives
    /// as sync-progress events.
    bills::sync_now(link: Option<i64>, force: bool) -> Vec<SyncProgress>;
    /// Writes every cached bill (as CSV or JSON), or the unpaid and expected ones (as an ICS
    /// calendar), to the Downloads folder.
    bills::export_bills(format: ExportFormat) -> ExportResult;
    /// Checks the update feed for a newer version.
    updates::check_for_update() -> UpdateStatus;
    /// Downloads the newer version and verifies its signature (nothing is installed yet).
    updates::download_update() -> UpdateStatus;
    /// Installs the verified update and starts it.
    updates::install_update() -> ();
    /// Turns the check for a new version at start on or off.
    settings::set_check_updates(on: bool) -> Settings;
    /// Every profile and the one this window shows.
    profiles::list_profiles() -> ProfileList;
    /// Makes a new, empty profile.
    profiles::create_profile(name: String) -> ProfileList;
    /// Renames a profile (its data stays).
    profiles::rename_profile(from: String, to: String) -> ProfileList;
    /// Deletes a profile that is not open: its keyring entries, then its data and tokens.
    profiles::delete_profile(name: String) -> ProfileList;
    /// Opens another profile: saves the choice and starts Billkeep again on it.
    profiles::switch_profile(name: String) -> ();
    /// Start at login, the daily sync's time, and whether there is a tray.
    desktop::desktop_info() -> DesktopInfo;
    /// Starts Billkeep at login, in the tray (or stops doing so).
    desktop::set_start_at_login(on: bool) -> DesktopInfo;
    /// Turns the daily background sync on or off.
    desktop::set_background_sync(on: bool) -> Settings;
    /// Whether closing the window keeps Billkeep running in the tray.
    desktop::set_close_to_tray(on: bool) -> Settings;
    /// The answer to the first close: keep running in the tray, or quit.
    desktop::close_choice(keep_in_tray: bool) -> ();
    /// Health, next bills, this month's totals and the bills that stand out.
    insights::overview() -> Overview;
    /// The bills due and expected in one month.
    insights::calendar(year: i32, month: u8) -> CalendarMonth;
    /// The amounts chart of one account, or of all (`null`).
    insights::chart(link: Option<i64>) -> Option<Chart>;
    /// Records a Connect event for the support log.
    support::record_connect_event(session_id: String, event: String, metadata: serde_json::Value) -> ();
    /// The latest Connect events, newest first.
    support::list_connect_events(limit: u32) -> Vec<ConnectEvent>;
    /// The Connect log for a support ticket: no token, no account identifier.
    support::export_connect_log() -> String;
}
