//! Backup and health check. A backup is `VACUUM INTO` a new file: one consistent snapshot even
//! while the desk keeps writing, compact, and it works on a read-only connection.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::error::{Refusal, Result, StoreError};
use super::{Store, schema};

/// How deep `malldesk check` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDepth {
    /// `PRAGMA quick_check`: every page and record is read, indexes are not matched to their
    /// tables. Seconds on a large file.
    Quick,
    /// `PRAGMA integrity_check`: indexes checked against their tables too.
    Full,
}

/// Called now and then while a check runs (a progress display).
pub type Progress = Box<dyn FnMut() + Send>;

/// The result of `malldesk check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub depth: CheckDepth,
    pub integrity: String,
    pub foreign_key_problems: u64,
    pub version: i64,
    pub rows: u64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok" && self.foreign_key_problems == 0 && self.version == schema::latest_version()
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_ok() {
            let what = match self.depth {
                CheckDepth::Quick => "quick check ok (--full also checks the indexes)",
                CheckDepth::Full => "integrity ok",
            };
            write!(f, "OK: {what}, schema version {} (latest), {} records", self.version, self.rows)
        } else {
            write!(
                f,
                "PROBLEM: integrity {}, {} broken links, schema version {} (this malldesk: {}): restore the newest backup",
                self.integrity,
                self.foreign_key_problems,
                self.version,
                schema::latest_version()
            )
        }
    }
}

const RECORD_TABLES: &[&str] = &[
    "staff",
    "units",
    "merchants",
    "prospects",
    "prospect_stage_moves",
    "interactions",
    "leases",
    "lease_approvals",
    "charges",
    "payments",
    "dunning_log",
    "lease_exits",
    "complaints",
    "complaint_steps",
    "callbacks",
    "callback_attempts",
    "meetings",
    "agenda_items",
    "attendance",
    "action_items",
    "merchant_deductions",
    "meeting_series",
    "prospect_reassignments",
];

impl Store {
    /// The quick check (see [`CheckDepth::Quick`]), foreign keys and the record count.
    pub fn check(&self) -> Result<CheckReport> {
        self.check_with(CheckDepth::Quick, None)
    }

    /// Runs SQLite's quick or full integrity check and the foreign-key check, and counts the
    /// records; `progress` is called every few thousand steps of SQLite's work.
    pub fn check_with(&self, depth: CheckDepth, progress: Option<Progress>) -> Result<CheckReport> {
        let conn = self.conn();
        if let Some(mut progress) = progress {
            conn.progress_handler(
                50_000,
                Some(move || {
                    progress();
                    false
                }),
            )?;
        }
        let result = self.run_checks(depth);
        conn.progress_handler(0, None::<fn() -> bool>)?;
        result
    }

    fn run_checks(&self, depth: CheckDepth) -> Result<CheckReport> {
        let conn = self.conn();
        let pragma = match depth {
            CheckDepth::Quick => "PRAGMA quick_check",
            CheckDepth::Full => "PRAGMA integrity_check",
        };
        let mut statement = conn.prepare(pragma)?;
        let lines: Vec<String> =
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        let integrity = lines.join("; ");
        let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_key_problems = statement.query_map([], |_| Ok(()))?.count() as u64;
        let mut rows = 0u64;
        for table in RECORD_TABLES {
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
            rows += count as u64;
        }
        Ok(CheckReport { depth, integrity, foreign_key_problems, version: schema::user_version(conn)?, rows })
    }

    /// Rows in one of the record tables or the audit log.
    pub fn table_rows(&self, table: &str) -> Result<u64> {
        if !RECORD_TABLES.contains(&table) && table != "audit_log" {
            return Err(Refusal::new("not_a_table").with("table", table).into());
        }
        let count: i64 =
            self.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
        Ok(count as u64)
    }

    /// Writes a consistent copy to `target` (which must not exist), readable by the owner only.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(Refusal::new("file_exists").with("path", target.display()).into());
        }
        let cannot_write =
            |e: std::io::Error| StoreError::CannotWrite { path: target.to_path_buf(), reason: e.to_string() };
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(cannot_write)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(target).map_err(cannot_write)?;
        let result = self.conn().execute("VACUUM INTO ?", [target.to_string_lossy()]);
        if let Err(error) = result {
            let _ = std::fs::remove_file(target);
            return Err(error.into());
        }
        Ok(())
    }
}

/// Makes a timestamped backup in `dir` and removes the oldest beyond `keep`; returns its path.
pub fn rotating_backup(store: &Store, dir: &Path, keep: usize) -> Result<PathBuf> {
    let name = format!("malldesk-{}.db", store.clock().format(Utc::now(), "%Y%m%d-%H%M%S"));
    let target = dir.join(name);
    store.backup_to(&target)?;
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("malldesk-") && n.ends_with(".db"))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    for old in backups.into_iter().take(excess) {
        std::fs::remove_file(old)?;
    }
    Ok(target)
}
