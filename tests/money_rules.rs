//! Right money at the desk: charges inside their lease and once per period and kind, payments
//! never above what is owed and receipts used once, and no exit while anything is owed (issue
//! "Right money, right approvals, right rosters", items 3–5 and 7).

mod common;

use common::*;
use malldesk::domain::lease::{Charge, ChargeKind, ExitChecklist, Lease, LeaseStage, Payment, PaymentMethod};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::unit::Unit;
use malldesk::store::{Store, StoreError};

fn active_lease(store: &Store) -> Lease {
    let mut merchant = merchant("一点点");
    store.repo::<Merchant>().create(&mut merchant).unwrap();
    let mut unit = unit("1F-A01", "A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut lease = lease(merchant.id, unit.id, "2026-12-01", "2028-11-30");
    store.repo::<Lease>().create(&mut lease).unwrap();
    common::activate(store, lease.id);
    store.repo::<Lease>().get(lease.id).unwrap()
}

fn charge(lease_id: i64, period: &str, amount_fen: i64) -> Charge {
    Charge {
        id: 0,
        lease_id,
        period: period.into(),
        kind: ChargeKind::Rent,
        amount_fen,
        due_date: day(&format!("{period}-05")),
    }
}

fn payment(charge_id: i64, amount_fen: i64, receipt: &str) -> Payment {
    Payment {
        id: 0,
        charge_id,
        amount_fen,
        paid_on: day("2026-12-03"),
        method: PaymentMethod::BankTransfer,
        receipt_no: receipt.into(),
    }
}

/// The field a refused write names, and its message on a Chinese screen.
fn refused_field(result: Result<i64, StoreError>, field: &str) -> String {
    match result {
        Err(StoreError::Invalid(errors)) => {
            let problem = errors.for_field(field).unwrap_or_else(|| panic!("{field} not named: {errors:?}"));
            malldesk::ui::i18n::Lang::ZhCn.problem(problem)
        }
        other => panic!("expected {field} to be refused, got {other:?}"),
    }
}

#[test]
fn a_charge_falls_inside_its_lease_once_per_period_and_kind() {
    let store = memory_store();
    let lease = active_lease(&store);
    let before = store.repo::<Charge>().count(&Default::default()).unwrap();
    let early =
        refused_field(store.repo::<Charge>().create(&mut charge(lease.id, "2026-11", 1_800_000)), "period");
    assert!(early.contains("2026-12"), "says the lease's months: {early}");
    store.repo::<Charge>().create(&mut charge(lease.id, "2026-12", 1_800_000)).unwrap();
    let twice =
        refused_field(store.repo::<Charge>().create(&mut charge(lease.id, "2026-12", 1_800_000)), "period");
    assert!(
        !twice.contains("UNIQUE") && !twice.is_ascii(),
        "a sentence in Chinese, not the database's: {twice}"
    );
    assert_eq!(store.repo::<Charge>().count(&Default::default()).unwrap(), before + 1);
}

#[test]
fn a_payment_never_exceeds_what_is_owed_and_a_receipt_is_used_once() {
    let store = memory_store();
    let lease = active_lease(&store);
    let mut rent = charge(lease.id, "2026-12", 1_800_000);
    store.repo::<Charge>().create(&mut rent).unwrap();
    store.repo::<Payment>().create(&mut payment(rent.id, 1_000_000, "SJ-001")).unwrap();
    let over =
        refused_field(store.repo::<Payment>().create(&mut payment(rent.id, 900_000, "SJ-002")), "amount_fen");
    assert!(over.contains("8000.00"), "names the balance in yuan: {over}");
    for amount in [0, -100] {
        let message = refused_field(
            store.repo::<Payment>().create(&mut payment(rent.id, amount, "SJ-003")),
            "amount_fen",
        );
        assert!(!message.contains("9223372036854775807"), "{message}");
    }
    let reused =
        refused_field(store.repo::<Payment>().create(&mut payment(rent.id, 100_000, "SJ-001")), "receipt_no");
    assert!(reused.contains("收据"), "{reused}");
    assert_eq!(rows(&store, "payments"), 1, "nothing partial written");
    store.repo::<Payment>().create(&mut payment(rent.id, 800_000, "SJ-002")).unwrap();
    assert_eq!(store.repo::<Lease>().arrears(lease.id, day("2027-01-01")).unwrap(), 0);
}

#[test]
fn a_lease_exits_only_when_nothing_is_owed() {
    let store = memory_store();
    let lease = active_lease(&store);
    let mut rent = charge(lease.id, "2026-12", 667_500);
    store.repo::<Charge>().create(&mut rent).unwrap();
    let mut checklist = ExitChecklist {
        id: 0,
        lease_id: lease.id,
        notice_given_on: Some(day("2026-12-01")),
        charges_settled_on: Some(day("2026-12-10")),
        deposit_refunded_on: Some(day("2026-12-12")),
        unit_inspected_on: Some(day("2026-12-10")),
        note: String::new(),
        deposit_held_fen: lease.deposit_fen,
        deposit_refunded_fen: Some(lease.deposit_fen),
    };
    let ticked =
        refused_field(store.repo::<ExitChecklist>().create(&mut checklist.clone()), "charges_settled_on");
    assert!(ticked.contains("6675.00"), "{ticked}");
    let exit = store.repo::<Lease>().move_stage(lease.id, LeaseStage::Exited, "");
    match &exit {
        Err(StoreError::Refused(refusal)) => {
            let zh = refusal.message("zh-CN");
            assert!(zh.contains("6675.00") && zh.contains(&lease.number), "{zh}");
        }
        other => panic!("exit with arrears must be refused: {other:?}"),
    }
    assert_eq!(store.repo::<Lease>().get(lease.id).unwrap().stage, LeaseStage::Active);
    store.repo::<Payment>().create(&mut payment(rent.id, 667_500, "SJ-100")).unwrap();
    store.repo::<ExitChecklist>().create(&mut checklist).unwrap();
    assert_eq!(
        store.repo::<Lease>().move_stage(lease.id, LeaseStage::Exited, "").unwrap().stage,
        LeaseStage::Exited
    );
}

/// Every refusal the store can give reads as Chinese on a Chinese screen: no English words.
#[test]
fn every_store_refusal_has_its_chinese_wording() {
    let en = include_str!("../assets/locales/en.yml");
    let keys: Vec<&str> = en
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(k, _)| k))
        .filter(|k| k.starts_with("refusal.") || k.starts_with("rule.") || k.starts_with("stored."))
        .collect();
    assert!(keys.len() > 30, "{keys:?}");
    // Every refusal and rule the source can raise has its wording.
    let mut used = Vec::new();
    for entry in walk("src") {
        let text = std::fs::read_to_string(&entry).unwrap();
        for (marker, prefix) in [
            ("Refusal::new(\"", "refusal."),
            ("Problem::rule(\"", "rule."),
            ("Problem::rule_with(\"", "rule."),
            ("record_text(\"", "stored."),
        ] {
            for part in text.split(marker).skip(1) {
                let name = part.split('"').next().unwrap();
                used.push(format!("{prefix}{name}"));
            }
        }
    }
    assert!(used.len() > 40, "{used:?}");
    for key in &used {
        assert!(keys.contains(&key.as_str()), "{key} is raised in src/ but has no wording");
    }
    for key in keys {
        let mut text = rust_i18n_text(key);
        // Placeholders are filled with values, not read.
        while let Some(start) = text.find("%{") {
            let end = text[start..].find('}').map_or(text.len(), |e| start + e + 1);
            text.replace_range(start..end, "");
        }
        let words: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| {
                w.len() > 1
                    && !["F5", "F4", "db", "malldesk", "zone", "Asia", "Shanghai", "y", "n"].contains(w)
            })
            .collect();
        assert!(words.is_empty() || key == "refusal.demo_not_empty", "{key} has English in Chinese: {text}");
    }
}

