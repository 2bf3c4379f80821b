//! Building a desk (`App`) over demo data for UI tests, and feeding it actions.
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use malldesk::config::Settings;
use malldesk::demo::{self, DemoSize};
use malldesk::paths::Dirs;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::keymap::Keymap;
use malldesk::ui::theme::Theme;
use malldesk::ui::{Action, App, Named};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A small demo mall in a file under `dir` (made once per test).
pub fn demo_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("mall.db");
    demo::create(&path, DemoSize::Small, 2026, demo_day(), "演示").unwrap();
    path
}

/// The data and config folders of every test desk in this process: a temporary folder, so a
/// test never reads the user's call scripts nor writes into the user's exports.
pub fn test_dirs() -> &'static Dirs {
    static DIRS: std::sync::OnceLock<Dirs> = std::sync::OnceLock::new();
    DIRS.get_or_init(|| Dirs::under(&tempfile::tempdir().expect("a temporary folder").keep()))
}

pub fn desk(store: Store, lang: Lang, size: (u16, u16)) -> App {
    let mut app = App::new(
        store,
        Settings::default(),
        Keymap::default_keys(),
        lang,
        Theme { color: false, ascii: false },
        size,
        test_dirs(),
    );
    app.fixed_now = Some("2026-11-22T02:00:00Z".parse().unwrap());
    app.update(Action::Resize { width: size.0, height: size.1 });
    app.update(Action::Named(Named::Refresh));
    app.after_frame();
    app.message = None;
    app
}

/// One key, then what the desk does after drawing the frame.
pub fn press(app: &mut App, action: Named) {
    app.update(Action::Named(action));
    app.after_frame();
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(KeyEvent::from(KeyCode::Char(c))));
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    app.update(Action::Type(KeyEvent::from(code)));
}

/// The screen as text lines, drawn by the desk's own view at its size.
pub fn screen_lines(app: &App) -> Vec<String> {
    let backend = ratatui::backend::TestBackend::new(app.width, app.height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|frame| malldesk::ui::view::draw(frame, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            // A wide character fills two cells; the second holds nothing of its own.
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            line
        })
        .collect()
}
