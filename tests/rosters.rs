//! Right rosters: staff meetings list staff, a merchant is expected only while its lease runs on
//! the meeting's day, an empty roster says why, and a second sign-in replaces the first only when
//! confirmed, keeping the first in the history (issue "Right money, right approvals, right
//! rosters", item 6).

mod common;

use common::*;
use malldesk::domain::meeting::{Attendance, AttendanceStatus, Meeting, MeetingKind};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::domain::unit::Unit;
use malldesk::store::meetings::AttendanceFilter;
use malldesk::store::{PageRequest, Store, StoreError};

fn roster(store: &Store, meeting_id: i64) -> Vec<Attendance> {
    store
        .repo::<Attendance>()
        .page(
            &AttendanceFilter { meeting_id: Some(meeting_id), ..Default::default() },
            &PageRequest::first(50),
        )
        .unwrap()
        .rows
}

fn shop(store: &Store, brand: &str, code: &str, start: &str, end: &str) {
    let mut unit = unit(code, "2F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut m = merchant(brand);
    store.repo::<Merchant>().create(&mut m).unwrap();
    let mut l = lease(m.id, unit.id, start, end);
    store.repo::<malldesk::domain::lease::Lease>().create(&mut l).unwrap();
    activate(store, l.id);
}

#[test]
fn the_weekly_joint_meeting_lists_leasing_and_operations_staff() {
    let store = memory_store();
    shop(&store, "甲店", "2F-A01", "2026-01-01", "2028-12-31");
    for (name, role, department) in [
        ("招商小李", StaffRole::Leasing, Department::Leasing),
        ("营运小张", StaffRole::Supervisor, Department::Operations),
        ("客服小王", StaffRole::Clerk, Department::Service),
    ] {
        store.repo::<Staff>().create(&mut Staff { department, ..staff(name, role) }).unwrap();
    }
    let mut gone =
        Staff { department: Department::Leasing, active: false, ..staff("离职小赵", StaffRole::Leasing) };
    store.repo::<Staff>().create(&mut gone).unwrap();
    let mut weekly = Meeting { kind: MeetingKind::WeeklyJoint, ..meeting(None) };
    store.repo::<Meeting>().create(&mut weekly).unwrap();
    store.repo::<Meeting>().generate_roster(weekly.id).unwrap();
    let names: Vec<String> = roster(&store, weekly.id).into_iter().map(|a| a.expected_name).collect();
    assert!(names.contains(&"招商小李".to_string()) && names.contains(&"营运小张".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n == "客服小王" || n == "离职小赵" || n.contains("甲店")), "{names:?}");
    assert!(roster(&store, weekly.id).iter().all(|a| a.staff_id.is_some() && a.merchant_id.is_none()));
    // The staff's own morning meeting lists every active staff member, the service desk too.
    let mut morning = Meeting { kind: MeetingKind::StaffMorning, ..meeting(None) };
    store.repo::<Meeting>().create(&mut morning).unwrap();
    store.repo::<Meeting>().generate_roster(morning.id).unwrap();
    let names: Vec<String> = roster(&store, morning.id).into_iter().map(|a| a.expected_name).collect();
    assert!(names.contains(&"客服小王".to_string()) && !names.contains(&"离职小赵".to_string()), "{names:?}");
}

#[test]
fn only_leases_running_on_the_meeting_day_put_a_merchant_on_the_roster() {
    let store = memory_store();
    shop(&store, "在营店", "2F-A01", "2026-01-01", "2028-12-31");
    shop(&store, "未开业店", "2F-A02", "2026-12-01", "2028-11-30");
    shop(&store, "已到期店", "2F-A03", "2024-01-01", "2026-10-31");
    let mut briefing = meeting(Some("2F A区")); // 2026-11-23
    store.repo::<Meeting>().create(&mut briefing).unwrap();
    assert_eq!(store.repo::<Meeting>().generate_roster(briefing.id).unwrap(), 1);
    assert_eq!(roster(&store, briefing.id)[0].expected_name, "在营店 2F-A01");
}

#[test]
fn an_empty_roster_says_why_in_the_interface_language() {
    let store = memory_store();
    shop(&store, "在营店", "2F-A01", "2026-01-01", "2028-12-31");
    let mut typo = meeting(Some("1FA区"));
    store.repo::<Meeting>().create(&mut typo).unwrap();
    match store.repo::<Meeting>().generate_roster(typo.id) {
        Err(StoreError::Refused(refusal)) => {
            let zh = refusal.message("zh-CN");
            assert!(zh.contains("1FA区") && zh.contains("2026-11-23"), "{zh}");
        }
        other => panic!("an empty roster must say why: {other:?}"),
    }
    assert!(roster(&store, typo.id).is_empty());
}

#[test]
fn a_second_sign_in_replaces_the_first_only_when_confirmed_and_keeps_it() {
    let store = memory_store();
    shop(&store, "在营店", "2F-A01", "2026-01-01", "2028-12-31");
    let mut briefing = meeting(None);
    store.repo::<Meeting>().create(&mut briefing).unwrap();
    store.repo::<Meeting>().generate_roster(briefing.id).unwrap();
    let line = roster(&store, briefing.id)[0].id;
    let meetings = store.repo::<Meeting>();
    meetings.sign_in(line, AttendanceStatus::Late, "小王", "堵车", false).unwrap();
    match meetings.sign_in(line, AttendanceStatus::Present, "小李", "", false) {
        Err(StoreError::Refused(refusal)) => assert_eq!(refusal.key, "already_signed_in"),
        other => panic!("a second sign-in must ask first: {other:?}"),
    }
    let kept = store.repo::<Attendance>().get(line).unwrap();
    assert_eq!((kept.attendee_name.as_str(), kept.note.as_str(), kept.penalty_tenths), ("小王", "堵车", 5));
    let replaced = meetings.sign_in(line, AttendanceStatus::Present, "小李", "", true).unwrap();
    assert_eq!((replaced.attendee_name.as_str(), replaced.penalty_tenths), ("小李", 0));
    let history = meetings.sign_in_history(line).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].attendee_name.as_str(), history[0].status, history[0].note.as_str()),
        ("小王", AttendanceStatus::Late, "堵车")
    );
}

