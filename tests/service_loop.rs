//! The service loop cannot be bypassed: each test walks a way around a house rule that a hurried
//! clerk found, and asserts the rule holds in the database (issue "The service loop cannot be
//! bypassed").

mod common;

use chrono::Datelike;
use common::*;
use malldesk::domain::callback::{Attempt, AttemptResult, Callback, CallbackStatus, ContactMode};
use malldesk::domain::complaint::{Complaint, ComplaintKind, ComplaintStep, Satisfaction};
use malldesk::domain::kpi::Period;
use malldesk::domain::staff::{Staff, StaffRole};
use malldesk::report;
use malldesk::store::callbacks::IfUnsatisfied;
use malldesk::store::{Store, StoreError};

/// A valid case taken to `step` through the store's own step actions.
fn case_at(store: &Store, kind: ComplaintKind, step: ComplaintStep) -> Complaint {
    let repo = store.repo::<Complaint>();
    let mut case = complaint("顾客反映的问题");
    case.kind = kind;
    repo.create(&mut case).unwrap();
    let approver = supervisor(store);
    let path: &[ComplaintStep] = match kind {
        ComplaintKind::Complaint => &[
            ComplaintStep::Judged,
            ComplaintStep::Investigating,
            ComplaintStep::Proposal,
            ComplaintStep::Resolved,
            ComplaintStep::CalledBack,
            ComplaintStep::Closed,
        ],
        ComplaintKind::Repair | ComplaintKind::Incident => &[
            ComplaintStep::Investigating,
            ComplaintStep::Resolved,
            ComplaintStep::CalledBack,
            ComplaintStep::Closed,
        ],
        ComplaintKind::Help => &[ComplaintStep::Resolved, ComplaintStep::CalledBack, ComplaintStep::Closed],
        ComplaintKind::Suggestion => &[ComplaintStep::Judged, ComplaintStep::Closed],
    };
    for next in path.iter().take_while(|s| s.index() <= step.index()) {
        match next {
            ComplaintStep::CalledBack => {
                call_back(store, case.id, Satisfaction::Satisfied, IfUnsatisfied::Reopen);
            }
            other => {
                let approver = approver.clone();
                let other = *other;
                repo.advance(case.id, other, "说明", move |c| match other {
                    ComplaintStep::Judged => c.valid = Some(true),
                    ComplaintStep::Proposal => {
                        c.remedy = "退换".into();
                        c.approved_by = Some(approver);
                    }
                    ComplaintStep::Closed => c.closing_summary = "已办结".into(),
                    _ => {}
                })
                .unwrap();
            }
        }
    }
    let case = repo.get(case.id).unwrap();
    assert_eq!(case.step, step);
    case
}

trait StepIndex {
    fn index(self) -> usize;
}

impl StepIndex for ComplaintStep {
    fn index(self) -> usize {
        ComplaintStep::all().position(|s| s == self).unwrap()
    }
}

#[test]
fn a_case_past_received_keeps_its_kind_whatever_it_is_changed_to() {
    let kinds: Vec<ComplaintKind> = ComplaintKind::all().collect();
    for &kind in &kinds {
        let steps: Vec<ComplaintStep> = ComplaintStep::all()
            .filter(|s| {
                // The steps this kind passes through.
                matches!(
                    (kind, s),
                    (_, ComplaintStep::Received | ComplaintStep::Closed)
                        | (ComplaintKind::Complaint, _)
                        | (ComplaintKind::Suggestion, ComplaintStep::Judged)
                        | (
                            ComplaintKind::Repair | ComplaintKind::Incident,
                            ComplaintStep::Investigating
                                | ComplaintStep::Resolved
                                | ComplaintStep::CalledBack
                        )
                        | (ComplaintKind::Help, ComplaintStep::Resolved | ComplaintStep::CalledBack)
                )
            })
            .collect();
        for step in steps {
            let store = memory_store();
            let case = case_at(&store, kind, step);
            for &other in kinds.iter().filter(|k| **k != kind) {
                let audit_before = rows(&store, "audit_log");
                let mut edited = case.clone();
                edited.kind = other;
                let result = store.repo::<Complaint>().update(&mut edited);
                let stored = store.repo::<Complaint>().get(case.id).unwrap();
                if step == ComplaintStep::Received {
                    assert!(result.is_ok(), "{kind:?} at received may become {other:?}: {result:?}");
                    // Back to the original kind for the next try.
                    let mut back = stored.clone();
                    back.kind = kind;
                    store.repo::<Complaint>().update(&mut back).unwrap();
                } else {
                    assert!(
                        matches!(&result, Err(StoreError::Refused(r)) if r.key == "case_kind_locked"),
                        "{kind:?} at {step:?} must not become {other:?}: {result:?}"
                    );
                    assert_eq!((stored.kind, stored.step), (kind, step), "nothing changed");
                    assert_eq!(rows(&store, "audit_log"), audit_before, "nothing written");
                }
            }
        }
    }
}

