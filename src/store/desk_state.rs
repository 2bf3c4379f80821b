//! Small pieces of desk state kept between runs (last tab, each tab's filter), as key/value
//! text. Not audited: they are the clerk's view, not business records. Each person's state is
//! their own (keyed by the operator's name), and a read-only view never takes any: the
//! supervisor watching the same file must not open on the clerk's last search.

use rusqlite::OptionalExtension;

use super::Store;
use super::error::Result;

impl Store {
    /// This operator's saved value of `key`; always `None` in a read-only view.
    pub fn desk_state(&self, key: &str) -> Result<Option<String>> {
        if self.access() == super::Access::ReadOnly {
            return Ok(None);
        }
        Ok(self
            .conn()
            .query_row("SELECT value FROM desk_state WHERE key = ?", [self.desk_key(key)], |row| row.get(0))
            .optional()?)
    }

    fn desk_key(&self, key: &str) -> String {
        format!("{}/{key}", self.operator())
    }

    /// Saves a value; refused when read-only like every other write.
    pub fn set_desk_state(&self, key: &str, value: &str) -> Result<()> {
        self.write(|w| {
            w.conn().execute(
                "INSERT INTO desk_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
                [self.desk_key(key).as_str(), value],
            )?;
            Ok(())
        })
    }
}
