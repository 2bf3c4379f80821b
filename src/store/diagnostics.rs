//! What SQL the store runs and how SQLite plans it: the test that proves every report reads
//! ranges an index serves records the statements a report runs and checks their plans.

use std::sync::Mutex;

use rusqlite::trace::{TraceEvent, TraceEventCodes};

use super::Store;
use super::error::Result;

/// Statements recorded while recording is on, with their values (one process-wide list:
/// SQLite's trace hook takes a plain function).
static RECORDED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(statement, sql) = event {
        let text = statement.expanded_sql().unwrap_or_else(|| sql.to_string());
        if let Ok(mut recorded) = RECORDED.lock() {
            recorded.push(text);
        }
    }
}

impl Store {
    /// Starts or stops recording every statement this connection runs.
    pub fn record_statements(&self, on: bool) {
        let hook: Option<fn(TraceEvent<'_>)> = if on { Some(record) } else { None };
        self.conn().trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, hook);
    }

    /// The statements recorded so far, taken out of the list.
    pub fn recorded_statements() -> Vec<String> {
        RECORDED.lock().map(|mut recorded| std::mem::take(&mut *recorded)).unwrap_or_default()
    }

    /// SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`), one line per step: `SEARCH c USING
    /// INDEX complaints_by_received (received_at>? AND received_at<?)`, `SCAN m`…
    pub fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut statement = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let lines =
            statement.query_map([], |row| row.get::<_, String>(3))?.collect::<rusqlite::Result<_>>()?;
        Ok(lines)
    }
}

impl Store {
    /// Lets the file grow no further (`PRAGMA max_page_count`): the next write that needs a
    /// new page fails as on a full disk. For tests of what a clerk is told then.
    pub fn stop_growing(&self) -> Result<()> {
        let pages: i64 = self.conn().query_row("PRAGMA page_count", [], |row| row.get(0))?;
        self.conn().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }
}