#[test]
fn an_invalid_judgement_needs_its_explanation_and_closes_the_case() {
    let store = memory_store();
    let repo = store.repo::<Complaint>();
    let mut case = complaint("说店员态度差");
    repo.create(&mut case).unwrap();
    let silent = repo.advance(case.id, ComplaintStep::Judged, "  ", |c| c.valid = Some(false));
    assert!(
        matches!(&silent, Err(StoreError::Invalid(e)) if e.for_field("note").is_some()),
        "an explanation to the customer is required: {silent:?}"
    );
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::Received);
    let closed = repo
        .advance(
            case.id,
            ComplaintStep::Judged,
            "监控显示店员按规定操作，已向顾客说明",
            |c| c.valid = Some(false),
        )
        .unwrap();
    assert_eq!(closed.step, ComplaintStep::Closed);
    assert_eq!(closed.closing_summary, "监控显示店员按规定操作，已向顾客说明");
    assert!(closed.closed_at.is_some() && closed.due_at.is_none());
    let steps: Vec<ComplaintStep> = repo.steps(case.id).unwrap().iter().map(|s| s.step).collect();
    assert_eq!(steps, [ComplaintStep::Received, ComplaintStep::Judged, ComplaintStep::Closed]);
}

#[test]
fn closing_always_needs_its_summary() {
    let store = memory_store();
    let case = case_at(&store, ComplaintKind::Suggestion, ComplaintStep::Judged);
    let repo = store.repo::<Complaint>();
    let empty = repo.advance(case.id, ComplaintStep::Closed, "", |c| c.closing_summary = " ".into());
    assert!(
        matches!(&empty, Err(StoreError::Invalid(e)) if e.for_field("closing_summary").is_some()),
        "{empty:?}"
    );
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::Judged);
}

#[test]
fn the_approver_is_a_supervisor_on_the_staff_list_and_not_the_operator() {
    let store = memory_store(); // operator 测试员
    let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Investigating);
    store.repo::<Staff>().create(&mut staff("测试员", StaffRole::Supervisor)).unwrap();
    store.repo::<Staff>().create(&mut staff("李专员", StaffRole::Clerk)).unwrap();
    let repo = store.repo::<Complaint>();
    for (name, why) in [
        ("王芳", "no such staff member"),
        ("李专员", "a clerk, not a supervisor"),
        ("测试员", "the operator"),
    ] {
        let result = repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
            c.remedy = "退款".into();
            c.approved_by = Some(name.into());
        });
        assert!(
            matches!(&result, Err(StoreError::Invalid(e)) if e.for_field("approved_by").is_some()),
            "{name} ({why}) must be refused: {result:?}"
        );
    }
    let approver = supervisor(&store);
    let future = repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
        c.remedy = "退款".into();
        c.approved_by = Some(approver.clone());
        c.approved_at = Some(malldesk::domain::clock::now() + chrono::Duration::days(1));
    });
    assert!(matches!(&future, Err(StoreError::Invalid(e)) if e.for_field("approved_at").is_some()));
    let when = case.received_at + chrono::Duration::hours(2);
    let approved = repo
        .advance(case.id, ComplaintStep::Proposal, "", |c| {
            c.remedy = "退款".into();
            c.approved_by = Some(approver.clone());
            c.approved_at = Some(when);
        })
        .unwrap();
    assert_eq!(
        (approved.approved_by.as_deref(), approved.approved_at),
        (Some(approver.as_str()), Some(when))
    );
}

