//! The business rules of the mall desk in plain Rust: records, their stages and allowed moves,
//! time limits, validation and phone numbers. No SQL and no terminal here, so every rule is
//! unit-tested directly and the store and the screens share one source of truth.

pub mod callback;
pub mod clock;
pub mod complaint;
pub mod kpi;
pub mod lease;
pub mod meeting;
pub mod merchant;
pub mod phone;
pub mod prospect;
pub mod script;
pub mod staff;
pub mod unit;
pub mod validate;

pub use validate::{FieldError, Problem, ValidationErrors};

/// Money is kept in fen (分, 1/100 yuan) as an integer, so sums never round.
pub type Fen = i64;

/// Formats fen as yuan with two decimals, e.g. `12345` → `123.45`.
pub fn format_yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Parses a yuan amount typed by a clerk (`1200`, `1,200.5`, `¥1200`) into fen.
pub fn parse_yuan(input: &str) -> Option<Fen> {
    let cleaned: String =
        input.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',' && *c != '，').collect();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    let fen = whole.checked_mul(100)?.checked_add(frac)?;
    Some(if negative { -fen } else { fen })
}

/// Declares an enum stored as a stable snake_case text code (in SQLite, TOML and JSON alike),
/// with `code()`, `FromStr` and iteration over every variant.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
            strum::EnumString, strum::IntoStaticStr, strum::EnumIter,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// The stable text code stored for this value.
            pub fn code(self) -> &'static str {
                self.into()
            }

            /// Every value, in declaration order.
            pub fn all() -> impl Iterator<Item = Self> {
                <Self as strum::IntoEnumIterator>::iter()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1200", Some(120_000))]
    #[case("1,200.5", Some(120_050))]
    #[case("¥0.07", Some(7))]
    #[case("-3", Some(-300))]
    #[case("1.234", None)]
    #[case("abc", None)]
    #[case("", None)]
    #[case("+5", None)]
    #[case("1.+5", None)]
    fn parses_yuan(#[case] input: &str, #[case] expected: Option<Fen>) {
        assert_eq!(parse_yuan(input), expected);
    }

    #[test]
    fn formats_yuan() {
        assert_eq!(format_yuan(120_050), "1200.50");
        assert_eq!(format_yuan(-7), "-0.07");
        assert_eq!(format_yuan(0), "0.00", "nothing owed has no sign");
    }
}
