//! Time conventions and time-of-day rules. Instants are UTC, truncated to whole seconds (so they
//! sort and compare as stored); calendar dates, rest hours, "today" and report periods are the
//! mall's local time, read on the [`MallClock`] — never the machine's zone, which on a server
//! reached over SSH is often UTC.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The mall's clock: its IANA time zone (kept in the database, so every desk, report and
/// supervisor reading the file agrees on what "08:45" and "today" mean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MallClock {
    zone: Tz,
}

impl Default for MallClock {
    /// UTC: the clock of a database that has not said otherwise (in-memory fixtures).
    fn default() -> Self {
        MallClock { zone: Tz::UTC }
    }
}

impl MallClock {
    pub fn new(zone: Tz) -> MallClock {
        MallClock { zone }
    }

    /// The zone named as IANA spells it (`Asia/Shanghai`), with a message saying what to write.
    pub fn parse(name: &str) -> Result<MallClock, String> {
        name.trim().parse::<Tz>().map(MallClock::new).map_err(|_| {
            format!("`{}` is not a time zone: write an IANA name such as Asia/Shanghai or UTC", name.trim())
        })
    }

    /// The machine's zone: `TZ` when it names one, else the system setting, else UTC. Used only
    /// when a database is created without a zone given.
    pub fn system() -> MallClock {
        MallClock::first_of(std::env::var("TZ").ok(), iana_time_zone::get_timezone().ok())
    }

    /// `tz` (a `TZ` value, `:` prefix allowed) when it names a zone, else `system`, else UTC.
    fn first_of(tz: Option<String>, system: Option<String>) -> MallClock {
        tz.map(|tz| tz.trim_start_matches(':').to_string())
            .into_iter()
            .chain(system)
            .find_map(|name| MallClock::parse(&name).ok())
            .unwrap_or_default()
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The IANA name (`Asia/Shanghai`).
    pub fn name(&self) -> &'static str {
        self.zone.name()
    }

    /// The mall's wall-clock time at an instant.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
    }

    /// The mall's calendar day at an instant.
    pub fn day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The instant of a wall-clock time at the mall: the earlier one when clocks go back, and
    /// the first moment after the gap when they spring forward.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local;
        for _ in 0..=4 {
            if let Some(at) = self.zone.from_local_datetime(&probe).earliest() {
                return at.with_timezone(&Utc);
            }
            probe += Duration::minutes(30);
        }
        local.and_utc()
    }

    /// The instant the mall's day begins.
    pub fn midnight(&self, day: NaiveDate) -> DateTime<Utc> {
        self.instant(day.and_time(NaiveTime::MIN))
    }

    /// An instant written in the mall's time with a `chrono` format.
    pub fn format(&self, at: DateTime<Utc>, pattern: &str) -> String {
        at.with_timezone(&self.zone).format(pattern).to_string()
    }
}

/// The current instant, to the second.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// Parses a date as a clerk types it: `2026-11-22`, `2026/11/22`, `today`/`今天`,
/// `tomorrow`/`明天`, or relative `+3d`, `-2d`, `+1w`.
pub fn parse_date_input(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = input.trim();
    match text.to_lowercase().as_str() {
        "today" | "今天" | "t" => return Some(today),
        "tomorrow" | "明天" => return today.checked_add_days(Days::new(1)),
        "yesterday" | "昨天" => return today.checked_sub_days(Days::new(1)),
        _ => {}
    }
    if let Some(sign @ ('+' | '-')) = text.chars().next() {
        let body = &text[1..];
        let (number, unit) = body.split_at(body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len()));
        let count: i64 = number.parse().ok()?;
        let days = match unit {
            "" | "d" | "天" => count,
            "w" | "周" => count.checked_mul(7)?,
            _ => return None,
        };
        let days = if sign == '-' { -days } else { days };
        return today.checked_add_signed(Duration::try_days(days)?);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%Y/%m/%d")).ok()
}

/// A daily span of local time such as `12:00-14:00`; it may wrap midnight (`21:00-09:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DailySpan {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl DailySpan {
    /// Whether a local time of day falls inside the span (start inclusive, end exclusive).
    pub fn contains(&self, time: NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        }
    }
}

impl FromStr for DailySpan {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (start, end) = text
            .split_once('-')
            .ok_or_else(|| format!("`{text}` is not a span: write it like 12:00-14:00"))?;
        let parse = |part: &str| {
            NaiveTime::parse_from_str(part.trim(), "%H:%M")
                .map_err(|_| format!("`{}` is not a time: write it like 08:45", part.trim()))
        };
        let span = DailySpan { start: parse(start)?, end: parse(end)? };
        if span.start == span.end {
            return Err(format!("`{text}` is empty: start and end are the same"));
        }
        Ok(span)
    }
}

impl TryFrom<String> for DailySpan {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<DailySpan> for String {
    fn from(span: DailySpan) -> String {
        span.to_string()
    }
}

impl fmt::Display for DailySpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start.format("%H:%M"), self.end.format("%H:%M"))
    }
}

