//! Weekly meeting series and the meetings planned from them: saving a series plans its coming
//! weeks, and opening the desk tops every active series up to the planning horizon (a setting),
//! so nobody retypes the Tuesday briefing. A meeting is never planned twice for the same series
//! and time, and the first-of-the-month all-hands briefing only once a day whatever the series.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Value;

use super::Store;
use super::error::Result;
use super::record::{Conditions, Entity, ListFilter, Order, Repo, Writer};
use super::sql::{self, Cols};
use crate::domain::ValidationErrors;
use crate::domain::meeting::{Meeting, MeetingKind, Series};

/// Every series, or the active ones.
#[derive(Debug, Clone, Default)]
pub struct SeriesFilter {
    pub active_only: bool,
}

impl ListFilter for SeriesFilter {
    fn apply(&self, c: &mut Conditions) {
        if self.active_only {
            c.add("active = 1", []);
        }
    }
}

impl Entity for Series {
    const TABLE: &'static str = "meeting_series";
    const NAME: &'static str = "meeting series";
    const COLUMNS: &'static [&'static str] =
        &["kind", "weekday", "local_time", "zone", "host", "duration_min", "active"];
    const ORDER: Order = Order { columns: &["id"], descending: false };
    type Filter = SeriesFilter;

    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let mut c = Cols::new(row);
        let id = c.next()?;
        let kind = c.code()?;
        let weekday = c.next()?;
        let index = 3;
        let time: String = c.next()?;
        let local_time = chrono::NaiveTime::parse_from_str(&time, "%H:%M").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
        })?;
        Ok(Series {
            id,
            kind,
            weekday,
            local_time,
            zone: c.next()?,
            host: c.next()?,
            duration_min: c.next()?,
            active: c.next()?,
        })
    }
    fn to_values(&self) -> Vec<Value> {
        vec![
            sql::code(self.kind),
            i64::from(self.weekday).into(),
            Value::Text(self.local_time.format("%H:%M").to_string()),
            sql::text_opt(&self.zone),
            sql::text(&self.host),
            i64::from(self.duration_min).into(),
            self.active.into(),
        ]
    }
    fn validate(&mut self) -> std::result::Result<(), ValidationErrors> {
        Series::validate(self)
    }
}

/// Plans one series' meetings from `from` for `weeks` weeks; returns how many were created.
fn plan(w: &Writer<'_>, series: &Series, from: NaiveDate, weeks: u32) -> Result<usize> {
    let clock = w.clock();
    let mut created = 0;
    for (day, zone) in series.planned(from, weeks) {
        let starts_at = clock.instant(day.and_time(series.local_time));
        let taken: bool = if zone.is_none() && series.kind == MeetingKind::MorningBriefing {
            // One all-hands a day, whichever series (or clerk) made it.
            let (start, end) = (clock.midnight(day), clock.midnight(day + chrono::Days::new(1)));
            w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM meetings WHERE kind = 'morning_briefing' AND zone IS NULL
                                AND starts_at >= ?1 AND starts_at < ?2)",
                [sql::instant(&start), sql::instant(&end)],
                |r| r.get(0),
            )?
        } else {
            w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM meetings WHERE series_id = ?1 AND starts_at = ?2)",
                rusqlite::params![series.id, sql::instant(&starts_at)],
                |r| r.get(0),
            )?
        };
        if taken {
            continue;
        }
        let mut meeting = Meeting {
            id: 0,
            kind: series.kind,
            starts_at,
            zone,
            host: series.host.clone(),
            duration_min: series.duration_min,
            minutes: String::new(),
            series_id: Some(series.id),
        };
        w.insert(&mut meeting)?;
        created += 1;
    }
    Ok(created)
}

impl Repo<'_, Series> {
    /// Saves a new series and plans its first `weeks` weeks from `from`, in one transaction;
    /// returns the series' id and how many meetings were created.
    pub fn start(&self, series: &mut Series, from: NaiveDate, weeks: u32) -> Result<(i64, usize)> {
        self.store.write(|w| {
            let id = w.insert(series)?;
            let created = plan(w, series, from, weeks)?;
            Ok((id, created))
        })
    }
}

impl Store {
    /// Tops every active series up to `weeks` weeks from `today`; returns how many meetings were
    /// created (nothing when all are planned already).
    pub fn plan_meetings(&self, today: NaiveDate, weeks: u32) -> Result<usize> {
        let series: Vec<Series> = {
            let mut statement = self.conn().prepare_cached(
                "SELECT id, kind, weekday, local_time, zone, host, duration_min, active
                 FROM meeting_series WHERE active = 1 ORDER BY id",
            )?;
            statement.query_map([], Series::from_row)?.collect::<rusqlite::Result<_>>()?
        };
        if series.is_empty() {
            return Ok(0);
        }
        self.write(|w| series.iter().map(|s| plan(w, s, today, weeks)).sum::<Result<usize>>())
    }
}
