//! The service centre's periodic reports: the complaint classification report (顾客投诉分类
//! 登记表), the callback register (回访登记表) and the callback summary (回访总结汇报) with its
//! unreachable list, each as text and as CSV rows.

use crate::domain::callback::Callback;
use crate::domain::kpi::Period;
use crate::domain::phone;
use crate::store::callbacks::CallbackFilter;
use crate::store::reports::CallbackFigures;
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

pub use super::Report;

fn label(lang: Lang, dimension: &str, value: &str) -> String {
    let type_key = match dimension {
        "kind" => "complaint_kind",
        "category" => "complaint_category",
        "level" => "complaint_level",
        "satisfaction" => "satisfaction",
        _ => return if value.is_empty() { "—".into() } else { value.to_string() },
    };
    if value.is_empty() { "—".into() } else { lang.label(type_key, value).into_owned() }
}

/// Cases received in the period by kind, category, merchant, level and callback verdict.
pub fn classification(store: &Store, period: Period, lang: Lang) -> Result<Report> {
    let (from, until) = super::instants(store.clock(), period);
    let mut text = lang.t_with("report.classification", &[("period", &period.to_string())]);
    text.push('\n');
    let mut rows = Vec::new();
    for dimension in ["kind", "category", "merchant", "level", "satisfaction"] {
        let counts = store.complaint_breakdown(from, until, dimension)?;
        text.push_str(&format!("\n{}\n", lang.t(&format!("report.by.{dimension}"))));
        // The merchant list is long: its top 20 on paper, every merchant in the CSV.
        for (index, (value, count)) in counts.iter().enumerate() {
            let shown = label(lang, dimension, value);
            if dimension != "merchant" || index < 20 {
                text.push_str(&format!("  {}{count:>8}\n", super::pad(&shown, 24)));
            }
            rows.push(vec![period.to_string(), dimension.to_string(), shown, count.to_string()]);
        }
        if counts.is_empty() {
            text.push_str("  —\n");
        }
    }
    Ok(Report { text, header: super::headers(lang, &["period", "dimension", "value", "cases"]), rows })
}

fn rate(part: u64, whole: u64) -> String {
    if whole == 0 { "—".into() } else { format!("{:.1} %", part as f64 * 100.0 / whole as f64) }
}

fn figures_line(lang: Lang, figures: &CallbackFigures, name: &str) -> String {
    let reached = figures.done;
    format!(
        "  {}{:>7} {:>7} {:>7} {:>7}  {} {:>8}  {} {:>8}\n",
        super::pad(name, 22),
        figures.total,
        figures.done,
        figures.unreachable,
        figures.open,
        lang.t("report.reach"),
        rate(reached, figures.done + figures.unreachable),
        lang.t("report.satisfaction"),
        rate(figures.satisfied, figures.done)
    )
}

/// Callbacks due in the period: reach rate and satisfaction in all, by reason and by staff,
/// then the unreachable list for leasing and operations to verify contact details.
pub fn summary(store: &Store, period: Period, lang: Lang) -> Result<Report> {
    let (from, until) = super::instants(store.clock(), period);
    let mut text = lang.t_with("report.summary", &[("period", &period.to_string())]);
    text.push('\n');
    text.push_str(&format!("  {}{}\n", super::pad("", 22), lang.t("report.summary_columns")));
    let mut rows = Vec::new();
    let mut push = |group: &str, name: &str, f: &CallbackFigures| {
        rows.push(vec![
            period.to_string(),
            group.to_string(),
            name.to_string(),
            f.total.to_string(),
            f.done.to_string(),
            f.unreachable.to_string(),
            f.open.to_string(),
            f.satisfied.to_string(),
            f.neutral.to_string(),
            f.unsatisfied.to_string(),
        ]);
    };
    for figures in store.callback_figures(from, until, None)? {
        let name = lang.t("report.all").into_owned();
        text.push_str(&figures_line(lang, &figures, &name));
        push("all", &name, &figures);
    }
    text.push_str(&format!("\n{}\n", lang.t("report.by.reason")));
    for figures in store.callback_figures(from, until, Some("reason"))? {
        let name = lang.label("callback_reason", &figures.group).into_owned();
        text.push_str(&figures_line(lang, &figures, &name));
        push("reason", &name, &figures);
    }
    text.push_str(&format!("\n{}\n", lang.t("report.by.staff")));
    for figures in store.callback_figures(from, until, Some("staff"))? {
        let name = if figures.group.is_empty() { "—".to_string() } else { figures.group.clone() };
        text.push_str(&figures_line(lang, &figures, &name));
        push("staff", &name, &figures);
    }
    text.push_str(&format!("\n{}\n", lang.t("report.unreachable")));
    let unreachable = unreachable(store, period)?;
    for callback in &unreachable {
        text.push_str(&format!(
            "  {}{}{} {}\n",
            super::pad(&callback.party_name, 24),
            super::pad(&phone::display(&callback.phone), 16),
            lang.label("callback_reason", callback.reason.code()),
            callback.failed_attempts
        ));
    }
    if unreachable.is_empty() {
        text.push_str("  —\n");
    }
    let header = [
        "period",
        "group",
        "name",
        "callbacks",
        "done",
        "unreachable",
        "open",
        "satisfied",
        "neutral",
        "unsatisfied",
    ];
    Ok(Report { text, header: super::headers(lang, &header), rows })
}

