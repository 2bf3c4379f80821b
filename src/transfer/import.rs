//! Merchants, units, staff and prospects from a spreadsheet (CSV in UTF-8 with or without a BOM
//! or in GBK/GB18030 as Excel saves it on Chinese Windows, or XLSX). A preview first: what would
//! be created, what updated (matched by unit code, licence number or phone), and every bad row
//! with its row number, column and what to fix. Nothing is written unless every row is good (or
//! the bad ones are left out on request), all in one transaction, each record with its audit row.
//! A row equal to the stored record changes nothing, so importing a file twice is harmless.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::ImportFamily;
use crate::domain::merchant::Merchant;
use crate::domain::prospect::{Prospect, SourceChannel};
use crate::domain::staff::{Department, Staff, StaffRole};
use crate::domain::unit::Unit;
use crate::domain::{ValidationErrors, parse_yuan};
use crate::store::{Result as StoreResult, Store};
use crate::ui::i18n::Lang;

/// Why a file cannot be imported at all (as opposed to a bad row).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {reason}")]
    File { path: std::path::PathBuf, reason: String },
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// One column an import reads: its code (also accepted as a header), the locale key of its
/// header, whether it must be filled, and the field name validation reports it under.
pub struct Column {
    pub code: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub validates: &'static str,
}

const fn col(code: &'static str, label: &'static str, required: bool, validates: &'static str) -> Column {
    Column { code, label, required, validates }
}

/// Headers the desk's own exports give a column (`col.*` of the lists), so an exported list
/// reads back in.
fn export_header(code: &str) -> &'static [&'static str] {
    match code {
        "brand" => &["col.brand"],
        "company" => &["col.company"],
        "contact" => &["col.contact"],
        "phone" => &["col.phone"],
        "category" => &["col.category"],
        "licence_no" => &["col.licence_no"],
        "licence_expiry" => &["col.licence_expiry"],
        "code" => &["col.unit"],
        "floor" => &["col.floor"],
        "zone" => &["col.zone"],
        "area" => &["col.area"],
        "name" => &["col.name"],
        "role" => &["col.role"],
        "department" => &["col.department"],
        "active" => &["col.active"],
        "next_follow_up" => &["col.follow_up"],
        _ => &[],
    }
}

const MERCHANT_COLUMNS: &[Column] = &[
    col("brand", "field.brand", true, "brand"),
    col("company", "field.company", true, "company"),
    col("contact", "field.contact", true, "contact"),
    col("phone", "field.phone", true, "phone"),
    col("category", "field.category", true, "category"),
    col("licence_no", "field.licence_no", false, "licence_no"),
    col("licence_expiry", "field.licence_expiry", false, "licence_expiry"),
];

const UNIT_COLUMNS: &[Column] = &[
    col("code", "import.unit_code", true, "code"),
    col("floor", "field.floor", true, "floor"),
    col("zone", "field.zone", true, "zone"),
    col("area", "field.area_m2", true, "area_dm2"),
    col("category", "field.category", false, "category"),
];

const STAFF_COLUMNS: &[Column] = &[
    col("name", "field.name", true, "name"),
    col("role", "field.role", true, "role"),
    col("department", "field.department", true, "department"),
    col("phone", "field.phone", false, "phone"),
    col("active", "field.active", false, "active"),
    col("zone", "field.zone", false, "zone"),
];

const PROSPECT_COLUMNS: &[Column] = &[
    col("brand", "field.brand", true, "brand"),
    col("company", "field.company", false, "company"),
    col("contact", "field.contact", true, "contact"),
    col("phone", "field.phone", true, "phone"),
    col("category", "field.category", false, "category"),
    col("unit", "import.wanted_unit", false, "unit"),
    col("wanted_floor", "field.wanted_floor", false, "wanted_floor"),
    col("wanted_zone", "field.wanted_zone", false, "wanted_zone"),
    col("area_min", "import.area_min", false, "area_min_dm2"),
    col("area_max", "import.area_max", false, "area_max_dm2"),
    col("budget", "field.budget", false, "budget_fen"),
    col("source", "field.source", false, "source"),
    col("next_follow_up", "field.next_follow_up", false, "next_follow_up"),
    col("notes", "field.notes", false, "notes"),
];

