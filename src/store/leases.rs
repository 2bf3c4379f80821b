//! Leases and what hangs off them: the approval chain, stage moves, renewal, deposit
//! deductions and the exit checklist (charges, payments and dunning are in `lease_money`).
//! Saving a lease assigns its number and refuses a second live lease on a unit for overlapping
//! dates; a lease exits only when nothing is owed and its checklist is complete.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};

use super::error::{Refusal, Result};
use super::record::{Conditions, Entity, ListFilter, Order, PageRequest, Repo, Writer};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::lease::{
    Approval, ApprovalDecision, ApproverRole, ChainState, DepositDeduction, ExitChecklist, Lease, LeaseMove,
    LeaseStage, deposit_refund_due,
};
use crate::domain::staff::Staff;
use crate::domain::validate::Problem;
use crate::domain::{ValidationErrors, format_yuan};

pub use super::lease_money::{ChargeFilter, PaymentFilter};
use super::lease_money::{outstanding, owed};

/// Stages whose lease holds (or will hold) its unit for its dates: the overlap guard's set.
const HOLDING: &str = "('draft', 'legal_review', 'approved', 'active', 'renewed')";

#[derive(Debug, Clone, Default)]
pub struct LeaseFilter {
    /// Lease number, or the merchant's brand, company or phone.
    pub text: String,
    pub stage: Option<LeaseStage>,
    pub merchant_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub live_only: bool,
    /// Only active leases ending on or before this day (the renewal / exit watch list).
    pub active_ending_by: Option<NaiveDate>,
    /// Only leases with a charge due before this day and not fully paid (in arrears).
    pub in_arrears_on: Option<NaiveDate>,
}

const SEARCH: TextSearch = TextSearch { fts: None, chars: None, like: &["number"] };

impl ListFilter for LeaseFilter {
    fn apply(&self, c: &mut Conditions) {
        let text = self.text.trim();
        if !text.is_empty() {
            // A lease is found by its own number or by anything that finds its merchant.
            let mut merchant = Conditions::default();
            merchant.text(&super::merchants::SEARCH, text);
            let mut number = Conditions::default();
            number.text(&SEARCH, text);
            let (merchant_sql, merchant_params) = merchant.into_parts();
            let (number_sql, number_params) = number.into_parts();
            let mut params: Vec<Value> = number_params.into_iter().chain(merchant_params).collect();
            let unit = if super::search::looks_like_unit_code(text) {
                params.push(Value::Text(format!("{}%", text.to_uppercase())));
                " OR unit_id IN (SELECT id FROM units WHERE code LIKE ?)"
            } else {
                ""
            };
            c.add(
                format!(
                    "({number_sql} OR merchant_id IN (SELECT id FROM merchants WHERE {merchant_sql}){unit})"
                ),
                params,
            );
        }
        c.eq_opt("stage", self.stage.map(sql::code));
        c.eq_opt("merchant_id", self.merchant_id.map(Into::into));
        c.eq_opt("unit_id", self.unit_id.map(Into::into));
        if self.live_only {
            c.add("stage IN ('draft', 'legal_review', 'approved', 'active')", []);
        }
        if let Some(day) = &self.in_arrears_on {
            c.add(
                "EXISTS (SELECT 1 FROM charges c WHERE c.lease_id = leases.id AND c.due_date < ?
                         AND c.amount_fen > coalesce((SELECT sum(p.amount_fen) FROM payments p
                                                      WHERE p.charge_id = c.id), 0))",
                [sql::date(day)],
            );
        }
        if let Some(day) = &self.active_ending_by {
            c.add("stage = 'active' AND end_date <= ?", [sql::date(day)]);
        }
    }
}