/// Callbacks that became unreachable in the period (by when the last failed attempt gave them
/// up, not by their due date: this week's list holds this week's failures).
pub fn unreachable(store: &Store, period: Period) -> Result<Vec<Callback>> {
    let filter =
        CallbackFilter { unreachable_in: Some(super::instants(store.clock(), period)), ..Default::default() };
    super::all_rows::<Callback>(store, &filter)
}

/// Every callback due in the period, one line each (the register).
pub fn register(store: &Store, period: Period, lang: Lang) -> Result<Report> {
    let (from, until) = super::instants(store.clock(), period);
    let filter = CallbackFilter { due_from: Some(from), due_before: Some(until), ..Default::default() };
    let callbacks = super::all_rows::<Callback>(store, &filter)?;
    let mut text = lang.t_with("report.register", &[("period", &period.to_string())]);
    text.push('\n');
    let mut rows = Vec::new();
    for c in callbacks {
        let row = vec![
            super::super::ui::tabs::local_time(store.clock(), &c.due_at),
            c.party_name.clone(),
            phone::display(&c.phone),
            lang.label("callback_reason", c.reason.code()).into_owned(),
            lang.label("callback_status", c.status.code()).into_owned(),
            c.failed_attempts.to_string(),
            c.outcome.map(|o| lang.label("satisfaction", o.code()).into_owned()).unwrap_or_default(),
            // The CSV keeps the words as said (quoted); the printed line keeps to one line.
            c.customer_words.clone(),
        ];
        text.push_str(&format!(
            "  {} {}{}{}{} {}\n",
            row[0],
            super::pad(&row[1], 22),
            super::pad(&row[2], 15),
            super::pad(&row[4], 10),
            super::pad(&row[6], 8),
            row[7].replace(['\r', '\n'], " ")
        ));
        rows.push(row);
    }
    let header = ["due", "who", "phone", "reason", "status", "failed_attempts", "outcome", "words"];
    Ok(Report { text, header: super::headers(lang, &header), rows })
}

/// The unreachable list alone, for leasing and operations to verify contact details.
pub fn unreachable_list(store: &Store, period: Period, lang: Lang) -> Result<Report> {
    let mut text = lang.t_with("report.unreachable_title", &[("period", &period.to_string())]);
    text.push('\n');
    let mut rows = Vec::new();
    for c in unreachable(store, period)? {
        let row = vec![
            c.party_name.clone(),
            phone::display(&c.phone),
            lang.label("party_kind", c.party_kind.code()).into_owned(),
            lang.label("callback_reason", c.reason.code()).into_owned(),
            super::super::ui::tabs::local_time(store.clock(), &c.due_at),
            c.failed_attempts.to_string(),
        ];
        text.push_str(&format!(
            "  {}{}{}{}\n",
            super::pad(&row[0], 24),
            super::pad(&row[1], 16),
            super::pad(&row[3], 14),
            row[4]
        ));
        rows.push(row);
    }
    if rows.is_empty() {
        text.push_str("  —\n");
    }
    let header = ["who", "phone", "party", "reason", "due", "failed_attempts"];
    Ok(Report { text, header: super::headers(lang, &header), rows })
}