#[test]
fn a_redone_proposal_offers_the_earlier_compensation_again() {
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::tabs::Tab;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&desk::demo_file(dir.path()), "王芳").unwrap();
    let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Investigating);
    let approver = supervisor(&store);
    store
        .repo::<Complaint>()
        .advance(case.id, ComplaintStep::Proposal, "", |c| {
            c.remedy = "退款并赔偿".into();
            c.compensation_fen = 20_000;
            c.approved_by = Some(approver);
        })
        .unwrap();
    store.repo::<Complaint>().advance(case.id, ComplaintStep::Investigating, "方案退回", |_| {}).unwrap();
    let mut app = desk::desk(store, Lang::ZhCn, (120, 40));
    app.update(malldesk::ui::Action::Named(malldesk::ui::Named::Tab3));
    let ctx = app.fetch_context();
    let mut chooser = Tab::Complaints.source().act(app.store(), &ctx, case.id).unwrap().unwrap();
    chooser.fields[0].set_choice("proposal");
    let Ok(malldesk::ui::form::Saved::Next(proposal)) =
        Tab::Complaints.source().save(app.store(), &ctx, &mut chooser)
    else {
        panic!("choosing the proposal opens its form");
    };
    assert_eq!(proposal.field("compensation_fen").text(), "200.00", "not reset to 0");
    assert_eq!(proposal.field("remedy").text(), "退款并赔偿");
}

#[test]
fn the_called_back_step_comes_only_from_a_recorded_call() {
    let store = memory_store();
    let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Resolved);
    let repo = store.repo::<Complaint>();
    let direct = repo
        .advance(case.id, ComplaintStep::CalledBack, "", |c| c.satisfaction = Some(Satisfaction::Satisfied));
    assert!(matches!(&direct, Err(StoreError::Refused(r)) if r.key == "called_back_by_call"), "{direct:?}");
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::Resolved);
    let callback = call_back(&store, case.id, Satisfaction::Satisfied, IfUnsatisfied::Reopen);
    assert_eq!(callback.status, CallbackStatus::Done);
    assert_eq!(store.repo::<Callback>().attempts(callback.id).unwrap().len(), 1, "the call is recorded");
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::CalledBack);
}

#[test]
fn the_complaints_tab_calls_back_through_the_call_screen() {
    use malldesk::ui::form::Purpose;
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::tabs::Tab;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&desk::demo_file(dir.path()), "王芳").unwrap();
    let case = case_at(&store, ComplaintKind::Repair, ComplaintStep::Resolved);
    let app = desk::desk(store, Lang::ZhCn, (120, 40));
    let ctx = app.fetch_context();
    let mut chooser = Tab::Complaints.source().act(app.store(), &ctx, case.id).unwrap().unwrap();
    assert_eq!(chooser.purpose, Purpose::ChooseStep);
    chooser.fields[0].set_choice("called_back");
    let Ok(malldesk::ui::form::Saved::Next(form)) =
        Tab::Complaints.source().save(app.store(), &ctx, &mut chooser)
    else {
        panic!("choosing called back opens the next form");
    };
    assert_eq!(form.purpose, Purpose::Call, "resolved → called back opens the call screen");
    assert_eq!(form.tab, Tab::Callbacks);
}

