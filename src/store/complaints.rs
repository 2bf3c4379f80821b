//! Complaints and service requests with their step history. A new case gets its number
//! (`TS-YYYYMMDD-NNNN`, sequential per local day) and its first deadline; it then moves only
//! through [`Repo::advance`], which follows the domain's step rules, records who, when and a
//! note, keeps the next deadline current, and opens the callback once the case is resolved.

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};

use super::error::{Refusal, Result, StoreError};
use super::record::{Conditions, Entity, ListFilter, Order, Repo, Writer};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::callback::{Callback, CallbackReason, CallbackStatus, PartyKind};
use crate::domain::complaint::{
    self, ComplainantType, Complaint, ComplaintCategory, ComplaintKind, ComplaintLevel, ComplaintStep,
    Escalation, StepRecord,
};
use crate::domain::validate::Problem;
use crate::domain::{FieldError, ValidationErrors};

#[derive(Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// Number, complainant, phone (any format) or words of the content.
    pub text: String,
    pub kind: Option<ComplaintKind>,
    pub step: Option<ComplaintStep>,
    pub category: Option<ComplaintCategory>,
    pub handler_id: Option<i64>,
    pub merchant_id: Option<i64>,
    pub open_only: bool,
    /// Open cases ordered by their next deadline, the most urgent (overdue) first.
    pub by_deadline: bool,
    /// Only cases whose deadline passed before this instant.
    pub overdue_at: Option<DateTime<Utc>>,
    pub received_from: Option<DateTime<Utc>>,
    pub received_until: Option<DateTime<Utc>>,
    /// Only complaints about these merchants or in these categories (the early warning's
    /// cases); empty lists mean no such narrowing.
    pub warned: Option<(Vec<i64>, Vec<ComplaintCategory>)>,
    /// Only the cases a KPI is taken over.
    pub group: Option<CaseGroup>,
}

/// The cases a service KPI is taken over (see `ServiceCounts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseGroup {
    /// Complaints proper (the response and on-time rates).
    Complaints,
    /// Complaints with the customer's verdict (the complaint satisfaction rate).
    ComplaintsCalledBack,
    /// Service requests: repairs, help requests and incident reports.
    ServiceRequests,
    /// Service requests with the customer's verdict.
    ServiceRequestsCalledBack,
}

impl CaseGroup {
    fn condition(self) -> &'static str {
        match self {
            CaseGroup::Complaints => "kind = 'complaint'",
            CaseGroup::ComplaintsCalledBack => "kind = 'complaint' AND satisfaction IS NOT NULL",
            CaseGroup::ServiceRequests => "kind IN ('repair', 'help', 'incident')",
            CaseGroup::ServiceRequestsCalledBack => {
                "kind IN ('repair', 'help', 'incident') AND satisfaction IS NOT NULL"
            }
        }
    }
}

const SEARCH: TextSearch = TextSearch {
    fts: Some("complaints_fts"),
    chars: Some("complaints_chars"),
    like: &["number", "complainant", "phone", "content"],
};

impl ListFilter for ComplaintFilter {
    fn apply(&self, c: &mut Conditions) {
        super::search::apply_with_units(c, &SEARCH, &self.text);
        c.eq_opt("kind", self.kind.map(sql::code));
        c.eq_opt("step", self.step.map(sql::code));
        c.eq_opt("category", self.category.map(sql::code));
        c.eq_opt("handler_id", self.handler_id.map(Into::into));
        c.eq_opt("merchant_id", self.merchant_id.map(Into::into));
        if self.open_only {
            c.add("step != 'closed'", []);
        }
        if self.by_deadline {
            c.add("due_at IS NOT NULL", []);
        }
        if let Some(now) = &self.overdue_at {
            c.add("due_at < ?", [sql::instant(now)]);
        }
        if let Some(from) = &self.received_from {
            c.add("received_at >= ?", [sql::instant(from)]);
        }
        if let Some(until) = &self.received_until {
            c.add("received_at < ?", [sql::instant(until)]);
        }
        if let Some(group) = self.group {
            c.add(group.condition(), []);
        }
        if let Some((merchants, categories)) = &self.warned {
            let mut alternatives = vec!["0".to_string()];
            if !merchants.is_empty() {
                alternatives.push(format!("merchant_id IN ({})", vec!["?"; merchants.len()].join(", ")));
            }
            if !categories.is_empty() {
                alternatives.push(format!("category IN ({})", vec!["?"; categories.len()].join(", ")));
            }
            let params = merchants
                .iter()
                .map(|id| Value::Integer(*id))
                .chain(categories.iter().map(|c| sql::code(*c)));
            c.add(format!("kind = 'complaint' AND ({})", alternatives.join(" OR ")), params);
        }
    }

