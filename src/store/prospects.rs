//! Prospects, their interaction log and stage moves, and the hand-over to operations when a
//! prospect signs (it becomes a merchant and a draft lease, linked back to the prospect).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use rusqlite::types::Value;

use super::error::{Refusal, Result};
use super::record::{Conditions, Entity, ListFilter, Order, Repo, Writer};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::lease::{Lease, LeaseStage};
use crate::domain::merchant::Merchant;
use crate::domain::prospect::{Interaction, Prospect, ProspectStage, StageMove};

#[derive(Debug, Clone, Default)]
pub struct ProspectFilter {
    pub text: String,
    pub stage: Option<ProspectStage>,
    pub staff_id: Option<i64>,
    pub open_only: bool,
    /// Only open prospects never contacted and registered before this instant (now − the
    /// first-contact days): the overdue quick filter and the overview's drill-down.
    pub first_contact_overdue_at: Option<DateTime<Utc>>,
    /// Only the follow-up queue: intent or negotiating with a follow-up due by this day.
    pub follow_up_due_by: Option<NaiveDate>,
    /// Open prospects with a call to make, the first due first (the tab's default view).
    pub to_call: bool,
}

const SEARCH: TextSearch = TextSearch {
    fts: Some("prospects_fts"),
    chars: Some("prospects_chars"),
    like: &["brand", "company", "contact", "phone", "notes"],
};
const OPEN_STAGES: &str = "('potential', 'intent', 'negotiating')";

impl ListFilter for ProspectFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("stage", self.stage.map(sql::code));
        c.eq_opt("staff_id", self.staff_id.map(Into::into));
        if self.open_only {
            c.add(format!("stage IN {OPEN_STAGES}"), []);
        }
        if let Some(registered_before) = &self.first_contact_overdue_at {
            overdue_condition(c, registered_before);
        }
        if let Some(day) = &self.follow_up_due_by {
            c.add("stage IN ('intent', 'negotiating') AND next_follow_up <= ?", [sql::date(day)]);
        }
        if self.to_call {
            c.add("call_due IS NOT NULL", []);
        }
    }

    fn order(&self) -> Option<Order> {
        self.to_call.then_some(Order { columns: &["call_due", "id"], descending: false })
    }
}

fn overdue_condition(c: &mut Conditions, registered_before: &DateTime<Utc>) {
    c.add(
        format!("first_contact_at IS NULL AND stage IN {OPEN_STAGES} AND registered_at < ?"),
        [sql::instant(registered_before)],
    );
}

impl Entity for Prospect {
    const TABLE: &'static str = "prospects";
    const NAME: &'static str = "prospect";
    const COLUMNS: &'static [&'static str] = &[
        "brand",
        "company",
        "contact",
        "phone",
        "category",
        "area_min_dm2",
        "area_max_dm2",
        "wanted_floor",
        "wanted_zone",
        "budget_fen",
        "source",
        "staff_id",
        "stage",
        "lost_reason",
        "next_follow_up",
        "notes",
        "registered_at",
        "first_contact_at",
        "merchant_id",
    ];
    const ORDER: Order = Order { columns: &["registered_at", "id"], descending: true };
    type Filter = ProspectFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Prospect {
            id: c.next()?,
            brand: c.next()?,
            company: c.next()?,
            contact: c.next()?,
            phone: c.next()?,
            category: c.next()?,
            area_min_dm2: c.next()?,
            area_max_dm2: c.next()?,
            wanted_floor: c.next()?,
            wanted_zone: c.next()?,
            budget_fen: c.next()?,
            source: c.code()?,
            staff_id: c.next()?,
            stage: c.code()?,
            lost_reason: c.next()?,
            next_follow_up: c.date_opt()?,
            notes: c.next()?,
            registered_at: c.instant()?,
            first_contact_at: c.instant_opt()?,
            merchant_id: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.brand),
            sql::text(&self.company),
            sql::text(&self.contact),
            sql::text(&self.phone),
            sql::text(&self.category),
            self.area_min_dm2.into(),
            self.area_max_dm2.into(),
            sql::text(&self.wanted_floor),
            sql::text(&self.wanted_zone),
            self.budget_fen.into(),
            sql::code(self.source),
            self.staff_id.into(),
            sql::code(self.stage),
            sql::text_opt(&self.lost_reason),
            sql::date_opt(&self.next_follow_up),
            sql::text(&self.notes),
            sql::instant(&self.registered_at),
            sql::instant_opt(&self.first_contact_at),
            self.merchant_id.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Prospect::validate(self)
    }
    fn before_save(&mut self, _w: &Writer<'_>, stored: Option<&Self>) -> Result<()> {
        if let Some(stored) = stored
            && stored.stage != self.stage
        {
            return Err(Refusal::new("prospect_stage_by_move")
                .with("brand", &self.brand)
                .with_label("stage", "prospect_stage", stored.stage.code())
                .into());
        }
        Ok(())
    }
}

