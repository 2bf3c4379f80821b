//! The leasing report (每周招商工作汇报, also by month, quarter or year): new prospects by
//! source, contacts made, the funnel with its conversion, the reasons deals were lost, what was
//! signed against the period's targets (招商任务完成率), the category mix signed against the
//! plan, and one line per leasing staff member.

use std::collections::BTreeMap;

use super::Report;
use super::table::{Table, area, percent, yuan};
use crate::config::Settings;
use crate::domain::kpi::Period;
use crate::domain::prospect::{ProspectStage, completion_rate};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// The funnel's stages in order; "potential" counts the period's new prospects.
const FUNNEL: [ProspectStage; 4] =
    [ProspectStage::Potential, ProspectStage::Intent, ProspectStage::Negotiating, ProspectStage::Signed];

/// A share of a whole as a fraction; `None` when the whole is nothing.
fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

pub fn leasing(store: &Store, settings: &Settings, period: Period, lang: Lang) -> Result<Report> {
    let (from, until) = super::instants(store.clock(), period);
    let (first, after) = period.days();
    let last = after.pred_opt().unwrap_or(after);
    let mut text = lang.t_with(
        "rpt.leasing",
        &[("period", &period.to_string()), ("from", &first.to_string()), ("until", &last.to_string())],
    );
    text.push('\n');
    let mut csv = Table::new(lang, &["section", "item", "figure", "value"]);
    let mut section = |text: &mut String, title_key: &str, table: &Table| {
        let title = lang.t(title_key).into_owned();
        text.push_str(&format!("\n{title}\n"));
        text.push_str(&table.render());
        csv.rows.extend(table.long_rows(&title));
    };

    let sources = store.new_prospects_by_source(from, until)?;
    let new_total: u64 = sources.iter().map(|(_, n)| n).sum();
    let mut table = Table::new(lang, &["source", "#prospects"]);
    for (source, n) in &sources {
        table.push(vec![lang.label("source_channel", source.code()).into_owned(), n.to_string()]);
    }
    if !sources.is_empty() {
        table.push(vec![lang.t("rpt.total").into_owned(), new_total.to_string()]);
    }
    section(&mut text, "rpt.leasing_sources", &table);

    let contacts = store.contacts_by_mode(from, until)?;
    let mut table = Table::new(lang, &["mode", "#contacts"]);
    for (mode, n) in &contacts {
        table.push(vec![lang.label("interaction_mode", mode.code()).into_owned(), n.to_string()]);
    }
    if !contacts.is_empty() {
        table.push(vec![
            lang.t("rpt.total").into_owned(),
            contacts.iter().map(|(_, n)| n).sum::<u64>().to_string(),
        ]);
    }
    section(&mut text, "rpt.leasing_contacts", &table);

    // The funnel: new prospects, then those that reached each later stage in the period; the
    // conversion is each step's count over the step before it.
    let entries: BTreeMap<ProspectStage, u64> = store.stage_entries(from, until)?.into_iter().collect();
    let mut table = Table::new(lang, &["stage", "#prospects", "#conversion"]);
    let mut before: Option<u64> = None;
    for stage in FUNNEL {
        let n = if stage == ProspectStage::Potential {
            new_total
        } else {
            entries.get(&stage).copied().unwrap_or(0)
        };
        let conversion = before.and_then(|b| share(n as i64, b as i64));
        table.push(vec![
            lang.label("prospect_stage", stage.code()).into_owned(),
            n.to_string(),
            if before.is_some() { percent(conversion) } else { "—".into() },
        ]);
        before = Some(n);
    }
    if new_total == 0 && entries.is_empty() {
        table.rows.clear();
    }
    section(&mut text, "rpt.leasing_funnel", &table);

    let lost = store.lost_reasons(from, until)?;
    let top = settings.leasing.lost_reasons_top as usize;
    let mut table = Table::new(lang, &["reason", "#prospects"]);
    for (reason, n) in lost.iter().take(top) {
        let reason = if reason.is_empty() { "—".to_string() } else { reason.clone() };
        table.push(vec![reason, n.to_string()]);
    }
    let others: u64 = lost.iter().skip(top).map(|(_, n)| n).sum();
    if others > 0 {
        table.push(vec![lang.t("rpt.other_reasons").into_owned(), others.to_string()]);
    }
    section(&mut text, "rpt.leasing_lost", &table);

    // Signed against the period's targets.
    let deals = store.signed_deals(from, until)?;
    let signed_area: i64 = deals.iter().map(|d| d.area_dm2).sum();
    let signed_rent: i64 = deals.iter().map(|d| d.monthly_rent_fen).sum();
    let leasing = &settings.leasing;
    let deal_target = period.target(u64::from(leasing.monthly_signing_target));
    let area_target = period.target(u64::from(leasing.monthly_signed_area_target_m2)) as i64 * 100;
    let rent_target = period.target(u64::from(leasing.monthly_signed_rent_target_yuan)) as i64 * 100;
    let mut table = Table::new(lang, &["measure", "#signed", "#target", "#completion"]);
    table.push(vec![
        lang.t("rpt.deals").into_owned(),
        deals.len().to_string(),
        deal_target.to_string(),
        percent(completion_rate(deals.len() as u64, deal_target)),
    ]);
    table.push(vec![
        lang.t("rpt.area_m2").into_owned(),
        area(signed_area),
        area(area_target),
        percent(share(signed_area, area_target)),
    ]);
    table.push(vec![
        lang.t("rpt.monthly_rent").into_owned(),
        yuan(signed_rent),
        yuan(rent_target),
        percent(share(signed_rent, rent_target)),
    ]);
    section(&mut text, "rpt.leasing_targets", &table);

    // Category mix: the share of area signed per category against the plan (the units'
    // intended categories).
    let planned = store.planned_mix()?;
    let planned_total: i64 = planned.iter().map(|(_, a)| a).sum();
    let mut signed_by: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
    for deal in &deals {
        let entry = signed_by.entry(deal.category.as_str()).or_default();
        entry.0 += 1;
        entry.1 += deal.area_dm2;
    }
    let mut table = Table::new(lang, &["category", "#planned_share", "#deals", "#signed_share"]);
    let mut categories: Vec<&str> = planned.iter().map(|(c, _)| c.as_str()).collect();
    categories.extend(signed_by.keys().filter(|c| !planned.iter().any(|(p, _)| p == *c)));
    for category in categories {
        let planned_area = planned.iter().find(|(c, _)| c == category).map_or(0, |(_, a)| *a);
        let (count, signed) = signed_by.get(category).copied().unwrap_or_default();
        table.push(vec![
            if category.is_empty() { "—".into() } else { category.to_string() },
            percent(share(planned_area, planned_total)),
            count.to_string(),
            percent(share(signed, signed_area)),
        ]);
    }
    section(&mut text, "rpt.leasing_mix", &table);

    // One line per leasing staff member.
    let staff_target = period.target(u64::from(leasing.staff_monthly_signing_target));
    let mut table = Table::new(
        lang,
        &["staff", "#new_prospects", "#contacts", "#signed", "$monthly_rent", "#target", "#completion"],
    );
    for person in store.staff_pipeline(from, until)? {
        let theirs: Vec<_> = deals.iter().filter(|d| d.staff_id == Some(person.staff_id)).collect();
        let signed = theirs.len() as u64;
        table.push(vec![
            person.name,
            person.new_prospects.to_string(),
            person.contacts.to_string(),
            signed.to_string(),
            yuan(theirs.iter().map(|d| d.monthly_rent_fen).sum()),
            staff_target.to_string(),
            percent(completion_rate(signed, staff_target)),
        ]);
    }
    section(&mut text, "rpt.leasing_staff", &table);
    Ok(Report::from_table(text, csv))
}
