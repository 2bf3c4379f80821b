//! Leases (租赁合同) and what hangs off them: the approval chain, charges, payments, dunning and
//! the exit checklist. A lease moves draft → legal review → approved → active → renewed,
//! terminated or exited; one unit never has two overlapping live leases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::validate::{Checker, Problem, SHORT_TEXT};
use super::{Fen, ValidationErrors};
use crate::code_enum;

code_enum! {
    /// Where a lease stands.
    pub enum LeaseStage { Draft, LegalReview, Approved, Active, Renewed, Terminated, Exited }
}

code_enum! {
    /// The paper signature chain, in order.
    pub enum ApproverRole { Handler, DepartmentManager, FinanceManager, DeputyGm, Gm }
}

code_enum! {
    pub enum ChargeKind { Rent, ManagementFee, Water, Electricity, Other }
}

code_enum! {
    pub enum PaymentMethod { BankTransfer, Cash, Wechat, Alipay, Card, Cheque }
}

code_enum! {
    /// How a dunning reminder was given.
    pub enum DunningMode { Phone, Sms, Letter, Visit, Wechat }
}

impl LeaseStage {
    /// Live leases hold their unit: no other live lease of the unit may overlap them.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Draft | Self::LegalReview | Self::Approved | Self::Active)
    }

    /// The stages this one may move to. Review can send a draft back; an unsigned lease can be
    /// abandoned (terminated).
    pub fn allowed_moves(self) -> &'static [LeaseStage] {
        use LeaseStage::*;
        match self {
            Draft => &[LegalReview, Terminated],
            LegalReview => &[Approved, Draft, Terminated],
            Approved => &[Active, Draft, Terminated],
            Active => &[Renewed, Terminated, Exited],
            Renewed | Terminated | Exited => &[],
        }
    }

    pub fn can_move_to(self, to: LeaseStage) -> bool {
        self.allowed_moves().contains(&to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub id: i64,
    /// Assigned on save when empty, e.g. `HT-2026-0007`.
    pub number: String,
    pub merchant_id: i64,
    pub unit_id: i64,
    pub prospect_id: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub monthly_rent_fen: Fen,
    pub management_fee_fen: Fen,
    pub deposit_fen: Fen,
    /// Day of the month rent is due, 1–28 so it exists in every month.
    pub payment_day: u8,
    pub stage: LeaseStage,
}

impl Lease {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("number", &mut self.number, 30);
        check.end_after_start("end_date", self.start_date, self.end_date);
        check.non_negative("monthly_rent_fen", self.monthly_rent_fen);
        check.non_negative("management_fee_fen", self.management_fee_fen);
        check.non_negative("deposit_fen", self.deposit_fen);
        check.range("payment_day", i64::from(self.payment_day), 1, 28);
        check.finish()
    }

    /// Whether two leases' periods share at least one day.
    pub fn overlaps(&self, other_start: NaiveDate, other_end: NaiveDate) -> bool {
        self.start_date <= other_end && other_start <= self.end_date
    }

    /// The tightest warning band (e.g. 30 of [90, 60, 30]) the lease's end falls in, if any.
    pub fn expiry_band(&self, today: NaiveDate, bands: &[u32]) -> Option<u32> {
        if self.stage != LeaseStage::Active || self.end_date < today {
            return None;
        }
        let left = (self.end_date - today).num_days();
        bands.iter().copied().filter(|band| left <= i64::from(*band)).min()
    }
}

/// One signature in the approval chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub id: i64,
    pub lease_id: i64,
    pub role: ApproverRole,
    pub approver: String,
    pub at: DateTime<Utc>,
    pub note: String,
}

impl Approval {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("approver", &mut self.approver, 40);
        check.optional("note", &mut self.note, 200);
        check.finish()
    }
}

/// What a lease owes for one period and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub id: i64,
    pub lease_id: i64,
    /// `YYYY-MM`.
    pub period: String,
    pub kind: ChargeKind,
    pub amount_fen: Fen,
    pub due_date: NaiveDate,
}

impl Charge {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        self.period = self.period.trim().to_string();
        if !valid_period(&self.period) {
            check.fail("period", Problem::BadFormat { example: "2026-11" });
        }
        check.non_negative("amount_fen", self.amount_fen);
        check.finish()
    }
}

/// `YYYY-MM` with a real month.
pub fn valid_period(period: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").is_ok() && period.len() == 7
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: i64,
    pub charge_id: i64,
    pub amount_fen: Fen,
    pub paid_on: NaiveDate,
    pub method: PaymentMethod,
    pub receipt_no: String,
}

impl Payment {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        if self.amount_fen <= 0 {
            check.fail("amount_fen", Problem::rule("payment_positive"));
        }
        check.required("receipt_no", &mut self.receipt_no, 40);
        check.finish()
    }
}

/// One reminder in the dunning log (催缴记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dunning {
    pub id: i64,
    pub lease_id: i64,
    pub at: DateTime<Utc>,
    pub mode: DunningMode,
    pub note: String,
    pub operator: String,
}