    fn order(&self) -> Option<Order> {
        self.by_deadline.then_some(BY_DEADLINE)
    }
}

/// Open cases by deadline (the partial index `complaints_by_due`).
const BY_DEADLINE: Order = Order { columns: &["due_at", "id"], descending: false };

impl Entity for Complaint {
    const TABLE: &'static str = "complaints";
    const NAME: &'static str = "complaint";
    const COLUMNS: &'static [&'static str] = &[
        "number",
        "kind",
        "source",
        "received_at",
        "complainant",
        "complainant_type",
        "phone",
        "merchant_id",
        "unit_id",
        "category",
        "content",
        "level",
        "escalation",
        "department",
        "handler_id",
        "step",
        "valid",
        "cause",
        "responsible_person",
        "remedy",
        "compensation_fen",
        "approved_by",
        "approved_at",
        "resolved_at",
        "satisfaction",
        "closing_summary",
        "closed_at",
        "due_at",
        "linked_case_id",
    ];
    const ORDER: Order = Order { columns: &["received_at", "id"], descending: true };
    type Filter = ComplaintFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Complaint {
            id: c.next()?,
            number: c.next()?,
            kind: c.code()?,
            source: c.code()?,
            received_at: c.instant()?,
            complainant: c.next()?,
            complainant_type: c.code()?,
            phone: c.next()?,
            merchant_id: c.next()?,
            unit_id: c.next()?,
            category: c.code()?,
            content: c.next()?,
            level: c.code()?,
            escalation: c.code()?,
            department: c.next()?,
            handler_id: c.next()?,
            step: c.code()?,
            valid: c.next()?,
            cause: c.next()?,
            responsible_person: c.next()?,
            remedy: c.next()?,
            compensation_fen: c.next()?,
            approved_by: c.next()?,
            approved_at: c.instant_opt()?,
            resolved_at: c.instant_opt()?,
            satisfaction: c.code_opt()?,
            closing_summary: c.next()?,
            closed_at: c.instant_opt()?,
            due_at: c.instant_opt()?,
            linked_case_id: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.number),
            sql::code(self.kind),
            sql::code(self.source),
            sql::instant(&self.received_at),
            sql::text(&self.complainant),
            sql::code(self.complainant_type),
            sql::text_opt(&self.phone),
            self.merchant_id.into(),
            self.unit_id.into(),
            sql::code(self.category),
            sql::text(&self.content),
            sql::code(self.level),
            sql::code(self.escalation),
            sql::text(&self.department),
            self.handler_id.into(),
            sql::code(self.step),
            self.valid.into(),
            sql::text(&self.cause),
            sql::text(&self.responsible_person),
            sql::text(&self.remedy),
            self.compensation_fen.into(),
            sql::text_opt(&self.approved_by),
            sql::instant_opt(&self.approved_at),
            sql::instant_opt(&self.resolved_at),
            sql::code_opt(self.satisfaction),
            sql::text(&self.closing_summary),
            sql::instant_opt(&self.closed_at),
            sql::instant_opt(&self.due_at),
            self.linked_case_id.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Complaint::validate(self)
    }
    fn before_save(&mut self, w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        match stored {
            Some(stored) if stored.step != self.step => {
                return Err(Refusal::new("case_step_by_action")
                    .with("number", &stored.number)
                    .with_label("step", "complaint_step", stored.step.code())
                    .into());
            }
            // The kind decides the steps a case takes: once the case has moved on, changing it
            // would skip judging or approval, so it is fixed from the first step on.
            Some(stored) if stored.kind != self.kind && stored.step != ComplaintStep::Received => {
                return Err(Refusal::new("case_kind_locked")
                    .with("number", &stored.number)
                    .with_label("step", "complaint_step", stored.step.code())
                    .into());
            }
            Some(stored) => self.number = stored.number.clone(),
            None if self.number.trim().is_empty() => self.number = next_number(w, self.received_at)?,
            None => {}
        }
        if self.linked_case_id != stored.and_then(|s| s.linked_case_id) {
            check_link(w, self)?;
        }
        self.due_at = self.deadline(&w.settings().service_limits());
        Ok(())
    }
    /// Every case's history starts with its registration.
    fn after_insert(&self, w: &Writer<'_>) -> Result<()> {
        let mut first = StepRecord {
            id: 0,
            complaint_id: self.id,
            step: ComplaintStep::Received,
            at: self.received_at,
            operator: w.operator().to_string(),
            note: String::new(),
        };
        w.insert_unaudited(&mut first)?;
        Ok(())
    }
}