pub fn columns(family: ImportFamily) -> &'static [Column] {
    match family {
        ImportFamily::Merchants => MERCHANT_COLUMNS,
        ImportFamily::Units => UNIT_COLUMNS,
        ImportFamily::Staff => STAFF_COLUMNS,
        ImportFamily::Prospects => PROSPECT_COLUMNS,
    }
}

/// The rows of a file: the header and each data row with its row number in the spreadsheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads the first sheet of an XLSX file, or a CSV file in UTF-8 (BOM or not) or GB18030/GBK.
pub fn read_table(path: &Path) -> Result<Table, ImportError> {
    let fail = |reason: String| ImportError::File { path: path.to_path_buf(), reason };
    let rows: Vec<Vec<String>> = match super::Format::of(path) {
        Some(super::Format::Xlsx) => read_xlsx(path).map_err(fail)?,
        Some(super::Format::Csv) => {
            let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            read_csv(&bytes).map_err(fail)?
        }
        None => return Err(fail("name a .csv or .xlsx file".into())),
    };
    let mut numbered = rows.into_iter().enumerate().map(|(n, row)| (n + 1, row));
    let header = numbered
        .by_ref()
        .find(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(_, row)| row.into_iter().map(|c| c.trim().to_string()).collect())
        .ok_or_else(|| fail("the file is empty: the first row must name the columns".into()))?;
    let rows = numbered.filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty())).collect();
    Ok(Table { header, rows })
}

/// CSV text from bytes: UTF-8 (a BOM is dropped), else GB18030, which covers GBK.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(
            "the file is neither UTF-8 nor GBK/GB18030 text: save it from Excel as \"CSV UTF-8\"".into()
        );
    }
    Ok(text.into_owned())
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            record
                .map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| format!("not a readable CSV file ({e})"))
        })
        .collect()
}

fn read_xlsx(path: &Path) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Data, DataType, Reader};
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| format!("not a readable Excel file ({e})"))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| "the workbook has no sheet".to_string())?
        .map_err(|e| format!("its first sheet cannot be read ({e})"))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
                    // Phone numbers typed into Excel become numbers: no ".0" on whole ones.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(_) => match cell.as_datetime() {
                        Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
                        Some(at) => at.format("%Y-%m-%d %H:%M").to_string(),
                        None => String::new(),
                    },
                    Data::Error(e) => format!("#{e:?}"),
                })
                .collect()
        })
        .collect())
}

/// Writes an empty file with `family`'s headers in `lang` (required ones marked `*`).
pub fn write_template(family: ImportFamily, lang: Lang, path: &Path) -> std::io::Result<()> {
    let format = super::Format::of(path)
        .ok_or_else(|| std::io::Error::other("name a .csv or .xlsx file for the template"))?;
    let header: Vec<String> = columns(family)
        .iter()
        .map(|c| format!("{}{}", lang.t(c.label), if c.required { "*" } else { "" }))
        .collect();
    let partial = super::partial_path(path);
    let result = super::sheet::create(&partial, format, &header)
        .and_then(|w| w.finish())
        .and_then(|_| std::fs::rename(&partial, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// A row that cannot be imported: where, and what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub fix: String,
}

/// What one good row would do.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Create(Record),
    Update(Record),
    Unchanged,
}

/// A record read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Merchant(Merchant),
    Unit(Unit),
    Staff(Staff),
    Prospect(Box<Prospect>),
}

/// The preview of an import: every row's change, and the bad rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub family: ImportFamily,
    pub rows: usize,
    pub changes: Vec<(usize, Change)>,
    pub bad: Vec<BadRow>,
    /// Headers of the file no column reads.
    pub ignored_columns: Vec<String>,
}

impl Preview {
    pub fn creates(&self) -> usize {
        self.changes.iter().filter(|(_, c)| matches!(c, Change::Create(_))).count()
    }
    pub fn updates(&self) -> usize {
        self.changes.iter().filter(|(_, c)| matches!(c, Change::Update(_))).count()
    }
    pub fn unchanged(&self) -> usize {
        self.changes.iter().filter(|(_, c)| matches!(c, Change::Unchanged)).count()
    }
    /// Rows with at least one problem.
    pub fn bad_rows(&self) -> usize {
        let mut rows: Vec<usize> = self.bad.iter().map(|b| b.row).collect();
        rows.dedup();
        rows.len()
    }

