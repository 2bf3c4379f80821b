//! Complaints and service requests (投诉 / 报事) and their closed loop. Every step is recorded
//! and none may be skipped; which steps a case takes depends on its kind:
//!
//! - complaint: received → judged (valid / invalid) → investigating → proposal (approved by a
//!   supervisor; may be sent back to investigating) → resolved → called back → closed. An
//!   invalid complaint closes after judgement; an unsatisfied callback reopens investigation.
//! - repair, incident report: received → investigating → resolved → called back → closed
//!   (nothing to judge, and the remedy needs no approval).
//! - help request: received → resolved → called back → closed (help is given at once).
//! - suggestion: received → judged (adopted or not) → closed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::validate::{Checker, Problem, SHORT_TEXT};
use super::{Fen, ValidationErrors};
use crate::code_enum;

code_enum! {
    pub enum ComplaintKind { Complaint, Repair, Help, Incident, Suggestion }
}

code_enum! {
    /// How the case reached the desk.
    pub enum ComplaintSource { Counter, Phone, Hotline, Online, Letter, Inspection }
}

code_enum! {
    pub enum ComplainantType { Customer, Merchant }
}

code_enum! {
    pub enum ComplaintCategory {
        GoodsQuality, ServiceAttitude, Price, AfterSales, Facilities, Cleanliness, Safety, Noise, Other
    }
}

code_enum! {
    /// Normal, escalated (升级) or raised online (网络投诉).
    pub enum ComplaintLevel { Normal, Escalated, Online }
}

code_enum! {
    /// Who handles an escalated case: project → area → company.
    pub enum EscalationTier { Project, Area, Company }
}

code_enum! {
    pub enum ComplaintStep { Received, Judged, Investigating, Proposal, Resolved, CalledBack, Closed }
}

code_enum! {
    /// The customer's verdict at a callback.
    pub enum Satisfaction { Satisfied, Neutral, Unsatisfied }
}

impl EscalationTier {
    /// The next tier up, if any.
    pub fn next(self) -> Option<EscalationTier> {
        match self {
            Self::Project => Some(Self::Area),
            Self::Area => Some(Self::Company),
            Self::Company => None,
        }
    }
}

/// The time limits of the service loop (settings, defaults 24 h / 3 days / 3 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLimits {
    pub judge_hours: u32,
    pub resolve_days: u32,
    pub callback_days: u32,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        Self { judge_hours: 24, resolve_days: 3, callback_days: 3 }
    }
}

/// The steps that may follow `step` for a case of `kind`; `valid` is the judgement, if made.
pub fn next_steps(kind: ComplaintKind, step: ComplaintStep, valid: Option<bool>) -> &'static [ComplaintStep] {
    use ComplaintKind as K;
    use ComplaintStep::*;
    match (kind, step) {
        (K::Complaint, Received) => &[Judged],
        (K::Complaint, Judged) if valid == Some(false) => &[Closed],
        (K::Complaint, Judged) => &[Investigating],
        (K::Complaint, Investigating) => &[Proposal],
        (K::Complaint, Proposal) => &[Resolved, Investigating],
        (K::Suggestion, Received) => &[Judged],
        (K::Suggestion, Judged) => &[Closed],
        (K::Repair | K::Incident, Received) => &[Investigating],
        (K::Repair | K::Incident, Investigating) => &[Resolved],
        (K::Help, Received) => &[Resolved],
        (K::Complaint | K::Repair | K::Incident | K::Help, Resolved) => &[CalledBack],
        (K::Complaint | K::Repair | K::Incident | K::Help, CalledBack) => &[Closed, Investigating],
        // Nothing follows a closed case, nor a step its kind does not take.
        _ => &[],
    }
}

