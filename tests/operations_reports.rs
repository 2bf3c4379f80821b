//! The leasing and operations reports on a small, hand-counted mall: occupancy, arrears with
//! ageing at exactly 30/31/60/61/90/91 days, collection rate, expiring leases and licences.
//! Every expected figure below was counted by hand from the fixture.

mod common;

use common::*;
use malldesk::config::Settings;
use malldesk::domain::complaint::Complaint;
use malldesk::domain::kpi::Period;
use malldesk::domain::lease::{
    Charge, ChargeKind, Dunning, DunningMode, Lease, LeaseStage, Payment, PaymentMethod,
};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::unit::Unit;
use malldesk::report;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;

/// The report day: 2026-11-23.
fn d() -> chrono::NaiveDate {
    day("2026-11-23")
}

struct Mall {
    store: Store,
    /// 甲's lease on 1F-A01 and 乙's on 2F-B01.
    jia_lease: i64,
    yi_lease: i64,
}

fn add_unit(store: &Store, code: &str, floor: &str, zone: &str, m2: i64) -> i64 {
    let mut u = Unit { floor: floor.into(), area_dm2: m2 * 100, ..unit(code, zone) };
    store.repo::<Unit>().create(&mut u).unwrap()
}

fn add_merchant(store: &Store, brand: &str, licence_expiry: Option<&str>) -> i64 {
    let mut m = Merchant { licence_expiry: licence_expiry.map(day), ..merchant(brand) };
    store.repo::<Merchant>().create(&mut m).unwrap()
}

fn charge(store: &Store, lease_id: i64, period: &str, kind: ChargeKind, yuan: i64, due: &str) -> i64 {
    let mut c =
        Charge { id: 0, lease_id, period: period.into(), kind, amount_fen: yuan * 100, due_date: day(due) };
    store.repo::<Charge>().create(&mut c).unwrap()
}

fn pay(store: &Store, charge_id: i64, yuan: i64, on: &str, receipt: &str) {
    let mut p = Payment {
        id: 0,
        charge_id,
        amount_fen: yuan * 100,
        paid_on: day(on),
        method: PaymentMethod::BankTransfer,
        receipt_no: receipt.into(),
    };
    store.repo::<Payment>().create(&mut p).unwrap();
}

fn dun(store: &Store, lease_id: i64, at_text: &str, mode: DunningMode) {
    let mut entry =
        Dunning {
            id: 0, lease_id, at: at(at_text), mode, note: "电话催缴".into(), operator: String::new()
        };
    store.repo::<Dunning>().create(&mut entry).unwrap();
}

/// Five units (450 m²): 1F-A01 100 m² let to 甲; 1F-A02 50 m² let to 丙 until 2026-08-01, then
/// terminated; 2F-B01 200 m² let to 乙 until 2026-12-20; 2F-B02 80 m² never let; 2F-B03 20 m²
/// reserved by 丁's draft lease.
fn mall() -> Mall {
    let store = memory_store();
    let a01 = add_unit(&store, "1F-A01", "1F", "1F A区", 100);
    let a02 = add_unit(&store, "1F-A02", "1F", "1F A区", 50);
    let b01 = add_unit(&store, "2F-B01", "2F", "2F B区", 200);
    add_unit(&store, "2F-B02", "2F", "2F B区", 80);
    let b03 = add_unit(&store, "2F-B03", "2F", "2F B区", 20);
    let jia = add_merchant(&store, "甲", Some("2026-11-01"));
    let yi = add_merchant(&store, "乙", Some("2026-12-23"));
    let bing = add_merchant(&store, "丙", Some("2026-12-24"));
    let ding = add_merchant(&store, "丁", None);
    let leases = store.repo::<Lease>();
    let mut l1 = lease(jia, a01, "2025-01-01", "2027-12-31");
    leases.create(&mut l1).unwrap();
    activate(&store, l1.id);
    let mut l2 = lease(yi, b01, "2026-01-01", "2026-12-20");
    leases.create(&mut l2).unwrap();
    activate(&store, l2.id);
    let mut l3 = lease(bing, a02, "2024-01-01", "2026-08-01");
    leases.create(&mut l3).unwrap();
    activate(&store, l3.id);
    leases.move_stage(l3.id, LeaseStage::Terminated, "商户撤场").unwrap();
    let mut l4 = lease(ding, b03, "2027-01-01", "2029-12-31");
    leases.create(&mut l4).unwrap();

    // 甲 owes 1,000 of rent aged exactly 30, 31, 60, 61, 90 and 91 days, and 300 of a
    // 400 management fee due yesterday; November's rent, due today, is paid.
    for (period, due) in [
        ("2026-03", "2026-08-24"),
        ("2026-04", "2026-08-25"),
        ("2026-05", "2026-09-23"),
        ("2026-06", "2026-09-24"),
        ("2026-07", "2026-10-23"),
        ("2026-08", "2026-10-24"),
    ] {
        charge(&store, l1.id, period, ChargeKind::Rent, 1000, due);
    }
    let fee = charge(&store, l1.id, "2026-11", ChargeKind::ManagementFee, 400, "2026-11-22");
    pay(&store, fee, 100, "2026-11-20", "R-001");
    let november = charge(&store, l1.id, "2026-11", ChargeKind::Rent, 1000, "2026-11-23");
    pay(&store, november, 1000, "2026-11-23", "R-002");
    // 乙 owes 200, ten days late; its September rent was paid in full.
    charge(&store, l2.id, "2026-11", ChargeKind::Rent, 200, "2026-11-13");
    let september = charge(&store, l2.id, "2026-09", ChargeKind::Rent, 500, "2026-10-09");
    pay(&store, september, 500, "2026-10-09", "R-003");
    dun(&store, l1.id, "2026-11-01T03:00:00Z", DunningMode::Letter);
    dun(&store, l1.id, "2026-11-20T03:00:00Z", DunningMode::Sms);
    Mall { store, jia_lease: l1.id, yi_lease: l2.id }
}