impl Entity for Lease {
    const TABLE: &'static str = "leases";
    const NAME: &'static str = "lease";
    const COLUMNS: &'static [&'static str] = &[
        "number",
        "merchant_id",
        "unit_id",
        "prospect_id",
        "start_date",
        "end_date",
        "monthly_rent_fen",
        "management_fee_fen",
        "deposit_fen",
        "payment_day",
        "stage",
        "renews_lease_id",
    ];
    const ORDER: Order = Order { columns: &["end_date", "id"], descending: false };
    type Filter = LeaseFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Lease {
            id: c.next()?,
            number: c.next()?,
            merchant_id: c.next()?,
            unit_id: c.next()?,
            prospect_id: c.next()?,
            start_date: c.date()?,
            end_date: c.date()?,
            monthly_rent_fen: c.next()?,
            management_fee_fen: c.next()?,
            deposit_fen: c.next()?,
            payment_day: c.next()?,
            stage: c.code()?,
            renews_lease_id: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.number),
            self.merchant_id.into(),
            self.unit_id.into(),
            self.prospect_id.into(),
            sql::date(&self.start_date),
            sql::date(&self.end_date),
            self.monthly_rent_fen.into(),
            self.management_fee_fen.into(),
            self.deposit_fen.into(),
            i64::from(self.payment_day).into(),
            sql::code(self.stage),
            self.renews_lease_id.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Lease::validate(self)
    }
    fn before_save(&mut self, w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        if let Some(stored) = stored
            && stored.stage != self.stage
        {
            return Err(Refusal::new("lease_stage_by_move")
                .with("number", &stored.number)
                .with_label("stage", "lease_stage", stored.stage.code())
                .into());
        }
        if self.number.trim().is_empty() {
            self.number = next_number(w, self.start_date.year())?;
        }
        refuse_overlap(w, self)
    }
}

