//! Printable reports and exports: text for the screen and the printer, CSV (UTF-8 with a BOM,
//! so Excel and WPS on Chinese Windows open it) for spreadsheets.

pub mod case;
pub mod kpi;
pub mod service;

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::clock::MallClock;

use crate::domain::kpi::Period;

/// The period's days on the mall's clock as UTC instants [from, until).
pub fn instants(clock: MallClock, period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let (first, after) = period.days();
    (clock.midnight(first), clock.midnight(after))
}

/// Report text safe for a terminal: control characters other than line breaks (an escape
/// sequence written into a record by another tool) become `�`, so stored text can never
/// drive the terminal it is printed on.
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{fffd}' } else { c }).collect()
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