/// Whether the case moves from `from` to `to` as the rules allow.
pub fn can_step(kind: ComplaintKind, from: ComplaintStep, valid: Option<bool>, to: ComplaintStep) -> bool {
    next_steps(kind, from, valid).contains(&to)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: i64,
    /// `TS-YYYYMMDD-NNNN`, assigned on save, sequential per day.
    pub number: String,
    pub kind: ComplaintKind,
    pub source: ComplaintSource,
    pub received_at: DateTime<Utc>,
    pub complainant: String,
    pub complainant_type: ComplainantType,
    pub phone: Option<String>,
    pub merchant_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub category: ComplaintCategory,
    pub content: String,
    pub level: ComplaintLevel,
    pub escalation: EscalationTier,
    pub department: String,
    pub handler_id: Option<i64>,
    pub step: ComplaintStep,
    /// The judgement: valid (成立) or not; `None` until judged.
    pub valid: Option<bool>,
    pub cause: String,
    pub responsible_person: String,
    pub remedy: String,
    pub compensation_fen: Fen,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<Satisfaction>,
    pub closing_summary: String,
    pub closed_at: Option<DateTime<Utc>>,
    /// The next deadline, kept so overdue cases can be listed from an index.
    pub due_at: Option<DateTime<Utc>>,
    /// The caller's earlier open case this one is the same matter as, when the clerk linked it.
    pub linked_case_id: Option<i64>,
}

impl Complaint {
    /// A new case received at `received_at`: nothing filled in yet, a customer's complaint at
    /// the counter, at the first step.
    pub fn new(received_at: DateTime<Utc>) -> Complaint {
        Complaint {
            id: 0,
            number: String::new(),
            kind: ComplaintKind::Complaint,
            source: ComplaintSource::Counter,
            received_at,
            complainant: String::new(),
            complainant_type: ComplainantType::Customer,
            phone: None,
            merchant_id: None,
            unit_id: None,
            category: ComplaintCategory::Other,
            content: String::new(),
            level: ComplaintLevel::Normal,
            escalation: EscalationTier::Project,
            department: String::new(),
            handler_id: None,
            step: ComplaintStep::Received,
            valid: None,
            cause: String::new(),
            responsible_person: String::new(),
            remedy: String::new(),
            compensation_fen: 0,
            approved_by: None,
            approved_at: None,
            resolved_at: None,
            satisfaction: None,
            closing_summary: String::new(),
            closed_at: None,
            due_at: None,
            linked_case_id: None,
        }
    }

    /// The complaint an unsatisfied customer raises on a callback: by phone, from who was
    /// called (a merchant or a customer), their number, merchant and words, for the callback's
    /// staff member to handle.
    pub fn from_callback(
        callback: &crate::domain::callback::Callback,
        received_at: DateTime<Utc>,
    ) -> Complaint {
        Complaint {
            source: ComplaintSource::Phone,
            complainant: callback.party_name.clone(),
            complainant_type: match callback.party_kind {
                crate::domain::callback::PartyKind::Merchant => ComplainantType::Merchant,
                _ => ComplainantType::Customer,
            },
            phone: Some(callback.phone.clone()),
            merchant_id: callback.merchant_id,
            content: callback.customer_words.clone(),
            handler_id: callback.staff_id,
            ..Complaint::new(received_at)
        }
    }

    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("number", &mut self.number, 20);
        check.required("complainant", &mut self.complainant, 40);
        check.optional_phone("phone", &mut self.phone);
        check.long_text("content", &mut self.content, true);
        check.optional("department", &mut self.department, 40);
        check.long_text("cause", &mut self.cause, false);
        check.optional("responsible_person", &mut self.responsible_person, 40);
        check.long_text("remedy", &mut self.remedy, false);
        check.non_negative("compensation_fen", self.compensation_fen);
        check.long_text("closing_summary", &mut self.closing_summary, false);
        if self.approved_by.as_deref().is_some_and(|name| name.trim().is_empty()) {
            check.fail("approved_by", Problem::Required);
        }
        check.finish()
    }

    /// The deadline of the step the case is in now, under `limits`.
    pub fn deadline(&self, limits: &ServiceLimits) -> Option<DateTime<Utc>> {
        use ComplaintStep::*;
        let judge = self.received_at + Duration::hours(i64::from(limits.judge_hours));
        let resolve = self.received_at + Duration::days(i64::from(limits.resolve_days));
        match self.step {
            Received if next_steps(self.kind, Received, None).contains(&Judged) => Some(judge),
            Received | Judged | Investigating | Proposal => Some(resolve),
            // Called back but not yet closed keeps the callback's deadline: the loop is only
            // done when the case is closed, and it stays in the open queue until then.
            Resolved | CalledBack => {
                self.resolved_at.map(|at| at + Duration::days(i64::from(limits.callback_days)))
            }
            Closed => None,
        }
        .filter(|_| !(self.kind == ComplaintKind::Suggestion && self.step == Judged))
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.due_at.is_some_and(|due| now > due)
    }
}

