//! One meeting on paper: the sign-in sheet (merchant or person, unit, who came, status and a
//! column to sign) and the minutes (agenda, what was decided, action items with owner, due date
//! and result). Printed by `malldesk report meeting ID` and by F12 on the Meetings tab.

use super::table::Table;
use crate::domain::meeting::{ActionItem, AgendaItem, Attendance, AttendanceStatus, Meeting};
use crate::store::meetings::{AttendanceFilter, ByMeeting};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// The blank a person signs on.
const SIGNATURE: &str = "______________";

/// The sign-in sheet and minutes of meeting `id` as printable text.
pub fn sheet(store: &Store, id: i64, lang: Lang) -> Result<String> {
    let meeting = store.repo::<Meeting>().get(id)?;
    let clock = store.clock();
    let zone = meeting.zone.clone().unwrap_or_else(|| lang.t("rpt.all_zones").into_owned());
    let mut text = lang.t_with(
        "rpt.meeting",
        &[
            ("kind", &lang.label("meeting_kind", meeting.kind.code())),
            ("at", &clock.format(meeting.starts_at, "%Y-%m-%d %H:%M")),
            ("minutes", &meeting.duration_min.to_string()),
            ("zone", &zone),
            ("host", &meeting.host),
        ],
    );
    text.push('\n');

    let lines: Vec<Attendance> =
        super::all_rows(store, &AttendanceFilter { meeting_id: Some(id), ..Default::default() })?;
    text.push_str(&format!("\n{}\n", lang.t_with("rpt.meeting_sheet", &[("n", &lines.len().to_string())])));
    let mut sheet = Table::new(lang, &["attendee_expected", "unit", "attendee", "status", "signature"]);
    for line in &lines {
        let (name, units) = match line.merchant_id {
            Some(_) => line.expected_name.rsplit_once(' ').unwrap_or((line.expected_name.as_str(), "")),
            None => (line.expected_name.as_str(), ""),
        };
        let status = if line.status == AttendanceStatus::Expected {
            String::new()
        } else {
            lang.label("attendance_status", line.status.code()).into_owned()
        };
        sheet.push(vec![name.into(), units.into(), line.attendee_name.clone(), status, SIGNATURE.into()]);
    }
    if lines.is_empty() {
        text.push_str(&format!("  {}\n", lang.t("rpt.meeting_no_roster")));
    } else {
        text.push_str(&sheet.render());
    }

    let agenda: Vec<AgendaItem> = super::all_rows(store, &ByMeeting { meeting_id: Some(id) })?;
    text.push_str(&format!("\n{}\n", lang.t("rpt.meeting_agenda")));
    for item in &agenda {
        let topic = lang.label("agenda_topic", item.topic.code());
        let line = format!("  {}. {topic}  {}", item.position, item.text.replace(['\r', '\n'], " "));
        text.push_str(line.trim_end());
        text.push('\n');
    }
    if agenda.is_empty() {
        text.push_str("  —\n");
    }
    text.push_str(&format!("\n{}\n", lang.t("rpt.meeting_minutes")));
    if meeting.minutes.trim().is_empty() {
        text.push_str("  —\n");
    }
    for line in meeting.minutes.lines() {
        text.push_str(&format!("  {line}\n"));
    }

    let actions: Vec<ActionItem> = super::all_rows(store, &ByMeeting { meeting_id: Some(id) })?;
    text.push_str(&format!("\n{}\n", lang.t("rpt.meeting_actions")));
    let mut table = Table::new(lang, &["action", "owner", "action_due", "status", "result"]);
    for a in &actions {
        table.push(vec![
            a.text.clone(),
            a.owner.clone(),
            a.due_date.map(|d| d.to_string()).unwrap_or_default(),
            lang.label("action_status", a.status.code()).into_owned(),
            a.result.clone(),
        ]);
    }
    text.push_str(&table.render());
    Ok(text)
}
