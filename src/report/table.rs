//! One aligned table of a report: headers in the report's language, cells as shown, numbers
//! right-aligned. Chinese characters count two columns; a table wider than the page has its
//! widest text column shortened with `…`, so every report fits 100 columns.

use unicode_width::UnicodeWidthStr;

use crate::ui::i18n::Lang;

/// The widest a printed report line may be.
pub const PAGE_WIDTH: usize = 100;

/// A table as printed and as written to CSV.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    /// Right-aligned (figures) columns.
    pub numeric: Vec<bool>,
    /// Money columns: printed in whole yuan when the table is too wide with the fen.
    pub money: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose headers are `rpt.col.<key>`; a key starting with `#` is a figure column,
    /// `$` a money column (a figure too).
    pub fn new(lang: Lang, keys: &[&str]) -> Table {
        let header = keys
            .iter()
            .map(|k| lang.t(&format!("rpt.col.{}", k.trim_start_matches(['#', '$']))).into_owned());
        Table {
            header: header.collect(),
            numeric: keys.iter().map(|k| k.starts_with(['#', '$'])).collect(),
            money: keys.iter().map(|k| k.starts_with('$')).collect(),
            rows: vec![],
        }
    }

    /// The rows as a spreadsheet reads them: figures without thousands separators.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&self.numeric)
                    .map(|(cell, numeric)| if *numeric { cell.replace(',', "") } else { cell.clone() })
                    .collect()
            })
            .collect()
    }

    /// The rows in long form for a report of several tables: (section, first cell, column
    /// header, cell) for every other cell.
    pub fn long_rows(&self, section: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for row in self.csv_rows() {
            for (i, cell) in row.iter().enumerate().skip(1) {
                out.push(vec![section.to_string(), row[0].clone(), self.header[i].clone(), cell.clone()]);
            }
        }
        out
    }

    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.header.len(), "a row has one cell per column");
        self.rows.push(row);
    }

    /// The table as text lines, indented by two spaces; "—" alone when it has no rows.
    pub fn render(&self) -> String {
        if self.rows.is_empty() {
            return "  —\n".into();
        }
        if self.natural_width(&self.rows) <= PAGE_WIDTH || !self.money.contains(&true) {
            return self.render_rows(&self.rows);
        }
        let whole: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter().zip(&self.money).map(|(c, m)| if *m { whole_yuan(c) } else { c.clone() }).collect()
            })
            .collect();
        self.render_rows(&whole)
    }

    /// The widest line the rows make without cutting any cell.
    fn natural_width(&self, rows: &[Vec<String>]) -> usize {
        let widths = self.widths(rows);
        let gaps: usize = self.numeric.iter().skip(1).map(|n| if *n { 1 } else { 2 }).sum();
        2 + widths.iter().sum::<usize>() + gaps
    }

    fn widths(&self, rows: &[Vec<String>]) -> Vec<usize> {
        (0..self.header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| width(&r[i]))
                    .chain(std::iter::once(width(&self.header[i])))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    fn render_rows(&self, rows: &[Vec<String>]) -> String {
        let columns = self.header.len();
        let mut widths = self.widths(rows);
        // Two spaces of indent, two before a text column, one before a (right-aligned) figure.
        let gaps: usize = self.numeric.iter().skip(1).map(|n| if *n { 1 } else { 2 }).sum();
        let total = |w: &[usize]| 2 + w.iter().sum::<usize>() + gaps;
        while total(&widths) > PAGE_WIDTH {
            let Some(widest) = (0..columns).filter(|i| !self.numeric[*i]).max_by_key(|i| (widths[*i], *i))
            else {
                break;
            };
            let over = total(&widths) - PAGE_WIDTH;
            let floor = width(&self.header[widest]).max(6);
            if widths[widest] <= floor {
                break;
            }
            widths[widest] = widths[widest].saturating_sub(over).max(floor);
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(rows) {
            let mut line = String::from("  ");
            for (i, cell) in row.iter().enumerate() {
                let cell = fit(cell, widths[i]);
                let pad = " ".repeat(widths[i].saturating_sub(width(&cell)));
                if i > 0 {
                    line.push_str(if self.numeric[i] { " " } else { "  " });
                }
                if self.numeric[i] {
                    line.push_str(&pad);
                    line.push_str(&cell);
                } else {
                    line.push_str(&cell);
                    line.push_str(&pad);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in `…` when cut; line breaks become spaces.
pub fn fit(text: &str, max: usize) -> String {
    let text = text.replace(['\r', '\n'], " ");
    if width(&text) <= max {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Money in yuan with thousands separators: `12,345.60`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// A money cell (`12,345.60`) rounded to whole yuan (`12,346`); other text is kept.
fn whole_yuan(cell: &str) -> String {
    match cell.replace(',', "").parse::<f64>() {
        // Half a yuan rounds away from zero (`f64::round`); a cell has two decimals, so .50 is exact.
        Ok(value) => yuan(value.round() as i64 * 100).trim_end_matches(".00").to_string(),
        Err(_) => cell.to_string(),
    }
}

/// Square metres from dm², one decimal.
pub fn area(dm2: i64) -> String {
    format!("{:.1}", dm2 as f64 / 100.0)
}

/// An area in m² to the hundredth, as stored: for files that are read back.
pub fn area_exact(dm2: i64) -> String {
    let sign = if dm2 < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", dm2.unsigned_abs() / 100, dm2.unsigned_abs() % 100)
}

/// A share as a percentage with one decimal, "—" when there is nothing to divide by.
pub fn percent(rate: Option<f64>) -> String {
    // Rounded half up on the tenth of a percent (6.25 % → 6.3 %), as a spreadsheet shows it.
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", (r * 1000.0).round() / 10.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_line_up_and_figures_align_right() {
        let mut table = Table::new(Lang::En, &["merchant", "#total"]);
        table.push(vec!["星巴克".into(), "1,200.00".into()]);
        table.push(vec!["Nike".into(), "35.50".into()]);
        let text = table.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "  星巴克   1,200.00");
        assert_eq!(lines[2], "  Nike        35.50");
        assert_eq!(table.csv_rows()[0], vec!["星巴克".to_string(), "1200.00".into()]);
    }

    #[test]
    fn a_wide_table_is_cut_to_the_page() {
        let mut table = Table::new(Lang::En, &["merchant", "note"]);
        table.push(vec!["商户".repeat(20), "说明".repeat(40)]);
        for line in table.render().lines() {
            assert!(width(line) <= PAGE_WIDTH, "{line}");
        }
        assert!(table.render().contains('…'));
    }

    #[test]
    fn a_table_too_wide_with_its_fen_prints_whole_yuan() {
        let mut narrow = Table::new(Lang::En, &["merchant", "$total"]);
        narrow.push(vec!["星巴克".into(), "12,345.50".into()]);
        assert!(narrow.render().contains("12,345.50"), "{}", narrow.render());
        let mut wide = Table::new(Lang::En, &["merchant", "note", "$total"]);
        wide.push(vec!["星巴克".into(), "说明".repeat(22), "12,345.50".into()]);
        let text = wide.render();
        assert!(text.contains(" 12,346") && !text.contains("12,345.50"), "{text}");
        assert!(text.lines().all(|line| width(line) <= PAGE_WIDTH), "{text}");
        assert_eq!(wide.csv_rows()[0][2], "12345.50", "the CSV keeps the fen");
    }

    #[test]
    fn a_cut_cell_uses_every_column_it_may() {
        assert_eq!(fit("abcdefgh", 5), "abcd…");
        assert_eq!(fit("星巴克咖啡", 7), "星巴克…");
        assert_eq!(fit("星巴克咖啡", 6), "星巴…", "a wide character never straddles the edge");
        assert_eq!(fit("星巴克咖啡", 10), "星巴克咖啡");
        assert_eq!(fit("两行\n说明", 20), "两行 说明");
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(99), "0.99");
        assert_eq!(yuan(12_345_678), "123,456.78");
        assert_eq!(yuan(-100_000_000), "-1,000,000.00");
        assert_eq!(whole_yuan("12,345.50"), "12,346");
        assert_eq!(whole_yuan("0.49"), "0");
        assert_eq!(whole_yuan("-1,000.50"), "-1,001");
        assert_eq!(percent(None), "—");
        assert_eq!(percent(Some(0.8766)), "87.7%");
        assert_eq!(percent(Some(0.0625)), "6.3%");
    }
}
