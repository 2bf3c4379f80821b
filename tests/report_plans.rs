//! Reports on indexes (issue "Never block, never lose", item 2): every statement the reports
//! and the tab figures run reads a range an index serves — no full scan of complaints,
//! callbacks, attempts, charges, payments or attendance. The statements are recorded while the
//! reports run on the demo, then each one's plan is read with `EXPLAIN QUERY PLAN`.

mod common;

use malldesk::config::Settings;
use malldesk::domain::kpi::Period;
use malldesk::report;
use malldesk::store::Store;
use malldesk::ui::i18n::Lang;

/// The big tables: a period's report must never walk the whole of one.
const BIG: &[&str] = &[
    "complaints",
    "complaint_steps",
    "callbacks",
    "callback_attempts",
    "charges",
    "payments",
    "attendance",
    "audit_log",
];

/// The table a `SCAN x` line names, through the statement's aliases (`complaints c`).
fn scanned_table<'a>(sql: &'a str, line: &'a str) -> Option<&'a str> {
    let rest = line.strip_prefix("SCAN ")?;
    let name = rest.split_whitespace().next()?;
    if BIG.contains(&name) {
        return Some(name);
    }
    BIG.iter()
        .find(|table| {
            let words: Vec<&str> = sql.split_whitespace().collect();
            words.windows(2).any(|w| w[0] == **table && w[1].trim_end_matches(',') == name)
        })
        .copied()
}

#[test]
fn every_report_query_reads_an_indexed_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::desk::demo_file(dir.path());
    let store = Store::open_read_only(&path).unwrap();
    let settings = Settings::default();
    let month: Period = "2026-11".parse().unwrap();
    let year: Period = "2026".parse().unwrap();

    store.record_statements(true);
    for period in [month, year] {
        report::kpi::kpis(&store, &settings, period).unwrap();
        report::service::classification(&store, period, Lang::ZhCn).unwrap();
        report::service::register(&store, period, Lang::ZhCn).unwrap();
        report::service::summary(&store, period, Lang::ZhCn).unwrap();
        report::service::unreachable_list(&store, period, Lang::ZhCn).unwrap();
    }
    store.complaint_warnings(common::at("2026-10-23T00:00:00Z"), 3).unwrap();
    store.record_statements(false);

    // The detector sees a scan where there is one (through an alias too).
    let unindexed = "SELECT count(*) FROM complaints c WHERE c.content = 'x'";
    let plan = store.query_plan(unindexed).unwrap();
    assert_eq!(plan.iter().find_map(|line| scanned_table(unindexed, line)), Some("complaints"), "{plan:?}");

    let statements = Store::recorded_statements();
    assert!(statements.len() >= 20, "the reports ran their queries: {statements:#?}");
    assert!(statements.iter().any(|s| s.contains("FROM complaints")));
    assert!(statements.iter().any(|s| s.contains("FROM callbacks")));
    let mut scans = Vec::new();
    for sql in statements.iter().filter(|s| !s.starts_with("PRAGMA")) {
        for line in store.query_plan(sql).unwrap() {
            if let Some(table) = scanned_table(sql, &line) {
                scans.push(format!("{table}: {line}\n    in {sql}"));
            }
        }
    }
    scans.sort();
    scans.dedup();
    assert!(scans.is_empty(), "full scans of big tables:\n{}", scans.join("\n"));
}
