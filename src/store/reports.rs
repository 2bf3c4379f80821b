//! Counts behind the reports and KPIs, each one indexed range scan over the period.

use chrono::{DateTime, Utc};

use super::Store;
use super::error::{Refusal, Result};
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

/// A count per value of one dimension (kind, category, merchant…), largest first.
pub type Breakdown = Vec<(String, u64)>;

/// Callback figures for one group (all, a reason, a staff member).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackFigures {
    pub group: String,
    pub total: u64,
    pub done: u64,
    pub unreachable: u64,
    pub open: u64,
    pub satisfied: u64,
    pub neutral: u64,
    pub unsatisfied: u64,
}

impl Store {
    /// Cases received in [from, until) counted by `column` (a fixed column name of
    /// `complaints`, or `merchant` for the merchant's brand).
    pub fn complaint_breakdown(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        by: &str,
    ) -> Result<Breakdown> {
        let expression = match by {
            "kind" | "category" | "level" | "step" | "satisfaction" | "escalation" => {
                format!("coalesce(c.{by}, '')")
            }
            "merchant" => "coalesce(m.brand, '')".to_string(),
            other => return Err(Refusal::new("bad_breakdown").with("name", other).into()),
        };
        let sql = format!(
            "SELECT {expression}, count(*) FROM complaints c LEFT JOIN merchants m ON m.id = c.merchant_id
             WHERE c.received_at >= ? AND c.received_at < ? GROUP BY 1 ORDER BY 2 DESC, 1"
        );
        let mut statement = self.conn().prepare(&sql)?;
        let rows = statement
            .query_map([sql::instant(&from), sql::instant(&until)], |row| {
                Ok((row.get(0)?, row.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Callbacks due in [from, until), in total and grouped by `by` (`reason` or `staff`).
    pub fn callback_figures(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Vec<CallbackFigures>> {
        let group = match by {
            None => "''".to_string(),
            Some("reason") => "cb.reason".to_string(),
            Some("staff") => "coalesce(s.name, '')".to_string(),
            Some(other) => {
                return Err(Refusal::new("bad_breakdown").with("name", other).into());
            }
        };
        let sql = format!(
            "SELECT {group}, count(*), sum(cb.status = 'done'), sum(cb.status = 'unreachable'), sum(cb.status = 'open'),
                    sum(cb.outcome = 'satisfied'), sum(cb.outcome = 'neutral'), sum(cb.outcome = 'unsatisfied')
             FROM callbacks cb LEFT JOIN staff s ON s.id = cb.staff_id
             WHERE cb.due_at >= ? AND cb.due_at < ? GROUP BY 1 ORDER BY 2 DESC, 1"
        );
        let mut statement = self.conn().prepare(&sql)?;
        let rows = statement
            .query_map([sql::instant(&from), sql::instant(&until)], |row| {
                let n = |i: usize| row.get::<_, Option<i64>>(i).map(|v| v.unwrap_or(0) as u64);
                Ok(CallbackFigures {
                    group: row.get(0)?,
                    total: n(1)?,
                    done: n(2)?,
                    unreachable: n(3)?,
                    open: n(4)?,
                    satisfied: n(5)?,
                    neutral: n(6)?,
                    unsatisfied: n(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// A merchant or complaint category that reached the warning count (投诉预警).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    Merchant { id: i64, brand: String, cases: u64 },
    Category { code: String, cases: u64 },
}

impl Store {
    /// Merchants and categories with at least `count` complaints received since `since`.
    pub fn complaint_warnings(&self, since: DateTime<Utc>, count: u32) -> Result<Vec<Warning>> {
        let conn = self.conn();
        let mut merchants = conn.prepare_cached(
            "SELECT c.merchant_id, m.brand, count(*) FROM complaints c JOIN merchants m ON m.id = c.merchant_id
             WHERE c.kind = 'complaint' AND c.received_at >= ? GROUP BY c.merchant_id HAVING count(*) >= ?
             ORDER BY 3 DESC, 2 LIMIT 20",
        )?;
        let mut warnings: Vec<Warning> = merchants
            .query_map(rusqlite::params![sql::instant(&since), count], |row| {
                Ok(Warning::Merchant {
                    id: row.get(0)?,
                    brand: row.get(1)?,
                    cases: row.get::<_, i64>(2)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut categories = conn.prepare_cached(
            "SELECT category, count(*) FROM complaints WHERE kind = 'complaint' AND received_at >= ?
             GROUP BY category HAVING count(*) >= ? ORDER BY 2 DESC, 1",
        )?;
        let by_category = categories
            .query_map(rusqlite::params![sql::instant(&since), count], |row| {
                Ok(Warning::Category { code: row.get(0)?, cases: row.get::<_, i64>(1)? as u64 })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        warnings.extend(by_category);
        Ok(warnings)
    }
}
