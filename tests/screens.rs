//! Screens drawn into a `TestBackend` and compared with reviewed snapshots: every tab with its
//! detail pane, a form with a validation error, the help overlay, the small-window notice —
//! in Chinese and English, at 80×24 and 120×40. Dates, times and case numbers are masked (they
//! follow the machine's time zone) with text of the same width, so the layout still shows.

mod common;

use common::desk::*;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::{App, Named, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Times are shown in the machine's zone: pin it so snapshots match everywhere.
fn utc() {
    // SAFETY: every test here sets the same value before reading any time.
    unsafe { std::env::set_var("TZ", "UTC") };
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::draw(frame, app)).unwrap();
    terminal.backend().to_string()
}

fn check(name: &str, text: String) {
    insta::with_settings!({
        filters => vec![
            (r"TS-\d{8}-\d{4}", "TS-YYYYMMDD-NNNN"),
            (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "YYYY-MM-DD hh:mm"),
            (r"\d{2}-\d{2} \d{2}:\d{2}", "MM-DD hh:mm"),
            (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
        ],
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "zh",
        Lang::En => "en",
    }
}

#[test]
fn every_tab_in_both_languages_and_sizes() {
    utc();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    for lang in [Lang::ZhCn, Lang::En] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = desk(Store::open_read_only(&path).unwrap(), lang, (width, height));
            for (tab, action) in [
                ("prospects", Named::Tab1),
                ("leases", Named::Tab2),
                ("complaints", Named::Tab3),
                ("callbacks", Named::Tab4),
                ("meetings", Named::Tab5),
            ] {
                press(&mut app, action);
                press(&mut app, Named::Down);
                app.message = None;
                check(&format!("{tab}_{}_{width}x{height}", lang_code(lang)), screen(&app, width, height));
                if tab == "leases" {
                    // The vacant units over the Leases tab.
                    press(&mut app, Named::Vacant);
                    check(
                        &format!("vacant_{}_{width}x{height}", lang_code(lang)),
                        screen(&app, width, height),
                    );
                    press(&mut app, Named::Close);
                }
            }
        }
    }
}

#[test]
fn detail_focus_form_error_and_help() {
    utc();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    for lang in [Lang::ZhCn, Lang::En] {
        for (width, height) in [(80, 24), (120, 40)] {
            let suffix = format!("{}_{width}x{height}", lang_code(lang));
            let mut app = desk(Store::open(&path, "王芳").unwrap(), lang, (width, height));
            press(&mut app, Named::Tab3);
            press(&mut app, Named::Detail);
            check(&format!("detail_{suffix}"), screen(&app, width, height));
            press(&mut app, Named::Back);

            press(&mut app, Named::New);
            press(&mut app, Named::NextField);
            press(&mut app, Named::NextField);
            type_text(&mut app, "李女士");
            press(&mut app, Named::Save);
            check(&format!("form_error_{suffix}"), screen(&app, width, height));
            press(&mut app, Named::Cancel);
            press(&mut app, Named::Yes);

            press(&mut app, Named::Help);
            check(&format!("help_{suffix}"), screen(&app, width, height));
        }
    }
}

#[test]
fn small_windows_ask_to_be_enlarged() {
    utc();
    let dir = tempfile::tempdir().unwrap();
    let app = desk(Store::open_read_only(&demo_file(dir.path())).unwrap(), Lang::ZhCn, (60, 10));
    check("too_small_zh_60x10", screen(&app, 60, 10));
}

#[test]
fn the_overview_and_the_merchant_file_in_both_languages_and_sizes() {
    utc();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    for lang in [Lang::ZhCn, Lang::En] {
        for (width, height) in [(80, 24), (160, 50)] {
            let mut app = desk(Store::open_read_only(&path).unwrap(), lang, (width, height));
            assert!(app.on_overview, "the read-only view opens on the overview");
            check(&format!("overview_{}_{width}x{height}", lang_code(lang)), screen(&app, width, height));
            // The Directory's first merchant with its file beside the list.
            press(&mut app, Named::Tab6);
            check(
                &format!("merchant_file_{}_{width}x{height}", lang_code(lang)),
                screen(&app, width, height),
            );
        }
    }
    // NO_COLOR with ASCII borders: every miss still carries its sign.
    let mut app = desk(Store::open_read_only(&path).unwrap(), Lang::En, (160, 50));
    app.theme = malldesk::ui::theme::Theme { color: false, ascii: true };
    let text = screen(&app, 160, 50);
    assert!(text.contains('✗') && text.contains('!'), "misses and alerts are marked, not only coloured");
    check("overview_en_160x50_ascii", text);
}
