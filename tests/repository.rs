//! The repository layer against an in-memory database: every family round-trips, lists page
//! by keyset with every row exactly once, every write leaves an audit row, and a failed write
//! leaves nothing behind.

mod common;

use common::*;
use malldesk::domain::callback::{Attempt, AttemptResult, Callback, CallbackStatus, ContactMode};
use malldesk::domain::complaint::{Complaint, ComplaintStep, Satisfaction};
use malldesk::domain::lease::{
    Approval, ApproverRole, Charge, ChargeKind, Dunning, DunningMode, ExitChecklist, Lease, LeaseStage,
    Payment, PaymentMethod,
};
use malldesk::domain::meeting::{
    ActionItem, ActionStatus, AgendaItem, AgendaTopic, Attendance, AttendanceStatus, Meeting,
};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::{Interaction, InteractionMode, Prospect, ProspectStage, StageMove};
use malldesk::domain::staff::{Staff, StaffRole};
use malldesk::domain::unit::{Unit, UnitState};
use malldesk::store::audit::AuditEntry;
use malldesk::store::callbacks::IfUnsatisfied;
use malldesk::store::complaints::ComplaintFilter;
use malldesk::store::prospects::Signing;
use malldesk::store::{Entity, PageRequest, Store, StoreError};

/// Create → get → update → get → list → count, and the two audit rows.
fn round_trip<E: Entity + PartialEq + std::fmt::Debug>(
    store: &Store,
    mut record: E,
    change: impl FnOnce(&mut E),
) -> E {
    let repo = store.repo::<E>();
    let id = repo.create(&mut record).expect("create");
    assert!(id > 0);
    assert_eq!(repo.get(id).expect("get"), record, "{} reads back as written", E::NAME);
    change(&mut record);
    repo.update(&mut record).expect("update");
    let stored = repo.get(id).expect("get after update");
    assert_eq!(stored, record, "{} reads back as updated", E::NAME);
    let page = repo.page(&Default::default(), &PageRequest::first(50)).expect("page");
    assert!(page.rows.contains(&stored), "{} is listed", E::NAME);
    assert!(repo.count(&Default::default()).expect("count") >= 1);
    let history = store.history::<E>(id, 10).expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["update", "create"], "{} audit trail", E::NAME);
    assert!(history.iter().all(|h| h.operator == "测试员"));
    assert!(history[0].before.is_some() && history[0].after.is_some());
    assert!(history[1].before.is_none() && history[1].after.is_some());
    stored
}

/// [`round_trip`] after an earlier record of the same family, which the update must leave
/// alone: a record id mixed up with the first one's shows.
fn round_trip_after<E: Entity + PartialEq + std::fmt::Debug + Clone>(
    store: &Store,
    mut earlier: E,
    record: E,
    change: impl FnOnce(&mut E),
) -> E {
    store.repo::<E>().create(&mut earlier).unwrap();
    let stored = round_trip(store, record, change);
    assert_ne!(stored.id(), earlier.id());
    assert_eq!(store.repo::<E>().get(earlier.id()).unwrap(), earlier, "the earlier {} is untouched", E::NAME);
    stored
}

/// [`round_trip_after`] with a copy of `record` as the earlier one.
fn round_trip_second<E: Entity + PartialEq + std::fmt::Debug + Clone>(
    store: &Store,
    record: E,
    change: impl FnOnce(&mut E),
) -> E {
    round_trip_after(store, record.clone(), record, change)
}

