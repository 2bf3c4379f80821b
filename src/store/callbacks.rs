//! Callbacks and their attempts. Recording an attempt updates the callback's count of failed
//! attempts and makes it unreachable at the setting's limit (default 3), in the same
//! transaction; recording the outcome closes it.

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Value;

use super::error::{Refusal, Result};
use super::record::{Conditions, Entity, ListFilter, Order, Repo, Writer};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::callback::{self, Attempt, Callback, CallbackReason, CallbackStatus};
use crate::domain::complaint::Satisfaction;

#[derive(Debug, Clone, Default)]
pub struct CallbackFilter {
    pub text: String,
    pub status: Option<CallbackStatus>,
    pub reason: Option<CallbackReason>,
    pub staff_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub key_only: bool,
    /// Only callbacks due before this instant.
    pub due_before: Option<DateTime<Utc>>,
    /// Only callbacks due at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    /// Only callbacks given up as unreachable in [from, until).
    pub unreachable_in: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

const SEARCH: TextSearch = TextSearch {
    fts: Some("callbacks_fts"),
    chars: Some("callbacks_chars"),
    like: &["party_name", "phone", "customer_words"],
};

impl ListFilter for CallbackFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("status", self.status.map(sql::code));
        c.eq_opt("reason", self.reason.map(sql::code));
        c.eq_opt("staff_id", self.staff_id.map(Into::into));
        c.eq_opt("complaint_id", self.complaint_id.map(Into::into));
        if self.key_only {
            c.add("key_customer = 1", []);
        }
        if let Some(before) = &self.due_before {
            c.add("due_at < ?", [sql::instant(before)]);
        }
        if let Some(from) = &self.due_from {
            c.add("due_at >= ?", [sql::instant(from)]);
        }
        if let Some((from, until)) = &self.unreachable_in {
            c.add(
                "status = 'unreachable' AND done_at >= ? AND done_at < ?",
                [sql::instant(from), sql::instant(until)],
            );
        }
    }
}

impl Entity for Callback {
    const TABLE: &'static str = "callbacks";
    const NAME: &'static str = "callback";
    const COLUMNS: &'static [&'static str] = &[
        "party_kind",
        "party_name",
        "phone",
        "reason",
        "complaint_id",
        "merchant_id",
        "prospect_id",
        "due_at",
        "staff_id",
        "key_customer",
        "status",
        "outcome",
        "customer_words",
        "failed_attempts",
        "created_at",
        "done_at",
    ];
    const ORDER: Order = Order { columns: &["due_at", "id"], descending: false };
    type Filter = CallbackFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Callback {
            id: c.next()?,
            party_kind: c.code()?,
            party_name: c.next()?,
            phone: c.next()?,
            reason: c.code()?,
            complaint_id: c.next()?,
            merchant_id: c.next()?,
            prospect_id: c.next()?,
            due_at: c.instant()?,
            staff_id: c.next()?,
            key_customer: c.next()?,
            status: c.code()?,
            outcome: c.code_opt()?,
            customer_words: c.next()?,
            failed_attempts: c.next()?,
            created_at: c.instant()?,
            done_at: c.instant_opt()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::code(self.party_kind),
            sql::text(&self.party_name),
            sql::text(&self.phone),
            sql::code(self.reason),
            self.complaint_id.into(),
            self.merchant_id.into(),
            self.prospect_id.into(),
            sql::instant(&self.due_at),
            self.staff_id.into(),
            self.key_customer.into(),
            sql::code(self.status),
            sql::code_opt(self.outcome),
            sql::text(&self.customer_words),
            i64::from(self.failed_attempts).into(),
            sql::instant(&self.created_at),
            sql::instant_opt(&self.done_at),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Callback::validate(self)
    }
    fn before_save(&mut self, _w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        if let Some(stored) = stored
            && (stored.status != self.status || stored.failed_attempts != self.failed_attempts)
        {
            return Err(Refusal::new("callback_status_by_call").into());
        }
        Ok(())
    }
}

