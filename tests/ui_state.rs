//! The desk's state as actions arrive, without drawing: selection, tabs, filters and search,
//! forms that keep their contents, discard confirmation, links, and the read-only view.

mod common;

use common::desk::*;
use malldesk::domain::complaint::Complaint;
use malldesk::domain::staff::{Staff, StaffRole};
use malldesk::store::complaints::ComplaintFilter;
use malldesk::store::{PageRequest, Store};
use malldesk::ui::app::Focus;
use malldesk::ui::i18n::Lang;
use malldesk::ui::keymap::Context;
use malldesk::ui::tabs::Tab;
use malldesk::ui::view::Screen;
use malldesk::ui::{Action, Named};
use ratatui::crossterm::event::KeyCode;

#[test]
fn moving_through_a_list_keeps_selection_position_and_detail_together() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    assert_eq!(app.tab, Tab::Prospects);
    press(&mut app, Named::Filter); // from "to call" to all prospects
    let total = app.current().list.total;
    assert_eq!(total, 160);
    press(&mut app, Named::Down);
    press(&mut app, Named::Down);
    assert_eq!(app.current().list.selected, 2);
    press(&mut app, Named::PageDown);
    let after_page = app.current().list.selected;
    assert!(after_page > 10, "a page is a screenful: {after_page}");
    press(&mut app, Named::Last);
    assert_eq!(app.current().list.selected, total - 1);
    let last_id = app.current().list.selected_row().unwrap().id;
    let detail = app.current().detail.clone().expect("the selected record's detail");
    assert!(!detail.fields.is_empty());
    press(&mut app, Named::Up);
    assert_ne!(app.current().list.selected_row().unwrap().id, last_id);
    press(&mut app, Named::First);
    assert_eq!(app.current().list.selected, 0);
    // The wheel scrolls three rows.
    app.update(Action::Wheel(1));
    assert_eq!(app.current().list.selected, 3);
}

#[test]
fn tabs_switch_by_key_and_click_and_the_last_tab_and_filters_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    {
        let mut app = desk(Store::open(&path, "王芳").unwrap(), Lang::En, (120, 40));
        let tabs: Vec<Tab> = Tab::all().to_vec();
        let start = tabs.iter().position(|t| *t == app.tab).unwrap();
        press(&mut app, Named::NextTab);
        assert_eq!(app.tab, tabs[(start + 1) % tabs.len()], "Tab goes to the next tab");
        press(&mut app, Named::PrevTab);
        assert_eq!(app.tab, tabs[start], "Shift-Tab comes back");
        press(&mut app, Named::PrevTab);
        assert_eq!(app.tab, tabs[(start + tabs.len() - 1) % tabs.len()], "and wraps round");
        // Click the fourth title on the tab bar.
        let column = (0..120)
            .find(|c| malldesk::ui::view::tab_at(Lang::En, 120, *c) == Some(Screen::Tab(Tab::Callbacks)))
            .unwrap();
        app.update(Action::Click { column, row: 0 });
        assert_eq!(app.tab, Tab::Callbacks);
        press(&mut app, Named::Filter);
        press(&mut app, Named::Overdue);
    }
    let app = desk(Store::open(&path, "王芳").unwrap(), Lang::En, (120, 40));
    assert_eq!(app.tab, Tab::Callbacks, "the last tab comes back");
    assert_eq!(app.current().filter.quick, 1, "and its quick filter");
    assert!(app.current().filter.overdue);
}

#[test]
fn search_narrows_as_you_type_and_esc_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Filter); // all cases, newest first
    let everything = app.current().list.total;
    press(&mut app, Named::Search);
    assert_eq!(app.context(), Context::Search);
    type_text(&mut app, "停");
    let one_char = app.current().list.total;
    type_text(&mut app, "车");
    let two_chars = app.current().list.total;
    assert!(
        everything > one_char && one_char >= two_chars && two_chars > 0,
        "{everything} {one_char} {two_chars}"
    );
    for row in &app.current().list.rows {
        assert!(row.cells[4].contains("停车"), "{:?}", row.cells);
    }
    // Exactly the cases whose text holds the two characters: none missed, none extra.
    let path = app.store().path().unwrap().to_path_buf();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let by_content: u64 = conn
        .query_row("SELECT count(*) FROM complaints WHERE content LIKE '%停车%'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as u64;
    let by_any_text: u64 = conn
        .query_row(
            "SELECT count(*) FROM complaints WHERE content LIKE '%停车%' OR complainant LIKE '%停车%'
             OR number LIKE '%停车%' OR cause LIKE '%停车%' OR remedy LIKE '%停车%' OR closing_summary LIKE '%停车%'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64;
    assert!(
        by_content <= two_chars && two_chars <= by_any_text,
        "{by_content} ≤ {two_chars} ≤ {by_any_text}"
    );
    press(&mut app, Named::Cancel);
    assert_eq!(app.current().list.total, everything);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn a_form_keeps_what_was_typed_when_validation_fails_and_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::New);
    assert_eq!(app.context(), Context::Form);
    press(&mut app, Named::NextField);
    press(&mut app, Named::NextField);
    type_text(&mut app, "139-1234-567"); // one digit short
    press(&mut app, Named::NextField);
    type_text(&mut app, "李女士");
    press(&mut app, Named::Save);
    let form = app.form.as_ref().expect("the form stays open");
    assert_eq!(form.field("complainant").text(), "李女士", "typed text kept");
    assert!(form.field("content").error.is_some(), "content is required");
    assert!(form.field("phone").error.is_some(), "a bad phone is marked");
    assert!(form.field("category").error.is_some(), "the category has no silent default: the clerk chooses");
    // Esc on a changed form asks first; "no" keeps it.
    press(&mut app, Named::Cancel);
    assert_eq!(app.context(), Context::Confirm);
    press(&mut app, Named::No);
    assert_eq!(app.form.as_ref().unwrap().field("complainant").text(), "李女士");
    // Fix and save.
    let phone_index = app.form.as_ref().unwrap().fields.iter().position(|f| f.key == "phone").unwrap();
    while app.form.as_ref().unwrap().focus != phone_index {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "8");
    let category_index = app.form.as_ref().unwrap().fields.iter().position(|f| f.key == "category").unwrap();
    while app.form.as_ref().unwrap().focus != category_index {
        press(&mut app, Named::NextField);
    }
    press(&mut app, Named::ChoiceNext);
    let content_index = app.form.as_ref().unwrap().fields.iter().position(|f| f.key == "content").unwrap();
    while app.form.as_ref().unwrap().focus != content_index {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "鞋子开胶要求退货");
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "saved: {:?}", app.form.as_ref().map(|f| f.error.clone()));
    let saved = app
        .store()
        .repo::<Complaint>()
        .page(
            &ComplaintFilter { text: "鞋子开胶要求退货".into(), ..Default::default() },
            &PageRequest::first(5),
        )
        .unwrap()
        .rows;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].phone.as_deref(), Some("13912345678"));
    assert_eq!(app.current().list.selected_row().unwrap().id, saved[0].id, "the new record is selected");

    // A discarded form leaves nothing.
    press(&mut app, Named::New);
    type_text(&mut app, "x");
    press(&mut app, Named::NextField);
    press(&mut app, Named::Cancel);
    press(&mut app, Named::Yes);
    assert!(app.form.is_none());
}

