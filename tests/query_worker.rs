//! The query worker (issue "Never block, never lose", item 1): counts and tab figures are read
//! on a background thread with its own read-only connection; its answers equal what the desk
//! computes itself, and an answer to a request that is no longer the newest is dropped.

mod common;

use std::time::Duration;

use common::desk::{self, press, type_text};
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::{App, Named};

const WAIT: Duration = Duration::from_secs(30);

fn with_worker(path: &std::path::Path) -> App {
    let mut app = desk::desk(Store::open(path, "王芳").unwrap(), Lang::ZhCn, (120, 40));
    app.start_worker();
    app
}

/// What the desk shows beside the list: count, exact, KPIs, warning, key customers.
type Shown = (u64, bool, Vec<(f64, u64, u64)>, Option<String>, (u64, u64));

/// What the desk shows beside the list, to compare two desks.
fn figures(app: &App) -> Shown {
    let list = &app.current().list;
    let kpis = app.kpis.iter().map(|k| (k.target, k.numerator, k.denominator)).collect();
    (list.total, list.total_exact, kpis, app.warning.clone(), app.key_customers)
}

#[test]
fn the_worker_answers_what_the_desk_would_compute_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk::demo_file(dir.path());
    let mut inline = desk::desk(Store::open(&path, "王芳").unwrap(), Lang::ZhCn, (120, 40));
    let mut worked = with_worker(&path);
    for tab in [Named::Tab4, Named::Tab1, Named::Tab2] {
        press(&mut inline, tab);
        press(&mut worked, tab);
        assert!(worked.awaiting_answers(), "the count and figures were asked of the worker");
        worked.wait_for_answers(WAIT);
        assert!(!worked.awaiting_answers());
        assert_eq!(figures(&worked), figures(&inline), "tab {tab:?}");
    }
    for app in [&mut inline, &mut worked] {
        press(app, Named::Tab3);
        press(app, Named::Refresh);
    }
    assert!(worked.awaiting_answers(), "F5 asks again");
    worked.kpis.clear();
    worked.wait_for_answers(WAIT);
    assert!(!worked.kpis.is_empty(), "this month's KPIs came from the worker");
    assert_eq!(figures(&worked), figures(&inline));
    for app in [&mut inline, &mut worked] {
        press(app, Named::Search);
        type_text(app, "张");
        app.settle();
        app.after_frame();
        app.wait_for_answers(WAIT);
    }
    assert_eq!(figures(&worked), figures(&inline), "a search's count");
    assert!(worked.current().list.total > 0);
}

/// A count asked for one list must not land on the list that replaced it: the answer to the
/// first request is dropped (or, when both were still queued, never computed) once a second
/// search asked again.
#[test]
fn a_stale_count_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk::demo_file(dir.path());
    let mut app = with_worker(&path);
    press(&mut app, Named::Tab3);
    app.wait_for_answers(WAIT);
    // Every case: longer than a page, so its count is asked of the worker…
    press(&mut app, Named::Filter);
    assert!(app.awaiting_answers());
    let dropped = app.dropped_answers;
    // …which has time to answer before the desk reads the answer…
    std::thread::sleep(Duration::from_millis(300));
    // …while a search, also longer than a page, asks for its own count.
    press(&mut app, Named::Search);
    type_text(&mut app, "先生");
    app.settle();
    app.after_frame();
    assert!(!app.current().list.total_exact, "the search needs its count too");
    app.wait_for_answers(WAIT);
    assert!(!app.awaiting_answers(), "every request was answered");
    assert_eq!(app.dropped_answers, dropped + 1, "the first count was not shown");
    let mut inline = desk::desk(Store::open(&path, "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut inline, Named::Filter);
    press(&mut inline, Named::Search);
    type_text(&mut inline, "先生");
    inline.settle();
    inline.after_frame();
    assert_eq!(app.current().list.total, inline.current().list.total, "the search's own count");
}
