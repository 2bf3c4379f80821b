//! The supervisor's overview and the merchant file: every figure counted by hand on a small
//! fixture, every figure's list holding exactly the rows it counted, the read-only view
//! opening on it with nothing writable, and a demo merchant's file with every section filled
//! and every entry opening its own record.

mod common;

use common::desk::*;
use common::*;
use malldesk::domain::callback::Callback;
use malldesk::domain::complaint::Complaint;
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::Prospect;
use malldesk::domain::unit::Unit;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;
use malldesk::ui::keymap::Context;
use malldesk::ui::overview::Figures;
use malldesk::ui::tabs::Tab;
use malldesk::ui::{App, Named};

/// The figure on the line labelled `label`, column `column`: its text and the rows it counts.
fn figure(figures: &Figures, label: &str, column: usize) -> (String, Option<u64>) {
    let line = figures
        .panels
        .iter()
        .flat_map(|p| p.lines.iter())
        .find(|l| l.label == label)
        .unwrap_or_else(|| panic!("no line {label}"));
    let f = &line.figures[column];
    (f.text.clone(), f.rows)
}

/// Every (line, column) of the overview that has a figure.
fn positions(figures: &Figures) -> Vec<(usize, usize, String)> {
    figures
        .panels
        .iter()
        .flat_map(|p| p.lines.iter())
        .enumerate()
        .flat_map(|(i, l)| (0..l.figures.len()).map(move |c| (i, c, l.label.clone())))
        .collect()
}

/// A mall on 2026-11-22 (10:00 at the mall) with a handful of records counted by hand.
fn fixture() -> Store {
    let mut store = memory_store();
    store.set_clock(malldesk::domain::clock::MallClock::parse("Asia/Shanghai").unwrap()).unwrap();
    let m1 = store.repo::<Merchant>().create(&mut merchant("一号店")).unwrap();
    let m2 = store.repo::<Merchant>().create(&mut merchant("二号店")).unwrap();
    let u1 = store.repo::<Unit>().create(&mut unit("1F-01", "A")).unwrap();
    let u2 = store.repo::<Unit>().create(&mut unit("1F-02", "A")).unwrap();
    // One lease ends within 30 days, one long after.
    let l1 = store
        .repo::<malldesk::domain::lease::Lease>()
        .create(&mut lease(m1, u1, "2025-12-11", "2026-12-10"))
        .unwrap();
    activate(&store, l1);
    let l2 = store
        .repo::<malldesk::domain::lease::Lease>()
        .create(&mut lease(m2, u2, "2026-01-01", "2027-06-30"))
        .unwrap();
    activate(&store, l2);
    // Three complaints received today at the mall (one about 一号店), one two days ago (its
    // 24-hour judging deadline has passed).
    for (content, received) in [
        ("今天一", "2026-11-21T17:00:00Z"),
        ("今天二", "2026-11-22T01:00:00Z"),
        ("今天三", "2026-11-22T01:30:00Z"),
        ("前天", "2026-11-20T02:00:00Z"),
    ] {
        let mut case = complaint(content);
        case.received_at = at(received);
        if content == "今天一" {
            case.merchant_id = Some(m1);
        }
        store.repo::<Complaint>().create(&mut case).unwrap();
    }
    // A case received yesterday before the mall's midnight is not "today".
    let mut late = complaint("昨晚");
    late.received_at = at("2026-11-21T15:59:00Z");
    store.repo::<Complaint>().create(&mut late).unwrap();
    // Callbacks: one due later today, one overdue since yesterday, one next week.
    for (name, due) in
        [("今日", "2026-11-22T05:00:00Z"), ("超时", "2026-11-21T01:00:00Z"), ("下周", "2026-11-25T02:00:00Z")]
    {
        let mut callback = callback(name);
        callback.due_at = at(due);
        store.repo::<Callback>().create(&mut callback).unwrap();
    }
    // Prospects: one never contacted for ten days (first contact is due within 7), one new.
    for (brand, registered) in [("久等", "2026-11-12T02:00:00Z"), ("新来", "2026-11-21T02:00:00Z")] {
        let mut p = prospect(brand);
        p.registered_at = at(registered);
        store.repo::<Prospect>().create(&mut p).unwrap();
    }
    store
}

fn overview(app: &mut App) -> Figures {
    press(app, Named::Overview);
    app.overview.figures.clone().expect("figures read")
}

