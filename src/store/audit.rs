//! The audit trail: one row per change with operator, time, record, action and the record's
//! JSON before and after. Written by [`super::Writer`] in the same transaction as the change.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::Store;
use super::error::{Refusal, Result, StoreError};
use super::record::{Entity, ListFilter, Order};
use super::sql::{self, Cols};

/// One stored change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub entity: String,
    pub record_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    conn: &Connection,
    at: DateTime<Utc>,
    operator: &str,
    entity: &str,
    record_id: i64,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let to_json = |value: serde_json::Result<String>| {
        value.map_err(|e| StoreError::from(Refusal::new("audit_failed").with("error", e)))
    };
    let before = before.map(|b| to_json(serde_json::to_string(b))).transpose()?;
    let after = after.map(|a| to_json(serde_json::to_string(a))).transpose()?;
    conn.prepare_cached(
        "INSERT INTO audit_log (at, operator, entity, record_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(rusqlite::params![sql::instant(&at), operator, entity, record_id, action, before, after])?;
    Ok(())
}

/// Narrows the audit log to one record's history.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub record_id: Option<i64>,
}

impl ListFilter for AuditFilter {
    fn apply(&self, conditions: &mut super::record::Conditions) {
        conditions.eq_opt("entity", self.entity.clone().map(Into::into));
        conditions.eq_opt("record_id", self.record_id.map(Into::into));
    }
}

impl Entity for AuditEntry {
    const TABLE: &'static str = "audit_log";
    const NAME: &'static str = "change record";
    const COLUMNS: &'static [&'static str] =
        &["at", "operator", "entity", "record_id", "action", "before", "after"];
    const ORDER: Order = Order { columns: &["id"], descending: true };
    type Filter = AuditFilter;

    fn id(&self) -> i64 {
        self.id
    }

    fn set_id(&mut self, id: i64) {
        self.id = id;
    }

    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(AuditEntry {
            id: c.next()?,
            at: c.instant()?,
            operator: c.next()?,
            entity: c.next()?,
            record_id: c.next()?,
            action: c.next()?,
            before: c.next()?,
            after: c.next()?,
        })
    }

    fn to_values(&self) -> Vec<rusqlite::types::Value> {
        vec![
            sql::instant(&self.at),
            sql::text(&self.operator),
            sql::text(&self.entity),
            self.record_id.into(),
            sql::text(&self.action),
            sql::text_opt(&self.before),
            sql::text_opt(&self.after),
        ]
    }

    fn validate(&mut self) -> std::result::Result<(), crate::domain::ValidationErrors> {
        Ok(())
    }
}

impl Store {
    /// The newest changes of one record, newest first.
    pub fn history<E: Entity>(&self, record_id: i64, limit: usize) -> Result<Vec<AuditEntry>> {
        let filter = AuditFilter { entity: Some(E::TABLE.to_string()), record_id: Some(record_id) };
        Ok(self.repo::<AuditEntry>().page(&filter, &super::PageRequest::first(limit))?.rows)
    }
}
