//! Sample records for the whole-program tests: one valid record of each family, with Chinese
//! text, built around a store that already has the records they point to.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use malldesk::domain::callback::{Callback, CallbackReason, CallbackStatus, PartyKind};
use malldesk::domain::complaint::{Complaint, ComplaintCategory};
use malldesk::domain::lease::{Lease, LeaseStage};
use malldesk::domain::meeting::{Meeting, MeetingKind};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::{Prospect, ProspectStage, SourceChannel};
use malldesk::domain::staff::{Department, Staff, StaffRole};
use malldesk::domain::unit::Unit;
use malldesk::store::Store;

/// The real program with its data and config folders inside `home` (never the user's), and
/// no database or settings named by the environment.
pub fn program(home: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("malldesk"));
    command
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env_remove("MALLDESK_DB")
        .env_remove("MALLDESK_CONFIG");
    command
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("test instant")
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

pub fn staff(name: &str, role: StaffRole) -> Staff {
    Staff {
        id: 0,
        name: name.into(),
        role,
        department: Department::Service,
        phone: Some("139 0000 1111".into()),
        active: true,
        zone: String::new(),
    }
}

pub fn unit(code: &str, zone: &str) -> Unit {
    Unit {
        id: 0,
        code: code.into(),
        floor: "2F".into(),
        zone: zone.into(),
        area_dm2: 12_050,
        category: "餐饮".into(),
    }
}

pub fn merchant(brand: &str) -> Merchant {
    Merchant {
        id: 0,
        brand: brand.into(),
        company: format!("上海{brand}餐饮管理有限公司"),
        contact: "李娜".into(),
        phone: "+86 138-0013-8000".into(),
        category: "餐饮".into(),
        licence_no: Some("91310000MA1234567X".into()),
        licence_expiry: Some(day("2027-06-30")),
    }
}

pub fn prospect(brand: &str) -> Prospect {
    Prospect {
        id: 0,
        brand: brand.into(),
        company: "杭州茶语有限公司".into(),
        contact: "陈先生".into(),
        phone: "136 0000 1234".into(),
        category: "茶饮".into(),
        area_min_dm2: Some(3000),
        area_max_dm2: Some(8000),
        wanted_floor: "1F".into(),
        wanted_zone: String::new(),
        budget_fen: Some(2_000_000),
        source: SourceChannel::WalkIn,
        staff_id: None,
        stage: ProspectStage::Potential,
        lost_reason: None,
        next_follow_up: Some(day("2026-11-25")),
        notes: "想要临街铺位 🍵".into(),
        registered_at: at("2026-11-20T02:00:00Z"),
        first_contact_at: None,
        merchant_id: None,
    }
}

pub fn lease(merchant_id: i64, unit_id: i64, start: &str, end: &str) -> Lease {
    Lease {
        id: 0,
        number: String::new(),
        merchant_id,
        unit_id,
        prospect_id: None,
        start_date: day(start),
        end_date: day(end),
        monthly_rent_fen: 3_000_000,
        management_fee_fen: 400_000,
        deposit_fen: 9_000_000,
        payment_day: 5,
        stage: LeaseStage::Draft,
        renews_lease_id: None,
    }
}

/// The five people of the default approval chain (created once per store): handler, leasing
/// manager, finance manager, deputy GM and GM, as (staff id, name) in chain order.
pub fn signers(store: &Store) -> Vec<(i64, String)> {
    let people = [
        ("赵经办", StaffRole::Leasing, Department::Leasing),
        ("钱经理", StaffRole::Manager, Department::Leasing),
        ("孙财务", StaffRole::FinanceManager, Department::Finance),
        ("李副总", StaffRole::DeputyGm, Department::Management),
        ("周总", StaffRole::Gm, Department::Management),
    ];
    people
        .iter()
        .map(|(name, role, department)| {
            let filter = malldesk::store::staff::StaffFilter { text: (*name).into(), ..Default::default() };
            let found =
                store.repo::<Staff>().page(&filter, &malldesk::store::PageRequest::first(1)).unwrap().rows;
            let id = match found.first() {
                Some(s) => s.id,
                None => store
                    .repo::<Staff>()
                    .create(&mut Staff { department: *department, ..staff(name, *role) })
                    .unwrap(),
            };
            (id, name.to_string())
        })
        .collect()
}

