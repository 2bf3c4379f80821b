//! Printable reports and exports: text for the screen and the printer, CSV (UTF-8 with a BOM,
//! so Excel and WPS on Chinese Windows open it) for spreadsheets.

pub mod case;
pub mod kpi;
pub mod service;

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};

use crate::domain::kpi::Period;

/// The period's local days as UTC instants [from, until).
pub fn instants(period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let (first, after) = period.days();
    (local_midnight(first), local_midnight(after))
}

fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// Writes rows as CSV with a UTF-8 byte-order mark.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = crate::paths::create_private(path)?;
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::Writer::from_writer(file);
    writer.write_record(header).map_err(std::io::Error::other)?;
    for row in rows {
        writer.write_record(row).map_err(std::io::Error::other)?;
    }
    writer.flush()
}

/// Pads `text` with spaces to `width` terminal columns (Chinese characters count two).
pub fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
