//! Who a prospect belongs to: the new-prospect form proposes the least-loaded leasing member
//! unless the settings turn that off, and handing a prospect to someone else needs its reason,
//! kept with the prospect (a hurried clerk cannot reassign without one).

mod common;

use common::desk::{desk, press, type_text};
use common::*;
use malldesk::domain::prospect::Prospect;
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::store::Store;
use malldesk::ui::Named;
use malldesk::ui::i18n::Lang;

fn leasing(store: &Store, name: &str) -> i64 {
    let mut s = Staff { department: Department::Leasing, ..staff(name, StaffRole::Leasing) };
    store.repo::<Staff>().create(&mut s).unwrap()
}

#[test]
fn a_reassignment_needs_its_reason_and_is_kept() {
    let store = memory_store();
    let a = leasing(&store, "招商甲");
    let b = leasing(&store, "招商乙");
    let mut p = Prospect { staff_id: Some(a), ..prospect("鹿角巷") };
    store.repo::<Prospect>().create(&mut p).unwrap();
    // Another field changed: no reason needed.
    p.notes = "想要临街铺位".into();
    store.repo::<Prospect>().update_reassigning(&mut p, "").unwrap();
    // A new owner without a reason: refused, nothing changed.
    let audited = rows(&store, "audit_log");
    p.staff_id = Some(b);
    let error = store.repo::<Prospect>().update_reassigning(&mut p, "  ").unwrap_err();
    assert!(error.to_string().contains("reassign_reason"), "{error}");
    assert_eq!(store.repo::<Prospect>().get(p.id).unwrap().staff_id, Some(a));
    assert_eq!(rows(&store, "audit_log"), audited, "nothing written");
    // With the reason: the hand-over is kept with who, when and why.
    store.repo::<Prospect>().update_reassigning(&mut p, "甲休产假").unwrap();
    let kept = store.repo::<Prospect>().reassignments(p.id).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].from_staff_id, kept[0].to_staff_id, kept[0].reason.as_str()),
        (Some(a), Some(b), "甲休产假")
    );
    assert_eq!(kept[0].operator, "测试员");
}

#[test]
fn the_form_asks_why_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&common::desk::demo_file(dir.path()), "王芳").unwrap();
    let b = leasing(&store, "新来的招商");
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    let id = app.current().list.selected_row().unwrap().id;
    press(&mut app, Named::Edit);
    let form = app.form.as_mut().unwrap();
    form.field_mut("staff_id").set_pick(b, "新来的招商".into());
    form.field_mut("notes").set_text("换人跟进");
    press(&mut app, Named::Save);
    let form = app.form.as_ref().expect("refused, kept open");
    assert_eq!(form.field("reassign_reason").error.as_deref(), Some("请填写更换负责人的原因"));
    assert_eq!(form.field("notes").text(), "换人跟进", "nothing typed is lost");
    let at = form.fields.iter().position(|f| f.key == "reassign_reason").unwrap();
    while app.form.as_ref().unwrap().focus != at {
        press(&mut app, Named::NextField);
    }
    type_text(&mut app, "原负责人离职");
    press(&mut app, Named::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| f.error.clone()));
    assert_eq!(app.store().repo::<Prospect>().get(id).unwrap().staff_id, Some(b));
    let detail = app.current().detail.clone().unwrap();
    let handovers = &detail.sections.iter().find(|(t, _)| t == "负责人变更").unwrap().1;
    assert!(handovers[0].contains("新来的招商") && handovers[0].ends_with("原负责人离职"), "{handovers:?}");
}

#[test]
fn the_least_loaded_is_counted_over_open_prospects_of_active_leasing_staff() {
    use malldesk::domain::prospect::ProspectStage;
    let store = memory_store();
    let a = leasing(&store, "招商甲");
    let b = leasing(&store, "招商乙");
    let c = leasing(&store, "招商丙");
    let mut gone = Staff { active: false, ..staff("已离职", StaffRole::Leasing) };
    store.repo::<Staff>().create(&mut gone).unwrap();
    store.repo::<Staff>().create(&mut staff("客服", StaffRole::Clerk)).unwrap();
    let own = |staff_id: i64, brand: &str| {
        let mut p = Prospect { staff_id: Some(staff_id), ..prospect(brand) };
        store.repo::<Prospect>().create(&mut p).unwrap();
        p.id
    };
    // 甲 two open; 乙 one open and one lost (closed, not counted); 丙 one open.
    own(a, "一号");
    own(a, "二号");
    own(b, "三号");
    let lost = own(b, "四号");
    own(c, "五号");
    store.repo::<Prospect>().move_stage(lost, ProspectStage::Lost, "租金太高").unwrap();
    let repo = store.repo::<Staff>();
    assert_eq!(repo.open_prospect_loads().unwrap(), vec![(a, 2), (b, 1), (c, 1)]);
    assert_eq!(repo.suggest_for_new_prospect().unwrap(), Some(b), "the fewest, the earlier on a tie");
}