impl Entity for Attempt {
    const TABLE: &'static str = "callback_attempts";
    const NAME: &'static str = "call attempt";
    const COLUMNS: &'static [&'static str] =
        &["callback_id", "at", "mode", "result", "call_later_at", "note", "operator"];
    const ORDER: Order = Order { columns: &["at", "id"], descending: false };
    type Filter = AttemptFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Attempt {
            id: c.next()?,
            callback_id: c.next()?,
            at: c.instant()?,
            mode: c.code()?,
            result: c.code()?,
            call_later_at: c.instant_opt()?,
            note: c.next()?,
            operator: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.callback_id.into(),
            sql::instant(&self.at),
            sql::code(self.mode),
            sql::code(self.result),
            sql::instant_opt(&self.call_later_at),
            sql::text(&self.note),
            sql::text(&self.operator),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Attempt::validate(self)
    }
}

#[derive(Debug, Clone, Default)]
pub struct AttemptFilter {
    pub callback_id: Option<i64>,
}

impl ListFilter for AttemptFilter {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("callback_id", self.callback_id.map(Into::into));
    }
}

impl Repo<'_, Callback> {
    /// Records an attempt on an open callback and updates its status and failure count.
    pub fn record_attempt(&self, attempt: &mut Attempt) -> Result<Callback> {
        self.store.write(|w| record_attempt(w, attempt))
    }

    /// Records the customer's verdict and words; the callback is done.
    pub fn record_outcome(&self, callback_id: i64, outcome: Satisfaction, words: &str) -> Result<Callback> {
        self.store.write(|w| record_outcome(w, callback_id, outcome, words))
    }

    /// The time the customer asked to be called again at, from the latest such attempt.
    pub fn call_later_at(&self, callback_id: i64) -> Result<Option<DateTime<Utc>>> {
        let text: Option<Option<String>> =
            rusqlite::OptionalExtension::optional(self.store.conn().query_row(
                "SELECT call_later_at FROM callback_attempts WHERE callback_id = ? AND result = 'call_later'
             ORDER BY at DESC, id DESC LIMIT 1",
                [callback_id],
                |row| row.get(0),
            ))?;
        Ok(text
            .flatten()
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%SZ").ok())
            .map(|t| t.and_utc()))
    }

    /// The attempts made on a callback, oldest first.
    pub fn attempts(&self, callback_id: i64) -> Result<Vec<Attempt>> {
        let filter = AttemptFilter { callback_id: Some(callback_id) };
        Ok(self.store.repo::<Attempt>().page(&filter, &super::PageRequest::first(100))?.rows)
    }
}

/// The write behind [`Repo::record_attempt`], for use inside a larger transaction.
pub(crate) fn record_attempt(w: &Writer<'_>, attempt: &mut Attempt) -> Result<Callback> {
    let before: Callback = w.get(attempt.callback_id)?;
    if before.status != CallbackStatus::Open {
        return Err(Refusal::new("callback_not_open")
            .with("who", &before.party_name)
            .with_label("status", "callback_status", before.status.code())
            .into());
    }
    if attempt.operator.is_empty() {
        attempt.operator = w.operator().to_string();
    }
    w.insert(attempt)?;
    let max = w.settings().callbacks.max_failed_attempts;
    let (status, failed) = callback::status_after_attempt(before.failed_attempts, attempt.result, max);
    let mut after = before.clone();
    after.status = status;
    after.failed_attempts = failed;
    // Given up: when it happened is what the weekly unreachable list selects by.
    if status == CallbackStatus::Unreachable {
        after.done_at = Some(w.now());
    }
    w.conn().execute(
        "UPDATE callbacks SET status = ?, failed_attempts = ?, done_at = ? WHERE id = ?",
        rusqlite::params![status.code(), failed, sql::instant_opt(&after.done_at), after.id],
    )?;
    w.audit(Callback::TABLE, after.id, "attempt", Some(&before), Some(&after))?;
    Ok(after)
}

/// The write behind [`Repo::record_outcome`], for use inside a larger transaction.
pub(crate) fn record_outcome(
    w: &Writer<'_>,
    callback_id: i64,
    outcome: Satisfaction,
    words: &str,
) -> Result<Callback> {
    let before: Callback = w.get(callback_id)?;
    if before.status != CallbackStatus::Open {
        return Err(Refusal::new("callback_not_open")
            .with("who", &before.party_name)
            .with_label("status", "callback_status", before.status.code())
            .into());
    }
    let mut after = before.clone();
    after.status = CallbackStatus::Done;
    after.outcome = Some(outcome);
    after.customer_words = words.to_string();
    after.done_at = Some(w.now());
    after.validate()?;
    w.conn().execute(
        "UPDATE callbacks SET status = ?, outcome = ?, customer_words = ?, done_at = ? WHERE id = ?",
        rusqlite::params![
            after.status.code(),
            outcome.code(),
            after.customer_words,
            sql::instant_opt(&after.done_at),
            callback_id
        ],
    )?;
    w.audit(Callback::TABLE, callback_id, "outcome", Some(&before), Some(&after))?;
    Ok(after)
}

