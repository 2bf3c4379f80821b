//! The intake form follows what the clerk types with what the desk already knows: a merchant's
//! unit from its live lease (and a unit's merchant), and for a phone number — in any format —
//! the caller's name and earlier cases and callbacks, newest first, open cases marked (without
//! a number, the contacts under the typed name, each with its number).

use chrono::NaiveDate;

use crate::domain::complaint::Complaint;
use crate::domain::lease::Lease;
use crate::domain::phone;
use crate::store::callers::{CallerHistory, Contact};
use crate::store::{Result, Store};
use crate::ui::form::{Field, FieldKind, Form, Purpose};
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
    // The number finds the caller; without one, a name of two characters or more does.
    let number = phone::normalize(&form.text("phone")).unwrap_or_default();
    let name = if number.is_empty() { form.text("complainant") } else { String::new() };
    if number != form.followed.phone || name != form.followed.name {
        form.followed.phone = number.clone();
        form.followed.name = name.clone();
        form.aside.clear();
        let history = if !number.is_empty() {
            store.caller_history(&number)?
        } else if name.chars().count() >= 2 {
            store.caller_history_by_name(&name)?
        } else {
            CallerHistory::default()
        };
        if !number.is_empty() {
            if let Some(name) = history.name() {
                form.propose_text("complainant", name);
            }
            form.aside = aside(store, lang, &Caller::Number(&number), &history);
        } else if !history.contacts.is_empty() {
            form.aside = aside(store, lang, &Caller::Name(&name), &history);
        }
        offer_link(lang, form, &history);
    }
    Ok(())
}

/// Who the history was found by.
enum Caller<'a> {
    Number(&'a str),
    /// A name: several people may share it, so each contact shows its number.
    Name(&'a str),
}

/// The "same matter as" field, last on the form: there while the caller has an open case (other
/// than the one edited) or the case is already linked, listing those cases after "not linked".
/// A case the clerk chose stays chosen when the number changes.
fn offer_link(lang: Lang, form: &mut Form, history: &CallerHistory) {
    let position = form.fields.iter().position(|f| f.key == LINK);
    let chosen = position.and_then(|i| {
        let field = &form.fields[i];
        match &field.kind {
            FieldKind::Choice(options) => {
                options.get(field.choice).filter(|(code, _)| !code.is_empty()).cloned()
            }
            _ => None,
        }
    });
    let mut options = vec![(String::new(), lang.t("form.not_linked").into_owned())];
    options.extend(
        history
            .open_cases()
            .filter(|case| Some(case.id) != form.editing)
            .map(|case| (case.id.to_string(), link_label(lang, case))),
    );
    if let Some(chosen) = &chosen
        && !options.contains(chosen)
    {
        options.push(chosen.clone());
    }
    match position {
        _ if options.len() == 1 => {
            if let Some(i) = position {
                form.fields.remove(i);
                if form.focus > i || form.focus >= form.fields.len() {
                    form.focus -= 1;
                }
            }
        }
        Some(i) => {
            form.fields[i].kind = FieldKind::Choice(options);
            form.fields[i].set_choice(chosen.map(|(code, _)| code).as_deref().unwrap_or(""));
        }
        None => form.fields.push(link_field(lang, options)),
    }
}

/// The form key of the "same matter as" choice.
pub const LINK: &str = "linked_case_id";

/// A choice of the cases a new case can be linked to: "not linked" first, then `options`.
pub fn link_field(lang: Lang, options: Vec<(String, String)>) -> Field {
    Field::new(LINK, lang.t("field.linked_case").into_owned(), FieldKind::Choice(options), false)
}

/// "TS-20261120-0003 goods quality · investigating": enough to tell the caller's cases apart.
pub fn link_label(lang: Lang, case: &Complaint) -> String {
    format!(
        "{} {} · {}",
        case.number,
        lang.label("complaint_category", case.category.code()),
        lang.label("complaint_step", case.step.code())
    )
}

/// The case the form links to, when "same matter as" is shown and a case is chosen.
pub fn linked_case(form: &Form) -> Option<i64> {
    form.fields.iter().find(|f| f.key == LINK)?.code()?.parse().ok()
}

/// A picker's chosen record, when its field is not empty.
fn picked(form: &Form, key: &str) -> Option<i64> {
    let field = form.fields.iter().find(|f| f.key == key)?;
    if field.text().is_empty() { None } else { field.picked_id() }
}

/// The caller's earlier contacts as lines: "● TS-… 11-18 complaint, proposal: the words".
fn aside(store: &Store, lang: Lang, caller: &Caller<'_>, history: &CallerHistory) -> Vec<String> {
    let header = match caller {
        Caller::Number(number) if history.contacts.is_empty() => {
            return vec![lang.t_with("caller.new", &[("phone", &phone::display(number))])];
        }
        Caller::Number(number) => lang.t_with("caller.known", &[("phone", &phone::display(number))]),
        Caller::Name(name) => lang.t_with("caller.known_name", &[("name", name)]),
    };
    let clock = store.clock();
    let mut lines = vec![header];
    let by_name = matches!(caller, Caller::Name(_));
    // Under a name, each contact's number tells the people apart.
    let number_of = |phone: Option<&str>| match phone {
        Some(phone) if by_name => format!(" ({})", phone::display(phone)),
        _ => String::new(),
    };
    for contact in &history.contacts {
        lines.push(match contact {
            Contact::Case(case) => {
                let open = case.step != crate::domain::complaint::ComplaintStep::Closed;
                let verdict = case
                    .satisfaction
                    .map(|s| format!(" · {}", lang.label("satisfaction", s.code())))
                    .unwrap_or_default();
                format!(
                    "{} {}{} {} {} · {}{verdict}: {}",
                    if open { "●" } else { "·" },
                    case.number,
                    number_of(case.phone.as_deref()),
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
                    "· {}{} {} {} · {}{verdict}{words}",
                    lang.t("caller.callback"),
                    number_of(Some(&callback.phone)),
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
