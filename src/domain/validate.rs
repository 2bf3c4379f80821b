//! Field validation shared by every record family. Each record's `validate` trims its text,
//! normalises its phone numbers and collects every problem at once, so a form can show all of
//! them beside their fields instead of one at a time. Problems are data (not sentences) so the
//! interface can word them in the clerk's language; `Display` gives the English wording used by
//! the command line and logs.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::phone::{self, PhoneProblem};

/// Short one-line fields: names, brands, codes.
pub const SHORT_TEXT: usize = 100;
/// Long free text: complaint content, notes, minutes.
pub const LONG_TEXT: usize = 5000;

/// What is wrong with one field, and so what the user must fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Phone(PhoneProblem),
    Negative,
    OutOfRange {
        min: i64,
        max: i64,
    },
    EndNotAfterStart,
    BadFormat {
        example: &'static str,
    },
    /// A house rule the value breaks: the key of its wording under `rule.` in the locale
    /// files, and the value its `%{value}` placeholder shows (an amount, a date), if any.
    Rule {
        key: &'static str,
        value: String,
    },
}

impl Problem {
    /// A house rule broken, worded by `rule.<key>`.
    pub fn rule(key: &'static str) -> Problem {
        Problem::Rule { key, value: String::new() }
    }

    /// A house rule broken, with the value its wording shows.
    pub fn rule_with(key: &'static str, value: impl ToString) -> Problem {
        Problem::Rule { key, value: value.to_string() }
    }

    /// The rule's wording in `locale`.
    pub fn rule_text(key: &str, value: &str, locale: &str) -> String {
        rust_i18n::t!(format!("rule.{key}"), locale = locale).replace("%{value}", value)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "is required: enter a value"),
            Problem::TooLong { max } => write!(f, "is too long: shorten it to {max} characters"),
            Problem::ControlCharacters => {
                write!(f, "contains control characters: retype it without them")
            }
            Problem::Phone(p) => write!(f, "{p}"),
            Problem::Negative => write!(f, "must not be negative: enter 0 or more"),
            Problem::OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            Problem::EndNotAfterStart => write!(f, "must be after the start date"),
            Problem::BadFormat { example } => {
                write!(f, "has the wrong format: write it like {example}")
            }
            Problem::Rule { key, value } => write!(f, "{}", Problem::rule_text(key, value, "en")),
        }
    }
}

/// One field and its problem. `field` is the stable field code (`phone`, `end_date`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

/// Every problem found in one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// Adds one field's problem (rules checked outside the record's own `validate`).
    pub fn push(&mut self, field: &'static str, problem: Problem) {
        self.0.push(FieldError { field, problem });
    }

    /// One field's problem (a rule checked outside the record's own `validate`).
    pub fn one(field: &'static str, problem: Problem) -> ValidationErrors {
        ValidationErrors(vec![FieldError { field, problem }])
    }

    /// The problem of one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{} {}", e.field, e.problem)).collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Collects problems while a record checks its fields.
