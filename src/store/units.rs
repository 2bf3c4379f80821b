//! Shop units; their state (vacant / reserved / leased) is derived from their leases.

use rusqlite::Row;
use rusqlite::types::Value;

use super::error::Result;
use super::record::{Conditions, Entity, ListFilter, Order, Repo};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::lease::LeaseStage;
use crate::domain::unit::{Unit, UnitState};

#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub text: String,
    pub zone: Option<String>,
    pub floor: Option<String>,
    /// Only units with no live lease.
    pub vacant_only: bool,
}

const SEARCH: TextSearch = TextSearch { fts: None, chars: None, like: &["code", "zone", "category"] };

impl ListFilter for UnitFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("zone", self.zone.clone().map(Into::into));
        c.eq_opt("floor", self.floor.clone().map(Into::into));
        if self.vacant_only {
            c.add(
                "NOT EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = units.id
                 AND l.stage IN ('draft', 'legal_review', 'approved', 'active'))",
                [],
            );
        }
    }
}

impl Entity for Unit {
    const TABLE: &'static str = "units";
    const NAME: &'static str = "unit";
    const COLUMNS: &'static [&'static str] = &["code", "floor", "zone", "area_dm2", "category"];
    const ORDER: Order = Order { columns: &["code", "id"], descending: false };
    type Filter = UnitFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Unit {
            id: c.next()?,
            code: c.next()?,
            floor: c.next()?,
            zone: c.next()?,
            area_dm2: c.next()?,
            category: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.code),
            sql::text(&self.floor),
            sql::text(&self.zone),
            self.area_dm2.into(),
            sql::text(&self.category),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Unit::validate(self)
    }
}

impl Repo<'_, Unit> {
    /// The unit with this code (codes are unique).
    pub fn by_code(&self, code: &str) -> Result<Option<Unit>> {
        let id: Option<i64> = rusqlite::OptionalExtension::optional(self.store.conn().query_row(
            "SELECT id FROM units WHERE code = ?",
            [code.trim().to_uppercase()],
            |row| row.get(0),
        ))?;
        id.map(|id| self.get(id)).transpose()
    }

    /// A unit's state from its leases.
    pub fn state(&self, unit_id: i64) -> Result<UnitState> {
        let mut statement = self.store.conn().prepare_cached("SELECT stage FROM leases WHERE unit_id = ?")?;
        let stages = statement
            .query_map([unit_id], |row| row.get::<_, String>(0))?
            .filter_map(|stage| stage.ok()?.parse::<LeaseStage>().ok())
            .collect::<Vec<_>>();
        Ok(UnitState::from_lease_stages(stages))
    }

    /// Every zone, in order.
    pub fn zones(&self) -> Result<Vec<String>> {
        let mut statement =
            self.store.conn().prepare_cached("SELECT DISTINCT zone FROM units ORDER BY zone")?;
        let zones = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(zones)
    }
}
