//! What the leasing and operations reports read about units, leases and money: occupancy on a
//! day, charges unpaid on a day, billing and collection over a period, leases near their end
//! and licences near expiry. Each is one query over small tables (units, leases, charges,
//! payments: thousands of rows even in the ten-year demo); the reports group in Rust.

use chrono::NaiveDate;

use super::Store;
use super::error::Result;
use super::sql::{self, Cols};
use crate::domain::lease::{ChargeKind, DunningMode};

/// One unit on a day: let or not, and since when it has stood empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOnDay {
    pub code: String,
    pub floor: String,
    pub zone: String,
    pub area_dm2: i64,
    pub let_out: bool,
    /// Held by a lease still being drawn up or approved (not let, not vacant).
    pub reserved: bool,
    /// The end of the last lease before the day; `None` when the unit was never let.
    pub last_lease_end: Option<NaiveDate>,
}

/// One charge with money still owed on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpaidCharge {
    pub merchant_id: i64,
    pub brand: String,
    pub floor: String,
    pub kind: ChargeKind,
    pub due_date: NaiveDate,
    pub owed_fen: i64,
}

/// The newest dunning entry of a merchant on or before a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastDunning {
    pub day: NaiveDate,
    pub mode: DunningMode,
}

/// Billed and collected money of the charges due in a period, by floor, zone and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Billing {
    pub floor: String,
    pub zone: String,
    pub kind: ChargeKind,
    pub billed_fen: i64,
    pub collected_fen: i64,
}

/// A live lease ending soon (or already past its end and not yet wound up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndingLease {
    pub id: i64,
    pub number: String,
    pub brand: String,
    pub unit: String,
    pub end_date: NaiveDate,
    pub monthly_rent_fen: i64,
    /// The number of the lease that renews it, when one is drawn up.
    pub renewal: Option<String>,
}

/// A merchant's licence and where it trades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantLicence {
    pub merchant_id: i64,
    pub brand: String,
    pub company: String,
    pub licence_no: Option<String>,
    pub expiry: Option<NaiveDate>,
    /// Codes of the units of its live leases, joined with a space.
    pub units: String,
}

