//! Settings: which BillerAPI environment the app talks to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A BillerAPI environment, as listed in the design's "Environments" table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// The sandbox emulator the app starts on 127.0.0.1 (the default, works offline).
    #[default]
    Embedded,
    /// The public BillerAPI sandbox (`bb_test_*` keys).
    Sandbox,
    /// The public BillerAPI production API (`bb_live_*` keys).
    Production,
    /// Any other URL, e.g. a shared `billerapi-sandbox` for a support team.
    Custom,
}

impl EnvironmentKind {
    /// Every environment, in the order the UI lists them.
    pub const ALL: [EnvironmentKind; 4] = [
        EnvironmentKind::Embedded,
        EnvironmentKind::Sandbox,
        EnvironmentKind::Production,
        EnvironmentKind::Custom,
    ];

    /// The stable name used in settings, the CLI and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvironmentKind::Embedded => "embedded",
            EnvironmentKind::Sandbox => "sandbox",
            EnvironmentKind::Production => "production",
            EnvironmentKind::Custom => "custom",
        }
    }
}

impl fmt::Display for EnvironmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name given was not one of the four environments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment {0:?}: expected embedded, sandbox, production or custom")]
pub struct UnknownEnvironment(pub String);

impl FromStr for EnvironmentKind {
    type Err = UnknownEnvironment;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnvironmentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownEnvironment(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_emulator_is_the_default_environment() {
        assert_eq!(EnvironmentKind::default(), EnvironmentKind::Embedded);
    }

    #[test]
    fn names_round_trip_through_text_and_json() {
        for kind in EnvironmentKind::ALL {
            assert_eq!(kind.as_str().parse::<EnvironmentKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).expect("serializes");
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn an_unknown_name_is_rejected_with_the_valid_choices() {
        let err = "staging".parse::<EnvironmentKind>().unwrap_err();
        assert!(err
            .to_string()
            .contains("embedded, sandbox, production or custom"));
    }
}