/// The same unsatisfied case through "reopen" and through "escalate" counts the same.
#[test]
fn an_unsatisfied_verdict_counts_the_same_whether_reopened_or_escalated() {
    let settings = malldesk::config::Settings::default();
    let counts = |choice: IfUnsatisfied| {
        let store = memory_store();
        let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Resolved);
        call_back(&store, case.id, Satisfaction::Unsatisfied, choice);
        let stored = store.repo::<Complaint>().get(case.id).unwrap();
        assert_eq!(stored.satisfaction, Some(Satisfaction::Unsatisfied), "{choice:?} keeps the verdict");
        assert_eq!(stored.resolved_at, None, "{choice:?}: not resolved until resolved again");
        assert_eq!(stored.step, ComplaintStep::Investigating);
        let period = Period::month_of(stored.received_at.with_timezone(&chrono::Local).date_naive());
        report::kpi::kpis(&store, &settings, period)
            .unwrap()
            .into_iter()
            .map(|k| (k.code, k.numerator, k.denominator))
            .collect::<Vec<_>>()
    };
    let reopened = counts(IfUnsatisfied::Reopen);
    let escalated = counts(IfUnsatisfied::Escalate);
    assert_eq!(reopened, escalated);
    let satisfaction = reopened.iter().find(|k| k.0 == "complaint_satisfaction").unwrap();
    assert_eq!((satisfaction.1, satisfaction.2), (0, 1), "the unsatisfied call is counted");
}

#[test]
fn a_callback_is_listed_unreachable_in_the_week_it_was_given_up() {
    let store = memory_store();
    let mut callback = common::callback("郑先生");
    // Due last month; given up now.
    callback.due_at = at("2026-10-01T02:00:00Z");
    store.repo::<Callback>().create(&mut callback).unwrap();
    for _ in 0..3 {
        let mut attempt = Attempt {
            id: 0,
            callback_id: callback.id,
            at: malldesk::domain::clock::now(),
            mode: ContactMode::Phone,
            result: AttemptResult::NoAnswer,
            call_later_at: None,
            note: String::new(),
            operator: String::new(),
        };
        store.repo::<Callback>().record_attempt(&mut attempt).unwrap();
    }
    let given_up = store.repo::<Callback>().get(callback.id).unwrap();
    assert_eq!(given_up.status, CallbackStatus::Unreachable);
    let today = chrono::Local::now().date_naive();
    let this_week = Period::Week { year: today.iso_week().year(), week: today.iso_week().week() };
    let listed = report::service::unreachable(&store, this_week).unwrap();
    assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), [callback.id]);
    let due_month = "2026-10".parse().unwrap();
    assert!(report::service::unreachable(&store, due_month).unwrap().is_empty(), "not under its due date");
}

#[test]
fn the_read_only_view_never_opens_on_the_clerks_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    let clerk = Store::open(&path, "王芳").unwrap();
    clerk.set_desk_state("filter.complaints", "{\"text\":\"退款\"}").unwrap();
    clerk.set_desk_state("tab", "complaints").unwrap();
    assert_eq!(clerk.desk_state("tab").unwrap().as_deref(), Some("complaints"));
    let other = Store::open(&path, "李娜").unwrap();
    assert_eq!(other.desk_state("tab").unwrap(), None, "another operator starts fresh");
    let supervisor = Store::open_read_only(&path).unwrap();
    assert_eq!(supervisor.desk_state("tab").unwrap(), None);
    assert_eq!(supervisor.desk_state("filter.complaints").unwrap(), None);
}

#[test]
fn refusals_read_in_chinese_on_a_chinese_screen() {
    let store = memory_store();
    let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Judged);
    let mut edited = case.clone();
    edited.kind = ComplaintKind::Help;
    let error = store.repo::<Complaint>().update(&mut edited).unwrap_err();
    let zh = error.message("zh-CN");
    assert!(zh.contains(&case.number) && zh.contains("判断"), "{zh}");
    assert!(!zh.chars().any(|c| c.is_ascii_alphabetic() && !case.number.contains(c)), "{zh}");
    assert!(error.message("en").contains("kind"), "{}", error.message("en"));
}