impl Entity for Interaction {
    const TABLE: &'static str = "interactions";
    const NAME: &'static str = "interaction";
    const COLUMNS: &'static [&'static str] =
        &["prospect_id", "at", "mode", "summary", "next_step", "staff_id"];
    const ORDER: Order = Order { columns: &["at", "id"], descending: true };
    type Filter = ByProspect;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Interaction {
            id: c.next()?,
            prospect_id: c.next()?,
            at: c.instant()?,
            mode: c.code()?,
            summary: c.next()?,
            next_step: c.next()?,
            staff_id: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.prospect_id.into(),
            sql::instant(&self.at),
            sql::code(self.mode),
            sql::text(&self.summary),
            sql::text(&self.next_step),
            self.staff_id.into(),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Interaction::validate(self)
    }
    /// The first contact with a prospect is remembered on the prospect (7-day rule).
    fn after_insert(&self, w: &Writer<'_>) -> Result<()> {
        w.conn().execute(
            "UPDATE prospects SET first_contact_at = ?1 WHERE id = ?2 AND (first_contact_at IS NULL OR first_contact_at > ?1)",
            rusqlite::params![sql::instant(&self.at), self.prospect_id],
        )?;
        Ok(())
    }
}

/// One prospect's records (its contact log, its stage moves); every prospect's when `None`.
#[derive(Debug, Clone, Default)]
pub struct ByProspect {
    pub prospect_id: Option<i64>,
}

impl ListFilter for ByProspect {
    fn apply(&self, c: &mut Conditions) {
        c.eq_opt("prospect_id", self.prospect_id.map(Into::into));
    }
}

impl Entity for StageMove {
    const TABLE: &'static str = "prospect_stage_moves";
    const NAME: &'static str = "stage move";
    const COLUMNS: &'static [&'static str] =
        &["prospect_id", "from_stage", "to_stage", "at", "operator", "reason"];
    const ORDER: Order = Order { columns: &["at", "id"], descending: true };
    type Filter = ByProspect;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(StageMove {
            id: c.next()?,
            prospect_id: c.next()?,
            from_stage: c.code()?,
            to_stage: c.code()?,
            at: c.instant()?,
            operator: c.next()?,
            reason: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            self.prospect_id.into(),
            sql::code(self.from_stage),
            sql::code(self.to_stage),
            sql::instant(&self.at),
            sql::text(&self.operator),
            sql::text(&self.reason),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        StageMove::validate(self)
    }
}

/// Moves a prospect to `to`, recording who, when and why; refused when the rules forbid it.
pub(crate) fn move_stage(
    w: &Writer<'_>,
    prospect_id: i64,
    to: ProspectStage,
    reason: &str,
) -> Result<Prospect> {
    let mut prospect: Prospect = w.get(prospect_id)?;
    let from = prospect.stage;
    if !from.can_move_to(to) {
        let allowed: Vec<&str> = from.allowed_moves().into_iter().map(|s| s.code()).collect();
        return Err(Refusal::new("prospect_move")
            .with("brand", &prospect.brand)
            .with_label("from", "prospect_stage", from.code())
            .with_label("to", "prospect_stage", to.code())
            .with_labels("allowed", "prospect_stage", &allowed)
            .into());
    }
    let mut record = StageMove {
        id: 0,
        prospect_id,
        from_stage: from,
        to_stage: to,
        at: w.now(),
        operator: w.operator().to_string(),
        reason: reason.to_string(),
    };
    w.insert(&mut record)?;
    let before = prospect.clone();
    prospect.stage = to;
    if to == ProspectStage::Lost {
        prospect.lost_reason = Some(record.reason.clone());
    }
    prospect.validate()?;
    w.conn().execute(
        "UPDATE prospects SET stage = ?, lost_reason = ? WHERE id = ?",
        rusqlite::params![to.code(), prospect.lost_reason, prospect_id],
    )?;
    w.audit(Prospect::TABLE, prospect_id, "stage", Some(&before), Some(&prospect))?;
    Ok(prospect)
}

/// What signing needs besides the prospect: the unit and the lease terms.
#[derive(Debug, Clone)]
pub struct Signing {
    pub unit_id: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub monthly_rent_fen: i64,
    pub management_fee_fen: i64,
    pub deposit_fen: i64,
    pub payment_day: u8,
    pub licence_no: Option<String>,
}

