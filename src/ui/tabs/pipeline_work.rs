//! The work on a prospect and on a lease (F11): a prospect's next stage (with the reason; lost
//! needs one), a logged contact with the next follow-up, and signing (merchant and draft lease,
//! handed to operations); a lease's next stage, a signature in its approval chain, and its exit
//! checklist.

use super::{FetchContext, Tab, date, opt_date};
use crate::domain::lease::{
    Approval, ApprovalDecision, Charge, ChargeKind, DepositDeduction, Dunning, DunningMode, ExitChecklist,
    Lease, LeaseStage, Payment, PaymentMethod,
};
use crate::domain::prospect::{Interaction, InteractionMode, Prospect, ProspectStage};
use crate::domain::{Fen, format_yuan};
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
const REJECT: &str = "reject";
const RENEW: &str = "renew";
const DEDUCTION: &str = "deduction";

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
    let mut choices = Vec::new();
    if matches!(lease.stage, LeaseStage::Draft | LeaseStage::LegalReview | LeaseStage::Approved)
        && let Some(next) = store.repo::<Lease>().chain(id)?.next()
    {
        let role = lang.label("approver_role", next.code());
        choices.push((APPROVAL.to_string(), lang.t_with("work.approval_next", &[("role", &role)])));
    }
    if matches!(lease.stage, LeaseStage::LegalReview | LeaseStage::Approved) {
        choices.push((REJECT.to_string(), lang.t("work.reject").into_owned()));
    }
    if lease.stage == LeaseStage::Active {
        choices.push((PAYMENT.to_string(), lang.t("work.payment").into_owned()));
        choices.push((CHARGE.to_string(), lang.t("work.charge").into_owned()));
        choices.push((DUNNING.to_string(), lang.t("work.dunning").into_owned()));
        choices.push((CHARGE_EDIT.to_string(), lang.t("work.charge_edit").into_owned()));
        choices.push((RENEW.to_string(), lang.t("work.renew").into_owned()));
        choices.push((DEDUCTION.to_string(), lang.t("work.deduction").into_owned()));
        choices.push((EXIT.to_string(), lang.t("work.exit").into_owned()));
    }
    // "Renewed" is reached by renewing (a successor lease), never chosen directly.
    for stage in lease.stage.allowed_moves().iter().filter(|s| **s != LeaseStage::Renewed) {
        let label = lang.label("lease_stage", stage.code());
        choices.push((stage.code().to_string(), lang.t_with("work.to_stage", &[("stage", &label)])));
    }
    let title = lang.t_with("work.title", &[("what", &lease.number)]);
    Ok(choose(Tab::Leases, id, title, lang.t("field.next_step").into_owned(), choices))
}

