//! Leases (租赁合同) and what hangs off them: the approval chain, charges, payments, dunning and
//! the exit checklist. A lease moves draft → legal review → approved → active → renewed,
//! terminated or exited; one unit never has two overlapping live leases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::staff::{Department, StaffRole};
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
    /// A signature approves, or rejects and sends the lease back to draft.
    pub enum ApprovalDecision { Approved, Rejected }
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

    /// Moves that must say why: sending a lease back to draft, and ending it early.
    pub fn move_needs_reason(self, to: LeaseStage) -> bool {
        matches!(to, LeaseStage::Draft | LeaseStage::Terminated)
    }

    /// Whether a lease in this stage holds its unit on the days it covers. A renewed lease
    /// keeps its unit until its own end date; its successor takes over from its start.
    pub fn holds_unit(self) -> bool {
        matches!(self, Self::Active | Self::Renewed)
    }
}

impl ApproverRole {
    /// Whether a staff member with `role` in `department` may sign this step: the handler is
    /// leasing staff, the department manager a leasing or operations manager, and the finance
    /// manager, deputy GM and GM hold those roles.
    pub fn qualifies(self, role: StaffRole, department: Department) -> bool {
        match self {
            Self::Handler => {
                department == Department::Leasing
                    && matches!(role, StaffRole::Leasing | StaffRole::Supervisor | StaffRole::Manager)
            }
            Self::DepartmentManager => {
                role == StaffRole::Manager
                    && matches!(department, Department::Leasing | Department::Operations)
            }
            Self::FinanceManager => role == StaffRole::FinanceManager,
            Self::DeputyGm => role == StaffRole::DeputyGm,
            Self::Gm => role == StaffRole::Gm,
        }
    }
}

/// Where a lease's approval chain stands: the signatures of the current round (since the last
/// rejection) and the roles still to sign, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainState {
    pub signed: Vec<Approval>,
    pub missing: Vec<ApproverRole>,
}

impl ChainState {
    /// `chain` is the required order (a setting); `signatures` all of the lease's, oldest first.
    pub fn of(chain: &[ApproverRole], signatures: &[Approval]) -> ChainState {
        // The current round: what follows the last rejection.
        let round =
            signatures.rsplit(|a| a.decision == ApprovalDecision::Rejected).next().unwrap_or_default();
        let signed: Vec<Approval> =
            round.iter().filter(|a| a.decision == ApprovalDecision::Approved).cloned().collect();
        let missing = chain.iter().copied().filter(|role| !signed.iter().any(|a| a.role == *role)).collect();
        ChainState { signed, missing }
    }

    /// The role whose signature comes next, if any is missing.
    pub fn next(&self) -> Option<ApproverRole> {
        self.missing.first().copied()
    }

    /// The step a signature with `decision` is given for: the next one; a rejection once all
    /// signed comes from the last step of `chain`. `None`: nothing left to approve.
    pub fn step_for(&self, decision: ApprovalDecision, chain: &[ApproverRole]) -> Option<ApproverRole> {
        match decision {
            ApprovalDecision::Approved => self.next(),
            ApprovalDecision::Rejected => self.next().or_else(|| chain.last().copied()),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// Whether `staff_id` already signed in this round (one person, one signature).
    pub fn signed_by(&self, staff_id: i64) -> bool {
        self.signed.iter().any(|a| a.staff_id == Some(staff_id))
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
    /// The lease this one renews (its predecessor on the same unit), if any.
    pub renews_lease_id: Option<i64>,
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
    /// The staff member who signed (older records carry only the name).
    pub staff_id: Option<i64>,
    pub approver: String,
    pub at: DateTime<Utc>,
    pub decision: ApprovalDecision,
    /// For a rejection, the reason the lease goes back to draft.
    pub note: String,
}

impl Approval {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("approver", &mut self.approver, 40);
        if self.decision == ApprovalDecision::Rejected {
            check.required("note", &mut self.note, 200);
        } else {
            check.optional("note", &mut self.note, 200);
        }
        check.finish()
    }
}

/// A lease's move from one stage to another, with who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseMove {
    pub id: i64,
    pub lease_id: i64,
    pub from_stage: LeaseStage,
    pub to_stage: LeaseStage,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub reason: String,
}

impl LeaseMove {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        if self.from_stage.move_needs_reason(self.to_stage) {
            check.required("reason", &mut self.reason, SHORT_TEXT * 2);
        } else {
            check.optional("reason", &mut self.reason, SHORT_TEXT * 2);
        }
        check.finish()
    }
}

/// One deduction from the deposit at exit (damage, unpaid utilities…), with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositDeduction {
    pub id: i64,
    pub lease_id: i64,
    pub amount_fen: Fen,
    pub reason: String,
}

