//! The shared shape of every record family: an [`Entity`] names its table, columns and default
//! order; [`Repo`] gives it create / get / update / keyset pages / count; [`Writer`] does the
//! writes inside a transaction, each with its audit row. Family modules add their own filters
//! and workflows on top (`impl Repo<'_, Complaint>`).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde::Serialize;

use super::Store;
use super::audit;
use super::error::{Refusal, Result, StoreError};
use super::search::{self, TextSearch};
use crate::config::Settings;
use crate::domain::ValidationErrors;
use crate::domain::clock::MallClock;

/// The default keyset order of a list: columns that are never NULL, ending in `id` so every
/// row has a unique position. All ascending or all descending.
#[derive(Debug, Clone, Copy)]
pub struct Order {
    pub columns: &'static [&'static str],
    pub descending: bool,
}

/// A record family stored in one table.
pub trait Entity: Serialize + Clone + Sized {
    const TABLE: &'static str;
    /// Human name for messages ("complaint").
    const NAME: &'static str;
    /// Stored columns after `id`, in the order of `from_row` and `to_values`.
    const COLUMNS: &'static [&'static str];
    const ORDER: Order;
    /// How the family's list narrows; `Default` lists everything.
    type Filter: ListFilter;

    fn id(&self) -> i64;
    fn set_id(&mut self, id: i64);
    /// Reads `id` then `COLUMNS` from the start of the row.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
    fn to_values(&self) -> Vec<Value>;
    /// Normalises and checks the record (domain rules), before any write.
    fn validate(&mut self) -> std::result::Result<(), ValidationErrors>;

    /// Runs inside the write before the row is saved (`stored` is the row being replaced, if
    /// any): assign numbers, derive fields, check rules that need the database.
    fn before_save(&mut self, _writer: &Writer<'_>, _stored: Option<&Self>) -> Result<()> {
        Ok(())
    }

    /// Runs inside the write after a new row is inserted and its id set.
    fn after_insert(&self, _writer: &Writer<'_>) -> Result<()> {
        Ok(())
    }
}

/// A family's filter turned into SQL conditions.
pub trait ListFilter: Default + Clone {
    fn apply(&self, conditions: &mut Conditions);

    /// The list order this filter asks for, when not the family's default (e.g. open
    /// complaints by deadline, so overdue ones come first).
    fn order(&self) -> Option<Order> {
        None
    }
}

/// `WHERE` clauses and their parameters, built up by filters.
#[derive(Default, Debug, Clone)]
pub struct Conditions {
    clauses: Vec<String>,
    params: Vec<Value>,
    /// A full-text index narrows the list: it is then read newest first by id, which the index
    /// serves in order, and its count is capped (see [`SEARCH_COUNT_CAP`]).
    pub(crate) indexed_search: bool,
    /// The one full-text table (and its MATCH text) behind the search clause at this index of
    /// `clauses`, so a capped count can stream from the index instead of listing every hit.
    driver: Option<(String, Value, usize)>,
}

/// Text searches count at most this many rows exactly; beyond, the list shows "1,000+".
pub const SEARCH_COUNT_CAP: u64 = 1000;

/// The order of a list narrowed by a full-text index: newest record first.
const NEWEST_FIRST: Order = Order { columns: &["id"], descending: true };

impl Conditions {
    /// Adds a clause with `?` placeholders and their values.
    pub fn add(&mut self, clause: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.into());
        self.params.extend(params);
    }

    pub fn eq(&mut self, column: &str, value: Value) {
        self.add(format!("{column} = ?"), [value]);
    }

    pub fn eq_opt(&mut self, column: &str, value: Option<Value>) {
        if let Some(value) = value {
            self.eq(column, value);
        }
    }

    /// Narrows by free text (see [`search`]).
    pub fn text(&mut self, spec: &TextSearch, query: &str) {
        search::apply(self, spec, query);
    }

    /// Marks that a full-text index drives this list (newest first, capped count); `driver`
    /// names the table and MATCH text when the last clause added is that one index alone.
    pub fn indexed_search(&mut self, driver: Option<(String, Value)>) {
        self.indexed_search = true;
        if let Some((table, expression)) = driver {
            self.driver = Some((table, expression, self.clauses.len() - 1));
        }
    }

    /// The clauses joined with AND (`1` when there are none) and their parameters, for
    /// nesting inside a larger condition.
    pub fn into_parts(self) -> (String, Vec<Value>) {
        let sql = if self.clauses.is_empty() { "1".to_string() } else { self.clauses.join(" AND ") };
        (sql, self.params)
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() { String::new() } else { format!(" WHERE {}", self.clauses.join(" AND ")) }
    }
}