    /// The preview as lines for the terminal.
    pub fn text(&self, lang: Lang, source: &Path) -> String {
        let family = lang.t(&format!("import.family.{}", family_code(self.family)));
        let mut out = lang.t_with(
            "import.summary",
            &[
                ("family", &family),
                ("file", &source.display().to_string()),
                ("rows", &self.rows.to_string()),
                ("create", &self.creates().to_string()),
                ("update", &self.updates().to_string()),
                ("unchanged", &self.unchanged().to_string()),
                ("bad", &self.bad_rows().to_string()),
            ],
        );
        out.push('\n');
        for column in &self.ignored_columns {
            out.push_str(&lang.t_with("import.ignored_column", &[("column", column)]));
            out.push('\n');
        }
        for bad in &self.bad {
            out.push_str(&lang.t_with(
                "import.bad_row",
                &[
                    ("row", &bad.row.to_string()),
                    ("column", &bad.column),
                    ("value", &bad.value),
                    ("fix", &bad.fix),
                ],
            ));
            out.push('\n');
        }
        out
    }
}

fn family_code(family: ImportFamily) -> &'static str {
    match family {
        ImportFamily::Merchants => "merchants",
        ImportFamily::Units => "units",
        ImportFamily::Staff => "staff",
        ImportFamily::Prospects => "prospects",
    }
}

/// Which file column each import column is in; the header may be the column's label in either
/// language (a trailing `*` allowed) or its code.
fn locate(family: ImportFamily, header: &[String]) -> (Vec<Option<usize>>, Vec<String>) {
    let normal = |text: &str| text.trim().trim_end_matches('*').trim().to_lowercase();
    let mut used = vec![false; header.len()];
    let found = columns(family)
        .iter()
        .map(|column| {
            let mut names = vec![column.code.to_string()];
            for key in std::iter::once(column.label).chain(export_header(column.code).iter().copied()) {
                names.push(Lang::ZhCn.t(key).to_lowercase());
                names.push(Lang::En.t(key).to_lowercase());
            }
            let at = header.iter().position(|h| names.contains(&normal(h)));
            if let Some(at) = at {
                used[at] = true;
            }
            at
        })
        .collect();
    let ignored =
        header.iter().zip(used).filter(|(h, used)| !used && !h.is_empty()).map(|(h, _)| h.clone()).collect();
    (found, ignored)
}

/// One row's cells by column code, and the problems found reading them.
struct RowReader<'a> {
    family: ImportFamily,
    lang: Lang,
    row: usize,
    cells: HashMap<&'static str, &'a str>,
    bad: Vec<BadRow>,
}

impl<'a> RowReader<'a> {
    fn text(&self, code: &str) -> String {
        self.cells.get(code).map(|t| t.trim().to_string()).unwrap_or_default()
    }

    fn column_name(&self, code: &str) -> String {
        let column = columns(self.family).iter().find(|c| c.code == code || c.validates == code);
        column.map(|c| self.lang.t(c.label).into_owned()).unwrap_or_else(|| code.to_string())
    }

    fn problem(&mut self, code: &str, fix: String) {
        let value = self.text(code);
        let column = self.column_name(code);
        self.bad.push(BadRow { row: self.row, column, value, fix });
    }

