//! Demo data: deterministic for a seed and day, and it touches every stage and status.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use malldesk::demo::{self, DemoSize};
use malldesk::domain::callback::CallbackStatus;
use malldesk::domain::complaint::{ComplaintKind, ComplaintStep};
use malldesk::domain::lease::LeaseStage;
use malldesk::domain::meeting::AttendanceStatus;
use malldesk::domain::prospect::ProspectStage;
use malldesk::store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn small(seed: u64) -> Store {
    let store = Store::open_in_memory("演示").unwrap();
    demo::generate(&store, DemoSize::Small, seed, today()).unwrap();
    store
}

/// Every row of the record tables, as text, in id order.
fn dump(store: &Store) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE '%chars%' AND name NOT LIKE 'sqlite%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).unwrap();
        let columns = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join("|")));
        }
    }
    rows
}

fn codes(store: &Store, sql: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("codes.db");
    store.backup_to(&copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let first = dump(&small(42));
    let second = dump(&small(42));
    assert!(first.len() > 5000, "a lively mall: {} rows", first.len());
    assert!(first == second, "same seed, same data");
    let other = dump(&small(43));
    assert!(first != other, "another seed, other data");
}

#[test]
fn small_demo_touches_every_stage_and_status() {
    let store = small(2026);
    let all = |values: Vec<&'static str>| values.into_iter().map(String::from).collect::<BTreeSet<_>>();
    assert_eq!(
        codes(&store, "SELECT DISTINCT stage FROM prospects"),
        all(ProspectStage::all().map(|s| s.code()).collect())
    );
    assert_eq!(
        codes(&store, "SELECT DISTINCT stage FROM leases"),
        all(LeaseStage::all().map(|s| s.code()).collect())
    );
    assert_eq!(
        codes(&store, "SELECT DISTINCT step FROM complaints"),
        all(ComplaintStep::all().map(|s| s.code()).collect())
    );
    assert_eq!(
        codes(&store, "SELECT DISTINCT kind FROM complaints"),
        all(ComplaintKind::all().map(|s| s.code()).collect())
    );
    assert_eq!(
        codes(&store, "SELECT DISTINCT status FROM callbacks"),
        all(CallbackStatus::all().map(|s| s.code()).collect())
    );
    assert_eq!(
        codes(&store, "SELECT DISTINCT status FROM attendance"),
        all(AttendanceStatus::all().map(|s| s.code()).collect())
    );
    // Today's work exists: open cases, some overdue, callbacks due, meetings ahead.
    assert!(
        !codes(
            &store,
            "SELECT number FROM complaints WHERE step != 'closed' AND due_at < '2026-11-22T02:00:00Z'"
        )
        .is_empty()
    );
    assert!(
        !codes(
            &store,
            "SELECT brand FROM prospects WHERE first_contact_at IS NULL AND registered_at < '2026-11-15'"
        )
        .is_empty()
    );
    assert!(!codes(&store, "SELECT starts_at FROM meetings WHERE starts_at > '2026-11-22'").is_empty());
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn demo_refuses_a_database_that_holds_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real.db");
    demo::create(&path, DemoSize::Small, 1, today(), "演示").unwrap();
    let before = std::fs::read(&path).unwrap();
    let error = demo::create(&path, DemoSize::Small, 2, today(), "演示").unwrap_err();
    assert!(error.to_string().contains("already holds records"), "{error}");
    assert!(std::fs::read(&path).unwrap() == before);
}

#[test]
fn complaints_about_a_merchant_name_the_unit_it_leased_at_the_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    demo::create(&path, DemoSize::Small, 2026, today(), "演示").unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let about_merchant: i64 = conn
        .query_row("SELECT count(*) FROM complaints WHERE merchant_id IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    let elsewhere: Vec<String> = conn
        .prepare(
            "SELECT c.number FROM complaints c WHERE c.merchant_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM leases l WHERE l.merchant_id = c.merchant_id AND l.unit_id = c.unit_id
                   AND l.start_date <= substr(c.received_at, 1, 10) AND substr(c.received_at, 1, 10) <= l.end_date)",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(about_merchant > 100, "most demo complaints are about a merchant: {about_merchant}");
    assert!(elsewhere.is_empty(), "complaints naming a unit their merchant did not lease: {elsewhere:?}");
}

/// The demo tells a story a supervisor recognises: past months mostly meet the house targets,
/// with a few misses; the effective complaint rate stays below 1 % for the year.
#[test]
fn past_months_mostly_meet_the_targets() {
    use malldesk::domain::kpi::Period;
    let store = small(2026);
    let settings = malldesk::config::Settings::default();
    let mut met = std::collections::BTreeMap::<&str, (u32, u32)>::new();
    // The eleven whole months before the demo's month.
    for back in 1..=11 {
        let day = today().with_day(1).unwrap() - chrono::Months::new(back);
        let period = Period::Month { year: day.year(), month: day.month() };
        for kpi in malldesk::report::kpi::kpis(&store, &settings, period).unwrap() {
            let entry = met.entry(kpi.code).or_default();
            entry.1 += 1;
            if kpi.met() == Some(true) {
                entry.0 += 1;
            }
        }
    }
    for (code, (hits, months)) in &met {
        assert_eq!(*months, 11, "{code}");
        assert!(*hits >= 8, "{code} met in only {hits} of 11 past months: {met:?}");
    }
    let misses: u32 = met.values().map(|(hits, months)| months - hits).sum();
    assert!(misses >= 2, "a few misses make the months differ: {met:?}");
    let year = malldesk::report::kpi::kpis(&store, &settings, Period::Year { year: 2026 }).unwrap();
    assert_eq!(year[0].code, "effective_complaint_rate");
    assert_eq!(year[0].met(), Some(true), "{:?}", year[0]);
}

/// No record contradicts itself: steps and calls happen in order, and few merchants owe for long.
#[test]
fn records_follow_each_other_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    demo::create(&path, DemoSize::Small, 2026, today(), "演示").unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count(
            "SELECT count(*) FROM callback_attempts a JOIN callback_attempts r ON r.callback_id = a.callback_id
             WHERE r.result = 'reached' AND a.result <> 'reached' AND a.at > r.at"
        ),
        0,
        "a failed try after the call that reached the party"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM complaint_steps s JOIN complaints c ON c.id = s.complaint_id
             WHERE s.at < c.received_at"
        ),
        0,
        "a step before the case was received"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM complaint_steps a JOIN complaint_steps b
               ON b.complaint_id = a.complaint_id AND b.id > a.id WHERE b.at < a.at"
        ),
        0,
        "a later step recorded before an earlier one"
    );
    let merchants = count("SELECT count(*) FROM merchants");
    let owing_long = count(
        "SELECT count(DISTINCT l.merchant_id) FROM charges ch JOIN leases l ON l.id = ch.lease_id
         WHERE ch.due_date < date('2026-11-22', '-60 days')
           AND ch.amount_fen > (SELECT coalesce(sum(p.amount_fen), 0) FROM payments p WHERE p.charge_id = ch.id)",
    );
    assert!(owing_long * 10 < merchants, "{owing_long} of {merchants} merchants over 60 days in arrears");
}

/// Ctrl-C while the demo is made (the progress answers "stop") leaves no file behind: neither
/// the half-made temporary database nor a database at the path asked for.
#[test]
fn a_stopped_demo_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut batches = 0;
    let made = demo::create_with_progress(&path, DemoSize::Small, 7, today(), "演示", &mut |_, _, _| {
        batches += 1;
        batches < 3
    });
    assert!(made.is_err(), "a stopped demo reports it was not made");
    assert_eq!(batches, 3, "the demo stops at the first batch after the stop");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}