/// `HT-<year>-NNNN`, sequential within the year of the lease's start.
fn next_number(w: &Writer<'_>, year: i32) -> Result<String> {
    let prefix = format!("HT-{year}-");
    let last: Option<String> = w
        .conn()
        .query_row(
            "SELECT number FROM leases WHERE number LIKE ? ORDER BY length(number) DESC, number DESC LIMIT 1",
            [format!("{prefix}%")],
            |row| row.get(0),
        )
        .optional()?;
    let next = last.and_then(|n| n[prefix.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    Ok(format!("{prefix}{next:04}"))
}

/// One unit cannot have two live leases whose periods overlap.
fn refuse_overlap(w: &Writer<'_>, lease: &Lease) -> Result<()> {
    match overlap(w.conn(), lease)? {
        Some(refusal) => Err(refusal.into()),
        None => Ok(()),
    }
}

/// The lease `lease` would overlap on its unit, as the refusal to show: a live one, or a renewed
/// one that still holds the unit until its end date.
fn overlap(conn: &rusqlite::Connection, lease: &Lease) -> Result<Option<Refusal>> {
    if !lease.stage.is_live() {
        return Ok(None);
    }
    let clash: Option<(String, String, String)> = conn
        .query_row(
            &format!(
                "SELECT number, start_date, end_date FROM leases
                 WHERE unit_id = ? AND id != ? AND stage IN {HOLDING}
                   AND start_date <= ? AND ? <= end_date LIMIT 1"
            ),
            rusqlite::params![
                lease.unit_id,
                lease.id,
                sql::date(&lease.end_date),
                sql::date(&lease.start_date)
            ],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(clash.map(|(number, start, end)| {
        Refusal::new("lease_overlap").with("number", number).with("start", start).with("end", end)
    }))
}

impl Repo<'_, Lease> {
    /// The overlap a save of `lease` would be refused for, if any (so a form can show it
    /// together with the fields to fix).
    pub fn overlap(&self, lease: &Lease) -> Result<Option<Refusal>> {
        overlap(self.store.conn(), lease)
    }

    /// Moves a lease to `to`, recording who, when and why. Going back to draft and ending early
    /// need a reason; "active" needs every signature of the approval chain; "exited" needs no
    /// money owed and a complete exit checklist; "renewed" happens only when a successor starts.
    pub fn move_stage(&self, lease_id: i64, to: LeaseStage, reason: &str) -> Result<Lease> {
        self.store.write(|w| {
            let lease: Lease = w.get(lease_id)?;
            if to == LeaseStage::Renewed && lease.stage.can_move_to(to) {
                return Err(Refusal::new("renewed_by_successor").with("number", &lease.number).into());
            }
            move_stage(w, lease, to, reason)
        })
    }

    /// The approval chain of a lease under the settings' order: who signed this round and who
    /// is still missing.
    pub fn chain(&self, lease_id: i64) -> Result<ChainState> {
        chain(self.store.conn(), &self.store.settings().leasing.approval_chain, lease_id)
    }

    /// Starts the renewal of an active lease: a successor draft on the same merchant and unit
    /// with the given terms, starting the day after this one ends and linked to it. The old lease
    /// stays active until the successor is activated (it is then "renewed" and keeps the unit
    /// to its end date); the successor goes through the approval chain like any lease.
    pub fn renew(&self, lease_id: i64, terms: &Lease) -> Result<Lease> {
        self.store.write(|w| {
            let old: Lease = w.get(lease_id)?;
            if old.stage != LeaseStage::Active {
                return Err(Refusal::new("renew_not_active")
                    .with("number", &old.number)
                    .with_label("stage", "lease_stage", old.stage.code())
                    .into());
            }
            if let Some(number) = successor_number(w.conn(), lease_id)? {
                return Err(Refusal::new("renewal_exists")
                    .with("number", &old.number)
                    .with("successor", number)
                    .into());
            }
            let follows = old.end_date + chrono::Duration::days(1);
            if terms.start_date != follows {
                return Err(ValidationErrors::one(
                    "start_date",
                    Problem::rule_with("renewal_start", follows.format("%Y-%m-%d").to_string()),
                )
                .into());
            }
            let mut successor = Lease {
                id: 0,
                number: String::new(),
                merchant_id: old.merchant_id,
                unit_id: old.unit_id,
                prospect_id: old.prospect_id,
                stage: LeaseStage::Draft,
                renews_lease_id: Some(old.id),
                ..terms.clone()
            };
            w.insert(&mut successor)?;
            Ok(successor)
        })
    }

    /// The unit a merchant trades from on `day`: that of its one active lease covering the day.
    /// None when it has no such lease or several (two shops): the desk proposes only what is
    /// certain.
    pub fn trading_unit(&self, merchant_id: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
        self.only_one(
            "SELECT u.id, u.code FROM leases l JOIN units u ON u.id = l.unit_id
             WHERE l.merchant_id = ?1 AND l.stage = 'active' AND l.start_date <= ?2 AND l.end_date >= ?2
             LIMIT 2",
            merchant_id,
            day,
        )
    }

    /// The merchant trading from a unit on `day` (its active lease covering the day).
    pub fn trading_merchant(&self, unit_id: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
        self.only_one(
            "SELECT m.id, m.brand FROM leases l JOIN merchants m ON m.id = l.merchant_id
             WHERE l.unit_id = ?1 AND l.stage = 'active' AND l.start_date <= ?2 AND l.end_date >= ?2
             LIMIT 2",
            unit_id,
            day,
        )
    }

    fn only_one(&self, sql: &str, id: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
        let mut statement = self.store.conn().prepare_cached(sql)?;
        let found: Vec<(i64, String)> = statement
            .query_map(rusqlite::params![id, day.format("%Y-%m-%d").to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(if found.len() == 1 { found.into_iter().next() } else { None })
    }

    /// The lease that renews this one, if a renewal was started.
    pub fn successor(&self, lease_id: i64) -> Result<Option<Lease>> {
        let id: Option<i64> = self
            .store
            .conn()
            .query_row(
                "SELECT id FROM leases WHERE renews_lease_id = ? ORDER BY id DESC LIMIT 1",
                [lease_id],
                |row| row.get(0),
            )
            .optional()?;
        id.map(|id| self.get(id)).transpose()
    }

    /// Records a signature of the approval chain (or a rejection, which sends the lease back to
    /// draft with the signature's note as the reason).
    pub fn sign(&self, approval: &mut Approval) -> Result<Lease> {
        self.store.write(|w| {
            w.insert(approval)?;
            w.get(approval.lease_id)
        })
    }

    /// A lease's stage moves, oldest first.
    pub fn moves(&self, lease_id: i64) -> Result<Vec<LeaseMove>> {
        Ok(self
            .store
            .repo::<LeaseMove>()
            .page(&ByLease { lease_id: Some(lease_id) }, &PageRequest::first(200))?
            .rows)
    }

    /// What the deductions from a lease's deposit add up to, in fen.
    pub fn deductions_total(&self, lease_id: i64) -> Result<i64> {
        deductions_total(self.store.conn(), lease_id)
    }

    /// The lease's exit checklist, if one was started.
    pub fn exit_checklist(&self, lease_id: i64) -> Result<Option<ExitChecklist>> {
        exit_checklist(self.store.conn(), lease_id)
    }

    /// Arrears of a lease on `today`: unpaid amounts of charges past their due date, in fen.
    pub fn arrears(&self, lease_id: i64, today: NaiveDate) -> Result<i64> {
        owed(self.store.conn(), lease_id, Some(today))
    }

    /// What the lease still owes on all its charges, due or not, in fen.
    pub fn outstanding(&self, lease_id: i64) -> Result<i64> {
        outstanding(self.store.conn(), lease_id)
    }
}

/// The one way a lease changes stage: checks the move and its conditions, records the move and
/// audits it. Activating a renewal marks its predecessor renewed.
fn move_stage(w: &Writer<'_>, mut lease: Lease, to: LeaseStage, reason: &str) -> Result<Lease> {
    let lease_id = lease.id;
    if !lease.stage.can_move_to(to) {
        let allowed: Vec<&str> = lease.stage.allowed_moves().iter().map(|s| s.code()).collect();
        return Err(Refusal::new("lease_move")
            .with("number", &lease.number)
            .with_label("from", "lease_stage", lease.stage.code())
            .with_label("to", "lease_stage", to.code())
            .with_labels("allowed", "lease_stage", &allowed)
            .into());
    }
    let mut record = LeaseMove {
        id: 0,
        lease_id,
        from_stage: lease.stage,
        to_stage: to,
        at: w.now(),
        operator: w.operator().to_string(),
        reason: reason.to_string(),
    };
    record.validate()?;
    if to == LeaseStage::Active {
        let state = chain(w.conn(), &w.settings().leasing.approval_chain, lease_id)?;
        if !state.is_complete() {
            let missing: Vec<&str> = state.missing.iter().map(|r| r.code()).collect();
            return Err(Refusal::new("approval_incomplete")
                .with("number", &lease.number)
                .with_labels("missing", "approver_role", &missing)
                .into());
        }
    }
    if to == LeaseStage::Exited {
        let owed = outstanding(w.conn(), lease_id)?;
        if owed > 0 {
            return Err(Refusal::new("exit_owing")
                .with("number", &lease.number)
                .with("amount", format_yuan(owed))
                .into());
        }
        let checklist = exit_checklist(w.conn(), lease_id)?;
        if !checklist.is_some_and(|c| c.is_complete()) {
            return Err(Refusal::new("exit_incomplete").with("number", &lease.number).into());
        }
    }
    w.insert_unaudited(&mut record)?;
    let before = lease.clone();
    lease.stage = to;
    w.conn().execute("UPDATE leases SET stage = ? WHERE id = ?", rusqlite::params![to.code(), lease_id])?;
    w.audit(Lease::TABLE, lease_id, "stage", Some(&before), Some(&lease))?;
    if to == LeaseStage::Active
        && let Some(previous_id) = lease.renews_lease_id
    {
        let previous: Lease = w.get(previous_id)?;
        if previous.stage == LeaseStage::Active {
            move_stage(w, previous, LeaseStage::Renewed, &lease.number)?;
        }
    }
    Ok(lease)
}

fn chain(conn: &rusqlite::Connection, order: &[ApproverRole], lease_id: i64) -> Result<ChainState> {
    let signatures = super::record::list_all::<Approval>(conn, &ByLease { lease_id: Some(lease_id) })?;
    Ok(ChainState::of(order, &signatures))
}

fn successor_number(conn: &rusqlite::Connection, lease_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            &format!("SELECT number FROM leases WHERE renews_lease_id = ? AND stage IN {HOLDING} LIMIT 1"),
            [lease_id],
            |row| row.get(0),
        )
        .optional()?)
}

fn deductions_total(conn: &rusqlite::Connection, lease_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(amount_fen), 0) FROM deposit_deductions WHERE lease_id = ?",
        [lease_id],
        |row| row.get(0),
    )?)
}

