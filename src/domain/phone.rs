//! Chinese phone numbers, normalised so the same caller always matches: `+86 138-1234-5678`,
//! `0086 13812345678` and `138 1234 5678` are one number. Stored as digits only: mobile
//! numbers as 11 digits, landlines with their area code and leading 0, hotlines (400/800) as 10.

use std::fmt;

use serde::Serialize;

/// What is wrong with a typed phone number, and so what the clerk must fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PhoneProblem {
    Empty,
    BadCharacters,
    NeedsAreaCode,
    WrongLength { digits: usize },
    NotAMobilePrefix,
}

impl fmt::Display for PhoneProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneProblem::Empty => write!(f, "is required: enter a phone number"),
            PhoneProblem::BadCharacters => {
                write!(f, "may hold only digits, spaces, dashes and a leading +86")
            }
            PhoneProblem::NeedsAreaCode => {
                write!(f, "is a landline without area code: add it, e.g. 021-62345678")
            }
            PhoneProblem::WrongLength { digits } => write!(
                f,
                "has {digits} digits: a mobile has 11 (138 1234 5678), a landline 10–12 with area code"
            ),
            PhoneProblem::NotAMobilePrefix => {
                write!(f, "is not a mobile number: mobiles start with 13–19")
            }
        }
    }
}

/// The kind of a valid number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    Mobile,
    Landline,
    Hotline,
}

/// Normalises a typed number to its stored digits, or says what is wrong with it.
pub fn normalize(input: &str) -> Result<String, PhoneProblem> {
    let mut digits = String::with_capacity(input.len());
    let mut international = false;
    for c in input.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            // Full-width digits come from Chinese input methods.
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            // One plus, before the digits: `+86 …`, `(+86) …`.
            '+' | '＋' if !international && digits.is_empty() => international = true,
            ' ' | '-' | '－' | '(' | ')' | '（' | '）' | '.' | '\u{3000}' => {}
            _ => return Err(PhoneProblem::BadCharacters),
        }
    }
    if digits.is_empty() {
        return if international { Err(PhoneProblem::BadCharacters) } else { Err(PhoneProblem::Empty) };
    }
    let national = strip_country_code(&digits, international);
    classify(&national).map(|_| national)
}

/// Removes `86` / `0086` in front of a national number; restores the trunk `0` of a landline.
fn strip_country_code(digits: &str, international: bool) -> String {
    let rest = if let Some(rest) = digits.strip_prefix("0086") {
        Some(rest)
    } else if international || digits.len() == 13 {
        digits.strip_prefix("86")
    } else {
        None
    };
    match rest {
        Some(rest) if rest.starts_with('1') => rest.to_string(),
        Some(rest) if !rest.is_empty() && !rest.starts_with('0') => format!("0{rest}"),
        Some(rest) => rest.to_string(),
        None => digits.to_string(),
    }
}

/// Tells the kind of a national number in digits, or what is wrong with it.
pub fn classify(digits: &str) -> Result<PhoneKind, PhoneProblem> {
    let len = digits.len();
    if digits.starts_with('1') {
        return match (len, digits.as_bytes().get(1)) {
            (11, Some(b'3'..=b'9')) => Ok(PhoneKind::Mobile),
            (11, _) => Err(PhoneProblem::NotAMobilePrefix),
            _ => Err(PhoneProblem::WrongLength { digits: len }),
        };
    }
    if (digits.starts_with("400") || digits.starts_with("800")) && len == 10 {
        return Ok(PhoneKind::Hotline);
    }
    if digits.starts_with('0') {
        return if (10..=12).contains(&len) {
            Ok(PhoneKind::Landline)
        } else {
            Err(PhoneProblem::WrongLength { digits: len })
        };
    }
    if len == 7 || len == 8 {
        return Err(PhoneProblem::NeedsAreaCode);
    }
    Err(PhoneProblem::WrongLength { digits: len })
}

/// Formats stored digits for reading aloud: `138 1234 5678`, `021-62345678`, `400-123-4567`.
pub fn display(digits: &str) -> String {
    match classify(digits) {
        Ok(PhoneKind::Mobile) => format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
        Ok(PhoneKind::Hotline) => format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]),
        Ok(PhoneKind::Landline) => {
            let area = if digits.starts_with("01") || digits.starts_with("02") { 3 } else { 4 };
            format!("{}-{}", &digits[..area], &digits[area..])
        }
        Err(_) => digits.to_string(),
    }
}

