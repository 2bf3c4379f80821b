//! The KPI report (`malldesk report kpi`): each house KPI for a period with its numerator,
//! denominator, target and whether it is met.

use std::path::Path;

use crate::config::Settings;
use crate::domain::kpi::{self, Direction, Kpi, Period};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// The KPIs of cases received in `period`, with the effective complaint rate also for the year
/// to date beside it (the house rules make it an annual figure: complaining merchants ÷ all
/// merchants from 1 January to the end of the period).
pub fn kpis(store: &Store, settings: &Settings, period: Period) -> Result<Vec<Kpi>> {
    let (from, until) = super::instants(store.clock(), period);
    let counts = store.service_counts(from, until, settings.service.resolve_days)?;
    let mut kpis = kpi::service_kpis(&counts, &settings.kpi_targets());
    let (first_day, _) = period.days();
    let (year_from, _) =
        super::instants(store.clock(), Period::Year { year: chrono::Datelike::year(&first_day) });
    let year = store.service_counts(year_from, until, settings.service.resolve_days)?;
    if let Some(mut ytd) = kpi::service_kpis(&year, &settings.kpi_targets()).into_iter().next() {
        ytd.code = "effective_complaint_rate_ytd";
        kpis.insert(1, ytd);
    }
    Ok(kpis)
}

/// `< 1.0 %` or `≥ 90.0 %`.
pub fn target_text(kpi: &Kpi) -> String {
    let sign = match kpi.direction {
        Direction::AtMost => "<",
        Direction::AtLeast => "≥",
    };
    format!("{sign} {:.1} %", kpi.target * 100.0)
}

/// "met" / "missed" / "—" in the language.
pub fn status_text(kpi: &Kpi, lang: Lang) -> String {
    match kpi.met() {
        Some(true) => lang.t("kpi.met").into_owned(),
        Some(false) => lang.t("kpi.missed").into_owned(),
        None => "—".into(),
    }
}

/// The report as text, one KPI a line.
pub fn text(kpis: &[Kpi], period: Period, lang: Lang) -> String {
    let mut out = lang.t_with("kpi.title", &[("period", &period.to_string())]);
    out.push('\n');
    let names: Vec<String> = kpis.iter().map(|k| lang.t(&format!("kpi.{}", k.code)).into_owned()).collect();
    let width =
        names.iter().map(|n| unicode_width::UnicodeWidthStr::width(n.as_str())).max().unwrap_or(0) + 2;
    for (kpi, name) in kpis.iter().zip(names) {
        out.push_str(&format!(
            "{}{:>8}  {:>11}  {} {:<9} {}\n",
            super::pad(&name, width),
            kpi.percent(),
            format!("{} / {}", kpi.numerator, kpi.denominator),
            lang.t("kpi.target"),
            target_text(kpi),
            status_text(kpi, lang)
        ));
    }
    out
}

/// The report as CSV rows.
pub fn csv(path: &Path, kpis: &[Kpi], period: Period, lang: Lang) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = kpis
        .iter()
        .map(|k| {
            vec![
                period.to_string(),
                lang.t(&format!("kpi.{}", k.code)).into_owned(),
                k.numerator.to_string(),
                k.denominator.to_string(),
                k.value().map(|v| format!("{:.4}", v)).unwrap_or_default(),
                target_text(k),
                status_text(k, lang),
            ]
        })
        .collect();
    let header =
        super::headers(lang, &["period", "kpi", "numerator", "denominator", "value", "target", "status"]);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    super::write_csv(path, &header, &rows)
}