#[test]
fn every_family_round_trips_with_audit() {
    let store = memory_store();
    let staff =
        round_trip_second(&store, common::staff("王芳", StaffRole::Leasing), |s| s.name = "王芳芳".into());
    assert_eq!(staff.phone.as_deref(), Some("13900001111"), "phone stored normalised");
    let unit = round_trip(&store, common::unit("2f-a12", "2F A区"), |u| u.area_dm2 = 15_000);
    assert_eq!(unit.code, "2F-A12");
    let merchant =
        round_trip_second(&store, common::merchant("茶语时光"), |m| m.contact = "李娜娜".into());
    assert_eq!(merchant.phone, "13800138000");
    let prospect = round_trip_second(&store, common::prospect("鹿角巷"), |p| p.notes = "改为二楼".into());
    round_trip_second(
        &store,
        Interaction {
            id: 0,
            prospect_id: prospect.id,
            at: at("2026-11-21T03:00:00Z"),
            mode: InteractionMode::Visit,
            summary: "到访看铺".into(),
            next_step: String::new(),
            staff_id: Some(staff.id),
        },
        |i| i.next_step = "报价".into(),
    );
    round_trip_second(
        &store,
        StageMove {
            id: 0,
            prospect_id: prospect.id,
            from_stage: ProspectStage::Potential,
            to_stage: ProspectStage::Intent,
            at: at("2026-11-21T03:00:00Z"),
            operator: "测试员".into(),
            reason: String::new(),
        },
        |m| m.reason = "有意向".into(),
    );
    let lease = round_trip(&store, common::lease(merchant.id, unit.id, "2026-12-01", "2029-11-30"), |l| {
        l.deposit_fen = 1
    });
    assert_eq!(lease.number, "HT-2026-0001");
    // A signature is written once and read back as given; it is never edited afterwards.
    let (handler_id, handler) = common::signers(&store)[0].clone();
    let mut approval = Approval {
        id: 0,
        lease_id: lease.id,
        role: ApproverRole::Handler,
        staff_id: Some(handler_id),
        approver: handler,
        at: at("2026-11-22T01:00:00Z"),
        decision: malldesk::domain::lease::ApprovalDecision::Approved,
        note: "同意".into(),
    };
    store.repo::<Approval>().create(&mut approval).unwrap();
    assert_eq!(store.repo::<Approval>().get(approval.id).unwrap(), approval);
    approval.note = "改过".into();
    assert!(matches!(store.repo::<Approval>().update(&mut approval), Err(StoreError::Refused(_))));
    let december = Charge {
        id: 0,
        lease_id: lease.id,
        period: "2026-12".into(),
        kind: ChargeKind::Rent,
        amount_fen: 3_000_000,
        due_date: day("2026-12-05"),
    };
    let fee = Charge { kind: ChargeKind::ManagementFee, amount_fen: 400_000, ..december.clone() };
    let charge = round_trip_after(&store, fee, december, |c| c.amount_fen = 2_900_000);
    let payment = Payment {
        id: 0,
        charge_id: charge.id,
        amount_fen: 1_000_000,
        paid_on: day("2026-12-04"),
        method: PaymentMethod::Wechat,
        receipt_no: "SJ001".into(),
    };
    let first = Payment { amount_fen: 500_000, receipt_no: "SJ000".into(), ..payment.clone() };
    round_trip_after(&store, first, payment, |p| p.receipt_no = "SJ002".into());
    round_trip_second(
        &store,
        Dunning {
            id: 0,
            lease_id: lease.id,
            at: at("2026-12-10T02:00:00Z"),
            mode: DunningMode::Phone,
            note: "催缴".into(),
            operator: "测试员".into(),
        },
        |d| d.mode = DunningMode::Letter,
    );
    round_trip(
        &store,
        ExitChecklist {
            id: 0,
            lease_id: lease.id,
            notice_given_on: Some(day("2029-09-30")),
            charges_settled_on: None,
            deposit_refunded_on: None,
            unit_inspected_on: None,
            note: String::new(),
            deposit_held_fen: 1,
            deposit_refunded_fen: None,
        },
        |e| e.unit_inspected_on = Some(day("2029-11-30")),
    );
    // The copy made first is the day's -0001.
    let case = round_trip_second(&store, common::complaint("鞋子开胶"), |c| {
        c.content = "鞋子开胶，要求退货".into()
    });
    assert!(case.number.starts_with("TS-") && case.number.ends_with("-0002"), "{}", case.number);
    assert!(case.due_at.is_some(), "a new case has its judging deadline");
    let callback = round_trip_second(&store, common::callback("张女士"), |c| c.key_customer = false);
    round_trip_second(
        &store,
        Attempt {
            id: 0,
            callback_id: callback.id,
            at: at("2026-11-23T02:00:00Z"),
            mode: ContactMode::Phone,
            result: AttemptResult::NoAnswer,
            call_later_at: None,
            note: String::new(),
            operator: "测试员".into(),
        },
        |a| a.note = "无人接听".into(),
    );
    let meeting =
        round_trip_second(&store, common::meeting(Some("2F A区")), |m| m.minutes = "强调消防".into());
    round_trip_second(
        &store,
        AgendaItem {
            id: 0,
            meeting_id: meeting.id,
            position: 1,
            topic: AgendaTopic::MallEvents,
            text: "双十二活动".into(),
        },
        |a| a.position = 2,
    );
    round_trip_second(
        &store,
        Attendance {
            id: 0,
            meeting_id: meeting.id,
            merchant_id: Some(merchant.id),
            staff_id: None,
            expected_name: "茶语时光 2F-A12".into(),
            attendee_name: String::new(),
            status: AttendanceStatus::Expected,
            penalty_tenths: 0,
            note: String::new(),
        },
        |a| a.attendee_name = "小李".into(),
    );
    let earlier = ActionItem {
        id: 0,
        meeting_id: meeting.id,
        text: "更换灯箱".into(),
        owner: "王强".into(),
        due_date: None,
        status: ActionStatus::Open,
        result: String::new(),
    };
    round_trip_after(
        &store,
        earlier,
        ActionItem {
            id: 0,
            meeting_id: meeting.id,
            text: "清理消防通道".into(),
            owner: "李娜".into(),
            due_date: Some(day("2026-11-30")),
            status: ActionStatus::Open,
            result: String::new(),
        },
        |a| a.status = ActionStatus::Done,
    );
}

