//! Staff members, and who is free to take the next prospect.

use rusqlite::Row;
use rusqlite::types::Value;

use super::error::Result;
use super::record::{Conditions, Entity, ListFilter, Order, Repo};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::staff::{self, Department, Staff, StaffRole};

#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    pub text: String,
    pub role: Option<StaffRole>,
    pub department: Option<Department>,
    pub active_only: bool,
}

const SEARCH: TextSearch = TextSearch { fts: None, chars: None, like: &["name", "phone"] };

impl ListFilter for StaffFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("role", self.role.map(sql::code));
        c.eq_opt("department", self.department.map(sql::code));
        if self.active_only {
            c.add("active = 1", []);
        }
    }
}

impl Entity for Staff {
    const TABLE: &'static str = "staff";
    const NAME: &'static str = "staff member";
    const COLUMNS: &'static [&'static str] = &["name", "role", "department", "phone", "active", "zone"];
    const ORDER: Order = Order { columns: &["name", "id"], descending: false };
    type Filter = StaffFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Staff {
            id: c.next()?,
            name: c.next()?,
            role: c.code()?,
            department: c.code()?,
            phone: c.next()?,
            active: c.next()?,
            zone: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.name),
            sql::code(self.role),
            sql::code(self.department),
            sql::text_opt(&self.phone),
            self.active.into(),
            sql::text(&self.zone),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Staff::validate(self)
    }
}

impl Repo<'_, Staff> {
    /// Open prospects per active leasing staff member, for balanced assignment.
    pub fn open_prospect_loads(&self) -> Result<Vec<(i64, u64)>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT s.id, (SELECT count(*) FROM prospects p
                           WHERE p.staff_id = s.id AND p.stage IN ('potential', 'intent', 'negotiating'))
             FROM staff s WHERE s.active = 1 AND s.role = 'leasing' ORDER BY s.id",
        )?;
        let loads = statement
            .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(loads)
    }

    /// The leasing staff member with the fewest open prospects, suggested for a new one.
    pub fn suggest_for_new_prospect(&self) -> Result<Option<i64>> {
        Ok(staff::least_loaded(&self.open_prospect_loads()?))
    }
}

impl super::Store {
    /// The name of the first active staff member with `role` (by id).
    pub fn first_active_staff(&self, role: StaffRole) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row(
                "SELECT name FROM staff WHERE role = ? AND active = 1 ORDER BY id LIMIT 1",
                [role.code()],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// What one staff member has in hand: open cases they handle, open callbacks assigned to
    /// them and open prospects they follow.
    pub fn staff_workload(&self, staff_id: i64) -> Result<(u64, u64, u64)> {
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [staff_id], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok((
            count("SELECT count(*) FROM complaints WHERE handler_id = ? AND step <> 'closed'")?,
            count("SELECT count(*) FROM callbacks WHERE staff_id = ? AND status = 'open'")?,
            count(
                "SELECT count(*) FROM prospects WHERE staff_id = ?
                 AND stage IN ('potential', 'intent', 'negotiating')",
            )?,
        ))
    }
}