#[test]
fn pickers_search_and_enter_moves_to_the_next_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab2);
    press(&mut app, Named::New);
    type_text(&mut app, "茶");
    let field = app.form.as_ref().unwrap().focused();
    assert!(!field.matches.is_empty(), "merchants matching 茶");
    assert!(field.matches.iter().all(|(_, label)| label.contains('茶')));
    press(&mut app, Named::ChoiceNext);
    assert_eq!(
        app.form.as_ref().unwrap().focused().picked,
        1.min(app.form.as_ref().unwrap().focused().matches.len() - 1)
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.form.as_ref().unwrap().focused().key, "unit_id");
}

#[test]
fn a_link_in_the_detail_opens_the_linked_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::En, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Filter);
    // Find a case with a linked callback.
    let mut guard = 0;
    while app
        .current()
        .detail
        .as_ref()
        .is_none_or(|d| d.links.first().is_none_or(|l| l.tab != Tab::Callbacks))
    {
        press(&mut app, Named::Down);
        guard += 1;
        assert!(guard < 200, "no case with a callback in the demo");
    }
    let link = app.current().detail.as_ref().unwrap().links[0].clone();
    press(&mut app, Named::Detail);
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, Named::OpenLink);
    assert_eq!(app.tab, Tab::Callbacks);
    assert_eq!(app.current().filter.only_id, Some(link.id));
    assert_eq!(app.current().list.selected_row().unwrap().id, link.id);
    press(&mut app, Named::Cancel);
    assert_eq!(app.current().filter.only_id, None, "Esc shows the whole list again");
}

#[test]
fn the_read_only_view_refuses_writes_and_follows_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut app = desk(Store::open_read_only(&path).unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::New);
    assert!(app.form.is_none());
    assert!(app.message.as_ref().unwrap().text.contains("只读"));
    press(&mut app, Named::Edit);
    assert!(app.form.is_none());
    press(&mut app, Named::Filter);
    assert!(!app.keymap.footer(app.context(), true).iter().any(|(_, a)| a.writes()));
    let shown = app.current().list.total;
    let selected = app.current().list.selected_row().map(|r| r.id);
    assert!(std::fs::read(&path).unwrap() == before, "the refused writes left the file as it was");

    // The clerk adds a case; within a tick the supervisor's list has it, selection kept.
    let desk_store = Store::open(&path, "王芳").unwrap();
    desk_store.repo::<Complaint>().create(&mut common::complaint("新来的投诉")).unwrap();
    drop(desk_store);
    app.update(Action::Tick);
    app.after_frame();
    assert_eq!(app.current().list.total, shown + 1);
    assert_eq!(app.current().list.selected_row().map(|r| r.id), selected);
}

#[test]
fn the_read_only_session_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut app = desk(Store::open_read_only(&path).unwrap(), Lang::En, (100, 30));
    for action in [
        Named::Tab1,
        Named::Filter,
        Named::Overdue,
        Named::New,
        Named::Tab5,
        Named::Edit,
        Named::Down,
        Named::Language,
    ] {
        press(&mut app, action);
    }
    drop(app);
    assert!(std::fs::read(&path).unwrap() == before);
}

#[test]
fn help_lists_the_current_screens_keys_and_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::En, (120, 40));
    press(&mut app, Named::Help);
    assert!(app.help_open);
    assert_eq!(app.context(), Context::Help);
    press(&mut app, Named::Down);
    assert!(app.help_open, "keys other than close do nothing under the help");
    press(&mut app, Named::Close);
    assert!(!app.help_open);
    press(&mut app, Named::Quit);
    assert!(app.quit);
}

#[test]
fn the_staff_filter_steps_through_staff_members() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    let everyone = app.current().list.total;
    press(&mut app, Named::Staff);
    let staff_id = app.current().filter.staff_id.expect("a staff member is chosen");
    let theirs = app.current().list.total;
    assert!(theirs < everyone, "{theirs} of {everyone}");
    let name = app.staff_name(staff_id).unwrap().to_string();
    assert!(app.current().list.rows.iter().all(|r| r.cells[5] == name), "every row is {name}'s");
    press(&mut app, Named::Tab2);
    press(&mut app, Named::Staff);
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("负责人")), "leases have no staff filter");
}

