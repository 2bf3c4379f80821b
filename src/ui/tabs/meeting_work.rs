//! The work on a meeting (F11): generate the roster from the leases (a tenants' briefing: one
//! line per merchant with an active lease in the zone, every zone on the first of the month),
//! sign people in with their status (penalty points follow the settings), and add action items.

use super::{FetchContext, Tab};
use crate::domain::meeting::{ActionItem, ActionStatus, AgendaItem, AgendaTopic, AttendanceStatus, Meeting};
use crate::store::meetings::{AttendanceFilter, ByMeeting};
use crate::store::{Result, Store};
use crate::ui::form::{Field, FieldKind, Form, Purpose, RefKind, SaveError, Saved, options, settle};

const ROSTER: &str = "roster";
const SIGN_IN: &str = "sign_in";
const ACTION: &str = "action";
const ACTION_UPDATE: &str = "action_update";
const AGENDA: &str = "agenda";
const DEDUCT: &str = "deduct";

pub fn meeting_work(store: &Store, ctx: &FetchContext, id: i64) -> Result<Form> {
    let lang = ctx.lang;
    let meeting = store.repo::<Meeting>().get(id)?;
    let lines = store
        .repo::<crate::domain::meeting::Attendance>()
        .count(&AttendanceFilter { meeting_id: Some(id), ..Default::default() })?;
    let mut choices = Vec::new();
    if lines == 0 {
        choices.push((ROSTER.to_string(), lang.t("work.roster").into_owned()));
    } else {
        choices.push((SIGN_IN.to_string(), lang.t("work.sign_in").into_owned()));
    }
    choices.push((AGENDA.to_string(), lang.t("work.agenda").into_owned()));
    choices.push((ACTION.to_string(), lang.t("work.action").into_owned()));
    choices.push((DEDUCT.to_string(), lang.t("work.deduct").into_owned()));
    choices.push((ACTION_UPDATE.to_string(), lang.t("work.action_update").into_owned()));
    let title = lang.t_with("work.title", &[("what", &lang.label("meeting_kind", meeting.kind.code()))]);
    let fields =
        vec![Field::new("work", lang.t("field.next_step").into_owned(), FieldKind::Choice(choices), true)];
    Ok(Form::new(Tab::Meetings, Some(id), title, fields).with_purpose(Purpose::ChooseWork))
}

/// The sign-in form of meeting `id`: a roster line, its status (present first), who came.
fn sign_in_form(lang: crate::ui::i18n::Lang, id: i64) -> Form {
    let l = |key: &str| lang.t(key).into_owned();
    let statuses = options(lang, "attendance_status", AttendanceStatus::all(), AttendanceStatus::code);
    let fields = vec![
        Field::new("line", l("field.roster_line"), FieldKind::Reference(RefKind::Roster(id)), true),
        Field::new("status", l("field.status"), statuses, true),
        Field::new("attendee", l("field.attendee"), FieldKind::Text, false),
        Field::new("note", l("field.note"), FieldKind::Text, false),
    ];
    let mut next =
        Form::new(Tab::Meetings, Some(id), l("work.sign_in"), fields).with_purpose(Purpose::SignIn);
    next.field_mut("status").set_choice(AttendanceStatus::Present.code());
    next
}

pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
    let lang = ctx.lang;
    let id = form.editing.expect("work belongs to a meeting");
    form.clear_errors();
    let l = |key: &str| lang.t(key).into_owned();
    match form.purpose {
        Purpose::ChooseWork => match form.field("work").code().unwrap_or(ACTION) {
            // Opening an empty roster for sign-in makes it from the live leases of the day.
            ROSTER => {
                let lines = store.repo::<Meeting>().generate_roster(id)?;
                let mut next = sign_in_form(lang, id);
                next.error = Some(lang.t_with("work.roster_done", &[("n", &lines.to_string())]));
                Ok(Saved::Next(next))
            }
            SIGN_IN => Ok(Saved::Next(sign_in_form(lang, id))),
            AGENDA => {
                let topics = options(lang, "agenda_topic", AgendaTopic::all(), AgendaTopic::code);
                let fields = vec![
                    Field::new("topic", l("field.topic"), topics, true),
                    Field::new("text", l("field.agenda_text"), FieldKind::Multiline, false),
                ];
                Ok(Saved::Next(
                    Form::new(Tab::Meetings, Some(id), l("work.agenda"), fields)
                        .with_purpose(Purpose::Agenda),
                ))
            }
            DEDUCT => {
                let meeting = store.repo::<Meeting>().get(id)?;
                let fields = vec![
                    Field::new(
                        "merchant_id",
                        l("field.merchant"),
                        FieldKind::Reference(RefKind::Merchant),
                        true,
                    ),
                    Field::new("on_day", l("field.deduction_day"), FieldKind::Date, true),
                    Field::new("points_tenths", l("field.deduction_points"), FieldKind::Text, true),
                    Field::new("reason", l("field.reason"), FieldKind::Text, true),
                ];
                let mut next = Form::new(Tab::Meetings, Some(id), l("work.deduct"), fields)
                    .with_purpose(Purpose::ScoreDeduction);
                next.field_mut("on_day").set_text(&super::date(&ctx.clock.day(meeting.starts_at)));
                Ok(Saved::Next(next))
            }
            ACTION_UPDATE => {
                let statuses = options(lang, "action_status", ActionStatus::all(), ActionStatus::code);
                let fields = vec![
                    Field::new(
                        "item",
                        l("field.action_text"),
                        FieldKind::Reference(RefKind::Action(id)),
                        true,
                    ),
                    Field::new("status", l("field.status"), statuses, true),
                    Field::new("result", l("field.action_result"), FieldKind::Text, false),
                ];
                let mut next = Form::new(Tab::Meetings, Some(id), l("work.action_update"), fields)
                    .with_purpose(Purpose::ActionUpdate);
                if let Ok(matches) = crate::ui::form::lookup(store, RefKind::Action(id), "", lang) {
                    next.field_mut("item").offer(matches);
                }
                next.field_mut("status").set_choice(ActionStatus::Done.code());
                Ok(Saved::Next(next))
            }
            _ => {
                let fields = vec![
                    Field::new("text", l("field.action_text"), FieldKind::Multiline, true),
                    Field::new("owner", l("field.owner"), FieldKind::Text, true),
                    Field::new("due_date", l("field.due_at"), FieldKind::Date, false),
                ];
                Ok(Saved::Next(
                    Form::new(Tab::Meetings, Some(id), l("work.action"), fields)
                        .with_purpose(Purpose::ActionItem),
                ))
            }
        },
        Purpose::SignIn => {
            let line = form.reference("line", lang);
            let Some(line) = line else { return Err(SaveError::Fields) };
            let status = form.choice("status").unwrap_or(AttendanceStatus::Present);
            let (attendee, note) = (form.text("attendee"), form.text("note"));
            // A line already signed in is replaced only on a second F2 for the same line.
            let replace = form.armed == Some(line);
            match store.repo::<Meeting>().sign_in(line, status, &attendee, &note, replace) {
                Err(crate::store::StoreError::Refused(refusal)) if refusal.key == "already_signed_in" => {
                    form.armed = Some(line);
                    form.error = Some(refusal.message(lang.code()));
                    Err(SaveError::Fields)
                }
                Err(error) => settle(form, lang, Err(error)),
                // Several people sign in one after another: the form stays for the next one,
                // starting again at "present".
                Ok(_) => {
                    form.field_mut("line").set_text("");
                    form.field_mut("line").matches.clear();
                    form.field_mut("attendee").set_text("");
                    form.field_mut("note").set_text("");
                    form.field_mut("status").set_choice(AttendanceStatus::Present.code());
                    form.focus = 0;
                    form.dirty = false;
                    form.armed = None;
                    form.error = Some(lang.t("work.signed_in").into_owned());
                    Ok(Saved::Again)
                }
            }
        }
        Purpose::ScoreDeduction => {
            let merchant = form.reference("merchant_id", lang);
            let day = form.date("on_day", ctx.today, lang);
            form.require_texts(lang);
            let tenths = points_tenths(&form.text("points_tenths"));
            if tenths.is_none() && !form.text("points_tenths").is_empty() {
                form.fail("points_tenths", lang.t("problem.points").into_owned());
            }
            let (Some(merchant_id), Some(on_day), Some(points_tenths)) = (merchant, day, tenths) else {
                return Err(SaveError::Fields);
            };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut deduction = crate::domain::meeting::Deduction {
                id: 0,
                merchant_id,
                on_day,
                points_tenths,
                reason: form.text("reason"),
                operator: String::new(),
            };
            settle(
                form,
                lang,
                store.repo::<crate::domain::meeting::Deduction>().create(&mut deduction).map(|_| id),
            )
        }
        Purpose::ActionItem => {
            form.require_texts(lang);
            let due = form.date("due_date", ctx.today, lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut item = ActionItem {
                id: 0,
                meeting_id: id,
                text: form.text("text"),
                owner: form.text("owner"),
                due_date: due,
                status: ActionStatus::Open,
                result: String::new(),
            };
            settle(form, lang, store.repo::<ActionItem>().create(&mut item).map(|_| id))
        }
        Purpose::Agenda => {
            let items = store.repo::<AgendaItem>().count(&ByMeeting { meeting_id: Some(id) })?;
            let mut item = AgendaItem {
                id: 0,
                meeting_id: id,
                position: items as u32 + 1,
                topic: form.choice("topic").unwrap_or(AgendaTopic::Other),
                text: form.text("text"),
            };
            settle(form, lang, store.repo::<AgendaItem>().create(&mut item).map(|_| id))
        }
        Purpose::ActionUpdate => {
            let item = form.reference("item", lang);
            let Some(item) = item else { return Err(SaveError::Fields) };
            let mut action: ActionItem = store.repo::<ActionItem>().get(item)?;
            action.status = form.choice("status").unwrap_or(action.status);
            let result = form.text("result");
            if !result.is_empty() {
                action.result = result;
            }
            settle(form, lang, store.repo::<ActionItem>().update(&mut action).map(|()| id))
        }
        _ => Err(SaveError::Fields),
    }
}

/// Points as a clerk types them (`1`, `0.5`, `2`) in tenths; `None` when not a number with at
/// most one decimal.
pub fn points_tenths(text: &str) -> Option<i64> {
    let fen = crate::domain::parse_yuan(text)?;
    (fen % 10 == 0).then_some(fen / 10)
}

#[cfg(test)]
mod tests {
    use super::points_tenths;

    #[test]
    fn points_take_one_decimal() {
        assert_eq!(points_tenths("1.5"), Some(15));
        assert_eq!(points_tenths("2"), Some(20));
        assert_eq!(points_tenths("0.25"), None);
        assert_eq!(points_tenths("两分"), None);
    }
}