/// Gives every signature the default chain still needs, in order.
pub fn approve(store: &Store, lease_id: i64) {
    use malldesk::domain::lease::{Approval, ApprovalDecision};
    let people = signers(store);
    let chain: Vec<_> = malldesk::domain::lease::ApproverRole::all().collect();
    for (role, (staff_id, name)) in chain.into_iter().zip(people) {
        if !store.repo::<Lease>().chain(lease_id).unwrap().missing.contains(&role) {
            continue;
        }
        let mut approval = Approval {
            id: 0,
            lease_id,
            role,
            staff_id: Some(staff_id),
            approver: name,
            at: store_now(),
            decision: ApprovalDecision::Approved,
            note: String::new(),
        };
        store.repo::<Lease>().sign(&mut approval).unwrap();
    }
}

/// Takes a draft lease through review and the whole approval chain to active.
pub fn activate(store: &Store, lease_id: i64) -> Lease {
    let repo = store.repo::<Lease>();
    repo.move_stage(lease_id, LeaseStage::LegalReview, "").unwrap();
    approve(store, lease_id);
    repo.move_stage(lease_id, LeaseStage::Approved, "").unwrap();
    repo.move_stage(lease_id, LeaseStage::Active, "").unwrap()
}

pub fn complaint(content: &str) -> Complaint {
    Complaint {
        complainant: "张女士".into(),
        phone: Some("138-1234-5678".into()),
        category: ComplaintCategory::GoodsQuality,
        content: content.into(),
        department: "营运部".into(),
        ..Complaint::new(at("2026-11-22T02:30:00Z"))
    }
}

pub fn callback(name: &str) -> Callback {
    Callback {
        id: 0,
        party_kind: PartyKind::Customer,
        party_name: name.into(),
        phone: "13912345678".into(),
        reason: CallbackReason::Survey,
        complaint_id: None,
        merchant_id: None,
        prospect_id: None,
        due_at: at("2026-11-25T02:00:00Z"),
        staff_id: None,
        key_customer: true,
        status: CallbackStatus::Open,
        outcome: None,
        customer_words: String::new(),
        failed_attempts: 0,
        created_at: at("2026-11-22T02:00:00Z"),
        done_at: None,
    }
}

pub fn meeting(zone: Option<&str>) -> Meeting {
    Meeting {
        id: 0,
        kind: MeetingKind::MorningBriefing,
        starts_at: at("2026-11-23T00:45:00Z"),
        zone: zone.map(str::to_string),
        host: "王主管".into(),
        duration_min: 15,
        minutes: String::new(),
        series_id: None,
    }
}

pub fn memory_store() -> Store {
    Store::open_in_memory("测试员").expect("in-memory store")
}

pub mod desk;
pub mod pty;

/// How many rows a table holds (for checking that nothing partial was written).
pub fn rows(store: &Store, table: &str) -> u64 {
    store.table_rows(table).expect("known table")
}

/// The supervisor who approves proposals in tests ("王主管"), created on first use.
pub fn supervisor(store: &Store) -> String {
    const NAME: &str = "王主管";
    let filter = malldesk::store::staff::StaffFilter { text: NAME.into(), ..Default::default() };
    if store.repo::<Staff>().count(&filter).unwrap() == 0 {
        store.repo::<Staff>().create(&mut staff(NAME, StaffRole::Supervisor)).unwrap();
    }
    NAME.to_string()
}

/// Records a reached call with `satisfaction` on the case's open callback (the only way a case
/// is called back); `choice` says what an unsatisfied verdict does.
pub fn call_back(
    store: &Store,
    case_id: i64,
    satisfaction: malldesk::domain::complaint::Satisfaction,
    choice: malldesk::store::callbacks::IfUnsatisfied,
) -> Callback {
    use malldesk::domain::callback::{Attempt, AttemptResult, ContactMode};
    let callback_id = store.repo::<Complaint>().callback_to_make(case_id).unwrap();
    let mut call = malldesk::store::callbacks::Call {
        attempt: Attempt {
            id: 0,
            callback_id,
            at: store_now(),
            mode: ContactMode::Phone,
            result: AttemptResult::Reached,
            call_later_at: None,
            note: String::new(),
            operator: String::new(),
        },
        outcome: Some(satisfaction),
        words: "顾客的原话".into(),
        if_unsatisfied: choice,
        open_complaint: false,
    };
    store.repo::<Callback>().record_call(&mut call).unwrap()
}

fn store_now() -> DateTime<Utc> {
    malldesk::domain::clock::now()
}
