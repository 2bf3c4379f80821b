//! What can go wrong in the store, each as a one-line message that says what to do.

use std::path::PathBuf;

use crate::domain::ValidationErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("read-only: this desk was opened with --read-only and cannot change anything")]
    ReadOnly,
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    #[error("{what} #{id} does not exist (it may have been removed): refresh the list")]
    NotFound { what: &'static str, id: i64 },
    #[error("{0}")]
    Refused(String),
    #[error(
        "database {path} does not exist: run malldesk once without --read-only (or `malldesk demo`) to create it"
    )]
    Missing { path: PathBuf },
    #[error(
        "database {path} has schema version {found}, newer than this malldesk (knows up to {supported}): \
         install the newer malldesk; the file was left untouched"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error(
        "database {path} has schema version {found} but this malldesk needs {supported}: \
         open it once without --read-only to upgrade it"
    )]
    NeedsMigration { path: PathBuf, found: i64, supported: i64 },
    #[error(
        "{path} is not a malldesk database (not SQLite, or damaged): check the path, or restore a backup"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "cannot read {path} read-only: its folder is not writable for this user and the WAL index is missing; \
         run as the same OS user as the desk, or start the desk once so it creates the index"
    )]
    ReadOnlyDirectory { path: PathBuf },
    #[error("database {path} cannot be opened: {reason}: check the path and its permissions")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("the database is busy (another program holds a long write): try again in a moment")]
    Busy,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("schema upgrade failed: {0}; the file was left as it was")]
    Migration(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// SQLITE_READONLY_DIRECTORY: a read-only reader cannot create the `-shm` file it needs.
const SQLITE_READONLY_DIRECTORY: i32 = 1544;

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(error),
        }
    }
}

impl StoreError {
    /// Turns an error met while opening `path` into the message the user needs.
    pub(crate) fn at_open(path: &std::path::Path, error: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        if let rusqlite::Error::SqliteFailure(failure, _) = &error {
            if failure.extended_code == SQLITE_READONLY_DIRECTORY {
                return StoreError::ReadOnlyDirectory { path };
            }
            match failure.code {
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                    return StoreError::NotADatabase { path };
                }
                ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                    return StoreError::CannotOpen { path, reason: error.to_string() };
                }
                _ => {}
            }
        }
        StoreError::from(error)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
