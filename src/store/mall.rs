//! The mall's own settings kept in its database (not in one desk's settings file), so every
//! program reading the file agrees: first of all the mall's clock.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::error::{Refusal, Result};
use super::{Store, StoreError};
use crate::domain::clock::MallClock;

const TIME_ZONE: &str = "time_zone";

/// The zone stored in the file, if any; a name this program cannot read is refused rather
/// than silently replaced by another clock.
pub(crate) fn stored_clock(conn: &Connection) -> Result<Option<MallClock>> {
    let name: Option<String> = conn
        .query_row("SELECT value FROM mall_settings WHERE name = ?", [TIME_ZONE], |row| row.get(0))
        .optional()?;
    name.map(|name| {
        MallClock::parse(&name)
            .map_err(|_| StoreError::from(Refusal::new("bad_stored_zone").with("zone", name)))
    })
    .transpose()
}

/// Writes the zone with its audit row, inside the caller's transaction.
fn save(
    conn: &Connection,
    at: DateTime<Utc>,
    operator: &str,
    before: Option<MallClock>,
    clock: MallClock,
) -> Result<()> {
    conn.execute(
        "INSERT INTO mall_settings (name, value) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [TIME_ZONE, clock.name()],
    )?;
    let before = before.map(|c| serde_json::json!({ TIME_ZONE: c.name() }));
    let after = serde_json::json!({ TIME_ZONE: clock.name() });
    super::audit::write(conn, at, operator, "mall_settings", 1, "update", before.as_ref(), Some(&after))
}

impl Store {
    /// The mall's clock: every time shown, "today", deadline and report period is read on it.
    pub fn clock(&self) -> MallClock {
        self.clock
    }

    /// Sets the mall's time zone (audited). Read-only desks are refused.
    pub fn set_clock(&mut self, clock: MallClock) -> Result<()> {
        let before = stored_clock(self.conn()).ok().flatten();
        self.write(|w| save(w.conn(), w.now(), w.operator(), before, clock))?;
        self.clock = clock;
        Ok(())
    }

    /// After opening for writing: the stored zone, or — for a file that has none yet — the
    /// given one or the system's, written down so the next reader agrees. A stored name this
    /// program cannot read is replaced only when a zone is given.
    pub(crate) fn settle_clock(&mut self, given: Option<MallClock>) -> Result<()> {
        match (stored_clock(self.conn()), given) {
            (Ok(Some(clock)), _) => self.clock = clock,
            (Ok(None), _) | (Err(_), Some(_)) => self.set_clock(given.unwrap_or_else(MallClock::system))?,
            (Err(error), None) => return Err(error),
        }
        Ok(())
    }
}
