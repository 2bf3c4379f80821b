//! Deterministic demo data: a lively mall (`small`) for trying the program, or the ten-year
//! size of DOMAIN.md (`large`) for benchmarks. The same seed and day give the same data. Rows
//! go through the repository's validation (so the demo is valid data), in batched transactions
//! with one audit row per batch, into a temporary file that replaces the target only when
//! complete.

mod names;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::domain::callback::{
    Attempt, AttemptResult, Callback, CallbackReason, CallbackStatus, ContactMode, PartyKind,
};
use crate::domain::complaint::{
    ComplainantType, Complaint, ComplaintCategory, ComplaintKind, ComplaintLevel, ComplaintSource,
    ComplaintStep, EscalationTier, Satisfaction, StepRecord,
};
use crate::domain::lease::{
    Approval, ApproverRole, Charge, ChargeKind, Dunning, DunningMode, ExitChecklist, Lease, LeaseStage,
    Payment, PaymentMethod,
};
use crate::domain::meeting::{
    ActionItem, ActionStatus, AgendaItem, AgendaTopic, Attendance, AttendanceStatus, Meeting, MeetingKind,
};
use crate::domain::merchant::Merchant;
use crate::domain::prospect::{
    Interaction, InteractionMode, Prospect, ProspectStage, SourceChannel, StageMove,
};
use crate::domain::staff::{Department, Staff, StaffRole};
use crate::domain::unit::Unit;
use crate::store::{Result, Store, StoreError, Writer};
use names::*;

/// How big a mall to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DemoSize {
    /// About 100 merchants and a year of records.
    Small,
    /// DOMAIN.md's ten-year size: 500,000 complaints, 1,000,000 callbacks and attempts…
    Large,
}

/// Counts of the main records to create.
#[derive(Debug, Clone, Copy)]
struct Plan {
    staff: usize,
    units: usize,
    merchants: usize,
    prospects: usize,
    complaints: usize,
    callbacks: usize,
    meetings: usize,
    days: i64,
    /// Every n-th complaint is from the last few days, so the desk has today's work.
    recent_every: usize,
    charge_months: u32,
    batch: usize,
}

impl DemoSize {
    fn plan(self) -> Plan {
        match self {
            DemoSize::Small => Plan {
                staff: 14,
                units: 120,
                merchants: 100,
                prospects: 160,
                complaints: 400,
                callbacks: 220,
                meetings: 40,
                days: 365,
                recent_every: 10,
                charge_months: 6,
                batch: 100_000,
            },
            DemoSize::Large => Plan {
                staff: 60,
                units: 2000,
                merchants: 3000,
                prospects: 50_000,
                complaints: 500_000,
                callbacks: 100_000,
                meetings: 5000,
                days: 3650,
                recent_every: 400,
                charge_months: 12,
                batch: 20_000,
            },
        }
    }
}

/// The mall's local time (China Standard Time), fixed so demo data is the same everywhere.
fn mall_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Creates a demo database at `path` (which must not hold records yet).
pub fn create(
    path: &Path,
    size: DemoSize,
    seed: u64,
    today: NaiveDate,
    operator: &str,
) -> Result<DemoSummary> {
    if path.exists() && std::fs::metadata(path)?.len() > 0 {
        let existing = Store::open(path, operator)?;
        if existing.check()?.rows > 0 {
            return Err(StoreError::Refused(format!(
                "{} already holds records: choose another --db path for the demo, or move that file away",
                path.display()
            )));
        }
    }
    let temp = temp_path(path);
    remove_database_files(&temp);
    let summary = {
        let store = Store::open(&temp, operator)?;
        // The temporary file is thrown away on failure, so durability per batch is not needed.
        store.conn().execute_batch("PRAGMA synchronous = OFF")?;
        let summary = generate(&store, size, seed, today)?;
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA synchronous = FULL")?;
        summary
    };
    remove_database_files(path);
    std::fs::rename(&temp, path)?;
    remove_database_files(&temp);
    Ok(summary)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".demo-tmp");
    path.with_file_name(name)
}

fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// What was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub tables: Vec<(&'static str, usize)>,
}

