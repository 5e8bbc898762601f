//! The Billkeep desktop shell: app setup, shared state and thin commands over `billkeep-core`.

mod autolock;
mod background;
pub mod bindings;
mod commands;
mod deep_link;
mod error;
pub mod events;
mod external_link;
pub mod ipc;
mod rendering;
mod scheduler;
mod session_signals;
mod startup;
mod state;
mod tray;
mod updates;
mod watch;

use std::path::PathBuf;

use tauri::Manager;

pub use commands::bills::{BillMatch, BillQuery, ExportResult};
pub use deep_link::UiRequest;
pub use error::Error;
pub use state::AppInfo;

/// Resolves and creates the data directory, then manages the app's state.
///
/// `data_dir` overrides the OS app-data directory (tests, `BILLKEEP_DATA_DIR`).
fn init_state<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let base = match data_dir {
        Some(dir) => dir,
        None => app.path().app_data_dir()?,
    };
    // The profile: `--profile NAME` or BILLKEEP_PROFILE for this run, else the one last opened.
    let service = billkeep_core::paths::keyring_service();
    let profiles = billkeep_core::profiles::Profiles::load(&base, &service)?;
    let wanted = profile_arg().or_else(|| {
        std::env::var(billkeep_core::profiles::PROFILE_ENV)
            .ok()
            .filter(|p| !p.is_empty())
    });
    let location = match profiles.locate(wanted.as_deref()) {
        Ok(location) => location,
        Err(e) => {
            tracing::warn!(error = %e, "the profile asked for does not exist; opening the last one");
            profiles.locate(None)?
        }
    };
    let dir = location.data_dir.clone();
    std::fs::create_dir_all(&dir).map_err(|source| Error::DataDir {
        path: dir.clone(),
        source,
    })?;
    app.manage(state::AppState::with_secrets(
        dir,
        std::sync::Arc::new(billkeep_core::vault::OsKeyring::new(
            location.keyring_service,
        )),
    ));
    app.manage(commands::profiles::CurrentProfile {
        base,
        service,
        name: std::sync::Mutex::new(location.name),
        pinned: wanted.is_some(),
    });
    app.manage(deep_link::Pending::default());
    Ok(())
}

/// Registers the app's plugins, state, setup and commands on a builder (real or mock runtime).
pub fn builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<PathBuf>,
) -> tauri::Builder<R> {
    use tauri_plugin_window_state::StateFlags;
    builder
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_notification::init())
        // Started at login, Billkeep opens in the tray.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![START_IN_TRAY_FLAG]),
        ))
        // Size, position and maximized state come back; whether it was shown does not (the
        // tray flag decides that). Nothing else: restoring decorations and full screen too cost
        // ~40 ms before navigation on every start (bench/startup), for states the app never changes.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .setup(move |app| {
            startup::mark("tauri_setup");
            init_state(app.handle(), data_dir.clone())?;
            if std::env::args().any(|a| a == START_IN_TRAY_FLAG) {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.hide();
                }
            }
            // The tray after the first paint: it is not on the way to it (bench/startup).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                startup::ui_painted(std::time::Duration::from_secs(5)).await;
                let main = handle.clone();
                let _ = handle.run_on_main_thread(move || tray::create(&main));
            });
            deep_link::listen(app.handle());
            background::open_at_start(app.handle().clone());
            autolock::start(app.handle().clone());
            watch::start(app.handle().clone());
            scheduler::start(app.handle().clone());
            startup::mark("tauri_setup_done");
            Ok(())
        })
        .on_window_event(on_window_event)
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => startup::mark("page_load_started"),
            tauri::webview::PageLoadEvent::Finished => startup::mark("page_load_finished"),
        })
        .invoke_handler(ipc::handler())
}

/// `--profile NAME` (or `--profile=NAME`) on the command line.
fn profile_arg() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--profile" {
            return args.next();
        }
        if let Some(name) = arg.strip_prefix("--profile=") {
            return Some(name.to_owned());
        }
    }
    None
}

/// Starts the app in the tray, without showing its window (what starting at login passes).
const START_IN_TRAY_FLAG: &str = "--tray";