fn csv(report: &report::Report) -> Vec<Vec<String>> {
    report.rows.clone()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn occupancy_per_floor_and_zone_with_the_long_vacant_units() {
    let mall = mall();
    let report = report::occupancy::occupancy(&mall.store, d(), Lang::En).unwrap();
    assert_eq!(
        csv(&report),
        vec![
            strings(&["1F", "1F A区", "2", "150.0", "100.0", "0.0", "50.0", "33.3%", "1"]),
            strings(&["2F", "2F B区", "3", "300.0", "200.0", "20.0", "80.0", "26.7%", "1"]),
            strings(&["Total", "", "5", "450.0", "300.0", "20.0", "130.0", "28.9%", "2"]),
        ]
    );
    // The vacant list: never let first, then 1F-A02 empty since 2026-08-02 (114 days).
    assert!(report.text.contains("2F-B02"), "{}", report.text);
    let a02 = report.text.lines().find(|l| l.contains("1F-A02")).unwrap();
    assert!(a02.contains("2026-08-02") && a02.contains("114 !"), "{a02}");
    // In July, 丙 still held 1F-A02.
    let july = report::occupancy::occupancy(&mall.store, day("2026-07-01"), Lang::En).unwrap();
    assert_eq!(july.rows[2], strings(&["Total", "", "5", "450.0", "350.0", "20.0", "80.0", "17.8%", "1"]));
}

#[test]
fn arrears_age_at_exactly_thirty_and_thirty_one_days() {
    let mall = mall();
    let report = report::arrears::arrears(&mall.store, d(), Lang::En).unwrap();
    assert_eq!(
        csv(&report),
        vec![
            strings(&["甲", "rent", "1000.00", "2000.00", "2000.00", "1000.00", "6000.00", "2026-11-20 SMS"]),
            strings(&["甲", "management fee", "300.00", "0.00", "0.00", "0.00", "300.00", ""]),
            strings(&["乙", "rent", "200.00", "0.00", "0.00", "0.00", "200.00", "none"]),
            strings(&["Total", "", "1500.00", "2000.00", "2000.00", "1000.00", "6500.00", ""]),
        ]
    );
    // A day earlier every debt is a day younger: the 91-day charge moves back to 61–90, and
    // today's dunning letter has not been sent yet.
    let before = report::arrears::arrears(&mall.store, day("2026-11-19"), Lang::En).unwrap();
    assert_eq!(
        before.rows[0],
        strings(&["甲", "rent", "2000.00", "2000.00", "2000.00", "0.00", "6000.00", "2026-11-01 letter"])
    );
    // The fee was paid in part on the 20th: on the 19th it was not yet due.
    assert_eq!(before.rows.len(), 3, "{:?}", before.rows);
}

#[test]
fn arrears_list_the_biggest_debtor_first_whatever_its_number() {
    let mall = mall();
    // 乙, the later merchant, now owes 7,200 against 甲's 6,300.
    charge(&mall.store, mall.yi_lease, "2026-10", ChargeKind::Rent, 7000, "2026-11-13");
    let report = report::arrears::arrears(&mall.store, d(), Lang::En).unwrap();
    let order: Vec<(&str, &str)> = report.rows.iter().map(|r| (r[0].as_str(), r[6].as_str())).collect();
    assert_eq!(
        order,
        [("乙", "7200.00"), ("甲", "6000.00"), ("甲", "300.00"), ("Total", "13500.00")],
        "largest debt first"
    );
}

#[test]
fn collection_rate_per_floor_and_kind() {
    let mall = mall();
    let november = Period::Month { year: 2026, month: 11 };
    let report = report::arrears::collection(&mall.store, november, d(), Lang::En).unwrap();
    assert_eq!(
        csv(&report),
        vec![
            strings(&["all", "Total", "1600.00", "1100.00", "500.00", "68.8%"]),
            strings(&["floor", "1F", "1400.00", "1100.00", "300.00", "78.6%"]),
            strings(&["floor", "2F", "200.00", "0.00", "200.00", "0.0%"]),
            strings(&["charge kind", "rent", "1200.00", "1000.00", "200.00", "83.3%"]),
            strings(&["charge kind", "management fee", "400.00", "100.00", "300.00", "25.0%"]),
        ]
    );
    // Counting payments only up to the 22nd leaves out today's rent payment.
    let earlier = report::arrears::collection(&mall.store, november, day("2026-11-22"), Lang::En).unwrap();
    assert_eq!(earlier.rows[0], strings(&["all", "Total", "1600.00", "100.00", "1500.00", "6.3%"]));
    // A period without charges prints "—", not an error.
    let empty =
        report::arrears::collection(&mall.store, Period::Year { year: 2020 }, d(), Lang::ZhCn).unwrap();
    assert!(empty.rows.is_empty() && empty.text.ends_with("  —\n"), "{}", empty.text);
}

#[test]
fn expiring_leases_carry_their_band_and_renewal() {
    let mall = mall();
    let settings = Settings::default();
    let report = report::expiry::expiring(&mall.store, &settings, d(), Lang::ZhCn).unwrap();
    assert_eq!(report.rows.len(), 1, "{:?}", report.rows);
    assert_eq!(report.rows[0][4..6], strings(&["27", "≤30天"]));
    assert_eq!(report.rows[0][7], "未续签");
    // Renewed: the new draft's number shows on the old lease's line.
    let old = mall.store.repo::<Lease>().get(mall.yi_lease).unwrap();
    let terms = Lease { start_date: day("2026-12-21"), end_date: day("2029-12-20"), ..old };
    let successor = mall.store.repo::<Lease>().renew(mall.yi_lease, &terms).unwrap();
    let report = report::expiry::expiring(&mall.store, &settings, d(), Lang::En).unwrap();
    assert_eq!(report.rows[0][7], successor.number);
    // Next October: 甲's lease is 77 days from its end (≤ 90), 乙's is past its end and still
    // active, so it shows as ended, first.
    let later = report::expiry::expiring(&mall.store, &settings, day("2027-10-15"), Lang::En).unwrap();
    let bands: Vec<(&str, &str)> = later.rows.iter().map(|r| (r[4].as_str(), r[5].as_str())).collect();
    assert_eq!(bands, vec![("-299", "ended"), ("77", "≤ 90 d")]);
    assert!(mall.jia_lease > 0);
}

#[test]
fn licences_expired_or_within_the_warning_days() {
    let mall = mall();
    let settings = Settings::default();
    let report = report::expiry::licences(&mall.store, &settings, d(), Lang::ZhCn).unwrap();
    let lines: Vec<(&str, &str, &str, &str)> =
        report.rows.iter().map(|r| (r[0].as_str(), r[4].as_str(), r[5].as_str(), r[6].as_str())).collect();
    // 丙's licence runs out in 31 days: outside the 30-day warning.
    assert_eq!(lines, vec![("甲", "-22", "! 已过期", "1F-A01"), ("乙", "30", "即将到期", "2F-B01")]);
    assert!(report.text.contains("1 家商户未登记证照有效期"), "{}", report.text);
}

#[test]
fn report_headers_follow_the_language() {
    let mall = mall();
    let zh = report::arrears::arrears(&mall.store, d(), Lang::ZhCn).unwrap();
    assert_eq!(
        zh.header,
        strings(&["商户", "类别", "0–30天", "31–60天", "61–90天", "90天以上", "合计", "最近催缴"])
    );
    let en = report::occupancy::occupancy(&mall.store, d(), Lang::En).unwrap();
    assert_eq!(en.header[..3], strings(&["Floor", "Zone", "Units"]));
    for line in zh.text.lines().chain(en.text.lines()) {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{line}");
    }
}

#[test]
fn the_leases_tab_lists_those_in_arrears_and_shows_the_expiry_band() {
    use malldesk::ui::Named;
    let mall = mall();
    let jia = mall.store.repo::<Lease>().get(mall.jia_lease).unwrap().merchant_id;
    let mut case = Complaint { merchant_id: Some(jia), ..complaint("店员态度差") };
    mall.store.repo::<Complaint>().create(&mut case).unwrap();
    let mut app = common::desk::desk(mall.store, Lang::En, (140, 40));
    // The complaint's merchant carries the licence flag too.
    common::desk::press(&mut app, Named::Tab3);
    common::desk::press(&mut app, Named::Filter);
    let detail = app.current().detail.clone().unwrap();
    let merchant = detail.fields.iter().find(|(k, _)| k == "Merchant").map(|(_, v)| v.clone());
    assert_eq!(merchant.as_deref(), Some("甲 !"), "{:?}", detail.fields);
    common::desk::press(&mut app, Named::Tab2);
    let merchants = |app: &malldesk::ui::App| -> Vec<String> {
        app.current().list.rows.iter().map(|r| r.cells[1].clone()).collect()
    };
    // Live, by end date: 乙, 甲 (licence expired: marked; 乙's runs out in 31 days, not
    // yet within the 30-day warning on the desk's day, 2026-11-22) and 丁's draft.
    assert_eq!(merchants(&app), strings(&["乙", "甲 !", "丁"]));
    let yi = &app.current().list.rows[0];
    assert_eq!(yi.cells.last().unwrap(), "≤ 30 d", "{yi:?}");
    assert!(yi.alert);
    common::desk::press(&mut app, Named::Filter);
    assert_eq!(app.tab.source().quick_filters(Lang::En)[app.current().filter.quick], "In arrears");
    assert_eq!(merchants(&app), strings(&["乙", "甲 !"]));
    assert_eq!(app.current().list.total, 2);
    common::desk::press(&mut app, Named::Filter);
    assert_eq!(app.current().list.total, 4, "all: the terminated lease too");
}

#[test]
fn monthly_scores_rank_with_ties_and_mark_the_bottom() {
    use malldesk::domain::meeting::{AttendanceStatus, Deduction, Meeting};
    use malldesk::store::meetings::AttendanceFilter;
    let mall = mall();
    let store = &mall.store;
    let mut ids = Vec::new();
    for (code, brand) in [("3F-C01", "戊"), ("3F-C02", "己")] {
        let u = add_unit(store, code, "3F", "3F C区", 60);
        let m = add_merchant(store, brand, None);
        let mut l = lease(m, u, "2026-01-01", "2028-12-31");
        store.repo::<Lease>().create(&mut l).unwrap();
        activate(store, l.id);
        ids.push(m);
    }
    let merchant_id = |brand: &str| store.repo::<Merchant>().named(brand).unwrap()[0].id;
    // Two all-zone briefings in November and one in December (not counted).
    let sign_ins = |starts: &str, statuses: &[(&str, AttendanceStatus)]| {
        let mut m = Meeting { starts_at: at(starts), ..meeting(None) };
        store.repo::<Meeting>().create(&mut m).unwrap();
        store.repo::<Meeting>().generate_roster(m.id).unwrap();
        let filter = AttendanceFilter { meeting_id: Some(m.id), ..Default::default() };
        let lines = store
            .repo::<malldesk::domain::meeting::Attendance>()
            .page(&filter, &malldesk::store::PageRequest::first(50))
            .unwrap()
            .rows;
        for (brand, status) in statuses {
            let line = lines.iter().find(|l| l.merchant_id == Some(merchant_id(brand))).unwrap();
            store.repo::<Meeting>().sign_in(line.id, *status, "店长", "", false).unwrap();
        }
    };
    use AttendanceStatus::*;
    sign_ins("2026-11-03T00:45:00Z", &[("甲", Present), ("乙", Late), ("戊", Unexcused), ("己", LeftEarly)]);
    sign_ins("2026-11-10T00:45:00Z", &[("甲", Present), ("乙", Present), ("戊", Present), ("己", Late)]);
    sign_ins("2026-12-01T00:45:00Z", &[("甲", Unexcused)]);
    let deduct = |brand: &str, on: &str, tenths: i64, reason: &str| {
        let mut d = Deduction {
            id: 0,
            merchant_id: merchant_id(brand),
            on_day: day(on),
            points_tenths: tenths,
            reason: reason.into(),
            operator: String::new(),
        };
        store.repo::<Deduction>().create(&mut d).unwrap();
    };
    let audited = rows(store, "audit_log");
    deduct("乙", "2026-11-15", 5, "占用消防通道");
    assert_eq!(rows(store, "audit_log"), audited + 1, "a deduction is audited");
    deduct("甲", "2026-10-31", 20, "十月的扣分");
    // 丙 left in August but was fined in November: it is ranked too.
    deduct("丙", "2026-11-20", 20, "撤场后未清理铺位");

    let november = Period::Month { year: 2026, month: 11 };
    let settings = Settings::default();
    let report = report::ranking::report(store, &settings, november, Lang::En).unwrap();
    let lines: Vec<Vec<String>> = report.rows.clone();
    assert_eq!(
        lines,
        vec![
            strings(&["1", "甲", "0.0", "0.0", "100.0", ""]),
            strings(&["2", "乙", "-0.5", "-0.5", "99.0", "▼ bottom"]),
            strings(&["2", "己", "-1.0", "0.0", "99.0", "▼ bottom"]),
            strings(&["2", "戊", "-1.0", "0.0", "99.0", "▼ bottom"]),
            strings(&["5", "丙", "0.0", "-2.0", "98.0", "▼ bottom"]),
        ],
        "the three lowest are 98, 99 and 99: all tied on 99 are marked"
    );
    let one = Settings {
        meetings: malldesk::config::MeetingSettings { ranking_bottom: 1, ..settings.meetings.clone() },
        ..settings.clone()
    };
    let marked: Vec<String> = report::ranking::report(store, &one, november, Lang::En)
        .unwrap()
        .rows
        .iter()
        .filter(|r| !r[5].is_empty())
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(marked, strings(&["丙"]));
    let detail =
        report::ranking::merchant_report(store, &settings, november, merchant_id("乙"), Lang::En).unwrap();
    assert_eq!(
        detail.rows,
        vec![
            strings(&["2026-11-03", "morning briefing · late", "-0.5"]),
            strings(&["2026-11-15", "占用消防通道", "-0.5"]),
        ]
    );
    assert!(detail.text.contains("Score 99.0, rank 2 of 5."), "{}", detail.text);
    assert!(ids.len() == 2);
}

#[test]
fn the_leases_tab_shows_the_vacant_units_over_the_desk() {
    use malldesk::ui::{Action, Named};
    let mall = mall();
    let mut app = common::desk::desk(mall.store, Lang::ZhCn, (120, 30));
    common::desk::press(&mut app, Named::Tab3);
    common::desk::press(&mut app, Named::Vacant);
    assert!(app.overlay.is_none(), "only on the Leases tab");
    assert_eq!(app.message.as_ref().unwrap().text, "空置铺位在“租赁合同”页查看（v）。");
    common::desk::press(&mut app, Named::Tab2);
    common::desk::press(&mut app, Named::Vacant);
    let view = app.overlay.clone().expect("the vacant units view");
    assert!(view.title.starts_with("2026-11-22 空置铺位 2 个"), "{}", view.title);
    // Never let first, then 1F-A02 (empty since 2026-08-02: 113 days on the desk's day).
    assert!(view.lines[1].contains("2F-B02") && view.lines[1].contains("从未出租"), "{:?}", view.lines);
    assert!(view.lines[2].contains("1F-A02") && view.lines[2].contains("113 !"), "{:?}", view.lines);
    // It scrolls, keeps the desk underneath still, and Esc closes it.
    let selected = app.current().list.selected;
    common::desk::press(&mut app, Named::Down);
    app.update(Action::Wheel(1));
    assert_eq!(app.overlay.as_ref().unwrap().scroll, 2, "never past the last line");
    assert_eq!(app.current().list.selected, selected);
    common::desk::press(&mut app, Named::Close);
    assert!(app.overlay.is_none());
    // Drawn at the smallest size without a panic.
    let mut small = app;
    small.update(Action::Resize { width: 80, height: 24 });
    common::desk::press(&mut small, Named::Vacant);
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|frame| malldesk::ui::view::draw(frame, &small)).unwrap();
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(screen.contains("2F-B02"), "{screen}");
}