/// A case is linked only to another case still open: the later call joins a matter being
/// handled, and a closed matter is reopened by a new case of its own.
fn check_link(w: &Writer<'_>, case: &Complaint) -> Result<()> {
    let Some(linked_id) = case.linked_case_id else { return Ok(()) };
    if linked_id == case.id {
        return Err(Refusal::new("linked_case_self").with("number", &case.number).into());
    }
    let linked: Complaint = w.get(linked_id)?;
    if linked.step == ComplaintStep::Closed {
        return Err(Refusal::new("linked_case_closed").with("number", &linked.number).into());
    }
    Ok(())
}

/// `TS-YYYYMMDD-NNNN`: the local day of receipt and the next number of that day.
fn next_number(w: &Writer<'_>, received_at: DateTime<Utc>) -> Result<String> {
    let prefix = format!("TS-{}-", w.clock().format(received_at, "%Y%m%d"));
    let last: Option<String> = w
        .conn()
        .query_row(
            "SELECT number FROM complaints WHERE number >= ? AND number < ? ORDER BY length(number) DESC, number DESC LIMIT 1",
            [format!("{prefix}0000"), format!("{prefix}A")],
            |row| row.get(0),
        )
        .optional()?;
    let next = last.and_then(|n| n[prefix.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    Ok(format!("{prefix}{next:04}"))
}

impl Entity for StepRecord {
    const TABLE: &'static str = "complaint_steps";
    const NAME: &'static str = "case step";
    const COLUMNS: &'static [&'static str] = &["complaint_id", "step", "at", "operator", "note"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = StepFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(StepRecord {
            id: c.next()?,
            complaint_id: c.next()?,
            step: c.code()?,
            at: c.instant()?,
            operator: c.next()?,
            note: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.complaint_id.into(),
            sql::code(self.step),
            sql::instant(&self.at),
            sql::text(&self.operator),
            sql::text(&self.note),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        StepRecord::validate(self)
    }
}

#[derive(Debug, Clone, Default)]
pub struct StepFilter {
    pub complaint_id: Option<i64>,
}

impl ListFilter for StepFilter {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("complaint_id", self.complaint_id.map(Into::into));
    }
}

impl Entity for Escalation {
    const TABLE: &'static str = "complaint_escalations";
    const NAME: &'static str = "escalation";
    const COLUMNS: &'static [&'static str] =
        &["complaint_id", "from_tier", "to_tier", "at", "operator", "reason"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = StepFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Escalation {
            id: c.next()?,
            complaint_id: c.next()?,
            from_tier: c.code()?,
            to_tier: c.code()?,
            at: c.instant()?,
            operator: c.next()?,
            reason: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.complaint_id.into(),
            sql::code(self.from_tier),
            sql::code(self.to_tier),
            sql::instant(&self.at),
            sql::text(&self.operator),
            sql::text(&self.reason),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Escalation::validate(self)
    }
}

/// Fields a step needs before it may be recorded, every missing one at once. `note` is the
/// step's note: for an invalid judgement it is the explanation given to the customer.
fn missing_for_step(case: &Complaint, to: ComplaintStep, note: &str) -> Vec<FieldError> {
    let mut missing = Vec::new();
    let mut require = |field: &'static str, empty: bool| {
        if empty {
            missing.push(FieldError { field, problem: Problem::Required });
        }
    };
    match to {
        ComplaintStep::Judged => {
            require("valid", case.valid.is_none());
            require("note", case.valid == Some(false) && note.trim().is_empty());
        }
        ComplaintStep::Proposal => {
            require("remedy", case.remedy.trim().is_empty());
            require("approved_by", case.approved_by.as_deref().is_none_or(|a| a.trim().is_empty()));
        }
        ComplaintStep::CalledBack => require("satisfaction", case.satisfaction.is_none()),
        ComplaintStep::Closed => require("closing_summary", case.closing_summary.trim().is_empty()),
        _ => {}
    }
    missing
}

/// The approver of a proposal must be an active supervisor or manager on the staff list, not
/// the operator recording it, and the approval time must lie between receipt and now.
fn check_approval(w: &Writer<'_>, case: &Complaint) -> Result<()> {
    let name = case.approved_by.as_deref().unwrap_or_default().trim();
    let is_supervisor: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ? AND active = 1 AND role IN ('supervisor', 'manager'))",
        [name],
        |row| row.get(0),
    )?;
    let problem = if !is_supervisor {
        ("approved_by", "approver_not_supervisor")
    } else if name == w.operator().trim() {
        ("approved_by", "approver_is_operator")
    } else if case
        .approved_at
        .is_some_and(|at| at > w.now() + Duration::minutes(1) || at < case.received_at - Duration::minutes(1))
    {
        ("approved_at", "approval_time")
    } else {
        return Ok(());
    };
    Err(ValidationErrors::one(problem.0, Problem::rule(problem.1)).into())
}

