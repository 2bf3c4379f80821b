//! Free-text search as a clerk types it. Three or more characters use the family's FTS5
//! trigram index (Chinese substrings included); one or two characters, which trigrams cannot
//! find, fall back to `LIKE`. A query that looks like a phone number is also tried in its
//! normalised digits, so `138-1234-5678` finds `13812345678`.

use rusqlite::types::Value;

use super::record::Conditions;
use crate::domain::phone;

/// How one family is searched.
#[derive(Debug, Clone, Copy)]
pub struct TextSearch {
    /// The FTS5 table over the family's text columns (rowid = record id).
    pub fts: Option<&'static str>,
    /// Columns matched with `LIKE` for short queries (or when there is no FTS table).
    pub like: &'static [&'static str],
}

/// Adds the condition for `query` (nothing for a blank query).
pub fn apply(conditions: &mut Conditions, spec: &TextSearch, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    let mut terms = vec![query.to_string()];
    if let Some(digits) = phone::search_digits(query).filter(|d| d != query) {
        terms.push(digits);
    }
    let mut alternatives = Vec::new();
    let mut params = Vec::new();
    let (long, short): (Vec<&String>, Vec<&String>) =
        terms.iter().partition(|t| t.chars().count() >= 3);
    match spec.fts {
        Some(fts) if !long.is_empty() => {
            let expression: Vec<String> = long.iter().map(|t| fts_phrase(t)).collect();
            alternatives.push(format!(
                "id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"
            ));
            params.push(Value::Text(expression.join(" OR ")));
        }
        _ => {}
    }
    let like_terms: Vec<&String> = if spec.fts.is_some() {
        short
    } else {
        terms.iter().collect()
    };
    for term in like_terms {
        for column in spec.like {
            alternatives.push(format!("{column} LIKE ? ESCAPE '\\'"));
            params.push(Value::Text(format!("%{}%", escape_like(term))));
        }
    }
    if !alternatives.is_empty() {
        conditions.add(format!("({})", alternatives.join(" OR ")), params);
    }
}

/// An FTS5 phrase: quoted so `-`, spaces and keywords are text, inner quotes doubled.
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn escape_like(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_fts_syntax() {
        assert_eq!(fts_phrase("B1-023"), "\"B1-023\"");
        assert_eq!(fts_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(escape_like("50%_off"), "50\\%\\_off");
    }
}
