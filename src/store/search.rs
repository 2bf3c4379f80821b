//! Free-text search as a clerk types it. Three or more characters use the family's FTS5
//! trigram index (Chinese substrings included); one or two characters, which trigrams cannot
//! find, use the family's character index (`*_chars`, see [`search_chars`]), and `LIKE` only
//! for the small families that have no index. A query that looks like a phone number is also tried in its
//! normalised digits, so `138-1234-5678` finds `13812345678`.

use rusqlite::types::Value;

use super::record::Conditions;
use crate::domain::phone;

/// How one family is searched.
#[derive(Debug, Clone, Copy)]
pub struct TextSearch {
    /// The FTS5 table over the family's text columns (rowid = record id).
    pub fts: Option<&'static str>,
    /// The character index for one- and two-character queries.
    pub chars: Option<&'static str>,
    /// Columns matched with `LIKE` when there is no index for the query's length.
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
    let (long, short): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.chars().count() >= 3);
    match spec.fts {
        Some(fts) if !long.is_empty() => {
            let expression: Vec<String> = long.iter().map(|t| fts_phrase(t)).collect();
            alternatives.push(format!("id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"));
            params.push(Value::Text(expression.join(" OR ")));
        }
        _ => {}
    }
    let like_terms: Vec<&String> = match (spec.fts, spec.chars) {
        (Some(_), Some(chars)) => {
            let expression: Vec<String> = short.iter().filter_map(|t| chars_query(t)).collect();
            if !expression.is_empty() {
                alternatives.push(format!("id IN (SELECT rowid FROM {chars} WHERE {chars} MATCH ?)"));
                params.push(Value::Text(expression.join(" OR ")));
            }
            Vec::new()
        }
        (Some(_), None) => short,
        (None, _) => terms.iter().collect(),
    };
    for term in like_terms {
        for column in spec.like {
            alternatives.push(format!("{column} LIKE ? ESCAPE '\\'"));
            params.push(Value::Text(format!("%{}%", escape_like(term))));
        }
    }
    let indexed = alternatives.iter().all(|a| a.starts_with("id IN (SELECT rowid"));
    // One index alone can drive a capped count straight from its hits.
    let driver = match (alternatives.len(), indexed) {
        (1, true) => {
            let table = alternatives[0]
                .trim_start_matches("id IN (SELECT rowid FROM ")
                .split(' ')
                .next()
                .unwrap_or_default();
            Some((table.to_string(), params[0].clone()))
        }
        _ => None,
    };
    if !alternatives.is_empty() {
        conditions.add(format!("({})", alternatives.join(" OR ")), params);
        if indexed {
            conditions.indexed_search(driver);
        }
    }
}

/// Whether a query looks like a unit code (`2F-A12`, `b1-0`): a floor of letters and digits, a
/// dash, then letters or digits.
pub fn looks_like_unit_code(query: &str) -> bool {
    let query = query.trim();
    match query.split_once('-') {
        Some((floor, place)) => {
            !floor.is_empty()
                && floor.chars().all(|c| c.is_ascii_alphanumeric())
                && place.chars().all(|c| c.is_ascii_alphanumeric())
                && floor.chars().any(|c| c.is_ascii_digit())
                && floor.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// Adds the text condition, widened to records on units whose code starts with the query when
/// it looks like a unit code (the family's table must have `unit_id`).
pub fn apply_with_units(conditions: &mut Conditions, spec: &TextSearch, query: &str) {
    if !looks_like_unit_code(query) {
        apply(conditions, spec, query);
        return;
    }
    let mut text = Conditions::default();
    apply(&mut text, spec, query);
    let (sql, mut params) = text.into_parts();
    params.push(Value::Text(format!("{}%", escape_like(&query.trim().to_uppercase()))));
    conditions
        .add(format!("(({sql}) OR unit_id IN (SELECT id FROM units WHERE code LIKE ? ESCAPE '\\'))"), params);
}

/// Registers `search_chars(text, …)`, which the character-index triggers call. Read-only
/// connections fire no triggers and need no registration.
pub fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "search_chars",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let texts = (0..ctx.len())
                .map(|i| ctx.get::<Option<String>>(i).map(Option::unwrap_or_default))
                .collect::<rusqlite::Result<Vec<String>>>()?;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            Ok(search_chars(&refs))
        },
    )
}

/// The text stored in a character index: each non-ASCII character a word of its own, ASCII
/// letters and digits grouped into words, everything else a separator.
pub fn search_chars(texts: &[&str]) -> String {
    let mut out = String::new();
    for text in texts {
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                out.push(' ');
                out.push(c);
                out.push(' ');
            } else {
                out.push(' ');
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short query against a character index: its characters as one phrase, the last ASCII word
/// as a prefix (so `a1` finds `A12`). `None` when it holds nothing searchable.
fn chars_query(term: &str) -> Option<String> {
    let tokens = search_chars(&[term]);
    if tokens.is_empty() {
        return None;
    }
    let ends_ascii = term.trim_end().chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    Some(format!("{}{}", fts_phrase(&tokens), if ends_ascii { "*" } else { "" }))
}

/// An FTS5 phrase: quoted so `-`, spaces and keywords are text, inner quotes doubled.
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn escape_like(term: &str) -> String {
    term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
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
    fn splits_characters_for_the_short_index() {
        assert_eq!(search_chars(&["电梯停运", "2F-A12"]), "电 梯 停 运 2f a12");
        assert_eq!(chars_query("退货").as_deref(), Some("\"退 货\""));
        assert_eq!(chars_query("A1").as_deref(), Some("\"a1\"*"));
        assert_eq!(chars_query("--"), None);
    }

    #[test]
    fn unit_codes_are_recognised() {
        assert!(looks_like_unit_code("2F-A12"));
        assert!(looks_like_unit_code("b1-"));
        assert!(!looks_like_unit_code("TS-2026"));
        assert!(!looks_like_unit_code("138-1234"));
        assert!(!looks_like_unit_code("星巴克"));
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(escape_like("50%_off"), "50\\%\\_off");
    }
}