/// What happens to a complaint when its callback finds the customer unsatisfied: the clerk
/// chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfUnsatisfied {
    /// Back to investigation.
    Reopen,
    /// One tier up, the customer's words as the reason, and back to investigation there.
    Escalate,
}

/// One call at the call screen: the attempt, and when the customer was reached, the verdict.
#[derive(Debug, Clone)]
pub struct Call {
    pub attempt: Attempt,
    pub outcome: Option<Satisfaction>,
    pub words: String,
    pub if_unsatisfied: IfUnsatisfied,
    /// An unsatisfied customer on a callback not about a complaint: open one from the call
    /// (a hidden complaint, 隐性投诉), linked to the callback.
    pub open_complaint: bool,
}

impl Repo<'_, Callback> {
    /// Records a call in one transaction: the attempt; the outcome when the customer was
    /// reached; for a complaint's callback, the case moves on (satisfied or neutral: called
    /// back, ready to close; unsatisfied: reopened or escalated); for another callback an
    /// unsatisfied customer can open a new complaint, linked both ways.
    pub fn record_call(&self, call: &mut Call) -> Result<Callback> {
        self.store.write(|w| {
            if call.outcome.is_some()
                && call.attempt.result != crate::domain::callback::AttemptResult::Reached
            {
                return Err(Refusal::new("outcome_needs_reached").into());
            }
            let mut callback = record_attempt(w, &mut call.attempt)?;
            let Some(outcome) = call.outcome else { return Ok(callback) };
            callback = record_outcome(w, callback.id, outcome, &call.words)?;
            match callback.complaint_id {
                Some(case_id) => follow_case(w, case_id, outcome, &call.words, call.if_unsatisfied)?,
                None if outcome == Satisfaction::Unsatisfied && call.open_complaint => {
                    let case_id = open_hidden_complaint(w, &callback)?;
                    w.conn().execute(
                        "UPDATE callbacks SET complaint_id = ? WHERE id = ?",
                        [case_id, callback.id],
                    )?;
                    let before = callback.clone();
                    callback.complaint_id = Some(case_id);
                    w.audit(Callback::TABLE, callback.id, "link", Some(&before), Some(&callback))?;
                }
                None => {}
            }
            Ok(callback)
        })
    }
}

impl Repo<'_, Callback> {
    /// Saves the complaint the clerk completed after an unhappy call on `callback_id` and links
    /// the two both ways, in one transaction (a callback already linked to a case is refused).
    pub fn open_complaint_from(
        &self,
        callback_id: i64,
        case: &mut crate::domain::complaint::Complaint,
    ) -> Result<i64> {
        self.store.write(|w| {
            let callback: Callback = w.get(callback_id)?;
            if callback.complaint_id.is_some() {
                return Err(Refusal::new("callback_has_case").into());
            }
            let case_id = w.insert(case)?;
            w.conn().execute("UPDATE callbacks SET complaint_id = ? WHERE id = ?", [case_id, callback_id])?;
            let mut linked = callback.clone();
            linked.complaint_id = Some(case_id);
            w.audit(Callback::TABLE, callback_id, "link", Some(&callback), Some(&linked))?;
            Ok(case_id)
        })
    }
}

/// Moves the complaint a callback was about, when it is waiting for that callback.
fn follow_case(
    w: &Writer<'_>,
    case_id: i64,
    outcome: Satisfaction,
    words: &str,
    choice: IfUnsatisfied,
) -> Result<()> {
    use super::complaints::{advance_case, escalate_case};
    use crate::domain::complaint::{Complaint, ComplaintStep};
    let case: Complaint = w.get(case_id)?;
    if case.step != ComplaintStep::Resolved {
        return Ok(());
    }
    advance_case(w, case_id, ComplaintStep::CalledBack, words, |c| c.satisfaction = Some(outcome))?;
    if outcome == Satisfaction::Unsatisfied {
        // Either way the case is handled again (the higher tier takes an escalated one), so
        // both paths count the same in the KPIs: the unsatisfied verdict stays, and the case
        // is no longer resolved until it is resolved again.
        if choice == IfUnsatisfied::Escalate {
            let reason = if words.trim().is_empty() {
                w.record_text("unsatisfied_at_callback")
            } else {
                words.to_string()
            };
            escalate_case(w, case_id, &reason)?;
        }
        advance_case(w, case_id, ComplaintStep::Investigating, words, |_| {})?;
    }
    Ok(())
}

