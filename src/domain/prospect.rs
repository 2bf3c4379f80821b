//! Prospects (招商意向客户): the leasing pipeline. Stages only move forward one step at a time
//! (potential → intent → negotiating → signed) or to lost, with a reason, from any open stage.
//! Every move is kept with who, when and why; contacts go to the interaction log.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::validate::{Checker, Problem, SHORT_TEXT};
use super::{Fen, ValidationErrors};
use crate::code_enum;

code_enum! {
    /// Where a prospect stands in the pipeline.
    pub enum ProspectStage { Potential, Intent, Negotiating, Signed, Lost }
}

code_enum! {
    /// How the prospect found the mall.
    pub enum SourceChannel { WalkIn, InboundCall, TradeShow, Referral, Online, InvestmentConference, ColdCall }
}

code_enum! {
    /// How a contact with a prospect happened.
    pub enum InteractionMode { Visit, InboundCall, OutboundCall, Sms, Wechat, SiteVisit }
}

impl ProspectStage {
    /// Open stages are those still in play.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Potential | Self::Intent | Self::Negotiating)
    }

    /// The stages this one may move to.
    pub fn allowed_moves(self) -> Vec<ProspectStage> {
        let forward = match self {
            Self::Potential => Some(Self::Intent),
            Self::Intent => Some(Self::Negotiating),
            Self::Negotiating => Some(Self::Signed),
            Self::Signed | Self::Lost => None,
        };
        forward.into_iter().chain(self.is_open().then_some(Self::Lost)).collect()
    }

    pub fn can_move_to(self, to: ProspectStage) -> bool {
        self.allowed_moves().contains(&to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prospect {
    pub id: i64,
    pub brand: String,
    pub company: String,
    pub contact: String,
    pub phone: String,
    pub category: String,
    pub area_min_dm2: Option<i64>,
    pub area_max_dm2: Option<i64>,
    pub wanted_floor: String,
    pub wanted_zone: String,
    pub budget_fen: Option<Fen>,
    pub source: SourceChannel,
    pub staff_id: Option<i64>,
    pub stage: ProspectStage,
    pub lost_reason: Option<String>,
    pub next_follow_up: Option<NaiveDate>,
    pub notes: String,
    pub registered_at: DateTime<Utc>,
    pub first_contact_at: Option<DateTime<Utc>>,
    /// Set when the prospect signed and became a merchant.
    pub merchant_id: Option<i64>,
}

impl Prospect {
    /// A new prospect registered at `registered_at`: nothing filled in yet, a walk-in at the
    /// first stage.
    pub fn new(registered_at: DateTime<Utc>) -> Prospect {
        Prospect {
            id: 0,
            brand: String::new(),
            company: String::new(),
            contact: String::new(),
            phone: String::new(),
            category: String::new(),
            area_min_dm2: None,
            area_max_dm2: None,
            wanted_floor: String::new(),
            wanted_zone: String::new(),
            budget_fen: None,
            source: SourceChannel::WalkIn,
            staff_id: None,
            stage: ProspectStage::Potential,
            lost_reason: None,
            next_follow_up: None,
            notes: String::new(),
            registered_at,
            first_contact_at: None,
            merchant_id: None,
        }
    }

    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("brand", &mut self.brand, SHORT_TEXT);
        check.optional("company", &mut self.company, SHORT_TEXT);
        check.required("contact", &mut self.contact, 40);
        check.phone("phone", &mut self.phone);
        check.optional("category", &mut self.category, 40);
        check.optional("wanted_floor", &mut self.wanted_floor, 10);
        check.optional("wanted_zone", &mut self.wanted_zone, 40);
        check.long_text("notes", &mut self.notes, false);
        check.optional_opt("lost_reason", &mut self.lost_reason, 200);
        if let Some(min) = self.area_min_dm2 {
            check.non_negative("area_min_dm2", min);
        }
        if let Some(max) = self.area_max_dm2 {
            check.non_negative("area_max_dm2", max);
            if self.area_min_dm2.is_some_and(|min| max < min) {
                check.fail("area_max_dm2", Problem::rule("area_max_below_min"));
            }
        }
        if let Some(budget) = self.budget_fen {
            check.non_negative("budget_fen", budget);
        }
        if self.stage == ProspectStage::Lost && self.lost_reason.is_none() {
            check.fail("lost_reason", Problem::Required);
        }
        check.finish()
    }

    /// A new prospect must be contacted within `days` of registration, else it is overdue.
    pub fn first_contact_overdue(&self, now: DateTime<Utc>, days: u32) -> bool {
        self.stage.is_open()
            && self.first_contact_at.is_none()
            && now > self.registered_at + Duration::days(i64::from(days))
    }

    /// A follow-up date already past (before `today`) on a prospect still open.
    pub fn call_overdue(&self, today: NaiveDate) -> bool {
        self.stage.is_open()
            && self.first_contact_at.is_some()
            && self.next_follow_up.is_some_and(|due| due < today)
    }

    /// In the follow-up queue: still open, past potential, with a follow-up due by `today`.
    pub fn follow_up_due(&self, today: NaiveDate) -> bool {
        matches!(self.stage, ProspectStage::Intent | ProspectStage::Negotiating)
            && self.next_follow_up.is_some_and(|due| due <= today)
    }
}

/// One contact with a prospect: the walk-in and call register is the list of today's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: i64,
    pub prospect_id: i64,
    pub at: DateTime<Utc>,
    pub mode: InteractionMode,
    pub summary: String,
    pub next_step: String,
    pub staff_id: Option<i64>,
}

