//! Counts behind the reports and KPIs, each one indexed range scan over the period.

use chrono::{DateTime, Utc};

use super::Store;
use super::error::Result;
use super::sql;
use crate::domain::kpi::ServiceCounts;

impl Store {
    /// Counts of cases received in [from, until) for the service KPIs; "on time" means resolved
    /// (or, when invalid, closed) within `resolve_days` of receipt.
    pub fn service_counts(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        resolve_days: u32,
    ) -> Result<ServiceCounts> {
        let conn = self.conn();
        let merchants: i64 = conn.query_row("SELECT count(*) FROM merchants", [], |r| r.get(0))?;
        let limit = format!("+{resolve_days} days");
        let counts = conn.query_row(
            "SELECT
                count(DISTINCT CASE WHEN kind = 'complaint' AND valid = 1 THEN merchant_id END),
                coalesce(sum(kind = 'complaint'), 0),
                coalesce(sum(kind = 'complaint' AND satisfaction IS NOT NULL), 0),
                coalesce(sum(kind = 'complaint' AND satisfaction = 'satisfied'), 0),
                coalesce(sum(kind = 'complaint' AND (
                    (resolved_at IS NOT NULL AND resolved_at <= strftime('%Y-%m-%dT%H:%M:%SZ', received_at, ?3))
                    OR (valid = 0 AND closed_at IS NOT NULL
                        AND closed_at <= strftime('%Y-%m-%dT%H:%M:%SZ', received_at, ?3)))), 0),
                coalesce(sum(kind IN ('repair', 'help', 'incident')), 0),
                coalesce(sum(kind IN ('repair', 'help', 'incident') AND satisfaction IS NOT NULL), 0),
                coalesce(sum(kind IN ('repair', 'help', 'incident') AND satisfaction = 'satisfied'), 0)
             FROM complaints WHERE received_at >= ?1 AND received_at < ?2",
            rusqlite::params![sql::instant(&from), sql::instant(&until), limit],
            |row| {
                let n = |i: usize| row.get::<_, i64>(i).map(|v| v as u64);
                Ok(ServiceCounts {
                    merchants: merchants as u64,
                    merchants_with_valid_complaint: n(0)?,
                    complaints: n(1)?,
                    complaints_called_back: n(2)?,
                    complaints_satisfied: n(3)?,
                    complaints_on_time: n(4)?,
                    incidents: n(5)?,
                    incidents_called_back: n(6)?,
                    incidents_satisfied: n(7)?,
                })
            },
        )?;
        Ok(counts)
    }
}
