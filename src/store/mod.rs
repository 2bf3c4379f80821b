//! The repository layer: one SQLite file, opened read-write by the desk or read-only by a
//! supervisor. Typed structs go in and out, SQL is parameterised, and every write runs in one
//! `BEGIN IMMEDIATE` transaction together with its audit row (see [`Store::write`]).
//!
//! Read-only is enforced twice, as taskchampion does: the connection is opened
//! `SQLITE_OPEN_READ_ONLY`, and every write checks the access mode before touching SQLite.

pub mod audit;
pub mod callbacks;
pub mod callers;
pub mod complaints;
pub mod desk_lock;
pub mod desk_state;
pub mod diagnostics;
mod error;
pub mod lease_figures;
pub mod lease_money;
pub mod leases;
pub mod leasing_figures;
pub mod maintenance;
pub mod mall;
pub mod meeting_figures;
pub mod meeting_series;
pub mod meetings;
pub mod merchant_file;
pub mod merchants;
pub mod prospects;
pub mod record;
pub mod reports;
pub mod schema;
pub mod search;
mod sql;
pub mod staff;
pub mod staff_figures;
pub mod units;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::config::Settings;
use crate::domain::clock::MallClock;

pub use error::{Refusal, Result, StoreError};
pub use record::{Cursor, Entity, ListFilter, Page, PageRequest, Repo, Writer};

/// How the database was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// An open database and who is working on it.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    access: Access,
    operator: String,
    settings: Settings,
    /// The language of text the store itself writes into records (an automatic reason).
    record_locale: String,
    /// The mall's time zone, read from the file (see [`mall`]).
    clock: MallClock,
    /// A read-write file's hold against a restore (see [`desk_lock`]).
    _writer_lock: Option<desk_lock::WriterLock>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (creating if missing, owner-only) and migrates the database for the desk.
    /// A database newer than this program is refused before anything is written to it.
    pub fn open(path: &Path, operator: &str) -> Result<Store> {
        Store::open_with_zone(path, operator, None)
    }

    /// [`Store::open`]; a file that has no mall clock yet (a new one) gets `zone`, else the
    /// system's. A file that has one keeps it.
    pub fn open_with_zone(path: &Path, operator: &str, zone: Option<MallClock>) -> Result<Store> {
        not_a_file(path)?;
        let writer_lock = match desk_lock::for_desk(path, operator) {
            Ok(lock) => Some(lock),
            Err(desk_lock::Held::By(by)) => {
                return Err(StoreError::BeingRestored { path: path.to_path_buf(), by });
            }
            // A folder where no lock file can be made: the database cannot be written there
            // either, and opening it says so.
            Err(desk_lock::Held::Io(error)) => {
                tracing::warn!("no writer lock beside {}: {error}", path.display());
                None
            }
        };
        create_private_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::at_open(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found = schema::user_version(&conn).map_err(|e| StoreError::at_open(path, e))?;
        let supported = schema::latest_version();
        if found > supported {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported });
        }
        // WAL lets a read-only supervisor read while the desk writes; FULL makes a commit
        // survive a power cut at the counter.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| StoreError::at_open(path, e))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        search::register_functions(&conn)?;
        schema::migrate(&mut conn).map_err(|e| StoreError::Migration(e.to_string()))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            access: Access::ReadWrite,
            operator: operator.to_string(),
            settings: Settings::default(),
            record_locale: "zh-CN".into(),
            clock: MallClock::default(),
            _writer_lock: writer_lock,
        };
        store.settle_clock(zone)?;
        Ok(store)
    }

    /// Opens an existing, up-to-date database for reading only; no migration runs.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        not_a_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::at_open(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found = schema::user_version(&conn).map_err(|e| StoreError::at_open(path, e))?;
        let supported = schema::latest_version();
        let path_buf = path.to_path_buf();
        if found > supported {
            return Err(StoreError::TooNew { path: path_buf, found, supported });
        }
        if found < supported {
            return Err(StoreError::NeedsMigration { path: path_buf, found, supported });
        }
        let clock = mall::stored_clock(&conn)?.unwrap_or_else(MallClock::system);
        Ok(Store {
            conn,
            path: Some(path_buf),
            access: Access::ReadOnly,
            operator: String::new(),
            settings: Settings::default(),
            record_locale: "zh-CN".into(),
            clock,
            _writer_lock: None,
        })
    }

    /// A private in-memory database, for tests and fixtures; its clock is UTC until
    /// [`Store::set_clock`] says otherwise.
    pub fn open_in_memory(operator: &str) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        search::register_functions(&conn)?;
        schema::migrate(&mut conn).map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(Store {
            conn,
            path: None,
            access: Access::ReadWrite,
            operator: operator.to_string(),
            settings: Settings::default(),
            record_locale: "zh-CN".into(),
            clock: MallClock::default(),
            _writer_lock: None,
        })
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The house rules writes follow (deadlines, attempts, penalties); defaults until set.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    /// Text the store writes into records (an automatic reason) follows the interface language.
    pub fn set_record_locale(&mut self, locale: &str) {
        self.record_locale = locale.to_string();
    }

    /// The repository of one record family.
    pub fn repo<E: Entity>(&self) -> Repo<'_, E> {
        Repo::new(self)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Changes whenever another connection commits: a reader polls it to refresh.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// Runs `change` in one `BEGIN IMMEDIATE` transaction: all of it commits, or none of it
    /// (an error rolls back). Refused before touching SQLite when read-only.
    pub fn write<T>(&self, change: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        self.write_at(sql::now(), change)
    }

    /// [`Store::write`] with the clock given, so tests and demo data choose "now".
    pub fn write_at<T>(
        &self,
        now: DateTime<Utc>,
        change: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let writer = Writer::new(&tx, &self.operator, now, &self.settings, &self.record_locale, self.clock);
        let out = change(&writer)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Creates the database file readable and writable by its owner only, with its folder.
fn create_private_file(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a path that exists but is no regular file: a folder, a device (`/dev/null`), a pipe.
fn not_a_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::IsFolder { path: path.to_path_buf() }),
        Ok(meta) if !meta.is_file() => Err(StoreError::NotAFile { path: path.to_path_buf() }),
        _ => Ok(()),
    }
}