/// The first local moment at or after `at` that lies outside every rest span, or `None` when
/// the spans cover the whole day.
pub fn next_allowed(at: NaiveDateTime, rest: &[DailySpan]) -> Option<NaiveDateTime> {
    let mut candidate = at;
    // Each step jumps to the end of a covering span; more steps than spans means full cover.
    for _ in 0..=rest.len() * 2 {
        match rest.iter().find(|span| span.contains(candidate.time())) {
            None => return Some(candidate),
            Some(span) => {
                let mut end = candidate.date().and_time(span.end);
                if end <= candidate {
                    end = end.checked_add_days(Days::new(1))?;
                }
                candidate = end;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rest_span_is_written_back_as_it_was_typed() {
        let span: DailySpan = " 21:00 - 09:00 ".parse().unwrap();
        assert_eq!(span.to_string(), "21:00-09:00");
        assert_eq!(String::from(span), "21:00-09:00", "as the settings file keeps it");
    }

    #[test]
    fn the_machines_zone_is_tz_then_the_system_then_utc() {
        let name = |c: MallClock| c.zone().name();
        assert_eq!(
            name(MallClock::first_of(Some(":Asia/Shanghai".into()), Some("Europe/Paris".into()))),
            "Asia/Shanghai"
        );
        assert_eq!(
            name(MallClock::first_of(Some("nonsense".into()), Some("Europe/Paris".into()))),
            "Europe/Paris"
        );
        assert_eq!(name(MallClock::first_of(None, Some("garbage".into()))), "UTC");
        assert_eq!(MallClock::parse("Asia/Shanghai").unwrap().zone(), chrono_tz::Asia::Shanghai);
    }
    use rstest::rstest;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[rstest]
    #[case("2026-11-22", Some("2026-11-22"))]
    #[case("2026/12/01", Some("2026-12-01"))]
    #[case("today", Some("2026-11-22"))]
    #[case("今天", Some("2026-11-22"))]
    #[case("tomorrow", Some("2026-11-23"))]
    #[case("明天", Some("2026-11-23"))]
    #[case("Yesterday", Some("2026-11-21"))]
    #[case("昨天", Some("2026-11-21"))]
    #[case("+3d", Some("2026-11-25"))]
    #[case("+10", Some("2026-12-02"))]
    #[case("-2d", Some("2026-11-20"))]
    #[case("+1w", Some("2026-11-29"))]
    #[case("2026-02-30", None)]
    #[case("soon", None)]
    #[case("+d", None)]
    fn parses_typed_dates(#[case] input: &str, #[case] expected: Option<&str>) {
        assert_eq!(parse_date_input(input, day("2026-11-22")), expected.map(day));
    }

    #[test]
    fn spans_parse_and_wrap_midnight() {
        let night: DailySpan = "21:00-09:00".parse().unwrap();
        assert!(night.contains(NaiveTime::from_hms_opt(23, 0, 0).unwrap()));
        assert!(night.contains(NaiveTime::from_hms_opt(8, 59, 0).unwrap()));
        assert!(!night.contains(NaiveTime::from_hms_opt(9, 0, 0).unwrap()));
        assert!("25:00-26:00".parse::<DailySpan>().is_err());
        assert!("12:00".parse::<DailySpan>().is_err());
    }

    #[rstest]
    #[case("2026-11-22 10:00", "2026-11-22 10:00")]
    #[case("2026-11-22 12:30", "2026-11-22 14:00")]
    #[case("2026-11-22 22:15", "2026-11-23 09:00")]
    #[case("2026-11-30 23:59", "2026-12-01 09:00")]
    #[case("2026-12-31 21:00", "2027-01-01 09:00")]
    #[case("2026-11-22 08:00", "2026-11-22 09:00")]
    fn next_allowed_skips_rest_hours(#[case] from: &str, #[case] expected: &str) {
        let rest = ["12:00-14:00".parse().unwrap(), "21:00-09:00".parse().unwrap()];
        assert_eq!(next_allowed(at(from), &rest), Some(at(expected)));
    }

    #[test]
    fn the_mall_clock_reads_its_own_zone_whatever_the_machine() {
        let shanghai = MallClock::parse("Asia/Shanghai").unwrap();
        let briefing = at("2026-11-23 00:45").and_utc();
        assert_eq!(shanghai.local(briefing), at("2026-11-23 08:45"));
        assert_eq!(shanghai.format(briefing, "%H:%M"), "08:45");
        assert_eq!(shanghai.instant(at("2026-11-23 08:45")), briefing);
        assert_eq!(shanghai.midnight(day("2026-11-23")), at("2026-11-22 16:00").and_utc());
        assert_eq!(shanghai.day(at("2026-11-22 16:00").and_utc()), day("2026-11-23"));
        assert_eq!(shanghai.day(at("2026-11-22 15:59").and_utc()), day("2026-11-22"));
        assert_eq!(MallClock::default().name(), "UTC");
        assert!(MallClock::parse("Mars/Olympus").unwrap_err().contains("Asia/Shanghai"));
    }

    #[test]
    fn wall_clock_times_in_a_spring_gap_move_to_after_it() {
        let new_york = MallClock::parse("America/New_York").unwrap();
        // 2026-03-08 02:30 does not exist in New York; 03:00 EDT is 07:00 UTC.
        assert_eq!(new_york.instant(at("2026-03-08 02:30")), at("2026-03-08 07:00").and_utc());
        // 01:30 on 2026-11-01 happens twice; the first is EDT (05:30 UTC).
        assert_eq!(new_york.instant(at("2026-11-01 01:30")), at("2026-11-01 05:30").and_utc());
    }

    #[test]
    fn back_to_back_rest_spans_are_skipped_in_one_go() {
        let rest =
            ["12:00-14:00".parse().unwrap(), "14:00-15:00".parse().unwrap(), "15:00-16:00".parse().unwrap()];
        assert_eq!(next_allowed(at("2026-11-22 12:30"), &rest), Some(at("2026-11-22 16:00")));
    }

    #[test]
    fn whole_day_rest_has_no_allowed_time() {
        let rest = ["00:00-12:00".parse().unwrap(), "12:00-00:00".parse().unwrap()];
        assert_eq!(next_allowed(at("2026-11-22 10:00"), &rest), None);
    }
}