impl Repo<'_, Prospect> {
    pub fn move_stage(&self, prospect_id: i64, to: ProspectStage, reason: &str) -> Result<Prospect> {
        self.store.write(|w| move_stage(w, prospect_id, to, reason))
    }

    /// Adds an interaction to the prospect's log (sets its first contact when it is the first).
    pub fn log_interaction(&self, interaction: &mut Interaction) -> Result<i64> {
        self.store.write(|w| w.insert(interaction))
    }

    /// Logs a contact and, when given, the next follow-up date, in one transaction.
    pub fn log_contact(
        &self,
        interaction: &mut Interaction,
        next_follow_up: Option<NaiveDate>,
    ) -> Result<Prospect> {
        self.store.write(|w| {
            w.insert(interaction)?;
            let mut prospect: Prospect = w.get(interaction.prospect_id)?;
            if next_follow_up.is_some() {
                prospect.next_follow_up = next_follow_up;
                w.update(&mut prospect)?;
            }
            w.get(interaction.prospect_id)
        })
    }

    /// Saves an edited prospect; when its staff member changes, the hand-over is recorded with
    /// `reason` (required then) in the same transaction.
    pub fn update_reassigning(&self, prospect: &mut Prospect, reason: &str) -> Result<()> {
        self.store.write(|w| {
            let before: Prospect = w.get(prospect.id)?;
            w.update(prospect)?;
            if before.staff_id != prospect.staff_id {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(ValidationErrors::one(
                        "reassign_reason",
                        crate::domain::validate::Problem::rule("reassign_reason"),
                    )
                    .into());
                }
                w.conn().execute(
                    "INSERT INTO prospect_reassignments (prospect_id, from_staff_id, to_staff_id, at, operator, reason)
                     VALUES (?, ?, ?, ?, ?, ?)",
                    rusqlite::params![
                        prospect.id,
                        before.staff_id,
                        prospect.staff_id,
                        sql::instant(&w.now()),
                        w.operator(),
                        reason
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// A prospect's hand-overs, oldest first: (when, from, to, operator, reason).
    pub fn reassignments(&self, prospect_id: i64) -> Result<Vec<Reassignment>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT at, from_staff_id, to_staff_id, operator, reason FROM prospect_reassignments
             WHERE prospect_id = ? ORDER BY id",
        )?;
        let rows = statement.query_map([prospect_id], |row| {
            let mut c = Cols::new(row);
            Ok(Reassignment {
                at: c.instant()?,
                from_staff_id: c.next()?,
                to_staff_id: c.next()?,
                operator: c.next()?,
                reason: c.next()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Signs a negotiating prospect and hands it to operations in one transaction: a new
    /// merchant from the prospect's details and a draft lease on the unit, both linked back.
    pub fn sign(&self, prospect_id: i64, signing: &Signing) -> Result<(Merchant, Lease)> {
        self.store.write(|w| {
            let prospect = move_stage(w, prospect_id, ProspectStage::Signed, "")?;
            let mut merchant = Merchant {
                id: 0,
                brand: prospect.brand.clone(),
                company: if prospect.company.is_empty() {
                    prospect.brand.clone()
                } else {
                    prospect.company.clone()
                },
                contact: prospect.contact.clone(),
                phone: prospect.phone.clone(),
                category: if prospect.category.is_empty() { "—".into() } else { prospect.category.clone() },
                licence_no: signing.licence_no.clone(),
                licence_expiry: None,
            };
            w.insert(&mut merchant)?;
            let mut lease = Lease {
                id: 0,
                number: String::new(),
                merchant_id: merchant.id,
                unit_id: signing.unit_id,
                prospect_id: Some(prospect_id),
                start_date: signing.start_date,
                end_date: signing.end_date,
                monthly_rent_fen: signing.monthly_rent_fen,
                management_fee_fen: signing.management_fee_fen,
                deposit_fen: signing.deposit_fen,
                payment_day: signing.payment_day,
                stage: LeaseStage::Draft,
                renews_lease_id: None,
            };
            w.insert(&mut lease)?;
            let before = prospect.clone();
            let mut after = prospect;
            after.merchant_id = Some(merchant.id);
            w.conn()
                .execute("UPDATE prospects SET merchant_id = ? WHERE id = ?", [merchant.id, prospect_id])?;
            w.audit(Prospect::TABLE, prospect_id, "handover", Some(&before), Some(&after))?;
            Ok((merchant, lease))
        })
    }
}

/// A prospect handed from one staff member to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassignment {
    pub at: chrono::DateTime<chrono::Utc>,
    pub from_staff_id: Option<i64>,
    pub to_staff_id: Option<i64>,
    pub operator: String,
    pub reason: String,
}