impl DepositDeduction {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        if self.amount_fen <= 0 {
            check.fail("amount_fen", Problem::rule("payment_positive"));
        }
        check.required("reason", &mut self.reason, SHORT_TEXT * 2);
        check.finish()
    }
}

/// What is left of a deposit to refund: held less the deductions, never below zero.
pub fn deposit_refund_due(held_fen: Fen, deductions_fen: Fen) -> Fen {
    (held_fen - deductions_fen).max(0)
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
    /// The deposit the mall holds for the lease (its deposit unless the clerk corrects it).
    pub deposit_held_fen: Fen,
    /// What was paid back to the merchant; set with the refund date.
    pub deposit_refunded_fen: Option<Fen>,
}

impl ExitChecklist {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("note", &mut self.note, SHORT_TEXT * 2);
        check.non_negative("deposit_held_fen", self.deposit_held_fen);
        match (self.deposit_refunded_on, self.deposit_refunded_fen) {
            (Some(_), None) => check.fail("deposit_refunded_fen", Problem::Required),
            (None, Some(_)) => check.fail("deposit_refunded_on", Problem::Required),
            (_, Some(amount)) => check.non_negative("deposit_refunded_fen", amount),
            (None, None) => {}
        }
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

/// Ageing of arrears: a debt up to 30 days past its due date is in band 0, 31–60 in band 1,
/// 61–90 in band 2, more than 90 in band 3 (the columns of the arrears report).
pub fn ageing_band(days_past_due: i64) -> usize {
    match days_past_due {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        _ => 3,
    }
}

/// How many ageing bands [`ageing_band`] sorts into.
pub const AGEING_BANDS: usize = 4;

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