/// One recorded step of a case: who, when and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub id: i64,
    pub complaint_id: i64,
    pub step: ComplaintStep,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub note: String,
}

impl StepRecord {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.long_text("note", &mut self.note, false);
        check.optional("operator", &mut self.operator, SHORT_TEXT);
        check.finish()
    }
}

/// One raise of a case's escalation tier, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub id: i64,
    pub complaint_id: i64,
    pub from_tier: EscalationTier,
    pub to_tier: EscalationTier,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub reason: String,
}

impl Escalation {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.long_text("reason", &mut self.reason, true);
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComplaintKind as K;
    use ComplaintStep::*;
    use rstest::rstest;

    #[test]
    fn an_unsatisfied_callback_becomes_a_phoned_in_complaint_from_the_one_called() {
        use crate::domain::callback::{Callback, CallbackReason, CallbackStatus, PartyKind};
        let received = DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z").unwrap().to_utc();
        let mut callback = Callback {
            id: 7,
            party_kind: PartyKind::Merchant,
            party_name: "星光咖啡 店长".into(),
            phone: "13812345678".into(),
            reason: CallbackReason::AfterComplaint,
            complaint_id: Some(3),
            merchant_id: Some(12),
            prospect_id: None,
            due_at: received,
            staff_id: Some(5),
            key_customer: false,
            status: CallbackStatus::Done,
            outcome: None,
            customer_words: "退款还没到账".into(),
            failed_attempts: 0,
            created_at: received,
            done_at: None,
        };
        let case = Complaint::from_callback(&callback, received);
        assert_eq!(
            (case.source, case.complainant.as_str(), case.complainant_type, case.phone.as_deref()),
            (ComplaintSource::Phone, "星光咖啡 店长", ComplainantType::Merchant, Some("13812345678"))
        );
        assert_eq!(
            (case.merchant_id, case.content.as_str(), case.handler_id, case.received_at),
            (Some(12), "退款还没到账", Some(5), received)
        );
        callback.party_kind = PartyKind::Customer;
        assert_eq!(Complaint::from_callback(&callback, received).complainant_type, ComplainantType::Customer);
        callback.party_kind = PartyKind::Prospect;
        assert_eq!(Complaint::from_callback(&callback, received).complainant_type, ComplainantType::Customer);
    }

    #[rstest]
    #[case(K::Complaint, Received, None, Judged, true)]
    #[case(K::Complaint, Received, None, Investigating, false)]
    #[case(K::Complaint, Judged, Some(true), Investigating, true)]
    #[case(K::Complaint, Judged, Some(false), Investigating, false)]
    #[case(K::Complaint, Judged, Some(false), Closed, true)]
    #[case(K::Complaint, Investigating, Some(true), Resolved, false)]
    #[case(K::Complaint, Proposal, Some(true), Investigating, true)]
    #[case(K::Complaint, Resolved, Some(true), Closed, false)]
    #[case(K::Complaint, CalledBack, Some(true), Investigating, true)]
    #[case(K::Repair, Received, None, Judged, false)]
    #[case(K::Repair, Received, None, Investigating, true)]
    #[case(K::Repair, Investigating, None, Proposal, false)]
    #[case(K::Help, Received, None, Resolved, true)]
    #[case(K::Suggestion, Judged, Some(true), Closed, true)]
    #[case(K::Suggestion, Judged, Some(true), Investigating, false)]
    #[case(K::Incident, Closed, None, Received, false)]
    fn step_rules(
        #[case] kind: ComplaintKind,
        #[case] from: ComplaintStep,
        #[case] valid: Option<bool>,
        #[case] to: ComplaintStep,
        #[case] ok: bool,
    ) {
        assert_eq!(can_step(kind, from, valid, to), ok);
    }