/// The refusal of a move the step rules do not allow, naming the steps that are.
fn step_refused(case: &Complaint, to: ComplaintStep) -> StoreError {
    let allowed: Vec<&str> =
        complaint::next_steps(case.kind, case.step, case.valid).iter().map(|s| s.code()).collect();
    Refusal::new("case_move")
        .with("number", &case.number)
        .with_label("from", "complaint_step", case.step.code())
        .with_label("to", "complaint_step", to.code())
        .with_labels("allowed", "complaint_step", &allowed)
        .into()
}

impl Repo<'_, Complaint> {
    /// Moves a case to step `to`, recording `note`. `fill` sets what the step carries (the
    /// judgement, cause, remedy and approver, satisfaction, closing summary) before the rules
    /// are checked. Refused moves say which steps are allowed.
    pub fn advance(
        &self,
        id: i64,
        to: ComplaintStep,
        note: &str,
        fill: impl FnOnce(&mut Complaint),
    ) -> Result<Complaint> {
        if to == ComplaintStep::CalledBack {
            return Err(Refusal::new("called_back_by_call").into());
        }
        self.store.write(|w| advance_case(w, id, to, note, fill))
    }

    /// Raises the case one tier (project → area → company), marks it escalated and records why.
    pub fn escalate(&self, id: i64, reason: &str) -> Result<Complaint> {
        self.store.write(|w| escalate_case(w, id, reason))
    }

    /// The open callback to call for case `id`'s called-back step: the one the resolution
    /// opened, or a new one when that was made or given up (the case still waits for its call).
    pub fn callback_to_make(&self, id: i64) -> Result<i64> {
        self.store.write(|w| {
            let case: Complaint = w.get(id)?;
            if case.step != ComplaintStep::Resolved {
                return Err(step_refused(&case, ComplaintStep::CalledBack));
            }
            let open: Option<i64> = w
                .conn()
                .query_row(
                    "SELECT id FROM callbacks WHERE complaint_id = ? AND status = 'open' ORDER BY id LIMIT 1",
                    [id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(open) = open {
                return Ok(open);
            }
            open_follow_up_callback(w, &case)?
                .ok_or_else(|| Refusal::new("case_no_phone").with("number", &case.number).into())
        })
    }

    /// The case's escalations, oldest first.
    pub fn escalations(&self, complaint_id: i64) -> Result<Vec<Escalation>> {
        let filter = StepFilter { complaint_id: Some(complaint_id) };
        Ok(self.store.repo::<Escalation>().page(&filter, &super::PageRequest::first(10))?.rows)
    }

    /// The case's recorded steps, oldest first.
    pub fn steps(&self, complaint_id: i64) -> Result<Vec<StepRecord>> {
        let filter = StepFilter { complaint_id: Some(complaint_id) };
        Ok(self.store.repo::<StepRecord>().page(&filter, &super::PageRequest::first(100))?.rows)
    }

    /// The later cases linked to case `id` as the same matter: (id, number), oldest first.
    pub fn linked_later(&self, id: i64) -> Result<Vec<(i64, String)>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT id, number FROM complaints WHERE linked_case_id = ? ORDER BY id LIMIT 20",
        )?;
        let cases = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(cases)
    }
}