/// If a search text looks like (part of) a phone number, its digits; otherwise `None`.
pub fn search_digits(query: &str) -> Option<String> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    let mut digits = String::new();
    for c in query.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            ' ' | '-' | '+' | '－' | '＋' | '(' | ')' | '（' | '）' | '\u{3000}' => {}
            _ => return None,
        }
    }
    if digits.len() < 4 {
        return None;
    }
    Some(normalize(query).unwrap_or(digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("13812345678", "13812345678")]
    #[case("138 1234 5678", "13812345678")]
    #[case("138-1234-5678", "13812345678")]
    #[case("+86 138 1234 5678", "13812345678")]
    #[case("+8613812345678", "13812345678")]
    #[case("0086-138-1234-5678", "13812345678")]
    #[case("8613812345678", "13812345678")]
    #[case("１３８１２３４５６７８", "13812345678")]
    #[case("021-62345678", "02162345678")]
    #[case("(0755) 8888 6666", "075588886666")]
    #[case("+86 21 6234 5678", "02162345678")]
    #[case("010-6555 1234", "01065551234")]
    #[case("400-820-8820", "4008208820")]
    // Typed on a Chinese keyboard: full-width plus, dash, parentheses, ideographic space.
    #[case("＋８６　１３８－１２３４－５６７８", "13812345678")]
    #[case("（０２１）６２３４５６７８", "02162345678")]
    #[case("０２１－６２３４　５６７８", "02162345678")]
    #[case("（0755）8888－6666", "075588886666")]
    #[case("0086 21 6234 5678", "02162345678")]
    #[case("0086-755-8888-6666", "075588886666")]
    #[case("800 810 8888", "8008108888")]
    #[case("４００－８２０－８８２０", "4008208820")]
    #[case("021.6234.5678", "02162345678")]
    // The plus inside brackets, and the trunk 0 kept after the country code.
    #[case("(+86) 138 1234 5678", "13812345678")]
    #[case("+86 021 6234 5678", "02162345678")]
    #[case("0086 0755 8888 6666", "075588886666")]
    fn normalises_good_numbers(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(normalize(input).as_deref(), Ok(expected));
    }

    #[rstest]
    #[case("", PhoneProblem::Empty)]
    #[case("   ", PhoneProblem::Empty)]
    #[case("1381234567", PhoneProblem::WrongLength { digits: 10 })]
    #[case("138123456789", PhoneProblem::WrongLength { digits: 12 })]
    #[case("12012345678", PhoneProblem::NotAMobilePrefix)]
    #[case("62345678", PhoneProblem::NeedsAreaCode)]
    #[case("138abc45678", PhoneProblem::BadCharacters)]
    #[case("电话13812345678", PhoneProblem::BadCharacters)]
    #[case("138+12345678", PhoneProblem::BadCharacters)]
    #[case("021-123", PhoneProblem::WrongLength { digits: 6 })]
    #[case("＋", PhoneProblem::BadCharacters)]
    #[case("138１２３４５６７８＃", PhoneProblem::BadCharacters)]
    #[case("400-820-882", PhoneProblem::WrongLength { digits: 9 })]
    #[case("13８12345678９", PhoneProblem::WrongLength { digits: 12 })]
    #[case("++86 138 1234 5678", PhoneProblem::BadCharacters)]
    #[case("+86", PhoneProblem::WrongLength { digits: 0 })]
    fn rejects_bad_numbers(#[case] input: &str, #[case] problem: PhoneProblem) {
        assert_eq!(normalize(input), Err(problem));
    }

    #[test]
    fn same_caller_matches_in_every_format() {
        let forms = ["+86 138 0013 8000", "138-0013-8000", "13800138000", "0086 13800138000"];
        let normalised: Vec<_> = forms.iter().map(|f| normalize(f).unwrap()).collect();
        assert!(normalised.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn displays_by_kind() {
        assert_eq!(display("13812345678"), "138 1234 5678");
        assert_eq!(display("02162345678"), "021-62345678");
        assert_eq!(display("075588886666"), "0755-88886666");
        assert_eq!(display("4008208820"), "400-820-8820");
    }

    #[test]
    fn search_digits_only_for_number_like_queries() {
        assert_eq!(search_digits("138 1234").as_deref(), Some("1381234"));
        assert_eq!(search_digits("+86 138 1234 5678").as_deref(), Some("13812345678"));
        assert_eq!(search_digits("星巴克"), None);
        assert_eq!(search_digits("12"), None);
        assert_eq!(search_digits("１３８　１２３４").as_deref(), Some("1381234"));
        assert_eq!(search_digits("（021）6234").as_deref(), Some("0216234"));
        assert_eq!(search_digits("１３８１２３４").as_deref(), Some("1381234"));
        assert_eq!(search_digits("1234").as_deref(), Some("1234"), "four digits are enough");
        assert_eq!(search_digits("123"), None);
    }

    #[test]
    fn each_problem_says_what_to_fix() {
        assert_eq!(PhoneProblem::Empty.to_string(), "is required: enter a phone number");
        assert!(PhoneProblem::BadCharacters.to_string().contains("only digits"));
        assert!(PhoneProblem::NeedsAreaCode.to_string().contains("021-62345678"));
        assert!(PhoneProblem::WrongLength { digits: 9 }.to_string().starts_with("has 9 digits"));
        assert!(PhoneProblem::NotAMobilePrefix.to_string().contains("13–19"));
    }
}
