//! What the leasing report reads about the pipeline in a period: new prospects by source,
//! contacts made, stage moves (the funnel and the losses) and the deals signed with their unit
//! and rent. Each is one indexed range over the period's instants (registrations, moves and
//! contacts each have an index on their time).

use chrono::{DateTime, Utc};

use super::Store;
use super::error::Result;
use super::sql::{self, Cols};
use crate::domain::prospect::{InteractionMode, ProspectStage, SourceChannel};

/// A deal signed in the period: the prospect's move to signed and the lease it handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDeal {
    pub prospect_id: i64,
    pub staff_id: Option<i64>,
    pub category: String,
    pub area_dm2: i64,
    pub monthly_rent_fen: i64,
}

/// One leasing staff member's work in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffPipeline {
    pub staff_id: i64,
    pub name: String,
    pub new_prospects: u64,
    pub contacts: u64,
}

fn counts<T: std::str::FromStr>(
    store: &Store,
    query: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(T, u64)>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let mut statement = store.conn().prepare_cached(query)?;
    let rows = statement.query_map([sql::instant(&from), sql::instant(&until)], |row| {
        let mut c = Cols::new(row);
        Ok((c.code::<T>()?, c.next::<i64>()? as u64))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Prospects registered in [from, until), by source channel.
    pub fn new_prospects_by_source(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(SourceChannel, u64)>> {
        counts(
            self,
            "SELECT source, count(*) FROM prospects WHERE registered_at >= ?1 AND registered_at < ?2
             GROUP BY source ORDER BY count(*) DESC, source",
            from,
            until,
        )
    }

    /// Contacts logged in [from, until), by mode.
    pub fn contacts_by_mode(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(InteractionMode, u64)>> {
        counts(
            self,
            "SELECT mode, count(*) FROM interactions WHERE at >= ?1 AND at < ?2
             GROUP BY mode ORDER BY count(*) DESC, mode",
            from,
            until,
        )
    }

    /// Prospects that reached each stage in [from, until) (each prospect once per stage).
    pub fn stage_entries(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(ProspectStage, u64)>> {
        counts(
            self,
            "SELECT to_stage, count(DISTINCT prospect_id) FROM prospect_stage_moves
             WHERE at >= ?1 AND at < ?2 GROUP BY to_stage",
            from,
            until,
        )
    }

    /// Why prospects were lost in [from, until): (reason, prospects), most frequent first.
    pub fn lost_reasons(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<(String, u64)>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT trim(reason), count(DISTINCT prospect_id) FROM prospect_stage_moves
             WHERE at >= ?1 AND at < ?2 AND to_stage = 'lost'
             GROUP BY trim(reason) ORDER BY count(DISTINCT prospect_id) DESC, trim(reason)",
        )?;
        let rows = statement.query_map([sql::instant(&from), sql::instant(&until)], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deals signed in [from, until) with the unit area and rent of the lease each handed over
    /// (the lease linked to the prospect, else the signed merchant's first lease).
    pub fn signed_deals(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<SignedDeal>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT p.id, p.staff_id, p.category, coalesce(u.area_dm2, 0), coalesce(l.monthly_rent_fen, 0)
             FROM prospect_stage_moves s
             JOIN prospects p ON p.id = s.prospect_id
             LEFT JOIN leases l ON l.id = coalesce(
                 (SELECT min(x.id) FROM leases x WHERE x.prospect_id = p.id),
                 (SELECT min(x.id) FROM leases x WHERE x.merchant_id = p.merchant_id))
             LEFT JOIN units u ON u.id = l.unit_id
             WHERE s.at >= ?1 AND s.at < ?2 AND s.to_stage = 'signed'
             ORDER BY s.at, s.id",
        )?;
        let rows = statement.query_map([sql::instant(&from), sql::instant(&until)], |row| {
            let mut c = Cols::new(row);
            Ok(SignedDeal {
                prospect_id: c.next()?,
                staff_id: c.next()?,
                category: c.next()?,
                area_dm2: c.next()?,
                monthly_rent_fen: c.next()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The mall's planned category mix: leasable area per intended category of its units.
    pub fn planned_mix(&self) -> Result<Vec<(String, i64)>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT category, sum(area_dm2) FROM units GROUP BY category ORDER BY sum(area_dm2) DESC, category",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every active leasing staff member (role or department), with the prospects registered
    /// to them and the contacts they logged in [from, until).
    pub fn staff_pipeline(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<StaffPipeline>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT s.id, s.name,
                    (SELECT count(*) FROM prospects p WHERE p.staff_id = s.id
                       AND p.registered_at >= ?1 AND p.registered_at < ?2),
                    (SELECT count(*) FROM interactions i WHERE i.staff_id = s.id AND i.at >= ?1 AND i.at < ?2)
             FROM staff s WHERE s.active = 1 AND (s.role = 'leasing' OR s.department = 'leasing')
             ORDER BY s.name, s.id",
        )?;
        let rows = statement.query_map([sql::instant(&from), sql::instant(&until)], |row| {
            let mut c = Cols::new(row);
            Ok(StaffPipeline {
                staff_id: c.next()?,
                name: c.next()?,
                new_prospects: c.next::<i64>()? as u64,
                contacts: c.next::<i64>()? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
