//! The complaint registration form (顾客投诉登记表) of one case, as text to print or file:
//! the registration, the people, the content, every step with who and when, and the signature
//! lines of the paper form.

use crate::domain::complaint::Complaint;
use crate::domain::format_yuan;
use crate::domain::merchant::Merchant;
use crate::domain::phone;
use crate::domain::unit::Unit;
use crate::store::Refusal;
use crate::store::complaints::ComplaintFilter;
use crate::store::{PageRequest, Result, Store};
use crate::ui::i18n::Lang;
use crate::ui::tabs::local_time;

/// The case with this number (`TS-20261122-0003`).
pub fn find(store: &Store, number: &str) -> Result<Complaint> {
    let filter = ComplaintFilter { text: number.trim().to_string(), ..Default::default() };
    store
        .repo::<Complaint>()
        .page(&filter, &PageRequest::first(5))?
        .rows
        .into_iter()
        .find(|c| c.number.eq_ignore_ascii_case(number.trim()))
        .ok_or_else(|| Refusal::new("no_case").with("number", number).into())
}

pub fn registration_form(store: &Store, case: &Complaint, lang: Lang) -> Result<String> {
    let merchant = case.merchant_id.map(|m| store.repo::<Merchant>().find(m)).transpose()?.flatten();
    let unit = case.unit_id.map(|u| store.repo::<Unit>().find(u)).transpose()?.flatten();
    // Values line up at column 16; a longer label still keeps a space before its value.
    let line =
        |key: &str, value: String| format!("{} {}\n", super::pad(&format!("{}:", lang.t(key)), 15), value);
    let mut out = format!("{}\n{}\n", lang.t("case.title"), "=".repeat(60));
    out += &line("field.number", case.number.clone());
    out += &line("field.kind", lang.label("complaint_kind", case.kind.code()).into_owned());
    out += &line("field.source", lang.label("complaint_source", case.source.code()).into_owned());
    out += &line("field.received_at", local_time(store.clock(), &case.received_at));
    out += &line(
        "field.complainant",
        format!("{} ({})", case.complainant, lang.label("complainant_type", case.complainant_type.code())),
    );
    out += &line("field.phone", case.phone.as_deref().map(phone::display).unwrap_or_default());
    out +=
        &line("field.merchant", merchant.map(|m| format!("{} {}", m.brand, m.company)).unwrap_or_default());
    out += &line("field.unit", unit.map(|u| format!("{} {}", u.code, u.zone)).unwrap_or_default());
    out += &line(
        "field.complaint_category",
        lang.label("complaint_category", case.category.code()).into_owned(),
    );
    out += &line("field.level", lang.label("complaint_level", case.level.code()).into_owned());
    out += &line("field.escalation", lang.label("escalation_tier", case.escalation.code()).into_owned());
    out += &format!("{}:\n  {}\n", lang.t("field.content"), case.content.replace('\n', "\n  "));
    if let Some(valid) = case.valid {
        out += &line("field.valid", lang.t(if valid { "field.yes" } else { "field.no" }).into_owned());
    }
    for (key, value) in [
        ("field.cause", case.cause.clone()),
        ("field.department", case.department.clone()),
        ("field.responsible_person", case.responsible_person.clone()),
        ("field.remedy", case.remedy.clone()),
        (
            "field.compensation",
            if case.compensation_fen > 0 { format_yuan(case.compensation_fen) } else { String::new() },
        ),
        ("field.approved_by", case.approved_by.clone().unwrap_or_default()),
        (
            "field.satisfaction",
            case.satisfaction.map(|s| lang.label("satisfaction", s.code()).into_owned()).unwrap_or_default(),
        ),
        ("field.closing_summary", case.closing_summary.clone()),
    ] {
        if !value.is_empty() {
            out += &line(key, value.replace('\n', " "));
        }
    }
    out += &format!("\n{}\n", lang.t("detail.steps"));
    for step in store.repo::<Complaint>().steps(case.id)? {
        let note = if step.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", step.note.replace('\n', " "))
        };
        out += &format!(
            "  {} {} {}{note}\n",
            local_time(store.clock(), &step.at),
            super::pad(&lang.label("complaint_step", step.step.code()), 10),
            step.operator
        );
    }
    out += &format!("\n{}\n", lang.t("case.signatures"));
    Ok(out)
}