    fn case(kind: ComplaintKind, step: ComplaintStep) -> Complaint {
        Complaint {
            kind,
            complainant: "张女士".into(),
            phone: Some("13800138000".into()),
            category: ComplaintCategory::GoodsQuality,
            content: "买的鞋子开胶了".into(),
            step,
            ..Complaint::new("2026-11-30T15:30:00Z".parse().unwrap())
        }
    }

    #[test]
    fn deadlines_cross_month_end() {
        let limits = ServiceLimits::default();
        let c = case(K::Complaint, Received);
        assert_eq!(c.deadline(&limits), Some("2026-12-01T15:30:00Z".parse().unwrap()));
        let repair = case(K::Repair, Received);
        assert_eq!(repair.deadline(&limits), Some("2026-12-03T15:30:00Z".parse().unwrap()));
        let resolved = Complaint {
            resolved_at: Some("2026-12-31T20:00:00Z".parse().unwrap()),
            ..case(K::Complaint, Resolved)
        };
        assert_eq!(resolved.deadline(&limits), Some("2027-01-03T20:00:00Z".parse().unwrap()));
        assert_eq!(case(K::Complaint, Closed).deadline(&limits), None);
        let called_back = Complaint {
            resolved_at: Some("2026-12-31T20:00:00Z".parse().unwrap()),
            ..case(K::Complaint, CalledBack)
        };
        assert_eq!(
            called_back.deadline(&limits),
            Some("2027-01-03T20:00:00Z".parse().unwrap()),
            "waiting to close"
        );
    }

    #[test]
    fn content_is_required() {
        let mut c = Complaint { content: " ".into(), ..case(K::Complaint, Received) };
        assert!(c.validate().unwrap_err().for_field("content").is_some());
    }

    #[test]
    fn escalation_goes_up_to_company() {
        assert_eq!(EscalationTier::Project.next(), Some(EscalationTier::Area));
        assert_eq!(EscalationTier::Company.next(), None);
    }
    /// Killing mutants: every kind and step has exactly the deadline the house rules give, a
    /// closed case has none and no next step, a judged suggestion waits for no deadline.
    #[test]
    fn deadlines_for_every_kind_and_step() {
        let limits = ServiceLimits { judge_hours: 24, resolve_days: 3, callback_days: 2 };
        let received: DateTime<Utc> = "2026-11-30T15:30:00Z".parse().unwrap();
        let resolved: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let judge = received + Duration::hours(24);
        let resolve = received + Duration::days(3);
        let call = resolved + Duration::days(2);
        for kind in ComplaintKind::all() {
            for step in ComplaintStep::all() {
                let mut c = case(kind, step);
                c.resolved_at = Some(resolved);
                let expected = match (kind, step) {
                    (_, ComplaintStep::Closed) => None,
                    (ComplaintKind::Suggestion, ComplaintStep::Judged) => None,
                    (ComplaintKind::Complaint | ComplaintKind::Suggestion, ComplaintStep::Received) => {
                        Some(judge)
                    }
                    (
                        _,
                        ComplaintStep::Received
                        | ComplaintStep::Judged
                        | ComplaintStep::Investigating
                        | ComplaintStep::Proposal,
                    ) => Some(resolve),
                    (_, ComplaintStep::Resolved | ComplaintStep::CalledBack) => Some(call),
                };
                assert_eq!(c.deadline(&limits), expected, "{kind:?} {step:?}");
            }
            assert!(
                next_steps(kind, Closed, Some(true)).is_empty() && next_steps(kind, Closed, None).is_empty()
            );
        }
        let mut unresolved = case(K::Repair, Resolved);
        unresolved.resolved_at = None;
        assert_eq!(unresolved.deadline(&limits), None);
    }

