//! Where malldesk keeps its files: the platform's data and config directories (on Linux
//! `~/.local/share/malldesk` and `~/.config/malldesk`), each overridable on the command line.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "malldesk")
}

/// The data directory; the current directory when the platform has none (no home).
pub fn data_dir() -> PathBuf {
    project().map(|p| p.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from("."))
}

pub fn config_dir() -> PathBuf {
    project().map(|p| p.config_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from("."))
}

/// The folders one run of the desk reads and writes besides its database: exports go under
/// `data`, call-script overrides come from `config`. Passed in (not looked up deep inside), so
/// tests give each desk its own temporary folders and never touch the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

impl Dirs {
    /// The platform's folders for malldesk.
    pub fn platform() -> Dirs {
        Dirs { data: data_dir(), config: config_dir() }
    }

    /// Both folders under one root (`root/data`, `root/config`).
    pub fn under(root: &std::path::Path) -> Dirs {
        Dirs { data: root.join("data"), config: root.join("config") }
    }

    /// Where printed forms and exported lists are written.
    pub fn exports(&self) -> PathBuf {
        self.data.join("exports")
    }
}

/// The desk's database unless `--db` / `MALLDESK_DB` say otherwise.
pub fn default_database() -> PathBuf {
    data_dir().join("malldesk.db")
}

/// The demo database opened by `--demo` and filled by `malldesk demo`.
pub fn demo_database() -> PathBuf {
    data_dir().join("demo.db")
}

pub fn settings_file() -> PathBuf {
    config_dir().join("settings.toml")
}

pub fn backups_dir() -> PathBuf {
    data_dir().join("backups")
}

pub fn log_dir() -> PathBuf {
    data_dir().join("logs")
}

/// The user's key overrides over `assets/keymap.toml`.
pub fn keymap_file() -> PathBuf {
    config_dir().join("keymap.toml")
}

/// Creates (or truncates) a file readable and writable by its owner only: exports hold
/// customers' names and phone numbers, like the database.
pub fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // An existing file keeps its old mode on open: tighten it too.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}