#[test]
fn every_figure_is_hand_counted_and_opens_exactly_its_rows() {
    let mut app = desk(fixture(), Lang::En, (160, 50));
    let figures = overview(&mut app);
    assert_eq!(app.context(), Context::Overview);
    let counted = |label: &str, column: usize| figure(&figures, label, column).1;
    assert_eq!(counted("Received today", 0), Some(3), "17:00Z on the 21st is 01:00 on the 22nd at the mall");
    assert_eq!(counted("received", 0), Some(5), "every case is still at 'received'");
    assert_eq!(counted("received", 1), Some(1), "only the case of the 20th is past its 24 hours");
    assert_eq!(counted("judged", 0), Some(0));
    assert_eq!(counted("Due today", 0), Some(1));
    assert_eq!(counted("Overdue", 0), Some(1));
    assert_eq!(counted("Unreachable this week", 0), Some(0));
    assert_eq!(counted("Prospects: first contact late", 0), Some(1));
    assert_eq!(counted("Leases ending within 30 days", 0), Some(1));
    assert_eq!(counted("Merchants over 60 days in arrears", 0), Some(0));
    // KPIs: five complaints this month, none called back; one merchant of two complained of.
    let (text, rows) = figure(&figures, "Complaint response rate", 0);
    assert_eq!((text.as_str(), rows), ("0.0% 0/5 ✗", Some(5)));
    let (text, rows) = figure(&figures, "Effective complaint rate", 1);
    assert_eq!(rows, Some(0), "no complaint was judged valid: {text}");
    // The next meeting is not in the fixture.
    assert!(figures.panels.iter().flat_map(|p| &p.lines).any(|l| l.label == "No meeting planned"));

    // Every figure opens a list holding exactly the rows it counted, and Esc goes back to the
    // tab's own filter.
    for (line, column, label) in positions(&figures) {
        let figures = overview(&mut app);
        app.overview.selected = (line, column);
        let rows = app.overview.chosen(&figures).unwrap().rows.unwrap();
        press(&mut app, Named::OpenLink);
        assert!(!app.on_overview, "{label}: Enter opens the list");
        assert_eq!(app.current().list.total, rows, "{label} [{column}]: the list holds what was counted");
        assert!(app.current().list.total_exact);
        press(&mut app, Named::Cancel);
        assert_eq!(app.current().filter.drill, None, "{label}: Esc leaves the overview's records");
    }
}

#[test]
fn figures_follow_the_desks_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    {
        let store = Store::open(&path, "王芳").unwrap();
        store.repo::<Complaint>().create(&mut complaint("一")).unwrap();
    }
    let mut supervisor = desk(Store::open_read_only(&path).unwrap(), Lang::En, (160, 50));
    supervisor.start_worker();
    press(&mut supervisor, Named::Refresh);
    supervisor.wait_for_answers(std::time::Duration::from_secs(10));
    let received =
        |app: &App| figure(app.overview.figures.as_ref().expect("read"), "received", 0).1.expect("counted");
    assert_eq!(received(&supervisor), 1);
    // The clerk registers a case; the supervisor's overview counts it on its next tick.
    let clerk = Store::open(&path, "王芳").unwrap();
    clerk.repo::<Complaint>().create(&mut complaint("二")).unwrap();
    supervisor.update(malldesk::ui::Action::Tick);
    supervisor.after_frame();
    supervisor.wait_for_answers(std::time::Duration::from_secs(10));
    assert_eq!(received(&supervisor), 2);
}

#[test]
fn the_read_only_view_opens_on_the_overview_and_writes_nothing_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut app = desk(Store::open_read_only(&path).unwrap(), Lang::ZhCn, (80, 24));
    assert!(app.on_overview, "the supervisor's first screen");
    assert_eq!(app.context(), Context::Overview);
    let footer = app.keymap.footer(Context::Overview, true);
    assert!(footer.iter().all(|(_, action)| !action.writes()), "{footer:?}");
    for action in [Named::New, Named::Edit, Named::Act, Named::Campaign, Named::Print, Named::Vacant] {
        press(&mut app, action);
        assert!(app.form.is_none() && app.overlay.is_none(), "{action:?} does nothing on the overview");
        assert!(app.on_overview);
    }
    // Into a figure's list, and still nothing is writable there.
    app.overview.selected = (1, 0);
    press(&mut app, Named::OpenLink);
    assert_eq!(app.tab, Tab::Complaints);
    for action in [Named::New, Named::Edit, Named::Act] {
        press(&mut app, action);
        assert!(app.form.is_none(), "{action:?} opens no form in the read-only view");
    }
    drop(app);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is byte for byte as it was");
}

