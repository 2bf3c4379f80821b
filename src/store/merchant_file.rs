//! The merchant file (商户档案): one merchant's whole story read in one place — the deals that
//! brought it, its leases and units, what it was billed and paid and still owes, the cases
//! against it, its callbacks and its attendance at briefings. Each list is short (the newest
//! few) and read through an index on the merchant.

use chrono::{DateTime, NaiveDate, Utc};

use super::record::{Entity, select_list};
use super::sql::{self, Cols};
use super::{Result, Store};
use crate::domain::lease::Lease;
use crate::domain::merchant::Merchant;
use crate::domain::prospect::Prospect;

/// How many of the newest entries each list of the file shows.
pub const NEWEST: usize = 8;

/// One lease of the merchant with its unit and its money up to a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseLine {
    pub lease: Lease,
    pub unit: String,
    /// Charges due on or before the day.
    pub billed_fen: i64,
    pub paid_fen: i64,
    /// Owed on charges whose due date has passed.
    pub overdue_fen: i64,
    /// The oldest charge still owed, when one is.
    pub oldest_unpaid: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLine {
    pub lease_id: i64,
    pub paid_on: NaiveDate,
    pub amount_fen: i64,
    pub kind: String,
    pub period: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub id: i64,
    pub number: String,
    pub received_at: DateTime<Utc>,
    pub kind: String,
    pub category: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackLine {
    pub id: i64,
    pub due_at: DateTime<Utc>,
    pub reason: String,
    pub status: String,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceLine {
    pub meeting_id: i64,
    pub starts_at: DateTime<Utc>,
    pub kind: String,
    pub status: String,
    pub penalty_tenths: i64,
}

/// Everything the desk knows about one merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantFile {
    pub merchant: Merchant,
    /// The prospects that became (or are becoming) this merchant, newest first.
    pub prospects: Vec<Prospect>,
    /// Every lease, the latest ending first.
    pub leases: Vec<LeaseLine>,
    /// The newest payments.
    pub payments: Vec<PaymentLine>,
    /// Cases about the merchant per category, most first; and how many in all.
    pub cases_by_category: Vec<(String, u64)>,
    pub cases_total: u64,
    /// The newest cases.
    pub cases: Vec<CaseLine>,
    pub callbacks: Vec<CallbackLine>,
    pub callbacks_total: u64,
    /// The newest lines of briefing rosters naming the merchant.
    pub attendance: Vec<AttendanceLine>,
}

impl Store {
    /// The file of merchant `id` with money counted up to `day`.
    pub fn merchant_file(&self, id: i64, day: NaiveDate) -> Result<MerchantFile> {
        let conn = self.conn();
        let merchant: Merchant = self.repo::<Merchant>().get(id)?;
        let limit = NEWEST as i64;
        let prospects = {
            let sql = format!(
                "SELECT {} FROM prospects WHERE merchant_id = ?1
                 OR id IN (SELECT prospect_id FROM leases WHERE merchant_id = ?1 AND prospect_id IS NOT NULL)
                 ORDER BY registered_at DESC, id DESC LIMIT ?2",
                select_list::<Prospect>()
            );
            let mut statement = conn.prepare_cached(&sql)?;
            statement
                .query_map(rusqlite::params![id, limit], Prospect::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let leases = {
            let sql = format!(
                "SELECT {}, u.code,
                   coalesce((SELECT sum(c.amount_fen) FROM charges c WHERE c.lease_id = leases.id AND c.due_date <= ?2), 0),
                   coalesce((SELECT sum(p.amount_fen) FROM payments p JOIN charges c ON c.id = p.charge_id
                             WHERE c.lease_id = leases.id AND c.due_date <= ?2), 0),
                   coalesce((SELECT sum(c.amount_fen - coalesce((SELECT sum(p.amount_fen) FROM payments p
                                                                 WHERE p.charge_id = c.id), 0))
                             FROM charges c WHERE c.lease_id = leases.id AND c.due_date < ?2), 0),
                   (SELECT min(c.due_date) FROM charges c WHERE c.lease_id = leases.id AND c.due_date < ?2
                      AND c.amount_fen > coalesce((SELECT sum(p.amount_fen) FROM payments p WHERE p.charge_id = c.id), 0))
                 FROM leases JOIN units u ON u.id = leases.unit_id
                 WHERE leases.merchant_id = ?1 ORDER BY leases.end_date DESC, leases.id DESC",
                select_list::<Lease>()
                    .split(", ")
                    .map(|c| format!("leases.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let columns = Lease::COLUMNS.len() + 1;
            let mut statement = conn.prepare_cached(&sql)?;
            statement
                .query_map(rusqlite::params![id, sql::date(&day)], |row| {
                    let lease = Lease::from_row(row)?;
                    let mut c = Cols::at(row, columns);
                    Ok(LeaseLine {
                        lease,
                        unit: c.next()?,
                        billed_fen: c.next::<i64>()?,
                        paid_fen: c.next::<i64>()?,
                        overdue_fen: c.next::<i64>()?.max(0),
                        oldest_unpaid: c.date_opt()?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let payments = conn
            .prepare_cached(
                "SELECT c.lease_id, p.paid_on, p.amount_fen, c.kind, c.period FROM payments p
                 JOIN charges c ON c.id = p.charge_id JOIN leases l ON l.id = c.lease_id
                 WHERE l.merchant_id = ? ORDER BY p.paid_on DESC, p.id DESC LIMIT ?",
            )?
            .query_map(rusqlite::params![id, limit], |row| {
                let mut c = Cols::new(row);
                Ok(PaymentLine {
                    lease_id: c.next::<i64>()?,
                    paid_on: c.date()?,
                    amount_fen: c.next::<i64>()?,
                    kind: c.next()?,
                    period: c.next()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let cases_by_category = conn
            .prepare_cached(
                "SELECT category, count(*) FROM complaints WHERE merchant_id = ? GROUP BY category
                 ORDER BY 2 DESC, 1",
            )?
            .query_map([id], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let cases_total = cases_by_category.iter().map(|(_, n)| n).sum();
        let cases = conn
            .prepare_cached(
                "SELECT id, number, received_at, kind, category, step FROM complaints WHERE merchant_id = ?
                 ORDER BY received_at DESC, id DESC LIMIT ?",
            )?
            .query_map(rusqlite::params![id, limit], |row| {
                let mut c = Cols::new(row);
                Ok(CaseLine {
                    id: c.next::<i64>()?,
                    number: c.next()?,
                    received_at: c.instant()?,
                    kind: c.next()?,
                    category: c.next()?,
                    step: c.next()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let callbacks_total: i64 =
            conn.query_row("SELECT count(*) FROM callbacks WHERE merchant_id = ?", [id], |r| r.get(0))?;
        let callbacks = conn
            .prepare_cached(
                "SELECT id, due_at, reason, status, outcome FROM callbacks WHERE merchant_id = ?
                 ORDER BY due_at DESC, id DESC LIMIT ?",
            )?
            .query_map(rusqlite::params![id, limit], |row| {
                let mut c = Cols::new(row);
                Ok(CallbackLine {
                    id: c.next::<i64>()?,
                    due_at: c.instant()?,
                    reason: c.next()?,
                    status: c.next()?,
                    outcome: c.next()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let attendance = conn
            .prepare_cached(
                "SELECT m.id, m.starts_at, m.kind, a.status, a.penalty_tenths FROM attendance a
                 JOIN meetings m ON m.id = a.meeting_id WHERE a.merchant_id = ?
                 ORDER BY m.starts_at DESC, m.id DESC LIMIT ?",
            )?
            .query_map(rusqlite::params![id, limit], |row| {
                let mut c = Cols::new(row);
                Ok(AttendanceLine {
                    meeting_id: c.next::<i64>()?,
                    starts_at: c.instant()?,
                    kind: c.next()?,
                    status: c.next()?,
                    penalty_tenths: c.next::<i64>()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(MerchantFile {
            merchant,
            prospects,
            leases,
            payments,
            cases_by_category,
            cases_total,
            cases,
            callbacks,
            callbacks_total: callbacks_total as u64,
            attendance,
        })
    }
}
