//! Meetings with their agenda, roster (attendance) and action items. The roster of a tenants'
//! briefing is generated from the leases: one line per merchant with an active lease in the
//! meeting's zone (every zone when the meeting has none). Signing in sets the penalty points
//! from the settings.

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Value;

use super::error::{Refusal, Result};
use super::record::{Conditions, Entity, ListFilter, Order, Repo};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::meeting::{ActionItem, AgendaItem, Attendance, AttendanceStatus, Meeting, MeetingKind};

#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub text: String,
    pub kind: Option<MeetingKind>,
    pub zone: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

const SEARCH: TextSearch = TextSearch { fts: None, chars: None, like: &["host", "zone", "minutes"] };

impl ListFilter for MeetingFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("kind", self.kind.map(sql::code));
        c.eq_opt("zone", self.zone.clone().map(Into::into));
        if let Some(from) = &self.from {
            c.add("starts_at >= ?", [sql::instant(from)]);
        }
        if let Some(until) = &self.until {
            c.add("starts_at < ?", [sql::instant(until)]);
        }
    }
}

impl Entity for Meeting {
    const TABLE: &'static str = "meetings";
    const NAME: &'static str = "meeting";
    const COLUMNS: &'static [&'static str] =
        &["kind", "starts_at", "zone", "host", "duration_min", "minutes", "series_id"];
    const ORDER: Order = Order { columns: &["starts_at", "id"], descending: true };
    type Filter = MeetingFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Meeting {
            id: c.next()?,
            kind: c.code()?,
            starts_at: c.instant()?,
            zone: c.next()?,
            host: c.next()?,
            duration_min: c.next()?,
            minutes: c.next()?,
            series_id: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::code(self.kind),
            sql::instant(&self.starts_at),
            sql::text_opt(&self.zone),
            sql::text(&self.host),
            i64::from(self.duration_min).into(),
            sql::text(&self.minutes),
            self.series_id.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Meeting::validate(self)
    }
}

/// Children of one meeting.
#[derive(Debug, Clone, Default)]
pub struct ByMeeting {
    pub meeting_id: Option<i64>,
}

impl ListFilter for ByMeeting {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("meeting_id", self.meeting_id.map(Into::into));
    }
}

impl Entity for AgendaItem {
    const TABLE: &'static str = "agenda_items";
    const NAME: &'static str = "agenda item";
    const COLUMNS: &'static [&'static str] = &["meeting_id", "position", "topic", "text"];
    const ORDER: Order = Order { columns: &["position", "id"], descending: false };
    type Filter = ByMeeting;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(AgendaItem {
            id: c.next()?,
            meeting_id: c.next()?,
            position: c.next()?,
            topic: c.code()?,
            text: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.meeting_id.into(),
            i64::from(self.position).into(),
            sql::code(self.topic),
            sql::text(&self.text),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        AgendaItem::validate(self)
    }
}

#[derive(Debug, Clone, Default)]
pub struct AttendanceFilter {
    pub meeting_id: Option<i64>,
    pub merchant_id: Option<i64>,
    pub status: Option<AttendanceStatus>,
    /// Part of the expected name (brand and unit) or the attendee's name.
    pub text: String,
}

impl ListFilter for AttendanceFilter {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("meeting_id", self.meeting_id.map(Into::into));
        c.eq_opt("merchant_id", self.merchant_id.map(Into::into));
        c.eq_opt("status", self.status.map(sql::code));
        c.text(&ROSTER_SEARCH, &self.text);
    }
}

const ROSTER_SEARCH: TextSearch =
    TextSearch { fts: None, chars: None, like: &["expected_name", "attendee_name"] };

