//! The desk's speed on the `large` demo database: start to first frame, and key press to next
//! frame for scrolling, paging, switching tabs and narrowing a search, each drawn into a
//! `TestBackend` at 120×40. Each key is measured with all the work the desk's thread does for
//! it — the update, the frame, and what runs after the frame (asking the query worker, taking
//! its answers) — while the worker computes counts and figures on its own connection, as in the
//! real desk. Peak memory of the benchmark process is printed at the end (VmHWM); the database
//! is generated beforehand in a separate process, so its building is not in that figure.
//!
//! Uses the same database as the store benchmark (`MALLDESK_BENCH_DB`, else
//! `target/bench/large.db`, generated on first use). Run: `cargo bench --bench desk`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use malldesk::config::Settings;
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
            // In a child process, so this process's peak memory is the desk's alone.
            eprintln!("generating the large demo database at {} …", path.display());
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_malldesk"))
                .args(["demo", "--size", "large", "--db"])
                .arg(&path)
                .status()
                .expect("malldesk runs");
            assert!(status.success(), "the large demo was not made");
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
    app.start_worker();
    app
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| view::draw(frame, app)).unwrap();
}

/// One key as the desk's thread handles it: the update, the frame, then the work after the
/// frame (questions to the worker) and any answers that came (drawn when they change it).
fn key(app: &mut App, terminal: &mut Terminal<TestBackend>, action: Action) {
    app.update(action);
    frame(terminal, app);
    let shown = app.after_frame();
    if app.receive() || shown {
        frame(terminal, app);
    }
}

/// Down for `span` presses, then up again, so a long run never stops at the end of the list.
fn to_and_fro(count: &mut u64, span: u64, forward: Named, back: Named) -> Action {
    *count += 1;
    Action::Named(if (*count / span).is_multiple_of(2) { forward } else { back })
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

/// Each switch lands on a tab whose figures are being read again (F5 before leaving it), so
/// the worker is busy while the keys are answered.
#[divan::bench(args = [Named::Tab1, Named::Tab2, Named::Tab3, Named::Tab4, Named::Tab5])]
fn switch_tab_and_draw(bencher: Bencher, tab: Named) {
    let mut app = desk();
    let mut terminal = terminal();
    let other = if tab == Named::Tab3 { Named::Tab4 } else { Named::Tab3 };
    bencher.bench_local(|| {
        key(&mut app, &mut terminal, Action::Named(tab));
        // Back to a tab with figures, read again, so each iteration switches with work pending.
        key(&mut app, &mut terminal, Action::Named(other));
        key(&mut app, &mut terminal, Action::Named(Named::Refresh));
    });
}

/// F5 on a tab with figures: the list read again around the selection, the count and figures
/// asked of the worker; one iteration ends when their answers are on screen.
#[divan::bench(args = [Named::Tab3, Named::Tab4])]
fn refresh_until_figures_shown(bencher: Bencher, tab: Named) {
    let mut app = desk();
    app.update(Action::Named(tab));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        key(&mut app, &mut terminal, Action::Named(Named::Refresh));
        app.wait_for_answers(std::time::Duration::from_secs(60));
        frame(&mut terminal, &app);
    });
}

/// ↓ through the list (and back up after 2,000 rows), with F5 every 50 keys so the worker is
/// computing the tab's figures during many of them.
#[divan::bench(args = [Named::Tab1, Named::Tab3, Named::Tab4])]
fn scroll_one_row_and_draw(bencher: Bencher, tab: Named) {
    let mut app = desk();
    app.update(Action::Named(tab));
    let mut terminal = terminal();
    let mut count = 0;
    bencher.bench_local(|| {
        let action = to_and_fro(&mut count, 2_000, Named::Down, Named::Up);
        key(&mut app, &mut terminal, action);
        if count % 50 == 0 {
            key(&mut app, &mut terminal, Action::Named(Named::Refresh));
        }
    });
}

/// PgDn through every complaint (and back after 200 pages), figures read again every 20 keys.
#[divan::bench]
fn page_down_and_draw(bencher: Bencher) {
    let mut app = desk();
    app.update(Action::Named(Named::Tab3));
    app.update(Action::Named(Named::Filter));
    let mut terminal = terminal();
    let mut count = 0;
    bencher.bench_local(|| {
        let action = to_and_fro(&mut count, 200, Named::PageDown, Named::PageUp);
        key(&mut app, &mut terminal, action);
        if count % 20 == 0 {
            key(&mut app, &mut terminal, Action::Named(Named::Refresh));
        }
    });
}

/// One typed character narrows the complaints list (and the next one widens it again); each
/// asks the worker for the search's count while the next key comes.
#[divan::bench(args = ['退', '梯', '3'])]
fn narrow_search_and_draw(bencher: Bencher, typed: char) {
    let mut app = desk();
    app.update(Action::Named(Named::Tab3));
    app.update(Action::Named(Named::Search));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        key(&mut app, &mut terminal, Action::Type(KeyEvent::from(KeyCode::Char(typed))));
        key(&mut app, &mut terminal, Action::Type(KeyEvent::from(KeyCode::Backspace)));
    });
}

/// The supervisor's first screen: F5 on the overview, then wait until every figure and chart
/// is on screen (the figures and the charts are two questions to the worker).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn overview_until_every_figure_filled(bencher: Bencher) {
    let mut app = desk();
    let mut terminal = terminal();
    bencher.bench_local(|| {
        key(&mut app, &mut terminal, Action::Named(Named::Refresh));
        app.wait_for_answers(std::time::Duration::from_secs(120));
        frame(&mut terminal, &app);
        assert!(app.overview.figures.is_some() && app.overview.charts.is_some());
    });
}

/// ↓ on the overview while its figures and charts are being read again (F5 every 20 keys).
#[divan::bench]
fn overview_key_while_reading(bencher: Bencher) {
    let mut app = desk();
    let mut terminal = terminal();
    let mut count = 0;
    bencher.bench_local(|| {
        let action = to_and_fro(&mut count, 10, Named::Down, Named::Up);
        key(&mut app, &mut terminal, action);
        if count % 20 == 0 {
            key(&mut app, &mut terminal, Action::Named(Named::Refresh));
        }
    });
}
