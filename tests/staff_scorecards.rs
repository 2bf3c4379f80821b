//! Quarterly staff scorecards on a hand-counted fixture: operations staff judged on their
//! zone's collection rate (one quarter below, two below: a warning, three: a dismissal review),
//! a leasing member with no signings, and people with nothing to measure.

mod common;

use common::*;
use malldesk::config::Settings;
use malldesk::domain::kpi::Period;
use malldesk::domain::lease::{Charge, ChargeKind, Lease, Payment, PaymentMethod};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::domain::unit::Unit;
use malldesk::report;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;

fn person(store: &Store, name: &str, role: StaffRole, department: Department, zone: &str) -> i64 {
    let mut s = Staff { department, zone: zone.into(), ..staff(name, role) };
    store.repo::<Staff>().create(&mut s).unwrap()
}

/// A lease on a unit of `floor` with one rent charge per (period, due, paid).
fn billed(store: &Store, code: &str, floor: &str, charges: &[(&str, &str, i64)]) {
    let mut u = Unit { floor: floor.into(), ..unit(code, &format!("{floor} A区")) };
    store.repo::<Unit>().create(&mut u).unwrap();
    let mut m = merchant(&format!("商户{code}"));
    store.repo::<Merchant>().create(&mut m).unwrap();
    let mut l = lease(m.id, u.id, "2026-01-01", "2027-12-31");
    store.repo::<Lease>().create(&mut l).unwrap();
    activate(store, l.id);
    for (n, (period, due, paid)) in charges.iter().enumerate() {
        let mut c = Charge {
            id: 0,
            lease_id: l.id,
            period: period.to_string(),
            kind: ChargeKind::Rent,
            amount_fen: 100_000,
            due_date: day(due),
        };
        store.repo::<Charge>().create(&mut c).unwrap();
        if *paid > 0 {
            let mut p = Payment {
                id: 0,
                charge_id: c.id,
                amount_fen: paid * 100,
                paid_on: day(due),
                method: PaymentMethod::Cash,
                receipt_no: format!("{code}-{n}"),
            };
            store.repo::<Payment>().create(&mut p).unwrap();
        }
    }
}