    fn date(&mut self, code: &str) -> Option<NaiveDate> {
        let text = self.text(code);
        if text.is_empty() {
            return None;
        }
        let text = text.split_whitespace().next().unwrap_or_default().replace(['/', '.'], "-");
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                let fix = self.lang.t_with("problem.format", &[("example", "2026-11-23")]);
                self.problem(code, fix);
                None
            }
        }
    }

    /// An area in m² as hundredths (dm²).
    fn area(&mut self, code: &str) -> Option<i64> {
        let text = self.text(code).replace(['㎡', ','], "").replace("m²", "").replace("m2", "");
        if text.trim().is_empty() {
            return None;
        }
        match text.trim().parse::<f64>() {
            Ok(m2) if m2 >= 0.0 => Some((m2 * 100.0).round() as i64),
            _ => {
                let fix = self.lang.t_with("problem.format", &[("example", "120.5")]);
                self.problem(code, fix);
                None
            }
        }
    }

    /// One value of a coded list by its code or its label in either language.
    fn choice<T: Copy>(
        &mut self,
        code: &str,
        all: &[T],
        code_of: fn(T) -> &'static str,
        type_key: &str,
    ) -> Option<T> {
        let text = self.text(code).to_lowercase();
        if text.is_empty() {
            return None;
        }
        let found = all.iter().copied().find(|v| {
            let c = code_of(*v);
            text == c
                || text == Lang::ZhCn.label(type_key, c).to_lowercase()
                || text == Lang::En.label(type_key, c).to_lowercase()
        });
        if found.is_none() {
            let names: Vec<String> =
                all.iter().map(|v| self.lang.label(type_key, code_of(*v)).into_owned()).collect();
            let fix = self.lang.t_with("import.choose_one", &[("values", &names.join(" / "))]);
            self.problem(code, fix);
        }
        found
    }

    fn validation(&mut self, errors: ValidationErrors) {
        for error in errors.0 {
            let column = columns(self.family).iter().find(|c| c.validates == error.field);
            let code = column.map_or(error.field, |c| c.code);
            let fix = self.lang.problem(&error.problem);
            self.problem(code, fix);
        }
    }
}

/// Reads and checks every row against the store: the preview of the import.
pub fn preview(
    store: &Store,
    family: ImportFamily,
    table: &Table,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Preview, ImportError> {
    let (positions, ignored_columns) = locate(family, &table.header);
    let missing: Vec<String> = columns(family)
        .iter()
        .zip(&positions)
        .filter(|(c, at)| c.required && at.is_none())
        .map(|(c, _)| format!("{} ({})", lang.t(c.label), c.code))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::File {
            path: std::path::PathBuf::new(),
            reason: lang.t_with(
                "import.missing_columns",
                &[("columns", &missing.join(", ")), ("family", family_code(family))],
            ),
        });
    }
    let mut changes = Vec::new();
    let mut bad = Vec::new();
    // The key each good row claimed, so a repeated row is reported against the first.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &table.rows {
        let mut reader = RowReader {
            family,
            lang,
            row: *row,
            cells: columns(family)
                .iter()
                .zip(&positions)
                .filter_map(|(c, at)| at.and_then(|at| cells.get(at)).map(|text| (c.code, text.as_str())))
                .collect(),
            bad: Vec::new(),
        };
        let read = match family {
            ImportFamily::Merchants => read_merchant(store, &mut reader)?,
            ImportFamily::Units => read_unit(store, &mut reader)?,
            ImportFamily::Staff => read_staff(store, &mut reader)?,
            ImportFamily::Prospects => read_prospect(store, &mut reader, now)?,
        };
        if let Some((key, change)) = read.filter(|_| reader.bad.is_empty()) {
            if let Some(first) = seen.get(&key) {
                let fix = lang.t_with("import.duplicate", &[("row", &first.to_string())]);
                let column = reader.column_name(key.split(':').next().unwrap_or_default());
                reader.bad.push(BadRow {
                    row: *row,
                    column,
                    value: key.split_once(':').map(|k| k.1.to_string()).unwrap_or_default(),
                    fix,
                });
            } else {
                seen.insert(key, *row);
                changes.push((*row, change));
            }
        }
        bad.append(&mut reader.bad);
    }
    Ok(Preview { family, rows: table.rows.len(), changes, bad, ignored_columns })
}

/// The change a record read from a row makes to `stored` (the record it matched, if any).
fn change<T: Clone + PartialEq>(read: T, stored: Option<T>, wrap: fn(T) -> Record) -> Change {
    match stored {
        None => Change::Create(wrap(read)),
        Some(stored) if stored == read => Change::Unchanged,
        Some(_) => Change::Update(wrap(read)),
    }
}

fn id_where(store: &Store, sql: &str, value: &str) -> StoreResult<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(store.conn().query_row(sql, [value], |r| r.get(0)).optional()?)
}

type Read = Option<(String, Change)>;

