//! Demo data: deterministic for a seed and day, and it touches every stage and status.

use std::collections::BTreeSet;

use chrono::NaiveDate;
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
