//! The call screen (F11 on a callback): the call script for the callback's reason with the
//! customer's name, the service and its date filled in, the linked case, a warning inside rest
//! hours with the next allowed time, then the attempt and — when the customer was reached —
//! the verdict and their words, all saved as one call.

use chrono::{Duration, NaiveDateTime, NaiveTime, Utc};

use super::{FetchContext, Tab, first_line};
use crate::domain::callback::{Attempt, AttemptResult, Callback, CallbackStatus, ContactMode};
use crate::domain::clock::next_allowed;
use crate::domain::complaint::{Complaint, Satisfaction};
use crate::domain::script::ScriptValues;
use crate::store::Refusal;
use crate::store::callbacks::{Call, IfUnsatisfied};
use crate::store::{Result, Store};
use crate::ui::form::{Field, FieldKind, Form, Purpose, SaveError, Saved, options, settle, yes_no};

/// When the next call may be made: now, or the end of the rest span we are in.
pub fn may_call_from(ctx: &FetchContext, after: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    let local = ctx.clock.local(after.max(ctx.now));
    next_allowed(local, &ctx.settings.callbacks.rest_hours).map(|t| ctx.clock.instant(t)).unwrap_or(after)
}

fn day_text(ctx: &FetchContext, at: &chrono::DateTime<Utc>) -> String {
    let local = ctx.clock.local(*at);
    match ctx.lang {
        crate::ui::i18n::Lang::ZhCn => local.format("%-m月%-d日").to_string(),
        crate::ui::i18n::Lang::En => local.format("%-d %b").to_string(),
    }
}

pub fn form(store: &Store, ctx: &FetchContext, id: i64) -> Result<Form> {
    let lang = ctx.lang;
    let callback = store.repo::<Callback>().get(id)?;
    if callback.status != CallbackStatus::Open {
        return Err(Refusal::new("call_not_open")
            .with_label("status", "callback_status", callback.status.code())
            .into());
    }
    let case = callback.complaint_id.map(|c| store.repo::<Complaint>().find(c)).transpose()?.flatten();
    let (service, date) = match &case {
        Some(case) => {
            (first_line(&case.content).chars().take(24).collect(), day_text(ctx, &case.received_at))
        }
        None => (
            lang.label("callback_reason", callback.reason.code()).into_owned(),
            day_text(ctx, &callback.created_at),
        ),
    };
    let mut preamble = Vec::new();
    let may_call = may_call_from(ctx, ctx.now);
    if may_call > ctx.now + Duration::minutes(1) {
        let spans: Vec<String> = ctx.settings.callbacks.rest_hours.iter().map(ToString::to_string).collect();
        preamble.push(lang.t_with(
            "call.rest_hours",
            &[("spans", &spans.join(", ")), ("time", &ctx.short_time(&may_call))],
        ));
    }
    if let Some(case) = &case {
        preamble.push(format!(
            "{} {} — {} ({})",
            lang.t("tab.complaints"),
            case.number,
            first_line(&case.content),
            lang.label("complaint_step", case.step.code())
        ));
    }
    if let Some(script) = ctx.scripts.for_reason(callback.reason.code()) {
        let name = callback.party_name.as_str();
        let script =
            script.fill(&ScriptValues { name, service: &service, date: &date, operator: &ctx.operator });
        for (key, text) in [
            ("call.opening", script.opening),
            ("call.question", script.question),
            ("call.closing_satisfied", script.closing_satisfied),
            ("call.closing_unsatisfied", script.closing_unsatisfied),
        ] {
            preamble.push(format!("{}: {text}", lang.t(key)));
        }
    }
    let l = |key: &str| lang.t(key).into_owned();
    let mut outcomes = vec![("none".to_string(), "—".to_string())];
    if let FieldKind::Choice(values) = options(lang, "satisfaction", Satisfaction::all(), Satisfaction::code)
    {
        outcomes.extend(values);
    }
    let mut fields = vec![
        Field::new(
            "mode",
            l("call.mode"),
            options(lang, "contact_mode", ContactMode::all(), ContactMode::code),
            true,
        ),
        Field::new(
            "result",
            l("call.result"),
            options(lang, "attempt_result", AttemptResult::all(), AttemptResult::code),
            true,
        ),
        Field::new("call_later_at", l("call.later"), FieldKind::Text, false),
        Field::new("outcome", l("field.outcome"), FieldKind::Choice(outcomes), false),
        Field::new("words", l("field.customer_words"), FieldKind::Multiline, false),
    ];
    if callback.complaint_id.is_some() {
        let choices =
            vec![("reopen".to_string(), l("step.reopen")), ("escalate".to_string(), l("step.escalate"))];
        fields.push(Field::new("if_unsatisfied", l("call.if_unsatisfied"), FieldKind::Choice(choices), true));
    } else {
        fields.push(Field::new("open_complaint", l("call.open_complaint"), yes_no(lang), true));
    }
    fields.push(Field::new("note", l("field.note"), FieldKind::Text, false));
    let title = lang.t_with(
        "call.title",
        &[("name", &callback.party_name), ("phone", &crate::domain::phone::display(&callback.phone))],
    );
    let mut form = Form::new(Tab::Callbacks, Some(id), title, fields).with_purpose(Purpose::Call);
    form.preamble = preamble;
    if callback.complaint_id.is_none() {
        form.field_mut("open_complaint").set_choice("yes");
    }
    // Most calls reach the customer by phone (the defaults): the verdict is the first thing
    // to record. The mode and result are one Shift-Tab away.
    form.focus = form.fields.iter().position(|f| f.key == "outcome").unwrap_or(0);
    Ok(form)
}

