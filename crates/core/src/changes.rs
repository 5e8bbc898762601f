//! What changed in the database, for windows that show it: a version per kind of data, bumped by
//! triggers on every write — this process's or another's on the same file (`billkeep-cli`).

use serde::Serialize;

use crate::app::Billkeep;
use crate::Result;

/// The versions of each kind of data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versions {
    /// Links (and their status).
    pub links: i64,
    /// Cached bills.
    pub bills: i64,
    /// Settings.
    pub settings: i64,
}

/// Which kinds changed: what a window reloads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataChanged {
    /// Links changed.
    pub links: bool,
    /// Bills changed.
    pub bills: bool,
    /// Settings changed.
    pub settings: bool,
}

impl Versions {
    /// What differs from `earlier`, if anything.
    pub fn since(&self, earlier: &Versions) -> Option<DataChanged> {
        let changed = DataChanged {
            links: self.links != earlier.links,
            bills: self.bills != earlier.bills,
            settings: self.settings != earlier.settings,
        };
        (changed != DataChanged::default()).then_some(changed)
    }
}

impl Billkeep {
    /// The current versions (one small read; called on a short timer).
    pub fn versions(&self) -> Result<Versions> {
        self.store().with(|c| {
            let mut v = Versions::default();
            let mut stmt = c.prepare_cached("SELECT kind, version FROM changes")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (kind, version) = row?;
                match kind.as_str() {
                    "links" => v.links = version,
                    "bills" => v.bills = version,
                    "settings" => v.settings = version,
                    _ => {}
                }
            }
            Ok(v)
        })
    }
}
