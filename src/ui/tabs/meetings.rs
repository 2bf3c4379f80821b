//! Meetings and their sign-in roster, newest first (upcoming briefings at the top).

use chrono::Duration;
use ratatui::layout::Constraint;

use super::{Column, Detail, FetchContext, RowView, TabFilter, TabSource, counted, history, records};
use crate::domain::meeting::{AgendaItem, Attendance, AttendanceStatus, Meeting, MeetingKind};
use crate::store::meetings::{AttendanceFilter, ByMeeting, MeetingFilter};
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Meetings;

const COLUMNS: &[Column] = &[
    Column { key: "col.starts", width: Constraint::Length(11), optional: false },
    Column { key: "col.meeting", width: Constraint::Length(16), optional: false },
    Column { key: "col.zone", width: Constraint::Fill(1), optional: false },
    Column { key: "col.host", width: Constraint::Length(8), optional: false },
    Column { key: "col.roster", width: Constraint::Length(9), optional: false },
];

/// Quick filter 0: all; 1: upcoming; 2…: one kind each. The overdue switch shows today.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> MeetingFilter {
    let kinds: Vec<MeetingKind> = MeetingKind::all().collect();
    let midnight = ctx.clock.midnight(ctx.today);
    MeetingFilter {
        text: filter.text.clone(),
        kind: filter.quick.checked_sub(2).and_then(|i| kinds.get(i).copied()),
        from: if filter.overdue { Some(midnight) } else { (filter.quick == 1).then_some(ctx.now) },
        until: filter.overdue.then(|| midnight + Duration::days(1)),
        ..Default::default()
    }
}

fn row(store: &Store, ctx: &FetchContext, meeting: Meeting) -> Result<RowView> {
    let lang = ctx.lang;
    let repo = store.repo::<Attendance>();
    let expected = repo.count(&AttendanceFilter { meeting_id: Some(meeting.id), ..Default::default() })?;
    let present = [AttendanceStatus::Present, AttendanceStatus::Late, AttendanceStatus::LeftEarly]
        .into_iter()
        .map(|status| {
            repo.count(&AttendanceFilter {
                meeting_id: Some(meeting.id),
                status: Some(status),
                ..Default::default()
            })
        })
        .sum::<Result<u64>>()?;
    Ok(RowView {
        id: meeting.id,
        alert: false,
        cells: vec![
            ctx.short_time(&meeting.starts_at),
            lang.label("meeting_kind", meeting.kind.code()).into_owned(),
            meeting.zone.clone().unwrap_or_else(|| lang.t("filter.all").into_owned()),
            meeting.host.clone(),
            if expected > 0 { format!("{present}/{expected}") } else { String::new() },
        ],
    })
}

impl TabSource for Meetings {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn all_filter(&self) -> usize {
        0
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![lang.t("filter.all").into_owned(), lang.t("filter.upcoming").into_owned()];
        filters.extend(MeetingKind::all().map(|k| lang.label("meeting_kind", k.code()).into_owned()));
        filters
    }

    fn has_staff(&self) -> bool {
        false
    }

    fn overdue_label(&self, lang: Lang) -> String {
        lang.t("filter.today").into_owned()
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        records::<Meeting>(store, filter, &store_filter(ctx, filter), request)?
            .try_map(|c| row(store, ctx, c))
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        counted::<Meeting>(store, filter, &store_filter(ctx, filter), exact)
    }