#[test]
fn a_demo_merchants_file_holds_its_whole_story_and_every_entry_opens_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let store = Store::open_read_only(&path).unwrap();
    // A merchant whose file has something in every section.
    let merchants = store
        .repo::<Merchant>()
        .page(&Default::default(), &malldesk::store::PageRequest::first(500))
        .unwrap()
        .rows;
    let chosen = merchants
        .iter()
        .find(|m| {
            let file = store.merchant_file(m.id, demo_day()).unwrap();
            !file.prospects.is_empty()
                && !file.leases.is_empty()
                && !file.payments.is_empty()
                && !file.cases.is_empty()
                && !file.callbacks.is_empty()
                && !file.attendance.is_empty()
        })
        .expect("a demo merchant with a full file")
        .clone();
    let file = store.merchant_file(chosen.id, demo_day()).unwrap();
    assert_eq!(file.prospects[0].brand, chosen.brand, "the deal that brought the merchant carries its brand");
    assert!(file.leases.iter().any(|l| l.lease.prospect_id.is_some()), "a lease tied to its deal");

    // Reached from a lease's merchant link.
    let mut app = desk(store, Lang::En, (160, 50));
    press(&mut app, Named::Tab2);
    app.tabs.get_mut(&Tab::Leases).unwrap().filter.only_id = Some(file.leases[0].lease.id);
    press(&mut app, Named::Refresh);
    press(&mut app, Named::Detail);
    let detail = app.current().detail.clone().unwrap();
    assert_eq!(detail.links[0].tab, Tab::Directory, "the merchant file is the lease's first link");
    press(&mut app, Named::OpenLink);
    assert_eq!(app.tab, Tab::Directory);
    let detail = app.current().detail.clone().expect("the merchant file");
    assert_eq!(detail.title.trim_end_matches(" !"), chosen.brand);
    // Every section heading has its entries under it.
    let headings: Vec<&str> = detail.link_groups.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(
        headings,
        ["Leasing history", "Leases and units", "Complaints and requests", "Callbacks", "Briefings"]
    );
    for (at, (first, heading)) in detail.link_groups.iter().enumerate() {
        let next = detail.link_groups.get(at + 1).map_or(detail.links.len(), |g| g.0);
        assert!(next > *first, "{heading} has entries");
    }
    assert!(
        detail
            .sections
            .iter()
            .any(|(title, lines)| title.starts_with("Cases by category") && !lines.is_empty())
    );
    assert!(detail.sections.iter().any(|(title, lines)| title == "Latest payments" && !lines.is_empty()));
    assert!(detail.fields.iter().any(|(label, _)| label == "Score"));
    // Each entry opens its own record.
    for (i, link) in detail.links.iter().enumerate() {
        app.tab = Tab::Directory;
        let state = app.tabs.get_mut(&Tab::Directory).unwrap();
        state.filter.quick = 0;
        state.filter.only_id = Some(chosen.id);
        press(&mut app, Named::Refresh);
        press(&mut app, Named::Detail);
        app.link = i;
        press(&mut app, Named::OpenLink);
        assert_eq!(app.tab, link.tab, "{}", link.label);
        assert_eq!(app.current().list.selected_row().map(|r| r.id), Some(link.id), "{}", link.label);
    }
}

#[test]
fn the_directory_lists_searches_and_edits_merchants_units_and_staff() {
    let store = fixture();
    let mut app = desk(store, Lang::En, (120, 40));
    press(&mut app, Named::Tab6);
    assert_eq!(app.tab, Tab::Directory);
    assert_eq!(app.current().list.total, 2, "two merchants");
    // A search stays in the list in view.
    press(&mut app, Named::Search);
    type_text(&mut app, "二号");
    press(&mut app, Named::Accept);
    assert_eq!(app.current().filter.quick, 0, "still the merchants");
    assert_eq!(app.current().list.total, 1);
    press(&mut app, Named::Search);
    press(&mut app, Named::Cancel);
    // Units, then staff.
    press(&mut app, Named::Filter);
    assert_eq!(app.current().list.total, 2, "two units");
    let tenants: Vec<String> =
        app.current().list.rows.iter().map(|r| r.cells.last().unwrap().clone()).collect();
    assert_eq!(tenants, ["一号店", "二号店"], "each unit's tenant today");
    press(&mut app, Named::Filter);
    let staff_before = app.current().list.total;
    // A new staff member from the staff list: F2, a name, F2 to save.
    press(&mut app, Named::New);
    assert!(app.form.is_some(), "the staff form");
    type_text(&mut app, "赵新人");
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "saved: {:?}", app.form.as_ref().and_then(|f| f.error.clone()));
    press(&mut app, Named::Refresh);
    assert_eq!(app.current().list.total, staff_before + 1);
    assert!(app.current().list.rows.iter().any(|r| r.cells[0] == "赵新人"));
    // And edited: F4 on the selected one keeps what is typed over it.
    let row = app.current().list.rows.iter().position(|r| r.cells[0] == "赵新人").unwrap() as u64;
    let start = app.current().list.start;
    app.tabs.get_mut(&Tab::Directory).unwrap().list.selected = start + row;
    press(&mut app, Named::Edit);
    let form = app.form.as_ref().expect("the edit form");
    assert_eq!(form.field("name").text(), "赵新人");
}