#[test]
fn input_that_arrives_together_is_searched_once_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Filter);
    let everything = app.current().list.total;
    press(&mut app, Named::Search);
    app.batching = true; // an input method commits "退换" as two key events at once
    type_text(&mut app, "退换");
    assert_eq!(app.current().list.total, everything, "no search while input is still waiting");
    app.batching = false;
    app.settle();
    assert!(app.current().list.total < everything);
    assert_eq!(app.current().filter.text, "退换");
}

#[test]
fn a_case_moves_step_by_step_from_the_desk_and_can_be_escalated() {
    use malldesk::domain::complaint::{ComplaintStep, EscalationTier};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    store.repo::<Staff>().create(&mut common::staff("赵主管", StaffRole::Supervisor)).unwrap();
    let mut case = common::complaint("试衣间灯坏了，还被店员训斥");
    store.repo::<Complaint>().create(&mut case).unwrap();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Search);
    type_text(&mut app, "试衣间灯坏了");
    press(&mut app, Named::Accept);
    assert_eq!(app.current().list.selected_row().unwrap().id, case.id);
    let stored = |app: &malldesk::ui::App| app.store().repo::<Complaint>().get(case.id).unwrap();

    // Received → (choose) judged valid.
    press(&mut app, Named::Act);
    assert!(app.form.as_ref().unwrap().title.contains("选择下一环节"));
    press(&mut app, Named::Save);
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    assert_eq!((stored(&app).step, stored(&app).valid), (ComplaintStep::Judged, Some(true)));

    // Judged → choose "escalate" → a reason is required.
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::Save);
    press(&mut app, Named::Save);
    assert!(app.form.as_ref().unwrap().field("reason").error.is_some());
    type_text(&mut app, "顾客要求区域经理处理");
    press(&mut app, Named::Save);
    assert!(app.form.is_none());
    assert_eq!(stored(&app).escalation, EscalationTier::Area);

    // Judged → investigating → proposal needs an approver.
    press(&mut app, Named::Act);
    press(&mut app, Named::Save);
    type_text(&mut app, "灯管老化");
    press(&mut app, Named::Save);
    assert_eq!(stored(&app).step, ComplaintStep::Investigating);
    press(&mut app, Named::Act);
    press(&mut app, Named::Save);
    type_text(&mut app, "更换灯管并致歉");
    press(&mut app, Named::Save);
    let form = app.form.as_ref().expect("the proposal waits for its approver");
    assert!(form.field("approved_by").error.is_some());
    assert_eq!(form.field("remedy").text(), "更换灯管并致歉", "typed remedy kept");
    while app.form.as_ref().unwrap().focused().key != "approved_by" {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "赵主管");
    press(&mut app, Named::Save);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| (
            f.error.clone(),
            f.fields.iter().map(|x| (x.key, x.error.clone(), x.text())).collect::<Vec<_>>()
        ))
    );
    let case_now = stored(&app);
    assert_eq!(case_now.step, ComplaintStep::Proposal);
    assert_eq!(case_now.approved_by.as_deref(), Some("赵主管"));
    assert!(case_now.approved_at.is_some());
}

#[test]
fn the_call_screen_shows_the_script_and_records_the_call() {
    use malldesk::domain::callback::{Callback, CallbackStatus};
    use malldesk::domain::complaint::{ComplaintStep, Satisfaction};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    store.repo::<Staff>().create(&mut common::staff("赵主管", StaffRole::Supervisor)).unwrap();
    let repo = store.repo::<Complaint>();
    let mut case = common::complaint("电梯停运很久没人管");
    case.complainant = "周女士".into();
    repo.create(&mut case).unwrap();
    repo.advance(case.id, ComplaintStep::Judged, "", |c| c.valid = Some(true)).unwrap();
    repo.advance(case.id, ComplaintStep::Investigating, "", |_| {}).unwrap();
    repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
        c.remedy = "已修复并致歉".into();
        c.approved_by = Some("赵主管".into());
    })
    .unwrap();
    repo.advance(case.id, ComplaintStep::Resolved, "", |_| {}).unwrap();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab4);
    press(&mut app, Named::Search);
    type_text(&mut app, "周女士");
    press(&mut app, Named::Accept);
    let callback_id = app.current().list.selected_row().expect("the case's callback").id;

    press(&mut app, Named::Act);
    let form = app.form.as_ref().expect("the call screen");
    let script = form.preamble.join("\n");
    assert!(
        script.contains("周女士") && script.contains("电梯停运很久没人管") && script.contains("王芳"),
        "{script}"
    );
    // A verdict without reaching the customer is refused and nothing is written.
    while app.form.as_ref().unwrap().focused().key != "result" {
        press(&mut app, Named::NextField);
    }
    press(&mut app, Named::ChoiceNext); // no answer
    while app.form.as_ref().unwrap().focused().key != "outcome" {
        press(&mut app, Named::NextField);
    }
    press(&mut app, Named::ChoiceNext); // satisfied
    press(&mut app, Named::Save);
    assert!(app.form.as_ref().unwrap().field("outcome").error.is_some());
    // Reached and satisfied: the callback is done and the case is ready to close.
    while app.form.as_ref().unwrap().focused().key != "result" {
        press(&mut app, Named::PrevField);
    }
    press(&mut app, Named::ChoicePrev);
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let callback = app.store().repo::<Callback>().get(callback_id).unwrap();
    assert_eq!((callback.status, callback.outcome), (CallbackStatus::Done, Some(Satisfaction::Satisfied)));
    assert_eq!(app.store().repo::<Complaint>().get(case.id).unwrap().step, ComplaintStep::CalledBack);
}