fn read_merchant(store: &Store, r: &mut RowReader<'_>) -> StoreResult<Read> {
    let licence_expiry = r.date("licence_expiry");
    let licence = r.text("licence_no");
    let mut merchant = Merchant {
        id: 0,
        brand: r.text("brand"),
        company: r.text("company"),
        contact: r.text("contact"),
        phone: r.text("phone"),
        category: r.text("category"),
        licence_no: Some(licence.clone()).filter(|l| !l.is_empty()),
        licence_expiry,
    };
    if let Err(errors) = merchant.validate() {
        r.validation(errors);
        return Ok(None);
    }
    // Matched by licence number, else by phone.
    let (key, found) = match &merchant.licence_no {
        Some(licence) => (
            format!("licence_no:{licence}"),
            id_where(store, "SELECT id FROM merchants WHERE licence_no = ?", licence)?,
        ),
        None => (
            format!("phone:{}", merchant.phone),
            id_where(store, "SELECT id FROM merchants WHERE phone = ? ORDER BY id LIMIT 1", &merchant.phone)?,
        ),
    };
    let stored = found.map(|id| store.repo::<Merchant>().get(id)).transpose()?;
    if let Some(stored) = &stored {
        merchant.id = stored.id;
    }
    Ok(Some((key, change(merchant, stored, Record::Merchant))))
}

fn read_unit(store: &Store, r: &mut RowReader<'_>) -> StoreResult<Read> {
    let area = r.area("area");
    let mut unit = Unit {
        id: 0,
        code: r.text("code"),
        floor: r.text("floor"),
        zone: r.text("zone"),
        area_dm2: area.unwrap_or(0),
        category: r.text("category"),
    };
    if area.is_none() && r.bad.is_empty() {
        r.problem("area", r.lang.problem(&crate::domain::validate::Problem::Required));
    }
    if let Err(errors) = unit.validate() {
        r.validation(errors);
    }
    if !r.bad.is_empty() {
        return Ok(None);
    }
    let found = id_where(store, "SELECT id FROM units WHERE code = ?", &unit.code)?;
    let stored = found.map(|id| store.repo::<Unit>().get(id)).transpose()?;
    if let Some(stored) = &stored {
        unit.id = stored.id;
    }
    Ok(Some((format!("code:{}", unit.code), change(unit, stored, Record::Unit))))
}

fn read_staff(store: &Store, r: &mut RowReader<'_>) -> StoreResult<Read> {
    let roles: Vec<StaffRole> = StaffRole::all().collect();
    let departments: Vec<Department> = Department::all().collect();
    let role = r.choice("role", &roles, StaffRole::code, "staff_role");
    let department = r.choice("department", &departments, Department::code, "department");
    let active_text = r.text("active").to_lowercase();
    let active = match active_text.as_str() {
        "" | "yes" | "y" | "true" | "1" | "是" | "在职" => true,
        "no" | "n" | "false" | "0" | "否" | "离职" => false,
        _ => {
            let fix = r.lang.t_with(
                "import.choose_one",
                &[("values", &format!("{} / {}", r.lang.t("field.yes"), r.lang.t("field.no")))],
            );
            r.problem("active", fix);
            true
        }
    };
    let phone = r.text("phone");
    let (Some(role), Some(department)) = (role, department) else {
        if role.is_none() && r.text("role").is_empty() {
            r.problem("role", r.lang.problem(&crate::domain::validate::Problem::Required));
        }
        if department.is_none() && r.text("department").is_empty() {
            r.problem("department", r.lang.problem(&crate::domain::validate::Problem::Required));
        }
        return Ok(None);
    };
    let mut staff = Staff {
        id: 0,
        name: r.text("name"),
        role,
        department,
        phone: Some(phone).filter(|p| !p.is_empty()),
        active,
        zone: r.text("zone"),
    };
    if let Err(errors) = staff.validate() {
        r.validation(errors);
    }
    if !r.bad.is_empty() {
        return Ok(None);
    }
    // Matched by phone, else (no phone given) by name.
    let (key, found) = match &staff.phone {
        Some(phone) => (
            format!("phone:{phone}"),
            id_where(store, "SELECT id FROM staff WHERE phone = ? ORDER BY id LIMIT 1", phone)?,
        ),
        None => (
            format!("name:{}", staff.name),
            id_where(store, "SELECT id FROM staff WHERE name = ? ORDER BY id LIMIT 1", &staff.name)?,
        ),
    };
    let stored = found.map(|id| store.repo::<Staff>().get(id)).transpose()?;
    if let Some(stored) = &stored {
        staff.id = stored.id;
    }
    Ok(Some((key, change(staff, stored, Record::Staff))))
}

