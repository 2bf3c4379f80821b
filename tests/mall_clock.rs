//! One clock, the mall's: the store reads days in the zone kept in the database, whatever the
//! machine's zone (issue "Never block, never lose", item 8).

mod common;

use common::*;
use malldesk::domain::clock::MallClock;
use malldesk::domain::complaint::Complaint;
use malldesk::domain::kpi::Period;
use malldesk::domain::lease::Lease;
use malldesk::domain::meeting::Meeting;
use malldesk::domain::merchant::Merchant;
use malldesk::domain::unit::Unit;

fn shanghai() -> MallClock {
    MallClock::parse("Asia/Shanghai").unwrap()
}

/// 17:00 UTC on the 22nd is 01:00 on the 23rd in Shanghai: the case is numbered on the mall's day.
#[test]
fn a_case_is_numbered_on_the_malls_day() {
    let mut store = memory_store();
    store.set_clock(shanghai()).unwrap();
    let mut late = Complaint { received_at: at("2026-11-22T17:00:00Z"), ..complaint("夜间报修") };
    store.repo::<Complaint>().create(&mut late).unwrap();
    assert_eq!(late.number, "TS-20261123-0001");
    let mut utc = memory_store();
    let mut same = Complaint { received_at: at("2026-11-22T17:00:00Z"), ..complaint("夜间报修") };
    utc.set_clock(MallClock::default()).unwrap();
    utc.repo::<Complaint>().create(&mut same).unwrap();
    assert_eq!(same.number, "TS-20261122-0001", "a mall on UTC numbers it on the 22nd");
}

/// A briefing at 07:30 on 1 December in Shanghai is 23:30 UTC on 30 November; the lease that
/// starts on 1 December runs on the mall's day of the briefing, so its merchant is listed.
#[test]
fn the_roster_day_is_the_malls_day() {
    let mut store = memory_store();
    store.set_clock(shanghai()).unwrap();
    let mut unit = unit("2F-A01", "2F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut shop = merchant("新店");
    store.repo::<Merchant>().create(&mut shop).unwrap();
    let mut l = lease(shop.id, unit.id, "2026-12-01", "2028-11-30");
    store.repo::<Lease>().create(&mut l).unwrap();
    activate(&store, l.id);
    let mut briefing = Meeting { starts_at: at("2026-11-30T23:30:00Z"), ..meeting(Some("2F A区")) };
    store.repo::<Meeting>().create(&mut briefing).unwrap();
    assert_eq!(store.repo::<Meeting>().generate_roster(briefing.id).unwrap(), 1);
}

/// Report periods start at the mall's midnight: November in Shanghai begins at 16:00 UTC on
/// 31 October.
#[test]
fn report_periods_start_at_the_malls_midnight() {
    let (from, until) = malldesk::report::instants(shanghai(), Period::month_of(day("2026-11-05")));
    assert_eq!((from, until), (at("2026-10-31T16:00:00Z"), at("2026-11-30T16:00:00Z")));
}

/// Changing the zone is a write: audited, and refused on a read-only desk.
#[test]
fn changing_the_zone_is_audited_and_refused_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    let mut store = malldesk::store::Store::open_with_zone(&path, "王主管", Some(shanghai())).unwrap();
    assert_eq!(store.clock(), shanghai());
    store.set_clock(MallClock::parse("Europe/Berlin").unwrap()).unwrap();
    assert_eq!(rows(&store, "audit_log"), 2, "creation and change each audited");
    drop(store);
    let mut reader = malldesk::store::Store::open_read_only(&path).unwrap();
    assert_eq!(reader.clock().name(), "Europe/Berlin");
    assert!(matches!(reader.set_clock(shanghai()), Err(malldesk::store::StoreError::ReadOnly)));
    let reopened = malldesk::store::Store::open_with_zone(&path, "王主管", Some(shanghai())).unwrap();
    assert_eq!(reopened.clock().name(), "Europe/Berlin", "an existing file keeps its zone");
}