#[test]
fn the_complaints_tab_shows_the_early_warning_and_lists_its_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    let warning = app.warning.clone().expect("the demo month has categories over the count");
    assert!(warning.contains("投诉预警"), "{warning}");
    let quick = app.tab.source().quick_filters(Lang::ZhCn);
    while app.current().filter.quick != quick.len() - 1 {
        press(&mut app, Named::Filter);
    }
    assert!(app.current().list.total > 0);
    assert!(app.current().list.rows.iter().all(|r| r.cells[2] == "投诉"), "only complaints are warned about");
}

#[test]
fn a_case_prints_its_registration_form_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open_read_only(&demo_file(dir.path())).unwrap(), Lang::ZhCn, (120, 40));
    app.exports_dir = dir.path().join("exports");
    press(&mut app, Named::Tab3);
    let id = app.current().list.selected_row().unwrap().id;
    press(&mut app, Named::Print);
    let number = app.store().repo::<Complaint>().get(id).unwrap().number;
    let text =
        std::fs::read_to_string(app.exports_dir.join(format!("{number}.txt"))).expect("the form was written");
    assert!(
        text.starts_with("顾客投诉登记表") && text.contains(&number) && text.contains("顾客签字"),
        "{text}"
    );
    assert!(app.message.as_ref().unwrap().text.contains("已写入"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = app.exports_dir.join(format!("{number}.txt"));
        assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600, "owner only");
    }
}

#[test]
fn a_campaign_from_the_callbacks_tab_fills_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab4);
    let before = app.current().list.total;
    press(&mut app, Named::Campaign);
    assert_eq!(app.form.as_ref().unwrap().title, "新建批量回访");
    press(&mut app, Named::NextField);
    press(&mut app, Named::ChoiceNext); // another reason than the pending care calls
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let message = app.message.clone().unwrap().text;
    assert!(message.starts_with("已创建") && !message.starts_with("已创建 0 "), "{message}");
    assert!(app.current().list.total > before);
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Campaign);
    assert!(app.form.is_none(), "campaigns belong to the Callbacks tab");
}

#[test]
fn prospects_and_leases_have_their_work_at_the_desk() {
    use malldesk::domain::lease::{Approval, Lease, LeaseStage};
    use malldesk::domain::prospect::{Prospect, ProspectStage};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    let mut prospect = common::prospect("新来的茶饮品牌");
    store.repo::<Prospect>().create(&mut prospect).unwrap();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    press(&mut app, Named::Search);
    type_text(&mut app, "新来的茶饮品牌");
    press(&mut app, Named::Accept);

    // A contact first (the first choice), with the next follow-up date.
    press(&mut app, Named::Act);
    press(&mut app, Named::Save);
    press(&mut app, Named::NextField);
    type_text(&mut app, "电话沟通租金");
    press(&mut app, Named::Save); // the follow-up date comes prefilled
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let stored = app.store().repo::<Prospect>().get(prospect.id).unwrap();
    assert!(stored.first_contact_at.is_some());
    assert!(stored.next_follow_up.is_some());

    // Then lost, which needs a reason.
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoicePrev); // the last choice: lost
    press(&mut app, Named::Save);
    press(&mut app, Named::Save);
    assert!(app.form.as_ref().unwrap().field("reason").error.is_some());
    type_text(&mut app, "租金超出预算");
    press(&mut app, Named::Save);
    let stored = app.store().repo::<Prospect>().get(prospect.id).unwrap();
    assert_eq!((stored.stage, stored.lost_reason.as_deref()), (ProspectStage::Lost, Some("租金超出预算")));

    // A lease in legal review gets a signature, then moves on.
    press(&mut app, Named::Tab2);
    for _ in 0..4 {
        press(&mut app, Named::Filter); // live, in arrears, all, draft, then "legal review"
    }
    let lease_id = app.current().list.selected_row().expect("a lease in legal review").id;
    assert_eq!(app.store().repo::<Lease>().get(lease_id).unwrap().stage, LeaseStage::LegalReview);
    // The chain's next signer is picked from the staff holding that role, nobody else.
    let before = app.store().repo::<Lease>().chain(lease_id).unwrap();
    let next = before.next().expect("a signature is missing");
    press(&mut app, Named::Act);
    press(&mut app, Named::Save); // sign: the next role
    let offered = app.form.as_ref().unwrap().focused().matches.clone();
    assert!(!offered.is_empty());
    for (staff_id, _) in &offered {
        let staff = app.store().repo::<malldesk::domain::staff::Staff>().get(*staff_id).unwrap();
        assert!(
            next.qualifies(staff.role, staff.department) && staff.active,
            "{staff:?} offered for {next:?}"
        );
    }
    press(&mut app, Named::Save); // the first one offered
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let after = app.store().repo::<Lease>().chain(lease_id).unwrap();
    assert_eq!(after.signed.len(), before.signed.len() + 1);
    assert_eq!(after.signed.last().unwrap().staff_id, Some(offered[0].0));
    assert!(app.store().repo::<Approval>().count(&Default::default()).unwrap() > 0);
    // A rejection sends it back to draft with the reason, and the chain starts again.
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoiceNext); // reject
    press(&mut app, Named::Save);
    press(&mut app, Named::Save); // no reason yet
    assert!(app.form.as_ref().unwrap().field("note").error.is_some());
    press(&mut app, Named::NextField);
    type_text(&mut app, "租金低于底价");
    press(&mut app, Named::Save);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| (
            f.error.clone(),
            f.fields.iter().map(|x| (x.key, x.error.clone())).collect::<Vec<_>>()
        ))
    );
    assert_eq!(app.store().repo::<Lease>().get(lease_id).unwrap().stage, LeaseStage::Draft);
    assert!(app.store().repo::<Lease>().chain(lease_id).unwrap().signed.is_empty());
    let moves = app.store().repo::<Lease>().moves(lease_id).unwrap();
    assert_eq!(moves.last().unwrap().reason, "租金低于底价");
}

