//! The intake form follows what the clerk types with what the desk already knows: a merchant's
//! unit from its live lease (and a unit's merchant), and for a phone number — in any format —
//! the caller's name and earlier cases and callbacks, newest first, open cases marked.

use chrono::NaiveDate;

use crate::domain::lease::Lease;
use crate::domain::phone;
use crate::store::callers::{CallerHistory, Contact};
use crate::store::{Result, Store};
use crate::ui::form::{Form, Purpose};
use crate::ui::i18n::Lang;

/// Proposes what follows from the form's merchant, unit and phone, each time one changes.
pub fn follow(store: &Store, today: NaiveDate, lang: Lang, form: &mut Form) -> Result<()> {
    if !matches!(form.purpose, Purpose::Record | Purpose::ComplaintFromCall(_)) {
        return Ok(());
    }
    let merchant = picked(form, "merchant_id");
    if merchant != form.followed.merchant {
        form.followed.merchant = merchant;
        if let Some(id) = merchant
            && let Some((unit_id, code)) = store.repo::<Lease>().trading_unit(id, today)?
            && form.propose_pick("unit_id", unit_id, code)
        {
            form.followed.unit = Some(unit_id);
        }
    }
    let unit = picked(form, "unit_id");
    if unit != form.followed.unit {
        form.followed.unit = unit;
        if let Some(id) = unit
            && let Some((merchant_id, brand)) = store.repo::<Lease>().trading_merchant(id, today)?
            && form.propose_pick("merchant_id", merchant_id, brand)
        {
            form.followed.merchant = Some(merchant_id);
        }
    }
    let number = phone::normalize(&form.text("phone")).unwrap_or_default();
    if number != form.followed.phone {
        form.followed.phone = number.clone();
        form.aside.clear();
        if !number.is_empty() {
            let history = store.caller_history(&number)?;
            if let Some(name) = history.name() {
                form.propose_text("complainant", name);
            }
            form.aside = aside(store, lang, &number, &history);
        }
    }
    Ok(())
}

/// A picker's chosen record, when its field is not empty.
fn picked(form: &Form, key: &str) -> Option<i64> {
    let field = form.fields.iter().find(|f| f.key == key)?;
    if field.text().is_empty() { None } else { field.picked_id() }
}

/// The caller's earlier contacts as lines: "● TS-… 11-18 complaint, proposal: the words".
fn aside(store: &Store, lang: Lang, number: &str, history: &CallerHistory) -> Vec<String> {
    if history.contacts.is_empty() {
        return vec![lang.t_with("caller.new", &[("phone", &phone::display(number))])];
    }
    let clock = store.clock();
    let mut lines = vec![lang.t_with("caller.known", &[("phone", &phone::display(number))])];
    for contact in &history.contacts {
        lines.push(match contact {
            Contact::Case(case) => {
                let open = case.step != crate::domain::complaint::ComplaintStep::Closed;
                let verdict = case
                    .satisfaction
                    .map(|s| format!(" · {}", lang.label("satisfaction", s.code())))
                    .unwrap_or_default();
                format!(
                    "{} {} {} {} · {}{verdict}: {}",
                    if open { "●" } else { "·" },
                    case.number,
                    clock.format(case.received_at, "%Y-%m-%d"),
                    lang.label("complaint_kind", case.kind.code()),
                    lang.label("complaint_step", case.step.code()),
                    case.content
                )
            }
            Contact::Callback(callback) => {
                let verdict = callback
                    .outcome
                    .map(|s| format!(" · {}", lang.label("satisfaction", s.code())))
                    .unwrap_or_default();
                let words = if callback.customer_words.is_empty() {
                    String::new()
                } else {
                    format!(": “{}”", callback.customer_words)
                };
                format!(
                    "· {} {} {} · {}{verdict}{words}",
                    lang.t("caller.callback"),
                    clock.format(callback.done_at.unwrap_or(callback.due_at), "%Y-%m-%d"),
                    lang.label("callback_reason", callback.reason.code()),
                    lang.label("callback_status", callback.status.code()),
                )
            }
        });
    }
    if history.open_cases().next().is_some() {
        lines.push(lang.t("caller.open_hint").into_owned());
    }
    lines
}
