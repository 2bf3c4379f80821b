//! Table-driven validation of every record family: Chinese text and emoji pass, while
//! 10,000-character strings, control characters and bad phone numbers are refused, each with
//! the field to fix. Validation runs before any write, so the store refuses the same records.

mod common;

use common::*;
use malldesk::domain::callback::{Attempt, AttemptResult, ContactMode};
use malldesk::domain::lease::{Charge, ChargeKind, Payment, PaymentMethod};
use malldesk::domain::meeting::{ActionItem, ActionStatus};
use malldesk::domain::prospect::{Interaction, InteractionMode};
use malldesk::domain::staff::StaffRole;
use malldesk::domain::validate::Problem;
use malldesk::domain::{ValidationErrors, phone::PhoneProblem};
use rstest::rstest;

const HUGE: fn() -> String = || "长".repeat(10_000);

/// Runs one family's validation after `edit`, returning the problem of `field`, if any.
fn problem<T>(
    mut record: T,
    edit: impl FnOnce(&mut T),
    validate: fn(&mut T) -> Result<(), ValidationErrors>,
    field: &str,
) -> Option<Problem> {
    edit(&mut record);
    validate(&mut record).err().and_then(|e| e.for_field(field).cloned())
}

#[rstest]
#[case::chinese_and_emoji("星巴克 ☕️ 臻选", None)]
#[case::huge(&HUGE(), Some(Problem::TooLong { max: 100 }))]
#[case::control("星巴克\u{0}", Some(Problem::ControlCharacters))]
#[case::blank("  ", Some(Problem::Required))]
fn merchant_brand(#[case] brand: &str, #[case] expected: Option<Problem>) {
    let got = problem(merchant("x"), |m| m.brand = brand.into(), |m| m.validate(), "brand");
    assert_eq!(got, expected);
}

#[rstest]
#[case::mobile("+86 139 1234 5678", None)]
#[case::landline("0571-8888 6666", None)]
#[case::short("139123", Some(Problem::Phone(PhoneProblem::WrongLength { digits: 6 })))]
#[case::letters("139-ABCD-5678", Some(Problem::Phone(PhoneProblem::BadCharacters)))]
#[case::no_area_code("88886666", Some(Problem::Phone(PhoneProblem::NeedsAreaCode)))]
#[case::missing("", Some(Problem::Required))]
fn phones_in_every_family(#[case] phone: &str, #[case] expected: Option<Problem>) {
    assert_eq!(
        problem(merchant("x"), |m| m.phone = phone.into(), |m| m.validate(), "phone"),
        expected,
        "merchant"
    );
    assert_eq!(
        problem(prospect("x"), |p| p.phone = phone.into(), |p| p.validate(), "phone"),
        expected,
        "prospect"
    );
    assert_eq!(
        problem(callback("x"), |c| c.phone = phone.into(), |c| c.validate(), "phone"),
        expected,
        "callback"
    );
    // Optional phones: a blank one is simply absent.
    let optional = expected.clone().filter(|p| *p != Problem::Required);
    assert_eq!(
        problem(complaint("x"), |c| c.phone = Some(phone.into()), |c| c.validate(), "phone"),
        optional,
        "complaint"
    );
    assert_eq!(
        problem(staff("x", StaffRole::Clerk), |s| s.phone = Some(phone.into()), |s| s.validate(), "phone"),
        optional,
        "staff"
    );
}

#[rstest]
#[case::chinese("顾客反映：\n买的鞋子开胶了。\t要求退货 👟", None)]
#[case::huge(&HUGE(), Some(Problem::TooLong { max: 5000 }))]
#[case::escape("颜色\u{1b}[31m红", Some(Problem::ControlCharacters))]
#[case::empty("", Some(Problem::Required))]
fn complaint_content(#[case] content: &str, #[case] expected: Option<Problem>) {
    assert_eq!(
        problem(complaint("x"), |c| c.content = content.into(), |c| c.validate(), "content"),
        expected
    );
}

#[test]
fn long_text_and_names_in_other_families() {
    assert_eq!(
        problem(staff("x", StaffRole::Clerk), |s| s.name = HUGE(), |s| s.validate(), "name"),
        Some(Problem::TooLong { max: 40 })
    );
    assert_eq!(
        problem(unit("1F-A01", "A区"), |u| u.zone = HUGE(), |u| u.validate(), "zone"),
        Some(Problem::TooLong { max: 40 })
    );
    assert_eq!(
        problem(prospect("x"), |p| p.notes = HUGE(), |p| p.validate(), "notes"),
        Some(Problem::TooLong { max: 5000 })
    );
    assert_eq!(
        problem(meeting(None), |m| m.host = "王\u{7f}".into(), |m| m.validate(), "host"),
        Some(Problem::ControlCharacters)
    );
    assert_eq!(
        problem(meeting(None), |m| m.duration_min = 0, |m| m.validate(), "duration_min"),
        Some(Problem::OutOfRange { min: 1, max: 600 })
    );
    let interaction = Interaction {
        id: 0,
        prospect_id: 1,
        at: at("2026-11-22T02:00:00Z"),
        mode: InteractionMode::Wechat,
        summary: String::new(),
        next_step: String::new(),
        staff_id: None,
    };
    assert_eq!(problem(interaction, |_| {}, |i| i.validate(), "summary"), Some(Problem::Required));
    let action = ActionItem {
        id: 0,
        meeting_id: 1,
        text: "整改".into(),
        owner: String::new(),
        due_date: None,
        status: ActionStatus::Open,
        result: String::new(),
    };
    assert_eq!(problem(action, |_| {}, |a| a.validate(), "owner"), Some(Problem::Required));
}

