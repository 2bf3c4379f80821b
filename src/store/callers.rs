//! A caller's earlier contacts with the desk, found by phone number (stored normalised, so a
//! number typed in any format finds them): their cases and callbacks, newest first. The intake
//! form shows them beside itself and proposes the caller's name. Without a number, a name
//! finds the contacts under that exact name (indexed, migration 8).

use super::Store;
use super::error::Result;
use crate::domain::callback::Callback;
use crate::domain::complaint::Complaint;

/// How many of each kind the form shows.
const SHOWN: usize = 5;

/// One earlier contact.
#[derive(Debug, Clone)]
pub enum Contact {
    Case(Complaint),
    Callback(Callback),
}

impl Contact {
    fn at(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Contact::Case(case) => case.received_at,
            Contact::Callback(callback) => callback.done_at.unwrap_or(callback.due_at),
        }
    }
}

/// What the desk knows of a phone number.
#[derive(Debug, Clone, Default)]
pub struct CallerHistory {
    /// Cases and callbacks, newest first (at most five of each).
    pub contacts: Vec<Contact>,
}

impl CallerHistory {
    /// The name the caller gave last time.
    pub fn name(&self) -> Option<&str> {
        self.contacts
            .iter()
            .map(|c| match c {
                Contact::Case(case) => case.complainant.as_str(),
                Contact::Callback(callback) => callback.party_name.as_str(),
            })
            .find(|name| !name.is_empty())
    }

    /// The caller's cases still open, newest first (a new case may be the same matter).
    pub fn open_cases(&self) -> impl Iterator<Item = &Complaint> {
        self.contacts.iter().filter_map(|c| match c {
            Contact::Case(case) if case.step != crate::domain::complaint::ComplaintStep::Closed => Some(case),
            _ => None,
        })
    }
}

impl Store {
    /// The earlier cases and callbacks of a normalised phone number.
    pub fn caller_history(&self, phone: &str) -> Result<CallerHistory> {
        self.contacts_found(
            "SELECT id FROM complaints WHERE phone = ? ORDER BY received_at DESC, id DESC LIMIT ?",
            "SELECT id FROM callbacks WHERE phone = ? ORDER BY due_at DESC, id DESC LIMIT ?",
            phone,
        )
    }

    /// The earlier cases and callbacks under exactly this name (several people may share it).
    pub fn caller_history_by_name(&self, name: &str) -> Result<CallerHistory> {
        self.contacts_found(
            "SELECT id FROM complaints WHERE complainant = ? ORDER BY received_at DESC, id DESC LIMIT ?",
            "SELECT id FROM callbacks WHERE party_name = ? ORDER BY due_at DESC, id DESC LIMIT ?",
            name,
        )
    }

    /// Up to five cases and five callbacks found by `cases` and `callbacks` (each takes the
    /// value and the limit), newest first.
    fn contacts_found(&self, cases: &str, callbacks: &str, value: &str) -> Result<CallerHistory> {
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut statement = self.conn().prepare_cached(sql)?;
            let ids = statement
                .query_map(rusqlite::params![value, SHOWN as i64], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        };
        let mut contacts = Vec::new();
        for id in ids(cases)? {
            contacts.push(Contact::Case(self.repo::<Complaint>().get(id)?));
        }
        for id in ids(callbacks)? {
            contacts.push(Contact::Callback(self.repo::<Callback>().get(id)?));
        }
        contacts.sort_by_key(|c| std::cmp::Reverse(c.at()));
        Ok(CallerHistory { contacts })
    }
}
