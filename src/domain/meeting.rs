//! Meetings and the sign-in roster (晨会 / 例会). A tenants' morning briefing expects one
//! responsible person per merchant with a live lease in its zone (every zone on the first of
//! the month); lateness, leaving early, unexcused absence and disruption cost points that lower
//! the merchant's monthly score.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ValidationErrors;
use super::validate::{Checker, Problem, SHORT_TEXT};
use crate::code_enum;

code_enum! {
    /// Tenants' morning briefing, the staff's own morning meeting, the weekly joint leasing and
    /// operations meeting, the monthly coordination meeting, an investment conference.
    pub enum MeetingKind { MorningBriefing, StaffMorning, WeeklyJoint, MonthlyCoordination, InvestmentConference }
}

impl MeetingKind {
    /// Staff meetings list staff on their roster; the others list merchants.
    pub fn lists_staff(self) -> bool {
        matches!(self, Self::StaffMorning | Self::WeeklyJoint)
    }
}

code_enum! {
    /// The standard briefing items.
    pub enum AgendaTopic { MallEvents, InspectionFindings, RuleCompliance, AdvanceCompensation, UpcomingActivities, Other }
}

code_enum! {
    pub enum AttendanceStatus { Expected, Present, Late, LeftEarly, Excused, Unexcused, Disruptive }
}

code_enum! {
    pub enum ActionStatus { Open, Done, Dropped }
}

/// Penalty points (settings): late or left early −0.5, unexcused absence −1, disruption −2.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Penalties {
    pub late: f64,
    pub left_early: f64,
    pub unexcused: f64,
    pub disruptive: f64,
}

impl Default for Penalties {
    fn default() -> Self {
        Self { late: 0.5, left_early: 0.5, unexcused: 1.0, disruptive: 2.0 }
    }
}

impl Penalties {
    /// Points deducted for a status, in tenths so sums stay exact.
    pub fn tenths(&self, status: AttendanceStatus) -> i64 {
        let points = match status {
            AttendanceStatus::Late => self.late,
            AttendanceStatus::LeftEarly => self.left_early,
            AttendanceStatus::Unexcused => self.unexcused,
            AttendanceStatus::Disruptive => self.disruptive,
            _ => 0.0,
        };
        (points * 10.0).round() as i64
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub kind: MeetingKind,
    pub starts_at: DateTime<Utc>,
    /// `None` means every zone (the monthly all-hands briefing, staff meetings).
    pub zone: Option<String>,
    pub host: String,
    pub duration_min: u32,
    pub minutes: String,
    /// The weekly series it was planned from, if any.
    pub series_id: Option<i64>,
}

impl Meeting {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional_opt("zone", &mut self.zone, 40);
        check.required("host", &mut self.host, 40);
        check.range("duration_min", i64::from(self.duration_min), 1, 600);
        check.long_text("minutes", &mut self.minutes, false);
        check.finish()
    }
}

/// A weekly meeting series: the desk creates its coming meetings ahead. A tenants' briefing
/// series meets for every zone (the all-hands) on the first of each month instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub id: i64,
    pub kind: MeetingKind,
    /// ISO weekday, Monday = 1.
    pub weekday: u32,
    pub local_time: chrono::NaiveTime,
    pub zone: Option<String>,
    pub host: String,
    pub duration_min: u32,
    pub active: bool,
}

impl Series {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.optional_opt("zone", &mut self.zone, 40);
        check.required("host", &mut self.host, 40);
        check.range("weekday", i64::from(self.weekday), 1, 7);
        check.range("duration_min", i64::from(self.duration_min), 1, 600);
        check.finish()
    }

    /// The series' meetings from `from` for `weeks` weeks, as (local day, zone): its weekday
    /// each week; for a briefing series the first of each month is the all-hands (every zone)
    /// and takes the place of that week's zone briefing when both fall on the same day.
    pub fn planned(&self, from: NaiveDate, weeks: u32) -> Vec<(NaiveDate, Option<String>)> {
        use chrono::Datelike;
        let until = from + chrono::Days::new(u64::from(weeks) * 7);
        let briefing = self.kind == MeetingKind::MorningBriefing;
        let mut out = Vec::new();
        let mut day = from;
        while day < until {
            if briefing && day.day() == 1 {
                out.push((day, None));
            } else if day.weekday().number_from_monday() == self.weekday {
                out.push((day, self.zone.clone()));
            }
            day = day.succ_opt().expect("a date within range");
        }
        out
    }
}

