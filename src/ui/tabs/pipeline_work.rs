//! The work on a prospect and on a lease (F11): a prospect's next stage (with the reason; lost
//! needs one), a logged contact with the next follow-up, and signing (merchant and draft lease,
//! handed to operations); a lease's next stage, a signature in its approval chain, and its exit
//! checklist.

use super::{FetchContext, Tab, date, opt_date};
use crate::domain::lease::{
    Approval, ApproverRole, Charge, ChargeKind, Dunning, DunningMode, ExitChecklist, Lease, LeaseStage,
    Payment, PaymentMethod,
};
use crate::domain::prospect::{Interaction, InteractionMode, Prospect, ProspectStage};
use crate::store::prospects::Signing;
use crate::store::{Result, Store};
use crate::ui::form::{Field, FieldKind, Form, Purpose, RefKind, SaveError, Saved, options, settle};

const CONTACT: &str = "contact";
const APPROVAL: &str = "approval";
const EXIT: &str = "exit";
const CHARGE: &str = "charge";
const PAYMENT: &str = "payment";
const DUNNING: &str = "dunning";
const CHARGE_EDIT: &str = "charge_edit";

fn choose(tab: Tab, id: i64, title: String, label: String, choices: Vec<(String, String)>) -> Form {
    let fields = vec![Field::new("work", label, FieldKind::Choice(choices), true)];
    Form::new(tab, Some(id), title, fields).with_purpose(Purpose::ChooseWork)
}

pub fn prospect_work(store: &Store, ctx: &FetchContext, id: i64) -> Result<Form> {
    let lang = ctx.lang;
    let prospect = store.repo::<Prospect>().get(id)?;
    let mut choices = vec![(CONTACT.to_string(), lang.t("work.contact").into_owned())];
    for stage in prospect.stage.allowed_moves() {
        let label = lang.label("prospect_stage", stage.code());
        choices.push((stage.code().to_string(), lang.t_with("work.to_stage", &[("stage", &label)])));
    }
    let title = lang.t_with("work.title", &[("what", &prospect.brand)]);
    Ok(choose(Tab::Prospects, id, title, lang.t("field.next_step").into_owned(), choices))
}

pub fn lease_work(store: &Store, ctx: &FetchContext, id: i64) -> Result<Form> {
    let lang = ctx.lang;
    let lease = store.repo::<Lease>().get(id)?;
    let mut choices = vec![(APPROVAL.to_string(), lang.t("work.approval").into_owned())];
    if lease.stage == LeaseStage::Active {
        choices.push((PAYMENT.to_string(), lang.t("work.payment").into_owned()));
        choices.push((CHARGE.to_string(), lang.t("work.charge").into_owned()));
        choices.push((DUNNING.to_string(), lang.t("work.dunning").into_owned()));
        choices.push((CHARGE_EDIT.to_string(), lang.t("work.charge_edit").into_owned()));
        choices.push((EXIT.to_string(), lang.t("work.exit").into_owned()));
    }
    for stage in lease.stage.allowed_moves() {
        let label = lang.label("lease_stage", stage.code());
        choices.push((stage.code().to_string(), lang.t_with("work.to_stage", &[("stage", &label)])));
    }
    let title = lang.t_with("work.title", &[("what", &lease.number)]);
    Ok(choose(Tab::Leases, id, title, lang.t("field.next_step").into_owned(), choices))
}