#[test]
fn keyset_pages_return_every_row_once_in_order_with_ties() {
    let store = memory_store();
    // 23 cases at the same instant and 12 at another: the order falls back to id for ties.
    for n in 0..35 {
        let mut case = common::complaint(&format!("第{n}号投诉"));
        if n % 3 == 0 {
            case.received_at = at("2026-11-21T02:30:00Z");
        }
        store.repo::<Complaint>().create(&mut case).unwrap();
    }
    let repo = store.repo::<Complaint>();
    let filter = ComplaintFilter::default();
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut request = PageRequest::first(8);
    loop {
        let page = repo.page(&filter, &request).unwrap();
        seen.extend(page.rows.iter().map(|c| (c.received_at, c.id)));
        pages.push(page.rows.iter().map(|c| c.id).collect::<Vec<_>>());
        match page.next() {
            Some(next) => request = next,
            None => break,
        }
    }
    assert_eq!(seen.len(), 35);
    let mut expected = seen.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, expected, "newest first, ties by id");
    expected.dedup();
    assert_eq!(expected.len(), 35, "no row twice");

    // Paging back from the last page gives the same pages in reverse.
    let last = repo.page(&filter, &PageRequest::first(8)).unwrap();
    let mut forward = last.clone();
    while let Some(next) = forward.next() {
        forward = repo.page(&filter, &next).unwrap();
    }
    let mut back_pages = vec![forward.rows.iter().map(|c| c.id).collect::<Vec<_>>()];
    let mut back = forward;
    while let Some(previous) = back.previous() {
        back = repo.page(&filter, &previous).unwrap();
        back_pages.push(back.rows.iter().map(|c| c.id).collect());
    }
    back_pages.reverse();
    let flat_back: Vec<i64> = back_pages.concat();
    let flat_forward: Vec<i64> = pages.concat();
    assert_eq!(flat_back, flat_forward);
    assert!(!back.more_before);
}

#[test]
fn filters_and_search_narrow_the_list() {
    let store = memory_store();
    let repo = store.repo::<Complaint>();
    for content in ["鞋子开胶要求退货", "电梯停运", "奶茶里有异物", "退货被拒绝"] {
        repo.create(&mut common::complaint(content)).unwrap();
    }
    let mut other_phone = common::complaint("空调不制冷");
    other_phone.phone = Some("021-6234 5678".into());
    repo.create(&mut other_phone).unwrap();
    let search = |text: &str| {
        let filter = ComplaintFilter { text: text.into(), ..Default::default() };
        (repo.count(&filter).unwrap(), repo.page(&filter, &PageRequest::first(10)).unwrap().rows.len() as u64)
    };
    assert_eq!(search("退货"), (2, 2), "two-character Chinese falls back to LIKE");
    assert_eq!(search("要求退货"), (1, 1), "trigram search");
    assert_eq!(search("+86 021 62345678"), (1, 1), "landline in another format");
    assert_eq!(search("138 1234 5678"), (4, 4), "mobile with spaces");
    assert_eq!(search("TS-"), (5, 5), "record number prefix");
    assert_eq!(search("\"引号"), (0, 0), "quotes are text, not query syntax");
    assert_eq!(search("50%"), (0, 0), "LIKE wildcards are text");
}

#[test]
fn a_failed_write_leaves_no_partial_rows() {
    let store = memory_store();
    let result = store.write(|w| {
        w.insert(&mut common::staff("王芳", StaffRole::Clerk))?;
        let mut bad = common::merchant("坏数据");
        bad.phone = "12345".into();
        w.insert(&mut bad)?;
        Ok(())
    });
    assert!(matches!(result, Err(StoreError::Invalid(_))));
    assert_eq!(rows(&store, "staff"), 0);
    assert_eq!(rows(&store, "merchants"), 0);
    assert_eq!(rows(&store, "audit_log"), 0);
}

