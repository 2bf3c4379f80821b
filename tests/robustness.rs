//! Random key, mouse, paste and resize sequences across all tabs, forms and sizes from 1×1 to
//! 300×100 never panic, in the desk or the read-only view.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::{Action, App, Named, view};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use strum::IntoEnumIterator;

/// One demo mall, copied for each case.
fn template() -> &'static PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        common::desk::demo_file(&dir)
    })
}

fn action() -> impl Strategy<Value = Action> {
    let named: Vec<Named> = Named::iter().filter(|n| *n != Named::Quit).collect();
    let keys = vec![
        KeyCode::Char('a'),
        KeyCode::Char('退'),
        KeyCode::Char('7'),
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Up,
        KeyCode::Down,
    ];
    prop_oneof![
        4 => proptest::sample::select(named).prop_map(Action::Named),
        3 => proptest::sample::select(keys).prop_map(|code| Action::Type(KeyEvent::from(code))),
        1 => "[a-z退换货\\n 0-9]{0,12}".prop_map(Action::Paste),
        1 => (0u16..300, 0u16..100).prop_map(|(column, row)| Action::Click { column, row }),
        1 => prop_oneof![Just(-1i16), Just(1i16)].prop_map(Action::Wheel),
        1 => (1u16..=300, 1u16..=100).prop_map(|(width, height)| Action::Resize { width, height }),
        1 => Just(Action::Tick),
    ]
}

/// The random sequences start from a fixed seed, so a run is repeatable; `PROPTEST_RNG_SEED`
/// chooses another. The seed is printed, so a failure names the seed that found it.
fn seed() -> u64 {
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(2026);
    eprintln!("random input seed: {seed} (set PROPTEST_RNG_SEED to change it)");
    seed
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed()),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_input_never_panics(
        actions in proptest::collection::vec(action(), 1..50),
        read_only in any::<bool>(),
        english in any::<bool>(),
        start in (1u16..=300, 1u16..=100),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.db");
        std::fs::copy(template(), &path).unwrap();
        let store = if read_only { Store::open_read_only(&path).unwrap() } else { Store::open(&path, "测试").unwrap() };
        let lang = if english { Lang::En } else { Lang::ZhCn };
        let mut app: App = common::desk::desk(store, lang, start);
        let mut size = start;
        for action in actions {
            if let Action::Resize { width, height } = action {
                size = (width, height);
            }
            app.update(action);
            let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
            terminal.draw(|frame| view::draw(frame, &app)).unwrap();
            app.after_frame();
        }
    }
}

#[test]
fn every_size_down_to_one_cell_draws() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sizes.db");
    std::fs::copy(template(), &path).unwrap();
    let mut app = common::desk::desk(Store::open_read_only(&path).unwrap(), Lang::ZhCn, (80, 24));
    app.update(Action::Named(Named::Help));
    for (width, height) in
        [(1, 1), (2, 1), (1, 30), (79, 23), (80, 24), (81, 25), (300, 100), (139, 40), (140, 40)]
    {
        app.update(Action::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| view::draw(frame, &app)).unwrap();
    }
}

/// One random action from a seeded generator (the soak's 100,000 would be slow through
/// proptest's shrinking machinery).
fn random_action(rng: &mut fastrand::Rng, named: &[Named]) -> Action {
    let keys = ['a', '退', '7', ' ', '张', '-'];
    match rng.u8(0..12) {
        0..=4 => Action::Named(named[rng.usize(0..named.len())]),
        5..=7 => Action::Type(KeyEvent::from(match rng.u8(0..8) {
            0 => KeyCode::Enter,
            1 => KeyCode::Backspace,
            2 => KeyCode::Up,
            3 => KeyCode::Down,
            4 => KeyCode::Left,
            _ => KeyCode::Char(keys[rng.usize(0..keys.len())]),
        })),
        8 => Action::Paste("退换货\n138 1234".chars().take(rng.usize(0..12)).collect()),
        9 => Action::Click { column: rng.u16(0..300), row: rng.u16(0..100) },
        10 => Action::Resize { width: rng.u16(1..=300), height: rng.u16(1..=100) },
        _ => Action::Wheel(if rng.bool() { 1 } else { -1 }),
    }
}

/// 100,000 random events on one desk, the query worker running, every frame drawn.
#[test]
#[ignore = "soak: 100,000 events, several minutes"]
fn soak_a_hundred_thousand_random_events() {
    let seed = seed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("soak.db");
    std::fs::copy(template(), &path).unwrap();
    let mut app = common::desk::desk(Store::open(&path, "测试").unwrap(), Lang::ZhCn, (120, 40));
    app.start_worker();
    let named: Vec<Named> = Named::iter().filter(|n| *n != Named::Quit).collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut size = (120, 40);
    for _ in 0..100_000 {
        let action = random_action(&mut rng, &named);
        if let Action::Resize { width, height } = action {
            size = (width, height);
        }
        app.update(action);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        terminal.draw(|frame| view::draw(frame, &app)).unwrap();
        app.after_frame();
        app.receive();
    }
}
