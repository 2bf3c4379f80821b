//! Conversions between Rust values and their stored text forms, and a row reader that takes
//! columns in order so a record's `from_row` reads like its struct.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use rusqlite::types::{FromSql, Type, Value};

use crate::domain::clock;

const INSTANT: &str = "%Y-%m-%dT%H:%M:%SZ";
const DATE: &str = "%Y-%m-%d";

pub fn now() -> DateTime<Utc> {
    clock::now()
}

/// An instant as stored: UTC, whole seconds, `2026-11-22T08:45:00Z`.
pub fn instant(at: &DateTime<Utc>) -> Value {
    Value::Text(at.format(INSTANT).to_string())
}

pub fn instant_opt(at: &Option<DateTime<Utc>>) -> Value {
    at.as_ref().map_or(Value::Null, instant)
}

pub fn date(day: &NaiveDate) -> Value {
    Value::Text(day.format(DATE).to_string())
}

pub fn date_opt(day: &Option<NaiveDate>) -> Value {
    day.as_ref().map_or(Value::Null, date)
}

pub fn code(value: impl Into<&'static str>) -> Value {
    Value::Text(value.into().to_string())
}

pub fn code_opt<E: Into<&'static str>>(value: Option<E>) -> Value {
    value.map_or(Value::Null, code)
}

pub fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

pub fn text_opt(value: &Option<String>) -> Value {
    value.as_deref().map_or(Value::Null, text)
}

/// Reads a row's columns left to right.
pub struct Cols<'r, 's> {
    row: &'r Row<'s>,
    index: usize,
}

fn conversion(index: usize, error: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error))
}

impl<'r, 's> Cols<'r, 's> {
    pub fn new(row: &'r Row<'s>) -> Self {
        Cols { row, index: 0 }
    }

    /// Reads on from column `index` (the columns after a record's own).
    pub fn at(row: &'r Row<'s>, index: usize) -> Self {
        Cols { row, index }
    }

    pub fn next<T: FromSql>(&mut self) -> rusqlite::Result<T> {
        let value = self.row.get(self.index)?;
        self.index += 1;
        Ok(value)
    }

    pub fn instant(&mut self) -> rusqlite::Result<DateTime<Utc>> {
        let index = self.index;
        let text: String = self.next()?;
        parse_instant(&text).map_err(|e| conversion(index, e))
    }

    pub fn instant_opt(&mut self) -> rusqlite::Result<Option<DateTime<Utc>>> {
        let index = self.index;
        let text: Option<String> = self.next()?;
        text.map(|t| parse_instant(&t).map_err(|e| conversion(index, e))).transpose()
    }

    pub fn date(&mut self) -> rusqlite::Result<NaiveDate> {
        let index = self.index;
        let text: String = self.next()?;
        NaiveDate::parse_from_str(&text, DATE).map_err(|e| conversion(index, e))
    }

    pub fn date_opt(&mut self) -> rusqlite::Result<Option<NaiveDate>> {
        let index = self.index;
        let text: Option<String> = self.next()?;
        text.map(|t| NaiveDate::parse_from_str(&t, DATE).map_err(|e| conversion(index, e))).transpose()
    }

    pub fn code<E: FromStr>(&mut self) -> rusqlite::Result<E>
    where
        E::Err: std::error::Error + Send + Sync + 'static,
    {
        let index = self.index;
        let text: String = self.next()?;
        text.parse().map_err(|e| conversion(index, e))
    }

    pub fn code_opt<E: FromStr>(&mut self) -> rusqlite::Result<Option<E>>
    where
        E::Err: std::error::Error + Send + Sync + 'static,
    {
        let index = self.index;
        let text: Option<String> = self.next()?;
        text.map(|t| t.parse().map_err(|e| conversion(index, e))).transpose()
    }
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    chrono::NaiveDateTime::parse_from_str(text, INSTANT).map(|naive| naive.and_utc())
}
