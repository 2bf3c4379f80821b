//! A complaint's next step at the desk: the allowed steps (and escalation) to choose from,
//! then a short form with what that step records — the judgement, the cause, the approved
//! remedy, the customer's verdict, the closing summary — always with a note.

use super::{FetchContext, Tab};
use crate::domain::complaint::{self, Complaint, ComplaintCategory, ComplaintStep, Satisfaction};
use chrono::NaiveDateTime;

use crate::domain::staff::Staff;
use crate::domain::{format_yuan, parse_yuan};
use crate::store::{Result, Store};
use crate::ui::form::{
    Field, FieldKind, Form, Purpose, RefKind, SaveError, Saved, departments, options, settle, yes_no,
};

const ESCALATE: &str = "escalate";

/// The choice of next step for case `id`, or that step's form straight away when only one is
/// possible and the case cannot be escalated.
pub fn choose(store: &Store, ctx: &FetchContext, id: i64) -> Result<Form> {
    let lang = ctx.lang;
    let case = store.repo::<Complaint>().get(id)?;
    let steps = complaint::next_steps(case.kind, case.step, case.valid);
    let can_escalate = case.step != ComplaintStep::Closed && case.escalation.next().is_some();
    if steps.len() == 1 && !can_escalate {
        return step_or_call(store, ctx, &case, steps[0]);
    }
    let mut choices: Vec<(String, String)> =
        steps.iter().map(|s| (s.code().to_string(), step_label(ctx, &case, *s))).collect();
    if can_escalate {
        choices.push((ESCALATE.to_string(), lang.t("step.escalate").into_owned()));
    }
    let title = lang.t_with("form.choose_step", &[("number", &case.number)]);
    let fields = vec![Field::new(
        "next_step",
        lang.t("field.next_step").into_owned(),
        FieldKind::Choice(choices),
        true,
    )];
    Ok(Form::new(Tab::Complaints, Some(id), title, fields).with_purpose(Purpose::ChooseStep))
}

/// "send back" and "reopen" read better than the step's name when the case goes back.
fn step_label(ctx: &FetchContext, case: &Complaint, step: ComplaintStep) -> String {
    let lang = ctx.lang;
    match (case.step, step) {
        (ComplaintStep::Proposal, ComplaintStep::Investigating) => lang.t("step.send_back").into_owned(),
        (ComplaintStep::CalledBack, ComplaintStep::Investigating) => lang.t("step.reopen").into_owned(),
        _ => lang.label("complaint_step", step.code()).into_owned(),
    }
}

/// The called-back step comes only from a recorded call: it opens the call screen of the case's
/// callback (opened anew when none is open), wherever it is started.
fn step_or_call(store: &Store, ctx: &FetchContext, case: &Complaint, step: ComplaintStep) -> Result<Form> {
    if step == ComplaintStep::CalledBack {
        let callback_id = store.repo::<Complaint>().callback_to_make(case.id)?;
        return super::call::form(store, ctx, callback_id);
    }
    step_form(ctx, case, step)
}

/// How an approval time is typed and shown: the mall's local time to the minute.
const APPROVAL_TIME: &str = "%Y-%m-%d %H:%M";

