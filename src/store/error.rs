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
    Refused(Refusal),
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
    #[error("{path} is a folder, not a database file: give the path of the .db file inside it")]
    IsFolder { path: PathBuf },
    #[error("{path} is a device or a pipe, not a database file: give the path of a .db file")]
    NotAFile { path: PathBuf },
    #[error("cannot write {path}: {reason}: choose a folder that exists and that you may write to")]
    CannotWrite { path: PathBuf, reason: String },
    #[error("database {path} cannot be opened: {reason}: check the path and its permissions")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("the database is busy (another program holds a long write): try again in a moment")]
    Busy,
    #[error("database {path} is being restored ({by}): try again in a moment")]
    BeingRestored { path: PathBuf, by: String },
    #[error(
        "{path} is open for writing by {by}: close that desk (F10, or end the process) and run restore again"
    )]
    OpenForWriting { path: PathBuf, by: String },
    #[error("backup {path} cannot be restored: {reason}; choose another (see `malldesk backup --list`)")]
    BadBackup { path: PathBuf, reason: String },
    #[error("the disk is full: nothing was saved; free some space on the disk, then save again")]
    DiskFull,
    /// SQLite found a page it cannot read: the file is damaged.
    #[error("the database file is damaged ({0}): its integrity check fails; restore the newest backup")]
    Damaged(String),
    /// SQLite itself refused a write (the connection is read-only) — the store's own check
    /// ([`StoreError::ReadOnly`]) should have refused it first.
    #[error("the database file refused the write: it is open read-only")]
    FileReadOnly,
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
            Some(ErrorCode::ReadOnly) => StoreError::FileReadOnly,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Damaged(error.to_string())
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
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

/// A house rule refused a write: the message's key under `refusal.` in the locale files and
/// the values it names. Kept as a key, not text, so the desk shows it in the user's language;
/// `Display` gives the English text for the command line and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub key: &'static str,
    pub args: Vec<(&'static str, RefusalArg)>,
}

/// The value of one placeholder: shown as it is, or looked up in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalArg {
    Text(String),
    /// A locale key (`enum.<type>.<code>`).
    Label(String),
    /// Locale keys, joined with the language's separator ("none" when empty).
    Labels(Vec<String>),
}

impl Refusal {
    pub fn new(key: &'static str) -> Refusal {
        Refusal { key, args: Vec::new() }
    }

    /// Adds the value of the `%{name}` placeholder.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Refusal {
        self.args.push((name, RefusalArg::Text(value.to_string())));
        self
    }

    /// Adds a value shown as its label in the message's language (`enum.<type_key>.<code>`).
    pub fn with_label(mut self, name: &'static str, type_key: &str, code: &str) -> Refusal {
        self.args.push((name, RefusalArg::Label(format!("enum.{type_key}.{code}"))));
        self
    }

    /// Adds a list of labels, joined with the language's separator.
    pub fn with_labels(mut self, name: &'static str, type_key: &str, codes: &[&str]) -> Refusal {
        let keys = codes.iter().map(|c| format!("enum.{type_key}.{c}")).collect();
        self.args.push((name, RefusalArg::Labels(keys)));
        self
    }

    /// The message in `locale` (`zh-CN`, `en`).
    pub fn message(&self, locale: &str) -> String {
        let t = |key: &str| rust_i18n::t!(key, locale = locale).into_owned();
        let mut text = t(&format!("refusal.{}", self.key));
        for (name, value) in &self.args {
            let shown = match value {
                RefusalArg::Text(text) => text.clone(),
                RefusalArg::Label(key) => t(key),
                RefusalArg::Labels(keys) if keys.is_empty() => t("refusal.none"),
                RefusalArg::Labels(keys) => {
                    keys.iter().map(|k| t(k)).collect::<Vec<_>>().join(&t("refusal.separator"))
                }
            };
            text = text.replace(&format!("%{{{name}}}"), &shown);
        }
        text
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message("en"))
    }
}

impl From<Refusal> for StoreError {
    fn from(refusal: Refusal) -> Self {
        StoreError::Refused(refusal)
    }
}

impl StoreError {
    /// The message in `locale`: refusals and field problems in the user's language; the
    /// rest (files, SQLite) as their English one-line message.
    pub fn message(&self, locale: &str) -> String {
        match self {
            StoreError::Refused(refusal) => refusal.message(locale),
            StoreError::ReadOnly | StoreError::FileReadOnly => {
                rust_i18n::t!("refusal.read_only", locale = locale).into_owned()
            }
            StoreError::Busy => rust_i18n::t!("refusal.busy", locale = locale).into_owned(),
            StoreError::DiskFull => rust_i18n::t!("refusal.disk_full", locale = locale).into_owned(),
            StoreError::Damaged(_) => rust_i18n::t!("refusal.damaged", locale = locale).into_owned(),
            StoreError::NotFound { .. } => rust_i18n::t!("refusal.not_found", locale = locale).into_owned(),
            StoreError::Sqlite(error) if is_constraint(error) => constraint_message(error, locale),
            other => other.to_string(),
        }
    }
}

/// What a constraint SQLite enforced means for the clerk: a value another record already
/// uses (named by its field label), or a link to a record that does not exist.
fn constraint_message(error: &rusqlite::Error, locale: &str) -> String {
    let text = error.to_string();
    if let Some(columns) = text.split("UNIQUE constraint failed: ").nth(1) {
        let labels: Vec<String> = columns
            .split(", ")
            .map(|column| {
                let (table, name) = column.trim().split_once('.').unwrap_or(("", column.trim()));
                // `units.code` reads "Unit code", else the column's own label.
                let keys = [format!("field.{}_{name}", table.trim_end_matches('s')), format!("field.{name}")];
                keys.iter()
                    .map(|key| (key, rust_i18n::t!(key.as_str(), locale = locale).into_owned()))
                    .find(|(key, label)| label != *key)
                    .map(|(_, label)| label)
                    .unwrap_or_else(|| name.to_string())
            })
            .collect();
        return rust_i18n::t!("refusal.constraint_unique", locale = locale)
            .replace("%{field}", &labels.join(" + "));
    }
    if text.contains("FOREIGN KEY constraint failed") {
        return rust_i18n::t!("refusal.constraint_link", locale = locale).into_owned();
    }
    rust_i18n::t!("refusal.constraint", locale = locale).into_owned()
}

fn is_constraint(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
