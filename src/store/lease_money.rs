//! What a lease owes and what was paid: charges (one per period and kind, inside the lease),
//! payments (never above what a charge still owes, receipts used once) and the dunning log.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Value;

use super::error::Result;
use super::leases::ByLease;
use super::record::{Conditions, Entity, ListFilter, Order, Repo, Writer};
use super::sql::{self, Cols};
use crate::domain::lease::{Charge, Dunning, Lease, Payment};
use crate::domain::validate::Problem;
use crate::domain::{ValidationErrors, format_yuan};

/// What a lease still owes on all its charges, due or not, in fen.
pub(super) fn outstanding(conn: &rusqlite::Connection, lease_id: i64) -> Result<i64> {
    owed(conn, lease_id, None)
}

/// The unpaid part of a lease's charges, in fen: of those due before `due_before` (arrears),
/// or of all of them. Nothing is owed on a charge paid in full; payments never exceed a charge.
pub(super) fn owed(conn: &rusqlite::Connection, lease_id: i64, due_before: Option<NaiveDate>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(max(c.amount_fen - coalesce((SELECT sum(p.amount_fen) FROM payments p
                                                            WHERE p.charge_id = c.id), 0), 0)), 0)
             FROM charges c WHERE c.lease_id = ?1 AND (?2 IS NULL OR c.due_date < ?2)",
        )?
        .query_row(rusqlite::params![lease_id, due_before.as_ref().map(sql::date)], |row| row.get(0))?)
}

#[derive(Debug, Clone, Default)]
pub struct ChargeFilter {
    pub lease_id: Option<i64>,
    pub period: Option<String>,
}

impl ListFilter for ChargeFilter {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("lease_id", self.lease_id.map(Into::into));
        c.eq_opt("period", self.period.clone().map(Into::into));
    }
}

#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    pub charge_id: Option<i64>,
}

impl ListFilter for PaymentFilter {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("charge_id", self.charge_id.map(Into::into));
    }
}

impl Entity for Charge {
    const TABLE: &'static str = "charges";
    const NAME: &'static str = "charge";
    const COLUMNS: &'static [&'static str] = &["lease_id", "period", "kind", "amount_fen", "due_date"];
    const ORDER: Order = Order { columns: &["due_date", "id"], descending: true };
    type Filter = ChargeFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Charge {
            id: c.next()?,
            lease_id: c.next()?,
            period: c.next()?,
            kind: c.code()?,
            amount_fen: c.next()?,
            due_date: c.date()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.lease_id.into(),
            sql::text(&self.period),
            sql::code(self.kind),
            self.amount_fen.into(),
            sql::date(&self.due_date),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Charge::validate(self)
    }
    /// A charge falls inside its lease, and a lease has one charge per period and kind.
    fn before_save(&mut self, w: &Writer<'_>, _stored: Option<&Self>) -> Result<()> {
        let lease: Lease = w.get(self.lease_id)?;
        let (first, last) =
            (lease.start_date.format("%Y-%m").to_string(), lease.end_date.format("%Y-%m").to_string());
        let period = self.period.trim();
        if crate::domain::lease::valid_period(period) && (period < first.as_str() || period > last.as_str()) {
            return Err(ValidationErrors::one(
                "period",
                Problem::rule_with("period_outside_lease", format!("{first} … {last}")),
            )
            .into());
        }
        let taken: i64 = w
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM charges WHERE lease_id = ? AND period = ? AND kind = ? AND id != ?",
            )?
            .query_row(rusqlite::params![self.lease_id, period, self.kind.code(), self.id], |row| {
                row.get(0)
            })?;
        if taken > 0 {
            return Err(ValidationErrors::one("period", Problem::rule("charge_exists")).into());
        }
        Ok(())
    }
}