#[test]
fn a_unit_cannot_have_two_overlapping_live_leases_and_signing_is_all_or_nothing() {
    let store = memory_store();
    let mut unit = common::unit("1F-B01", "1F B区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut merchant = common::merchant("星光");
    store.repo::<Merchant>().create(&mut merchant).unwrap();
    store
        .repo::<Lease>()
        .create(&mut common::lease(merchant.id, unit.id, "2026-01-01", "2027-12-31"))
        .unwrap();
    let clash =
        store.repo::<Lease>().create(&mut common::lease(merchant.id, unit.id, "2027-06-01", "2028-12-31"));
    assert!(
        matches!(&clash, Err(StoreError::Refused(m)) if m.to_string().contains("HT-2026-0001")),
        "{clash:?}"
    );
    assert_eq!(store.repo::<Unit>().state(unit.id).unwrap(), UnitState::Reserved);

    let mut prospect = common::prospect("鹿角巷");
    store.repo::<Prospect>().create(&mut prospect).unwrap();
    store.repo::<Prospect>().move_stage(prospect.id, ProspectStage::Intent, "").unwrap();
    store.repo::<Prospect>().move_stage(prospect.id, ProspectStage::Negotiating, "").unwrap();
    let signing = Signing {
        unit_id: unit.id,
        start_date: day("2027-01-01"),
        end_date: day("2029-12-31"),
        monthly_rent_fen: 100,
        management_fee_fen: 0,
        deposit_fen: 0,
        payment_day: 1,
        licence_no: None,
    };
    let merchants_before = rows(&store, "merchants");
    assert!(matches!(store.repo::<Prospect>().sign(prospect.id, &signing), Err(StoreError::Refused(_))));
    assert_eq!(rows(&store, "merchants"), merchants_before, "no merchant left from the refused signing");
    assert_eq!(store.repo::<Prospect>().get(prospect.id).unwrap().stage, ProspectStage::Negotiating);

    let free = Signing { start_date: day("2028-01-01"), end_date: day("2030-12-31"), ..signing };
    let (new_merchant, lease) = store.repo::<Prospect>().sign(prospect.id, &free).unwrap();
    assert_eq!(lease.prospect_id, Some(prospect.id));
    assert_eq!(lease.stage, LeaseStage::Draft);
    assert_eq!(store.repo::<Prospect>().get(prospect.id).unwrap().merchant_id, Some(new_merchant.id));
}

#[test]
fn stage_moves_follow_the_rules_and_are_recorded() {
    let store = memory_store();
    let mut prospect = common::prospect("喜茶");
    store.repo::<Prospect>().create(&mut prospect).unwrap();
    let refused = store.repo::<Prospect>().move_stage(prospect.id, ProspectStage::Signed, "");
    assert!(
        matches!(&refused, Err(StoreError::Refused(m)) if m.to_string().contains("allowed: intent, lost")),
        "{refused:?}"
    );
    let lost_without_reason = store.repo::<Prospect>().move_stage(prospect.id, ProspectStage::Lost, "");
    assert!(matches!(lost_without_reason, Err(StoreError::Invalid(_))));
    let lost = store.repo::<Prospect>().move_stage(prospect.id, ProspectStage::Lost, "租金超出预算").unwrap();
    assert_eq!(lost.lost_reason.as_deref(), Some("租金超出预算"));
    assert_eq!(rows(&store, "prospect_stage_moves"), 1);
    // Editing the record cannot sneak a stage change past the rules.
    let mut edited = lost.clone();
    edited.stage = ProspectStage::Potential;
    assert!(matches!(store.repo::<Prospect>().update(&mut edited), Err(StoreError::Refused(_))));
}

#[test]
fn the_first_interaction_marks_first_contact() {
    let store = memory_store();
    let mut prospect = common::prospect("茶颜");
    store.repo::<Prospect>().create(&mut prospect).unwrap();
    let mut call = Interaction {
        id: 0,
        prospect_id: prospect.id,
        at: at("2026-11-21T06:00:00Z"),
        mode: InteractionMode::OutboundCall,
        summary: "电话沟通租金".into(),
        next_step: String::new(),
        staff_id: None,
    };
    store.repo::<Prospect>().log_interaction(&mut call).unwrap();
    assert_eq!(store.repo::<Prospect>().get(prospect.id).unwrap().first_contact_at, Some(call.at));

    // Each prospect's log holds its own contacts only.
    let mut other = common::prospect("蜜雪");
    store.repo::<Prospect>().create(&mut other).unwrap();
    let mut visit =
        Interaction { id: 0, prospect_id: other.id, mode: InteractionMode::Visit, ..call.clone() };
    store.repo::<Prospect>().log_interaction(&mut visit).unwrap();
    let log = |id: i64| -> Vec<i64> {
        let filter = malldesk::store::prospects::ByProspect { prospect_id: Some(id) };
        store
            .repo::<Interaction>()
            .page(&filter, &PageRequest::first(10))
            .unwrap()
            .rows
            .iter()
            .map(|i| i.id)
            .collect()
    };
    assert_eq!((log(prospect.id), log(other.id)), (vec![call.id], vec![visit.id]));
    // And its own stage moves.
    store.repo::<Prospect>().move_stage(other.id, ProspectStage::Intent, "").unwrap();
    let moves = |id: i64| -> usize {
        let filter = malldesk::store::prospects::ByProspect { prospect_id: Some(id) };
        store.repo::<StageMove>().page(&filter, &PageRequest::first(10)).unwrap().rows.len()
    };
    assert_eq!((moves(prospect.id), moves(other.id)), (0, 1));
}

#[test]
fn a_complaint_walks_its_steps_and_opens_its_callback() {
    let store = memory_store();
    let repo = store.repo::<Complaint>();
    let mut case = common::complaint("奶茶里有异物");
    repo.create(&mut case).unwrap();
    let skip = repo.advance(case.id, ComplaintStep::Investigating, "", |_| {});
    assert!(
        matches!(&skip, Err(StoreError::Refused(m)) if m.to_string().contains("next allowed: judged")),
        "{skip:?}"
    );
    repo.advance(case.id, ComplaintStep::Judged, "属实", |c| c.valid = Some(true)).unwrap();
    repo.advance(case.id, ComplaintStep::Investigating, "", |c| c.cause = "原料变质".into()).unwrap();
    let unapproved = repo.advance(case.id, ComplaintStep::Proposal, "", |c| c.remedy = "退款并赔偿".into());
    assert!(matches!(&unapproved, Err(StoreError::Invalid(e)) if e.for_field("approved_by").is_some()));
    let approver = common::supervisor(&store);
    let no_remedy =
        repo.advance(case.id, ComplaintStep::Proposal, "", |c| c.approved_by = Some(approver.clone()));
    assert!(
        matches!(&no_remedy, Err(StoreError::Invalid(e)) if e.for_field("remedy").is_some()),
        "a proposal names its remedy: {no_remedy:?}"
    );
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::Investigating);
    repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
        c.remedy = "退款并赔偿".into();
        c.compensation_fen = 20_000;
        c.approved_by = Some(approver);
    })
    .unwrap();
    let resolved = repo.advance(case.id, ComplaintStep::Resolved, "顾客接受", |_| {}).unwrap();
    assert!(resolved.resolved_at.is_some() && resolved.due_at.is_some());
    let callbacks = store.repo::<Callback>().page(&Default::default(), &PageRequest::first(5)).unwrap().rows;
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].complaint_id, Some(case.id));
    assert_eq!(callbacks[0].phone, "13812345678");
    // Only a call records the callback step (with its verdict).
    let by_hand = repo
        .advance(case.id, ComplaintStep::CalledBack, "", |c| c.satisfaction = Some(Satisfaction::Satisfied));
    assert!(matches!(&by_hand, Err(StoreError::Refused(r)) if r.key == "called_back_by_call"), "{by_hand:?}");
    // A fill that moves the step itself changes nothing: the refusal reads the stored step.
    let tampered = repo.advance(case.id, ComplaintStep::Closed, "", |c| c.step = ComplaintStep::CalledBack);
    assert!(
        matches!(&tampered, Err(StoreError::Refused(m)) if m.to_string().contains("next allowed: called back")),
        "{tampered:?}"
    );
    assert_eq!(repo.get(case.id).unwrap().step, ComplaintStep::Resolved);
    common::call_back(&store, case.id, Satisfaction::Satisfied, IfUnsatisfied::Reopen);
    let closed = repo
        .advance(case.id, ComplaintStep::Closed, "结案", |c| c.closing_summary = "已赔付".into())
        .unwrap();
    assert!(closed.closed_at.is_some() && closed.due_at.is_none());
    let steps: Vec<ComplaintStep> = repo.steps(case.id).unwrap().iter().map(|s| s.step).collect();
    use ComplaintStep::*;
    assert_eq!(steps, [Received, Judged, Investigating, Proposal, Resolved, CalledBack, Closed]);
}