mod at_the_desk {
    use super::*;
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::tabs::Tab;
    use malldesk::ui::{Action, Named};
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn demo_desk(dir: &std::path::Path, lang: Lang) -> malldesk::ui::App {
        let store = Store::open(&desk::demo_file(dir), "王芳").unwrap();
        desk::desk(store, lang, (120, 40))
    }

    #[test]
    fn arrows_on_the_list_stay_on_the_tab() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_desk(dir.path(), Lang::ZhCn);
        desk::press(&mut app, Named::Tab3);
        for key in [KeyCode::Right, KeyCode::Left, KeyCode::Right] {
            app.update(Action::Type(KeyEvent::from(key)));
            app.after_frame();
            assert_eq!(app.tab, Tab::Complaints, "{key:?} must not carry the clerk to another tab");
        }
        desk::press(&mut app, Named::NextTab);
        assert_eq!(app.tab, Tab::Callbacks, "Tab still does");
    }

    #[test]
    fn only_the_focused_field_shows_a_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_desk(dir.path(), Lang::ZhCn);
        desk::press(&mut app, Named::Tab3);
        desk::press(&mut app, Named::New);
        let form = app.form.as_ref().unwrap();
        for field in &form.fields {
            assert_eq!(
                field.input.cursor_style(),
                ratatui::style::Style::new(),
                "{} draws no cursor block of its own; the terminal cursor marks the focused field",
                field.key
            );
        }
    }

    #[test]
    fn the_department_is_chosen_from_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_desk(dir.path(), Lang::ZhCn);
        desk::press(&mut app, Named::Tab3);
        desk::press(&mut app, Named::New);
        let form = app.form.as_ref().unwrap();
        let malldesk::ui::form::FieldKind::Choice(options) = &form.field("department").kind else {
            panic!("the department is a choice, not free text");
        };
        let names: Vec<&str> = options.iter().skip(1).map(|(code, _)| code.as_str()).collect();
        let settings = malldesk::config::Settings::default();
        assert_eq!(names, settings.service.departments.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn the_history_reads_in_the_interface_language_with_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&desk::demo_file(dir.path()), "王芳").unwrap();
        let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Judged);
        let app = desk::desk(store, Lang::ZhCn, (120, 40));
        let ctx = app.fetch_context();
        let detail = Tab::Complaints.source().detail(app.store(), &ctx, case.id).unwrap();
        let judged = detail.history.iter().find(|l| l.contains("判断")).expect("the judged step, in Chinese");
        assert!(judged.contains("受理 → 判断"), "the step before → after: {judged}");
        for line in &detail.history {
            for code in ["create", "judged", "update", "escalate", "attempt"] {
                assert!(!line.contains(code), "no English code in {line}");
            }
        }
    }

    #[test]
    fn the_discard_question_is_asked_in_chinese() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let dir = tempfile::tempdir().unwrap();
        let mut app = demo_desk(dir.path(), Lang::ZhCn);
        desk::press(&mut app, Named::Tab3);
        desk::press(&mut app, Named::New);
        desk::press(&mut app, Named::NextField);
        desk::press(&mut app, Named::NextField);
        desk::type_text(&mut app, "钱");
        desk::press(&mut app, Named::Cancel);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|frame| malldesk::ui::view::draw(frame, &app)).unwrap();
        // Wide characters leave an empty cell behind them: compare without spaces.
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol().to_string())
            .collect::<String>()
            .replace(' ', "");
        assert!(screen.contains("放弃对此表单的修改吗"), "asked");
        assert!(screen.contains("y是/n否"), "the keys in Chinese words too");
    }
}

mod search {
    use super::*;
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::{Action, Named};