    #[rstest]
    #[case(1, 0)]
    #[case(30, 0)]
    #[case(31, 1)]
    #[case(60, 1)]
    #[case(61, 2)]
    #[case(90, 2)]
    #[case(91, 3)]
    #[case(400, 3)]
    fn arrears_age_in_thirty_day_bands(#[case] days: i64, #[case] band: usize) {
        assert_eq!(ageing_band(days), band);
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
            renews_lease_id: None,
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
        assert_eq!(refused(l.validate()), bad);
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

    fn signature(role: ApproverRole, staff_id: i64, decision: ApprovalDecision) -> Approval {
        Approval {
            id: 0,
            lease_id: 1,
            role,
            staff_id: Some(staff_id),
            approver: format!("staff {staff_id}"),
            at: DateTime::UNIX_EPOCH,
            decision,
            note: String::new(),
        }
    }

    #[test]
    fn chain_counts_only_the_round_since_the_last_rejection() {
        use ApprovalDecision::*;
        use ApproverRole::*;
        let chain: Vec<ApproverRole> = ApproverRole::all().collect();
        let empty = ChainState::of(&chain, &[]);
        assert_eq!(empty.next(), Some(Handler));
        assert_eq!(empty.missing.len(), 5);
        let two = vec![signature(Handler, 1, Approved), signature(DepartmentManager, 2, Approved)];
        let state = ChainState::of(&chain, &two);
        assert_eq!(state.next(), Some(FinanceManager));
        assert!(state.signed_by(2) && !state.signed_by(3));
        let mut rejected = two.clone();
        rejected.push(signature(FinanceManager, 3, Rejected));
        let state = ChainState::of(&chain, &rejected);
        assert_eq!((state.next(), state.signed.len()), (Some(Handler), 0));
        let all: Vec<Approval> =
            chain.iter().enumerate().map(|(i, r)| signature(*r, i as i64, Approved)).collect();
        assert!(ChainState::of(&chain, &all).is_complete());
        // A shorter chain (a setting) is complete with fewer signatures.
        assert!(
            ChainState::of(&[Handler, Gm], &[signature(Handler, 1, Approved), signature(Gm, 2, Approved)])
                .is_complete()
        );
    }

    #[rstest]
    #[case(ApproverRole::Handler, StaffRole::Leasing, Department::Leasing, true)]
    #[case(ApproverRole::Handler, StaffRole::Clerk, Department::Service, false)]
    #[case(ApproverRole::Handler, StaffRole::Supervisor, Department::Service, false)]
    #[case(ApproverRole::DepartmentManager, StaffRole::Manager, Department::Leasing, true)]
    #[case(ApproverRole::DepartmentManager, StaffRole::Manager, Department::Service, false)]
    #[case(ApproverRole::DepartmentManager, StaffRole::Supervisor, Department::Leasing, false)]
    #[case(ApproverRole::FinanceManager, StaffRole::FinanceManager, Department::Finance, true)]
    #[case(ApproverRole::FinanceManager, StaffRole::Manager, Department::Finance, false)]
    #[case(ApproverRole::DeputyGm, StaffRole::DeputyGm, Department::Management, true)]
    #[case(ApproverRole::DeputyGm, StaffRole::Gm, Department::Management, false)]
    #[case(ApproverRole::Gm, StaffRole::Gm, Department::Management, true)]
    fn who_may_sign(
        #[case] step: ApproverRole,
        #[case] role: StaffRole,
        #[case] department: Department,
        #[case] ok: bool,
    ) {
        assert_eq!(step.qualifies(role, department), ok);
    }

    #[test]
    fn deposit_and_exit_rules() {
        assert_eq!(deposit_refund_due(10_000, 2_500), 7_500);
        assert_eq!(deposit_refund_due(1_000, 2_500), 0);
        let mut exit = ExitChecklist { deposit_refunded_fen: None, ..exit_checklist() };
        assert!(exit.validate().unwrap_err().for_field("deposit_refunded_fen").is_some());
        exit.deposit_refunded_fen = Some(1_000);
        assert!(exit.validate().is_ok());
        exit.deposit_refunded_on = None;
        assert!(exit.validate().unwrap_err().for_field("deposit_refunded_on").is_some());
    }

    /// An active lease ended early, for `reason`.
    fn termination(reason: &str) -> LeaseMove {
        LeaseMove {
            id: 0,
            lease_id: 1,
            from_stage: LeaseStage::Active,
            to_stage: LeaseStage::Terminated,
            at: DateTime::UNIX_EPOCH,
            operator: "x".into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn reasons_needed_for_going_back_and_ending_early() {
        assert!(LeaseStage::LegalReview.move_needs_reason(LeaseStage::Draft));
        assert!(LeaseStage::Active.move_needs_reason(LeaseStage::Terminated));
        assert!(!LeaseStage::Draft.move_needs_reason(LeaseStage::LegalReview));
        let mut m = termination(" ");
        assert!(m.validate().unwrap_err().for_field("reason").is_some());
        let mut reject = signature(ApproverRole::Gm, 1, ApprovalDecision::Rejected);
        assert!(reject.validate().unwrap_err().for_field("note").is_some());
        assert!(LeaseStage::Renewed.holds_unit() && !LeaseStage::Exited.holds_unit());
    }

    #[test]
    fn periods() {
        assert!(valid_period("2026-11"));
        assert!(!valid_period("2026-13"));
        assert!(!valid_period("2026-1"));
    }

    /// The fields a validation refuses, in order; empty when it passes.
    fn refused(result: Result<(), ValidationErrors>) -> Vec<&'static str> {
        result.err().map(|e| e.0.iter().map(|f| f.field).collect()).unwrap_or_default()
    }

    #[test]
    fn live_stages_are_those_before_the_end() {
        use LeaseStage::*;
        let live: Vec<LeaseStage> = LeaseStage::all().filter(|s| s.is_live()).collect();
        assert_eq!(live, [Draft, LegalReview, Approved, Active]);
    }

    #[test]
    fn an_unfinished_chain_names_its_next_step_and_a_rejection_at_the_end_the_last() {
        use ApprovalDecision::*;
        use ApproverRole::*;
        let chain = [Handler, Gm];
        let half = ChainState::of(&chain, &[signature(Handler, 1, Approved)]);
        assert!(!half.is_complete());
        assert_eq!(half.step_for(Approved, &chain), Some(Gm));
        assert_eq!(half.step_for(Rejected, &chain), Some(Gm));
        let done = ChainState::of(&chain, &[signature(Handler, 1, Approved), signature(Gm, 2, Approved)]);
        assert_eq!(done.step_for(Approved, &chain), None, "nothing left to approve");
        assert_eq!(done.step_for(Rejected, &chain), Some(Gm), "the last step may still reject");
    }

    #[test]
    fn no_band_for_a_lease_not_active_or_already_ended_and_the_last_day_is_in_the_tightest() {
        let l = lease();
        assert_eq!(l.expiry_band(day(2028, 12, 31), &[90, 60, 30]), Some(30), "its last day");
        assert_eq!(l.expiry_band(day(2029, 1, 1), &[90, 60, 30]), None, "ended yesterday");
        let draft = Lease { stage: LeaseStage::Draft, ..lease() };
        assert_eq!(draft.expiry_band(day(2028, 12, 10), &[90, 60, 30]), None, "not in force");
    }

    #[test]
    fn texts_are_limited_to_two_hundred_characters() {
        let at_most = "退".repeat(SHORT_TEXT * 2);
        let over = "退".repeat(SHORT_TEXT * 2 + 1);
        let mut m = termination(&at_most);
        assert_eq!(refused(m.validate()), Vec::<&str>::new());
        m.reason = over.clone();
        assert_eq!(refused(m.validate()), ["reason"], "a reason it needs");
        m.from_stage = LeaseStage::Draft;
        m.to_stage = LeaseStage::LegalReview;
        assert!(!m.from_stage.move_needs_reason(m.to_stage));
        assert_eq!(refused(m.validate()), ["reason"], "a reason it may leave out");
        m.reason = at_most.clone();
        assert_eq!(refused(m.validate()), Vec::<&str>::new());
        let mut d = DepositDeduction { id: 0, lease_id: 1, amount_fen: 1, reason: at_most.clone() };
        assert_eq!(refused(d.validate()), Vec::<&str>::new());
        d.reason = over.clone();
        assert_eq!(refused(d.validate()), ["reason"]);
        let mut dun = Dunning {
            id: 0,
            lease_id: 1,
            at: DateTime::UNIX_EPOCH,
            mode: DunningMode::Phone,
            note: at_most.clone(),
            operator: String::new(),
        };
        assert_eq!(refused(dun.validate()), Vec::<&str>::new());
        dun.note = over.clone();
        assert_eq!(refused(dun.validate()), ["note"]);
        let mut exit = exit_checklist();
        exit.note = at_most;
        assert_eq!(refused(exit.validate()), Vec::<&str>::new());
        exit.note = over;
        assert_eq!(refused(exit.validate()), ["note"]);
    }

    #[test]
    fn money_in_and_out_is_at_least_one_fen() {
        let mut d = DepositDeduction { id: 0, lease_id: 1, amount_fen: 0, reason: "墙面损坏".into() };
        assert_eq!(refused(d.validate()), ["amount_fen"]);
        d.amount_fen = -5;
        d.reason = " ".into();
        assert_eq!(refused(d.validate()), ["amount_fen", "reason"]);
        d.amount_fen = 1;
        d.reason = "墙面损坏".into();
        assert_eq!(refused(d.validate()), Vec::<&str>::new());
        let mut p = Payment {
            id: 0,
            charge_id: 1,
            amount_fen: 0,
            paid_on: day(2026, 11, 5),
            method: PaymentMethod::BankTransfer,
            receipt_no: "R-1".into(),
        };
        assert_eq!(refused(p.validate()), ["amount_fen"]);
        p.amount_fen = 1;
        assert_eq!(refused(p.validate()), Vec::<&str>::new());
        p.receipt_no = String::new();
        assert_eq!(refused(p.validate()), ["receipt_no"]);
    }

    #[test]
    fn a_charge_needs_a_real_month_and_no_negative_amount() {
        let mut c = Charge {
            id: 0,
            lease_id: 1,
            period: " 2026-11 ".into(),
            kind: ChargeKind::Rent,
            amount_fen: 0,
            due_date: day(2026, 11, 5),
        };
        assert_eq!(refused(c.validate()), Vec::<&str>::new());
        assert_eq!(c.period, "2026-11", "trimmed");
        c.period = "2026-13".into();
        c.amount_fen = -1;
        assert_eq!(refused(c.validate()), ["period", "amount_fen"]);
    }

    fn exit_checklist() -> ExitChecklist {
        ExitChecklist {
            id: 0,
            lease_id: 1,
            notice_given_on: Some(day(2026, 10, 1)),
            charges_settled_on: Some(day(2026, 10, 20)),
            deposit_refunded_on: Some(day(2026, 10, 25)),
            unit_inspected_on: Some(day(2026, 10, 31)),
            note: String::new(),
            deposit_held_fen: 1_000,
            deposit_refunded_fen: Some(1_000),
        }
    }

    #[test]
    fn a_refund_is_never_negative_and_the_exit_is_complete_only_with_all_four_dates() {
        let mut exit = exit_checklist();
        assert!(exit.is_complete());
        exit.deposit_refunded_fen = Some(0);
        assert_eq!(refused(exit.validate()), Vec::<&str>::new(), "nothing paid back");
        exit.deposit_refunded_fen = Some(-1);
        assert_eq!(refused(exit.validate()), ["deposit_refunded_fen"]);
        let without: [fn(&mut ExitChecklist); 4] = [
            |e| e.notice_given_on = None,
            |e| e.charges_settled_on = None,
            |e| e.deposit_refunded_on = None,
            |e| e.unit_inspected_on = None,
        ];
        for (n, remove) in without.iter().enumerate() {
            let mut e = exit_checklist();
            remove(&mut e);
            assert!(!e.is_complete(), "date {n} missing");
        }
    }

    #[test]
    fn collection_rate_is_collected_over_due() {
        assert_eq!(collection_rate(3, 4), Some(0.75));
        assert_eq!(collection_rate(5, 4), Some(1.25), "paid ahead");
        assert_eq!(collection_rate(0, 4), Some(0.0));
        assert_eq!(collection_rate(7, 0), None, "nothing was due");
        assert_eq!(collection_rate(7, -4), None);
    }
}
