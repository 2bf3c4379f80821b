//! Deterministic demo data: a lively mall (`small`) for trying the program, or the ten-year
//! size of DOMAIN.md (`large`) for benchmarks. The same seed and day give the same data. Rows
//! go through the repository's validation (so the demo is valid data), in batched transactions
//! with one audit row per batch, into a temporary file that replaces the target only when
//! complete.

mod leasing;
mod meetings;
mod names;
mod service;

use std::path::{Path, PathBuf};

use crate::domain::clock::MallClock;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::domain::callback::{
    Attempt, AttemptResult, Callback, CallbackReason, CallbackStatus, ContactMode, PartyKind,
};
use crate::domain::complaint::{
    ComplainantType, Complaint, ComplaintCategory, ComplaintKind, ComplaintLevel, ComplaintSource,
    ComplaintStep, EscalationTier, Satisfaction, StepRecord,
};
use crate::domain::lease::{
    Approval, ApprovalDecision, ApproverRole, Charge, ChargeKind, Dunning, DunningMode, ExitChecklist, Lease,
    LeaseStage, Payment, PaymentMethod,
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
use crate::store::Refusal;
use crate::store::{Result, Store, Writer};
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
    /// Per mille of customer complaints that name a merchant having a bad year.
    merchant_complaint_permille: u32,
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
                recent_every: 20,
                merchant_complaint_permille: 80,
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
                merchant_complaint_permille: 10,
                charge_months: 12,
                batch: 20_000,
            },
        }
    }
}

/// The demo mall is in China: its clock is `Asia/Shanghai` wherever the demo is made or read.
pub fn mall_clock() -> MallClock {
    MallClock::new(chrono_tz::Asia::Shanghai)
}

/// The mall's day of an instant.
fn mall_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&mall_zone()).date_naive()
}

fn mall_zone() -> chrono_tz::Tz {
    mall_clock().zone()
}

/// Told after each batch of demo rows: the table, rows written so far, rows it will have.
/// Told (table, rows written, rows planned) after each batch; answers whether to go on (false
/// when Ctrl-C was pressed: the half-made file is removed).
pub type Progress<'p> = &'p mut dyn FnMut(&'static str, usize, usize) -> bool;

/// Creates a demo database at `path` (which must not hold records yet).
pub fn create(
    path: &Path,
    size: DemoSize,
    seed: u64,
    today: NaiveDate,
    operator: &str,
) -> Result<DemoSummary> {
    create_with_progress(path, size, seed, today, operator, &mut |_, _, _| true)
}

/// [`create`], telling `progress` after each batch (the large demo takes minutes).
pub fn create_with_progress(
    path: &Path,
    size: DemoSize,
    seed: u64,
    today: NaiveDate,
    operator: &str,
    progress: Progress<'_>,
) -> Result<DemoSummary> {
    if path.exists() && std::fs::metadata(path)?.len() > 0 {
        let existing = Store::open(path, operator)?;
        if existing.check()?.rows > 0 {
            return Err(Refusal::new("demo_not_empty").with("path", path.display()).into());
        }
    }
    let temp = temp_path(path);
    remove_database_files(&temp);
    let made = (|| -> Result<DemoSummary> {
        let mut store = Store::open(&temp, operator)?;
        store.set_clock(mall_clock())?;
        // The temporary file is thrown away on failure, so durability per batch is not needed.
        store.conn().execute_batch("PRAGMA synchronous = OFF")?;
        let summary = generate_with_progress(&store, size, seed, today, progress)?;
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA synchronous = FULL")?;
        Ok(summary)
    })();
    // Stopped or failed: the half-made file goes (the store is closed by now).
    let summary = made.inspect_err(|_| remove_database_files(&temp))?;
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
    generate_with_progress(store, size, seed, today, &mut |_, _, _| true)
}

fn generate_with_progress(
    store: &Store,
    size: DemoSize,
    seed: u64,
    today: NaiveDate,
    progress: Progress<'_>,
) -> Result<DemoSummary> {
    let now = mall_zone()
        .from_local_datetime(&today.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("valid time")))
        .single()
        .expect("10:00 is unambiguous in Shanghai")
        .with_timezone(&Utc);
    let mut demo = Demo {
        store,
        rng: fastrand::Rng::with_seed(seed),
        now,
        today,
        plan: size.plan(),
        staff: Vec::new(),
        signers: Vec::new(),
        units: Vec::new(),
        merchants: Vec::new(),
        active_by_zone: Vec::new(),
        summary: DemoSummary::default(),
        progress,
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
    /// The unit of the merchant's current lease and the day it starts (complaints about the
    /// merchant from that day on name that unit).
    unit: Option<(i64, NaiveDate)>,
}

struct Demo<'s> {
    store: &'s Store,
    rng: fastrand::Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    plan: Plan,
    /// (id, name, role)
    staff: Vec<(i64, String, StaffRole)>,
    /// Active staff who may sign each step of the lease approval chain.
    signers: Vec<(ApproverRole, i64, String)>,
    /// (id, code, zone)
    units: Vec<(i64, String, String)>,
    merchants: Vec<MerchantRef>,
    /// Zones with the merchants holding an active lease there.
    active_by_zone: Vec<(String, Vec<(i64, String)>)>,
    summary: DemoSummary,
    progress: Progress<'s>,
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
            if !(self.progress)(table, end, count) {
                return Err(Refusal::new("demo_stopped").into());
            }
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
        let at = mall_zone()
            .from_local_datetime(&local)
            .single()
            .expect("Shanghai has no clock changes")
            .with_timezone(&Utc);
        if at <= self.now {
            return at;
        }
        // Later today than now: spread over the part of today already gone (no extra draw, so
        // the rest of the demo stays as it was), never all at the same minute.
        let midnight = mall_zone()
            .from_local_datetime(&day.and_time(NaiveTime::MIN))
            .single()
            .expect("Shanghai has no clock changes")
            .with_timezone(&Utc);
        let gone = (self.now - midnight).num_seconds().max(60);
        self.now - Duration::seconds(1 + i64::from(seconds) % gone)
    }

    /// A day within the plan's span, weighted towards recent days (a growing mall).
    fn days_ago(&mut self) -> i64 {
        let span = self.plan.days as f64;
        let x = self.rng.f64();
        (x.powf(1.15) * span) as i64
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
}