/// Every meeting as (local day and time, zone, series), oldest first.
fn planned(store: &Store) -> Vec<(String, Option<String>, bool)> {
    let mut all = store
        .repo::<Meeting>()
        .page(&Default::default(), &PageRequest::first(100))
        .unwrap()
        .rows
        .into_iter()
        .map(|m| (store.clock().format(m.starts_at, "%Y-%m-%d %H:%M"), m.zone, m.series_id.is_some()))
        .collect::<Vec<_>>();
    all.sort();
    all
}

#[test]
fn weekly_series_plan_ahead_across_the_year_end_once_and_with_one_all_hands() {
    use malldesk::domain::meeting::Series;
    let store = memory_store();
    let series = |zone: &str| Series {
        id: 0,
        kind: MeetingKind::MorningBriefing,
        weekday: 2,
        local_time: chrono::NaiveTime::from_hms_opt(8, 45, 0).unwrap(),
        zone: Some(zone.into()),
        host: "王主管".into(),
        duration_min: 15,
        active: true,
    };
    let from = day("2026-12-21");
    let (_, a) = store.repo::<Series>().start(&mut series("2F A区"), from, 3).unwrap();
    let (_, b) = store.repo::<Series>().start(&mut series("3F B区"), from, 3).unwrap();
    assert_eq!((a, b), (4, 3), "the second series finds New Year's all-hands already planned");
    let zone = |z: &str| Some(z.to_string());
    assert_eq!(
        planned(&store),
        vec![
            ("2026-12-22 08:45".to_string(), zone("2F A区"), true),
            ("2026-12-22 08:45".to_string(), zone("3F B区"), true),
            ("2026-12-29 08:45".to_string(), zone("2F A区"), true),
            ("2026-12-29 08:45".to_string(), zone("3F B区"), true),
            ("2027-01-01 08:45".to_string(), None, true),
            ("2027-01-05 08:45".to_string(), zone("2F A区"), true),
            ("2027-01-05 08:45".to_string(), zone("3F B区"), true),
        ]
    );
    // Opening the desk again plans nothing twice; a longer horizon adds the next week only.
    assert_eq!(store.plan_meetings(from, 3).unwrap(), 0);
    assert_eq!(store.plan_meetings(from, 4).unwrap(), 2);
    assert_eq!(planned(&store).len(), 9);
    // Each planned meeting is audited like one typed in.
    assert!(rows(&store, "audit_log") >= 9 + 2);
}
