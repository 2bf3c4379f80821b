//! Money owed and money collected: arrears (欠费) per merchant and charge kind in ageing bands
//! with the last dunning entry, and the collection rate (租金收缴率 = collected ÷ billed) of the
//! charges due in a period, in all, per floor and per charge kind.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Report;
use super::table::{Table, percent, yuan};
use crate::domain::kpi::Period;
use crate::domain::lease::{AGEING_BANDS, ChargeKind, ageing_band, collection_rate};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// One merchant's debt of one kind, by ageing band.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aged {
    pub bands: [i64; AGEING_BANDS],
}

impl Aged {
    pub fn total(&self) -> i64 {
        self.bands.iter().sum()
    }
}

/// One merchant's debts on a day, by charge kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantDebt {
    pub merchant_id: i64,
    pub brand: String,
    pub kinds: Vec<(ChargeKind, Aged)>,
}

impl MerchantDebt {
    pub fn total(&self) -> i64 {
        self.kinds.iter().map(|(_, aged)| aged.total()).sum()
    }
}

/// Merchants owing money on `day`, largest debt first.
pub fn aged_debts(store: &Store, day: NaiveDate) -> Result<Vec<MerchantDebt>> {
    let mut by_merchant: BTreeMap<i64, (String, BTreeMap<ChargeKind, Aged>)> = BTreeMap::new();
    for charge in store.unpaid_charges(day)? {
        let entry =
            by_merchant.entry(charge.merchant_id).or_insert_with(|| (charge.brand.clone(), BTreeMap::new()));
        let band = ageing_band((day - charge.due_date).num_days());
        entry.1.entry(charge.kind).or_default().bands[band] += charge.owed_fen;
    }
    let mut out: Vec<MerchantDebt> = by_merchant
        .into_iter()
        .map(|(merchant_id, (brand, kinds))| MerchantDebt {
            merchant_id,
            brand,
            kinds: kinds.into_iter().collect(),
        })
        .collect();
    out.sort_by(|a, b| b.total().cmp(&a.total()).then(a.merchant_id.cmp(&b.merchant_id)));
    Ok(out)
}

pub fn arrears(store: &Store, day: NaiveDate, lang: Lang) -> Result<Report> {
    let debts = aged_debts(store, day)?;
    let dunning: BTreeMap<i64, _> = store.last_dunning(day)?.into_iter().collect();
    let mut text = lang.t_with("rpt.arrears", &[("date", &day.to_string())]);
    text.push('\n');
    let mut table = Table::new(
        lang,
        &[
            "merchant",
            "kind",
            "$days_0_30",
            "$days_31_60",
            "$days_61_90",
            "$days_over_90",
            "$total",
            "last_dunning",
        ],
    );
    let mut sums = [0i64; AGEING_BANDS];
    for debt in &debts {
        for (index, (kind, aged)) in debt.kinds.iter().enumerate() {
            let last = if index == 0 {
                dunning.get(&debt.merchant_id).map_or_else(
                    || lang.t("rpt.no_dunning").into_owned(),
                    |d| format!("{} {}", d.day, lang.label("dunning_mode", d.mode.code())),
                )
            } else {
                String::new()
            };
            let mut row = vec![
                if index == 0 { debt.brand.clone() } else { String::new() },
                lang.label("charge_kind", kind.code()).into_owned(),
            ];
            row.extend(aged.bands.iter().map(|fen| yuan(*fen)));
            row.push(yuan(aged.total()));
            row.push(last);
            table.push(row);
            for (sum, fen) in sums.iter_mut().zip(aged.bands) {
                *sum += fen;
            }
        }
    }
    if !debts.is_empty() {
        let mut row = vec![lang.t("rpt.total").into_owned(), String::new()];
        row.extend(sums.iter().map(|fen| yuan(*fen)));
        row.push(yuan(sums.iter().sum()));
        row.push(String::new());
        table.push(row);
    }
    text.push_str(&table.render());
    // The CSV names the merchant on every line, so it sorts and filters in a spreadsheet.
    let mut brand = String::new();
    for row in &mut table.rows {
        if row[0].is_empty() {
            row[0] = brand.clone();
        } else {
            brand = row[0].clone();
        }
    }
    Ok(Report::from_table(text, table))
}

/// Billed and collected money of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Collected {
    pub billed_fen: i64,
    pub collected_fen: i64,
}

impl Collected {
    pub fn rate(&self) -> Option<f64> {
        collection_rate(self.collected_fen, self.billed_fen)
    }
}

pub fn collection(store: &Store, period: Period, as_of: NaiveDate, lang: Lang) -> Result<Report> {
    let (from, until) = period.days();
    let billing = store.billing(from, until, as_of)?;
    let mut text =
        lang.t_with("rpt.collection", &[("period", &period.to_string()), ("date", &as_of.to_string())]);
    text.push('\n');
    let mut table =
        Table::new(lang, &["group", "name", "$billed", "$collected", "$outstanding", "#collection_rate"]);
    let mut all = Collected::default();
    let mut floors: BTreeMap<&str, Collected> = BTreeMap::new();
    let mut kinds: BTreeMap<ChargeKind, Collected> = BTreeMap::new();
    for line in &billing {
        for group in [&mut all, floors.entry(&line.floor).or_default(), kinds.entry(line.kind).or_default()] {
            group.billed_fen += line.billed_fen;
            group.collected_fen += line.collected_fen;
        }
    }
    let row = |group: &str, name: String, c: &Collected| {
        vec![
            lang.t(&format!("rpt.group.{group}")).into_owned(),
            name,
            yuan(c.billed_fen),
            yuan(c.collected_fen),
            yuan(c.billed_fen - c.collected_fen),
            percent(c.rate()),
        ]
    };
    if !billing.is_empty() {
        table.push(row("all", lang.t("rpt.total").into_owned(), &all));
        for (floor, c) in &floors {
            table.push(row("floor", floor.to_string(), c));
        }
        for (kind, c) in &kinds {
            table.push(row("kind", lang.label("charge_kind", kind.code()).into_owned(), c));
        }
    }
    text.push_str(&table.render());
    Ok(Report::from_table(text, table))
}