/// Where a row stands in its list's order: the values of its order columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor(pub Vec<Value>);

/// Which page to fetch: the first, the one after a cursor, or the one before it.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
    /// The last page of the list (no cursor, read from the end).
    pub from_end: bool,
    pub limit: usize,
}

impl PageRequest {
    pub fn first(limit: usize) -> Self {
        PageRequest { after: None, before: None, from_end: false, limit }
    }

    pub fn last(limit: usize) -> Self {
        PageRequest { after: None, before: None, from_end: true, limit }
    }

    pub fn after(cursor: Cursor, limit: usize) -> Self {
        PageRequest { after: Some(cursor), before: None, from_end: false, limit }
    }

    pub fn before(cursor: Cursor, limit: usize) -> Self {
        PageRequest { after: None, before: Some(cursor), from_end: false, limit }
    }
}

/// One page of a list, in list order, with the cursors to fetch its neighbours.
#[derive(Debug, Clone)]
pub struct Page<E> {
    pub rows: Vec<E>,
    pub cursors: Vec<Cursor>,
    /// More rows follow the last one.
    pub more_after: bool,
    /// More rows precede the first one.
    pub more_before: bool,
}

impl<E> Page<E> {
    /// The same page with each row turned into something else by a step that can fail.
    pub fn try_map<T, Er>(
        self,
        convert: impl FnMut(E) -> std::result::Result<T, Er>,
    ) -> std::result::Result<Page<T>, Er> {
        Ok(Page {
            rows: self.rows.into_iter().map(convert).collect::<std::result::Result<_, _>>()?,
            cursors: self.cursors,
            more_after: self.more_after,
            more_before: self.more_before,
        })
    }

    /// The same page with each row turned into something else (e.g. a table row).
    pub fn map<T>(self, convert: impl FnMut(E) -> T) -> Page<T> {
        Page {
            rows: self.rows.into_iter().map(convert).collect(),
            cursors: self.cursors,
            more_after: self.more_after,
            more_before: self.more_before,
        }
    }

    pub fn next(&self) -> Option<PageRequest> {
        let cursor = self.cursors.last().filter(|_| self.more_after)?;
        Some(PageRequest::after(cursor.clone(), self.rows.len().max(1)))
    }

    pub fn previous(&self) -> Option<PageRequest> {
        let cursor = self.cursors.first().filter(|_| self.more_before)?;
        Some(PageRequest::before(cursor.clone(), self.rows.len().max(1)))
    }
}

pub(crate) fn select_list<E: Entity>() -> String {
    let mut columns = vec!["id"];
    columns.extend_from_slice(E::COLUMNS);
    columns.join(", ")
}

pub(crate) fn find<E: Entity>(conn: &Connection, id: i64) -> Result<Option<E>> {
    let sql = format!("SELECT {} FROM {} WHERE id = ?", select_list::<E>(), E::TABLE);
    Ok(conn.prepare_cached(&sql)?.query_row([id], |row| E::from_row(row)).optional()?)
}

/// Every row of a small child list (a lease's signatures), in the family's order.
pub(crate) fn list_all<E: Entity>(conn: &Connection, filter: &E::Filter) -> Result<Vec<E>> {
    let mut conditions = Conditions::default();
    filter.apply(&mut conditions);
    Ok(page::<E>(conn, &conditions, E::ORDER, &PageRequest::first(10_000))?.rows)
}