fn read_prospect(store: &Store, r: &mut RowReader<'_>, now: DateTime<Utc>) -> StoreResult<Read> {
    let sources: Vec<SourceChannel> = SourceChannel::all().collect();
    let source = r.choice("source", &sources, SourceChannel::code, "source_channel");
    let next_follow_up = r.date("next_follow_up");
    let area_min = r.area("area_min");
    let area_max = r.area("area_max");
    let budget_text = r.text("budget");
    let budget = if budget_text.is_empty() {
        None
    } else {
        let parsed = parse_yuan(&budget_text);
        if parsed.is_none() {
            let fix = r.lang.t_with("problem.format", &[("example", "35000")]);
            r.problem("budget", fix);
        }
        parsed
    };
    // A wanted unit gives the wanted floor and zone; it must be one of the mall's units.
    let unit_code = r.text("unit").to_uppercase();
    let unit = if unit_code.is_empty() {
        None
    } else {
        match id_where(store, "SELECT id FROM units WHERE code = ?", &unit_code)? {
            Some(id) => Some(store.repo::<Unit>().get(id)?),
            None => {
                let fix = r.lang.t_with("import.unknown_unit", &[("code", &unit_code)]);
                r.problem("unit", fix);
                None
            }
        }
    };
    let phone = r.text("phone");
    let stored_id = match crate::domain::phone::normalize(&phone) {
        Ok(normalised) => {
            id_where(store, "SELECT id FROM prospects WHERE phone = ? ORDER BY id LIMIT 1", &normalised)?
        }
        Err(_) => None,
    };
    let stored = stored_id.map(|id| store.repo::<Prospect>().get(id)).transpose()?;
    // A matched prospect keeps its stage, staff and history; the row updates what it names.
    let mut prospect = stored.clone().unwrap_or(Prospect::new(now));
    prospect.brand = r.text("brand");
    prospect.company = r.text("company");
    prospect.contact = r.text("contact");
    prospect.phone = phone;
    prospect.category = r.text("category");
    prospect.area_min_dm2 = area_min;
    prospect.area_max_dm2 = area_max;
    prospect.budget_fen = budget;
    if let Some(source) = source {
        prospect.source = source;
    }
    prospect.next_follow_up = next_follow_up;
    prospect.notes = r.text("notes");
    prospect.wanted_floor = r.text("wanted_floor");
    prospect.wanted_zone = r.text("wanted_zone");
    if let Some(unit) = &unit {
        prospect.wanted_floor = unit.floor.clone();
        prospect.wanted_zone = unit.zone.clone();
    }
    if let Err(errors) = prospect.validate() {
        r.validation(errors);
    }
    if !r.bad.is_empty() {
        return Ok(None);
    }
    Ok(Some((
        format!("phone:{}", prospect.phone),
        change(prospect, stored, |p| Record::Prospect(Box::new(p))),
    )))
}

/// What [`apply`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
}

/// Writes the preview's changes in one transaction, each record with its audit row. Refused
/// while there are bad rows unless `skip_bad`.
pub fn apply(store: &Store, preview: &Preview, skip_bad: bool) -> StoreResult<Applied> {
    if !preview.bad.is_empty() && !skip_bad {
        return Err(crate::store::Refusal::new("import_bad_rows").with("count", preview.bad_rows()).into());
    }
    store.write(|w| {
        let mut applied = Applied::default();
        for (_, change) in &preview.changes {
            let (record, create) = match change {
                Change::Create(record) => (record, true),
                Change::Update(record) => (record, false),
                Change::Unchanged => continue,
            };
            macro_rules! save {
                ($value:expr) => {{
                    let mut value = $value;
                    if create {
                        w.insert(&mut value)?;
                    } else {
                        w.update(&mut value)?;
                    }
                }};
            }
            match record {
                Record::Merchant(m) => save!(m.clone()),
                Record::Unit(u) => save!(u.clone()),
                Record::Staff(s) => save!(s.clone()),
                Record::Prospect(p) => save!((**p).clone()),
            }
            if create {
                applied.created += 1;
            } else {
                applied.updated += 1;
            }
        }
        Ok(applied)
    })
}
