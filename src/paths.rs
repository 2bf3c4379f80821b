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