/// Reads one keyset page of `E` narrowed by `conditions`.
pub(crate) fn page<E: Entity>(
    conn: &Connection,
    conditions: &Conditions,
    order: Order,
    request: &PageRequest,
) -> Result<Page<E>> {
    let backwards = request.before.is_some() || request.from_end;
    let mut conditions = conditions.clone();
    if let Some(Cursor(values)) = request.after.as_ref().or(request.before.as_ref()) {
        if values.len() != order.columns.len() {
            return Err(Refusal::new("foreign_cursor").into());
        }
        // Forward in an ascending list means "greater than"; each flip reverses it.
        let greater = order.descending == backwards;
        // A filter's bound on the first order column on the same side as the cursor (a
        // period's start when reading on) would be taken by SQLite as the index's start, and
        // each page would walk from the period's first row again: the cursor bounds tighter,
        // so the filter's bound is kept only as a check (`+column` uses no index).
        let first = order.columns[0];
        let same_side: &[&str] = if greater { &[">=", ">"] } else { &["<=", "<"] };
        for clause in &mut conditions.clauses {
            if same_side.iter().any(|op| *clause == format!("{first} {op} ?")) {
                *clause = format!("+{clause}");
            }
        }
        let placeholders = vec!["?"; values.len()].join(", ");
        conditions.add(
            format!("({}) {} ({placeholders})", order.columns.join(", "), if greater { ">" } else { "<" }),
            values.iter().cloned(),
        );
    }
    let descending = order.descending != backwards;
    let direction = if descending { "DESC" } else { "ASC" };
    let order_by: Vec<String> = order.columns.iter().map(|c| format!("{c} {direction}")).collect();
    let sql = format!(
        "SELECT {}, {} FROM {}{} ORDER BY {} LIMIT {}",
        select_list::<E>(),
        order.columns.join(", "),
        E::TABLE,
        conditions.sql(),
        order_by.join(", "),
        request.limit + 1
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let first_cursor_column = 1 + E::COLUMNS.len();
    let mut rows: Vec<(E, Cursor)> = statement
        .query_map(params_from_iter(conditions.params.iter()), |row| {
            let record = E::from_row(row)?;
            let cursor = (0..order.columns.len())
                .map(|i| row.get::<_, Value>(first_cursor_column + i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((record, Cursor(cursor)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > request.limit;
    rows.truncate(request.limit);
    if backwards {
        rows.reverse();
    }
    let came_from_cursor = request.after.is_some() || request.before.is_some();
    // Read from the end, a page has nothing after it.
    let (more_after, more_before) =
        if backwards { (came_from_cursor, more) } else { (more, came_from_cursor) };
    let (rows, cursors) = rows.into_iter().unzip();
    Ok(Page { rows, cursors, more_after, more_before })
}

pub(crate) fn count<E: Entity>(
    conn: &Connection,
    conditions: &Conditions,
    up_to: Option<u64>,
) -> Result<u64> {
    let sql = match up_to {
        None => format!("SELECT count(*) FROM {}{}", E::TABLE, conditions.sql()),
        Some(limit) => {
            format!("SELECT count(*) FROM (SELECT 1 FROM {}{} LIMIT {limit})", E::TABLE, conditions.sql())
        }
    };
    let count: i64 =
        conn.prepare_cached(&sql)?.query_row(params_from_iter(conditions.params.iter()), |r| r.get(0))?;
    Ok(count as u64)
}

/// The repository of one record family.
pub struct Repo<'s, E> {
    pub(crate) store: &'s Store,
    _entity: std::marker::PhantomData<E>,
}

impl<'s, E: Entity> Repo<'s, E> {
    pub(crate) fn new(store: &'s Store) -> Self {
        Repo { store, _entity: std::marker::PhantomData }
    }

    /// Validates and stores a new record, setting its id; returns the id.
    pub fn create(&self, record: &mut E) -> Result<i64> {
        self.store.write(|w| w.insert(record))
    }

    /// The record with `id`, or a "does not exist" error.
    pub fn get(&self, id: i64) -> Result<E> {
        self.find(id)?.ok_or(StoreError::NotFound { what: E::NAME, id })
    }

    pub fn find(&self, id: i64) -> Result<Option<E>> {
        find(self.store.conn(), id)
    }

    /// Validates and saves the record's fields over the stored ones.
    pub fn update(&self, record: &mut E) -> Result<()> {
        self.store.write(|w| w.update(record))
    }

    /// One page of the list in its default order, narrowed by `filter`.
    pub fn page(&self, filter: &E::Filter, request: &PageRequest) -> Result<Page<E>> {
        let mut conditions = Conditions::default();
        filter.apply(&mut conditions);
        let order = if conditions.indexed_search { NEWEST_FIRST } else { filter.order().unwrap_or(E::ORDER) };
        page(self.store.conn(), &conditions, order, request)
    }

    /// How many records `filter` lets through.
    pub fn count(&self, filter: &E::Filter) -> Result<u64> {
        let mut conditions = Conditions::default();
        filter.apply(&mut conditions);
        count::<E>(self.store.conn(), &conditions, None)
    }

    /// Like [`Repo::count`], but a text search stops counting past [`SEARCH_COUNT_CAP`]:
    /// `(count, exact)`, where an inexact count means "more than the cap".
    pub fn count_for_list(&self, filter: &E::Filter) -> Result<(u64, bool)> {
        let mut conditions = Conditions::default();
        filter.apply(&mut conditions);
        if conditions.indexed_search {
            let n = count::<E>(self.store.conn(), &conditions, Some(SEARCH_COUNT_CAP + 1))?;
            Ok((n.min(SEARCH_COUNT_CAP + 1), n <= SEARCH_COUNT_CAP))
        } else {
            Ok((count::<E>(self.store.conn(), &conditions, None)?, true))
        }
    }
}

/// Writes inside one open transaction; every change also writes its audit row.
pub struct Writer<'t> {
    conn: &'t Connection,
    operator: &'t str,
    now: DateTime<Utc>,
    settings: &'t Settings,
    locale: &'t str,
    clock: MallClock,
}

impl<'t> Writer<'t> {
    pub(crate) fn new(
        conn: &'t Connection,
        operator: &'t str,
        now: DateTime<Utc>,
        settings: &'t Settings,
        locale: &'t str,
        clock: MallClock,
    ) -> Self {
        Writer { conn, operator, now, settings, locale, clock }
    }

    /// The mall's clock (its days and hours).
    pub fn clock(&self) -> MallClock {
        self.clock
    }

    /// Text the store writes into a record itself (`stored.<key>` in the locale files), in the
    /// interface language.
    pub fn record_text(&self, key: &str) -> String {
        let key = format!("stored.{key}");
        rust_i18n::t!(&key, locale = self.locale).into_owned()
    }

    /// The house rules in force (time limits, attempts, penalties).
    pub fn settings(&self) -> &Settings {
        self.settings
    }

    pub fn conn(&self) -> &Connection {
        self.conn
    }

    pub fn operator(&self) -> &str {
        self.operator
    }

    /// The transaction's clock: every row it writes carries the same instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Validates and inserts a record with its audit row; sets and returns the new id.
    pub fn insert<E: Entity>(&self, record: &mut E) -> Result<i64> {
        let id = self.insert_unaudited(record)?;
        self.audit(E::TABLE, id, "create", None::<&E>, Some(&*record))?;
        Ok(id)
    }

    /// Inserts without an audit row: for bulk loads that audit once for the whole batch.
    pub fn insert_unaudited<E: Entity>(&self, record: &mut E) -> Result<i64> {
        record.before_save(self, None)?;
        record.validate()?;
        let placeholders = vec!["?"; E::COLUMNS.len()].join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({placeholders})", E::TABLE, E::COLUMNS.join(", "));
        self.conn.prepare_cached(&sql)?.execute(params_from_iter(record.to_values()))?;
        let id = self.conn.last_insert_rowid();
        record.set_id(id);
        record.after_insert(self)?;
        Ok(id)
    }

    /// Validates and saves a record over the stored one, auditing before and after.
    pub fn update<E: Entity>(&self, record: &mut E) -> Result<()> {
        let before: E = self.get(record.id())?;
        record.before_save(self, Some(&before))?;
        record.validate()?;
        self.overwrite(record)?;
        self.audit(E::TABLE, record.id(), "update", Some(&before), Some(&*record))
    }

    /// Writes every column of a stored record, with no checks and no audit row: for workflows
    /// that check and audit the change themselves (a complaint's step).
    pub(crate) fn overwrite<E: Entity>(&self, record: &E) -> Result<()> {
        let assignments: Vec<String> = E::COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
        let sql = format!("UPDATE {} SET {} WHERE id = ?", E::TABLE, assignments.join(", "));
        let mut values = record.to_values();
        values.push(Value::Integer(record.id()));
        self.conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(())
    }

    /// Reads a record inside the transaction (sees this transaction's own writes).
    pub fn get<E: Entity>(&self, id: i64) -> Result<E> {
        find(self.conn, id)?.ok_or(StoreError::NotFound { what: E::NAME, id })
    }

    /// Writes one audit row: who, when, which record, what was done, before and after.
    pub fn audit<B: Serialize + ?Sized, A: Serialize + ?Sized>(
        &self,
        entity: &str,
        record_id: i64,
        action: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        audit::write(self.conn, self.now, self.operator, entity, record_id, action, before, after)
    }
}
