//! The leasing report on a hand-counted pipeline: five new prospects, the funnel and its
//! conversion, the lost reasons, one deal against the targets, the category mix and the two
//! leasing staff members' lines. Stage moves are stamped with the real clock, so the fixture
//! lives in the current month.

mod common;

use common::*;
use malldesk::config::Settings;
use malldesk::domain::kpi::Period;
use malldesk::domain::prospect::{Interaction, InteractionMode, Prospect, ProspectStage, SourceChannel};
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::domain::unit::Unit;
use malldesk::report;
use malldesk::store::Store;
use malldesk::store::prospects::Signing;
use malldesk::ui::i18n::Lang;

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn leasing_staff(store: &Store, name: &str) -> i64 {
    let mut s = Staff { department: Department::Leasing, ..staff(name, StaffRole::Leasing) };
    store.repo::<Staff>().create(&mut s).unwrap()
}

fn contact(store: &Store, prospect_id: i64, staff_id: i64, mode: InteractionMode) {
    let mut i = Interaction {
        id: 0,
        prospect_id,
        at: malldesk::domain::clock::now(),
        mode,
        summary: "介绍项目".into(),
        next_step: String::new(),
        staff_id: Some(staff_id),
    };
    store.repo::<Prospect>().log_interaction(&mut i).unwrap();
}

/// The lines of one section of the long-form CSV as (item, figure, value).
fn section(report: &report::Report, title: &str) -> Vec<(String, String, String)> {
    report.rows.iter().filter(|r| r[0] == title).map(|r| (r[1].clone(), r[2].clone(), r[3].clone())).collect()
}

fn figure(report: &report::Report, title: &str, item: &str, column: &str) -> String {
    section(report, title)
        .into_iter()
        .find(|(i, f, _)| i == item && f == column)
        .unwrap_or_else(|| panic!("{title} / {item} / {column} in {:?}", report.rows))
        .2
}