    #[test]
    fn overdue_only_after_the_deadline() {
        let due: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let mut c = case(K::Complaint, Received);
        assert!(!c.is_overdue(due + Duration::days(99)), "no deadline, never overdue");
        c.due_at = Some(due);
        assert!(!c.is_overdue(due - Duration::seconds(1)));
        assert!(!c.is_overdue(due), "due at 10:00 is not late at 10:00");
        assert!(c.is_overdue(due + Duration::seconds(1)));
    }

    #[test]
    fn step_records_and_escalations_check_their_text() {
        let at: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let mut step = StepRecord {
            id: 0,
            complaint_id: 1,
            step: Judged,
            at,
            operator: "王芳".into(),
            note: "备注\u{0}".into(),
        };
        assert!(step.validate().unwrap_err().for_field("note").is_some());
        step.note = "备注".into();
        step.operator = "长".repeat(500);
        assert!(step.validate().unwrap_err().for_field("operator").is_some());
        step.operator = "王芳".into();
        assert!(step.validate().is_ok());
        let mut raise = Escalation {
            id: 0,
            complaint_id: 1,
            from_tier: EscalationTier::Project,
            to_tier: EscalationTier::Area,
            at,
            operator: "王芳".into(),
            reason: "  ".into(),
        };
        assert_eq!(
            raise.validate().unwrap_err().for_field("reason"),
            Some(&crate::domain::validate::Problem::Required)
        );
        raise.reason = "顾客要求".into();
        assert!(raise.validate().is_ok());
    }
}

#[cfg(test)]
mod every_move {
    use super::*;

    /// Every allowed move per kind, written out by hand from DOMAIN.md and the module doc.
    const ALLOWED: &[(ComplaintKind, &[(&str, &str)])] = &[
        (
            ComplaintKind::Complaint,
            &[
                ("received", "judged"),
                ("judged+valid", "investigating"),
                ("judged+invalid", "closed"),
                ("investigating", "proposal"),
                ("proposal", "resolved"),
                ("proposal", "investigating"),
                ("resolved", "called_back"),
                ("called_back", "closed"),
                ("called_back", "investigating"),
            ],
        ),
        (
            ComplaintKind::Repair,
            &[
                ("received", "investigating"),
                ("investigating", "resolved"),
                ("resolved", "called_back"),
                ("called_back", "closed"),
                ("called_back", "investigating"),
            ],
        ),
        (
            ComplaintKind::Incident,
            &[
                ("received", "investigating"),
                ("investigating", "resolved"),
                ("resolved", "called_back"),
                ("called_back", "closed"),
                ("called_back", "investigating"),
            ],
        ),
        (
            ComplaintKind::Help,
            &[
                ("received", "resolved"),
                ("resolved", "called_back"),
                ("called_back", "closed"),
                ("called_back", "investigating"),
            ],
        ),
        (
            ComplaintKind::Suggestion,
            &[("received", "judged"), ("judged+valid", "closed"), ("judged+invalid", "closed")],
        ),
    ];

    #[test]
    fn every_pair_of_steps_for_every_kind() {
        for (kind, allowed) in ALLOWED {
            for from in ComplaintStep::all() {
                let judgements: &[Option<bool>] =
                    if from == ComplaintStep::Judged { &[Some(true), Some(false)] } else { &[None] };
                for &valid in judgements {
                    let from_key = match valid {
                        Some(true) => format!("{}+valid", from.code()),
                        Some(false) => format!("{}+invalid", from.code()),
                        None => from.code().to_string(),
                    };
                    for to in ComplaintStep::all() {
                        let expected = allowed.iter().any(|(f, t)| *f == from_key && *t == to.code());
                        assert_eq!(
                            can_step(*kind, from, valid, to),
                            expected,
                            "{} from {from_key} to {}",
                            kind.code(),
                            to.code()
                        );
                    }
                }
            }
        }
    }
}