    /// Under the "received" quick filter, searching the number of a case at another step finds
    /// it, and the desk says which filter the search left.
    #[test]
    fn a_search_looks_across_the_whole_tab_and_says_which_filter_it_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&desk::demo_file(dir.path()), "王芳").unwrap();
        let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Investigating);
        let mut app = desk::desk(store, Lang::ZhCn, (120, 40));
        desk::press(&mut app, Named::Tab3);
        // Quick filters: by deadline, all, then one per step; "received" is the third.
        desk::press(&mut app, Named::Filter);
        desk::press(&mut app, Named::Filter);
        assert_eq!(app.current().filter.quick, 2);
        desk::press(&mut app, Named::Search);
        desk::type_text(&mut app, &case.number);
        app.settle();
        assert_eq!(app.current().list.total, 1, "found outside the received filter");
        assert_eq!(app.current().list.selected_row().map(|r| r.id), Some(case.id));
        let message = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        assert!(message.contains("受理"), "names the filter it left: {message}");
    }

    #[test]
    fn f3_selects_the_previous_query_so_typing_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut app =
            desk::desk(Store::open(&desk::demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
        desk::press(&mut app, Named::Tab3);
        desk::press(&mut app, Named::Search);
        desk::type_text(&mut app, "退款");
        app.update(Action::Named(Named::Accept));
        desk::press(&mut app, Named::Search);
        desk::type_text(&mut app, "电梯");
        app.settle();
        assert_eq!(app.current().filter.text, "电梯");
    }
}

mod live_view {
    use super::*;
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::{Action, Named};

    #[test]
    fn new_records_appear_in_place_or_are_announced() {
        let dir = tempfile::tempdir().unwrap();
        let path = desk::demo_file(dir.path());
        let clerk = Store::open(&path, "王芳").unwrap();
        let mut supervisor = desk::desk(Store::open_read_only(&path).unwrap(), Lang::ZhCn, (120, 40));
        desk::press(&mut supervisor, Named::Tab3);
        desk::press(&mut supervisor, Named::Filter); // all, newest first
        let total = supervisor.current().list.total;

        let mut newest = complaint("刚刚登记的投诉");
        newest.received_at = malldesk::domain::clock::now();
        clerk.repo::<Complaint>().create(&mut newest).unwrap();
        supervisor.update(Action::Tick);
        supervisor.after_frame();
        assert_eq!(supervisor.current().list.total, total + 1);
        assert!(
            supervisor.current().list.rows.iter().any(|r| r.id == newest.id),
            "the new row is in the window, in its place"
        );

        let mut old = complaint("补登的旧投诉");
        old.received_at = at("2020-01-02T02:00:00Z");
        clerk.repo::<Complaint>().create(&mut old).unwrap();
        supervisor.update(Action::Tick);
        supervisor.after_frame();
        assert_eq!(supervisor.current().list.total, total + 2);
        let hint = supervisor.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        assert!(hint.contains("新增 1 条"), "a hint for the row outside the view: {hint}");
    }
}

/// Fills whatever step `to` carries, so only the step rules decide.
fn fill_for(to: ComplaintStep, approver: String) -> impl FnOnce(&mut Complaint) {
    move |c: &mut Complaint| match to {
        ComplaintStep::Judged => c.valid = Some(true),
        ComplaintStep::Investigating => c.cause = "原因".into(),
        ComplaintStep::Proposal => {
            c.remedy = "退换".into();
            c.approved_by = Some(approver);
        }
        ComplaintStep::Closed => c.closing_summary = "已办结".into(),
        _ => {}
    }
}