/// Closing the window: into the tray when the user chose so; the first time, the UI asks (the
/// window stays until it answers); otherwise the app quits. Focus: check for changes at once.
fn on_window_event<R: tauri::Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    use tauri::Emitter;
    match event {
        tauri::WindowEvent::CloseRequested { api, .. } => {
            let state = window.state::<state::AppState>();
            let Some(core) = state.app_now() else {
                return;
            };
            let Ok(settings) = core.settings() else {
                return;
            };
            if settings.close_to_tray && window.app_handle().tray_by_id("main").is_some() {
                api.prevent_close();
                let _ = window.hide();
            } else if !settings.close_asked {
                api.prevent_close();
                let _ = window.emit(events::CLOSE_ASKED, ());
            }
        }
        tauri::WindowEvent::Focused(true) => watch::poke(window.app_handle()),
        _ => {}
    }
}

/// The single-instance name: the app's, or for a data directory given by `BILLKEEP_DATA_DIR` one
/// of its own (tests and side-by-side installs are separate instances).
fn instance_id(data_dir: Option<&std::path::Path>) -> String {
    use sha2::Digest;
    match data_dir {
        None => "dev.billkeep.app".to_owned(),
        Some(dir) => {
            let digest = sha2::Sha256::digest(dir.to_string_lossy().as_bytes());
            format!("dev.billkeep.app.d{}", hex::encode(&digest[..8]))
        }
    }
}

/// Runs the desktop app until its last window closes.
pub fn run() {
    rendering::prepare();
    startup::mark_process_start();
    // Logs go to stderr; they carry codes and ids, never tokens or secrets.
    let filter = tracing_subscriber::EnvFilter::try_from_env("BILLKEEP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let data_dir = std::env::var_os(billkeep_core::paths::DATA_DIR_ENV).map(PathBuf::from);
    // One instance per data directory: first, so a second launch hands its arguments (a
    // `billkeep://` link among them) to the running one and exits before anything else starts.
    let single = tauri_plugin_single_instance::Builder::new()
        .callback(|app, _argv, _cwd| deep_link::focus(app))
        .dbus_id(instance_id(data_dir.as_deref()))
        .build();
    builder(tauri::Builder::default().plugin(single), data_dir)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::Updates::default())
        .run(tauri::generate_context!())
        .expect("error while running Billkeep");
}

#[cfg(test)]
mod tests {
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    use super::*;

    // On Linux the webview's origin is tauri://localhost (the tauri::test docs show the Windows one).
    const LOCAL_ORIGIN: &str = if cfg!(windows) {
        "http://tauri.localhost"
    } else {
        "tauri://localhost"
    };

    fn call(
        data_dir: PathBuf,
        cmd: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        let app = builder(mock_builder(), None)
            .build(mock_context(noop_assets()))
            .expect("app builds");
        // The mock runtime has no event loop, so setup never runs: initialise as it would.
        init_state(app.handle(), Some(data_dir)).expect("state initialises");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window builds");
        invoke(&window, cmd, body)
    }

    /// A mock app over `data_dir` whose secrets live in memory, and its main window.
    fn session(
        data_dir: PathBuf,
        secrets: std::sync::Arc<dyn billkeep_core::vault::SecretStore>,
    ) -> (
        tauri::App<tauri::test::MockRuntime>,
        tauri::WebviewWindow<tauri::test::MockRuntime>,
    ) {
        let app = builder(mock_builder(), None)
            .build(mock_context(noop_assets()))
            .expect("app builds");
        std::fs::create_dir_all(&data_dir).expect("data dir");
        app.manage(state::AppState::with_secrets(data_dir, secrets));
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window builds");
        (app, window)
    }