#[test]
fn the_new_prospect_form_proposes_the_least_loaded_only_when_the_settings_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::desk::demo_file(dir.path());
    let mut app = desk(Store::open(&path, "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    press(&mut app, Named::New);
    let proposed = app.form.as_ref().unwrap().field("staff_id").picked_id();
    assert_eq!(proposed, app.store().repo::<Staff>().suggest_for_new_prospect().unwrap());
    assert!(proposed.is_some());
    press(&mut app, Named::Cancel);
    app.settings.leasing.suggest_least_loaded = false;
    press(&mut app, Named::New);
    assert_eq!(app.form.as_ref().unwrap().field("staff_id").picked_id(), None);
}

#[test]
fn the_prospects_tab_opens_on_what_needs_a_call_with_the_late_ones_red() {
    use malldesk::domain::prospect::{Interaction, InteractionMode, ProspectStage};
    let store = memory_store();
    let add =
        |brand: &str, registered: &str, contacted: bool, follow_up: Option<&str>, stage: ProspectStage| {
            let mut p = Prospect {
                registered_at: at(registered),
                first_contact_at: contacted.then(|| at(registered)),
                next_follow_up: follow_up.map(day),
                stage,
                lost_reason: (stage == ProspectStage::Lost).then(|| "租金太高".to_string()),
                phone: format!("1390000{:04}", brand.len() * 7 + registered.len()),
                ..prospect(brand)
            };
            store.repo::<Prospect>().create(&mut p).unwrap();
            p.id
        };
    use ProspectStage::*;
    add("新登记", "2026-11-20T02:00:00Z", false, None, Potential);
    add("下周回访", "2026-11-01T02:00:00Z", true, Some("2026-11-25"), Intent);
    let late = add("回访已过", "2026-11-10T02:00:00Z", true, Some("2026-11-18"), Negotiating);
    add("首访超期", "2026-11-05T02:00:00Z", false, None, Potential);
    add("已流失", "2026-11-02T02:00:00Z", true, Some("2026-11-03"), Lost);
    add("无需回访", "2026-11-03T02:00:00Z", true, None, Intent);
    let mut app = desk(store, Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab1);
    assert_eq!(app.tab.source().quick_filters(Lang::ZhCn)[app.current().filter.quick], "待联系");
    let shown = |app: &malldesk::ui::App| -> Vec<(String, bool)> {
        app.current().list.rows.iter().map(|r| (r.cells[1].clone(), r.alert)).collect()
    };
    assert_eq!(
        shown(&app),
        vec![
            ("首访超期".to_string(), true),
            ("回访已过".to_string(), true),
            ("新登记".to_string(), false),
            ("下周回访".to_string(), false),
        ]
    );
    // A contact with the next follow-up date: no longer late, and it moves down the list.
    let mut contact = Interaction {
        id: 0,
        prospect_id: late,
        at: at("2026-11-22T02:00:00Z"),
        mode: InteractionMode::OutboundCall,
        summary: "约下周看铺".into(),
        next_step: String::new(),
        staff_id: None,
    };
    app.store().repo::<Prospect>().log_contact(&mut contact, Some(day("2026-11-29"))).unwrap();
    press(&mut app, Named::Refresh);
    assert_eq!(shown(&app).last().unwrap(), &("回访已过".to_string(), false));
    // "All" is the next quick filter, newest first.
    press(&mut app, Named::Filter);
    assert_eq!(app.current().list.total, 6);
}

#[test]
fn a_staff_members_workload_counts_what_is_open_in_their_hands() {
    use malldesk::domain::callback::Callback;
    use malldesk::domain::complaint::Complaint;
    use malldesk::domain::prospect::ProspectStage;
    let store = memory_store();
    let a = leasing(&store, "招商甲");
    let b = leasing(&store, "招商乙");
    for (n, owner) in [a, a, b].into_iter().enumerate() {
        let mut case = Complaint { handler_id: Some(owner), ..complaint(&format!("第{n}件")) };
        store.repo::<Complaint>().create(&mut case).unwrap();
        let mut call = Callback { staff_id: Some(owner), ..callback(&format!("回访{n}")) };
        store.repo::<Callback>().create(&mut call).unwrap();
        let mut p = Prospect { staff_id: Some(owner), ..prospect(&format!("品牌{n}")) };
        store.repo::<Prospect>().create(&mut p).unwrap();
        if n == 1 {
            store.repo::<Prospect>().move_stage(p.id, ProspectStage::Lost, "不合适").unwrap();
        }
    }
    assert_eq!(store.staff_workload(a).unwrap(), (2, 2, 1), "a lost prospect is out of hand");
    assert_eq!(store.staff_workload(b).unwrap(), (1, 1, 1));
}
