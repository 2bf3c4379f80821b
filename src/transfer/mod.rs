//! Data in and out of the desk: any list to CSV or Excel (`export`), merchants, units, staff and
//! prospects from a spreadsheet (`import`), and the files they go through (`sheet`).

pub mod export;
pub mod import;
pub mod sheet;

use std::path::{Path, PathBuf};

/// A spreadsheet file's kind, told by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 with a BOM, so Excel and WPS on Chinese Windows read it right.
    Csv,
    Xlsx,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The file written while the work goes on: it becomes `path` only when complete, so a
/// failure or Ctrl-C leaves no half-written file under the name asked for.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}
