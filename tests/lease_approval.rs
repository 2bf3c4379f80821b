//! Right approvals and renewals: the signature chain in order, each signer holding the step's
//! role, "active" only with every signature, a rejection back to draft with its reason; renewal
//! as a successor lease that takes over on activation; the deposit at exit (issue "Right money,
//! right approvals, right rosters", items 1–3).

mod common;

use common::*;
use malldesk::domain::lease::{
    Approval, ApprovalDecision, ApproverRole, DepositDeduction, ExitChecklist, Lease, LeaseStage,
};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::domain::unit::{Unit, UnitState};
use malldesk::store::{Store, StoreError};

fn draft(store: &Store, code: &str) -> Lease {
    let mut merchant = merchant("一点点");
    store.repo::<Merchant>().create(&mut merchant).unwrap();
    let mut unit = unit(code, "1F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut lease = lease(merchant.id, unit.id, "2026-01-01", "2026-12-31");
    store.repo::<Lease>().create(&mut lease).unwrap();
    lease
}

fn signature(lease_id: i64, role: ApproverRole, signer: &(i64, String)) -> Approval {
    Approval {
        id: 0,
        lease_id,
        role,
        staff_id: Some(signer.0),
        approver: signer.1.clone(),
        at: at("2026-11-20T02:00:00Z"),
        decision: ApprovalDecision::Approved,
        note: String::new(),
    }
}

fn refusal_key(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::Refused(refusal)) => refusal.key.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_chain_is_signed_in_order_by_the_right_people_before_a_lease_is_active() {
    let store = memory_store();
    let lease = draft(&store, "1F-A01");
    let people = signers(&store);
    let repo = store.repo::<Lease>();
    repo.move_stage(lease.id, LeaseStage::LegalReview, "").unwrap();
    repo.move_stage(lease.id, LeaseStage::Approved, "").unwrap();

    // The GM first, as in the reproduction: refused, the handler signs first.
    assert_eq!(
        refusal_key(repo.sign(&mut signature(lease.id, ApproverRole::Gm, &people[4]))),
        "approval_order"
    );
    // The handler's step signed by the finance manager: refused, wrong role.
    assert_eq!(
        refusal_key(repo.sign(&mut signature(lease.id, ApproverRole::Handler, &people[2]))),
        "approver_role"
    );
    // Without a picked staff member: refused.
    let mut typed = signature(lease.id, ApproverRole::Handler, &people[0]);
    typed.staff_id = None;
    assert!(matches!(repo.sign(&mut typed), Err(StoreError::Invalid(_))));
    // An inactive manager cannot sign.
    let mut gone =
        Staff { department: Department::Leasing, active: false, ..staff("离职经理", StaffRole::Manager) };
    store.repo::<Staff>().create(&mut gone).unwrap();
    repo.sign(&mut signature(lease.id, ApproverRole::Handler, &people[0])).unwrap();
    assert_eq!(
        refusal_key(repo.sign(&mut signature(
            lease.id,
            ApproverRole::DepartmentManager,
            &(gone.id, gone.name.clone())
        ))),
        "approver_role"
    );
    // The generic create cannot walk around the order either.
    assert_eq!(
        refusal_key(store.repo::<Approval>().create(&mut signature(lease.id, ApproverRole::Gm, &people[4]))),
        "approval_order"
    );
    for (i, role) in [ApproverRole::DepartmentManager, ApproverRole::FinanceManager, ApproverRole::DeputyGm]
        .into_iter()
        .enumerate()
    {
        repo.sign(&mut signature(lease.id, role, &people[i + 1])).unwrap();
        // Not active until the last signature.
        let refused = repo.move_stage(lease.id, LeaseStage::Active, "");
        match refused {
            Err(StoreError::Refused(refusal)) => {
                assert_eq!(refusal.key, "approval_incomplete");
                let zh = refusal.message("zh-CN");
                assert!(zh.contains("总经理"), "{zh}");
            }
            other => panic!("active with missing signatures: {other:?}"),
        }
    }
    assert_eq!(repo.get(lease.id).unwrap().stage, LeaseStage::Approved);
    repo.sign(&mut signature(lease.id, ApproverRole::Gm, &people[4])).unwrap();
    assert_eq!(repo.move_stage(lease.id, LeaseStage::Active, "").unwrap().stage, LeaseStage::Active);
    let chain = repo.chain(lease.id).unwrap();
    let names: Vec<&str> = chain.signed.iter().map(|a| a.approver.as_str()).collect();
    assert_eq!(names, ["赵经办", "钱经理", "孙财务", "李副总", "周总"]);
    // Once active, no more signatures.
    assert_eq!(
        refusal_key(repo.sign(&mut signature(lease.id, ApproverRole::Gm, &people[4]))),
        "approval_stage"
    );
}

#[test]
fn one_person_signs_once_and_the_chain_is_a_setting() {
    let mut store = memory_store();
    let mut settings = store.settings().clone();
    settings.leasing.approval_chain = vec![ApproverRole::Handler, ApproverRole::Gm];
    store.set_settings(settings);
    let lease = draft(&store, "1F-A02");
    let people = signers(&store);
    // A GM who is also in the leasing department would still be one person: make the handler
    // step signable by a leasing manager and try them twice.
    let manager = people[1].clone();
    store.repo::<Lease>().sign(&mut signature(lease.id, ApproverRole::Handler, &manager)).unwrap();
    // The desk shows the chain under the same setting: only the GM is left.
    assert_eq!(store.repo::<Lease>().chain(lease.id).unwrap().missing, [ApproverRole::Gm]);
    let mut gm_staff = store.repo::<Staff>().get(manager.0).unwrap();
    gm_staff.role = StaffRole::Gm;
    store.repo::<Staff>().update(&mut gm_staff).unwrap();
    assert_eq!(
        refusal_key(store.repo::<Lease>().sign(&mut signature(lease.id, ApproverRole::Gm, &manager))),
        "approver_twice"
    );
    store.repo::<Lease>().sign(&mut signature(lease.id, ApproverRole::Gm, &people[4])).unwrap();
    let repo = store.repo::<Lease>();
    repo.move_stage(lease.id, LeaseStage::LegalReview, "").unwrap();
    repo.move_stage(lease.id, LeaseStage::Approved, "").unwrap();
    assert_eq!(repo.move_stage(lease.id, LeaseStage::Active, "").unwrap().stage, LeaseStage::Active);
}

#[test]
fn a_rejection_sends_the_lease_back_to_draft_with_its_reason_and_restarts_the_chain() {
    let store = memory_store();
    let lease = draft(&store, "1F-A03");
    let people = signers(&store);
    let repo = store.repo::<Lease>();
    repo.move_stage(lease.id, LeaseStage::LegalReview, "").unwrap();
    repo.sign(&mut signature(lease.id, ApproverRole::Handler, &people[0])).unwrap();
    repo.sign(&mut signature(lease.id, ApproverRole::DepartmentManager, &people[1])).unwrap();
    let mut no_reason = signature(lease.id, ApproverRole::FinanceManager, &people[2]);
    no_reason.decision = ApprovalDecision::Rejected;
    assert!(
        matches!(repo.sign(&mut no_reason.clone()), Err(StoreError::Invalid(_))),
        "a rejection needs its reason"
    );
    no_reason.note = "押金低于三个月租金".into();
    assert_eq!(repo.sign(&mut no_reason).unwrap().stage, LeaseStage::Draft);
    let chain = repo.chain(lease.id).unwrap();
    assert_eq!((chain.signed.len(), chain.next()), (0, Some(ApproverRole::Handler)));
    let moves = repo.moves(lease.id).unwrap();
    let last = moves.last().unwrap();
    assert_eq!(
        (last.from_stage, last.to_stage, last.reason.as_str()),
        (LeaseStage::LegalReview, LeaseStage::Draft, "押金低于三个月租金")
    );
    // Going back to draft by hand, or terminating, needs a reason too.
    repo.move_stage(lease.id, LeaseStage::LegalReview, "").unwrap();
    assert!(matches!(repo.move_stage(lease.id, LeaseStage::Draft, " "), Err(StoreError::Invalid(_))));
    assert!(matches!(repo.move_stage(lease.id, LeaseStage::Terminated, ""), Err(StoreError::Invalid(_))));
    assert_eq!(repo.get(lease.id).unwrap().stage, LeaseStage::LegalReview);
}

#[test]
fn renewal_creates_a_successor_and_the_unit_is_never_vacant_in_between() {
    let store = memory_store();
    let lease = draft(&store, "1F-A04");
    activate(&store, lease.id);
    let repo = store.repo::<Lease>();
    // "Renewed" is not a stage to pick: it comes from the successor.
    assert_eq!(refusal_key(repo.move_stage(lease.id, LeaseStage::Renewed, "")), "renewed_by_successor");
    let mut terms = common::lease(lease.merchant_id, lease.unit_id, "2027-01-05", "2029-12-31");
    assert!(matches!(repo.renew(lease.id, &terms), Err(StoreError::Invalid(_))), "must follow on");
    terms.start_date = day("2027-01-01");
    terms.monthly_rent_fen = 3_300_000;
    let successor = repo.renew(lease.id, &terms).unwrap();
    assert_eq!(successor.renews_lease_id, Some(lease.id));
    assert_eq!((successor.merchant_id, successor.unit_id), (lease.merchant_id, lease.unit_id));
    assert_eq!(successor.stage, LeaseStage::Draft);
    assert_eq!(repo.successor(lease.id).unwrap().map(|l| l.id), Some(successor.id));
    assert_eq!(refusal_key(repo.renew(lease.id, &terms)), "renewal_exists");
    // The old lease stays active; the unit stays let.
    assert_eq!(repo.get(lease.id).unwrap().stage, LeaseStage::Active);
    assert_eq!(store.repo::<Unit>().state(lease.unit_id).unwrap(), UnitState::Leased);
    // The successor cannot be activated without its own chain.
    repo.move_stage(successor.id, LeaseStage::LegalReview, "").unwrap();
    repo.move_stage(successor.id, LeaseStage::Approved, "").unwrap();
    assert_eq!(refusal_key(repo.move_stage(successor.id, LeaseStage::Active, "")), "approval_incomplete");
    // Until the successor takes effect, the old lease stays in force: legal review and
    // approval of the new terms do not end it.
    assert_eq!(
        repo.get(lease.id).unwrap().stage,
        LeaseStage::Active,
        "renewed only when the successor is active"
    );
    approve(&store, successor.id);
    repo.move_stage(successor.id, LeaseStage::Active, "").unwrap();
    assert_eq!(repo.get(lease.id).unwrap().stage, LeaseStage::Renewed);
    assert_eq!(store.repo::<Unit>().state(lease.unit_id).unwrap(), UnitState::Leased);
    // The renewed lease still holds the unit for its remaining days.
    let mut other = merchant("插队店");
    store.repo::<Merchant>().create(&mut other).unwrap();
    let mut squeeze = common::lease(other.id, lease.unit_id, "2026-12-01", "2026-12-31");
    assert_eq!(refusal_key(store.repo::<Lease>().create(&mut squeeze)), "lease_overlap");
}

#[test]
fn deductions_may_take_the_whole_deposit_and_not_a_fen_more() {
    let store = memory_store();
    let lease = draft(&store, "1F-A06");
    activate(&store, lease.id);
    let deduct = |amount_fen: i64| {
        let mut d = DepositDeduction { id: 0, lease_id: lease.id, amount_fen, reason: "损坏赔偿".into() };
        store.repo::<DepositDeduction>().create(&mut d)
    };
    deduct(lease.deposit_fen - 100).unwrap();
    assert!(matches!(deduct(101), Err(StoreError::Invalid(_))), "one fen over the deposit");
    deduct(100).unwrap();
    assert!(matches!(deduct(1), Err(StoreError::Invalid(_))), "nothing left to deduct");
}

#[test]
fn the_exit_checklist_records_the_deposit_held_deducted_and_refunded() {
    let store = memory_store();
    let lease = draft(&store, "1F-A05");
    activate(&store, lease.id);
    let mut deduction =
        DepositDeduction { id: 0, lease_id: lease.id, amount_fen: 150_000, reason: "地面修复".into() };
    store.repo::<DepositDeduction>().create(&mut deduction).unwrap();
    let mut too_much =
        DepositDeduction {
            id: 0, lease_id: lease.id, amount_fen: lease.deposit_fen, reason: "超额".into()
        };
    assert!(matches!(store.repo::<DepositDeduction>().create(&mut too_much), Err(StoreError::Invalid(_))));
    let mut checklist = ExitChecklist {
        id: 0,
        lease_id: lease.id,
        notice_given_on: Some(day("2026-10-01")),
        charges_settled_on: Some(day("2026-12-31")),
        deposit_refunded_on: Some(day("2027-01-10")),
        unit_inspected_on: Some(day("2026-12-31")),
        note: String::new(),
        deposit_held_fen: lease.deposit_fen,
        deposit_refunded_fen: Some(lease.deposit_fen),
    };
    // Refunding the whole deposit ignores the deduction: refused, with the right amount.
    match store.repo::<ExitChecklist>().create(&mut checklist.clone()) {
        Err(StoreError::Invalid(errors)) => {
            let problem = errors.for_field("deposit_refunded_fen").expect("the refund is named");
            let zh = malldesk::ui::i18n::Lang::ZhCn.problem(problem);
            assert!(zh.contains("88500.00"), "{zh}");
        }
        other => panic!("a refund above held − deducted must be refused: {other:?}"),
    }
    checklist.deposit_refunded_fen = Some(lease.deposit_fen - 150_000);
    store.repo::<ExitChecklist>().create(&mut checklist).unwrap();
    let stored = store.repo::<Lease>().exit_checklist(lease.id).unwrap().unwrap();
    assert_eq!((stored.deposit_held_fen, stored.deposit_refunded_fen), (9_000_000, Some(8_850_000)));
    // After the refund, nothing more is deducted.
    let mut late =
        DepositDeduction { id: 0, lease_id: lease.id, amount_fen: 100, reason: "迟到的扣款".into() };
    assert_eq!(refusal_key(store.repo::<DepositDeduction>().create(&mut late)), "deposit_already_refunded");
    assert_eq!(
        store.repo::<Lease>().move_stage(lease.id, LeaseStage::Exited, "").unwrap().stage,
        LeaseStage::Exited
    );
}

#[test]
fn a_renewal_that_would_overlap_another_lease_on_the_unit_is_refused() {
    let store = memory_store();
    let lease = draft(&store, "1F-A06");
    activate(&store, lease.id);
    let old = store.repo::<Lease>().get(lease.id).unwrap();
    // Another merchant already has the unit from March after the old lease ends.
    let mut other = merchant("下一位商户");
    store.repo::<Merchant>().create(&mut other).unwrap();
    let after_end = old.end_date + chrono::Duration::days(60);
    let mut next = common::lease(other.id, lease.unit_id, "2000-01-01", "2000-12-31");
    next.start_date = after_end;
    next.end_date = after_end + chrono::Duration::days(365);
    store.repo::<Lease>().create(&mut next).unwrap();
    let mut terms = old.clone();
    terms.start_date = old.end_date + chrono::Duration::days(1);
    terms.end_date = old.end_date + chrono::Duration::days(3 * 365);
    assert_eq!(refusal_key(store.repo::<Lease>().renew(lease.id, &terms)), "lease_overlap");
    assert_eq!(store.repo::<Lease>().successor(lease.id).unwrap(), None, "nothing written");
    // Ending before the other lease starts, it is accepted.
    terms.end_date = after_end - chrono::Duration::days(1);
    assert!(store.repo::<Lease>().renew(lease.id, &terms).is_ok());
}
