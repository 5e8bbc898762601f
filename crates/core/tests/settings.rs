//! Settings that the desktop app and CLI change: defaults, bounds, persistence across a restart.

mod common;

use billkeep_core::settings::{DEFAULT_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES};
use billkeep_core::Error;

#[test]
fn auto_lock_defaults_is_bounded_and_survives_a_restart() {
    let dir = common::scratch("settings-auto-lock");
    let keyring = common::keyring("settings-auto-lock");
    let b = common::open(&dir, keyring.clone());
    assert_eq!(
        b.settings().unwrap().auto_lock_minutes,
        DEFAULT_AUTO_LOCK_MINUTES
    );

    let err = b
        .set_auto_lock_minutes(MAX_AUTO_LOCK_MINUTES + 1)
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        b.settings().unwrap().auto_lock_minutes,
        DEFAULT_AUTO_LOCK_MINUTES,
        "a refused value changes nothing"
    );

    b.set_auto_lock_minutes(0).unwrap();
    drop(b);
    let b = common::open(&dir, keyring);
    assert_eq!(
        b.settings().unwrap().auto_lock_minutes,
        0,
        "0 (never) persists"
    );
    b.set_auto_lock_minutes(MAX_AUTO_LOCK_MINUTES).unwrap();
    assert_eq!(
        b.settings().unwrap().auto_lock_minutes,
        MAX_AUTO_LOCK_MINUTES
    );
}