/// The form that follows a choice, or the choice done at once (a lease's stage move).
pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
    let lang = ctx.lang;
    let id = form.editing.expect("work belongs to a record");
    form.clear_errors();
    let l = |key: &str| lang.t(key).into_owned();
    match (form.tab, form.purpose) {
        (Tab::Prospects, Purpose::ChooseWork) => {
            let prospect = store.repo::<Prospect>().get(id)?;
            let choice = form.field("work").code().unwrap_or(CONTACT).to_string();
            let next = if choice == CONTACT {
                let fields = vec![
                    Field::new(
                        "mode",
                        l("field.mode"),
                        options(lang, "interaction_mode", InteractionMode::all(), InteractionMode::code),
                        true,
                    ),
                    Field::new("summary", l("field.summary"), FieldKind::Multiline, true),
                    Field::new("next_step", l("field.next_action"), FieldKind::Text, false),
                    Field::new("next_follow_up", l("field.next_follow_up"), FieldKind::Date, false),
                ];
                let mut next = Form::new(
                    Tab::Prospects,
                    Some(id),
                    lang.t_with("work.contact_title", &[("what", &prospect.brand)]),
                    fields,
                )
                .with_purpose(Purpose::Contact);
                next.field_mut("next_follow_up").set_text(&opt_date(&prospect.next_follow_up));
                next
            } else {
                let stage: ProspectStage = choice.parse().map_err(|_| SaveError::Fields)?;
                if stage == ProspectStage::Signed {
                    let fields = vec![
                        Field::new("unit_id", l("field.unit"), FieldKind::Reference(RefKind::Unit), true),
                        Field::new("start_date", l("field.start_date"), FieldKind::Date, true),
                        Field::new("end_date", l("field.end_date"), FieldKind::Date, true),
                        Field::new("monthly_rent_fen", l("field.monthly_rent"), FieldKind::Money, true),
                        Field::new("management_fee_fen", l("field.management_fee"), FieldKind::Money, false),
                        Field::new("deposit_fen", l("field.deposit"), FieldKind::Money, false),
                        Field::new("payment_day", l("field.payment_day"), FieldKind::Number, true),
                        Field::new("licence_no", l("field.licence_no"), FieldKind::Text, false),
                    ];
                    let mut next = Form::new(
                        Tab::Prospects,
                        Some(id),
                        lang.t_with("work.sign_title", &[("what", &prospect.brand)]),
                        fields,
                    )
                    .with_purpose(Purpose::Sign);
                    next.field_mut("payment_day").set_text("5");
                    next.field_mut("start_date").set_text(&date(&ctx.today));
                    next
                } else {
                    let fields = vec![Field::new(
                        "reason",
                        l("field.stage_reason"),
                        FieldKind::Multiline,
                        stage == ProspectStage::Lost,
                    )];
                    let label = lang.label("prospect_stage", stage.code());
                    Form::new(
                        Tab::Prospects,
                        Some(id),
                        lang.t_with("work.to_stage", &[("stage", &label)]),
                        fields,
                    )
                    .with_purpose(Purpose::ProspectStage(stage))
                }
            };
            Ok(Saved::Next(next))
        }
        (Tab::Prospects, Purpose::ProspectStage(stage)) => {
            form.require_texts(lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let reason = form.text("reason");
            settle(form, lang, store.repo::<Prospect>().move_stage(id, stage, &reason).map(|p| p.id))
        }
        (Tab::Prospects, Purpose::Contact) => {
            form.require_texts(lang);
            let follow_up = form.date("next_follow_up", ctx.today, lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut interaction = Interaction {
                id: 0,
                prospect_id: id,
                at: ctx.now,
                mode: form.choice("mode").unwrap_or(InteractionMode::Visit),
                summary: form.text("summary"),
                next_step: form.text("next_step"),
                staff_id: None,
            };
            settle(
                form,
                lang,
                store.repo::<Prospect>().log_contact(&mut interaction, follow_up).map(|p| p.id),
            )
        }
        (Tab::Prospects, Purpose::Sign) => {
            let unit_id = form.reference("unit_id", lang);
            let start = form.date("start_date", ctx.today, lang);
            let end = form.date("end_date", ctx.today, lang);
            let rent = form.money("monthly_rent_fen", lang);
            let fee = form.money("management_fee_fen", lang).unwrap_or(0);
            let deposit = form.money("deposit_fen", lang).unwrap_or(0);
            let day = form.number("payment_day", lang);
            let (Some(unit_id), Some(start_date), Some(end_date), Some(monthly_rent_fen), Some(day)) =
                (unit_id, start, end, rent, day)
            else {
                return Err(SaveError::Fields);
            };
            let signing = Signing {
                unit_id,
                start_date,
                end_date,
                monthly_rent_fen,
                management_fee_fen: fee,
                deposit_fen: deposit,
                payment_day: u8::try_from(day).unwrap_or(0),
                licence_no: Some(form.text("licence_no")).filter(|t| !t.is_empty()),
            };
            let result = store.repo::<Prospect>().sign(id, &signing).map(|(_, lease)| lease.id);
            match settle(form, lang, result) {
                Ok(_) => Ok(Saved::Done(lang.t("work.signed").into_owned())),
                other => other,
            }
        }
        (Tab::Leases, Purpose::ChooseWork) => {
            let lease = store.repo::<Lease>().get(id)?;
            match form.field("work").code().unwrap_or(APPROVAL) {
                APPROVAL => {
                    let roles = options(lang, "approver_role", ApproverRole::all(), ApproverRole::code);
                    let fields = vec![
                        Field::new("role", l("field.approver_role"), roles, true),
                        Field::new("approver", l("field.approved_by"), FieldKind::Text, true),
                        Field::new("note", l("field.note"), FieldKind::Text, false),
                    ];
                    let title = lang.t_with("work.approval_title", &[("what", &lease.number)]);
                    Ok(Saved::Next(
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Approval),
                    ))
                }
                PAYMENT => {
                    let methods = options(lang, "payment_method", PaymentMethod::all(), PaymentMethod::code);
                    let fields = vec![
                        Field::new(
                            "charge_id",
                            l("field.charge"),
                            FieldKind::Reference(RefKind::Charge(id)),
                            true,
                        ),
                        Field::new("amount_fen", l("field.amount"), FieldKind::Money, true),
                        Field::new("paid_on", l("field.paid_on"), FieldKind::Date, true),
                        Field::new("method", l("field.method"), methods, true),
                        Field::new("receipt_no", l("field.receipt_no"), FieldKind::Text, true),
                    ];
                    let title = lang.t_with("work.payment_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Payment);
                    next.field_mut("paid_on").set_text(&date(&ctx.today));
                    if let Ok(matches) = crate::ui::form::lookup(store, RefKind::Charge(id), "", lang) {
                        next.field_mut("charge_id").offer(matches);
                    }
                    Ok(Saved::Next(next))
                }
                CHARGE => {
                    let kinds = options(lang, "charge_kind", ChargeKind::all(), ChargeKind::code);
                    let fields = vec![
                        Field::new("period", l("field.period"), FieldKind::Text, true),
                        Field::new("kind", l("field.kind"), kinds, true),
                        Field::new("amount_fen", l("field.amount"), FieldKind::Money, true),
                        Field::new("due_date", l("field.due_at"), FieldKind::Date, true),
                    ];
                    let title = lang.t_with("work.charge_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Charge);
                    next.field_mut("period").set_text(&ctx.today.format("%Y-%m").to_string());
                    Ok(Saved::Next(next))
                }
                CHARGE_EDIT => {
                    let fields = vec![
                        Field::new(
                            "charge_id",
                            l("field.charge"),
                            FieldKind::Reference(RefKind::Charge(id)),
                            true,
                        ),
                        Field::new("amount_fen", l("field.amount"), FieldKind::Money, false),
                        Field::new("due_date", l("field.due_at"), FieldKind::Date, false),
                    ];
                    let title = lang.t_with("work.charge_edit_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::ChargeEdit);
                    if let Ok(matches) = crate::ui::form::lookup(store, RefKind::Charge(id), "", lang) {
                        next.field_mut("charge_id").offer(matches);
                    }
                    Ok(Saved::Next(next))
                }
                DUNNING => {
                    let modes = options(lang, "dunning_mode", DunningMode::all(), DunningMode::code);
                    let fields = vec![
                        Field::new("mode", l("field.mode"), modes, true),
                        Field::new("note", l("field.note"), FieldKind::Text, false),
                    ];
                    let title = lang.t_with("work.dunning_title", &[("what", &lease.number)]);
                    Ok(Saved::Next(
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Dunning),
                    ))
                }
                EXIT => {
                    let existing = store.repo::<Lease>().exit_checklist(id)?;
                    let fields = vec![
                        Field::new("notice_given_on", l("exit.notice"), FieldKind::Date, false),
                        Field::new("charges_settled_on", l("exit.charges"), FieldKind::Date, false),
                        Field::new("deposit_refunded_on", l("exit.deposit"), FieldKind::Date, false),
                        Field::new("unit_inspected_on", l("exit.inspected"), FieldKind::Date, false),
                        Field::new("note", l("field.note"), FieldKind::Text, false),
                    ];
                    let title = lang.t_with("work.exit_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::ExitChecklist);
                    if let Some(exit) = existing {
                        next.field_mut("notice_given_on").set_text(&opt_date(&exit.notice_given_on));
                        next.field_mut("charges_settled_on").set_text(&opt_date(&exit.charges_settled_on));
                        next.field_mut("deposit_refunded_on").set_text(&opt_date(&exit.deposit_refunded_on));
                        next.field_mut("unit_inspected_on").set_text(&opt_date(&exit.unit_inspected_on));
                        next.field_mut("note").set_text(&exit.note);
                    }
                    Ok(Saved::Next(next))
                }
                code => {
                    let stage: LeaseStage = code.parse().map_err(|_| SaveError::Fields)?;
                    settle(form, lang, store.repo::<Lease>().move_stage(id, stage).map(|l| l.id))
                }
            }
        }
        (Tab::Leases, Purpose::Payment) => {
            let charge_id = form.reference("charge_id", lang);
            let amount = form.money("amount_fen", lang);
            let paid_on = form.date("paid_on", ctx.today, lang);
            form.require_texts(lang);
            let (Some(charge_id), Some(amount_fen), Some(paid_on)) = (charge_id, amount, paid_on) else {
                return Err(SaveError::Fields);
            };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut payment = Payment {
                id: 0,
                charge_id,
                amount_fen,
                paid_on,
                method: form.choice("method").unwrap_or(PaymentMethod::BankTransfer),
                receipt_no: form.text("receipt_no"),
            };
            settle(form, lang, store.repo::<Payment>().create(&mut payment).map(|_| id))
        }
        (Tab::Leases, Purpose::Charge) => {
            let amount = form.money("amount_fen", lang);
            let due = form.date("due_date", ctx.today, lang);
            let (Some(amount_fen), Some(due_date)) = (amount, due) else { return Err(SaveError::Fields) };
            let mut charge = Charge {
                id: 0,
                lease_id: id,
                period: form.text("period"),
                kind: form.choice("kind").unwrap_or(ChargeKind::Rent),
                amount_fen,
                due_date,
            };
            settle(form, lang, store.repo::<Charge>().create(&mut charge).map(|_| id))
        }
        (Tab::Leases, Purpose::ChargeEdit) => {
            let charge_id = form.reference("charge_id", lang);
            let amount = form.money("amount_fen", lang);
            let due = form.date("due_date", ctx.today, lang);
            let Some(charge_id) = charge_id else { return Err(SaveError::Fields) };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            // Left empty, a field keeps the charge's value.
            let mut charge: Charge = store.repo::<Charge>().get(charge_id)?;
            charge.amount_fen = amount.unwrap_or(charge.amount_fen);
            charge.due_date = due.unwrap_or(charge.due_date);
            settle(form, lang, store.repo::<Charge>().update(&mut charge).map(|()| id))
        }
        (Tab::Leases, Purpose::Dunning) => {
            let mut reminder = Dunning {
                id: 0,
                lease_id: id,
                at: ctx.now,
                mode: form.choice("mode").unwrap_or(DunningMode::Phone),
                note: form.text("note"),
                operator: ctx.operator.clone(),
            };
            settle(form, lang, store.repo::<Dunning>().create(&mut reminder).map(|_| id))
        }
        (Tab::Leases, Purpose::Approval) => {
            form.require_texts(lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut approval = Approval {
                id: 0,
                lease_id: id,
                role: form.choice("role").unwrap_or(ApproverRole::Handler),
                approver: form.text("approver"),
                at: ctx.now,
                note: form.text("note"),
            };
            settle(form, lang, store.repo::<Approval>().create(&mut approval).map(|_| id))
        }
        (Tab::Leases, Purpose::ExitChecklist) => {
            let notice = form.date("notice_given_on", ctx.today, lang);
            let charges = form.date("charges_settled_on", ctx.today, lang);
            let deposit = form.date("deposit_refunded_on", ctx.today, lang);
            let inspected = form.date("unit_inspected_on", ctx.today, lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let existing = store.repo::<Lease>().exit_checklist(id)?;
            let mut checklist = ExitChecklist {
                id: existing.as_ref().map_or(0, |e| e.id),
                lease_id: id,
                notice_given_on: notice,
                charges_settled_on: charges,
                deposit_refunded_on: deposit,
                unit_inspected_on: inspected,
                note: form.text("note"),
            };
            let repo = store.repo::<ExitChecklist>();
            let result = if existing.is_some() {
                repo.update(&mut checklist).map(|()| id)
            } else {
                repo.create(&mut checklist).map(|_| id)
            };
            settle(form, lang, result)
        }
        _ => Err(SaveError::Fields),
    }
}