/// Whether a briefing on `date` is the monthly one for everyone.
pub fn is_all_hands(kind: MeetingKind, date: NaiveDate) -> bool {
    use chrono::Datelike;
    kind == MeetingKind::MorningBriefing && date.day() == 1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: u32,
    pub topic: AgendaTopic,
    pub text: String,
}

impl AgendaItem {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.long_text("text", &mut self.text, false);
        check.finish()
    }
}

/// One line of the roster: who was expected, who came for the shop, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub id: i64,
    pub meeting_id: i64,
    pub merchant_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub expected_name: String,
    pub attendee_name: String,
    pub status: AttendanceStatus,
    pub penalty_tenths: i64,
    pub note: String,
}

impl Attendance {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("expected_name", &mut self.expected_name, SHORT_TEXT);
        check.optional("attendee_name", &mut self.attendee_name, 40);
        check.optional("note", &mut self.note, 200);
        check.non_negative("penalty_tenths", self.penalty_tenths);
        if self.merchant_id.is_none() && self.staff_id.is_none() {
            check.fail("merchant_id", Problem::Required);
        }
        check.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub owner: String,
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub result: String,
}

impl ActionItem {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("text", &mut self.text, 500);
        check.required("owner", &mut self.owner, 40);
        check.optional("result", &mut self.result, 500);
        check.finish()
    }
}

/// Points the desk takes off a merchant's monthly score for something other than a sign-in
/// (a complaint about its conduct, a rule broken on a floor inspection), with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    pub id: i64,
    pub merchant_id: i64,
    pub on_day: NaiveDate,
    pub points_tenths: i64,
    pub reason: String,
    pub operator: String,
}

impl Deduction {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("reason", &mut self.reason, 200);
        check.range("points_tenths", self.points_tenths, 1, 1000);
        check.finish()
    }
}

/// Competition ranks of scores, highest first: equal scores share a rank and the next rank
/// skips (100, 99, 99, 98 → 1, 2, 2, 4). `scores` may be in any order; ranks follow it.
pub fn ranks(scores: &[i64]) -> Vec<usize> {
    scores.iter().map(|score| 1 + scores.iter().filter(|other| *other > score).count()).collect()
}