#[test]
fn the_third_failed_attempt_makes_a_callback_unreachable() {
    let store = memory_store();
    let mut callback = common::callback("刘先生");
    store.repo::<Callback>().create(&mut callback).unwrap();
    let attempt = |result| Attempt {
        id: 0,
        callback_id: callback.id,
        at: at("2026-11-23T02:00:00Z"),
        mode: ContactMode::Phone,
        result,
        call_later_at: None,
        note: String::new(),
        operator: String::new(),
    };
    let repo = store.repo::<Callback>();
    assert_eq!(
        repo.record_attempt(&mut attempt(AttemptResult::NoAnswer)).unwrap().status,
        CallbackStatus::Open
    );
    assert_eq!(
        repo.record_attempt(&mut attempt(AttemptResult::PoweredOff)).unwrap().status,
        CallbackStatus::Open
    );
    let third = repo.record_attempt(&mut attempt(AttemptResult::CannotConnect)).unwrap();
    assert_eq!((third.status, third.failed_attempts), (CallbackStatus::Unreachable, 3));
    assert!(matches!(repo.record_attempt(&mut attempt(AttemptResult::Reached)), Err(StoreError::Refused(_))));
    assert_eq!(repo.attempts(callback.id).unwrap().len(), 3);
}

#[test]
fn a_roster_lists_merchants_with_active_leases_and_sign_in_sets_penalties() {
    let store = memory_store();
    let mut in_zone = common::unit("2F-A01", "2F A区");
    let mut elsewhere = common::unit("3F-B01", "3F B区");
    store.repo::<Unit>().create(&mut in_zone).unwrap();
    store.repo::<Unit>().create(&mut elsewhere).unwrap();
    for (brand, unit) in [("甲店", &in_zone), ("乙店", &elsewhere)] {
        let mut m = common::merchant(brand);
        store.repo::<Merchant>().create(&mut m).unwrap();
        let mut l = common::lease(m.id, unit.id, "2026-01-01", "2028-12-31");
        store.repo::<Lease>().create(&mut l).unwrap();
        common::activate(&store, l.id);
    }
    let mut briefing = common::meeting(Some("2F A区"));
    store.repo::<Meeting>().create(&mut briefing).unwrap();
    assert_eq!(store.repo::<Meeting>().generate_roster(briefing.id).unwrap(), 1);
    let line =
        store.repo::<Attendance>().page(&Default::default(), &PageRequest::first(5)).unwrap().rows[0].clone();
    assert_eq!(line.expected_name, "甲店 2F-A01");
    let late = store.repo::<Meeting>().sign_in(line.id, AttendanceStatus::Late, "小王", "", false).unwrap();
    assert_eq!(late.penalty_tenths, 5);
    let mut all_hands = common::meeting(None);
    store.repo::<Meeting>().create(&mut all_hands).unwrap();
    assert_eq!(store.repo::<Meeting>().generate_roster(all_hands.id).unwrap(), 2);
}

