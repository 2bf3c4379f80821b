//! Quarterly staff scorecards (自然季度考核). Leasing staff: signings against their target
//! (招商任务完成率), new valid prospects, signed rent. Operations staff: the collection rate of
//! the zone or floor they look after. Service staff: complaints handled on time. Each against
//! its target (settings), with the two quarters before, and the house rule's flag: two
//! consecutive quarters below target earn a warning, three a dismissal review.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Report;
use super::table::{Table, percent, yuan};
use crate::config::Settings;
use crate::domain::kpi::Period;
use crate::domain::lease::collection_rate;
use crate::domain::prospect::completion_rate;
use crate::domain::staff::{Department, Staff, StaffRole, Standing};
use crate::store::staff::StaffFilter;
use crate::store::{PageRequest, Result, Store};
use crate::ui::i18n::Lang;

/// One quarter's measure for one person: the value shown and whether it missed its target.
#[derive(Debug, Clone, PartialEq)]
struct Measure {
    shown: String,
    below: Option<bool>,
}

impl Measure {
    fn rate(rate: Option<f64>, target: f64) -> Measure {
        Measure { shown: percent(rate), below: rate.map(|r| r < target) }
    }

    /// As shown for an earlier quarter: the figure, marked ✗ when it missed.
    fn past(&self) -> String {
        if self.below == Some(true) { format!("{} ✗", self.shown) } else { self.shown.clone() }
    }
}

fn standing(lang: Lang, measures: &[Measure]) -> String {
    let below: Vec<Option<bool>> = measures.iter().map(|m| m.below).collect();
    match Standing::of(&below) {
        Standing::Fine => String::new(),
        other => lang.t(&format!("rpt.standing.{}", other.code())).into_owned(),
    }
}

fn is_leasing(s: &Staff) -> bool {
    s.role == StaffRole::Leasing || s.department == Department::Leasing
}

/// The quarter's days as seen on `today`: a quarter still running is measured up to today.
fn measured_days(quarter: Period, today: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate) {
    let (first, after) = quarter.days();
    let until = after.min(today.succ_opt().unwrap_or(today)).max(first);
    let as_of = until.pred_opt().unwrap_or(until);
    (first, until, as_of)
}