impl DemoSummary {
    pub fn total(&self) -> usize {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Fills an open, empty store with demo data.
pub fn generate(store: &Store, size: DemoSize, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let now = mall_zone()
        .from_local_datetime(&today.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("valid time")))
        .single()
        .expect("fixed offsets are unambiguous")
        .with_timezone(&Utc);
    let mut demo = Demo {
        store,
        rng: fastrand::Rng::with_seed(seed),
        now,
        today,
        plan: size.plan(),
        staff: Vec::new(),
        units: Vec::new(),
        merchants: Vec::new(),
        active_by_zone: Vec::new(),
        summary: DemoSummary::default(),
    };
    demo.staff()?;
    demo.units()?;
    demo.merchants()?;
    demo.leases()?;
    demo.prospects()?;
    demo.complaints()?;
    demo.callbacks()?;
    demo.meetings()?;
    Ok(demo.summary)
}

#[derive(Clone)]
struct MerchantRef {
    id: i64,
    brand: String,
    contact: String,
    phone: String,
    category: usize,
}

struct Demo<'s> {
    store: &'s Store,
    rng: fastrand::Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    plan: Plan,
    /// (id, name, role)
    staff: Vec<(i64, String, StaffRole)>,
    /// (id, code, zone)
    units: Vec<(i64, String, String)>,
    merchants: Vec<MerchantRef>,
    /// Zones with the merchants holding an active lease there.
    active_by_zone: Vec<(String, Vec<(i64, String)>)>,
    summary: DemoSummary,
}