/// `2026-11-23 10:00`, `10:00` (today, or tomorrow once passed) or `+2h`, mall time.
fn parse_later(text: &str, ctx: &FetchContext) -> Option<chrono::DateTime<Utc>> {
    let text = text.trim();
    if let Some(hours) = text.strip_prefix('+').and_then(|h| h.strip_suffix(['h', 'H'])) {
        return hours.parse::<i64>().ok().map(|h| ctx.now + Duration::hours(h));
    }
    let local = if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        at
    } else {
        let time = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
        let today = ctx.today.and_time(time);
        if ctx.clock.instant(today) > ctx.now { today } else { today + Duration::days(1) }
    };
    Some(ctx.clock.instant(local))
}

pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
    let lang = ctx.lang;
    let id = form.editing.expect("a call belongs to a callback");
    form.clear_errors();
    let result: AttemptResult = form.choice("result").unwrap_or(AttemptResult::NoAnswer);
    let mode: ContactMode = form.choice("mode").unwrap_or(ContactMode::Phone);
    let later_text = form.text("call_later_at");
    let call_later_at = if later_text.is_empty() {
        None
    } else {
        let parsed = parse_later(&later_text, ctx);
        if parsed.is_none() {
            form.field_mut("call_later_at").error =
                Some(lang.t_with("problem.format", &[("example", "2026-11-23 10:00 / 10:00 / +2h")]));
        }
        parsed
    };
    let outcome = form.field("outcome").code().and_then(|c| c.parse::<Satisfaction>().ok());
    if outcome.is_some() && result != AttemptResult::Reached {
        form.field_mut("outcome").error = Some(lang.t("call.outcome_needs_reached").into_owned());
    }
    if form.has_errors() {
        return Err(SaveError::Fields);
    }
    let if_unsatisfied = match form.fields.iter().find(|f| f.key == "if_unsatisfied").and_then(|f| f.code()) {
        Some("escalate") => IfUnsatisfied::Escalate,
        _ => IfUnsatisfied::Reopen,
    };
    let open_complaint =
        form.fields.iter().find(|f| f.key == "open_complaint").and_then(|f| f.code()) == Some("yes");
    let mut call = Call {
        attempt: Attempt {
            id: 0,
            callback_id: id,
            at: ctx.now,
            mode,
            result,
            call_later_at,
            note: form.text("note"),
            operator: ctx.operator.clone(),
        },
        outcome,
        words: form.text("words"),
        if_unsatisfied,
        // The desk opens the complaint as a form to complete, not straight from the words.
        open_complaint: false,
    };
    let saved = settle(form, lang, store.repo::<Callback>().record_call(&mut call).map(|c| c.id))?;
    if open_complaint && outcome == Some(Satisfaction::Unsatisfied) {
        return Ok(Saved::Next(super::complaints::form::from_call(store, ctx, id)?));
    }
    Ok(saved)
}