fn exit_checklist(conn: &rusqlite::Connection, lease_id: i64) -> Result<Option<ExitChecklist>> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM lease_exits WHERE lease_id = ?", [lease_id], |row| row.get(0))
        .optional()?;
    id.map(|id| super::record::find::<ExitChecklist>(conn, id).map(|c| c.expect("row just seen"))).transpose()
}

/// Children of one lease, listed by the lease.
#[derive(Debug, Clone, Default)]
pub struct ByLease {
    pub lease_id: Option<i64>,
}

impl ListFilter for ByLease {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("lease_id", self.lease_id.map(Into::into));
    }
}

impl Entity for Approval {
    const TABLE: &'static str = "lease_approvals";
    const NAME: &'static str = "approval";
    const COLUMNS: &'static [&'static str] =
        &["lease_id", "role", "staff_id", "approver", "at", "decision", "note"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = ByLease;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Approval {
            id: c.next()?,
            lease_id: c.next()?,
            role: c.code()?,
            staff_id: c.next()?,
            approver: c.next()?,
            at: c.instant()?,
            decision: c.code()?,
            note: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.lease_id.into(),
            sql::code(self.role),
            self.staff_id.into(),
            sql::text(&self.approver),
            sql::instant(&self.at),
            sql::code(self.decision),
            sql::text(&self.note),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Approval::validate(self)
    }
    /// Signatures come in the chain's order (a setting), each from an active staff member who
    /// holds the step's role and has not signed this round, while the lease is being approved.
    fn before_save(&mut self, w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        let lease: Lease = w.get(self.lease_id)?;
        if stored.is_some() {
            return Err(Refusal::new("approval_fixed").with("number", &lease.number).into());
        }
        if !matches!(lease.stage, LeaseStage::Draft | LeaseStage::LegalReview | LeaseStage::Approved) {
            return Err(Refusal::new("approval_stage")
                .with("number", &lease.number)
                .with_label("stage", "lease_stage", lease.stage.code())
                .into());
        }
        let order = &w.settings().leasing.approval_chain;
        let state = chain(w.conn(), order, lease.id)?;
        let Some(next) = state.step_for(self.decision, order) else {
            return Err(Refusal::new("approval_complete").with("number", &lease.number).into());
        };
        if self.role != next {
            return Err(Refusal::new("approval_order")
                .with("number", &lease.number)
                .with_label("role", "approver_role", self.role.code())
                .with_label("next", "approver_role", next.code())
                .into());
        }
        let Some(staff_id) = self.staff_id else {
            return Err(ValidationErrors::one("approver", Problem::rule("approver_pick")).into());
        };
        let staff: Staff = w.get(staff_id)?;
        if !staff.active || !self.role.qualifies(staff.role, staff.department) {
            return Err(Refusal::new("approver_role")
                .with("name", &staff.name)
                .with_label("role", "approver_role", self.role.code())
                .into());
        }
        if state.signed_by(staff_id) {
            return Err(Refusal::new("approver_twice").with("name", &staff.name).into());
        }
        self.approver = staff.name;
        Ok(())
    }
    /// A rejection sends the lease back to draft with its reason; the chain starts again.
    fn after_insert(&self, w: &Writer<'_>) -> Result<()> {
        if self.decision == ApprovalDecision::Rejected {
            let lease: Lease = w.get(self.lease_id)?;
            if lease.stage != LeaseStage::Draft {
                move_stage(w, lease, LeaseStage::Draft, &self.note)?;
            }
        }
        Ok(())
    }
}