#[test]
fn funnel_losses_targets_mix_and_staff_from_a_hand_counted_pipeline() {
    let store = memory_store();
    let a = leasing_staff(&store, "招商甲");
    let b = leasing_staff(&store, "招商乙");
    let mut food = Unit { category: "餐饮".into(), area_dm2: 10_000, ..unit("1F-A01", "1F A区") };
    store.repo::<Unit>().create(&mut food).unwrap();
    let mut retail = Unit { category: "零售".into(), area_dm2: 30_000, ..unit("1F-A02", "1F A区") };
    store.repo::<Unit>().create(&mut retail).unwrap();
    let now = malldesk::domain::clock::now();
    let sources = [
        (SourceChannel::WalkIn, a),
        (SourceChannel::WalkIn, a),
        (SourceChannel::TradeShow, a),
        (SourceChannel::Referral, b),
        (SourceChannel::InvestmentConference, b),
    ];
    let repo = store.repo::<Prospect>();
    let mut ids = Vec::new();
    for (n, (source, staff_id)) in sources.into_iter().enumerate() {
        let mut p = Prospect {
            source,
            staff_id: Some(staff_id),
            category: "餐饮".into(),
            phone: format!("1360000{:04}", n),
            registered_at: now,
            ..prospect(&format!("品牌{n}"))
        };
        repo.create(&mut p).unwrap();
        ids.push(p.id);
    }
    for id in &ids[..4] {
        repo.move_stage(*id, ProspectStage::Intent, "").unwrap();
    }
    for id in &ids[..2] {
        repo.move_stage(*id, ProspectStage::Negotiating, "").unwrap();
    }
    let signing = Signing {
        unit_id: food.id,
        start_date: day("2027-01-01"),
        end_date: day("2029-12-31"),
        monthly_rent_fen: 2_000_000,
        management_fee_fen: 300_000,
        deposit_fen: 6_000_000,
        payment_day: 5,
        licence_no: None,
    };
    repo.sign(ids[0], &signing).unwrap();
    repo.move_stage(ids[2], ProspectStage::Lost, "租金太高").unwrap();
    repo.move_stage(ids[3], ProspectStage::Lost, "租金太高").unwrap();
    repo.move_stage(ids[4], ProspectStage::Lost, "面积不合适").unwrap();
    contact(&store, ids[0], a, InteractionMode::Visit);
    contact(&store, ids[1], a, InteractionMode::OutboundCall);
    contact(&store, ids[3], b, InteractionMode::Wechat);

    let period = Period::month_of(store.clock().day(now));
    let r = report::leasing::leasing(&store, &Settings::default(), period, Lang::En).unwrap();
    let sources: Vec<(String, String)> =
        section(&r, "New prospects by source").into_iter().map(|(i, _, v)| (i, v)).collect();
    assert_eq!(sources[0], ("walk-in".to_string(), "2".to_string()), "{sources:?}");
    assert_eq!(sources.last().unwrap(), &("Total".to_string(), "5".to_string()));
    assert_eq!(figure(&r, "Contacts made", "Total", "Contacts"), "3");
    let funnel = "Funnel (prospects reaching each stage in the period)";
    let conversion: Vec<(String, String)> = section(&r, funnel)
        .into_iter()
        .filter(|(_, f, _)| f == "Conversion")
        .map(|(i, _, v)| (i, v))
        .collect();
    assert_eq!(
        conversion,
        vec![
            ("potential".to_string(), "—".to_string()),
            ("intent".into(), "80.0%".into()),
            ("negotiating".into(), "50.0%".into()),
            ("signed".into(), "50.0%".into()),
        ]
    );
    assert_eq!(figure(&r, funnel, "intent", "Prospects"), "4");
    let lost: Vec<(String, String)> =
        section(&r, "Lost: top reasons").into_iter().map(|(i, _, v)| (i, v)).collect();
    assert_eq!(lost, vec![("租金太高".to_string(), "2".to_string()), ("面积不合适".into(), "1".into())]);
    let targets = "Signed against target (招商任务完成率)";
    assert_eq!(figure(&r, targets, "deals", "Completion"), "10.0%");
    assert_eq!(figure(&r, targets, "area m²", "Signed"), "100.0");
    assert_eq!(figure(&r, targets, "area m²", "Completion"), "6.7%");
    assert_eq!(figure(&r, targets, "monthly rent", "Signed"), "20000.00");
    assert_eq!(figure(&r, targets, "monthly rent", "Completion"), "5.0%");
    let mix = "Category mix: signed against plan";
    assert_eq!(figure(&r, mix, "零售", "Planned area"), "75.0%");
    assert_eq!(figure(&r, mix, "餐饮", "Signed area"), "100.0%");
    assert_eq!(figure(&r, mix, "零售", "Deals"), "0");
    let staff = "By leasing staff";
    let line = |name: &str| -> Vec<String> {
        section(&r, staff).into_iter().filter(|(i, _, _)| i == name).map(|(_, _, v)| v).collect()
    };
    assert_eq!(line("招商甲"), strings(&["3", "2", "1", "20000.00", "1", "100.0%"]));
    assert_eq!(line("招商乙"), strings(&["2", "1", "0", "0.00", "1", "0.0%"]));
    assert_eq!(r.header, strings(&["Section", "Item", "Figure", "Value"]));
    // The same period a year earlier is empty: every section says so, nothing fails.
    let empty_period = match period {
        Period::Month { year, month } => Period::Month { year: year - 1, month },
        other => other,
    };
    let empty = report::leasing::leasing(&store, &Settings::default(), empty_period, Lang::ZhCn).unwrap();
    assert!(empty.text.contains("  —\n"), "{}", empty.text);
    assert!(empty.rows.iter().all(|r| r[0] != "转化漏斗（本期进入各阶段的客户）"));
}

#[test]
fn a_period_with_stage_moves_but_no_new_prospects_keeps_its_funnel() {
    let store = memory_store();
    let repo = store.repo::<Prospect>();
    let mut old = Prospect {
        category: "餐饮".into(),
        registered_at: malldesk::domain::clock::now() - chrono::Duration::days(400),
        ..prospect("老客户")
    };
    repo.create(&mut old).unwrap();
    repo.move_stage(old.id, ProspectStage::Intent, "").unwrap();
    let period = Period::month_of(store.clock().day(malldesk::domain::clock::now()));
    let r = report::leasing::leasing(&store, &Settings::default(), period, Lang::En).unwrap();
    let funnel = "Funnel (prospects reaching each stage in the period)";
    assert_eq!(figure(&r, funnel, "potential", "Prospects"), "0", "no new prospect this period");
    assert_eq!(figure(&r, funnel, "intent", "Prospects"), "1", "the old prospect reached intent now");
    assert_eq!(figure(&r, funnel, "intent", "Conversion"), "—", "nothing to divide by");
}