#[test]
fn a_meeting_gets_its_roster_and_sign_ins_at_the_desk() {
    use malldesk::domain::meeting::{Attendance, AttendanceStatus, Meeting};
    use malldesk::store::meetings::AttendanceFilter;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    let mut meeting = common::meeting(None);
    meeting.host = "新晨会主持人".into();
    store.repo::<Meeting>().create(&mut meeting).unwrap();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab5);
    press(&mut app, Named::Search);
    type_text(&mut app, "新晨会主持人");
    press(&mut app, Named::Accept);
    press(&mut app, Named::Act);
    press(&mut app, Named::Save); // sign in: the roster is made first, the sign-in form opens
    let message = app.form.as_ref().unwrap().error.clone().unwrap();
    assert!(message.starts_with("已生成签到名单"), "{message}");
    let lines = AttendanceFilter { meeting_id: Some(meeting.id), ..Default::default() };
    let roster =
        app.store().repo::<Attendance>().page(&lines, &malldesk::store::PageRequest::first(1)).unwrap().rows;
    let first = roster[0].clone();
    let brand: String = first.expected_name.split(' ').next().unwrap().to_string();
    type_text(&mut app, &brand);
    assert!(!app.form.as_ref().unwrap().focused().matches.is_empty());
    press(&mut app, Named::NextField);
    press(&mut app, Named::ChoiceNext); // present → late
    press(&mut app, Named::Save);
    assert!(
        app.form.as_ref().unwrap().error.as_deref().is_some_and(|e| e.contains("已签到")),
        "ready for the next person"
    );
    let signed = app
        .store()
        .repo::<Attendance>()
        .get(
            app.store()
                .repo::<Attendance>()
                .page(
                    &AttendanceFilter { text: brand.clone(), ..lines.clone() },
                    &malldesk::store::PageRequest::first(1),
                )
                .unwrap()
                .rows[0]
                .id,
        )
        .unwrap();
    assert_eq!((signed.status, signed.penalty_tenths), (AttendanceStatus::Late, 5));
    // The detail underneath already shows the sign-in (no F5), and the next person starts at
    // "present".
    let detail = app.current().detail.clone().unwrap();
    let roster_lines = &detail.sections.iter().find(|(t, _)| t == "签到名单").expect("roster section").1;
    assert!(
        roster_lines.iter().any(|l| l.starts_with(&first.expected_name) && l.contains("迟到")),
        "{roster_lines:?}"
    );
    assert_eq!(app.form.as_ref().unwrap().field("status").code(), Some("present"));
    // The same person again: asked first, nothing changed; a second F2 replaces and keeps the first.
    type_text(&mut app, &brand);
    press(&mut app, Named::Save);
    let asked = app.form.as_ref().unwrap().error.clone().unwrap();
    assert!(asked.contains("再按 F2"), "{asked}");
    assert_eq!(app.store().repo::<Attendance>().get(signed.id).unwrap().status, AttendanceStatus::Late);
    press(&mut app, Named::Save);
    let now = app.store().repo::<Attendance>().get(signed.id).unwrap();
    assert_eq!((now.status, now.penalty_tenths), (AttendanceStatus::Present, 0));
    assert_eq!(app.store().repo::<Meeting>().sign_in_history(signed.id).unwrap().len(), 1);
}

