//! A list exactly as the desk filters and searches it — every row, not the visible window — to a
//! CSV or Excel file, read page by page with the list's own keyset query so memory stays flat
//! however long the list is.

use std::path::{Path, PathBuf};

use super::{Format, partial_path, sheet};
use crate::store::{PageRequest, Store};
use crate::ui::tabs::{FetchContext, Tab, TabFilter};

/// Rows read per page.
const PAGE: usize = 1000;

/// Why an export did not complete; the partial file is gone either way.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{path}: {source}")]
    File { path: PathBuf, source: std::io::Error },
    #[error("stopped: no file was written")]
    Cancelled,
}

/// Writes `tab`'s list under `filter` to `path` (its extension says CSV or XLSX), the headers in
/// the context's language; `progress(done, total)` after each page, and the export stops when it
/// answers `false`. Returns the rows written.
pub fn export_list(
    store: &Store,
    ctx: &FetchContext,
    tab: Tab,
    filter: &TabFilter,
    path: &Path,
    format: Format,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, ExportError> {
    let source = tab.source();
    // Whole texts and full dates: a spreadsheet is not a narrow column.
    let ctx = FetchContext { whole: true, quick: filter.quick, ..ctx.clone() };
    let (total, _) = source.count(store, &ctx, filter, true)?;
    if format == Format::Xlsx && total > sheet::XLSX_MAX_ROWS {
        return Err(ExportError::File {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!(
                "{total} rows do not fit an Excel sheet (at most {}): export this list as CSV",
                sheet::XLSX_MAX_ROWS
            )),
        });
    }
    let header: Vec<String> =
        source.file_columns(filter.quick).into_iter().map(|key| ctx.lang.t(key).into_owned()).collect();
    let partial = partial_path(path);
    let file_error = |source| ExportError::File { path: path.to_path_buf(), source };
    let result = (|| {
        let mut writer = sheet::create(&partial, format, &header).map_err(file_error)?;
        let mut done = 0u64;
        let mut request = PageRequest::first(PAGE);
        loop {
            let page = source.page(store, &ctx, filter, &request)?;
            for row in &page.rows {
                writer.row(&row.cells).map_err(file_error)?;
            }
            done += page.rows.len() as u64;
            if !progress(done, total.max(done)) {
                return Err(ExportError::Cancelled);
            }
            match page.cursors.last() {
                Some(cursor) if page.more_after && filter.only_id.is_none() => {
                    request = PageRequest::after(cursor.clone(), PAGE);
                }
                _ => break,
            }
        }
        writer.finish().map_err(file_error)?;
        std::fs::rename(&partial, path).map_err(file_error)?;
        Ok(done)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// `complaints-20261123-103000.xlsx` in `dir`: the tab and the mall's time, so files sort by
/// when they were made and never overwrite each other within a second.
pub fn file_name(tab: Tab, ctx: &FetchContext, format: Format) -> String {
    format!("{}-{}.{}", tab.code(), ctx.clock.format(ctx.now, "%Y%m%d-%H%M%S"), format.extension())
}

/// The tab and list (quick filter) of a family named on the command line.
pub fn family_list(family: crate::cli::Family) -> (Tab, Option<usize>) {
    use crate::cli::Family;
    match family {
        Family::Prospects => (Tab::Prospects, None),
        Family::Leases => (Tab::Leases, None),
        Family::Complaints => (Tab::Complaints, None),
        Family::Callbacks => (Tab::Callbacks, None),
        Family::Meetings => (Tab::Meetings, None),
        Family::Merchants => (Tab::Directory, Some(0)),
        Family::Units => (Tab::Directory, Some(1)),
        Family::Staff => (Tab::Directory, Some(2)),
    }
}

/// `--view`: a list of the tab by its number (1 = the first on F6) or its name in either
/// language; the error names the lists there are.
pub fn choose_view(tab: Tab, text: &str, lang: crate::ui::i18n::Lang) -> Result<usize, String> {
    use crate::ui::i18n::Lang;
    let source = tab.source();
    let names = source.quick_filters(lang);
    if let Ok(number) = text.trim().parse::<usize>()
        && (1..=names.len()).contains(&number)
    {
        return Ok(number - 1);
    }
    let wanted = text.trim().to_lowercase();
    for language in [Lang::ZhCn, Lang::En] {
        if let Some(found) = source.quick_filters(language).iter().position(|n| n.to_lowercase() == wanted) {
            return Ok(found);
        }
    }
    let listed: Vec<String> = names.iter().enumerate().map(|(n, name)| format!("{} {name}", n + 1)).collect();
    Err(format!("no list '{text}' on {}: choose one of {}", tab.code(), listed.join(", ")))
}
