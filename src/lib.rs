//! malldesk: a terminal desk for a shopping mall's leasing and service desk.
//!
//! `domain` holds the business rules (no SQL, no terminal), `store` the SQLite repository
//! layer, `ui` the terminal desk, `demo` the demo data, `config` the house-rule settings.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod paths;
pub mod progress;
pub mod report;
pub mod store;
pub mod transfer;
pub mod ui;

// The interface's strings: assets/locales/<lang>.yml, embedded at build time.
rust_i18n::i18n!("assets/locales", fallback = "en");