#[test]
fn a_lease_exits_only_with_a_complete_checklist() {
    let store = memory_store();
    let mut unit = common::unit("1F-C01", "1F C区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut m = common::merchant("离场店");
    store.repo::<Merchant>().create(&mut m).unwrap();
    let mut l = common::lease(m.id, unit.id, "2025-01-01", "2026-10-31");
    store.repo::<Lease>().create(&mut l).unwrap();
    common::activate(&store, l.id);
    assert!(matches!(
        store.repo::<Lease>().move_stage(l.id, LeaseStage::Exited, ""),
        Err(StoreError::Refused(_))
    ));
    let mut checklist = ExitChecklist {
        id: 0,
        lease_id: l.id,
        notice_given_on: Some(day("2026-09-01")),
        charges_settled_on: Some(day("2026-10-31")),
        deposit_refunded_on: Some(day("2026-11-10")),
        unit_inspected_on: Some(day("2026-10-31")),
        note: String::new(),
        deposit_held_fen: l.deposit_fen,
        deposit_refunded_fen: Some(l.deposit_fen),
    };
    store.repo::<ExitChecklist>().create(&mut checklist).unwrap();
    store.repo::<Lease>().move_stage(l.id, LeaseStage::Exited, "").unwrap();
    assert_eq!(store.repo::<Unit>().state(unit.id).unwrap(), UnitState::Vacant);
}

#[test]
fn audit_entries_are_listed_newest_first() {
    let store = memory_store();
    store.repo::<Staff>().create(&mut common::staff("甲", StaffRole::Clerk)).unwrap();
    store.repo::<Staff>().create(&mut common::staff("乙", StaffRole::Clerk)).unwrap();
    let entries = store.repo::<AuditEntry>().page(&Default::default(), &PageRequest::first(10)).unwrap().rows;
    assert_eq!(entries.len(), 2);
    assert!(entries[0].id > entries[1].id);
    assert!(entries[0].after.as_deref().unwrap().contains("乙"));
}

#[test]
fn case_numbers_continue_past_9999_in_a_day() {
    let store = memory_store();
    let mut first = common::complaint("第一条");
    store.repo::<Complaint>().create(&mut first).unwrap();
    let prefix = first.number.trim_end_matches("0001").to_string();
    let mut busy = common::complaint("当天第9999条");
    busy.number = format!("{prefix}9999");
    store.repo::<Complaint>().create(&mut busy).unwrap();
    let mut next = common::complaint("第10000条");
    store.repo::<Complaint>().create(&mut next).unwrap();
    assert_eq!(next.number, format!("{prefix}10000"));
    let mut after = common::complaint("第10001条");
    store.repo::<Complaint>().create(&mut after).unwrap();
    assert_eq!(after.number, format!("{prefix}10001"));
}

#[test]
fn short_searches_use_the_character_index_and_follow_edits() {
    let store = memory_store();
    let repo = store.repo::<Complaint>();
    let mut case = common::complaint("扶梯停运");
    repo.create(&mut case).unwrap();
    repo.create(&mut common::complaint("奶茶太甜")).unwrap();
    let count =
        |text: &str| repo.count(&ComplaintFilter { text: text.into(), ..Default::default() }).unwrap();
    assert_eq!(count("梯"), 1, "one character");
    assert_eq!(count("停运"), 1, "two characters in a row");
    assert_eq!(count("梯运"), 0, "characters not next to each other do not match");
    case.content = "电梯困人".into();
    repo.update(&mut case).unwrap();
    assert_eq!(count("停运"), 0, "the old words are gone from the index");
    assert_eq!(count("困人"), 1, "the new words are found");
}

#[test]
fn open_cases_by_deadline_put_the_most_urgent_first_and_the_last_page_reads_from_the_end() {
    let store = memory_store();
    let repo = store.repo::<Complaint>();
    for (n, received) in
        ["2026-11-20T02:00:00Z", "2026-11-22T02:00:00Z", "2026-11-18T02:00:00Z"].iter().enumerate()
    {
        let mut case = common::complaint(&format!("案件{n}"));
        case.received_at = at(received);
        repo.create(&mut case).unwrap();
    }
    let mut closed = common::complaint("已结案件");
    repo.create(&mut closed).unwrap();
    let judged =
        repo.advance(closed.id, ComplaintStep::Judged, "不成立，已解释", |c| c.valid = Some(false)).unwrap();
    assert_eq!(judged.step, ComplaintStep::Closed, "an invalid judgement closes the case");
    let filter = ComplaintFilter { by_deadline: true, ..Default::default() };
    let rows = repo.page(&filter, &PageRequest::first(10)).unwrap().rows;
    let contents: Vec<&str> = rows.iter().map(|c| c.content.as_str()).collect();
    assert_eq!(contents, ["案件2", "案件0", "案件1"], "oldest deadline first, closed cases left out");
    let last = repo.page(&filter, &PageRequest::last(2)).unwrap();
    let contents: Vec<&str> = last.rows.iter().map(|c| c.content.as_str()).collect();
    assert_eq!(contents, ["案件0", "案件1"]);
    assert!(last.more_before && !last.more_after);
}

#[test]
fn unit_codes_find_leases_and_complaints_on_that_unit() {
    let store = memory_store();
    let mut unit = common::unit("2F-A12", "2F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut other = common::unit("3F-B07", "3F B区");
    store.repo::<Unit>().create(&mut other).unwrap();
    let mut merchant = common::merchant("星光咖啡");
    store.repo::<Merchant>().create(&mut merchant).unwrap();
    store
        .repo::<Lease>()
        .create(&mut common::lease(merchant.id, unit.id, "2026-01-01", "2027-12-31"))
        .unwrap();
    store
        .repo::<Lease>()
        .create(&mut common::lease(merchant.id, other.id, "2026-01-01", "2027-12-31"))
        .unwrap();
    let mut case = common::complaint("空调不制冷");
    case.unit_id = Some(unit.id);
    store.repo::<Complaint>().create(&mut case).unwrap();
    store.repo::<Complaint>().create(&mut common::complaint("别的铺位")).unwrap();
    let leases = store
        .repo::<Lease>()
        .count(&malldesk::store::leases::LeaseFilter { text: "2f-a1".into(), ..Default::default() });
    assert_eq!(leases.unwrap(), 1);
    let cases =
        store.repo::<Complaint>().count(&ComplaintFilter { text: "2F-A12".into(), ..Default::default() });
    assert_eq!(cases.unwrap(), 1);
}

mod calls {
    use super::*;
    use malldesk::domain::complaint::EscalationTier;
    use malldesk::store::callbacks::{Call, CallbackFilter};

    fn resolved_case(store: &Store) -> (Complaint, Callback) {
        let repo = store.repo::<Complaint>();
        let mut case = common::complaint("退款不到账");
        repo.create(&mut case).unwrap();
        repo.advance(case.id, ComplaintStep::Judged, "", |c| c.valid = Some(true)).unwrap();
        repo.advance(case.id, ComplaintStep::Investigating, "", |_| {}).unwrap();
        let approver = common::supervisor(store);
        repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
            c.remedy = "退款".into();
            c.approved_by = Some(approver);
        })
        .unwrap();
        repo.advance(case.id, ComplaintStep::Resolved, "", |_| {}).unwrap();
        let filter = CallbackFilter { complaint_id: Some(case.id), ..Default::default() };
        let callback = store.repo::<Callback>().page(&filter, &PageRequest::first(1)).unwrap().rows.remove(0);
        (case, callback)
    }

    fn call(
        callback: &Callback,
        result: AttemptResult,
        outcome: Option<Satisfaction>,
        choice: IfUnsatisfied,
    ) -> Call {
        Call {
            attempt: Attempt {
                id: 0,
                callback_id: callback.id,
                at: at("2026-11-23T02:00:00Z"),
                mode: ContactMode::Phone,
                result,
                call_later_at: None,
                note: String::new(),
                operator: String::new(),
            },
            outcome,
            words: "还是没收到退款".into(),
            if_unsatisfied: choice,
            open_complaint: true,
        }
    }

    #[test]
    fn a_satisfied_callback_makes_the_case_ready_to_close() {
        let store = memory_store();
        let (case, callback) = resolved_case(&store);
        let done = store
            .repo::<Callback>()
            .record_call(&mut call(
                &callback,
                AttemptResult::Reached,
                Some(Satisfaction::Satisfied),
                IfUnsatisfied::Reopen,
            ))
            .unwrap();
        assert_eq!(done.status, CallbackStatus::Done);
        let case = store.repo::<Complaint>().get(case.id).unwrap();
        assert_eq!(
            (case.step, case.satisfaction),
            (ComplaintStep::CalledBack, Some(Satisfaction::Satisfied))
        );
    }

    #[test]
    fn an_unsatisfied_callback_reopens_or_escalates_as_chosen() {
        let store = memory_store();
        let (case, callback) = resolved_case(&store);
        let mut reopen =
            call(&callback, AttemptResult::Reached, Some(Satisfaction::Unsatisfied), IfUnsatisfied::Reopen);
        store.repo::<Callback>().record_call(&mut reopen).unwrap();
        assert_eq!(store.repo::<Complaint>().get(case.id).unwrap().step, ComplaintStep::Investigating);

        let (case, callback) = resolved_case(&store);
        let mut escalate =
            call(&callback, AttemptResult::Reached, Some(Satisfaction::Unsatisfied), IfUnsatisfied::Escalate);
        store.repo::<Callback>().record_call(&mut escalate).unwrap();
        let case = store.repo::<Complaint>().get(case.id).unwrap();
        assert_eq!(
            (case.step, case.escalation, case.satisfaction),
            (ComplaintStep::Investigating, EscalationTier::Area, Some(Satisfaction::Unsatisfied)),
            "an escalated case is handled again at the higher tier"
        );
    }

    #[test]
    fn an_outcome_needs_a_reached_call_and_nothing_is_written_otherwise() {
        let store = memory_store();
        let (_, callback) = resolved_case(&store);
        let attempts = rows(&store, "callback_attempts");
        let mut wrong =
            call(&callback, AttemptResult::NoAnswer, Some(Satisfaction::Satisfied), IfUnsatisfied::Reopen);
        assert!(matches!(store.repo::<Callback>().record_call(&mut wrong), Err(StoreError::Refused(_))));
        assert_eq!(rows(&store, "callback_attempts"), attempts, "all or nothing");
    }

    #[test]
    fn an_unsatisfied_care_call_opens_a_linked_complaint() {
        let store = memory_store();
        let mut callback = common::callback("刘女士");
        store.repo::<Callback>().create(&mut callback).unwrap();
        let mut unhappy =
            call(&callback, AttemptResult::Reached, Some(Satisfaction::Unsatisfied), IfUnsatisfied::Reopen);
        let after = store.repo::<Callback>().record_call(&mut unhappy).unwrap();
        let case_id = after.complaint_id.expect("the callback points to the new complaint");
        let case = store.repo::<Complaint>().get(case_id).unwrap();
        assert_eq!((case.complainant.as_str(), case.content.as_str()), ("刘女士", "还是没收到退款"));
        assert_eq!(case.phone.as_deref(), Some("13912345678"));
    }
}