/// A new complaint from an unsatisfied callback: who, phone and words carried over.
fn open_hidden_complaint(w: &Writer<'_>, callback: &Callback) -> Result<i64> {
    let mut case = crate::domain::complaint::Complaint::from_callback(callback, w.now());
    if case.content.trim().is_empty() {
        case.content = w.record_text("unsatisfied_at_callback");
    }
    w.insert(&mut case)
}

/// Who a campaign calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CampaignTarget {
    /// The merchants with an active lease in this zone (every zone when `None`).
    Zone(Option<String>),
    /// Everyone called before as a key customer.
    KeyCustomers,
}

/// A batch of callbacks: a holiday or anniversary greeting, a satisfaction survey after an
/// event, or care calls to a zone.
#[derive(Debug, Clone)]
pub struct Campaign {
    pub target: CampaignTarget,
    pub reason: CallbackReason,
    pub due_at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub key_customer: bool,
}

impl Repo<'_, Callback> {
    /// Creates the campaign's callbacks in one transaction; someone who already has an open
    /// callback for the same reason is not called twice. Returns how many were created.
    pub fn create_campaign(&self, campaign: &Campaign) -> Result<usize> {
        self.store.write(|w| {
            let people: Vec<(crate::domain::callback::PartyKind, String, String, Option<i64>, bool)> = match &campaign.target {
                CampaignTarget::Zone(zone) => {
                    let mut statement = w.conn().prepare_cached(
                        "SELECT m.id, m.contact || '（' || m.brand || '）', m.phone FROM merchants m
                         WHERE EXISTS (SELECT 1 FROM leases l JOIN units u ON u.id = l.unit_id
                                       WHERE l.merchant_id = m.id AND l.stage = 'active' AND (?1 IS NULL OR u.zone = ?1))
                         ORDER BY m.brand, m.id",
                    )?;
                    statement
                        .query_map([zone], |row| {
                            Ok((crate::domain::callback::PartyKind::Merchant, row.get(1)?, row.get(2)?, Some(row.get(0)?), false))
                        })?
                        .collect::<rusqlite::Result<_>>()?
                }
                CampaignTarget::KeyCustomers => {
                    let mut statement = w.conn().prepare_cached(
                        "SELECT party_kind, party_name, phone, max(merchant_id) FROM callbacks WHERE key_customer = 1
                         GROUP BY phone, party_name, party_kind ORDER BY party_name",
                    )?;
                    statement
                        .query_map([], |row| {
                            let kind: String = row.get(0)?;
                            let kind = kind.parse().unwrap_or(crate::domain::callback::PartyKind::Customer);
                            Ok((kind, row.get(1)?, row.get(2)?, row.get(3)?, true))
                        })?
                        .collect::<rusqlite::Result<_>>()?
                }
            };
            let mut created = 0;
            for (party_kind, party_name, phone, merchant_id, key) in people {
                let already: i64 = w.conn().query_row(
                    "SELECT count(*) FROM callbacks WHERE phone = ? AND reason = ? AND status = 'open'",
                    rusqlite::params![phone, campaign.reason.code()],
                    |row| row.get(0),
                )?;
                if already > 0 {
                    continue;
                }
                let mut callback = Callback {
                    id: 0,
                    party_kind,
                    party_name,
                    phone,
                    reason: campaign.reason,
                    complaint_id: None,
                    merchant_id,
                    prospect_id: None,
                    due_at: campaign.due_at,
                    staff_id: campaign.staff_id,
                    key_customer: key || campaign.key_customer,
                    status: CallbackStatus::Open,
                    outcome: None,
                    customer_words: String::new(),
                    failed_attempts: 0,
                    created_at: w.now(),
                    done_at: None,
                };
                w.insert(&mut callback)?;
                created += 1;
            }
            Ok(created)
        })
    }
}