fn rust_i18n_text(key: &str) -> String {
    let zh = include_str!("../assets/locales/zh-CN.yml");
    zh.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("{key} missing in zh-CN.yml"))
        .to_string()
}

/// On an occupied unit with the end before the start and a negative rent, the lease form shows
/// all three problems at once, not only the overlap.
#[test]
fn the_lease_form_shows_every_problem_at_once() {
    use malldesk::store::leases::LeaseFilter;
    use malldesk::ui::i18n::Lang;
    use malldesk::ui::tabs::Tab;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&desk::demo_file(dir.path()), "王芳").unwrap();
    let live = store
        .repo::<Lease>()
        .page(&LeaseFilter::default(), &malldesk::store::PageRequest::first(50))
        .unwrap()
        .rows
        .into_iter()
        .find(|l| l.stage == LeaseStage::Active)
        .expect("the demo has live leases");
    let app = desk::desk(store, Lang::ZhCn, (120, 40));
    let ctx = app.fetch_context();
    let mut form = Tab::Leases.source().form(app.store(), &ctx, None).unwrap();
    form.field_mut("merchant_id").set_pick(live.merchant_id, "商户".into());
    form.field_mut("unit_id").set_pick(live.unit_id, "铺位".into());
    // Both dates inside the live lease, the end before the start.
    form.field_mut("start_date").set_text(&(live.start_date + chrono::Duration::days(40)).to_string());
    form.field_mut("end_date").set_text(&(live.start_date + chrono::Duration::days(10)).to_string());
    form.field_mut("monthly_rent_fen").set_text("-100");
    form.field_mut("payment_day").set_text("5");
    let leases_before = rows(app.store(), "leases");
    assert!(Tab::Leases.source().save(app.store(), &ctx, &mut form).is_err());
    assert!(form.field("end_date").error.is_some(), "end before start");
    assert!(form.field("monthly_rent_fen").error.is_some(), "negative rent");
    let overlap = form.error.clone().unwrap_or_default();
    assert!(overlap.contains(&live.number), "and the overlap: {overlap}");
    assert_eq!(rows(app.store(), "leases"), leases_before);
}

/// Every `.rs` file under `dir`.
fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![std::path::PathBuf::from(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}