impl Store {
    /// Every unit on `day`: let when a signed lease covers the day (an active lease until it is
    /// wound up, an ended one up to its end date).
    pub fn units_on(&self, day: NaiveDate) -> Result<Vec<UnitOnDay>> {
        let mut statement = self.conn().prepare_cached(
            // One pass over the leases grouped by unit (a few thousand rows), not three
            // lookups per unit.
            "WITH per_unit AS (
                 SELECT unit_id,
                        max(start_date <= ?1 AND (stage = 'active'
                            OR (stage IN ('renewed', 'exited', 'terminated') AND end_date >= ?1))) AS let_out,
                        max(stage IN ('draft', 'legal_review', 'approved')) AS reserved,
                        max(CASE WHEN stage IN ('active', 'renewed', 'exited', 'terminated') AND end_date < ?1
                                 THEN end_date END) AS last_end
                 FROM leases GROUP BY unit_id)
             SELECT u.code, u.floor, u.zone, u.area_dm2,
                    coalesce(p.let_out, 0), coalesce(p.reserved, 0), p.last_end
             FROM units u LEFT JOIN per_unit p ON p.unit_id = u.id
             ORDER BY u.floor, u.zone, u.code",
        )?;
        let rows = statement.query_map([sql::date(&day)], |row| {
            let mut c = Cols::new(row);
            Ok(UnitOnDay {
                code: c.next()?,
                floor: c.next()?,
                zone: c.next()?,
                area_dm2: c.next()?,
                let_out: c.next()?,
                reserved: c.next()?,
                last_lease_end: c.date_opt()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Charges due before `day` and not fully paid by the end of it, oldest first.
    pub fn unpaid_charges(&self, day: NaiveDate) -> Result<Vec<UnpaidCharge>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT l.merchant_id, m.brand, u.floor, c.kind, c.due_date,
                    c.amount_fen - coalesce((SELECT sum(p.amount_fen) FROM payments p
                                             WHERE p.charge_id = c.id AND p.paid_on <= ?1), 0) AS owed
             FROM charges c
             JOIN leases l ON l.id = c.lease_id
             JOIN merchants m ON m.id = l.merchant_id
             JOIN units u ON u.id = l.unit_id
             WHERE c.due_date < ?1 AND owed > 0
             ORDER BY c.due_date, c.id",
        )?;
        let rows = statement.query_map([sql::date(&day)], |row| {
            let mut c = Cols::new(row);
            Ok(UnpaidCharge {
                merchant_id: c.next()?,
                brand: c.next()?,
                floor: c.next()?,
                kind: c.code()?,
                due_date: c.date()?,
                owed_fen: c.next()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each merchant's newest dunning entry made on or before `day` (mall-local day).
    pub fn last_dunning(&self, day: NaiveDate) -> Result<Vec<(i64, LastDunning)>> {
        let until = self.clock().midnight(day + chrono::Days::new(1));
        let mut statement = self.conn().prepare_cached(
            "SELECT l.merchant_id, d.at, d.mode FROM dunning_log d JOIN leases l ON l.id = d.lease_id
             WHERE d.at < ?1 ORDER BY l.merchant_id, d.at DESC, d.id DESC",
        )?;
        let clock = self.clock();
        let mut out: Vec<(i64, LastDunning)> = Vec::new();
        let rows = statement.query_map([sql::instant(&until)], |row| {
            let mut c = Cols::new(row);
            Ok((c.next::<i64>()?, c.instant()?, c.code::<DunningMode>()?))
        })?;
        for row in rows {
            let (merchant, at, mode) = row?;
            if out.last().is_none_or(|(last, _)| *last != merchant) {
                out.push((merchant, LastDunning { day: clock.day(at), mode }));
            }
        }
        Ok(out)
    }

    /// Charges due in [from, until): what was billed and what had been paid toward them by the
    /// end of `as_of`, per floor, zone and kind.
    pub fn billing(&self, from: NaiveDate, until: NaiveDate, as_of: NaiveDate) -> Result<Vec<Billing>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT u.floor, u.zone, c.kind, sum(c.amount_fen),
                    coalesce(sum((SELECT min(c.amount_fen, coalesce(sum(p.amount_fen), 0)) FROM payments p
                                   WHERE p.charge_id = c.id AND p.paid_on <= ?3)), 0)
             FROM charges c JOIN leases l ON l.id = c.lease_id JOIN units u ON u.id = l.unit_id
             WHERE c.due_date >= ?1 AND c.due_date < ?2
             GROUP BY u.floor, u.zone, c.kind ORDER BY u.floor, u.zone, c.kind",
        )?;
        let rows = statement.query_map([sql::date(&from), sql::date(&until), sql::date(&as_of)], |row| {
            let mut c = Cols::new(row);
            Ok(Billing {
                floor: c.next()?,
                zone: c.next()?,
                kind: c.code()?,
                billed_fen: c.next()?,
                collected_fen: c.next()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Active leases ending on or before `last_day`, soonest first (those already past their
    /// end and not wound up come first).
    pub fn leases_ending_by(&self, last_day: NaiveDate) -> Result<Vec<EndingLease>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT l.id, l.number, m.brand, u.code, l.end_date, l.monthly_rent_fen,
                    (SELECT r.number FROM leases r WHERE r.renews_lease_id = l.id ORDER BY r.id DESC LIMIT 1)
             FROM leases l JOIN merchants m ON m.id = l.merchant_id JOIN units u ON u.id = l.unit_id
             WHERE l.stage = 'active' AND l.end_date <= ?1
             ORDER BY l.end_date, l.id",
        )?;
        let rows = statement.query_map([sql::date(&last_day)], |row| {
            let mut c = Cols::new(row);
            Ok(EndingLease {
                id: c.next()?,
                number: c.next()?,
                brand: c.next()?,
                unit: c.next()?,
                end_date: c.date()?,
                monthly_rent_fen: c.next()?,
                renewal: c.next()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Merchants whose licence expires on or before `last_day`, and how many merchants have no
    /// expiry on record.
    pub fn licences_expiring_by(&self, last_day: NaiveDate) -> Result<(Vec<MerchantLicence>, u64)> {
        let mut statement = self.conn().prepare_cached(
            "SELECT m.id, m.brand, m.company, m.licence_no, m.licence_expiry,
                    coalesce((SELECT group_concat(code, ' ') FROM (
                        SELECT u.code FROM leases l JOIN units u ON u.id = l.unit_id
                        WHERE l.merchant_id = m.id AND l.stage IN ('draft', 'legal_review', 'approved', 'active')
                        ORDER BY u.code)), '')
             FROM merchants m
             WHERE m.licence_expiry IS NOT NULL AND m.licence_expiry <= ?1
             ORDER BY m.licence_expiry, m.id",
        )?;
        let rows = statement.query_map([sql::date(&last_day)], |row| {
            let mut c = Cols::new(row);
            Ok(MerchantLicence {
                merchant_id: c.next()?,
                brand: c.next()?,
                company: c.next()?,
                licence_no: c.next()?,
                expiry: c.date_opt()?,
                units: c.next()?,
            })
        })?;
        let licences = rows.collect::<rusqlite::Result<_>>()?;
        let unknown: i64 = self.conn().query_row(
            "SELECT count(*) FROM merchants WHERE licence_expiry IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok((licences, unknown as u64))
    }
}
