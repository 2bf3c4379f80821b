//! Terminal safety (issue "Never block, never lose", item 6): text another tool wrote into the
//! database — escape sequences, a bell, a title change, C1 controls — never reaches the
//! terminal. Rows are inserted with plain SQL (past the store's validation), then every tab's
//! list, the detail, the edit form and the printable form are drawn; no cell holds a control
//! character.

mod common;

use common::desk::{self, press};
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::{App, Named, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NASTY: &str = "坏\u{1b}]0;pwned\u{7}\u{1b}[31mRED\u{1b}[2J\u{9b}31m\u{8}\r\n第二行\u{7f}\u{0}";

fn draw(app: &App) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| view::draw(frame, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn cells_with_controls(app: &App) -> Vec<String> {
    draw(app)
        .content()
        .iter()
        .filter(|cell| cell.symbol().chars().any(char::is_control))
        .map(|cell| format!("{:?}", cell.symbol()))
        .collect()
}

#[test]
fn escape_sequences_in_stored_text_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk::demo_file(dir.path());
    // Another tool's connection (with the search functions the full-text triggers call).
    let conn = rusqlite::Connection::open(&path).unwrap();
    malldesk::store::search::register_functions(&conn).unwrap();
    conn.execute(
        "UPDATE complaints SET complainant = ?1, content = ?1 WHERE id = (SELECT max(id) FROM complaints)",
        [NASTY],
    )
    .unwrap();
    conn.execute("UPDATE merchants SET brand = ?1, contact = ?1", [NASTY]).unwrap();
    conn.execute("UPDATE callbacks SET party_name = ?1, customer_words = ?1", [NASTY]).unwrap();
    conn.execute("UPDATE prospects SET brand = ?1, contact = ?1", [NASTY]).unwrap();
    conn.execute("UPDATE meetings SET host = ?1, minutes = ?1", [NASTY]).unwrap();
    drop(conn);

    let mut app = desk::desk(Store::open(&path, "王芳").unwrap(), Lang::ZhCn, (120, 40));
    for tab in [Named::Tab1, Named::Tab2, Named::Tab3, Named::Tab4, Named::Tab5] {
        press(&mut app, tab);
        press(&mut app, Named::Filter);
        press(&mut app, Named::Filter);
        assert_eq!(cells_with_controls(&app), Vec::<String>::new(), "list of {tab:?}");
        press(&mut app, Named::Detail);
        assert_eq!(cells_with_controls(&app), Vec::<String>::new(), "detail of {tab:?}");
        press(&mut app, Named::Back);
        press(&mut app, Named::Edit);
        assert_eq!(cells_with_controls(&app), Vec::<String>::new(), "form of {tab:?}");
        press(&mut app, Named::Cancel);
        press(&mut app, Named::Cancel);
    }
    // The case itself, on the complaints tab, searched by its stored words.
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Search);
    desk::type_text(&mut app, "第二行");
    app.settle();
    assert!(app.current().list.total >= 1, "the case is listed");
    let shown = cells_with_controls(&app);
    assert!(shown.is_empty(), "{shown:?}");
    // The text around the controls is still shown, the escapes' letters as plain text.
    let screen: String = draw(&app).content().iter().map(|cell| cell.symbol()).collect();
    assert!(screen.contains("]0;pwned[31mRED[2J31m"), "{screen}");
}

/// Printed reports carry stored words to the terminal too: their controls become `�`.
#[test]
fn printed_reports_never_carry_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk::demo_file(dir.path());
    let conn = rusqlite::Connection::open(&path).unwrap();
    malldesk::store::search::register_functions(&conn).unwrap();
    conn.execute("UPDATE callbacks SET party_name = ?1, customer_words = ?1", [NASTY]).unwrap();
    drop(conn);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_malldesk"))
        .args(["report", "register", "--period", "2026-11", "--lang", "en", "--db"])
        .arg(&path)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("坏�]0;pwned��[31mRED"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
}