/// Every (kind, from, to) through the store: a move is written exactly when the step table
/// allows it (called back only ever through a call), and a refused move writes nothing.
#[test]
fn every_step_pair_through_the_store_follows_the_table() {
    use malldesk::domain::complaint::can_step;
    let store = memory_store();
    let approver = supervisor(&store);
    let mut checked = 0;
    for kind in ComplaintKind::all() {
        let reachable: Vec<ComplaintStep> = ComplaintStep::all()
            .filter(|s| match kind {
                ComplaintKind::Complaint => true,
                ComplaintKind::Repair | ComplaintKind::Incident => {
                    !matches!(s, ComplaintStep::Judged | ComplaintStep::Proposal)
                }
                ComplaintKind::Help => !matches!(
                    s,
                    ComplaintStep::Judged | ComplaintStep::Investigating | ComplaintStep::Proposal
                ),
                ComplaintKind::Suggestion => {
                    matches!(s, ComplaintStep::Received | ComplaintStep::Judged | ComplaintStep::Closed)
                }
            })
            .collect();
        for from in &reachable {
            for to in ComplaintStep::all() {
                let case = case_at(&store, kind, *from);
                let audit_before = store.history::<Complaint>(case.id, 100).unwrap().len();
                let result =
                    store.repo::<Complaint>().advance(case.id, to, "说明", fill_for(to, approver.clone()));
                let allowed = to != ComplaintStep::CalledBack && can_step(kind, *from, case.valid, to);
                assert_eq!(result.is_ok(), allowed, "{kind:?} {from:?} → {to:?}: {result:?}");
                let after = store.repo::<Complaint>().get(case.id).unwrap();
                let audit_after = store.history::<Complaint>(case.id, 100).unwrap().len();
                if allowed {
                    assert_eq!(after.step, to, "{kind:?} {from:?} → {to:?}");
                    assert!(audit_after > audit_before, "{kind:?} {from:?} → {to:?} left no audit row");
                } else {
                    assert_eq!(after, case, "{kind:?} {from:?} → {to:?} changed the case");
                    assert_eq!(audit_after, audit_before, "{kind:?} {from:?} → {to:?} wrote an audit row");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Every event write leaves its audit row with the operator: steps, escalations, call
/// attempts and outcomes, sign-ins, payments and stage moves of prospects and leases.
#[test]
fn every_event_write_leaves_its_audit_row() {
    use malldesk::domain::lease::{Charge, ChargeKind, Lease, LeaseStage, Payment, PaymentMethod};
    use malldesk::domain::meeting::{Attendance, AttendanceStatus, Meeting};
    use malldesk::domain::merchant::Merchant;
    use malldesk::domain::prospect::{Prospect, ProspectStage};
    use malldesk::domain::unit::Unit;
    use malldesk::store::meetings::AttendanceFilter;
    let store = memory_store();
    let newest = |entity: &str, id: i64| -> (String, String) {
        let entries = match entity {
            "complaints" => store.history::<Complaint>(id, 1),
            "callbacks" => store.history::<Callback>(id, 1),
            "attendance" => store.history::<Attendance>(id, 1),
            "payments" => store.history::<Payment>(id, 1),
            "prospects" => store.history::<Prospect>(id, 1),
            "leases" => store.history::<Lease>(id, 1),
            other => panic!("{other}"),
        }
        .unwrap();
        let entry = entries.first().unwrap_or_else(|| panic!("no audit row for {entity} {id}"));
        (entry.action.clone(), entry.operator.clone())
    };
    let me = "测试员".to_string();

    let case = case_at(&store, ComplaintKind::Complaint, ComplaintStep::Received);
    store.repo::<Complaint>().advance(case.id, ComplaintStep::Judged, "", |c| c.valid = Some(true)).unwrap();
    assert_eq!(newest("complaints", case.id), ("judged".into(), me.clone()));
    store.repo::<Complaint>().escalate(case.id, "顾客要求").unwrap();
    assert_eq!(newest("complaints", case.id), ("escalate".into(), me.clone()));

    let mut callback = callback("回访对象");
    store.repo::<Callback>().create(&mut callback).unwrap();
    let mut attempt = Attempt {
        id: 0,
        callback_id: callback.id,
        at: at("2026-11-23T02:00:00Z"),
        mode: ContactMode::Phone,
        result: AttemptResult::NoAnswer,
        note: String::new(),
        call_later_at: None,
        operator: "测试员".into(),
    };
    store.repo::<Callback>().record_attempt(&mut attempt).unwrap();
    assert_eq!(newest("callbacks", callback.id), ("attempt".into(), me.clone()));
    store.repo::<Callback>().record_outcome(callback.id, Satisfaction::Satisfied, "满意").unwrap();
    assert_eq!(newest("callbacks", callback.id), ("outcome".into(), me.clone()));

    let mut unit = unit("2F-A01", "2F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut m = merchant("甲店");
    store.repo::<Merchant>().create(&mut m).unwrap();
    let mut l = lease(m.id, unit.id, "2026-01-01", "2028-12-31");
    store.repo::<Lease>().create(&mut l).unwrap();
    store.repo::<Lease>().move_stage(l.id, LeaseStage::LegalReview, "").unwrap();
    assert_eq!(newest("leases", l.id), ("stage".into(), me.clone()));
    approve(&store, l.id);
    store.repo::<Lease>().move_stage(l.id, LeaseStage::Approved, "").unwrap();
    store.repo::<Lease>().move_stage(l.id, LeaseStage::Active, "").unwrap();
    let mut charge = Charge {
        id: 0,
        lease_id: l.id,
        period: "2026-11".into(),
        kind: ChargeKind::Rent,
        amount_fen: 100_000,
        due_date: day("2026-11-05"),
    };
    store.repo::<Charge>().create(&mut charge).unwrap();
    let mut payment = Payment {
        id: 0,
        charge_id: charge.id,
        amount_fen: 50_000,
        paid_on: day("2026-11-05"),
        method: PaymentMethod::Cash,
        receipt_no: "SJ-AUDIT".into(),
    };
    store.repo::<Payment>().create(&mut payment).unwrap();
    assert_eq!(newest("payments", payment.id), ("create".into(), me.clone()));

    let mut briefing = meeting(None);
    store.repo::<Meeting>().create(&mut briefing).unwrap();
    store.repo::<Meeting>().generate_roster(briefing.id).unwrap();
    let line = store
        .repo::<Attendance>()
        .page(
            &AttendanceFilter { meeting_id: Some(briefing.id), ..Default::default() },
            &malldesk::store::PageRequest::first(1),
        )
        .unwrap()
        .rows[0]
        .id;
    store.repo::<Meeting>().sign_in(line, AttendanceStatus::Late, "小王", "", false).unwrap();
    assert_eq!(newest("attendance", line), ("update".into(), me.clone()));

    let mut p = prospect("新品牌");
    store.repo::<Prospect>().create(&mut p).unwrap();
    store.repo::<Prospect>().move_stage(p.id, ProspectStage::Intent, "有意向").unwrap();
    assert_eq!(newest("prospects", p.id), ("stage".into(), me));
}

/// A callback's status and failure count change only through recorded calls: an edit that sets
/// either is refused, whichever of the two it touches, and an edit of the words alone goes through.
#[test]
fn a_callback_edit_cannot_set_its_status_or_failures() {
    let store = memory_store();
    let mut callback = callback("回访对象");
    store.repo::<Callback>().create(&mut callback).unwrap();
    let stored = store.repo::<Callback>().get(callback.id).unwrap();
    for edit in [
        Callback { status: CallbackStatus::Done, outcome: Some(Satisfaction::Satisfied), ..stored.clone() },
        Callback { failed_attempts: 2, ..stored.clone() },
    ] {
        let mut edit = edit;
        match store.repo::<Callback>().update(&mut edit) {
            Err(StoreError::Refused(refusal)) => {
                assert_eq!(
                    refusal.message("en"),
                    "a callback's status changes only by recording attempts or its outcome"
                )
            }
            other => panic!("an edit of the status or failures must be refused: {other:?}"),
        }
        assert_eq!(store.repo::<Callback>().get(callback.id).unwrap(), stored, "unchanged");
    }
    let mut words = Callback { customer_words: "改期再联系".into(), ..stored.clone() };
    store.repo::<Callback>().update(&mut words).unwrap();
    assert_eq!(store.repo::<Callback>().get(callback.id).unwrap().customer_words, "改期再联系");
}
