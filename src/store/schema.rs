//! The schema as numbered, append-only migrations (version in `PRAGMA user_version`). Never
//! edit a released migration: add the next one. Conventions: instants are UTC text
//! `YYYY-MM-DDTHH:MM:SSZ`, dates `YYYY-MM-DD`, money integer fen, areas integer dm², enums
//! stable snake_case codes. Every list's default order has an index ending in `id`, so lists
//! page by keyset.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const V1_RECORDS: &str = include_str!("migrations/001_records.sql");
const V2_UNREACHABLE_SINCE: &str = include_str!("migrations/002_unreachable_since.sql");
const V3_LEASE_CHAIN_DEPOSIT_RENEWAL: &str = include_str!("migrations/003_lease_chain_deposit_renewal.sql");
const V4_MALL_CLOCK: &str = include_str!("migrations/004_mall_clock.sql");
const V5_REPORT_COVERING_INDEXES: &str = include_str!("migrations/005_report_covering_indexes.sql");
const V6_SCORES_AND_STAFF_ZONES: &str = include_str!("migrations/006_scores_and_staff_zones.sql");
const V7_MERCHANT_FILE: &str = include_str!("migrations/007_merchant_file.sql");
const V8_LINKED_CASE_AND_CALLER_NAMES: &str = include_str!("migrations/008_linked_case_and_caller_names.sql");

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1_RECORDS),
        M::up(V2_UNREACHABLE_SINCE),
        M::up(V3_LEASE_CHAIN_DEPOSIT_RENEWAL),
        M::up(V4_MALL_CLOCK),
        M::up(V5_REPORT_COVERING_INDEXES),
        M::up(V6_SCORES_AND_STAFF_ZONES),
        M::up(V7_MERCHANT_FILE),
        M::up(V8_LINKED_CASE_AND_CALLER_NAMES),
    ])
}

/// The schema version this program writes and reads.
pub fn latest_version() -> i64 {
    8
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the database to the latest version, all pending steps in one transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    migrations().to_latest(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_latest_matches() {
        assert!(migrations().validate().is_ok());
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest_version());
    }
}