#[test]
fn the_early_warning_names_merchants_and_categories_at_the_count() {
    use malldesk::domain::complaint::ComplaintCategory;
    use malldesk::store::reports::Warning;
    let store = memory_store();
    let mut busy = common::merchant("常被投诉");
    store.repo::<Merchant>().create(&mut busy).unwrap();
    let mut quiet = common::merchant("偶尔投诉");
    store.repo::<Merchant>().create(&mut quiet).unwrap();
    for (merchant, category) in [
        (busy.id, ComplaintCategory::Price),
        (busy.id, ComplaintCategory::Noise),
        (busy.id, ComplaintCategory::Noise),
        (quiet.id, ComplaintCategory::Noise),
    ] {
        let mut case = common::complaint("投诉");
        case.merchant_id = Some(merchant);
        case.category = category;
        store.repo::<Complaint>().create(&mut case).unwrap();
    }
    let warnings = store.complaint_warnings(at("2026-11-01T00:00:00Z"), 3).unwrap();
    assert_eq!(
        warnings,
        [
            Warning::Merchant { id: busy.id, brand: "常被投诉".into(), cases: 3 },
            Warning::Category { code: "noise".into(), cases: 3 },
        ]
    );
    assert!(
        store.complaint_warnings(at("2026-11-23T00:00:00Z"), 3).unwrap().is_empty(),
        "outside the window"
    );
    let filter = ComplaintFilter { warned: Some((vec![busy.id], vec![])), ..Default::default() };
    assert_eq!(store.repo::<Complaint>().count(&filter).unwrap(), 3);
}