impl Demo<'_> {
    /// Writes `count` rows in batched transactions, each batch with one audit row.
    fn batched(
        &mut self,
        table: &'static str,
        count: usize,
        mut row: impl FnMut(&mut Self, &Writer<'_>, usize) -> Result<usize>,
    ) -> Result<()> {
        let mut written = 0;
        let mut start = 0;
        let store = self.store;
        while start < count {
            let end = (start + self.plan.batch).min(count);
            written += store.write_at(self.now, |w| {
                let mut rows = 0;
                for index in start..end {
                    rows += row(self, w, index)?;
                }
                w.audit(
                    "demo",
                    0,
                    "generate",
                    None::<&()>,
                    Some(&serde_json::json!({ "table": table, "rows": rows })),
                )?;
                Ok(rows)
            })?;
            start = end;
        }
        self.summary.tables.push((table, written));
        Ok(())
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn person(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN_NAMES))
    }

    fn mobile(&mut self) -> String {
        format!("1{}{}{:08}", self.rng.u8(3..=9), self.rng.u8(0..=9), self.rng.u32(0..100_000_000))
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(0..100) < percent
    }

    /// A moment during opening hours (09:00–21:00 mall time), `days_ago` days before today.
    fn at_day(&mut self, days_ago: i64) -> DateTime<Utc> {
        let day = self.today - Duration::days(days_ago);
        let seconds = self.rng.u32(9 * 3600..21 * 3600);
        let local =
            day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).expect("in range"));
        let at = mall_zone().from_local_datetime(&local).single().expect("fixed offset").with_timezone(&Utc);
        at.min(self.now)
    }

    /// A day within the plan's span, weighted towards recent days (a growing mall).
    fn days_ago(&mut self) -> i64 {
        let span = self.plan.days as f64;
        let x = self.rng.f64();
        (x.powf(1.5) * span) as i64
    }

    fn staff_with(&mut self, role: StaffRole) -> (i64, String) {
        let matching: Vec<&(i64, String, StaffRole)> = self.staff.iter().filter(|s| s.2 == role).collect();
        let chosen = matching[self.rng.usize(..matching.len())];
        (chosen.0, chosen.1.clone())
    }

    fn brand(&mut self, category: usize) -> String {
        let suffix = *self.pick(CATEGORIES[category].1);
        format!("{}{}{}", self.pick(BRAND_FIRST), self.pick(BRAND_SECOND), suffix)
    }

    fn staff(&mut self) -> Result<()> {
        let count = self.plan.staff;
        self.batched("staff", count, |d, w, i| {
            let (role, department) = match i % 7 {
                0 | 1 => (StaffRole::Clerk, Department::Service),
                2..=4 => (StaffRole::Leasing, Department::Leasing),
                5 => (
                    StaffRole::Supervisor,
                    if i % 2 == 0 { Department::Service } else { Department::Operations },
                ),
                _ => (StaffRole::Manager, Department::Leasing),
            };
            let mut staff = Staff {
                id: 0,
                name: d.person(),
                role,
                department,
                phone: Some(d.mobile()),
                active: i % 13 != 12,
            };
            w.insert_unaudited(&mut staff)?;
            d.staff.push((staff.id, staff.name, role));
            Ok(1)
        })
    }

    fn units(&mut self) -> Result<()> {
        let count = self.plan.units;
        let per_zone = count.div_ceil(FLOORS.len() * ZONE_LETTERS.len()).max(1);
        self.batched("units", count, |d, w, i| {
            let floor = FLOORS[i / per_zone / ZONE_LETTERS.len() % FLOORS.len()];
            let letter = ZONE_LETTERS[i / per_zone % ZONE_LETTERS.len()];
            let category = d.rng.usize(..CATEGORIES.len());
            let mut unit = Unit {
                id: 0,
                code: format!("{floor}-{letter}{:02}", i % per_zone + 1),
                floor: floor.to_string(),
                zone: format!("{floor} {letter}区"),
                area_dm2: i64::from(d.rng.u32(30..300)) * 100 + i64::from(d.rng.u32(0..100)),
                category: CATEGORIES[category].0.to_string(),
            };
            w.insert_unaudited(&mut unit)?;
            d.units.push((unit.id, unit.code, unit.zone));
            Ok(1)
        })
    }

    fn merchants(&mut self) -> Result<()> {
        let count = self.plan.merchants;
        self.batched("merchants", count, |d, w, _| {
            let category = d.rng.usize(..CATEGORIES.len());
            let brand = d.brand(category);
            let expiry = d.today + Duration::days(d.rng.i64(-60..900));
            let mut merchant = Merchant {
                id: 0,
                brand: brand.clone(),
                company: format!("{}{}{}有限公司", d.pick(CITIES), &brand, d.pick(COMPANY_KINDS)),
                contact: d.person(),
                phone: d.mobile(),
                category: CATEGORIES[category].0.to_string(),
                licence_no: Some(format!("91{:016}", d.rng.u64(0..10_000_000_000_000_000))),
                licence_expiry: Some(expiry),
            };
            w.insert_unaudited(&mut merchant)?;
            d.merchants.push(MerchantRef {
                id: merchant.id,
                brand,
                contact: merchant.contact,
                phone: merchant.phone,
                category,
            });
            Ok(1)
        })
    }

    /// Active leases for most units, some in preparation, and ended ones before them; with
    /// approvals, monthly charges and payments, dunning for arrears and exit checklists.
    fn leases(&mut self) -> Result<()> {
        let units = self.units.clone();
        let merchants = self.merchants.clone();
        let mut zones: Vec<(String, Vec<(i64, String)>)> = Vec::new();
        let count = units.len().min(merchants.len());
        self.batched("leases", count, |d, w, i| {
            let (unit_id, code, zone) = &units[i];
            let merchant = &merchants[i];
            let mut rows = 0;
            // An earlier tenant that left, on a third of the units.
            if i % 3 == 0 {
                let previous = &merchants[(i + count / 2 + 1) % merchants.len()];
                let start = d.today - Duration::days(d.rng.i64(1500..2200));
                let end = start + Duration::days(365 * 3);
                let stage = [LeaseStage::Exited, LeaseStage::Terminated, LeaseStage::Renewed][i / 3 % 3];
                let lease = d.lease(w, previous.id, *unit_id, start, end, stage)?;
                rows += 1 + d.approvals(w, &lease)?;
                if stage == LeaseStage::Exited {
                    let done = Some(end);
                    let mut checklist = ExitChecklist {
                        id: 0,
                        lease_id: lease.id,
                        notice_given_on: Some(end - Duration::days(60)),
                        charges_settled_on: done,
                        deposit_refunded_on: done.map(|e| e + Duration::days(10)),
                        unit_inspected_on: done,
                        note: "已验收，押金已退".into(),
                    };
                    w.insert_unaudited(&mut checklist)?;
                    rows += 1;
                }
            }
            let stage = match i % 25 {
                0 => LeaseStage::Draft,
                1 => LeaseStage::LegalReview,
                2 => LeaseStage::Approved,
                _ => LeaseStage::Active,
            };
            let start = if stage == LeaseStage::Active {
                d.today - Duration::days(d.rng.i64(30..1000))
            } else {
                d.today + Duration::days(d.rng.i64(10..60))
            };
            let mut end = start + Duration::days(365 * i64::from(d.rng.u8(1..=5)));
            if end <= d.today {
                end = d.today + Duration::days(d.rng.i64(5..400));
            }
            let lease = d.lease(w, merchant.id, *unit_id, start, end, stage)?;
            rows += 1;
            if matches!(stage, LeaseStage::Approved | LeaseStage::Active) {
                rows += d.approvals(w, &lease)?;
            }
            if stage == LeaseStage::Active {
                rows += d.charges(w, &lease)?;
                match zones.iter_mut().find(|(z, _)| z == zone) {
                    Some((_, list)) => list.push((merchant.id, format!("{} {code}", merchant.brand))),
                    None => {
                        zones.push((zone.clone(), vec![(merchant.id, format!("{} {code}", merchant.brand))]))
                    }
                }
            }
            Ok(rows)
        })?;
        self.active_by_zone = zones;
        Ok(())
    }

    fn lease(
        &mut self,
        w: &Writer<'_>,
        merchant_id: i64,
        unit_id: i64,
        start: NaiveDate,
        end: NaiveDate,
        stage: LeaseStage,
    ) -> Result<Lease> {
        let rent_per_m2 = i64::from(self.rng.u32(80..400));
        let area_m2 = i64::from(self.rng.u32(30..300));
        let mut lease = Lease {
            id: 0,
            number: String::new(),
            merchant_id,
            unit_id,
            prospect_id: None,
            start_date: start,
            end_date: end,
            monthly_rent_fen: rent_per_m2 * area_m2 * 100,
            management_fee_fen: 25 * area_m2 * 100,
            deposit_fen: rent_per_m2 * area_m2 * 300,
            payment_day: self.rng.u8(1..=28),
            stage,
        };
        w.insert_unaudited(&mut lease)?;
        Ok(lease)
    }

    fn approvals(&mut self, w: &Writer<'_>, lease: &Lease) -> Result<usize> {
        let signed = mall_zone()
            .from_local_datetime(
                &(lease.start_date - Duration::days(20))
                    .and_time(NaiveTime::from_hms_opt(15, 0, 0).expect("valid")),
            )
            .single()
            .expect("fixed offset")
            .with_timezone(&Utc)
            .min(self.now);
        for (step, role) in ApproverRole::all().enumerate() {
            let mut approval = Approval {
                id: 0,
                lease_id: lease.id,
                role,
                approver: self.person(),
                at: signed + Duration::hours(step as i64 * 20),
                note: String::new(),
            };
            approval.at = approval.at.min(self.now);
            w.insert_unaudited(&mut approval)?;
        }
        Ok(ApproverRole::all().count())
    }

    fn charges(&mut self, w: &Writer<'_>, lease: &Lease) -> Result<usize> {
        let mut rows = 0;
        let mut arrears = false;
        for back in 0..self.plan.charge_months {
            let month = self.today.with_day(1).expect("day 1") - chrono::Months::new(back);
            if month < lease.start_date.with_day(1).expect("day 1") {
                break;
            }
            let due = month.with_day(u32::from(lease.payment_day)).expect("day ≤ 28");
            for (kind, amount) in [
                (ChargeKind::Rent, lease.monthly_rent_fen),
                (ChargeKind::ManagementFee, lease.management_fee_fen),
            ] {
                let mut charge = Charge {
                    id: 0,
                    lease_id: lease.id,
                    period: month.format("%Y-%m").to_string(),
                    kind,
                    amount_fen: amount,
                    due_date: due,
                };
                w.insert_unaudited(&mut charge)?;
                rows += 1;
                let paid = match (due < self.today, self.rng.u8(0..100)) {
                    (false, _) => 0,
                    (true, 0..=6) => 0,
                    (true, 7..=10) => amount / 2,
                    _ => amount,
                };
                if paid < amount && due < self.today {
                    arrears = true;
                }
                if paid > 0 {
                    let method = *self.pick(&[
                        PaymentMethod::BankTransfer,
                        PaymentMethod::Wechat,
                        PaymentMethod::Alipay,
                        PaymentMethod::Cash,
                    ]);
                    let mut payment = Payment {
                        id: 0,
                        charge_id: charge.id,
                        amount_fen: paid,
                        paid_on: (due - Duration::days(self.rng.i64(0..5))).min(self.today),
                        method,
                        receipt_no: format!("SJ{}{:06}", month.format("%Y%m"), charge.id),
                    };
                    w.insert_unaudited(&mut payment)?;
                    rows += 1;
                }
            }
        }
        if arrears {
            let mut dunning = Dunning {
                id: 0,
                lease_id: lease.id,
                at: {
                    let days = self.rng.i64(0..10);
                    self.at_day(days)
                },
                mode: *self.pick(&[DunningMode::Phone, DunningMode::Sms, DunningMode::Letter]),
                note: "提醒尽快缴清欠费".into(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut dunning)?;
            rows += 1;
        }
        Ok(rows)
    }

    fn prospects(&mut self) -> Result<()> {
        let count = self.plan.prospects;
        let merchants = self.merchants.clone();
        self.batched("prospects", count, |d, w, i| {
            let category = d.rng.usize(..CATEGORIES.len());
            let age = if i % 8 == 0 { d.rng.i64(0..20) } else { d.days_ago() };
            let registered_at = d.at_day(age);
            let stage = match (age, i % 10) {
                (0..=10, 0..=5) => ProspectStage::Potential,
                (0..=10, _) | (_, 0..=1) => ProspectStage::Intent,
                (_, 2..=3) => ProspectStage::Negotiating,
                (_, 4..=5) => ProspectStage::Signed,
                (_, 6..=8) => ProspectStage::Lost,
                _ => ProspectStage::Potential,
            };
            let (staff_id, staff_name) = d.staff_with(StaffRole::Leasing);
            let source = SourceChannel::all().nth(d.rng.usize(..7)).expect("seven channels");
            let min_m2 = i64::from(d.rng.u32(30..200));
            let mut prospect = Prospect {
                id: 0,
                brand: d.brand(category),
                company: if d.chance(70) {
                    format!("{}{}有限公司", d.pick(CITIES), d.pick(COMPANY_KINDS))
                } else {
                    String::new()
                },
                contact: d.person(),
                phone: d.mobile(),
                category: CATEGORIES[category].0.to_string(),
                area_min_dm2: Some(min_m2 * 100),
                area_max_dm2: Some((min_m2 + i64::from(d.rng.u32(10..150))) * 100),
                wanted_floor: d.pick(FLOORS).to_string(),
                wanted_zone: String::new(),
                budget_fen: Some(i64::from(d.rng.u32(1..20)) * 1_000_000),
                source,
                staff_id: Some(staff_id),
                stage,
                lost_reason: (stage == ProspectStage::Lost).then(|| d.pick(LOST_REASONS).to_string()),
                next_follow_up: matches!(stage, ProspectStage::Intent | ProspectStage::Negotiating)
                    .then(|| d.today + Duration::days(d.rng.i64(-5..14))),
                notes: String::new(),
                registered_at,
                first_contact_at: None,
                merchant_id: (stage == ProspectStage::Signed).then(|| merchants[i % merchants.len()].id),
            };
            w.insert_unaudited(&mut prospect)?;
            let mut rows = 1;
            // Some new prospects are still waiting for their first contact.
            let contacts =
                if stage == ProspectStage::Potential && i % 3 == 0 { 0 } else { d.rng.usize(1..4) };
            for n in 0..contacts {
                let at = (registered_at + Duration::hours(d.rng.i64(2..72) + n as i64 * 96)).min(d.now);
                let mode = InteractionMode::all().nth(d.rng.usize(..6)).expect("six modes");
                let mut interaction = Interaction {
                    id: 0,
                    prospect_id: prospect.id,
                    at,
                    mode,
                    summary: d.pick(INTERACTION_SUMMARIES).to_string(),
                    next_step: d.pick(NEXT_STEPS).to_string(),
                    staff_id: Some(staff_id),
                };
                w.insert_unaudited(&mut interaction)?;
                rows += 1;
            }
            let path: &[ProspectStage] = match stage {
                ProspectStage::Potential => &[],
                ProspectStage::Intent => &[ProspectStage::Intent],
                ProspectStage::Negotiating => &[ProspectStage::Intent, ProspectStage::Negotiating],
                ProspectStage::Signed => {
                    &[ProspectStage::Intent, ProspectStage::Negotiating, ProspectStage::Signed]
                }
                ProspectStage::Lost => &[ProspectStage::Intent, ProspectStage::Lost],
            };
            let mut from = ProspectStage::Potential;
            for (n, to) in path.iter().enumerate() {
                let mut step = StageMove {
                    id: 0,
                    prospect_id: prospect.id,
                    from_stage: from,
                    to_stage: *to,
                    at: (registered_at + Duration::days(3 + 7 * n as i64)).min(d.now),
                    operator: staff_name.clone(),
                    reason: prospect
                        .lost_reason
                        .clone()
                        .filter(|_| *to == ProspectStage::Lost)
                        .unwrap_or_default(),
                };
                w.insert_unaudited(&mut step)?;
                from = *to;
                rows += 1;
            }
            Ok(rows)
        })
    }

    fn complaints(&mut self) -> Result<()> {
        let count = self.plan.complaints;
        let merchants = self.merchants.clone();
        let units = self.units.clone();
        self.batched("complaints", count, |d, w, i| {
            let kind = match i % 20 {
                0..=8 => ComplaintKind::Complaint,
                9..=14 => ComplaintKind::Repair,
                15 => ComplaintKind::Help,
                16..=17 => ComplaintKind::Incident,
                _ => ComplaintKind::Suggestion,
            };
            let age = if i % d.plan.recent_every == 0 { d.rng.i64(0..6) } else { d.days_ago() };
            let received_at = d.at_day(age);
            let merchant = &merchants[d.rng.usize(..merchants.len())];
            let goods = *d.pick(CATEGORIES[merchant.category].2);
            let (category, content) = match kind {
                ComplaintKind::Complaint => {
                    let (category, text) = *d.pick(COMPLAINT_TEXTS);
                    (category.parse().expect("known category"), text.replace("{goods}", goods))
                }
                ComplaintKind::Repair => (ComplaintCategory::Facilities, d.pick(REPAIR_TEXTS).to_string()),
                ComplaintKind::Help => (ComplaintCategory::Safety, d.pick(HELP_TEXTS).to_string()),
                ComplaintKind::Incident => (ComplaintCategory::Other, d.pick(INCIDENT_TEXTS).to_string()),
                ComplaintKind::Suggestion => (ComplaintCategory::Other, d.pick(SUGGESTION_TEXTS).to_string()),
            };
            let valid = match kind {
                ComplaintKind::Complaint | ComplaintKind::Suggestion => Some(i % 7 != 3),
                _ => None,
            };
            let path = step_path(kind, valid);
            let last = if age > 20 || (i % 10 == 9) { path.len() - 1 } else { d.rng.usize(..path.len()) };
            let step = path[last];
            let reached = |s: ComplaintStep| path[..=last].contains(&s);
            let (handler_id, _) = d.staff_with(StaffRole::Clerk);
            let (_, supervisor) = d.staff_with(StaffRole::Supervisor);
            let from_merchant = kind == ComplaintKind::Repair;
            let now = d.now;
            let step_at = |n: usize| (received_at + Duration::hours(4 + 14 * n as i64)).min(now);
            let satisfaction = reached(ComplaintStep::CalledBack).then_some(match i % 10 {
                0..=6 => Satisfaction::Satisfied,
                7..=8 => Satisfaction::Neutral,
                _ => Satisfaction::Unsatisfied,
            });
            let position = |s: ComplaintStep| path.iter().position(|p| *p == s).unwrap_or(0);
            let customer = format!("{}{}", d.pick(SURNAMES), if i % 2 == 0 { "女士" } else { "先生" });
            let customer_phone = (i % 11 != 0).then(|| d.mobile());
            let department = d.pick(DEPARTMENTS).to_string();
            let responsible = d.person();
            let compensation = i64::from(d.rng.u32(50..500)) * 100;
            let unit_id = units[d.rng.usize(..units.len())].0;
            let words = d.pick(CUSTOMER_WORDS).to_string();
            let mut case = Complaint {
                id: 0,
                number: String::new(),
                kind,
                source: ComplaintSource::all().nth(i % 6).expect("six sources"),
                received_at,
                complainant: if from_merchant { merchant.contact.clone() } else { customer },
                complainant_type: if from_merchant {
                    ComplainantType::Merchant
                } else {
                    ComplainantType::Customer
                },
                phone: if from_merchant { Some(merchant.phone.clone()) } else { customer_phone },
                merchant_id: (kind != ComplaintKind::Help).then_some(merchant.id),
                unit_id: Some(unit_id),
                category,
                content,
                level: if i % 37 == 0 {
                    ComplaintLevel::Online
                } else if i % 23 == 0 {
                    ComplaintLevel::Escalated
                } else {
                    ComplaintLevel::Normal
                },
                escalation: if i % 23 == 0 { EscalationTier::Area } else { EscalationTier::Project },
                department,
                handler_id: Some(handler_id),
                step,
                valid: valid.filter(|_| reached(ComplaintStep::Judged)),
                cause: if reached(ComplaintStep::Investigating) {
                    "经核实情况属实".into()
                } else {
                    String::new()
                },
                responsible_person: if reached(ComplaintStep::Investigating) {
                    responsible
                } else {
                    String::new()
                },
                remedy: if reached(ComplaintStep::Proposal) || reached(ComplaintStep::Resolved) {
                    "退换货并致歉".into()
                } else {
                    String::new()
                },
                compensation_fen: if reached(ComplaintStep::Proposal) && i % 5 == 0 {
                    compensation
                } else {
                    0
                },
                approved_by: reached(ComplaintStep::Proposal).then(|| supervisor.clone()),
                approved_at: reached(ComplaintStep::Proposal)
                    .then(|| step_at(position(ComplaintStep::Proposal))),
                resolved_at: reached(ComplaintStep::Resolved)
                    .then(|| step_at(position(ComplaintStep::Resolved))),
                satisfaction,
                closing_summary: if step == ComplaintStep::Closed {
                    "已处理完毕，归档".into()
                } else {
                    String::new()
                },
                closed_at: (step == ComplaintStep::Closed).then(|| step_at(last)),
                due_at: None,
            };
            w.insert_unaudited(&mut case)?;
            let mut rows = 2;
            for (n, s) in path.iter().enumerate().take(last + 1).skip(1) {
                let mut record = StepRecord {
                    id: 0,
                    complaint_id: case.id,
                    step: *s,
                    at: step_at(n),
                    operator: supervisor.clone(),
                    note: String::new(),
                };
                w.insert_unaudited(&mut record)?;
                rows += 1;
            }
            if reached(ComplaintStep::Resolved)
                && let Some(phone) = case.phone.clone()
            {
                let resolved = case.resolved_at.expect("resolved");
                let outcome = case.satisfaction;
                rows += d.callback_with_attempts(
                    w,
                    Callback {
                        id: 0,
                        party_kind: if from_merchant { PartyKind::Merchant } else { PartyKind::Customer },
                        party_name: case.complainant.clone(),
                        phone,
                        reason: if kind == ComplaintKind::Repair {
                            CallbackReason::AfterRepair
                        } else {
                            CallbackReason::AfterComplaint
                        },
                        complaint_id: Some(case.id),
                        merchant_id: case.merchant_id,
                        prospect_id: None,
                        due_at: resolved + Duration::days(3),
                        staff_id: Some(handler_id),
                        key_customer: i % 17 == 0,
                        status: if outcome.is_some() { CallbackStatus::Done } else { CallbackStatus::Open },
                        outcome,
                        customer_words: if outcome.is_some() { words } else { String::new() },
                        failed_attempts: 0,
                        created_at: resolved,
                        done_at: outcome.map(|_| resolved + Duration::days(1)),
                    },
                )?;
            }
            Ok(rows)
        })
    }

    /// Inserts a callback and attempts that agree with its status.
    fn callback_with_attempts(&mut self, w: &Writer<'_>, mut callback: Callback) -> Result<usize> {
        let failures = match callback.status {
            CallbackStatus::Unreachable => 3,
            CallbackStatus::Done => u32::from(self.rng.u8(0..3) == 0),
            _ => u32::from(self.rng.u8(0..3)).min(2),
        };
        callback.failed_attempts = failures;
        w.insert_unaudited(&mut callback)?;
        let mut rows = 1;
        let failed_results = [
            AttemptResult::NoAnswer,
            AttemptResult::PoweredOff,
            AttemptResult::CannotConnect,
            AttemptResult::Forwarded,
            AttemptResult::WrongNumber,
        ];
        let start = callback.created_at + Duration::hours(20);
        for n in 0..failures {
            let mut attempt = Attempt {
                id: 0,
                callback_id: callback.id,
                at: (start + Duration::hours(i64::from(n) * 5)).min(self.now),
                mode: ContactMode::Phone,
                result: *self.pick(&failed_results),
                call_later_at: None,
                note: String::new(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut attempt)?;
            rows += 1;
        }
        if callback.status == CallbackStatus::Done {
            let mut attempt = Attempt {
                id: 0,
                callback_id: callback.id,
                at: callback.done_at.unwrap_or(self.now).min(self.now),
                mode: if self.chance(85) { ContactMode::Phone } else { ContactMode::Wechat },
                result: AttemptResult::Reached,
                call_later_at: None,
                note: String::new(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut attempt)?;
            rows += 1;
        }
        Ok(rows)
    }

    /// Callbacks not born of a complaint: care calls, surveys, signings, new prospects.
    fn callbacks(&mut self) -> Result<()> {
        let count = self.plan.callbacks;
        let merchants = self.merchants.clone();
        self.batched("callbacks", count, |d, w, i| {
            let merchant = &merchants[d.rng.usize(..merchants.len())];
            let reason = [
                CallbackReason::PeriodicCare,
                CallbackReason::Survey,
                CallbackReason::AfterSigning,
                CallbackReason::AfterMoveIn,
                CallbackReason::NewProspect,
            ][i % 5];
            let age = if i % 6 == 0 { d.rng.i64(-3..4) } else { d.days_ago() };
            let created_at = d.at_day(age.max(0));
            let due_at = created_at + Duration::days(3);
            let status = if due_at > d.now || i % 9 == 0 && age < 10 {
                CallbackStatus::Open
            } else {
                match i % 20 {
                    0 => CallbackStatus::Unreachable,
                    1 => CallbackStatus::Cancelled,
                    _ => CallbackStatus::Done,
                }
            };
            let outcome = (status == CallbackStatus::Done).then_some(match i % 10 {
                0..=7 => Satisfaction::Satisfied,
                8 => Satisfaction::Neutral,
                _ => Satisfaction::Unsatisfied,
            });
            let words = if outcome.is_some() { d.pick(CUSTOMER_WORDS).to_string() } else { String::new() };
            let staff_id = d.staff_with(StaffRole::Clerk).0;
            d.callback_with_attempts(
                w,
                Callback {
                    id: 0,
                    party_kind: PartyKind::Merchant,
                    party_name: format!("{}（{}）", merchant.contact, merchant.brand),
                    phone: merchant.phone.clone(),
                    reason,
                    complaint_id: None,
                    merchant_id: Some(merchant.id),
                    prospect_id: None,
                    due_at,
                    staff_id: Some(staff_id),
                    key_customer: i % 8 == 0,
                    status,
                    outcome,
                    customer_words: words,
                    failed_attempts: 0,
                    created_at,
                    done_at: outcome.map(|_| (created_at + Duration::days(2)).min(d.now)),
                },
            )
        })
    }

    fn meetings(&mut self) -> Result<()> {
        let count = self.plan.meetings;
        let zones = std::mem::take(&mut self.active_by_zone);
        let every_merchant: Vec<(i64, String)> =
            zones.iter().flat_map(|(_, list)| list.iter().cloned()).collect();
        let per_day = count.div_ceil(self.plan.days as usize).max(1);
        self.batched("meetings", count, |d, w, i| {
            // Upcoming meetings first (the next week), then back in time.
            let days_back = (i / per_day) as i64 - 7;
            let day = d.today - Duration::days(days_back);
            // The first briefing on the first of the month is for every zone.
            let all_hands = day.day() == 1 && i % per_day == 0;
            let kind = match i % 12 {
                10 => MeetingKind::WeeklyJoint,
                11 if i % 24 == 11 => MeetingKind::MonthlyCoordination,
                11 => MeetingKind::InvestmentConference,
                _ => MeetingKind::MorningBriefing,
            };
            let briefing = kind == MeetingKind::MorningBriefing;
            let zone =
                (briefing && !all_hands && !zones.is_empty()).then(|| zones[i % zones.len()].0.clone());
            let time =
                if briefing { NaiveTime::from_hms_opt(8, 45, 0) } else { NaiveTime::from_hms_opt(14, 0, 0) }
                    .expect("valid");
            let starts_at = mall_zone()
                .from_local_datetime(&day.and_time(time))
                .single()
                .expect("fixed offset")
                .with_timezone(&Utc);
            let past = starts_at < d.now;
            let mut meeting = Meeting {
                id: 0,
                kind,
                starts_at,
                zone: zone.clone(),
                host: d.staff_with(StaffRole::Supervisor).1,
                duration_min: if briefing { 15 } else { 60 },
                minutes: if past {
                    "传达商场近期活动安排，强调消防通道畅通。".into()
                } else {
                    String::new()
                },
            };
            w.insert_unaudited(&mut meeting)?;
            let mut rows = 1;
            for (position, topic) in [
                AgendaTopic::MallEvents,
                AgendaTopic::InspectionFindings,
                AgendaTopic::RuleCompliance,
                AgendaTopic::UpcomingActivities,
            ]
            .into_iter()
            .enumerate()
            {
                let mut item = AgendaItem {
                    id: 0,
                    meeting_id: meeting.id,
                    position: position as u32 + 1,
                    topic,
                    text: String::new(),
                };
                w.insert_unaudited(&mut item)?;
                rows += 1;
            }
            if briefing {
                let roster: &[(i64, String)] = match &zone {
                    Some(z) => {
                        zones.iter().find(|(name, _)| name == z).map(|(_, l)| l.as_slice()).unwrap_or(&[])
                    }
                    None => &every_merchant,
                };
                for (position, (merchant_id, name)) in roster.iter().enumerate() {
                    let status = if !past {
                        AttendanceStatus::Expected
                    } else if position == 2 && i % 4 == 0 {
                        // Now and then a briefing is disturbed.
                        AttendanceStatus::Disruptive
                    } else {
                        match d.rng.u8(0..100) {
                            0..=79 => AttendanceStatus::Present,
                            80..=87 => AttendanceStatus::Late,
                            88..=90 => AttendanceStatus::LeftEarly,
                            91..=94 => AttendanceStatus::Excused,
                            95..=98 => AttendanceStatus::Unexcused,
                            _ => AttendanceStatus::Disruptive,
                        }
                    };
                    let present = matches!(
                        status,
                        AttendanceStatus::Present
                            | AttendanceStatus::Late
                            | AttendanceStatus::LeftEarly
                            | AttendanceStatus::Disruptive
                    );
                    let mut line = Attendance {
                        id: 0,
                        meeting_id: meeting.id,
                        merchant_id: Some(*merchant_id),
                        staff_id: None,
                        expected_name: name.clone(),
                        attendee_name: if present { d.person() } else { String::new() },
                        status,
                        penalty_tenths: w.settings().penalties().tenths(status),
                        note: String::new(),
                    };
                    w.insert_unaudited(&mut line)?;
                    rows += 1;
                }
            }
            if past && i % 3 == 0 {
                let mut action = ActionItem {
                    id: 0,
                    meeting_id: meeting.id,
                    text: "整改巡场发现的问题".into(),
                    owner: d.person(),
                    due_date: Some(day + Days::new(7)),
                    status: if days_back > 14 { ActionStatus::Done } else { ActionStatus::Open },
                    result: if days_back > 14 { "已整改".into() } else { String::new() },
                };
                w.insert_unaudited(&mut action)?;
                rows += 1;
            }
            Ok(rows)
        })
    }
}

/// The steps a case of `kind` goes through when carried to its end.
fn step_path(kind: ComplaintKind, valid: Option<bool>) -> &'static [ComplaintStep] {
    use ComplaintStep::*;
    match (kind, valid) {
        (ComplaintKind::Complaint, Some(false)) => &[Received, Judged, Closed],
        (ComplaintKind::Complaint, _) => {
            &[Received, Judged, Investigating, Proposal, Resolved, CalledBack, Closed]
        }
        (ComplaintKind::Repair | ComplaintKind::Incident, _) => {
            &[Received, Investigating, Resolved, CalledBack, Closed]
        }
        (ComplaintKind::Help, _) => &[Received, Resolved, CalledBack, Closed],
        (ComplaintKind::Suggestion, _) => &[Received, Judged, Closed],
    }
}