impl Interaction {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.long_text("summary", &mut self.summary, true);
        check.optional("next_step", &mut self.next_step, 200);
        check.finish()
    }
}

/// A recorded stage move: who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMove {
    pub id: i64,
    pub prospect_id: i64,
    pub from_stage: ProspectStage,
    pub to_stage: ProspectStage,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub reason: String,
}

impl StageMove {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("reason", &mut self.reason, 200);
        if self.to_stage == ProspectStage::Lost && self.reason.is_empty() {
            check.fail("reason", Problem::Required);
        }
        if !self.from_stage.can_move_to(self.to_stage) {
            check.fail("to_stage", Problem::rule("not_next_stage"));
        }
        check.finish()
    }
}

/// Signed ÷ monthly target (招商任务完成率); `None` without a target.
pub fn completion_rate(signed: u64, target: u64) -> Option<f64> {
    (target > 0).then(|| signed as f64 / target as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::FieldError;
    use ProspectStage::*;
    use rstest::rstest;

    #[rstest]
    #[case(Potential, Intent, true)]
    #[case(Intent, Negotiating, true)]
    #[case(Negotiating, Signed, true)]
    #[case(Potential, Negotiating, false)]
    #[case(Potential, Signed, false)]
    #[case(Intent, Potential, false)]
    #[case(Potential, Lost, true)]
    #[case(Negotiating, Lost, true)]
    #[case(Signed, Lost, false)]
    #[case(Lost, Potential, false)]
    fn stage_moves(#[case] from: ProspectStage, #[case] to: ProspectStage, #[case] ok: bool) {
        assert_eq!(from.can_move_to(to), ok);
    }

    fn prospect() -> Prospect {
        Prospect {
            id: 0,
            brand: "鹿角巷".into(),
            company: String::new(),
            contact: "陈先生".into(),
            phone: "13600001234".into(),
            category: "茶饮".into(),
            area_min_dm2: Some(3000),
            area_max_dm2: Some(8000),
            wanted_floor: "1F".into(),
            wanted_zone: String::new(),
            budget_fen: Some(2_000_000),
            source: SourceChannel::WalkIn,
            staff_id: None,
            stage: Potential,
            lost_reason: None,
            next_follow_up: None,
            notes: String::new(),
            registered_at: "2026-11-01T10:00:00Z".parse().unwrap(),
            first_contact_at: None,
            merchant_id: None,
        }
    }

    #[test]
    fn first_contact_is_due_within_seven_days() {
        let p = prospect();
        assert!(!p.first_contact_overdue("2026-11-08T10:00:00Z".parse().unwrap(), 7));
        assert!(p.first_contact_overdue("2026-11-08T10:00:01Z".parse().unwrap(), 7));
        let contacted = Prospect { first_contact_at: Some("2026-11-02T10:00:00Z".parse().unwrap()), ..p };
        assert!(!contacted.first_contact_overdue("2026-12-01T00:00:00Z".parse().unwrap(), 7));
    }

    #[test]
    fn lost_needs_a_reason_and_areas_must_be_ordered() {
        let mut p = Prospect { stage: Lost, area_max_dm2: Some(1000), ..prospect() };
        let errors = p.validate().unwrap_err();
        assert!(errors.for_field("lost_reason").is_some());
        assert!(errors.for_field("area_max_dm2").is_some());
    }

    #[test]
    fn equal_areas_are_allowed_and_only_a_lost_prospect_needs_a_reason() {
        let mut same = Prospect { area_min_dm2: Some(5000), area_max_dm2: Some(5000), ..prospect() };
        assert_eq!(same.validate(), Ok(()));
        let mut open_without_reason = Prospect { stage: Negotiating, ..prospect() };
        assert_eq!(open_without_reason.validate(), Ok(()));
        let mut lost_with_reason =
            Prospect { stage: Lost, lost_reason: Some("租金太高".into()), ..prospect() };
        assert_eq!(lost_with_reason.validate(), Ok(()));
        let mut lost_blank = Prospect { stage: Lost, lost_reason: Some("   ".into()), ..prospect() };
        let errors = lost_blank.validate().unwrap_err();
        assert_eq!(errors.0, vec![FieldError { field: "lost_reason", problem: Problem::Required }]);
    }

    #[test]
    fn follow_up_is_due_on_its_date_for_intent_and_negotiating_only() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let with = |stage, due: Option<NaiveDate>| Prospect { stage, next_follow_up: due, ..prospect() };
        assert!(with(Intent, Some(today)).follow_up_due(today));
        assert!(with(Negotiating, today.pred_opt()).follow_up_due(today));
        assert!(!with(Intent, today.succ_opt()).follow_up_due(today));
        assert!(!with(Intent, None).follow_up_due(today));
        assert!(!with(Potential, Some(today)).follow_up_due(today));
        assert!(!with(Signed, Some(today)).follow_up_due(today));
        assert!(!with(Lost, Some(today)).follow_up_due(today));
    }

    #[test]
    fn a_call_is_overdue_once_its_follow_up_date_has_passed_on_an_open_contacted_prospect() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let contacted = Some("2026-11-02T10:00:00Z".parse().unwrap());
        let with = |stage, due: Option<NaiveDate>, first| Prospect {
            stage,
            next_follow_up: due,
            first_contact_at: first,
            ..prospect()
        };
        assert!(with(Potential, today.pred_opt(), contacted).call_overdue(today));
        assert!(!with(Potential, Some(today), contacted).call_overdue(today), "due today is not late");
        assert!(
            !with(Potential, today.pred_opt(), None).call_overdue(today),
            "the first contact rule applies"
        );
        assert!(!with(Signed, today.pred_opt(), contacted).call_overdue(today));
        assert!(!with(Intent, None, contacted).call_overdue(today));
    }

    #[test]
    fn a_contact_needs_its_summary() {
        let mut contact = Interaction {
            id: 0,
            prospect_id: 1,
            at: "2026-11-02T10:00:00Z".parse().unwrap(),
            mode: InteractionMode::InboundCall,
            summary: "  ".into(),
            next_step: "下周看铺".into(),
            staff_id: None,
        };
        let errors = contact.validate().unwrap_err();
        assert_eq!(errors.0, vec![FieldError { field: "summary", problem: Problem::Required }]);
        contact.summary = "有意向，预算偏低".into();
        assert_eq!(contact.validate(), Ok(()));
    }

    #[test]
    fn a_stage_move_must_be_allowed_and_a_loss_needs_its_reason() {
        let mv = |from, to, reason: &str| StageMove {
            id: 0,
            prospect_id: 1,
            from_stage: from,
            to_stage: to,
            at: "2026-11-02T10:00:00Z".parse().unwrap(),
            operator: "clerk".into(),
            reason: reason.into(),
        };
        assert_eq!(mv(Potential, Intent, "").validate(), Ok(()));
        assert_eq!(mv(Intent, Lost, "选址变更").validate(), Ok(()));
        let errors = mv(Intent, Lost, "").validate().unwrap_err();
        assert_eq!(errors.0, vec![FieldError { field: "reason", problem: Problem::Required }]);
        let errors = mv(Potential, Signed, "").validate().unwrap_err();
        assert_eq!(
            errors.0,
            vec![FieldError { field: "to_stage", problem: Problem::rule("not_next_stage") }]
        );
    }

    #[test]
    fn completion_rate_without_target_is_none() {
        assert_eq!(completion_rate(3, 0), None);
        assert_eq!(completion_rate(3, 4), Some(0.75));
    }
}
