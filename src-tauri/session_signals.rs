//! Locking when the desktop session says the user stepped away: the screen locked, or the system
//! is about to sleep. Linux announces both over D-Bus:
//! - the session bus: `org.freedesktop.ScreenSaver.ActiveChanged(true)` (KDE, Xfce, and GNOME's
//!   compatibility name) and `org.gnome.ScreenSaver.ActiveChanged(true)`;
//! - the system bus: logind's `org.freedesktop.login1.Manager.PrepareForSleep(true)` and the
//!   session's `org.freedesktop.login1.Session.Lock`.
//!
//! macOS and Windows are not watched yet (docs/vault.md says so); the idle timer still applies.

/// Why the session asked to lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockSignal {
    /// The screen saver or screen lock came on.
    ScreenLocked,
    /// The system is about to sleep.
    Sleep,
    /// The system woke up (the scheduler catches up; nothing locks).
    Resumed,
}

/// The session-bus signals that mean "screen locked": (interface, member).
pub(crate) const SCREEN_SAVER_SIGNALS: [&str; 2] =
    ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

/// Watches the buses on two threads of their own for the life of the app; `on_signal` runs on
/// those threads. A bus that is not there (a server, a container) is skipped with a log line.
#[cfg(target_os = "linux")]
pub(crate) fn watch(on_signal: impl Fn(LockSignal) + Send + Sync + Clone + 'static) {
    let session = on_signal.clone();
    let spawn = |name: &str, work: Box<dyn FnOnce() -> Result<(), dbus::Error> + Send>| {
        let name = name.to_owned();
        let _ = std::thread::Builder::new()
            .name(format!("lock-signals-{name}"))
            .spawn(move || {
                if let Err(e) = work() {
                    tracing::info!(bus = %name, error = %e, "not watching for screen lock or sleep");
                }
            });
    };
    spawn("session", Box::new(move || watch_session(session)));
    spawn("system", Box::new(move || watch_system(on_signal)));
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn watch(_on_signal: impl Fn(LockSignal) + Send + Sync + Clone + 'static) {}

#[cfg(target_os = "linux")]
fn watch_session(
    on_signal: impl Fn(LockSignal) + Send + Clone + 'static,
) -> Result<(), dbus::Error> {
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    let conn = Connection::new_session()?;
    for interface in SCREEN_SAVER_SIGNALS {
        let on_signal = on_signal.clone();
        conn.add_match(
            MatchRule::new_signal(interface, "ActiveChanged"),
            move |(active,): (bool,), _, _| {
                if active {
                    on_signal(LockSignal::ScreenLocked);
                }
                true
            },
        )?;
    }
    loop {
        conn.process(std::time::Duration::from_secs(60))?;
    }
}

#[cfg(target_os = "linux")]
fn watch_system(
    on_signal: impl Fn(LockSignal) + Send + Clone + 'static,
) -> Result<(), dbus::Error> {
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    let conn = Connection::new_system()?;
    let sleep = on_signal.clone();
    conn.add_match(
        MatchRule::new_signal("org.freedesktop.login1.Manager", "PrepareForSleep"),
        move |(going,): (bool,), _, _| {
            sleep(if going {
                LockSignal::Sleep
            } else {
                LockSignal::Resumed
            });
            true
        },
    )?;
    conn.add_match(
        MatchRule::new_signal("org.freedesktop.login1.Session", "Lock"),
        move |(): (), _, _| {
            on_signal(LockSignal::ScreenLocked);
            true
        },
    )?;
    loop {
        conn.process(std::time::Duration::from_secs(60))?;
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Sends `ActiveChanged(active)` on the session bus as a screen saver would.
    fn emit(interface: &str, active: bool) {
        use dbus::channel::Sender;
        let conn = dbus::blocking::Connection::new_session()
            .expect("a session bus (scripts/test runs the Rust tests under dbus-run-session)");
        let path = format!("/{}", interface.replace('.', "/"));
        let signal = dbus::Message::new_signal(path, interface, "ActiveChanged")
            .expect("valid signal")
            .append1(active);
        conn.send(signal).expect("sent");
        conn.channel().flush();
    }

    #[test]
    fn a_screen_lock_on_the_session_bus_is_heard_and_unlocking_is_not() {
        let (tx, rx) = std::sync::mpsc::channel();
        let tx = std::sync::Arc::new(std::sync::Mutex::new(tx));
        watch(move |signal| {
            let _ = tx.lock().map(|t| t.send(signal));
        });
        // The watcher subscribes on its own thread: give it a moment, then announce.
        std::thread::sleep(std::time::Duration::from_millis(300));
        for interface in SCREEN_SAVER_SIGNALS {
            emit(interface, false);
            emit(interface, true);
            let heard = rx
                .recv_timeout(std::time::Duration::from_secs(5))
                .expect("the lock signal reached the watcher");
            assert_eq!(heard, LockSignal::ScreenLocked, "{interface}");
        }
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the screen saver going off is not a reason to lock"
        );
    }
}