fn step_form(ctx: &FetchContext, case: &Complaint, step: ComplaintStep) -> Result<Form> {
    let lang = ctx.lang;
    let l = |key: &str| lang.t(key).into_owned();
    let mut fields = Vec::new();
    match step {
        ComplaintStep::Judged => {
            fields.push(Field::new("valid", l("field.valid"), yes_no(lang), true));
            fields.push(Field::new("note", l("field.explanation"), FieldKind::Multiline, false));
        }
        ComplaintStep::Investigating => {
            fields.push(Field::new("cause", l("field.cause"), FieldKind::Multiline, false));
            fields.push(Field::new(
                "department",
                l("field.department"),
                departments(lang, &ctx.settings.service.departments, &case.department),
                false,
            ));
            fields.push(Field::new(
                "responsible_person",
                l("field.responsible_person"),
                FieldKind::Text,
                false,
            ));
            fields.push(Field::new("note", l("field.note"), FieldKind::Text, false));
        }
        ComplaintStep::Proposal => {
            fields.push(Field::new("remedy", l("field.remedy"), FieldKind::Multiline, true));
            fields.push(Field::new("compensation_fen", l("field.compensation"), FieldKind::Money, false));
            fields.push(Field::new(
                "approved_by",
                l("field.approved_by"),
                FieldKind::Reference(RefKind::Approver),
                true,
            ));
            let mut approved_at = Field::new("approved_at", l("field.approved_at"), FieldKind::Text, true);
            // Now, or the receipt when the desk's clock is behind it (never before the case).
            let default = ctx.now.max(case.received_at);
            approved_at.set_text(&ctx.clock.format(default, APPROVAL_TIME));
            fields.push(approved_at);
            fields.push(Field::new("note", l("field.note"), FieldKind::Text, false));
        }
        ComplaintStep::CalledBack => {
            let kind = options(lang, "satisfaction", Satisfaction::all(), Satisfaction::code);
            fields.push(Field::new("satisfaction", l("field.satisfaction"), kind, true));
            fields.push(Field::new("note", l("field.customer_words"), FieldKind::Multiline, false));
        }
        ComplaintStep::Closed => {
            fields.push(Field::new(
                "closing_summary",
                l("field.closing_summary"),
                FieldKind::Multiline,
                case.valid != Some(false),
            ));
            let kind = options(lang, "complaint_category", ComplaintCategory::all(), ComplaintCategory::code);
            fields.push(Field::new("category", l("field.complaint_category"), kind, true));
            fields.push(Field::new("note", l("field.note"), FieldKind::Text, false));
        }
        ComplaintStep::Received | ComplaintStep::Resolved => {
            fields.push(Field::new("note", l("field.note"), FieldKind::Multiline, false));
        }
    }
    let title = lang.t_with("form.step", &[("number", &case.number), ("step", &step_label(ctx, case, step))]);
    let mut form = Form::new(Tab::Complaints, Some(case.id), title, fields).with_purpose(Purpose::Step(step));
    // What the case already holds is offered again (e.g. a remedy sent back for changes).
    if let Some(field) = form.fields.iter_mut().find(|f| f.key == "department") {
        field.set_choice(&case.department);
    }
    for (key, value) in [
        ("cause", &case.cause),
        ("responsible_person", &case.responsible_person),
        ("remedy", &case.remedy),
        ("closing_summary", &case.closing_summary),
    ] {
        if let Some(field) = form.fields.iter_mut().find(|f| f.key == key) {
            field.set_text(value);
        }
    }
    if let Some(field) = form.fields.iter_mut().find(|f| f.key == "compensation_fen")
        && case.compensation_fen > 0
    {
        field.set_text(&format_yuan(case.compensation_fen));
    }
    if let Some(field) = form.fields.iter_mut().find(|f| f.key == "category") {
        field.set_choice(case.category.code());
    }
    if let Some(field) = form.fields.iter_mut().find(|f| f.key == "valid") {
        field.set_choice("yes");
    }
    Ok(form)
}

fn escalate_form(ctx: &FetchContext, case: &Complaint) -> Form {
    let lang = ctx.lang;
    let title = lang.t_with("form.escalate", &[("number", &case.number)]);
    let fields = vec![Field::new(
        "reason",
        lang.t("field.escalation_reason").into_owned(),
        FieldKind::Multiline,
        true,
    )];
    Form::new(Tab::Complaints, Some(case.id), title, fields).with_purpose(Purpose::Escalate)
}

pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
    let lang = ctx.lang;
    let id = form.editing.expect("a step form belongs to a case");
    form.clear_errors();
    match form.purpose {
        Purpose::ChooseStep => {
            let case = store.repo::<Complaint>().get(id)?;
            let next = match form.field("next_step").code() {
                Some(ESCALATE) => escalate_form(ctx, &case),
                Some(code) => match code.parse::<ComplaintStep>() {
                    Ok(step) => step_or_call(store, ctx, &case, step)?,
                    Err(_) => return Err(SaveError::Fields),
                },
                None => return Err(SaveError::Fields),
            };
            Ok(Saved::Next(next))
        }
        Purpose::Escalate => {
            form.require_texts(lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let reason = form.text("reason");
            settle(form, lang, store.repo::<Complaint>().escalate(id, &reason).map(|c| c.id))
        }
        Purpose::Step(step) => {
            form.require_texts(lang);
            let compensation = if form.fields.iter().any(|f| f.key == "compensation_fen") {
                let text = form.text("compensation_fen");
                if text.is_empty() {
                    Some(0)
                } else {
                    let parsed = parse_yuan(&text);
                    if parsed.is_none() {
                        form.field_mut("compensation_fen").error =
                            Some(lang.t("problem.number").into_owned());
                    }
                    parsed
                }
            } else {
                None
            };
            let approver = match form.fields.iter().find(|f| f.key == "approved_by") {
                Some(field) if !field.text().is_empty() => match field.picked_id() {
                    Some(staff_id) => Some(store.repo::<Staff>().get(staff_id)?.name),
                    None => {
                        form.field_mut("approved_by").error = Some(lang.t("problem.pick").into_owned());
                        None
                    }
                },
                _ => None,
            };
            let approved_at = match form.fields.iter().find(|f| f.key == "approved_at").map(|f| f.text()) {
                Some(text) if !text.is_empty() => {
                    let parsed = NaiveDateTime::parse_from_str(&text, APPROVAL_TIME)
                        .ok()
                        .map(|t| ctx.clock.instant(t));
                    if parsed.is_none() {
                        form.field_mut("approved_at").error = Some(lang.t_with(
                            "problem.format",
                            &[("example", &ctx.clock.format(ctx.now, APPROVAL_TIME))],
                        ));
                    }
                    parsed
                }
                _ => None,
            };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let text = |key: &str| form.fields.iter().find(|f| f.key == key).map(|f| f.text());
            let choice = |key: &str| {
                form.fields.iter().find(|f| f.key == key).and_then(|f| f.code().map(str::to_string))
            };
            let note = text("note").unwrap_or_default();
            let department = form
                .fields
                .iter()
                .find(|f| f.key == "department")
                .map(|f| f.code().unwrap_or_default().to_string());
            let (cause, person) = (text("cause"), text("responsible_person"));
            let (remedy, summary) = (text("remedy"), text("closing_summary"));
            let valid = choice("valid").map(|c| c == "yes");
            let satisfaction = choice("satisfaction").and_then(|c| c.parse::<Satisfaction>().ok());
            let category = choice("category").and_then(|c| c.parse::<ComplaintCategory>().ok());
            let result = store.repo::<Complaint>().advance(id, step, &note, |case| {
                if let Some(valid) = valid {
                    case.valid = Some(valid);
                }
                if let Some(cause) = cause {
                    case.cause = cause;
                }
                if let Some(department) = department {
                    case.department = department;
                }
                if let Some(person) = person {
                    case.responsible_person = person;
                }
                if let Some(remedy) = remedy {
                    case.remedy = remedy;
                }
                if let Some(approver) = approver {
                    case.approved_by = Some(approver);
                    case.approved_at = approved_at;
                }
                if let Some(fen) = compensation {
                    case.compensation_fen = fen;
                }
                if let Some(satisfaction) = satisfaction {
                    case.satisfaction = Some(satisfaction);
                }
                if let Some(summary) = summary {
                    case.closing_summary = summary;
                }
                if let Some(category) = category {
                    case.category = category;
                }
            });
            settle(form, lang, result.map(|c| c.id))
        }
        _ => unreachable!("saved by their own tab's form"),
    }
}