/// The scorecards of `quarter` as seen at `now` (a quarter still running is measured so far).
pub fn scorecards(
    store: &Store,
    settings: &Settings,
    quarter: Period,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Result<Report> {
    let today = store.clock().day(now);
    let quarters = [quarter, quarter.previous(), quarter.previous().previous()];
    let staff: Vec<Staff> = store
        .repo::<Staff>()
        .page(&StaffFilter { active_only: true, ..Default::default() }, &PageRequest::first(10_000))?
        .rows;
    let deal_target = quarter.target(u64::from(settings.leasing.staff_monthly_signing_target));
    let new_target = u64::from(settings.leasing.staff_quarterly_new_prospects_target);

    // Per quarter, newest first: each person's measure.
    let mut leasing: BTreeMap<i64, Vec<Measure>> = BTreeMap::new();
    let mut operations: BTreeMap<i64, Vec<Measure>> = BTreeMap::new();
    let mut service: BTreeMap<i64, Vec<Measure>> = BTreeMap::new();
    // The current quarter's detail figures.
    let mut signed_now: BTreeMap<i64, (u64, i64)> = BTreeMap::new();
    let mut valid_now: BTreeMap<i64, u64> = BTreeMap::new();
    let mut billed_now: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut handled_now: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    for (index, q) in quarters.iter().enumerate() {
        let (from, until) = super::instants(store.clock(), *q);
        let deals = store.signed_deals(from, until)?;
        let valid: BTreeMap<i64, u64> = store.valid_new_prospects(from, until)?.into_iter().collect();
        let (first, billing_until, as_of) = measured_days(*q, today);
        let billing = store.billing(first, billing_until, as_of)?;
        let handled: BTreeMap<i64, _> =
            store.handled_on_time(from, until, settings.service.resolve_days, now)?.into_iter().collect();
        for person in &staff {
            if is_leasing(person) {
                let theirs: Vec<_> = deals.iter().filter(|d| d.staff_id == Some(person.id)).collect();
                let signed = theirs.len() as u64;
                let rate = completion_rate(signed, deal_target);
                leasing.entry(person.id).or_default().push(Measure::rate(rate, 1.0));
                if index == 0 {
                    signed_now.insert(person.id, (signed, theirs.iter().map(|d| d.monthly_rent_fen).sum()));
                    valid_now.insert(person.id, valid.get(&person.id).copied().unwrap_or(0));
                }
            } else if person.department == Department::Operations {
                let zone = person.zone.trim();
                let (billed, collected) = billing
                    .iter()
                    .filter(|b| zone.is_empty() || b.zone == zone || b.floor == zone)
                    .fold((0, 0), |(b, c), line| (b + line.billed_fen, c + line.collected_fen));
                let rate = collection_rate(collected, billed);
                operations
                    .entry(person.id)
                    .or_default()
                    .push(Measure::rate(rate, settings.kpi.collection_rate_min));
                if index == 0 {
                    billed_now.insert(person.id, (billed, collected));
                }
            } else if person.department == Department::Service {
                let h = handled.get(&person.id).copied().unwrap_or_default();
                let rate = (h.complaints > 0).then(|| h.on_time as f64 / h.complaints as f64);
                service
                    .entry(person.id)
                    .or_default()
                    .push(Measure::rate(rate, settings.kpi.on_time_rate_min));
                if index == 0 {
                    handled_now.insert(person.id, (h.complaints, h.on_time));
                }
            }
        }
    }

    let mut text = lang.t_with("rpt.staff", &[("period", &quarter.to_string())]);
    text.push('\n');
    let mut csv = Table::new(lang, &["section", "item", "figure", "value"]);
    let q1 = quarters[1].to_string();
    let q2 = quarters[2].to_string();
    let past = |lang: Lang, key: &str| lang.t_with(key, &[("q1", &q1), ("q2", &q2)]);
    let mut section = |text: &mut String, title_key: &str, mut table: Table| {
        // The earlier quarters' columns are named after them.
        let n = table.header.len();
        table.header[n - 3] = past(lang, "rpt.col.quarter_1");
        table.header[n - 2] = past(lang, "rpt.col.quarter_2");
        let title = lang.t(title_key).into_owned();
        text.push_str(&format!("\n{title}\n"));
        text.push_str(&table.render());
        csv.rows.extend(table.long_rows(&title));
    };
    let name_of = |id: i64| staff.iter().find(|s| s.id == id).map(|s| s.name.clone()).unwrap_or_default();

    let mut table = Table::new(
        lang,
        &[
            "staff",
            "#signed",
            "#target",
            "#completion",
            "#valid_new",
            "#new_target",
            "$signed_rent",
            "#q1",
            "#q2",
            "standing",
        ],
    );
    for (id, measures) in &leasing {
        let (signed, rent) = signed_now.get(id).copied().unwrap_or_default();
        let mark = if measures[0].below == Some(true) { " ✗" } else { "" };
        table.push(vec![
            name_of(*id),
            signed.to_string(),
            deal_target.to_string(),
            format!("{}{mark}", measures[0].shown),
            valid_now.get(id).copied().unwrap_or(0).to_string(),
            new_target.to_string(),
            yuan(rent),
            measures[1].past(),
            measures[2].past(),
            standing(lang, measures),
        ]);
    }
    section(&mut text, "rpt.staff_leasing", table);

    let mut table = Table::new(
        lang,
        &["staff", "zone", "$billed", "$collected", "#collection_rate", "#target", "#q1", "#q2", "standing"],
    );
    for (id, measures) in &operations {
        let (billed, collected) = billed_now.get(id).copied().unwrap_or_default();
        let zone = staff.iter().find(|s| s.id == *id).map(|s| s.zone.clone()).unwrap_or_default();
        table.push(vec![
            name_of(*id),
            if zone.is_empty() { lang.t("rpt.whole_mall").into_owned() } else { zone },
            yuan(billed),
            yuan(collected),
            measures[0].past(),
            percent(Some(settings.kpi.collection_rate_min)),
            measures[1].past(),
            measures[2].past(),
            standing(lang, measures),
        ]);
    }
    section(&mut text, "rpt.staff_operations", table);

    let mut table = Table::new(
        lang,
        &["staff", "#complaints", "#on_time", "#on_time_rate", "#target", "#q1", "#q2", "standing"],
    );
    for (id, measures) in &service {
        let (complaints, on_time) = handled_now.get(id).copied().unwrap_or_default();
        table.push(vec![
            name_of(*id),
            complaints.to_string(),
            on_time.to_string(),
            measures[0].past(),
            percent(Some(settings.kpi.on_time_rate_min)),
            measures[1].past(),
            measures[2].past(),
            standing(lang, measures),
        ]);
    }
    section(&mut text, "rpt.staff_service", table);
    Ok(Report::from_table(text, csv))
}