#[test]
fn a_lease_records_charges_payments_and_dunning_at_the_desk() {
    use malldesk::domain::lease::{Charge, Dunning, Lease, Payment};
    use malldesk::store::PageRequest;
    use malldesk::store::leases::{ByLease, ChargeFilter, PaymentFilter};
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab2);
    for _ in 0..6 {
        press(&mut app, Named::Filter); // past in arrears, all and three stages: "active"
    }
    let lease_id = app.current().list.selected_row().expect("an active lease").id;
    assert_eq!(
        app.store().repo::<Lease>().get(lease_id).unwrap().stage,
        malldesk::domain::lease::LeaseStage::Active
    );
    let choose = |app: &mut malldesk::ui::App, steps: usize| {
        press(app, Named::Act);
        for _ in 0..steps {
            press(app, Named::ChoiceNext);
        }
        press(app, Named::Save);
    };
    let clear = |app: &mut malldesk::ui::App| {
        for _ in 0..80 {
            key(app, KeyCode::Backspace);
        }
    };
    let lease = app.store().repo::<Lease>().get(lease_id).unwrap();
    // Choices of an active lease: payment, charge, dunning, charge correction, renew, deposit
    // deduction, exit checklist, then the stages.
    // A charge: the next month without rent, the lease's rent, due on its payment day.
    choose(&mut app, 1);
    let form = app.form.as_ref().unwrap();
    assert!(form.title.contains("应收费用"));
    let period = form.field("period").text();
    assert_eq!(form.field("amount_fen").text(), malldesk::domain::format_yuan(lease.monthly_rent_fen));
    assert_eq!(form.field("due_date").text(), format!("{period}-{:02}", lease.payment_day));
    // Made a water charge instead.
    press(&mut app, Named::NextField);
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::ChoiceNext); // water
    press(&mut app, Named::NextField);
    clear(&mut app);
    type_text(&mut app, "356.80");
    press(&mut app, Named::NextField);
    clear(&mut app);
    type_text(&mut app, "+30d");
    press(&mut app, Named::Save);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| (
            f.error.clone(),
            f.fields.iter().map(|x| (x.key, x.text(), x.error.clone())).collect::<Vec<_>>()
        ))
    );
    let charges = app
        .store()
        .repo::<Charge>()
        .page(&ChargeFilter { lease_id: Some(lease_id), ..Default::default() }, &PageRequest::first(100))
        .unwrap()
        .rows;
    let water = charges.iter().find(|c| c.amount_fen == 35_680).expect("the new charge");
    assert_eq!(water.period, period);

    // A payment: the oldest unpaid charge is picked, for what it still owes.
    let unpaid =
        malldesk::ui::tabs::pipeline_work::unpaid_charges(app.store(), lease_id, Lang::ZhCn).unwrap();
    let (oldest, _, balance) = unpaid[0].clone();
    choose(&mut app, 0);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.field("charge_id").picked_id(), Some(oldest));
    assert_eq!(form.field("amount_fen").text(), malldesk::domain::format_yuan(balance));
    assert!(form.field("charge_id").matches[0].1.contains("未付"), "unpaid charges are offered first");
    for _ in 0..4 {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "SJ-TEST-001");
    press(&mut app, Named::Save);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form
            .as_ref()
            .map(|f| (f.error.clone(), f.fields.iter().map(|x| x.error.clone()).collect::<Vec<_>>()))
    );
    let paid = app
        .store()
        .repo::<Payment>()
        .page(&PaymentFilter { charge_id: Some(oldest) }, &PageRequest::first(5))
        .unwrap()
        .rows;
    assert_eq!(paid[0].receipt_no, "SJ-TEST-001");
    assert_eq!(paid[0].amount_fen, balance);
    assert_eq!(app.store().repo::<Charge>().balance(oldest).unwrap(), 0);

    // A dunning reminder.
    choose(&mut app, 2);
    press(&mut app, Named::Save);
    // The water charge corrected, found by its kind in the picker.
    choose(&mut app, 3);
    clear(&mut app);
    type_text(&mut app, "水费");
    press(&mut app, Named::NextField);
    type_text(&mut app, "300");
    press(&mut app, Named::Save);
    assert!(
        app.form.is_none(),
        "{:?}",
        app.form.as_ref().map(|f| (
            f.error.clone(),
            f.fields
                .iter()
                .map(|x| (x.key, x.text(), x.error.clone(), x.matches.clone()))
                .collect::<Vec<_>>()
        ))
    );
    assert_eq!(app.store().repo::<Charge>().get(water.id).unwrap().amount_fen, 30_000);
    let reminders = app
        .store()
        .repo::<Dunning>()
        .page(&ByLease { lease_id: Some(lease_id) }, &PageRequest::first(50))
        .unwrap()
        .rows;
    assert!(reminders.iter().any(|d| d.operator == "王芳"));
}

#[test]
fn a_missing_merchant_is_created_from_the_picker_and_picked() {
    use malldesk::domain::merchant::Merchant;
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::New);
    while app.form.as_ref().unwrap().focused().key != "merchant_id" {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "全新咖啡馆");
    assert!(app.form.as_ref().unwrap().focused().matches.is_empty(), "not a merchant yet");
    press(&mut app, Named::NewRecord);
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.title, "新建商户");
    assert_eq!(form.field("brand").text(), "全新咖啡馆", "what was typed starts the new record");
    assert_eq!(app.form_stack.len(), 1);
    press(&mut app, Named::NextField);
    type_text(&mut app, "上海全新餐饮有限公司");
    press(&mut app, Named::NextField);
    type_text(&mut app, "周经理");
    press(&mut app, Named::NextField);
    type_text(&mut app, "139 1111 2222");
    press(&mut app, Named::NextField);
    type_text(&mut app, "咖啡");
    press(&mut app, Named::Save);
    let form = app.form.as_ref().expect("back on the complaint form");
    assert!(form.title.contains("投诉报事"), "{}", form.title);
    assert!(app.form_stack.is_empty());
    let picked = form.focused().picked_id().expect("the new merchant is picked");
    assert_eq!(app.store().repo::<Merchant>().get(picked).unwrap().brand, "全新咖啡馆");
}

#[test]
fn the_picked_merchant_can_be_corrected_from_the_picker() {
    use malldesk::domain::merchant::Merchant;
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::En, (120, 40));
    press(&mut app, Named::Tab2);
    press(&mut app, Named::Edit); // the selected lease, its merchant picked
    assert_eq!(app.form.as_ref().unwrap().focused().key, "merchant_id");
    let merchant_id = app.form.as_ref().unwrap().focused().picked_id().unwrap();
    press(&mut app, Named::EditRecord);
    assert_eq!(app.form.as_ref().unwrap().title, "Edit merchant");
    while app.form.as_ref().unwrap().focused().key != "contact" {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "（新）");
    press(&mut app, Named::Save);
    assert!(app.form.as_ref().unwrap().title.contains("lease"), "back on the lease form");
    assert!(app.store().repo::<Merchant>().get(merchant_id).unwrap().contact.ends_with("（新）"));
}