#[rstest]
#[case::end_before_start("2026-12-01", "2026-11-30", "end_date", Some(Problem::EndNotAfterStart))]
#[case::same_day("2026-12-01", "2026-12-01", "end_date", Some(Problem::EndNotAfterStart))]
#[case::fine("2026-12-01", "2027-11-30", "end_date", None)]
fn lease_dates(
    #[case] start: &str,
    #[case] end: &str,
    #[case] field: &str,
    #[case] expected: Option<Problem>,
) {
    let mut l = lease(1, 1, start, end);
    l.number = "HT-2026-0001".into();
    assert_eq!(problem(l, |_| {}, |l| l.validate(), field), expected);
}

#[test]
fn money_must_not_be_negative() {
    let mut l = lease(1, 1, "2026-01-01", "2027-01-01");
    l.number = "HT-2026-0002".into();
    assert_eq!(problem(l, |l| l.deposit_fen = -1, |l| l.validate(), "deposit_fen"), Some(Problem::Negative));
    let charge = Charge {
        id: 0,
        lease_id: 1,
        period: "2026-13".into(),
        kind: ChargeKind::Water,
        amount_fen: -5,
        due_date: day("2026-12-05"),
    };
    let errors = charge.clone().validate().unwrap_err();
    assert_eq!(errors.for_field("period"), Some(&Problem::BadFormat { example: "2026-11" }));
    assert_eq!(errors.for_field("amount_fen"), Some(&Problem::Negative));
    let payment = Payment {
        id: 0,
        charge_id: 1,
        amount_fen: 0,
        paid_on: day("2026-12-01"),
        method: PaymentMethod::Cash,
        receipt_no: "R1".into(),
    };
    assert!(problem(payment, |_| {}, |p| p.validate(), "amount_fen").is_some());
    let mut case = complaint("x");
    case.compensation_fen = -100;
    assert_eq!(problem(case, |_| {}, |c| c.validate(), "compensation_fen"), Some(Problem::Negative));
}

#[test]
fn the_store_refuses_what_validation_refuses() {
    use malldesk::domain::callback::Callback;
    use malldesk::store::StoreError;
    let store = memory_store();
    // A merchant whose brand is too long: refused with that field, nothing written.
    match store.repo::<malldesk::domain::merchant::Merchant>().create(&mut merchant(&HUGE())) {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors.for_field("brand"), Some(&Problem::TooLong { max: 100 }));
        }
        other => panic!("a too-long brand must be refused by the store: {other:?}"),
    }
    assert_eq!(rows(&store, "merchants"), 0);
    // A "call later" attempt without the time: refused by the store, the callback unchanged.
    let mut callback = callback("回访对象");
    store.repo::<Callback>().create(&mut callback).unwrap();
    let mut attempt = Attempt {
        id: 0,
        callback_id: callback.id,
        at: at("2026-11-22T02:00:00Z"),
        mode: ContactMode::Sms,
        result: AttemptResult::CallLater,
        call_later_at: None,
        note: String::new(),
        operator: "x".into(),
    };
    match store.repo::<Callback>().record_attempt(&mut attempt) {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors.for_field("call_later_at"), Some(&Problem::Required));
        }
        other => panic!("a call-later attempt without its time must be refused: {other:?}"),
    }
    assert_eq!(rows(&store, "callback_attempts"), 0);
    assert_eq!(store.repo::<Callback>().get(callback.id).unwrap(), callback);
}

/// Each family's own check runs in the store, whatever the caller skipped: a record the
/// validator refuses is refused by `create` with that field named, and nothing is written.
#[test]
fn every_family_is_validated_by_the_store_itself() {
    use malldesk::store::{Entity, StoreError};
    fn refused<T: Entity + std::fmt::Debug>(store: &malldesk::store::Store, mut record: T, field: &str) {
        let before = rows(store, T::TABLE);
        match store.repo::<T>().create(&mut record) {
            Err(StoreError::Invalid(errors)) => {
                assert!(errors.for_field(field).is_some(), "{}: {field} named in {errors:?}", T::TABLE)
            }
            other => panic!("{}: a bad {field} must be refused by the store: {other:?}", T::TABLE),
        }
        assert_eq!(rows(store, T::TABLE), before, "{}: nothing written", T::TABLE);
    }
    let store = memory_store();
    refused(
        &store,
        malldesk::domain::callback::Callback { phone: "12".into(), ..callback("回访对象") },
        "phone",
    );
    refused(&store, complaint("   "), "content");
    refused(
        &store,
        malldesk::domain::prospect::Prospect { phone: "12".into(), ..prospect("新品牌") },
        "phone",
    );
    refused(&store, staff("", malldesk::domain::staff::StaffRole::Clerk), "name");
    refused(&store, unit("", "A区"), "code");
}

/// A prospect's stage move carries its reason through the store's own check: at most 200
/// characters even where a reason is optional; nothing is written when it is refused.
#[test]
fn a_stage_move_reason_is_held_to_its_length() {
    use malldesk::domain::prospect::{Prospect, ProspectStage};
    use malldesk::store::StoreError;
    let store = memory_store();
    let mut p = prospect("长理由");
    store.repo::<Prospect>().create(&mut p).unwrap();
    let moves = rows(&store, "prospect_stage_moves");
    let result = store.repo::<Prospect>().move_stage(p.id, ProspectStage::Intent, &"因".repeat(201));
    assert!(matches!(&result, Err(StoreError::Invalid(e)) if e.for_field("reason").is_some()), "{result:?}");
    assert_eq!(rows(&store, "prospect_stage_moves"), moves, "nothing written");
    assert_eq!(store.repo::<Prospect>().get(p.id).unwrap().stage, ProspectStage::Potential);
    store.repo::<Prospect>().move_stage(p.id, ProspectStage::Intent, &"因".repeat(200)).unwrap();
}