#[derive(Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &'static str, problem: Problem) {
        self.errors.push(FieldError { field, problem });
    }

    /// A one-line text that must be present: trimmed, no control characters, at most `max`.
    pub fn required(&mut self, field: &'static str, value: &mut String, max: usize) {
        self.text(field, value, max, false);
        if value.is_empty() {
            self.fail(field, Problem::Required);
        }
    }

    /// A one-line text that may be empty.
    pub fn optional(&mut self, field: &'static str, value: &mut String, max: usize) {
        self.text(field, value, max, false);
    }

    /// An optional one-line text kept as `Option`; an empty string becomes `None`.
    pub fn optional_opt(&mut self, field: &'static str, value: &mut Option<String>, max: usize) {
        if let Some(text) = value {
            self.text(field, text, max, false);
            if text.is_empty() {
                *value = None;
            }
        }
    }

    /// Multi-line free text: newlines and tabs are allowed, other control characters are not.
    pub fn long_text(&mut self, field: &'static str, value: &mut String, required: bool) {
        self.text(field, value, LONG_TEXT, true);
        if required && value.is_empty() {
            self.fail(field, Problem::Required);
        }
    }

    fn text(&mut self, field: &'static str, value: &mut String, max: usize, multi_line: bool) {
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            *value = trimmed.to_string();
        }
        let bad_control =
            value.chars().any(|c| c.is_control() && !(multi_line && (c == '\n' || c == '\t' || c == '\r')));
        if bad_control {
            self.fail(field, Problem::ControlCharacters);
        }
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
    }

    /// A phone number that must be present; stored in its normalised digits form.
    pub fn phone(&mut self, field: &'static str, value: &mut String) {
        match phone::normalize(value) {
            Ok(digits) => *value = digits,
            Err(PhoneProblem::Empty) => self.fail(field, Problem::Required),
            Err(problem) => self.fail(field, Problem::Phone(problem)),
        }
    }

    /// A phone number that may be missing.
    pub fn optional_phone(&mut self, field: &'static str, value: &mut Option<String>) {
        if let Some(text) = value {
            match phone::normalize(text) {
                Ok(digits) => *text = digits,
                Err(PhoneProblem::Empty) => *value = None,
                Err(problem) => self.fail(field, Problem::Phone(problem)),
            }
        }
    }

    pub fn non_negative(&mut self, field: &'static str, value: i64) {
        if value < 0 {
            self.fail(field, Problem::Negative);
        }
    }

    pub fn range(&mut self, field: &'static str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.fail(field, Problem::OutOfRange { min, max });
        }
    }

    pub fn end_after_start(&mut self, field: &'static str, start: NaiveDate, end: NaiveDate) {
        if end <= start {
            self.fail(field, Problem::EndNotAfterStart);
        }
    }

    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() { Ok(()) } else { Err(ValidationErrors(self.errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("星巴克", None)]
    #[case("  喜茶  ", None)]
    #[case("☕ Coffee 咖啡 🍵", None)]
    #[case("", Some(Problem::Required))]
    #[case("   ", Some(Problem::Required))]
    #[case("bad\u{7}bell", Some(Problem::ControlCharacters))]
    #[case("line\nbreak", Some(Problem::ControlCharacters))]
    fn required_short_text(#[case] input: &str, #[case] problem: Option<Problem>) {
        let mut value = input.to_string();
        let mut checker = Checker::new();
        checker.required("brand", &mut value, SHORT_TEXT);
        let result = checker.finish();
        assert_eq!(result.err().and_then(|e| e.for_field("brand").cloned()), problem);
        assert_eq!(value, input.trim());
    }

    #[test]
    fn ten_thousand_characters_are_too_long_even_for_long_text() {
        let mut value = "投".repeat(10_000);
        let mut checker = Checker::new();
        checker.long_text("content", &mut value, true);
        let errors = checker.finish().unwrap_err();
        assert_eq!(errors.for_field("content"), Some(&Problem::TooLong { max: LONG_TEXT }));
    }

    #[test]
    fn long_text_keeps_newlines() {
        let mut value = "第一行\n第二行\t完".to_string();
        let mut checker = Checker::new();
        checker.long_text("content", &mut value, true);
        assert!(checker.finish().is_ok());
    }

    #[test]
    fn all_problems_are_reported_together() {
        let mut brand = String::new();
        let mut phone = "12345".to_string();
        let mut checker = Checker::new();
        checker.required("brand", &mut brand, SHORT_TEXT);
        checker.phone("phone", &mut phone);
        checker.non_negative("rent", -1);
        let errors = checker.finish().unwrap_err();
        assert_eq!(errors.0.len(), 3);
        assert!(errors.to_string().contains("brand is required"));
    }

    #[test]
    fn exactly_the_limit_is_allowed_and_one_more_is_too_long() {
        let mut checker = Checker::new();
        let mut at_limit = "铺".repeat(10);
        checker.required("brand", &mut at_limit, 10);
        assert_eq!(checker.finish(), Ok(()));
        let mut over = "铺".repeat(11);
        let mut checker = Checker::new();
        checker.required("brand", &mut over, 10);
        assert_eq!(checker.finish().unwrap_err().for_field("brand"), Some(&Problem::TooLong { max: 10 }));
    }

    #[rstest]
    #[case(1, true)]
    #[case(5, true)]
    #[case(0, false)]
    #[case(6, false)]
    fn a_range_includes_both_ends(#[case] value: i64, #[case] ok: bool) {
        let mut checker = Checker::new();
        checker.range("score", value, 1, 5);
        assert_eq!(checker.finish().is_ok(), ok, "{value}");
    }

    #[test]
    fn an_optional_text_left_blank_becomes_none_and_is_still_checked() {
        let mut blank = Some("   ".to_string());
        let mut checker = Checker::new();
        checker.optional_opt("lost_reason", &mut blank, 5);
        assert_eq!(checker.finish(), Ok(()));
        assert_eq!(blank, None);
        let mut long = Some("太长的一段原因".to_string());
        let mut checker = Checker::new();
        checker.optional_opt("lost_reason", &mut long, 5);
        assert_eq!(
            checker.finish().unwrap_err().for_field("lost_reason"),
            Some(&Problem::TooLong { max: 5 })
        );
    }

    #[test]
    fn errors_made_outside_a_record_name_their_field() {
        let one = ValidationErrors::one("unit_id", Problem::rule("not_next_stage"));
        assert_eq!(one.0, vec![FieldError { field: "unit_id", problem: Problem::rule("not_next_stage") }]);
        let mut more = one.clone();
        more.push("start_date", Problem::EndNotAfterStart);
        assert_eq!(more.0.len(), 2);
        assert_eq!(more.for_field("start_date"), Some(&Problem::EndNotAfterStart));
    }

    #[test]
    fn a_rules_wording_carries_its_value_in_each_language() {
        let en = Problem::rule_text("area_max_below_min", "", "en");
        let zh = Problem::rule_text("area_max_below_min", "", "zh-CN");
        assert!(!en.is_empty() && !en.contains("rule."), "{en}");
        assert_ne!(en, zh);
        let problem = Problem::rule_with("overpaid", "¥1,200.00");
        let shown = problem.to_string();
        assert!(shown.contains("¥1,200.00"), "{shown}");
        assert!(!shown.contains("%{value}"), "{shown}");
    }
}