    fn invoke(
        window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
        cmd: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: LOCAL_ORIGIN.parse().expect("origin"),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize().expect("json response"))
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("billkeep-shell-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn app_info_reports_version_data_dir_and_the_embedded_environment() {
        let dir = scratch_dir("info");
        let info = call(dir.clone(), "app_info", serde_json::json!({})).expect("ok");
        assert_eq!(
            info,
            serde_json::json!({
                "version": env!("CARGO_PKG_VERSION"),
                "dataDir": dir.display().to_string(),
                "environment": "embedded",
                "profile": "Personal",
            })
        );
        assert!(dir.is_dir(), "setup creates the data directory");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn open_external_refuses_a_non_https_link_with_its_code() {
        let dir = scratch_dir("open");
        let err = call(
            dir.clone(),
            "open_external",
            serde_json::json!({ "url": "http://example.com" }),
        )
        .expect_err("refused");
        assert_eq!(err["code"], "not_https");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_passphrase_vault_locks_and_opens_again_only_with_its_passphrase() {
        let dir = scratch_dir("lock");
        // No keyring at all: the vault is made in passphrase mode.
        let no_keyring = std::sync::Arc::new(billkeep_core::vault::MemoryStore::default());
        no_keyring.fail_with(|| billkeep_core::Error::KeyringUnavailable("no bus".into()));
        let (_app, window) = session(dir.clone(), no_keyring);
        let pass = |p: &str| serde_json::json!({ "passphrase": p });

        let status = invoke(&window, "unlock_vault", pass("correct horse battery")).expect("made");
        assert_eq!(
            (status["state"].as_str(), status["keyMode"].as_str()),
            (Some("ready"), Some("passphrase"))
        );
        let settings = invoke(
            &window,
            "set_auto_lock_minutes",
            serde_json::json!({ "minutes": 5 }),
        )
        .expect("set");
        assert_eq!(settings["autoLockMinutes"], 5);
        let err = invoke(
            &window,
            "set_auto_lock_minutes",
            serde_json::json!({ "minutes": 100_000 }),
        )
        .expect_err("bounded");
        assert_eq!(err["code"], "invalid_input");

        let locked = invoke(&window, "lock_vault", serde_json::json!({})).expect("locks");
        assert_eq!(
            (
                locked["state"].as_str(),
                locked["code"].as_str(),
                locked["keyMode"].as_str()
            ),
            (Some("needs_passphrase"), Some("vault_locked"), None)
        );
        assert!(locked["message"]
            .as_str()
            .is_some_and(|m| m.contains("locked")));
        let err =
            invoke(&window, "list_links", serde_json::json!({})).expect_err("nothing while locked");
        assert_eq!(err["code"], "locked");
        // Locking again is harmless.
        invoke(&window, "lock_vault", serde_json::json!({})).expect("still locked");

        let err =
            invoke(&window, "unlock_vault", pass("wrong horse battery")).expect_err("refused");
        assert_eq!(err["code"], "wrong_passphrase");
        let status = invoke(&window, "vault_status", serde_json::json!({})).expect("status");
        assert_eq!(status["state"], "needs_passphrase");
        let status = invoke(&window, "unlock_vault", pass("correct horse battery")).expect("opens");
        assert_eq!(status["state"], "ready");
        let settings = invoke(&window, "get_settings", serde_json::json!({})).expect("settings");
        assert_eq!(settings["autoLockMinutes"], 5, "settings survive the lock");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn the_vault_locks_itself_in_rust_when_activity_reports_stop() {
        use std::time::{Duration, Instant};
        let dir = scratch_dir("idle-lock");
        let no_keyring = std::sync::Arc::new(billkeep_core::vault::MemoryStore::default());
        no_keyring.fail_with(|| billkeep_core::Error::KeyringUnavailable("no bus".into()));
        let (app, window) = session(dir.clone(), no_keyring);
        let pass = serde_json::json!({ "passphrase": "correct horse battery" });
        invoke(&window, "unlock_vault", pass.clone()).expect("made");
        invoke(
            &window,
            "set_auto_lock_minutes",
            serde_json::json!({ "minutes": 5 }),
        )
        .expect("set");
        let minutes = |m: u64| Instant::now() + Duration::from_secs(m * 60);
        let check = |at| tauri::async_runtime::block_on(autolock::check_idle(app.handle(), at));

        // No webview timer is involved: only the clock the shell checks.
        assert!(!check(minutes(4)), "still within the idle time");
        invoke(&window, "list_links", serde_json::json!({})).expect("open");
        assert!(check(minutes(6)), "locked after the idle time");
        let err = invoke(&window, "list_links", serde_json::json!({})).expect_err("locked");
        assert_eq!(err["code"], "locked");
        let status = invoke(&window, "vault_status", serde_json::json!({})).expect("status");
        assert_eq!(
            (status["state"].as_str(), status["code"].as_str()),
            (Some("needs_passphrase"), Some("vault_locked"))
        );

        // An open Connect flow delays the lock, by at most ten minutes.
        invoke(&window, "unlock_vault", pass).expect("opens");
        invoke(
            &window,
            "report_activity",
            serde_json::json!({ "connectOpen": true }),
        )
        .expect("reported");
        assert!(!check(minutes(6)), "Connect is open");
        assert!(check(minutes(16)), "but not forever");
        std::fs::remove_dir_all(dir).ok();
    }

    /// A keyring that answers slowly, as a Secret Service under load or awaiting its unlock does,
    /// and counts its reads (each is a Secret Service session on a real one).
    struct SlowKeyring(
        billkeep_core::vault::MemoryStore,
        std::time::Duration,
        std::sync::atomic::AtomicUsize,
    );

    impl SlowKeyring {
        fn new(delay: std::time::Duration) -> Self {
            Self(Default::default(), delay, Default::default())
        }
        fn reads(&self) -> usize {
            self.2.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    impl billkeep_core::vault::SecretStore for SlowKeyring {
        fn get(
            &self,
            name: &str,
        ) -> Result<Option<zeroize::Zeroizing<String>>, billkeep_core::Error> {
            self.2.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::sleep(self.1);
            self.0.get(name)
        }
        fn set(&self, name: &str, value: &str) -> Result<(), billkeep_core::Error> {
            self.0.set(name, value)
        }
        fn delete(&self, name: &str) -> Result<(), billkeep_core::Error> {
            self.0.delete(name)
        }
    }

    #[test]
    fn a_command_sent_while_the_vault_opens_at_start_waits_for_it() {
        let dir = scratch_dir("opening");
        let keyring = std::sync::Arc::new(SlowKeyring::new(std::time::Duration::from_millis(400)));
        let (app, window) = session(dir.clone(), keyring);
        let handle = app.handle().clone();
        let opening = tauri::async_runtime::spawn(async move {
            let state = handle.state::<state::AppState>();
            state
                .open(billkeep_core::vault::Unlock::Keyring)
                .await
                .is_ok()
        });
        // The window asks before the keyring has answered (a screen opened right after the
        // first paint): it gets the answer once the vault is open, not "locked".
        std::thread::sleep(std::time::Duration::from_millis(100));
        let links = invoke(&window, "list_links", serde_json::json!({}));
        assert_eq!(links, Ok(serde_json::json!([])));
        assert!(tauri::async_runtime::block_on(opening).expect("joined"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn the_start_up_unlock_reads_the_client_secret_so_the_first_screen_waits_for_no_keyring() {
        use billkeep_core::settings::EnvironmentKind;
        let dir = scratch_dir("secret-at-open");
        // A user of the real sandbox: a URL origin whose client secret is in the keyring.
        let keyring = std::sync::Arc::new(SlowKeyring::new(std::time::Duration::ZERO));
        {
            std::fs::create_dir_all(&dir).expect("data dir");
            let core = billkeep_core::Billkeep::open(
                &dir,
                keyring.clone(),
                billkeep_core::vault::Unlock::Keyring,
            )
            .expect("vault");
            tauri::async_runtime::block_on(
                core.use_environment(EnvironmentKind::Custom, Some("http://127.0.0.1:9/")),
            )
            .expect("custom URL");
            core.set_credentials(EnvironmentKind::Custom, "client_x", "secret_x")
                .expect("credentials");
        }
        let (app, window) = session(dir.clone(), keyring.clone());
        tauri::async_runtime::block_on(
            app.state::<state::AppState>()
                .open(billkeep_core::vault::Unlock::Keyring),
        )
        .expect("opens");
        // The first screen's settings say the secret is there without a Secret Service session
        // of their own (12 ms in a release build): it was read while WebKit started.
        let read = keyring.reads();
        let settings = invoke(&window, "get_settings", serde_json::json!({})).expect("settings");
        assert_eq!(settings["hasClientSecret"], true);
        assert_eq!(keyring.reads(), read, "the first screen read the keyring");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_keyring_vault_is_not_locked() {
        let dir = scratch_dir("no-lock");
        // An in-memory keyring that works (the real one is exercised by core's tests and the e2e).
        let keyring = std::sync::Arc::new(billkeep_core::vault::MemoryStore::default());
        let (app, window) = session(dir.clone(), keyring);
        let state = app.state::<state::AppState>();
        tauri::async_runtime::block_on(state.open(billkeep_core::vault::Unlock::Keyring))
            .expect("opens with the keyring");
        let err = invoke(&window, "lock_vault", serde_json::json!({})).expect_err("refused");
        assert_eq!(err["code"], "not_lockable");
        let status = invoke(&window, "vault_status", serde_json::json!({})).expect("status");
        assert_eq!(
            (status["state"].as_str(), status["keyMode"].as_str()),
            (Some("ready"), Some("keyring"))
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