/// The next period (from this month on, inside the lease) without a rent charge, and its due
/// date on the lease's payment day.
fn next_rent_period(store: &Store, ctx: &FetchContext, lease: &Lease) -> Result<(String, chrono::NaiveDate)> {
    use chrono::Datelike;
    let first = ctx.today.max(lease.start_date).min(lease.end_date).with_day(1).expect("day 1");
    let due_in = |month: chrono::NaiveDate| month.with_day(u32::from(lease.payment_day)).unwrap_or(month);
    let mut month = first;
    while month <= lease.end_date {
        let period = month.format("%Y-%m").to_string();
        let filter =
            crate::store::leases::ChargeFilter { lease_id: Some(lease.id), period: Some(period.clone()) };
        let taken = store.repo::<Charge>().page(&filter, &crate::store::PageRequest::first(10))?.rows;
        if !taken.iter().any(|c| c.kind == ChargeKind::Rent) {
            return Ok((period, due_in(month)));
        }
        month = month + chrono::Months::new(1);
    }
    // Every month's rent is billed: this month, for another kind of charge.
    Ok((first.format("%Y-%m").to_string(), due_in(first)))
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
                    let Some(next) = store.repo::<Lease>().chain(id)?.next() else {
                        return Err(SaveError::Fields);
                    };
                    let role = lang.label("approver_role", next.code());
                    let fields = vec![
                        Field::new(
                            "approver",
                            lang.t_with("field.signer", &[("role", &role)]),
                            FieldKind::Reference(RefKind::Signer(next)),
                            true,
                        ),
                        Field::new("note", l("field.note"), FieldKind::Text, false),
                    ];
                    let title = lang.t_with("work.approval_title", &[("what", &lease.number)]);
                    let mut next_form =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Approval);
                    if let Ok(matches) = crate::ui::form::lookup(store, RefKind::Signer(next), "", lang) {
                        next_form.field_mut("approver").offer(matches);
                    }
                    Ok(Saved::Next(next_form))
                }
                REJECT => {
                    // The signer whose turn it is rejects (the last one when every signature is there).
                    let Some(step) = store
                        .repo::<Lease>()
                        .chain(id)?
                        .step_for(ApprovalDecision::Rejected, &store.settings().leasing.approval_chain)
                    else {
                        return Err(SaveError::Fields);
                    };
                    let fields = vec![
                        Field::new(
                            "approver",
                            l("field.rejected_by"),
                            FieldKind::Reference(RefKind::Signer(step)),
                            true,
                        ),
                        Field::new("note", l("field.reject_reason"), FieldKind::Multiline, true),
                    ];
                    let title = lang.t_with("work.reject_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Reject);
                    if let Ok(matches) = crate::ui::form::lookup(store, RefKind::Signer(step), "", lang) {
                        next.field_mut("approver").offer(matches);
                    }
                    Ok(Saved::Next(next))
                }
                RENEW => {
                    let fields = vec![
                        Field::new("start_date", l("field.start_date"), FieldKind::Date, true),
                        Field::new("end_date", l("field.end_date"), FieldKind::Date, true),
                        Field::new("monthly_rent_fen", l("field.monthly_rent"), FieldKind::Money, true),
                        Field::new("management_fee_fen", l("field.management_fee"), FieldKind::Money, false),
                        Field::new("deposit_fen", l("field.deposit"), FieldKind::Money, false),
                        Field::new("payment_day", l("field.payment_day"), FieldKind::Number, true),
                    ];
                    let title = lang.t_with("work.renew_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Renew);
                    // Same terms, for as long again, from the day after this lease ends.
                    let start = lease.end_date + chrono::Duration::days(1);
                    let length = lease.end_date - lease.start_date;
                    next.field_mut("start_date").set_text(&date(&start));
                    next.field_mut("end_date").set_text(&date(&(start + length)));
                    next.field_mut("monthly_rent_fen").set_text(&format_yuan(lease.monthly_rent_fen));
                    next.field_mut("management_fee_fen").set_text(&format_yuan(lease.management_fee_fen));
                    next.field_mut("deposit_fen").set_text(&format_yuan(lease.deposit_fen));
                    next.field_mut("payment_day").set_text(&lease.payment_day.to_string());
                    Ok(Saved::Next(next))
                }
                DEDUCTION => {
                    let fields = vec![
                        Field::new("amount_fen", l("field.amount"), FieldKind::Money, true),
                        Field::new("reason", l("field.deduction_reason"), FieldKind::Text, true),
                    ];
                    let title = lang.t_with("work.deduction_title", &[("what", &lease.number)]);
                    Ok(Saved::Next(
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::Deduction),
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
                    // The oldest unpaid charge, for what it still owes.
                    if let Some((charge_id, label, balance)) =
                        unpaid_charges(store, id, lang)?.into_iter().next()
                    {
                        next.field_mut("charge_id").set_pick(charge_id, label);
                        next.field_mut("amount_fen").set_text(&format_yuan(balance));
                    }
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
                    let (period, due) = next_rent_period(store, ctx, &lease)?;
                    next.field_mut("period").set_text(&period);
                    next.field_mut("amount_fen").set_text(&format_yuan(lease.monthly_rent_fen));
                    next.field_mut("due_date").set_text(&date(&due));
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
                    let deducted = store.repo::<Lease>().deductions_total(id)?;
                    let fields = vec![
                        Field::new("notice_given_on", l("exit.notice"), FieldKind::Date, false),
                        Field::new("charges_settled_on", l("exit.charges"), FieldKind::Date, false),
                        Field::new("deposit_held_fen", l("exit.deposit_held"), FieldKind::Money, true),
                        Field::new(
                            "deposit_refunded_fen",
                            lang.t_with("exit.deposit_refunded", &[("deducted", &format_yuan(deducted))]),
                            FieldKind::Money,
                            false,
                        ),
                        Field::new("deposit_refunded_on", l("exit.deposit"), FieldKind::Date, false),
                        Field::new("unit_inspected_on", l("exit.inspected"), FieldKind::Date, false),
                        Field::new("note", l("field.note"), FieldKind::Text, false),
                    ];
                    let title = lang.t_with("work.exit_title", &[("what", &lease.number)]);
                    let mut next =
                        Form::new(Tab::Leases, Some(id), title, fields).with_purpose(Purpose::ExitChecklist);
                    match existing {
                        Some(exit) => {
                            next.field_mut("notice_given_on").set_text(&opt_date(&exit.notice_given_on));
                            next.field_mut("charges_settled_on")
                                .set_text(&opt_date(&exit.charges_settled_on));
                            next.field_mut("deposit_refunded_on")
                                .set_text(&opt_date(&exit.deposit_refunded_on));
                            next.field_mut("unit_inspected_on").set_text(&opt_date(&exit.unit_inspected_on));
                            next.field_mut("note").set_text(&exit.note);
                            next.field_mut("deposit_held_fen").set_text(&format_yuan(exit.deposit_held_fen));
                            if let Some(refunded) = exit.deposit_refunded_fen {
                                next.field_mut("deposit_refunded_fen").set_text(&format_yuan(refunded));
                            }
                        }
                        None => next.field_mut("deposit_held_fen").set_text(&format_yuan(lease.deposit_fen)),
                    }
                    Ok(Saved::Next(next))
                }
                code => {
                    let stage: LeaseStage = code.parse().map_err(|_| SaveError::Fields)?;
                    if lease.stage.move_needs_reason(stage) {
                        let label = lang.label("lease_stage", stage.code());
                        let fields =
                            vec![Field::new("reason", l("field.stage_reason"), FieldKind::Multiline, true)];
                        return Ok(Saved::Next(
                            Form::new(
                                Tab::Leases,
                                Some(id),
                                lang.t_with("work.to_stage", &[("stage", &label)]),
                                fields,
                            )
                            .with_purpose(Purpose::LeaseStage(stage)),
                        ));
                    }
                    settle(form, lang, store.repo::<Lease>().move_stage(id, stage, "").map(|l| l.id))
                }
            }
        }
        (Tab::Leases, Purpose::LeaseStage(stage)) => {
            form.require_texts(lang);
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let reason = form.text("reason");
            settle(form, lang, store.repo::<Lease>().move_stage(id, stage, &reason).map(|l| l.id))
        }
        (Tab::Leases, Purpose::Renew) => {
            let start = form.date("start_date", ctx.today, lang);
            let end = form.date("end_date", ctx.today, lang);
            let rent = form.money("monthly_rent_fen", lang);
            let fee = form.money("management_fee_fen", lang).unwrap_or(0);
            let deposit = form.money("deposit_fen", lang).unwrap_or(0);
            let day = form.number("payment_day", lang);
            let (Some(start_date), Some(end_date), Some(monthly_rent_fen), Some(day)) =
                (start, end, rent, day)
            else {
                return Err(SaveError::Fields);
            };
            let old = store.repo::<Lease>().get(id)?;
            let mut terms = Lease {
                id: 0,
                number: "HT-0000-0000".into(),
                start_date,
                end_date,
                monthly_rent_fen,
                management_fee_fen: fee,
                deposit_fen: deposit,
                payment_day: u8::try_from(day).unwrap_or(0),
                stage: LeaseStage::Draft,
                renews_lease_id: Some(id),
                ..old
            };
            if let Err(errors) = terms.validate() {
                form.mark(&errors, lang);
                return Err(SaveError::Fields);
            }
            terms.number.clear();
            let result = store.repo::<Lease>().renew(id, &terms);
            match result {
                Ok(successor) => {
                    Ok(Saved::Done(lang.t_with("work.renewed", &[("number", &successor.number)])))
                }
                Err(error) => settle(form, lang, Err(error)),
            }
        }
        (Tab::Leases, Purpose::Reject) | (Tab::Leases, Purpose::Approval) => {
            let staff_id = form.reference("approver", lang);
            form.require_texts(lang);
            let Some(staff_id) = staff_id else { return Err(SaveError::Fields) };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let decision = if form.purpose == Purpose::Reject {
                ApprovalDecision::Rejected
            } else {
                ApprovalDecision::Approved
            };
            let chain = &store.settings().leasing.approval_chain;
            let Some(role) = store.repo::<Lease>().chain(id)?.step_for(decision, chain) else {
                return Err(SaveError::Fields);
            };
            let mut approval = Approval {
                id: 0,
                lease_id: id,
                role,
                staff_id: Some(staff_id),
                approver: form.field("approver").text(),
                at: ctx.now,
                decision,
                note: form.text("note"),
            };
            settle(form, lang, store.repo::<Lease>().sign(&mut approval).map(|l| l.id))
        }
        (Tab::Leases, Purpose::Deduction) => {
            let amount = form.money("amount_fen", lang);
            form.require_texts(lang);
            let Some(amount_fen) = amount else { return Err(SaveError::Fields) };
            if form.has_errors() {
                return Err(SaveError::Fields);
            }
            let mut deduction =
                DepositDeduction { id: 0, lease_id: id, amount_fen, reason: form.text("reason") };
            settle(form, lang, store.repo::<DepositDeduction>().create(&mut deduction).map(|_| id))
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
        (Tab::Leases, Purpose::ExitChecklist) => {
            let notice = form.date("notice_given_on", ctx.today, lang);
            let charges = form.date("charges_settled_on", ctx.today, lang);
            let deposit = form.date("deposit_refunded_on", ctx.today, lang);
            let inspected = form.date("unit_inspected_on", ctx.today, lang);
            let held = form.money("deposit_held_fen", lang);
            let refunded = form.money("deposit_refunded_fen", lang);
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
                deposit_held_fen: held.unwrap_or(0),
                deposit_refunded_fen: refunded,
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

/// A lease's charges that still owe something, oldest due first: (id, label, balance).
pub fn unpaid_charges(
    store: &Store,
    lease_id: i64,
    lang: crate::ui::i18n::Lang,
) -> Result<Vec<(i64, String, Fen)>> {
    let mut unpaid: Vec<(Charge, Fen)> =
        store.repo::<Charge>().with_balances(lease_id, 200)?.into_iter().filter(|(_, b)| *b > 0).collect();
    unpaid.sort_by_key(|(c, _)| (c.due_date, c.id));
    Ok(unpaid
        .into_iter()
        .map(|(c, balance)| (c.id, crate::ui::form::charge_label(lang, &c, balance), balance))
        .collect())
}