impl Entity for Attendance {
    const TABLE: &'static str = "attendance";
    const NAME: &'static str = "roster line";
    const COLUMNS: &'static [&'static str] = &[
        "meeting_id",
        "merchant_id",
        "staff_id",
        "expected_name",
        "attendee_name",
        "status",
        "penalty_tenths",
        "note",
    ];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = AttendanceFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Attendance {
            id: c.next()?,
            meeting_id: c.next()?,
            merchant_id: c.next()?,
            staff_id: c.next()?,
            expected_name: c.next()?,
            attendee_name: c.next()?,
            status: c.code()?,
            penalty_tenths: c.next()?,
            note: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.meeting_id.into(),
            self.merchant_id.into(),
            self.staff_id.into(),
            sql::text(&self.expected_name),
            sql::text(&self.attendee_name),
            sql::code(self.status),
            self.penalty_tenths.into(),
            sql::text(&self.note),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Attendance::validate(self)
    }
}

impl Entity for ActionItem {
    const TABLE: &'static str = "action_items";
    const NAME: &'static str = "action item";
    const COLUMNS: &'static [&'static str] = &["meeting_id", "text", "owner", "due_date", "status", "result"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = ByMeeting;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(ActionItem {
            id: c.next()?,
            meeting_id: c.next()?,
            text: c.next()?,
            owner: c.next()?,
            due_date: c.date_opt()?,
            status: c.code()?,
            result: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.meeting_id.into(),
            sql::text(&self.text),
            sql::text(&self.owner),
            sql::date_opt(&self.due_date),
            sql::code(self.status),
            sql::text(&self.result),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        ActionItem::validate(self)
    }
}

impl Repo<'_, Meeting> {
    /// The first meeting starting at or after `at`, with its roster size: the lines of its
    /// roster, or, before the roster is made, how many it would list today.
    pub fn next_after(&self, at: chrono::DateTime<chrono::Utc>) -> Result<Option<(Meeting, u64)>> {
        let sql = format!(
            "SELECT {} FROM meetings WHERE starts_at >= ? ORDER BY starts_at, id LIMIT 1",
            super::record::select_list::<Meeting>()
        );
        let conn = self.store.conn();
        let meeting = rusqlite::OptionalExtension::optional(
            conn.prepare_cached(&sql)?.query_row([super::sql::instant(&at)], Meeting::from_row),
        )?;
        let Some(meeting) = meeting else { return Ok(None) };
        let lines: i64 =
            conn.query_row("SELECT count(*) FROM attendance WHERE meeting_id = ?", [meeting.id], |r| {
                r.get(0)
            })?;
        let size = if lines > 0 {
            lines as u64
        } else {
            expected_attendees(conn, &meeting, self.store.clock().day(meeting.starts_at))?.len() as u64
        };
        Ok(Some((meeting, size)))
    }

    /// Fills an empty roster with one line per merchant holding an active lease in the
    /// meeting's zone (all zones when it has none); returns how many lines were added.
    pub fn generate_roster(&self, meeting_id: i64) -> Result<usize> {
        self.store.write(|w| {
            let meeting: Meeting = w.get(meeting_id)?;
            let existing: i64 = w.conn().query_row(
                "SELECT count(*) FROM attendance WHERE meeting_id = ?",
                [meeting_id],
                |r| r.get(0),
            )?;
            if existing > 0 {
                return Err(Refusal::new("roster_exists").with("n", existing).into());
            }
            let day = w.clock().day(meeting.starts_at);
            let expected = expected_attendees(w.conn(), &meeting, day)?;
            if expected.is_empty() {
                let refusal = if meeting.kind.lists_staff() {
                    Refusal::new("roster_no_staff").with_label("kind", "meeting_kind", meeting.kind.code())
                } else {
                    Refusal::new("roster_no_merchants")
                        .with("day", day.format("%Y-%m-%d").to_string())
                        .with("zone", meeting.zone.clone().unwrap_or_else(|| "*".into()))
                };
                return Err(refusal.into());
            }
            for (merchant_id, staff_id, name) in &expected {
                let mut line = Attendance {
                    id: 0,
                    meeting_id,
                    merchant_id: *merchant_id,
                    staff_id: *staff_id,
                    expected_name: name.clone(),
                    attendee_name: String::new(),
                    status: AttendanceStatus::Expected,
                    penalty_tenths: 0,
                    note: String::new(),
                };
                w.insert(&mut line)?;
            }
            Ok(expected.len())
        })
    }

    /// Signs a roster line in with a status; the penalty follows from the settings. A line
    /// already signed in is replaced only when `replace` says the clerk confirmed it; the earlier
    /// sign-in is kept in the line's history.
    pub fn sign_in(
        &self,
        attendance_id: i64,
        status: AttendanceStatus,
        attendee_name: &str,
        note: &str,
        replace: bool,
    ) -> Result<Attendance> {
        self.store.write(|w| {
            let mut line: Attendance = w.get(attendance_id)?;
            if line.status != AttendanceStatus::Expected {
                if !replace {
                    return Err(Refusal::new("already_signed_in")
                        .with("name", &line.expected_name)
                        .with_label("status", "attendance_status", line.status.code())
                        .with("attendee", &line.attendee_name)
                        .into());
                }
                w.conn().execute(
                    "INSERT INTO attendance_history (attendance_id, attendee_name, status, note, replaced_at, operator)
                     VALUES (?, ?, ?, ?, ?, ?)",
                    rusqlite::params![
                        attendance_id,
                        line.attendee_name,
                        line.status.code(),
                        line.note,
                        sql::instant(&w.now()),
                        w.operator()
                    ],
                )?;
            }
            line.status = status;
            line.attendee_name = attendee_name.to_string();
            line.note = note.to_string();
            line.penalty_tenths = w.settings().penalties().tenths(status);
            w.update(&mut line)?;
            Ok(line)
        })
    }

    /// Earlier sign-ins of a roster line that were replaced, oldest first.
    pub fn sign_in_history(&self, attendance_id: i64) -> Result<Vec<ReplacedSignIn>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT replaced_at, operator, attendee_name, status, note FROM attendance_history
             WHERE attendance_id = ? ORDER BY id",
        )?;
        let rows = statement
            .query_map([attendance_id], |row| {
                let mut c = Cols::new(row);
                Ok(ReplacedSignIn {
                    replaced_at: c.instant()?,
                    operator: c.next()?,
                    attendee_name: c.next()?,
                    status: c.code()?,
                    note: c.next()?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// A sign-in that a later one replaced: when and by whom, and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacedSignIn {
    pub replaced_at: DateTime<Utc>,
    pub operator: String,
    pub attendee_name: String,
    pub status: AttendanceStatus,
    pub note: String,
}

/// One expected attendee: (merchant, staff member, name on the roster).
type Expected = (Option<i64>, Option<i64>, String);

/// Who a meeting expects, as (merchant, staff, name): staff meetings list active staff (the
/// weekly joint meeting those of leasing and operations); merchant meetings one line per merchant
/// whose lease holds a unit in the zone on the meeting's day (not one that starts later).
fn expected_attendees(
    conn: &rusqlite::Connection,
    meeting: &Meeting,
    day: chrono::NaiveDate,
) -> Result<Vec<Expected>> {
    if meeting.kind.lists_staff() {
        let departments: &[&str] = if meeting.kind == MeetingKind::WeeklyJoint {
            &["leasing", "operations"]
        } else {
            &["leasing", "operations", "service", "finance", "management"]
        };
        let placeholders = vec!["?"; departments.len()].join(", ");
        let mut statement = conn.prepare_cached(&format!(
            "SELECT id, name FROM staff WHERE active = 1 AND department IN ({placeholders}) ORDER BY department, name, id"
        ))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(departments.iter()), |row| {
                Ok((None, Some(row.get(0)?), row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(rows);
    }
    let mut statement = conn.prepare_cached(
        "SELECT m.id, m.brand || ' ' || group_concat(u.code, '/') FROM merchants m
         JOIN leases l ON l.merchant_id = m.id AND l.stage IN ('active', 'renewed')
                      AND l.start_date <= ?2 AND ?2 <= l.end_date
         JOIN units u ON u.id = l.unit_id
         WHERE ?1 IS NULL OR u.zone = ?1
         GROUP BY m.id ORDER BY min(u.code)",
    )?;
    let rows = statement
        .query_map(rusqlite::params![meeting.zone, sql::date(&day)], |row| {
            Ok((Some(row.get(0)?), None, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