#[test]
fn a_meetings_agenda_and_action_items_are_kept_at_the_desk() {
    use malldesk::domain::meeting::{ActionItem, ActionStatus, AgendaItem, Meeting};
    use malldesk::store::PageRequest;
    use malldesk::store::meetings::ByMeeting;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    let mut meeting = common::meeting(Some("2F A区"));
    meeting.host = "议程测试主持人".into();
    store.repo::<Meeting>().create(&mut meeting).unwrap();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab5);
    press(&mut app, Named::Search);
    type_text(&mut app, "议程测试主持人");
    press(&mut app, Named::Accept);
    let by_meeting = ByMeeting { meeting_id: Some(meeting.id) };
    // An agenda item (the second choice).
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::Save);
    press(&mut app, Named::NextField);
    type_text(&mut app, "双十二促销安排");
    press(&mut app, Named::Save);
    let agenda = app.store().repo::<AgendaItem>().page(&by_meeting, &PageRequest::first(5)).unwrap().rows;
    assert_eq!(agenda.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(), ["双十二促销安排"]);
    // An action item, then marked done with its result.
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::Save);
    type_text(&mut app, "清理消防通道");
    press(&mut app, Named::NextField);
    type_text(&mut app, "李娜");
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoicePrev); // the last choice: update
    press(&mut app, Named::Save);
    press(&mut app, Named::NextField);
    press(&mut app, Named::NextField);
    type_text(&mut app, "已清理");
    press(&mut app, Named::Save);
    let items = app.store().repo::<ActionItem>().page(&by_meeting, &PageRequest::first(5)).unwrap().rows;
    assert_eq!((items[0].status, items[0].result.as_str()), (ActionStatus::Done, "已清理"));
    assert!(
        app.current()
            .detail
            .as_ref()
            .unwrap()
            .sections
            .iter()
            .any(|(_, lines)| lines.iter().any(|l| l.contains("清理消防通道")))
    );
}

fn screen_text(app: &malldesk::ui::App) -> String {
    common::desk::screen_lines(app).join("\n")
}

/// At 80×24 the detail pane shows a few lines: PgDn reaches the history at its end, and a link
/// chosen with ↓ is scrolled into view before Enter opens it.
#[test]
fn the_detail_pane_scrolls_at_80x24_and_shows_the_chosen_link() {
    use malldesk::domain::lease::Lease;
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (80, 24));
    press(&mut app, Named::Tab2);
    let lease_id = app.current().list.selected_row().unwrap().id;
    let lease = app.store().repo::<Lease>().get(lease_id).unwrap();
    assert!(!screen_text(&app).contains("变更记录"), "the history starts below the visible part");
    press(&mut app, Named::Detail);
    assert!(screen_text(&app).contains("PgUp/PgDn"), "the pane says it scrolls");
    for _ in 0..30 {
        press(&mut app, Named::PageDown);
    }
    let bottom = screen_text(&app);
    assert!(bottom.contains("变更记录"), "PgDn reaches the history:\n{bottom}");
    assert!(
        !bottom.contains(&format!("{} ", lease.number)) || bottom.contains("▲"),
        "scrolled away from the top"
    );
    for _ in 0..30 {
        press(&mut app, Named::PageUp);
    }
    assert!(screen_text(&app).contains(&lease.number), "PgUp comes back to the title");
    // The last link, chosen with ↓, is on screen with its marker.
    let links = app.current().detail.as_ref().unwrap().links.clone();
    assert!(!links.is_empty(), "a demo lease links its complaints");
    for _ in 0..links.len() {
        press(&mut app, Named::Down);
    }
    let last = links.last().unwrap();
    let shown = screen_text(&app);
    let label: String = last.label.chars().take(12).collect();
    assert!(shown.contains("▶") && shown.contains(&label), "the chosen link is visible:\n{shown}");
}

/// The F11 list answers to a number or a first letter, and Esc after only browsing it closes it
/// without asking about discarding changes.
#[test]
fn the_work_list_jumps_by_number_and_letter_and_closes_quietly() {
    use malldesk::domain::lease::LeaseStage;
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::En, (120, 40));
    press(&mut app, Named::Tab2);
    let id = app.current().list.selected_row().unwrap().id;
    assert_eq!(
        app.store().repo::<malldesk::domain::lease::Lease>().get(id).unwrap().stage,
        LeaseStage::Active
    );
    press(&mut app, Named::Act);
    // "r": the next label with that letter after the chosen one ("renew"), then on ("record a
    // payment").
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.form.as_ref().unwrap().field("work").code(), Some("renew"));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.form.as_ref().unwrap().field("work").code(), Some("payment"));
    press(&mut app, Named::ChoiceNext);
    press(&mut app, Named::NextField);
    press(&mut app, Named::Cancel);
    assert!(app.form.is_none(), "browsing the list is not an edit: Esc closes it");
    // A number takes its work at once: 7 is the exit checklist.
    press(&mut app, Named::Act);
    key(&mut app, KeyCode::Char('7'));
    assert_eq!(app.form.as_ref().map(|f| f.purpose), Some(malldesk::ui::form::Purpose::ExitChecklist));
}

/// The status line counts in English as a person would: "1 record", "2 records".
#[test]
fn the_status_line_says_one_record_not_one_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::En, (120, 40));
    press(&mut app, Named::Tab2);
    let number = app.current().list.rows[0].cells[0].clone();
    press(&mut app, Named::Search);
    type_text(&mut app, &number);
    app.settle();
    press(&mut app, Named::Accept);
    assert_eq!(app.current().list.total, 1);
    let screen = screen_text(&app);
    assert!(screen.contains("│ 1 record ") && !screen.contains("1 records"), "{screen}");
}

