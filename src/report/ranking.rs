//! The monthly merchant discipline ranking (商户月度考评排名): each merchant's score is the base
//! (a setting) less its sign-in penalties and the desk's own deductions; all are ranked, ties
//! sharing a rank, and the bottom N (a setting) marked for review (末位淘汰). One merchant's
//! deductions can be listed with their days.

use super::Report;
use super::table::Table;
use crate::config::Settings;
use crate::domain::kpi::Period;
use crate::domain::meeting::{bottom, ranks};
use crate::store::meeting_figures::{DeductionSource, MerchantMonth};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// Points in tenths as shown: `97.5`, `-1.5`.
pub fn points(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// A merchant's place in the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub month: MerchantMonth,
    pub score_tenths: i64,
    pub rank: usize,
    pub bottom: bool,
}

/// Every scored merchant of the month, best first (ties by name).
pub fn ranking(store: &Store, settings: &Settings, month: Period) -> Result<Vec<Ranked>> {
    let base = i64::from(settings.meetings.monthly_base_score) * 10;
    let months = store.merchant_months(month.days(), super::instants(store.clock(), month))?;
    let scores: Vec<i64> = months.iter().map(|m| base - m.sign_in_tenths - m.other_tenths).collect();
    let rank = ranks(&scores);
    let marked = bottom(&scores, settings.meetings.ranking_bottom as usize);
    let mut out: Vec<Ranked> = months
        .into_iter()
        .zip(scores)
        .zip(rank.into_iter().zip(marked))
        .map(|((month, score_tenths), (rank, bottom))| Ranked { month, score_tenths, rank, bottom })
        .collect();
    out.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.month.brand.cmp(&b.month.brand)));
    Ok(out)
}

pub fn report(store: &Store, settings: &Settings, month: Period, lang: Lang) -> Result<Report> {
    let mut text = lang.t_with(
        "rpt.ranking",
        &[
            ("period", &month.to_string()),
            ("base", &settings.meetings.monthly_base_score.to_string()),
            ("n", &settings.meetings.ranking_bottom.to_string()),
        ],
    );
    text.push('\n');
    let mut table =
        Table::new(lang, &["#rank", "merchant", "#sign_in_points", "#other_points", "#score", "bottom"]);
    for r in ranking(store, settings, month)? {
        table.push(vec![
            r.rank.to_string(),
            r.month.brand,
            points(-r.month.sign_in_tenths),
            points(-r.month.other_tenths),
            points(r.score_tenths),
            if r.bottom { lang.t("rpt.bottom_mark").into_owned() } else { String::new() },
        ]);
    }
    text.push_str(&table.render());
    Ok(Report::from_table(text, table))
}

/// One merchant's deductions in the month with their days, then its score and rank.
pub fn merchant_report(
    store: &Store,
    settings: &Settings,
    month: Period,
    merchant_id: i64,
    lang: Lang,
) -> Result<Report> {
    let ranked = ranking(store, settings, month)?;
    let place = ranked.iter().find(|r| r.month.merchant_id == merchant_id);
    let brand = store
        .repo::<crate::domain::merchant::Merchant>()
        .find(merchant_id)?
        .map(|m| m.brand)
        .unwrap_or_default();
    let mut text = lang.t_with("rpt.deductions", &[("merchant", &brand), ("period", &month.to_string())]);
    text.push('\n');
    let mut table = Table::new(lang, &["date", "cause", "#points"]);
    for line in store.deduction_lines(merchant_id, month.days(), super::instants(store.clock(), month))? {
        let cause = match line.source {
            DeductionSource::SignIn { kind, status } => format!(
                "{} · {}",
                lang.label("meeting_kind", kind.code()),
                lang.label("attendance_status", status.code())
            ),
            DeductionSource::Desk { reason } => reason,
        };
        table.push(vec![line.day.to_string(), cause, points(-line.tenths)]);
    }
    text.push_str(&table.render());
    let summary = match place {
        Some(r) => lang.t_with(
            "rpt.deductions_score",
            &[
                ("score", &points(r.score_tenths)),
                ("rank", &r.rank.to_string()),
                ("of", &ranked.len().to_string()),
            ],
        ),
        None => lang.t("rpt.not_ranked").into_owned(),
    };
    text.push_str(&format!("\n{summary}\n"));
    Ok(Report::from_table(text, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_show_one_decimal() {
        assert_eq!(points(975), "97.5");
        assert_eq!(points(-15), "-1.5");
        assert_eq!(points(0), "0.0");
    }
}
