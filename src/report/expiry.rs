//! What runs out: leases ending within the warning bands (90 / 60 / 30 days by default) with
//! their renewal if one is drawn up, and merchants' business licences expired or expiring.

use chrono::NaiveDate;

use super::Report;
use super::table::{Table, yuan};
use crate::config::Settings;
use crate::domain::merchant::{LicenceStatus, Merchant};
use crate::store::{Result, Store};
use crate::ui::i18n::Lang;

/// The band a lease ending `days_left` days from now is shown in: the tightest warning band it
/// falls in, `Some(0)` once it has ended; `None` beyond every band.
pub fn band_of(days_left: i64, bands: &[u32]) -> Option<u32> {
    if days_left < 0 {
        return Some(0);
    }
    bands.iter().copied().filter(|band| days_left <= i64::from(*band)).min()
}

/// A band as shown: "≤ 30 d" / "≤30天", or "ended" / "已到期" for band 0.
pub fn band_label(band: u32, lang: Lang) -> String {
    if band == 0 {
        lang.t("rpt.ended").into_owned()
    } else {
        lang.t_with("rpt.within_days", &[("days", &band.to_string())])
    }
}

pub fn expiring(store: &Store, settings: &Settings, day: NaiveDate, lang: Lang) -> Result<Report> {
    let bands = &settings.leasing.expiry_warning_days;
    let widest = bands.iter().copied().max().unwrap_or(0);
    let leases = store.leases_ending_by(day + chrono::Days::new(u64::from(widest)))?;
    let mut text = lang.t_with("rpt.expiring", &[("date", &day.to_string()), ("days", &widest.to_string())]);
    text.push('\n');
    let mut table = Table::new(
        lang,
        &["lease", "merchant", "unit", "end_date", "#days_left", "band", "$monthly_rent", "renewal"],
    );
    for lease in leases {
        let left = (lease.end_date - day).num_days();
        let band = band_of(left, bands).unwrap_or(widest);
        table.push(vec![
            lease.number,
            lease.brand,
            lease.unit,
            lease.end_date.to_string(),
            left.to_string(),
            band_label(band, lang),
            yuan(lease.monthly_rent_fen),
            lease.renewal.unwrap_or_else(|| lang.t("rpt.no_renewal").into_owned()),
        ]);
    }
    text.push_str(&table.render());
    Ok(Report::from_table(text, table))
}

pub fn licences(store: &Store, settings: &Settings, day: NaiveDate, lang: Lang) -> Result<Report> {
    let warn = settings.leasing.licence_warning_days;
    let (licences, unknown) = store.licences_expiring_by(day + chrono::Days::new(u64::from(warn)))?;
    let mut text = lang.t_with("rpt.licences", &[("date", &day.to_string()), ("days", &warn.to_string())]);
    text.push('\n');
    let mut table = Table::new(
        lang,
        &["merchant", "company", "licence_no", "expiry", "#days_left", "status", "units_let"],
    );
    for licence in licences {
        let Some(expiry) = licence.expiry else { continue };
        let status = Merchant::status_of(Some(expiry), day, warn);
        let mark = if status == LicenceStatus::Expired { "! " } else { "" };
        table.push(vec![
            licence.brand,
            licence.company,
            licence.licence_no.unwrap_or_default(),
            expiry.to_string(),
            (expiry - day).num_days().to_string(),
            format!("{mark}{}", lang.label("licence_status", status.code())),
            licence.units,
        ]);
    }
    text.push_str(&table.render());
    if unknown > 0 {
        text.push_str(&format!("\n{}\n", lang.t_with("rpt.licence_unknown", &[("n", &unknown.to_string())])));
    }
    Ok(Report::from_table(text, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_sits_in_the_tightest_band_it_reaches() {
        let bands = [90, 60, 30];
        assert_eq!(band_of(-1, &bands), Some(0));
        assert_eq!(band_of(0, &bands), Some(30));
        assert_eq!(band_of(30, &bands), Some(30));
        assert_eq!(band_of(31, &bands), Some(60));
        assert_eq!(band_of(60, &bands), Some(60));
        assert_eq!(band_of(61, &bands), Some(90));
        assert_eq!(band_of(90, &bands), Some(90));
        assert_eq!(band_of(91, &bands), None);
    }
}