impl Entity for LeaseMove {
    const TABLE: &'static str = "lease_stage_moves";
    const NAME: &'static str = "lease stage move";
    const COLUMNS: &'static [&'static str] =
        &["lease_id", "from_stage", "to_stage", "at", "operator", "reason"];
    const ORDER: Order = Order { columns: &["at", "id"], descending: false };
    type Filter = ByLease;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(LeaseMove {
            id: c.next()?,
            lease_id: c.next()?,
            from_stage: c.code()?,
            to_stage: c.code()?,
            at: c.instant()?,
            operator: c.next()?,
            reason: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.lease_id.into(),
            sql::code(self.from_stage),
            sql::code(self.to_stage),
            sql::instant(&self.at),
            sql::text(&self.operator),
            sql::text(&self.reason),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        LeaseMove::validate(self)
    }
}

impl Entity for DepositDeduction {
    const TABLE: &'static str = "deposit_deductions";
    const NAME: &'static str = "deposit deduction";
    const COLUMNS: &'static [&'static str] = &["lease_id", "amount_fen", "reason"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = ByLease;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(DepositDeduction { id: c.next()?, lease_id: c.next()?, amount_fen: c.next()?, reason: c.next()? })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![self.lease_id.into(), self.amount_fen.into(), sql::text(&self.reason)]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        DepositDeduction::validate(self)
    }
    /// Deductions never exceed the deposit, and stop once the deposit was refunded.
    fn before_save(&mut self, w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        let lease: Lease = w.get(self.lease_id)?;
        let exit = exit_checklist(w.conn(), self.lease_id)?;
        if exit.as_ref().is_some_and(|e| e.deposit_refunded_on.is_some()) {
            return Err(Refusal::new("deposit_already_refunded").with("number", &lease.number).into());
        }
        let held = exit.map_or(lease.deposit_fen, |exit| exit.deposit_held_fen);
        let others = deductions_total(w.conn(), self.lease_id)? - stored.map_or(0, |d| d.amount_fen);
        if others + self.amount_fen > held {
            return Err(ValidationErrors::one(
                "amount_fen",
                Problem::rule_with("deduction_above_deposit", format_yuan((held - others).max(0))),
            )
            .into());
        }
        Ok(())
    }
}

