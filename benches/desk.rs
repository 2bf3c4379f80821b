//! The desk's speed on the `large` demo database: start to first frame, and key press to next
//! frame for scrolling, paging, switching tabs and narrowing a search, each drawn into a
//! `TestBackend` at 120×40. Peak memory is printed at the end (VmHWM).
//!
//! Uses the same database as the store benchmark (`MALLDESK_BENCH_DB`, else
//! `target/bench/large.db`, generated on first use). Run: `cargo bench --bench desk`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use malldesk::config::Settings;
use malldesk::demo::{self, DemoSize};
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::keymap::Keymap;
use malldesk::ui::theme::Theme;
use malldesk::ui::{Action, App, Named, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

const SIZE: (u16, u16) = (120, 40);

fn database() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = std::env::var_os("MALLDESK_BENCH_DB")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/large.db"));
        if !path.exists() {
            eprintln!("generating the large demo database at {} …", path.display());
            demo::create(&path, DemoSize::Large, 2026, chrono::Local::now().date_naive(), "bench")
                .expect("large demo");
        }
        path
    })
}

fn desk() -> App {
    let store = Store::open_read_only(database()).expect("bench database");
    let theme = Theme { color: true, ascii: false };
    let dirs = malldesk::paths::Dirs::under(&std::env::temp_dir().join("malldesk-bench"));
    let mut app =
        App::new(store, Settings::default(), Keymap::default_keys(), Lang::ZhCn, theme, SIZE, &dirs);
    app.update(Action::Resize { width: SIZE.0, height: SIZE.1 });
    app
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| view::draw(frame, app)).unwrap();
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

fn main() {
    database();
    divan::main();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM")) {
        println!("peak memory of the whole benchmark run: {}", line.trim_start_matches("VmHWM:").trim());
    }
}

/// Open the database, read the first page of the remembered tab, draw the first frame.
#[divan::bench]
fn start_to_first_frame(bencher: Bencher) {
    bencher.bench_local(|| {
        let app = desk();
        let mut terminal = terminal();
        frame(&mut terminal, &app);
        app
    });
}

#[divan::bench(args = [Named::Tab1, Named::Tab2, Named::Tab3, Named::Tab4, Named::Tab5])]
fn switch_tab_and_draw(bencher: Bencher, tab: Named) {
    let mut app = desk();
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::Named(tab));
        frame(&mut terminal, &app);
        // Back to another tab so each iteration switches.
        app.update(Action::Named(if tab == Named::Tab3 { Named::Tab4 } else { Named::Tab3 }));
    });
}

/// F5 on a tab with figures: the list read again around the selection, then after the frame
/// the Complaints tab's KPIs and early warning, or the Callbacks tab's key customers.
#[divan::bench(args = [Named::Tab3, Named::Tab4])]
fn refresh_with_figures(bencher: Bencher, tab: Named) {
    let mut app = desk();
    app.update(Action::Named(tab));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::Named(Named::Refresh));
        frame(&mut terminal, &app);
        app.after_frame();
        frame(&mut terminal, &app);
    });
}

#[divan::bench(args = [Named::Tab1, Named::Tab3, Named::Tab4])]
fn scroll_one_row_and_draw(bencher: Bencher, tab: Named) {
    let mut app = desk();
    app.update(Action::Named(tab));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::Named(Named::Down));
        frame(&mut terminal, &app);
    });
}

#[divan::bench]
fn page_down_and_draw(bencher: Bencher) {
    let mut app = desk();
    app.update(Action::Named(Named::Tab3));
    app.update(Action::Named(Named::Filter));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::Named(Named::PageDown));
        frame(&mut terminal, &app);
    });
}

/// One typed character narrows the complaints list (and the next one widens it again).
#[divan::bench(args = ['退', '梯', '3'])]
fn narrow_search_and_draw(bencher: Bencher, typed: char) {
    let mut app = desk();
    app.update(Action::Named(Named::Tab3));
    app.update(Action::Named(Named::Search));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::Type(KeyEvent::from(KeyCode::Char(typed))));
        frame(&mut terminal, &app);
        app.update(Action::Type(KeyEvent::from(KeyCode::Backspace)));
    });
}
