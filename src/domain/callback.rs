//! Callbacks (回访) and their attempts. A callback is due within the setting's days; failed
//! attempts count up and the third (setting) makes it unreachable, for leasing/operations to
//! verify the contact details. "Call later" is not a failure: the customer was reached.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ValidationErrors;
use super::complaint::Satisfaction;
use super::validate::{Checker, Problem, SHORT_TEXT};
use crate::code_enum;

code_enum! {
    pub enum PartyKind { Customer, Merchant, Prospect }
}

code_enum! {
    pub enum CallbackReason { AfterComplaint, AfterRepair, AfterSigning, AfterMoveIn, NewProspect, PeriodicCare, Survey }
}

code_enum! {
    pub enum CallbackStatus { Open, Done, Unreachable, Cancelled }
}

code_enum! {
    pub enum ContactMode { Phone, Sms, Visit, Wechat, Email }
}

code_enum! {
    pub enum AttemptResult { Reached, NoAnswer, PoweredOff, Forwarded, CannotConnect, WrongNumber, CallLater }
}

impl AttemptResult {
    /// Failed attempts count towards "unreachable".
    pub fn is_failure(self) -> bool {
        !matches!(self, Self::Reached | Self::CallLater)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub id: i64,
    pub party_kind: PartyKind,
    pub party_name: String,
    pub phone: String,
    pub reason: CallbackReason,
    pub complaint_id: Option<i64>,
    pub merchant_id: Option<i64>,
    pub prospect_id: Option<i64>,
    pub due_at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    /// Key customers and members must all be called back.
    pub key_customer: bool,
    pub status: CallbackStatus,
    pub outcome: Option<Satisfaction>,
    pub customer_words: String,
    pub failed_attempts: u32,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

impl Callback {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("party_name", &mut self.party_name, 40);
        check.phone("phone", &mut self.phone);
        check.long_text("customer_words", &mut self.customer_words, false);
        if self.status == CallbackStatus::Done && self.outcome.is_none() {
            check.fail("outcome", Problem::Required);
        }
        check.finish()
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status == CallbackStatus::Open && now > self.due_at
    }
}

/// The status after an attempt with `result`, given the failures counted before it.
pub fn status_after_attempt(
    failed_before: u32,
    result: AttemptResult,
    max_failed: u32,
) -> (CallbackStatus, u32) {
    let failed = failed_before + u32::from(result.is_failure());
    let status = if failed >= max_failed { CallbackStatus::Unreachable } else { CallbackStatus::Open };
    (status, failed)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: i64,
    pub callback_id: i64,
    pub at: DateTime<Utc>,
    pub mode: ContactMode,
    pub result: AttemptResult,
    pub call_later_at: Option<DateTime<Utc>>,
    pub note: String,
    pub operator: String,
}

impl Attempt {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional("note", &mut self.note, SHORT_TEXT * 2);
        if self.result == AttemptResult::CallLater && self.call_later_at.is_none() {
            check.fail("call_later_at", Problem::Required);
        }
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn callback(status: CallbackStatus) -> Callback {
        Callback {
            id: 1,
            party_kind: PartyKind::Customer,
            party_name: "张女士".into(),
            phone: "138 1234 5678".into(),
            reason: CallbackReason::AfterComplaint,
            complaint_id: None,
            merchant_id: None,
            prospect_id: None,
            due_at: at("2026-11-25T10:00:00Z"),
            staff_id: None,
            key_customer: false,
            status,
            outcome: None,
            customer_words: String::new(),
            failed_attempts: 0,
            created_at: at("2026-11-22T10:00:00Z"),
            done_at: None,
        }
    }

    fn attempt(result: AttemptResult, note: &str) -> Attempt {
        Attempt {
            id: 0,
            callback_id: 1,
            at: at("2026-11-23T10:00:00Z"),
            mode: ContactMode::Phone,
            result,
            call_later_at: None,
            note: note.into(),
            operator: "王芳".into(),
        }
    }

    /// Overdue exactly after the due time, and only while still open.
    #[test]
    fn overdue_only_while_open_and_after_the_due_time() {
        let open = callback(CallbackStatus::Open);
        assert!(!open.is_overdue(at("2026-11-25T09:59:59Z")));
        assert!(!open.is_overdue(at("2026-11-25T10:00:00Z")), "due at 10:00 is not late at 10:00");
        assert!(open.is_overdue(at("2026-11-25T10:00:01Z")));
        for status in [CallbackStatus::Done, CallbackStatus::Unreachable, CallbackStatus::Cancelled] {
            assert!(!callback(status).is_overdue(at("2026-12-25T10:00:00Z")), "{status:?}");
        }
    }

    #[test]
    fn a_done_callback_needs_its_verdict_and_a_callable_phone() {
        let mut done = callback(CallbackStatus::Done);
        let errors = done.validate().unwrap_err();
        assert_eq!(errors.for_field("outcome"), Some(&Problem::Required));
        done.outcome = Some(Satisfaction::Satisfied);
        assert!(done.validate().is_ok());
        assert_eq!(done.phone, "13812345678", "stored as digits");
        // An open callback has no verdict yet.
        assert!(callback(CallbackStatus::Open).validate().is_ok());
        let mut bad =
            Callback { phone: "12".into(), party_name: " ".into(), ..callback(CallbackStatus::Open) };
        let errors = bad.validate().unwrap_err();
        assert!(errors.for_field("phone").is_some() && errors.for_field("party_name").is_some());
    }

    #[test]
    fn an_attempt_to_call_later_says_when_and_keeps_its_note_short() {
        let mut later = attempt(AttemptResult::CallLater, "");
        assert_eq!(later.validate().unwrap_err().for_field("call_later_at"), Some(&Problem::Required));
        later.call_later_at = Some(at("2026-11-24T10:00:00Z"));
        assert!(later.validate().is_ok());
        assert!(attempt(AttemptResult::NoAnswer, "").validate().is_ok(), "only call-later needs a time");
        assert!(attempt(AttemptResult::Reached, &"字".repeat(SHORT_TEXT * 2)).validate().is_ok());
        let mut long = attempt(AttemptResult::Reached, &"字".repeat(SHORT_TEXT * 2 + 1));
        assert_eq!(
            long.validate().unwrap_err().for_field("note"),
            Some(&Problem::TooLong { max: SHORT_TEXT * 2 })
        );
    }

    #[test]
    fn third_failure_not_second_makes_unreachable() {
        let (status, failed) = status_after_attempt(1, AttemptResult::NoAnswer, 3);
        assert_eq!((status, failed), (CallbackStatus::Open, 2));
        let (status, failed) = status_after_attempt(2, AttemptResult::PoweredOff, 3);
        assert_eq!((status, failed), (CallbackStatus::Unreachable, 3));
    }

    #[test]
    fn call_later_is_not_a_failure() {
        assert_eq!(status_after_attempt(2, AttemptResult::CallLater, 3), (CallbackStatus::Open, 2));
        assert_eq!(status_after_attempt(2, AttemptResult::Reached, 3), (CallbackStatus::Open, 2));
    }

    #[test]
    fn call_later_needs_a_time() {
        let mut attempt = Attempt {
            id: 0,
            callback_id: 1,
            at: "2026-11-22T02:00:00Z".parse().unwrap(),
            mode: ContactMode::Phone,
            result: AttemptResult::CallLater,
            call_later_at: None,
            note: String::new(),
            operator: "王芳".into(),
        };
        assert!(attempt.validate().unwrap_err().for_field("call_later_at").is_some());
    }
}