#[test]
fn a_merchants_score_deduction_is_recorded_from_the_meetings_tab_with_its_reason() {
    use malldesk::domain::meeting::{Deduction, Meeting};
    use malldesk::domain::merchant::Merchant;
    use malldesk::store::meeting_figures::ByMerchant;
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "王芳").unwrap();
    let mut meeting = common::meeting(None);
    meeting.host = "扣分晨会主持人".into();
    store.repo::<Meeting>().create(&mut meeting).unwrap();
    let brand = store
        .repo::<Merchant>()
        .page(&Default::default(), &malldesk::store::PageRequest::first(1))
        .unwrap()
        .rows[0]
        .brand
        .clone();
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab5);
    press(&mut app, Named::Search);
    type_text(&mut app, "扣分晨会主持人");
    press(&mut app, Named::Accept);
    press(&mut app, Named::Act);
    press(&mut app, Named::ChoicePrev);
    press(&mut app, Named::ChoicePrev); // the one before the last: a deduction
    press(&mut app, Named::Save);
    type_text(&mut app, &brand);
    assert!(!app.form.as_ref().unwrap().focused().matches.is_empty());
    press(&mut app, Named::NextField);
    assert_eq!(app.form.as_ref().unwrap().field("on_day").text(), "2026-11-23", "the meeting's day");
    press(&mut app, Named::NextField);
    type_text(&mut app, "0.25");
    press(&mut app, Named::NextField);
    type_text(&mut app, "占用消防通道堆货");
    press(&mut app, Named::Save);
    let form = app.form.as_ref().expect("refused, kept open");
    assert!(
        form.field("points_tenths").error.as_deref().is_some_and(|e| e.contains("一位小数")),
        "{:?}",
        form.field("points_tenths").error
    );
    assert_eq!(form.field("reason").text(), "占用消防通道堆货", "nothing typed is lost");
    press(&mut app, Named::PrevField);
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "1.5");
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let merchant_id = app.store().repo::<Merchant>().named(&brand).unwrap()[0].id;
    let saved = app
        .store()
        .repo::<Deduction>()
        .page(&ByMerchant { merchant_id: Some(merchant_id) }, &malldesk::store::PageRequest::first(5))
        .unwrap()
        .rows;
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].points_tenths, saved[0].reason.as_str(), saved[0].operator.as_str()),
        (15, "占用消防通道堆货", "王芳")
    );
}

#[test]
fn a_meeting_prints_its_sign_in_sheet_and_minutes_even_read_only() {
    use malldesk::domain::meeting::{Attendance, Meeting};
    use malldesk::store::meetings::AttendanceFilter;
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path());
    // A meeting with a roster and an action item.
    let (id, expected) = {
        let store = Store::open(&path, "王芳").unwrap();
        let mut meeting = common::meeting(None);
        meeting.minutes = "强调消防通道畅通".into();
        store.repo::<Meeting>().create(&mut meeting).unwrap();
        store.repo::<Meeting>().generate_roster(meeting.id).unwrap();
        let mut action = malldesk::domain::meeting::ActionItem {
            id: 0,
            meeting_id: meeting.id,
            text: "清理 2F 通道杂物".into(),
            owner: "营运部李强".into(),
            due_date: Some(common::day("2026-11-30")),
            status: malldesk::domain::meeting::ActionStatus::Open,
            result: String::new(),
        };
        store.repo::<malldesk::domain::meeting::ActionItem>().create(&mut action).unwrap();
        let filter = AttendanceFilter { meeting_id: Some(meeting.id), ..Default::default() };
        let n = store.repo::<Attendance>().count(&filter).unwrap();
        (meeting.id, n)
    };
    let mut app = desk(Store::open_read_only(&path).unwrap(), Lang::ZhCn, (120, 40));
    app.exports_dir = dir.path().join("exports");
    press(&mut app, Named::Tab5);
    let text = malldesk::report::meeting::sheet(app.store(), id, Lang::ZhCn).unwrap();
    assert!(text.starts_with("商户晨会 2026-11-23 08:45（15 分钟）"), "{text}");
    assert!(text.contains(&format!("签到表（{expected} 人）")), "{text}");
    assert_eq!(text.matches("______________").count() as u64, expected, "a line to sign for each");
    assert!(
        text.contains("强调消防通道畅通") && text.contains("清理 2F 通道杂物") && text.contains("2026-11-30")
    );
    // F12 on the Meetings tab writes the selected meeting's sheet.
    let row = app.current().list.selected_row().unwrap().id;
    press(&mut app, Named::Print);
    let message = app.message.as_ref().unwrap().text.clone();
    assert!(message.contains("已写入"), "{message}");
    let written = std::fs::read_dir(&app.exports_dir).unwrap().next().unwrap().unwrap().path();
    let printed = std::fs::read_to_string(&written).unwrap();
    assert_eq!(printed, malldesk::report::meeting::sheet(app.store(), row, Lang::ZhCn).unwrap());
    assert!(written.file_name().unwrap().to_string_lossy().starts_with("HY-"));
}

#[test]
fn a_new_weekly_briefing_plans_its_coming_weeks_from_the_form() {
    use malldesk::domain::meeting::Meeting;
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab5);
    press(&mut app, Named::New);
    for _ in 0..4 {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "每周例会主持人");
    press(&mut app, Named::NextField);
    assert_eq!(app.form.as_ref().unwrap().focused().key, "repeat");
    press(&mut app, Named::ChoiceNext); // every week
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    let message = app.message.clone().unwrap().text;
    let filter = malldesk::store::meetings::MeetingFilter {
        text: "每周例会主持人".into(),
        ..Default::default()
    };
    let made =
        app.store().repo::<Meeting>().page(&filter, &malldesk::store::PageRequest::first(20)).unwrap().rows;
    // Four weeks ahead: four weekly meetings, and an all-hands when the first of a month falls in.
    assert!((4..=5).contains(&made.len()), "{made:?}");
    assert!(message.contains(&format!("排定 {} 场会议", made.len())), "{message}");
    assert!(made.iter().all(|m| m.series_id.is_some()));
}