#[test]
fn a_campaign_calls_a_zones_merchants_once() {
    use malldesk::domain::callback::CallbackReason;
    use malldesk::store::callbacks::{CallbackFilter, Campaign, CampaignTarget};
    let store = memory_store();
    for (code, zone, brand) in
        [("2F-A01", "2F A区", "甲店"), ("2F-A02", "2F A区", "乙店"), ("3F-B01", "3F B区", "丙店")]
    {
        let mut unit = common::unit(code, zone);
        store.repo::<Unit>().create(&mut unit).unwrap();
        let mut m = common::merchant(brand);
        m.phone = format!("1390000000{}", unit.id);
        store.repo::<Merchant>().create(&mut m).unwrap();
        let mut l = common::lease(m.id, unit.id, "2026-01-01", "2028-12-31");
        store.repo::<Lease>().create(&mut l).unwrap();
        common::activate(&store, l.id);
    }
    let campaign = Campaign {
        target: CampaignTarget::Zone(Some("2F A区".into())),
        reason: CallbackReason::PeriodicCare,
        due_at: at("2026-12-30T02:00:00Z"),
        staff_id: None,
        key_customer: false,
    };
    assert_eq!(store.repo::<Callback>().create_campaign(&campaign).unwrap(), 2);
    assert_eq!(store.repo::<Callback>().create_campaign(&campaign).unwrap(), 0, "nobody is called twice");
    let everyone = Campaign { target: CampaignTarget::Zone(None), ..campaign.clone() };
    assert_eq!(
        store.repo::<Callback>().create_campaign(&everyone).unwrap(),
        1,
        "only the other zone's merchant is new"
    );
    let names: Vec<String> = store
        .repo::<Callback>()
        .page(&CallbackFilter::default(), &PageRequest::first(10))
        .unwrap()
        .rows
        .into_iter()
        .map(|c| c.party_name)
        .collect();
    assert!(names.contains(&"李娜（甲店）".to_string()), "{names:?}");
}

#[test]
fn text_searches_list_newest_first_and_count_up_to_a_cap() {
    use malldesk::store::record::SEARCH_COUNT_CAP;
    let store = memory_store();
    store
        .write(|w| {
            for n in 0..SEARCH_COUNT_CAP + 5 {
                w.insert(&mut common::complaint(&format!("扶梯故障第{n}次")))?;
            }
            Ok(())
        })
        .unwrap();
    let repo = store.repo::<Complaint>();
    let search = ComplaintFilter { text: "扶梯故障".into(), by_deadline: true, ..Default::default() };
    assert_eq!(repo.count_for_list(&search).unwrap(), (SEARCH_COUNT_CAP + 1, false), "more than the cap");
    assert_eq!(repo.count(&search).unwrap(), SEARCH_COUNT_CAP + 5, "the exact count is still there");
    let first = repo.page(&search, &PageRequest::first(3)).unwrap().rows;
    assert!(first[0].id > first[1].id && first[1].id > first[2].id, "newest first");
    assert_eq!(first[0].content, format!("扶梯故障第{}次", SEARCH_COUNT_CAP + 4));
    let few = ComplaintFilter { text: "第7次".into(), ..Default::default() };
    assert_eq!(repo.count_for_list(&few).unwrap(), (1, true));
}
