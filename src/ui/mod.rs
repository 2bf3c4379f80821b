//! The terminal desk: five tabs over lists that never load a whole table, a detail pane, search
//! and filters, help, Chinese and English, and the read-only supervisor view.
//!
//! Data flows one way: a terminal event becomes an [`Action`] through the keymap, `App::update`
//! changes the state and calls the store, and `view::draw` reads the state.

pub mod action;
pub mod app;
pub mod form;
pub mod i18n;
pub mod keymap;
pub mod list;
pub mod master;
pub mod overview;
pub mod tabs;
pub mod theme;
pub mod view;
pub mod worker;

use std::time::{Duration, Instant};

use anyhow::Result;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;

pub use action::{Action, Named};
pub use app::App;

/// How often the read-only view looks for the desk's commits.
const TICK: Duration = Duration::from_millis(1000);

/// How often the desk looks for the query worker's answers while it owes some.
const ANSWER_POLL: Duration = Duration::from_millis(10);

/// Turns a terminal event into an action for the current screen.
pub fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        // Windows reports key releases too: act on presses only.
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            Some(app.keymap.action(app.context(), &key).map(Action::Named).unwrap_or(Action::Type(key)))
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                Some(Action::Click { column: mouse.column, row: mouse.row })
            }
            MouseEventKind::ScrollUp => Some(Action::Wheel(-1)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(1)),
            _ => None,
        },
        _ => None,
    }
}

/// Undoes everything start-up turned on: mouse tracking, bracketed paste, then raw mode and the
/// alternate screen (ratatui's restore).
fn restore_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Set by tests only: the desk panics on its first tick, so a test can check the terminal is
/// restored after a panic.
const PANIC_FOR_TEST: &str = "MALLDESK_TEST_PANIC";

/// Runs the desk until the user quits; the terminal is restored on every way out: a normal
/// quit, an error, and a panic (the hook below runs before the panic message is printed).
pub fn run(mut app: App) -> Result<()> {
    let mut terminal = ratatui::init();
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let panic_for_test = std::env::var_os(PANIC_FOR_TEST).is_some();
    let result = event_loop(&mut terminal, &mut app, panic_for_test);
    restore_terminal();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App, panic_for_test: bool) -> Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize { width: size.width, height: size.height });
    let mut last_tick = Instant::now();
    let mut redraw = true;
    let mut worker_started = false;
    while !app.quit {
        if redraw {
            terminal.draw(|frame| view::draw(frame, app))?;
        }
        redraw = true;
        if !worker_started {
            // After the first frame: the worker's own connection is not on the way to it.
            app.start_worker();
            worker_started = true;
        }
        if app.has_deferred_work() && !event::poll(Duration::ZERO)? {
            redraw = app.after_frame();
            continue;
        }
        // While the query worker owes answers, look for them often; a key still wakes at once.
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.awaiting_answers() {
            timeout = timeout.min(ANSWER_POLL);
        }
        let key_waiting = event::poll(timeout)?;
        let answered = app.receive();
        if key_waiting {
            let event = event::read()?;
            app.batching = event::poll(Duration::ZERO)?;
            if let Some(action) = action_for(app, event) {
                app.update(action);
            }
            if app.batching {
                // Read the waiting input before drawing again.
                continue;
            }
            app.settle();
        }
        if last_tick.elapsed() >= TICK {
            assert!(!panic_for_test, "{PANIC_FOR_TEST} is set: panicking on purpose");
            app.update(Action::Tick);
            last_tick = Instant::now();
        } else if !key_waiting && !answered {
            // Only woke to look for answers and none came: nothing to draw.
            redraw = false;
        }
    }
    Ok(())
}