impl Entity for ExitChecklist {
    const TABLE: &'static str = "lease_exits";
    const NAME: &'static str = "exit checklist";
    const COLUMNS: &'static [&'static str] = &[
        "lease_id",
        "notice_given_on",
        "charges_settled_on",
        "deposit_refunded_on",
        "unit_inspected_on",
        "note",
        "deposit_held_fen",
        "deposit_refunded_fen",
    ];
    const ORDER: Order = Order { columns: &["id"], descending: true };
    type Filter = ByLease;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(ExitChecklist {
            id: c.next()?,
            lease_id: c.next()?,
            notice_given_on: c.date_opt()?,
            charges_settled_on: c.date_opt()?,
            deposit_refunded_on: c.date_opt()?,
            unit_inspected_on: c.date_opt()?,
            note: c.next()?,
            deposit_held_fen: c.next()?,
            deposit_refunded_fen: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.lease_id.into(),
            sql::date_opt(&self.notice_given_on),
            sql::date_opt(&self.charges_settled_on),
            sql::date_opt(&self.deposit_refunded_on),
            sql::date_opt(&self.unit_inspected_on),
            sql::text(&self.note),
            self.deposit_held_fen.into(),
            self.deposit_refunded_fen.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        ExitChecklist::validate(self)
    }
    /// "Charges settled" is ticked only when nothing is owed; the deposit refunded is what is
    /// held less the deductions. Every problem is reported at once.
    fn before_save(&mut self, w: &Writer<'_>, _stored: Option<&Self>) -> Result<()> {
        let mut problems = ValidationErrors::default();
        let owed = outstanding(w.conn(), self.lease_id)?;
        if self.charges_settled_on.is_some() && owed > 0 {
            problems.push("charges_settled_on", Problem::rule_with("still_owed", format_yuan(owed)));
        }
        let deducted = deductions_total(w.conn(), self.lease_id)?;
        if deducted > self.deposit_held_fen {
            problems.push(
                "deposit_held_fen",
                Problem::rule_with("deposit_below_deductions", format_yuan(deducted)),
            );
        }
        let due = deposit_refund_due(self.deposit_held_fen, deducted);
        if let Some(refunded) = self.deposit_refunded_fen
            && refunded != due
        {
            problems
                .push("deposit_refunded_fen", Problem::rule_with("deposit_refund_amount", format_yuan(due)));
        }
        if problems.0.is_empty() { Ok(()) } else { Err(problems.into()) }
    }
}
