//! Writing rows to a CSV or XLSX file. Cells arrive as the desk shows them; dates, times and
//! money are written so a spreadsheet reads them as dates and numbers, not as text.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::Format;

/// What a cell's text holds, as far as a spreadsheet cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Date(NaiveDate),
    /// A time on the mall's clock, to the minute.
    DateTime(NaiveDateTime),
    /// Money in yuan (`12,345.60` on the desk).
    Money(f64),
    /// A small whole number (a count); long digit strings such as phone numbers stay text.
    Whole(i64),
}

/// Reads a cell's text as the desk formats dates, times and money.
pub fn classify(text: &str) -> Cell<'_> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && text.len() == 10
    {
        return Cell::Date(day);
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        && text.len() == 16
    {
        return Cell::DateTime(at);
    }
    if let Some(yuan) = money(text) {
        return Cell::Money(yuan);
    }
    if (1..=6).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
    {
        return Cell::Whole(text.parse().expect("six digits"));
    }
    Cell::Text(text)
}

/// `12,345.60`, `-8.00` or `120.50`: digits grouped by thousands (or not) and two decimals.
fn money(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, cents) = unsigned.split_once('.')?;
    if cents.len() != 2 || !cents.bytes().all(|b| b.is_ascii_digit()) || whole.is_empty() {
        return None;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_right = groups.len() == 1
        || (groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_right || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    whole.replace(',', "").parse::<f64>().ok().map(|w| {
        let value = w + cents.parse::<f64>().expect("two digits") / 100.0;
        if text.starts_with('-') { -value } else { value }
    })
}

/// Rows going into one file.
pub trait SheetWriter {
    fn row(&mut self, cells: &[String]) -> std::io::Result<()>;
    /// Completes the file; nothing is usable before this.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// Opens `path` (created readable by its owner only: lists hold customers' phone numbers) for
/// rows in `format`, starting with `header`.
pub fn create(path: &Path, format: Format, header: &[String]) -> std::io::Result<Box<dyn SheetWriter>> {
    let file = crate::paths::create_private(path)?;
    let mut writer: Box<dyn SheetWriter> = match format {
        Format::Csv => Box::new(CsvSheet::new(file)?),
        Format::Xlsx => Box::new(XlsxSheet::new(file)?),
    };
    writer.row(header)?;
    Ok(writer)
}

struct CsvSheet {
    writer: csv::Writer<std::io::BufWriter<std::fs::File>>,
}

impl CsvSheet {
    fn new(file: std::fs::File) -> std::io::Result<Self> {
        let mut out = std::io::BufWriter::new(file);
        out.write_all("\u{feff}".as_bytes())?;
        Ok(CsvSheet { writer: csv::WriterBuilder::new().flexible(true).from_writer(out) })
    }
}

impl SheetWriter for CsvSheet {
    fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        // Money without thousands separators: every spreadsheet locale reads 12345.60.
        let fields = cells.iter().map(|cell| match classify(cell) {
            Cell::Money(_) => cell.replace(',', ""),
            _ => cell.clone(),
        });
        self.writer.write_record(fields).map_err(std::io::Error::other)
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let out = self.writer.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    }
}

/// An Excel sheet in constant-memory mode: rows go to a temporary file as they come, so the
/// memory used does not grow with the number of rows.
struct XlsxSheet {
    workbook: rust_xlsxwriter::Workbook,
    file: std::fs::File,
    next_row: u32,
    widths: Vec<usize>,
    date: rust_xlsxwriter::Format,
    datetime: rust_xlsxwriter::Format,
    money: rust_xlsxwriter::Format,
    bold: rust_xlsxwriter::Format,
}

/// Excel's last row is 1,048,576; the header takes one.
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

impl XlsxSheet {
    fn new(file: std::fs::File) -> std::io::Result<Self> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        Ok(XlsxSheet {
            workbook,
            file,
            next_row: 0,
            widths: Vec::new(),
            date: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            datetime: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            money: rust_xlsxwriter::Format::new().set_num_format("#,##0.00"),
            bold: rust_xlsxwriter::Format::new().set_bold(),
        })
    }
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(error.to_string())
}

impl SheetWriter for XlsxSheet {
    fn row(&mut self, cells: &[String]) -> std::io::Result<()> {
        if u64::from(self.next_row) > XLSX_MAX_ROWS {
            return Err(std::io::Error::other(format!(
                "an Excel sheet holds at most {XLSX_MAX_ROWS} rows: export this list as CSV"
            )));
        }
        let row = self.next_row;
        let header = row == 0;
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (col, text) in cells.iter().enumerate() {
            let col_num = col as u16;
            if header {
                sheet.write_string_with_format(row, col_num, text, &self.bold)
            } else {
                match classify(text) {
                    Cell::Text(text) => sheet.write_string(row, col_num, text),
                    Cell::Date(day) => sheet.write_datetime_with_format(row, col_num, day, &self.date),
                    Cell::DateTime(at) => sheet.write_datetime_with_format(row, col_num, at, &self.datetime),
                    Cell::Money(yuan) => sheet.write_number_with_format(row, col_num, yuan, &self.money),
                    Cell::Whole(n) => sheet.write_number(row, col_num, n as f64),
                }
            }
            .map_err(xlsx_error)?;
            // Column widths from the first rows (constant memory cannot widen afterwards).
            if row < 200 {
                let width = unicode_width::UnicodeWidthStr::width(text.as_str()).clamp(6, 60);
                if self.widths.len() <= col {
                    self.widths.resize(col + 1, 0);
                }
                self.widths[col] = self.widths[col].max(width);
            }
        }
        if row == 0 {
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        }
        self.next_row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        let widths = std::mem::take(&mut self.widths);
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (col, width) in widths.into_iter().enumerate() {
            sheet.set_column_width(col as u16, width as f64 + 1.0).map_err(xlsx_error)?;
        }
        let file = self.file.try_clone()?;
        self.workbook.save_to_writer(&file).map_err(xlsx_error)?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_the_desk_writes_them() {
        assert_eq!(classify("2026-11-23"), Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()));
        assert!(matches!(classify("2026-11-23 10:30"), Cell::DateTime(_)));
        assert_eq!(classify("12,345.60"), Cell::Money(12345.6));
        assert_eq!(classify("-8.00"), Cell::Money(-8.0));
        assert_eq!(classify("120.50"), Cell::Money(120.5));
        assert_eq!(classify("42"), Cell::Whole(42));
        // Phone numbers, codes and badly grouped figures stay text.
        assert_eq!(classify("13812345678"), Cell::Text("13812345678"));
        assert_eq!(classify("0755123"), Cell::Text("0755123"));
        assert_eq!(classify("1,23.00"), Cell::Text("1,23.00"));
        assert_eq!(classify("2F-A12"), Cell::Text("2F-A12"));
        assert_eq!(classify("12.5"), Cell::Text("12.5"));
        assert_eq!(classify("11-23 10:30"), Cell::Text("11-23 10:30"));
    }
}
