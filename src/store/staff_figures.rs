//! What the quarterly staff appraisal reads beyond the leasing and billing figures: valid new
//! prospects per leasing member (registered and contacted) and complaints handled on time per
//! handler.

use chrono::{DateTime, Utc};

use super::Store;
use super::error::Result;
use super::sql;

/// A handler's complaints received in a period and how many were handled on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Handled {
    pub complaints: u64,
    pub on_time: u64,
}

impl Store {
    /// Prospects registered to each staff member in [from, until) that were contacted.
    pub fn valid_new_prospects(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<(i64, u64)>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT staff_id, count(*) FROM prospects
             WHERE registered_at >= ?1 AND registered_at < ?2 AND staff_id IS NOT NULL
               AND first_contact_at IS NOT NULL
             GROUP BY staff_id",
        )?;
        let rows = statement.query_map([sql::instant(&from), sql::instant(&until)], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Complaints received in [from, until) per handler, and how many were resolved (or, found
    /// invalid, closed) within `resolve_days` of receipt: the KPI's "on time", per person. A case
    /// still open and not yet past its time at `now` is left out: it can still be on time.
    pub fn handled_on_time(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        resolve_days: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<(i64, Handled)>> {
        let limit = format!("+{resolve_days} days");
        let mut statement = self.conn().prepare_cached(
            "SELECT handler_id, count(*),
                    coalesce(sum((resolved_at IS NOT NULL
                                  AND resolved_at <= strftime('%Y-%m-%dT%H:%M:%SZ', received_at, ?3))
                                 OR (valid = 0 AND closed_at IS NOT NULL
                                  AND closed_at <= strftime('%Y-%m-%dT%H:%M:%SZ', received_at, ?3))), 0)
             FROM complaints
             WHERE received_at >= ?1 AND received_at < ?2 AND kind = 'complaint' AND handler_id IS NOT NULL
               AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL
                    OR strftime('%Y-%m-%dT%H:%M:%SZ', received_at, ?3) < ?4)
             GROUP BY handler_id",
        )?;
        let rows = statement.query_map(
            rusqlite::params![sql::instant(&from), sql::instant(&until), limit, sql::instant(&now)],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    Handled {
                        complaints: row.get::<_, i64>(1)? as u64,
                        on_time: row.get::<_, i64>(2)? as u64,
                    },
                ))
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
