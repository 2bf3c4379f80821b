//! Occupancy (出租率) on a day: per floor and zone the leasable, let, reserved and vacant area,
//! the vacancy rate, and the units standing empty for more than 90 days; then every vacant unit.

use chrono::NaiveDate;

use super::Report;
use super::table::{Table, area, percent};
use crate::domain::unit::vacancy_rate;
use crate::store::lease_figures::UnitOnDay;
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// A unit empty longer than this is "long vacant".
pub const LONG_VACANT_DAYS: i64 = 90;

/// Days a vacant unit has stood empty on `day`; `None` when it was never let.
pub fn vacant_days(unit: &UnitOnDay, day: NaiveDate) -> Option<i64> {
    unit.last_lease_end.map(|end| (day - end).num_days())
}

/// Whether a vacant unit counts as long vacant: more than 90 days, or never let.
pub fn long_vacant(unit: &UnitOnDay, day: NaiveDate) -> bool {
    vacant_days(unit, day).is_none_or(|days| days > LONG_VACANT_DAYS)
}

#[derive(Default)]
struct Sums {
    units: u64,
    area: i64,
    let_out: i64,
    reserved: i64,
    vacant: i64,
    long_vacant: u64,
}

impl Sums {
    fn add(&mut self, unit: &UnitOnDay, day: NaiveDate) {
        self.units += 1;
        self.area += unit.area_dm2;
        if unit.let_out {
            self.let_out += unit.area_dm2;
        } else if unit.reserved {
            self.reserved += unit.area_dm2;
        } else {
            self.vacant += unit.area_dm2;
            self.long_vacant += u64::from(long_vacant(unit, day));
        }
    }

    fn row(&self, floor: String, zone: String) -> Vec<String> {
        vec![
            floor,
            zone,
            self.units.to_string(),
            area(self.area),
            area(self.let_out),
            area(self.reserved),
            area(self.vacant),
            percent(vacancy_rate(self.vacant, self.area)),
            self.long_vacant.to_string(),
        ]
    }
}

pub fn occupancy(store: &Store, day: NaiveDate, lang: Lang) -> Result<Report> {
    let units = store.units_on(day)?;
    let mut text = lang.t_with("rpt.occupancy", &[("date", &day.to_string())]);
    text.push('\n');
    let mut table = Table::new(
        lang,
        &[
            "floor",
            "zone",
            "#units",
            "#leasable_m2",
            "#let_m2",
            "#reserved_m2",
            "#vacant_m2",
            "#vacancy",
            "#long_vacant",
        ],
    );
    let mut total = Sums::default();
    let mut group = Sums::default();
    let mut current: Option<(&str, &str)> = None;
    for unit in &units {
        let key = (unit.floor.as_str(), unit.zone.as_str());
        if current.is_some_and(|c| c != key) {
            let (floor, zone) = current.expect("checked");
            table.push(std::mem::take(&mut group).row(floor.into(), zone.into()));
        }
        current = Some(key);
        group.add(unit, day);
        total.add(unit, day);
    }
    if let Some((floor, zone)) = current {
        table.push(group.row(floor.into(), zone.into()));
        table.push(total.row(lang.t("rpt.total").into_owned(), String::new()));
    }
    text.push_str(&table.render());

    text.push_str(&format!("\n{}\n", lang.t("rpt.vacant_units")));
    text.push_str(&vacant_table(&units, day, lang).render());
    Ok(Report::from_table(text, table))
}

/// The vacant units view at the desk (the Leases tab's `v`): its title and lines.
pub fn vacant_view(store: &Store, day: NaiveDate, lang: Lang) -> Result<(String, Vec<String>)> {
    let units = store.units_on(day)?;
    let table = vacant_table(&units, day, lang);
    let title =
        lang.t_with("rpt.vacant_view", &[("n", &table.rows.len().to_string()), ("date", &day.to_string())]);
    Ok((title, table.render().lines().map(str::to_string).collect()))
}

/// Every vacant unit on `day`, the longest empty first (never-let units first of all).
fn vacant_table(units: &[UnitOnDay], day: NaiveDate, lang: Lang) -> Table {
    let mut vacant = Table::new(lang, &["unit", "floor", "zone", "#area_m2", "vacant_since", "#days_vacant"]);
    let mut empty: Vec<&UnitOnDay> = units.iter().filter(|u| !u.let_out && !u.reserved).collect();
    // Longest empty first; never-let units before all others.
    empty.sort_by_key(|u| (u.last_lease_end, u.code.clone()));
    for unit in empty {
        let (since, days) = match unit.last_lease_end {
            Some(end) => {
                ((end + chrono::Days::new(1)).to_string(), vacant_days(unit, day).unwrap_or(0).to_string())
            }
            None => (lang.t("rpt.never_let").into_owned(), "—".into()),
        };
        let mark = if long_vacant(unit, day) { " !" } else { "" };
        vacant.push(vec![
            unit.code.clone(),
            unit.floor.clone(),
            unit.zone.clone(),
            area(unit.area_dm2),
            since,
            format!("{days}{mark}"),
        ]);
    }
    vacant
}