/// Each person's cells of one section, from the long-form CSV.
fn line(report: &report::Report, section: &str, name: &str) -> Vec<String> {
    report.rows.iter().filter(|r| r[0] == section && r[1] == name).map(|r| r[3].clone()).collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn two_quarters_below_warn_and_three_call_for_review() {
    let store = memory_store();
    // 1F collected 100 % in Q2, 90 % in Q3, 80 % in Q4; 2F 50 %, 0 %, 94 % (target 95 %).
    billed(
        &store,
        "1F-A01",
        "1F",
        &[("2026-05", "2026-05-05", 1000), ("2026-08", "2026-08-05", 900), ("2026-11", "2026-11-05", 800)],
    );
    billed(
        &store,
        "2F-A01",
        "2F",
        &[("2026-05", "2026-05-05", 500), ("2026-08", "2026-08-05", 0), ("2026-11", "2026-11-05", 940)],
    );
    person(&store, "营运一楼", StaffRole::Supervisor, Department::Operations, "1F");
    person(&store, "营运二楼", StaffRole::Supervisor, Department::Operations, "2F");
    person(&store, "营运三楼", StaffRole::Supervisor, Department::Operations, "3F");
    person(&store, "营运全场", StaffRole::Manager, Department::Operations, "");
    person(&store, "招商新人", StaffRole::Leasing, Department::Leasing, "");
    person(&store, "客服小王", StaffRole::Clerk, Department::Service, "");

    let q4 = Period::Quarter { year: 2026, quarter: 4 };
    let now = at("2027-01-15T02:00:00Z");
    let r = report::staff::scorecards(&store, &Settings::default(), q4, now, Lang::En).unwrap();
    let ops = "Operations staff: collection rate of their zone";
    assert_eq!(
        line(&r, ops, "营运一楼"),
        strings(&["1F", "1000.00", "800.00", "80.0% ✗", "95.0%", "90.0% ✗", "100.0%", "warning (2 qtrs)"])
    );
    assert_eq!(
        line(&r, ops, "营运二楼"),
        strings(&["2F", "1000.00", "940.00", "94.0% ✗", "95.0%", "0.0% ✗", "50.0% ✗", "review (3 qtrs)"])
    );
    assert_eq!(line(&r, ops, "营运三楼"), strings(&["3F", "0.00", "0.00", "—", "95.0%", "—", "—", ""]));
    assert_eq!(
        line(&r, ops, "营运全场"),
        strings(&[
            "whole mall",
            "2000.00",
            "1740.00",
            "87.0% ✗",
            "95.0%",
            "45.0% ✗",
            "75.0% ✗",
            "review (3 qtrs)"
        ])
    );
    // No signings against a target of one a month: three quarters below.
    let leasing = line(&r, "Leasing staff", "招商新人");
    assert_eq!(leasing[..3], strings(&["0", "3", "0.0% ✗"]));
    assert_eq!(leasing.last().unwrap(), "review (3 qtrs)");
    // No complaints handled: nothing measured, no flag.
    let service = line(&r, "Service staff: complaints handled on time", "客服小王");
    assert_eq!(service, strings(&["0", "0", "—", "95.0%", "—", "—", ""]));
    // The earlier quarters' columns are named after them.
    assert!(r.rows.iter().any(|row| row[2] == "2026-Q3"), "{:?}", r.rows);

    // Seen in the middle of Q4 (before the November rent fell due), Q4 has nothing billed yet.
    let early =
        report::staff::scorecards(&store, &Settings::default(), q4, at("2026-10-20T02:00:00Z"), Lang::En)
            .unwrap();
    assert_eq!(line(&early, ops, "营运一楼")[1..4], strings(&["0.00", "0.00", "—"]));
}

#[test]
fn a_service_member_is_measured_on_the_complaints_they_handled_in_time() {
    use malldesk::domain::complaint::{Complaint, ComplaintKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("mall.db"), "测试员").unwrap();
    let wang = person(&store, "客服小王", StaffRole::Clerk, Department::Service, "");
    let li = person(&store, "客服小李", StaffRole::Clerk, Department::Service, "");
    let conn = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    let case = |handler: i64, kind: ComplaintKind, received: &str, set: &str| {
        let mut c = Complaint { kind, received_at: at(received), ..complaint("测试") };
        store.repo::<Complaint>().create(&mut c).unwrap();
        let sql = format!("UPDATE complaints SET handler_id = ?{set} WHERE id = ?");
        conn.execute(&sql, [handler, c.id]).unwrap();
    };
    use ComplaintKind::{Complaint as Case, Repair};
    // 小王, within three days: resolved in two (on time), in four (late), found invalid and
    // closed the next day (on time), still open after twelve days (late), and still open with
    // a day left (not counted yet); a repair is no complaint.
    case(wang, Case, "2026-11-02T02:00:00Z", ", resolved_at = '2026-11-04T02:00:00Z'");
    case(wang, Case, "2026-11-05T02:00:00Z", ", resolved_at = '2026-11-09T02:00:00Z'");
    case(wang, Case, "2026-11-05T02:00:00Z", ", valid = 0, closed_at = '2026-11-06T02:00:00Z'");
    case(wang, Case, "2026-12-20T02:00:00Z", "");
    case(wang, Case, "2026-12-31T02:00:00Z", "");
    case(wang, Repair, "2026-11-02T02:00:00Z", ", resolved_at = '2026-11-20T02:00:00Z'");
    // 小李: one, on time.
    case(li, Case, "2026-11-10T02:00:00Z", ", resolved_at = '2026-11-10T08:00:00Z'");
    let q4 = Period::Quarter { year: 2026, quarter: 4 };
    let r = report::staff::scorecards(&store, &Settings::default(), q4, at("2027-01-02T02:00:00Z"), Lang::En)
        .unwrap();
    let service = "Service staff: complaints handled on time";
    assert_eq!(line(&r, service, "客服小王")[..4], strings(&["4", "2", "50.0% ✗", "95.0%"]));
    assert_eq!(line(&r, service, "客服小李")[..4], strings(&["1", "1", "100.0%", "95.0%"]));
}
