//! Printable reports and exports: text for the screen and the printer, CSV (UTF-8 with a BOM,
//! so Excel and WPS on Chinese Windows open it) for spreadsheets.

pub mod arrears;
pub mod case;
pub mod expiry;
pub mod kpi;
pub mod leasing;
pub mod meeting;
pub mod occupancy;
pub mod ranking;
pub mod service;
pub mod staff;
pub mod table;

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::clock::MallClock;

use crate::domain::kpi::Period;

/// A report: its text, and the same figures as CSV header and rows.
pub struct Report {
    pub text: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Report {
    /// A report whose CSV is `table` and whose text is `text` (title and sections).
    pub fn from_table(text: String, table: table::Table) -> Report {
        let rows = table.csv_rows();
        Report { text, header: table.header, rows }
    }
}

/// Every row of a list, however long, read 500 at a time by its keyset pages.
pub fn all_rows<E: crate::store::Entity>(
    store: &crate::store::Store,
    filter: &E::Filter,
) -> crate::store::Result<Vec<E>> {
    use crate::store::PageRequest;
    const CHUNK: usize = 500;
    let repo = store.repo::<E>();
    let mut page = repo.page(filter, &PageRequest::first(CHUNK))?;
    let mut out = Vec::new();
    loop {
        let next = page.next().map(|request| PageRequest { limit: CHUNK, ..request });
        out.append(&mut page.rows);
        match next {
            Some(next) => page = repo.page(filter, &next)?,
            None => return Ok(out),
        }
    }
}

/// CSV and table headers in the report's language: `rpt.col.<key>` each.
pub fn headers(lang: crate::ui::i18n::Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| lang.t(&format!("rpt.col.{key}")).into_owned()).collect()
}

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
