//! Merchants' monthly scores (月度考评分): the deductions recorded by the desk (a repository of
//! their own, each with its audit row) and the sign-in penalties of the month's meetings,
//! read per merchant for the ranking and line by line for one merchant.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use rusqlite::types::Value;

use super::Store;
use super::error::Result;
use super::record::{Conditions, Entity, ListFilter, Order, Writer};
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::meeting::{AttendanceStatus, Deduction, MeetingKind};

/// Deductions of one merchant.
#[derive(Debug, Clone, Default)]
pub struct ByMerchant {
    pub merchant_id: Option<i64>,
}

impl ListFilter for ByMerchant {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("merchant_id", self.merchant_id.map(Into::into));
    }
}

impl Entity for Deduction {
    const TABLE: &'static str = "merchant_deductions";
    const NAME: &'static str = "score deduction";
    const COLUMNS: &'static [&'static str] =
        &["merchant_id", "on_day", "points_tenths", "reason", "operator"];
    const ORDER: Order = Order { columns: &["on_day", "id"], descending: true };
    type Filter = ByMerchant;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Deduction {
            id: c.next()?,
            merchant_id: c.next()?,
            on_day: c.date()?,
            points_tenths: c.next()?,
            reason: c.next()?,
            operator: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.merchant_id.into(),
            sql::date(&self.on_day),
            self.points_tenths.into(),
            sql::text(&self.reason),
            sql::text(&self.operator),
        ]
    }
    fn validate(&mut self) -> std::result::Result<(), ValidationErrors> {
        Deduction::validate(self)
    }
    /// The operator is whoever records it.
    fn before_save(&mut self, w: &Writer<'_>, _stored: Option<&Self>) -> Result<()> {
        self.operator = w.operator().to_string();
        Ok(())
    }
}

/// One merchant's deductions in a month, in tenths of a point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MerchantMonth {
    pub merchant_id: i64,
    pub brand: String,
    pub sign_in_tenths: i64,
    pub other_tenths: i64,
}

/// Where one deduction came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeductionSource {
    SignIn { kind: MeetingKind, status: AttendanceStatus },
    Desk { reason: String },
}

/// One deduction of one merchant, with its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductionLine {
    pub day: NaiveDate,
    pub source: DeductionSource,
    pub tenths: i64,
}

impl Store {
    /// Every merchant scored for the month [first, after): those trading in it (a signed lease
    /// covering any of its days) and any with a sign-in or deduction in it, with their points.
    pub fn merchant_months(
        &self,
        (first, after): (NaiveDate, NaiveDate),
        (from, until): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<MerchantMonth>> {
        let mut statement = self.conn().prepare_cached(
            "WITH sign_ins AS (
                 SELECT a.merchant_id, sum(a.penalty_tenths) AS tenths FROM meetings m
                 JOIN attendance a ON a.meeting_id = m.id
                 WHERE m.starts_at >= ?3 AND m.starts_at < ?4 AND a.merchant_id IS NOT NULL
                 GROUP BY a.merchant_id),
             desk AS (
                 SELECT merchant_id, sum(points_tenths) AS tenths FROM merchant_deductions
                 WHERE on_day >= ?1 AND on_day < ?2 GROUP BY merchant_id),
             trading AS (
                 SELECT DISTINCT merchant_id FROM leases
                 WHERE stage IN ('active', 'renewed', 'exited', 'terminated')
                   AND start_date < ?2 AND end_date >= ?1)
             SELECT mc.id, mc.brand, coalesce(s.tenths, 0), coalesce(d.tenths, 0)
             FROM merchants mc
             LEFT JOIN sign_ins s ON s.merchant_id = mc.id
             LEFT JOIN desk d ON d.merchant_id = mc.id
             WHERE mc.id IN (SELECT merchant_id FROM trading)
                OR s.merchant_id IS NOT NULL OR d.merchant_id IS NOT NULL
             ORDER BY mc.id",
        )?;
        let rows = statement.query_map(
            [sql::date(&first), sql::date(&after), sql::instant(&from), sql::instant(&until)],
            |row| {
                let mut c = Cols::new(row);
                Ok(MerchantMonth {
                    merchant_id: c.next()?,
                    brand: c.next()?,
                    sign_in_tenths: c.next()?,
                    other_tenths: c.next()?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One merchant's deductions in the month, by day: sign-in penalties and the desk's own.
    pub fn deduction_lines(
        &self,
        merchant_id: i64,
        (first, after): (NaiveDate, NaiveDate),
        (from, until): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Vec<DeductionLine>> {
        let clock = self.clock();
        let mut out = Vec::new();
        let mut statement = self.conn().prepare_cached(
            "SELECT m.starts_at, m.kind, a.status, a.penalty_tenths FROM attendance a
             JOIN meetings m ON m.id = a.meeting_id
             WHERE a.merchant_id = ?1 AND a.penalty_tenths > 0 AND m.starts_at >= ?2 AND m.starts_at < ?3
             ORDER BY m.starts_at, a.id",
        )?;
        let rows = statement.query_map(
            rusqlite::params![merchant_id, sql::instant(&from), sql::instant(&until)],
            |row| {
                let mut c = Cols::new(row);
                Ok((c.instant()?, c.code::<MeetingKind>()?, c.code::<AttendanceStatus>()?, c.next::<i64>()?))
            },
        )?;
        for row in rows {
            let (at, kind, status, tenths) = row?;
            out.push(DeductionLine {
                day: clock.day(at),
                source: DeductionSource::SignIn { kind, status },
                tenths,
            });
        }
        let mut statement = self.conn().prepare_cached(
            "SELECT on_day, reason, points_tenths FROM merchant_deductions
             WHERE merchant_id = ?1 AND on_day >= ?2 AND on_day < ?3 ORDER BY on_day, id",
        )?;
        let rows = statement.query_map(
            rusqlite::params![merchant_id, sql::date(&first), sql::date(&after)],
            |row| {
                let mut c = Cols::new(row);
                Ok(DeductionLine {
                    day: c.date()?,
                    source: DeductionSource::Desk { reason: c.next()? },
                    tenths: c.next()?,
                })
            },
        )?;
        for row in rows {
            out.push(row?);
        }
        out.sort_by_key(|line| line.day);
        Ok(out)
    }
}
