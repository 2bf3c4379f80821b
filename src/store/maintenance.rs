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

    /// Long statements (a backup) end with an error as soon as `stop` answers true, checked every
    /// few thousand steps: Ctrl-C on the command line stops a backup, which then removes its file.
    pub fn stop_when(&self, stop: fn() -> bool) -> Result<()> {
        self.conn().progress_handler(10_000, Some(stop))?;
        Ok(())
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

/// One file of the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub bytes: u64,
    pub modified: Option<chrono::DateTime<Utc>>,
}

impl BackupFile {
    /// `/…/malldesk-20261123-103000.db  12.3 MB  2026-11-23 10:30`
    pub fn line(&self) -> String {
        let modified = self
            .modified
            .map(|at| at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        format!("{}  {:.1} MB  {modified}", self.path.display(), self.bytes as f64 / 1_000_000.0)
    }
}

/// The backups in `dir` (the `.db` files), newest first; none when the folder does not exist.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(StoreError::CannotOpen { path: dir.to_path_buf(), reason: error.to_string() });
        }
    };
    let mut backups: Vec<BackupFile> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "db"))
        .filter_map(|entry| {
            let meta = entry.metadata().ok().filter(|m| m.is_file())?;
            Some(BackupFile {
                path: entry.path(),
                bytes: meta.len(),
                modified: meta.modified().ok().map(chrono::DateTime::<Utc>::from),
            })
        })
        .collect();
    backups.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.path.cmp(&a.path)));
    Ok(backups)
}

/// Puts `backup` in place of the database at `db`: the backup is checked first (a SQLite file
/// of malldesk, intact, a schema this program knows), the restore is refused while a desk has
/// `db` open for writing, and the file it replaces is kept beside it as a dated copy. Returns
/// the one line to tell the user.
pub fn restore(backup: &Path, db: &Path, now: chrono::DateTime<Utc>) -> Result<String> {
    let bad = |reason: String| StoreError::BadBackup { path: backup.to_path_buf(), reason };
    let meta = std::fs::metadata(backup).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("it is not a file".into()));
    }
    if backup.canonicalize().ok() == db.canonicalize().ok() {
        return Err(bad("it is the database itself".into()));
    }
    let (version, records) = {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(backup, flags).map_err(|e| bad(e.to_string()))?;
        let integrity: String = conn
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(|_| bad("it is not a malldesk database (not SQLite, or damaged)".into()))?;
        if integrity != "ok" {
            return Err(bad(format!("its integrity check fails ({integrity})")));
        }
        let version = schema::user_version(&conn)?;
        if version == 0 {
            return Err(bad("it holds no malldesk schema".into()));
        }
        if version > schema::latest_version() {
            return Err(bad(format!(
                "its schema version {version} is newer than this malldesk (knows up to {})",
                schema::latest_version()
            )));
        }
        let records: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM callbacks)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| bad(e.to_string()))?;
        (version, records)
    };
    let _lock = match super::desk_lock::exclusive(db) {
        Ok(lock) => lock,
        Err(super::desk_lock::Held::By(by)) => {
            return Err(StoreError::OpenForWriting { path: db.to_path_buf(), by });
        }
        Err(super::desk_lock::Held::Io(error)) => {
            return Err(StoreError::CannotWrite { path: db.to_path_buf(), reason: error.to_string() });
        }
    };
    let cannot_write = |path: &Path| {
        let path = path.to_path_buf();
        move |e: std::io::Error| StoreError::CannotWrite { path, reason: e.to_string() }
    };
    // The backup goes beside the database first, so the swap itself is a rename.
    let incoming = crate::transfer::partial_path(db);
    std::fs::copy(backup, &incoming).map_err(cannot_write(&incoming))?;
    let kept = if db.exists() {
        // Fold the write-ahead log into the file so the kept copy holds every commit.
        let conn = rusqlite::Connection::open(db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(conn);
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".before-restore-{}", now.with_timezone(&chrono::Local).format("%Y%m%d-%H%M%S")));
        let kept = db.with_file_name(name);
        std::fs::rename(db, &kept).map_err(cannot_write(db))?;
        Some(kept)
    } else {
        None
    };
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&incoming, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::rename(&incoming, db).map_err(cannot_write(db))?;
    let mut line = format!(
        "restored {} from {} (schema version {version}, {records} complaints and callbacks)",
        db.display(),
        backup.display()
    );
    if let Some(kept) = kept {
        line.push_str(&format!("; the replaced file is kept as {}", kept.display()));
    }
    Ok(line)
}
