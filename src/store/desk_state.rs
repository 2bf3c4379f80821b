//! Small pieces of desk state kept between runs (last tab, each tab's filter), as key/value
//! text. Not audited: they are the clerk's view, not business records.

use rusqlite::OptionalExtension;

use super::Store;
use super::error::Result;

impl Store {
    pub fn desk_state(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM desk_state WHERE key = ?", [key], |row| row.get(0))
            .optional()?)
    }

    /// Saves a value; refused when read-only like every other write.
    pub fn set_desk_state(&self, key: &str, value: &str) -> Result<()> {
        self.write(|w| {
            w.conn().execute(
                "INSERT INTO desk_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
                [key, value],
            )?;
            Ok(())
        })
    }
}