/// A callback step recorded on the case itself closes the case's open callbacks with the same
/// verdict, so the callback queue does not keep asking for a call already made.
fn close_follow_up_callbacks(w: &Writer<'_>, case: &Complaint) -> Result<()> {
    let Some(satisfaction) = case.satisfaction else { return Ok(()) };
    let mut statement =
        w.conn().prepare_cached("SELECT id FROM callbacks WHERE complaint_id = ? AND status = 'open'")?;
    let ids: Vec<i64> = statement.query_map([case.id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let before: Callback = w.get(id)?;
        let mut after = before.clone();
        after.status = CallbackStatus::Done;
        after.outcome = Some(satisfaction);
        after.done_at = Some(w.now());
        w.conn().execute(
            "UPDATE callbacks SET status = 'done', outcome = ?, done_at = ? WHERE id = ?",
            rusqlite::params![satisfaction.code(), sql::instant(&w.now()), id],
        )?;
        w.audit(Callback::TABLE, id, "outcome", Some(&before), Some(&after))?;
    }
    Ok(())
}

/// A resolved case with a phone number gets its callback, due within the setting's days.
fn open_follow_up_callback(w: &Writer<'_>, case: &Complaint) -> Result<Option<i64>> {
    let Some(phone) = case.phone.clone() else {
        return Ok(None);
    };
    let reason = match case.kind {
        ComplaintKind::Repair => CallbackReason::AfterRepair,
        _ => CallbackReason::AfterComplaint,
    };
    let mut callback = Callback {
        id: 0,
        party_kind: match case.complainant_type {
            ComplainantType::Customer => PartyKind::Customer,
            ComplainantType::Merchant => PartyKind::Merchant,
        },
        party_name: case.complainant.clone(),
        phone,
        reason,
        complaint_id: Some(case.id),
        merchant_id: case.merchant_id,
        prospect_id: None,
        due_at: w.now() + Duration::days(i64::from(w.settings().service.callback_days)),
        staff_id: case.handler_id,
        key_customer: false,
        status: CallbackStatus::Open,
        outcome: None,
        customer_words: String::new(),
        failed_attempts: 0,
        created_at: w.now(),
        done_at: None,
    };
    Ok(Some(w.insert(&mut callback)?))
}

/// The write behind [`Repo::advance`], for use inside a larger transaction.
pub(crate) fn advance_case(
    w: &Writer<'_>,
    id: i64,
    to: ComplaintStep,
    note: &str,
    fill: impl FnOnce(&mut Complaint),
) -> Result<Complaint> {
    advance_with(w, id, to, note, Box::new(fill))
}

fn advance_with(
    w: &Writer<'_>,
    id: i64,
    to: ComplaintStep,
    note: &str,
    fill: Box<dyn FnOnce(&mut Complaint) + '_>,
) -> Result<Complaint> {
    let before: Complaint = w.get(id)?;
    let mut case = before.clone();
    fill(&mut case);
    // The judgement being recorded counts (an invalid one leads to closing).
    if !complaint::can_step(case.kind, before.step, case.valid, to) {
        return Err(step_refused(&Complaint { step: before.step, ..case }, to));
    }
    let missing = missing_for_step(&case, to, note);
    if !missing.is_empty() {
        return Err(ValidationErrors(missing).into());
    }
    let now = w.now();
    match to {
        ComplaintStep::Proposal => {
            check_approval(w, &case)?;
            case.approved_at = case.approved_at.or(Some(now));
        }
        ComplaintStep::Resolved => case.resolved_at = Some(now),
        ComplaintStep::Closed => case.closed_at = Some(now),
        ComplaintStep::Investigating => {
            // Sent back or reopened: the earlier approval no longer stands, and the case is not
            // resolved until it is resolved again. The customer's last verdict stays: it is
            // what the satisfaction KPI counts, and each verdict is in the history.
            case.approved_by = None;
            case.approved_at = None;
            case.resolved_at = None;
        }
        _ => {}
    }
    case.step = to;
    case.validate()?;
    case.due_at = case.deadline(&w.settings().service_limits());
    w.overwrite(&case)?;
    let mut record = StepRecord {
        id: 0,
        complaint_id: id,
        step: to,
        at: now,
        operator: w.operator().to_string(),
        note: note.to_string(),
    };
    w.insert(&mut record)?;
    w.audit(Complaint::TABLE, id, to.code(), Some(&before), Some(&case))?;
    if to == ComplaintStep::Resolved {
        open_follow_up_callback(w, &case)?;
    }
    if to == ComplaintStep::CalledBack {
        close_follow_up_callbacks(w, &case)?;
    }
    // An invalid complaint closes with its judgement: the explanation given to the customer
    // is its closing summary.
    if to == ComplaintStep::Judged && case.kind == ComplaintKind::Complaint && case.valid == Some(false) {
        let explanation = note.trim().to_string();
        return advance_with(
            w,
            id,
            ComplaintStep::Closed,
            note,
            Box::new(move |c: &mut Complaint| {
                if c.closing_summary.trim().is_empty() {
                    c.closing_summary = explanation;
                }
            }),
        );
    }
    Ok(case)
}

/// The write behind [`Repo::escalate`], for use inside a larger transaction.
pub(crate) fn escalate_case(w: &Writer<'_>, id: i64, reason: &str) -> Result<Complaint> {
    let before: Complaint = w.get(id)?;
    if before.step == ComplaintStep::Closed {
        return Err(Refusal::new("case_closed_no_escalation").with("number", &before.number).into());
    }
    let Some(to) = before.escalation.next() else {
        return Err(Refusal::new("case_top_tier").with("number", &before.number).into());
    };
    let mut record = Escalation {
        id: 0,
        complaint_id: id,
        from_tier: before.escalation,
        to_tier: to,
        at: w.now(),
        operator: w.operator().to_string(),
        reason: reason.to_string(),
    };
    w.insert(&mut record)?;
    let mut after = before.clone();
    after.escalation = to;
    if after.level == ComplaintLevel::Normal {
        after.level = ComplaintLevel::Escalated;
    }
    w.conn().execute(
        "UPDATE complaints SET escalation = ?, level = ? WHERE id = ?",
        rusqlite::params![to.code(), after.level.code(), id],
    )?;
    w.audit(Complaint::TABLE, id, "escalate", Some(&before), Some(&after))?;
    Ok(after)
}