    fn form(&self, store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<crate::ui::form::Form> {
        form::build(store, ctx, id)
    }

    fn save(
        &self,
        store: &Store,
        ctx: &FetchContext,
        form: &mut crate::ui::form::Form,
    ) -> std::result::Result<crate::ui::form::Saved, crate::ui::form::SaveError> {
        match form.purpose {
            crate::ui::form::Purpose::Record => form::save(store, ctx, form),
            _ => super::meeting_work::save(store, ctx, form),
        }
    }

    fn act(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Option<crate::ui::form::Form>> {
        super::meeting_work::meeting_work(store, ctx, id).map(Some)
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        let lang = ctx.lang;
        let meeting = store.repo::<Meeting>().get(id)?;
        let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
        let mut fields = vec![
            f("field.meeting_kind", lang.label("meeting_kind", meeting.kind.code()).into_owned()),
            f("field.starts_at", ctx.local_time(&meeting.starts_at)),
            f("field.zone", meeting.zone.clone().unwrap_or_else(|| lang.t("filter.all").into_owned())),
            f("field.host", meeting.host.clone()),
            f("field.duration", meeting.duration_min.to_string()),
        ];
        if !meeting.minutes.is_empty() {
            fields.push(f("field.minutes", meeting.minutes.clone()));
        }
        let agenda: Vec<String> = store
            .repo::<AgendaItem>()
            .page(&ByMeeting { meeting_id: Some(id) }, &PageRequest::first(20))?
            .rows
            .into_iter()
            .map(|a| format!("{}. {} {}", a.position, lang.label("agenda_topic", a.topic.code()), a.text))
            .collect();
        let actions: Vec<String> = store
            .repo::<crate::domain::meeting::ActionItem>()
            .page(&ByMeeting { meeting_id: Some(id) }, &PageRequest::first(20))?
            .rows
            .into_iter()
            .map(|a| {
                format!(
                    "{} — {} {} {}",
                    a.text,
                    a.owner,
                    super::opt_date(&a.due_date),
                    lang.label("action_status", a.status.code())
                )
            })
            .collect();
        let lines = store
            .repo::<Attendance>()
            .page(&AttendanceFilter { meeting_id: Some(id), ..Default::default() }, &PageRequest::first(30))?
            .rows;
        let mut replaced = Vec::new();
        let mut roster = Vec::new();
        for a in lines {
            roster.push(format!(
                "{} — {} {}",
                a.expected_name,
                lang.label("attendance_status", a.status.code()),
                a.attendee_name
            ));
            for old in store.repo::<Meeting>().sign_in_history(a.id)? {
                replaced.push(format!(
                    "{} {} — {} {} {} ({})",
                    ctx.local_time(&old.replaced_at),
                    a.expected_name,
                    lang.label("attendance_status", old.status.code()),
                    old.attendee_name,
                    old.note,
                    old.operator
                ));
            }
        }
        Ok(Detail {
            title: format!(
                "{} {}",
                lang.label("meeting_kind", meeting.kind.code()),
                ctx.local_time(&meeting.starts_at)
            ),
            fields,
            sections: vec![
                (lang.t("detail.agenda").into_owned(), agenda),
                (lang.t("detail.actions").into_owned(), actions),
                (lang.t("detail.roster").into_owned(), roster),
                (lang.t("detail.sign_in_history").into_owned(), replaced),
            ],
            links: Vec::new(),
            link_groups: Vec::new(),
            history: history::<Meeting>(store, ctx.lang, id)?,
        })
    }
}

mod form {
    use chrono::NaiveTime;

    use super::*;
    use crate::ui::form::{Field, FieldKind, Form, SaveError, Saved, options, settle};
    use crate::ui::tabs::{Tab, date, form_title};

    pub fn build(store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let lang = ctx.lang;
        let l = |key: &str| lang.t(key).into_owned();
        // Zones come from the units (a typed zone that matches no unit gives an empty roster).
        let mut zones = vec![(String::new(), l("field.all_zones"))];
        zones.extend(store.repo::<crate::domain::unit::Unit>().zones()?.into_iter().map(|z| (z.clone(), z)));
        let fields = vec![
            Field::new(
                "kind",
                l("field.meeting_kind"),
                options(lang, "meeting_kind", MeetingKind::all(), MeetingKind::code),
                true,
            ),
            Field::new("date", l("field.starts_at"), FieldKind::Date, true),
            Field::new("time", l("field.start_time"), FieldKind::Text, true),
            Field::new("zone", l("field.zone"), FieldKind::Choice(zones), false),
            Field::new("host", l("field.host"), FieldKind::Text, true),
            Field::new("duration_min", l("field.duration"), FieldKind::Number, true),
            Field::new("minutes", l("field.minutes"), FieldKind::Multiline, false),
        ];
        let mut fields = fields;
        if id.is_none() {
            // A new meeting can start a weekly series: its coming weeks are planned at once.
            let repeat = vec![
                ("once".to_string(), l("field.repeat_once")),
                (
                    "weekly".to_string(),
                    lang.t_with(
                        "field.repeat_weekly",
                        &[("weeks", &ctx.settings.meetings.plan_weeks_ahead.to_string())],
                    ),
                ),
            ];
            fields.insert(5, Field::new("repeat", l("field.repeat"), FieldKind::Choice(repeat), true));
        }
        let mut form = Form::new(Tab::Meetings, id, form_title(lang, "meeting", id.is_some()), fields);
        match id.map(|id| store.repo::<Meeting>().get(id)).transpose()? {
            Some(m) => {
                let local = ctx.clock.local(m.starts_at);
                form.field_mut("kind").set_choice(m.kind.code());
                form.field_mut("date").set_text(&date(&local.date()));
                form.field_mut("time").set_text(&local.format("%H:%M").to_string());
                form.field_mut("zone").set_choice(m.zone.as_deref().unwrap_or_default());
                form.field_mut("host").set_text(&m.host);
                form.field_mut("duration_min").set_text(&m.duration_min.to_string());
                form.field_mut("minutes").set_text(&m.minutes);
            }
            None => {
                form.field_mut("date").set_text("+1d");
                form.field_mut("time")
                    .set_text(&ctx.settings.meetings.briefing_time.format("%H:%M").to_string());
                form.field_mut("duration_min").set_text(&ctx.settings.meetings.briefing_minutes.to_string());
            }
        }
        Ok(form)
    }

    pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
        let lang = ctx.lang;
        form.clear_errors();
        let day = form.date("date", ctx.today, lang);
        let duration = form.number("duration_min", lang);
        let time = NaiveTime::parse_from_str(&form.text("time"), "%H:%M").ok();
        if time.is_none() {
            form.field_mut("time").error = Some(lang.t_with("problem.format", &[("example", "08:45")]));
        }
        let (Some(day), Some(time), Some(duration)) = (day, time, duration) else {
            return Err(SaveError::Fields);
        };
        if form.has_errors() {
            return Err(SaveError::Fields);
        }
        let starts_at = ctx.clock.instant(day.and_time(time));
        if form.editing.is_none() && form.field("repeat").code() == Some("weekly") {
            use chrono::Datelike;
            let mut series = crate::domain::meeting::Series {
                id: 0,
                kind: form.choice("kind").unwrap_or(MeetingKind::MorningBriefing),
                weekday: day.weekday().number_from_monday(),
                local_time: time,
                zone: form.field("zone").code().filter(|z| !z.is_empty()).map(str::to_string),
                host: form.text("host"),
                duration_min: u32::try_from(duration).unwrap_or(0),
                active: true,
            };
            let weeks = ctx.settings.meetings.plan_weeks_ahead;
            let result = store.repo::<crate::domain::meeting::Series>().start(&mut series, day, weeks);
            return match result {
                Ok((_, created)) => {
                    Ok(Saved::Done(lang.t_with("msg.series_planned", &[("n", &created.to_string())])))
                }
                Err(error) => settle(form, lang, Err(error)),
            };
        }
        let mut m = match form.editing {
            Some(id) => store.repo::<Meeting>().get(id)?,
            None => Meeting {
                id: 0,
                kind: MeetingKind::MorningBriefing,
                starts_at,
                zone: None,
                host: String::new(),
                duration_min: 15,
                minutes: String::new(),
                series_id: None,
            },
        };
        m.kind = form.choice("kind").unwrap_or(m.kind);
        m.starts_at = starts_at;
        m.zone = form.field("zone").code().filter(|z| !z.is_empty()).map(str::to_string);
        m.host = form.text("host");
        m.duration_min = u32::try_from(duration).unwrap_or(0);
        m.minutes = form.text("minutes");
        let result = match form.editing {
            Some(_) => store.repo::<Meeting>().update(&mut m).map(|()| m.id),
            None => store.repo::<Meeting>().create(&mut m),
        };
        settle(form, lang, result)
    }
}