impl Entity for Payment {
    const TABLE: &'static str = "payments";
    const NAME: &'static str = "payment";
    const COLUMNS: &'static [&'static str] = &["charge_id", "amount_fen", "paid_on", "method", "receipt_no"];
    const ORDER: Order = Order { columns: &["id"], descending: true };
    type Filter = PaymentFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Payment {
            id: c.next()?,
            charge_id: c.next()?,
            amount_fen: c.next()?,
            paid_on: c.date()?,
            method: c.code()?,
            receipt_no: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.charge_id.into(),
            self.amount_fen.into(),
            sql::date(&self.paid_on),
            sql::code(self.method),
            sql::text(&self.receipt_no),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Payment::validate(self)
    }
    fn before_save(&mut self, w: &Writer<'_>, _stored: Option<&Self>) -> Result<()> {
        check_payment(w, self)
    }
}

impl Entity for Dunning {
    const TABLE: &'static str = "dunning_log";
    const NAME: &'static str = "dunning reminder";
    const COLUMNS: &'static [&'static str] = &["lease_id", "at", "mode", "note", "operator"];
    const ORDER: Order = Order { columns: &["at", "id"], descending: true };
    type Filter = ByLease;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Dunning {
            id: c.next()?,
            lease_id: c.next()?,
            at: c.instant()?,
            mode: c.code()?,
            note: c.next()?,
            operator: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.lease_id.into(),
            sql::instant(&self.at),
            sql::code(self.mode),
            sql::text(&self.note),
            sql::text(&self.operator),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Dunning::validate(self)
    }
}

impl Repo<'_, Charge> {
    /// A lease's newest `limit` charges (latest due first), each with what it still owes, in
    /// one query.
    pub fn with_balances(&self, lease_id: i64, limit: usize) -> Result<Vec<(Charge, i64)>> {
        let sql = format!(
            "SELECT id, {}, max(amount_fen - coalesce((SELECT sum(p.amount_fen) FROM payments p
                                                     WHERE p.charge_id = charges.id), 0), 0)
             FROM charges WHERE lease_id = ? ORDER BY due_date DESC, id DESC LIMIT ?",
            Charge::COLUMNS.join(", ")
        );
        let mut statement = self.store.conn().prepare_cached(&sql)?;
        let rows = statement
            .query_map(rusqlite::params![lease_id, limit as i64], |row| {
                Ok((Charge::from_row(row)?, row.get(1 + Charge::COLUMNS.len())?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// What is still unpaid on one charge, in fen.
    pub fn balance(&self, charge_id: i64) -> Result<i64> {
        Ok(self.store.conn().prepare_cached(
            "SELECT max(c.amount_fen - coalesce((SELECT sum(amount_fen) FROM payments WHERE charge_id = c.id), 0), 0)
             FROM charges c WHERE c.id = ?",
        )?
        .query_row([charge_id], |row| row.get(0))?)
    }
}

/// A payment never exceeds what its charge still owes (nothing is lost as an unseen credit),
/// and a receipt number is used once.
fn check_payment(w: &Writer<'_>, payment: &Payment) -> Result<()> {
    let charge: Charge = w.get(payment.charge_id)?;
    let paid: i64 = w
        .conn()
        .prepare_cached("SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE charge_id = ? AND id != ?")?
        .query_row([payment.charge_id, payment.id], |row| row.get(0))?;
    let balance = (charge.amount_fen - paid).max(0);
    if payment.amount_fen > balance {
        return Err(ValidationErrors::one(
            "amount_fen",
            Problem::rule_with("overpaid", format_yuan(balance)),
        )
        .into());
    }
    let receipt = payment.receipt_no.trim();
    let used: i64 = w
        .conn()
        .prepare_cached("SELECT count(*) FROM payments WHERE receipt_no = ? AND id != ?")?
        .query_row(rusqlite::params![receipt, payment.id], |row| row.get(0))?;
    if !receipt.is_empty() && used > 0 {
        return Err(ValidationErrors::one("receipt_no", Problem::rule("receipt_taken")).into());
    }
    Ok(())
}