impl Dunning {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("note", &mut self.note, SHORT_TEXT * 2);
        check.finish()
    }
}

/// The exit checklist (合同到期退场): the unit is vacant again only when all four are done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitChecklist {
    pub id: i64,
    pub lease_id: i64,
    pub notice_given_on: Option<NaiveDate>,
    pub charges_settled_on: Option<NaiveDate>,
    pub deposit_refunded_on: Option<NaiveDate>,
    pub unit_inspected_on: Option<NaiveDate>,
    pub note: String,
}

impl ExitChecklist {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("note", &mut self.note, SHORT_TEXT * 2);
        check.finish()
    }

    pub fn is_complete(&self) -> bool {
        self.notice_given_on.is_some()
            && self.charges_settled_on.is_some()
            && self.deposit_refunded_on.is_some()
            && self.unit_inspected_on.is_some()
    }
}

/// Arrears of one charge on `today`: what is still unpaid once the due date has passed.
pub fn arrears(due_fen: Fen, paid_fen: Fen, due_date: NaiveDate, today: NaiveDate) -> Fen {
    if today > due_date { (due_fen - paid_fen).max(0) } else { 0 }
}

/// Rent collection rate (租金收缴率) = collected ÷ due; `None` when nothing was due.
pub fn collection_rate(collected_fen: Fen, due_fen: Fen) -> Option<f64> {
    (due_fen > 0).then(|| collected_fen as f64 / due_fen as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn lease() -> Lease {
        Lease {
            id: 0,
            number: "HT-2026-0001".into(),
            merchant_id: 1,
            unit_id: 1,
            prospect_id: None,
            start_date: day(2026, 1, 1),
            end_date: day(2028, 12, 31),
            monthly_rent_fen: 3_000_000,
            management_fee_fen: 400_000,
            deposit_fen: 9_000_000,
            payment_day: 5,
            stage: LeaseStage::Active,
        }
    }

    #[rstest]
    #[case(LeaseStage::Draft, LeaseStage::LegalReview, true)]
    #[case(LeaseStage::Draft, LeaseStage::Active, false)]
    #[case(LeaseStage::LegalReview, LeaseStage::Draft, true)]
    #[case(LeaseStage::Active, LeaseStage::Exited, true)]
    #[case(LeaseStage::Exited, LeaseStage::Active, false)]
    fn lease_moves(#[case] from: LeaseStage, #[case] to: LeaseStage, #[case] ok: bool) {
        assert_eq!(from.can_move_to(to), ok);
    }

    #[rstest]
    #[case(day(2026, 1, 1), day(2025, 12, 31), 0, 5, &["end_date"][..])]
    #[case(day(2026, 1, 1), day(2026, 1, 1), 0, 5, &["end_date"][..])]
    #[case(day(2026, 1, 1), day(2026, 2, 1), -1, 5, &["monthly_rent_fen"][..])]
    #[case(day(2026, 1, 1), day(2026, 2, 1), 0, 29, &["payment_day"][..])]
    #[case(day(2026, 1, 1), day(2026, 2, 1), 0, 1, &[][..])]
    fn lease_validation(
        #[case] start: NaiveDate,
        #[case] end: NaiveDate,
        #[case] rent: Fen,
        #[case] payment_day: u8,
        #[case] bad: &[&str],
    ) {
        let mut l =
            Lease { start_date: start, end_date: end, monthly_rent_fen: rent, payment_day, ..lease() };
        let fields: Vec<&str> =
            l.validate().err().map(|e| e.0.iter().map(|f| f.field).collect()).unwrap_or_default();
        assert_eq!(fields, bad);
    }

    #[test]
    fn expiry_bands() {
        let l = lease();
        assert_eq!(l.expiry_band(day(2028, 12, 10), &[90, 60, 30]), Some(30));
        assert_eq!(l.expiry_band(day(2028, 10, 15), &[90, 60, 30]), Some(90));
        assert_eq!(l.expiry_band(day(2028, 1, 1), &[90, 60, 30]), None);
    }

    #[test]
    fn overlap_is_inclusive() {
        let l = lease();
        assert!(l.overlaps(day(2028, 12, 31), day(2029, 6, 30)));
        assert!(!l.overlaps(day(2029, 1, 1), day(2029, 6, 30)));
    }

    #[test]
    fn arrears_only_after_due_date() {
        assert_eq!(arrears(1000, 400, day(2026, 11, 5), day(2026, 11, 5)), 0);
        assert_eq!(arrears(1000, 400, day(2026, 11, 5), day(2026, 11, 6)), 600);
        assert_eq!(arrears(1000, 1200, day(2026, 11, 5), day(2026, 11, 6)), 0);
        assert_eq!(collection_rate(0, 0), None);
    }

    #[test]
    fn periods() {
        assert!(valid_period("2026-11"));
        assert!(!valid_period("2026-13"));
        assert!(!valid_period("2026-1"));
    }
}
