//! Merchants, searchable by brand, company, contact and phone.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Value;

use super::error::Result;
use super::record::{Conditions, Entity, ListFilter, Order};
use super::search::TextSearch;
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::merchant::Merchant;

#[derive(Debug, Clone, Default)]
pub struct MerchantFilter {
    pub text: String,
    pub category: Option<String>,
    /// Only merchants whose licence expires on or before this day.
    pub licence_expiring_by: Option<NaiveDate>,
    /// Only merchants owing money on a charge due before this day.
    pub in_arrears_on: Option<NaiveDate>,
    /// Only merchants with a complaint judged valid received in [from, until).
    pub complained_in: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
}

pub(crate) const SEARCH: TextSearch = TextSearch {
    fts: Some("merchants_fts"),
    chars: Some("merchants_chars"),
    like: &["brand", "company", "contact", "phone"],
};

impl ListFilter for MerchantFilter {
    fn apply(&self, c: &mut Conditions) {
        c.text(&SEARCH, &self.text);
        c.eq_opt("category", self.category.clone().map(Into::into));
        if let Some(day) = &self.licence_expiring_by {
            c.add("licence_expiry <= ?", [sql::date(day)]);
        }
        if let Some(day) = &self.in_arrears_on {
            c.add(
                "id IN (SELECT l.merchant_id FROM leases l JOIN charges c ON c.lease_id = l.id
                        WHERE c.due_date < ? AND c.amount_fen > coalesce((SELECT sum(p.amount_fen)
                              FROM payments p WHERE p.charge_id = c.id), 0))",
                [sql::date(day)],
            );
        }
        if let Some((from, until)) = &self.complained_in {
            c.add(
                "id IN (SELECT merchant_id FROM complaints WHERE kind = 'complaint' AND valid = 1
                        AND received_at >= ? AND received_at < ? AND merchant_id IS NOT NULL)",
                [sql::instant(from), sql::instant(until)],
            );
        }
    }
}

impl Entity for Merchant {
    const TABLE: &'static str = "merchants";
    const NAME: &'static str = "merchant";
    const COLUMNS: &'static [&'static str] =
        &["brand", "company", "contact", "phone", "category", "licence_no", "licence_expiry"];
    const ORDER: Order = Order { columns: &["brand", "id"], descending: false };
    type Filter = MerchantFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        Ok(Merchant {
            id: c.next()?,
            brand: c.next()?,
            company: c.next()?,
            contact: c.next()?,
            phone: c.next()?,
            category: c.next()?,
            licence_no: c.next()?,
            licence_expiry: c.date_opt()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::text(&self.brand),
            sql::text(&self.company),
            sql::text(&self.contact),
            sql::text(&self.phone),
            sql::text(&self.category),
            sql::text_opt(&self.licence_no),
            sql::date_opt(&self.licence_expiry),
        ]
    }
    fn validate(&mut self) -> Result<(), ValidationErrors> {
        Merchant::validate(self)
    }
}

impl super::Repo<'_, Merchant> {
    /// Merchants named exactly `name` (brand or company), or numbered `name` when it is a
    /// number: how the command line picks one merchant.
    pub fn named(&self, name: &str) -> Result<Vec<Merchant>> {
        let name = name.trim();
        let id: i64 = name.parse().unwrap_or(-1);
        let mut statement = self.store.conn().prepare_cached(
            "SELECT id, brand, company, contact, phone, category, licence_no, licence_expiry
             FROM merchants WHERE brand = ?1 OR company = ?1 OR id = ?2 ORDER BY id",
        )?;
        let rows = statement.query_map(rusqlite::params![name, id], Merchant::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