/// Which scores are in the bottom `n` (末位): every score at or below the n-th lowest, so a tie
/// on the line marks all who share it. Nothing is marked when `n` is 0.
pub fn bottom(scores: &[i64], n: usize) -> Vec<bool> {
    if n == 0 || scores.is_empty() {
        return vec![false; scores.len()];
    }
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    let line = sorted[n.min(sorted.len()) - 1];
    scores.iter().map(|score| *score <= line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalty_points_in_tenths() {
        let p = Penalties::default();
        assert_eq!(p.tenths(AttendanceStatus::Late), 5);
        assert_eq!(p.tenths(AttendanceStatus::Unexcused), 10);
        assert_eq!(p.tenths(AttendanceStatus::Present), 0);
    }

    #[test]
    fn each_status_costs_its_own_setting() {
        let p = Penalties { late: 0.5, left_early: 0.3, unexcused: 1.0, disruptive: 2.5 };
        let costs: Vec<i64> = AttendanceStatus::all().map(|s| p.tenths(s)).collect();
        // Expected, present, late, left early, excused, unexcused, disruptive.
        assert_eq!(costs, vec![0, 0, 5, 3, 0, 10, 25]);
    }

    #[test]
    fn staff_meetings_list_staff_and_briefings_list_merchants() {
        let staff: Vec<bool> = MeetingKind::all().map(MeetingKind::lists_staff).collect();
        assert_eq!(staff, vec![false, true, true, false, false]);
    }

    #[test]
    fn a_meeting_needs_its_host_and_a_sensible_length() {
        let mut meeting = Meeting {
            id: 0,
            kind: MeetingKind::MorningBriefing,
            starts_at: "2026-11-23T00:45:00Z".parse().unwrap(),
            zone: Some("  ".into()),
            host: "王主管".into(),
            duration_min: 15,
            minutes: String::new(),
            series_id: None,
        };
        assert_eq!(meeting.validate(), Ok(()));
        assert_eq!(meeting.zone, None, "a blank zone means every zone");
        meeting.host = " ".into();
        meeting.duration_min = 0;
        let errors = meeting.validate().unwrap_err();
        assert_eq!(errors.for_field("host"), Some(&Problem::Required));
        assert_eq!(errors.for_field("duration_min"), Some(&Problem::OutOfRange { min: 1, max: 600 }));
    }

    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        assert_eq!(ranks(&[990, 1000, 990, 980]), vec![2, 1, 2, 4]);
        assert_eq!(ranks(&[]), Vec::<usize>::new());
    }

    #[test]
    fn the_bottom_line_marks_everyone_tied_on_it() {
        assert_eq!(bottom(&[1000, 990, 980, 970], 2), vec![false, false, true, true]);
        assert_eq!(bottom(&[1000, 980, 980, 970], 2), vec![false, true, true, true]);
        assert_eq!(bottom(&[1000, 990], 5), vec![true, true]);
        assert_eq!(bottom(&[1000, 990], 0), vec![false, false]);
    }

    #[test]
    fn a_deduction_needs_its_reason_and_some_points() {
        let mut d = Deduction {
            id: 0,
            merchant_id: 1,
            on_day: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            points_tenths: 0,
            reason: " ".into(),
            operator: String::new(),
        };
        let errors = d.validate().unwrap_err();
        assert_eq!(errors.for_field("reason"), Some(&Problem::Required));
        assert_eq!(errors.for_field("points_tenths"), Some(&Problem::OutOfRange { min: 1, max: 1000 }));
        d.reason = "占用公共通道堆放货物".into();
        d.points_tenths = 10;
        assert_eq!(d.validate(), Ok(()));
    }

    #[test]
    fn agenda_text_and_action_items_are_checked() {
        let mut item =
            AgendaItem { id: 0, meeting_id: 1, position: 1, topic: AgendaTopic::Other, text: "\u{7}".into() };
        assert_eq!(item.validate().unwrap_err().for_field("text"), Some(&Problem::ControlCharacters));
        item.text = "消防通道检查结果".into();
        assert_eq!(item.validate(), Ok(()));
        let mut action = ActionItem {
            id: 0,
            meeting_id: 1,
            text: "清理 2F 消防通道".into(),
            owner: " ".into(),
            due_date: None,
            status: ActionStatus::Open,
            result: String::new(),
        };
        assert_eq!(action.validate().unwrap_err().for_field("owner"), Some(&Problem::Required));
        action.owner = "营运部 李强".into();
        assert_eq!(action.validate(), Ok(()));
    }

    #[test]
    fn a_weekly_series_crosses_month_and_year_ends_with_the_all_hands_on_the_first() {
        let series = Series {
            id: 1,
            kind: MeetingKind::MorningBriefing,
            weekday: 2, // Tuesday
            local_time: chrono::NaiveTime::from_hms_opt(8, 45, 0).unwrap(),
            zone: Some("2F A区".into()),
            host: "王主管".into(),
            duration_min: 15,
            active: true,
        };
        let day = |m, d| NaiveDate::from_ymd_opt(if m == 1 { 2027 } else { 2026 }, m, d).unwrap();
        let zone = Some("2F A区".to_string());
        // From Monday 2026-12-21 for three weeks: Tuesdays 22 and 29 December, Friday 1
        // January (all-hands), Tuesday 5 January.
        assert_eq!(
            series.planned(day(12, 21), 3),
            vec![
                (day(12, 22), zone.clone()),
                (day(12, 29), zone.clone()),
                (day(1, 1), None),
                (day(1, 5), zone.clone())
            ]
        );
        // A week from a Tuesday ends before the next Tuesday.
        assert_eq!(series.planned(day(12, 22), 1), vec![(day(12, 22), zone.clone())]);
        // A Tuesday that is the first of the month is the all-hands only.
        assert_eq!(
            series.planned(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(), 1)[0],
            (NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(), None)
        );
        // Other kinds have no all-hands.
        let joint = Series { kind: MeetingKind::WeeklyJoint, zone: None, ..series.clone() };
        assert_eq!(joint.planned(day(12, 28), 1), vec![(day(12, 29), None)]);
        let mut bad = Series { weekday: 8, host: " ".into(), ..series };
        let errors = bad.validate().unwrap_err();
        assert!(errors.for_field("weekday").is_some() && errors.for_field("host").is_some());
    }

    #[test]
    fn first_of_month_is_all_hands() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(is_all_hands(MeetingKind::MorningBriefing, first));
        assert!(!is_all_hands(MeetingKind::MorningBriefing, first.succ_opt().unwrap()));
    }

    #[test]
    fn roster_line_needs_someone() {
        let mut line = Attendance {
            id: 0,
            meeting_id: 1,
            merchant_id: None,
            staff_id: None,
            expected_name: "星巴克 2F-A12".into(),
            attendee_name: String::new(),
            status: AttendanceStatus::Expected,
            penalty_tenths: 0,
            note: String::new(),
        };
        assert!(line.validate().is_err());
        line.merchant_id = Some(3);
        assert!(line.validate().is_ok());
    }
}
