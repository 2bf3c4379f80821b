//! The service centre's KPIs and the periods they are taken over. Formulas only: the counts
//! come from the store, the targets from the settings. A figure with nothing to divide by is
//! `None` (shown as "—"), never a division by zero.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// A reporting period: an ISO week (`2026-W47`), a month (`2026-11`), a quarter (`2026-Q4`)
/// or a year (`2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Period {
    /// An ISO week (`2026-W47`), Monday to Sunday.
    Week {
        year: i32,
        week: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    Year {
        year: i32,
    },
}

impl Period {
    pub fn month_of(day: NaiveDate) -> Period {
        Period::Month { year: day.year(), month: day.month() }
    }

    /// The quarter before a quarter (other periods: the same kind, one earlier).
    pub fn previous(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 1 } => Period::Quarter { year: year - 1, quarter: 4 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter - 1 },
            Period::Month { year, month: 1 } => Period::Month { year: year - 1, month: 12 },
            Period::Month { year, month } => Period::Month { year, month: month - 1 },
            Period::Year { year } => Period::Year { year: year - 1 },
            Period::Week { .. } => {
                let iso = (self.days().0 - chrono::Days::new(7)).iso_week();
                Period::Week { year: iso.year(), week: iso.week() }
            }
        }
    }

    /// The period's length in months, for scaling a monthly target: a week is 12/52 of one.
    pub fn months(self) -> f64 {
        match self {
            Period::Week { .. } => 12.0 / 52.0,
            Period::Month { .. } => 1.0,
            Period::Quarter { .. } => 3.0,
            Period::Year { .. } => 12.0,
        }
    }

    /// A monthly target scaled to the period, to the nearest whole unit.
    pub fn target(self, monthly: u64) -> u64 {
        (monthly as f64 * self.months()).round() as u64
    }

    /// First day of the period, and first day after it.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        let first = |year, month| NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
        if let Period::Week { year, week } = self {
            let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).expect("valid week");
            return (monday, monday + chrono::Days::new(7));
        }
        let (start, months) = match self {
            Period::Week { .. } => unreachable!("handled above"),
            Period::Month { year, month } => (first(year, month), 1),
            Period::Quarter { year, quarter } => (first(year, (quarter - 1) * 3 + 1), 3),
            Period::Year { year } => (first(year, 1), 12),
        };
        (start, start + Months::new(months))
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let bad =
            || format!("`{text}` is not a period: write 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)");
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        if let Some((y, rest)) = text.split_once('-') {
            let year = year(y).ok_or_else(bad)?;
            if let Some(w) = rest.strip_prefix(['W', 'w']) {
                let week = w
                    .parse::<u32>()
                    .ok()
                    .filter(|w| NaiveDate::from_isoywd_opt(year, *w, chrono::Weekday::Mon).is_some())
                    .ok_or_else(bad)?;
                return Ok(Period::Week { year, week });
            }
            if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                let quarter = q.parse::<u32>().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
                return Ok(Period::Quarter { year, quarter });
            }
            let month = rest.parse::<u32>().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
            return Ok(Period::Month { year, month });
        }
        Ok(Period::Year { year: year(text).ok_or_else(bad)? })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week { year, week } => write!(f, "{year}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Year { year } => write!(f, "{year}"),
        }
    }
}

/// What the store counts for a period (cases received in it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ServiceCounts {
    pub merchants: u64,
    pub merchants_with_valid_complaint: u64,
    pub complaints: u64,
    pub complaints_called_back: u64,
    pub complaints_satisfied: u64,
    pub complaints_on_time: u64,
    /// Service requests: repairs, help requests and incident reports.
    pub incidents: u64,
    pub incidents_called_back: u64,
    pub incidents_satisfied: u64,
}

/// Whether a KPI must stay below its target or reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    AtMost,
    AtLeast,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    /// Stable code, also the locale key suffix (`kpi.<code>`).
    pub code: &'static str,
    pub numerator: u64,
    pub denominator: u64,
    pub target: f64,
    pub direction: Direction,
}

impl Kpi {
    /// The rate, or `None` when there is nothing to divide by.
    pub fn value(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// Whether the target is met; `None` without a value.
    pub fn met(&self) -> Option<bool> {
        self.value().map(|v| match self.direction {
            Direction::AtMost => v < self.target,
            Direction::AtLeast => v >= self.target - 1e-9,
        })
    }

    /// `93.8 %`, or `—` with nothing to divide by.
    pub fn percent(&self) -> String {
        match self.value() {
            Some(v) => format!("{:.1} %", v * 100.0),
            None => "—".to_string(),
        }
    }
}

/// Targets from the settings, as fractions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    pub effective_complaint_rate_max: f64,
    pub response_rate_min: f64,
    pub complaint_satisfaction_min: f64,
    pub incident_callback_rate_min: f64,
    pub incident_satisfaction_min: f64,
    pub on_time_rate_min: f64,
}

/// The six house KPIs of DOMAIN.md from a period's counts.
pub fn service_kpis(counts: &ServiceCounts, targets: &Targets) -> Vec<Kpi> {
    let kpi = |code, numerator, denominator, target, direction| Kpi {
        code,
        numerator,
        denominator,
        target,
        direction,
    };
    use Direction::*;
    vec![
        kpi(
            "effective_complaint_rate",
            counts.merchants_with_valid_complaint,
            counts.merchants,
            targets.effective_complaint_rate_max,
            AtMost,
        ),
        kpi(
            "response_rate",
            counts.complaints_called_back,
            counts.complaints,
            targets.response_rate_min,
            AtLeast,
        ),
        kpi(
            "complaint_satisfaction",
            counts.complaints_satisfied,
            counts.complaints_called_back,
            targets.complaint_satisfaction_min,
            AtLeast,
        ),
        kpi(
            "incident_callback_rate",
            counts.incidents_called_back,
            counts.incidents,
            targets.incident_callback_rate_min,
            AtLeast,
        ),
        kpi(
            "incident_satisfaction",
            counts.incidents_satisfied,
            counts.incidents_called_back,
            targets.incident_satisfaction_min,
            AtLeast,
        ),
        kpi("on_time_rate", counts.complaints_on_time, counts.complaints, targets.on_time_rate_min, AtLeast),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_before_crosses_year_ends() {
        assert_eq!(
            Period::Quarter { year: 2027, quarter: 1 }.previous(),
            Period::Quarter { year: 2026, quarter: 4 }
        );
        assert_eq!(
            Period::Quarter { year: 2026, quarter: 3 }.previous(),
            Period::Quarter { year: 2026, quarter: 2 }
        );
        assert_eq!(
            Period::Month { year: 2027, month: 1 }.previous(),
            Period::Month { year: 2026, month: 12 }
        );
        assert_eq!(
            Period::Month { year: 2026, month: 11 }.previous(),
            Period::Month { year: 2026, month: 10 }
        );
        assert_eq!(Period::Week { year: 2027, week: 1 }.previous(), Period::Week { year: 2026, week: 53 });
        assert_eq!(Period::Year { year: 2027 }.previous(), Period::Year { year: 2026 });
    }

    #[test]
    fn a_monthly_target_scales_to_the_period() {
        assert_eq!(Period::Week { year: 2026, week: 47 }.target(10), 2);
        assert_eq!(Period::Week { year: 2026, week: 47 }.target(13), 3);
        assert_eq!(Period::Month { year: 2026, month: 11 }.target(10), 10);
        assert_eq!(Period::Quarter { year: 2026, quarter: 4 }.target(10), 30);
        assert_eq!(Period::Year { year: 2026 }.target(10), 120);
    }

    fn targets() -> Targets {
        Targets {
            effective_complaint_rate_max: 0.01,
            response_rate_min: 1.0,
            complaint_satisfaction_min: 0.9,
            incident_callback_rate_min: 0.8,
            incident_satisfaction_min: 0.9,
            on_time_rate_min: 0.95,
        }
    }

    #[test]
    fn kpis_from_a_hand_counted_month() {
        // 200 merchants, 3 of them with a valid complaint; 16 complaints, 15 called back,
        // 14 satisfied, 15 on time; 10 incidents, 8 called back, 7 satisfied.
        let counts = ServiceCounts {
            merchants: 200,
            merchants_with_valid_complaint: 3,
            complaints: 16,
            complaints_called_back: 15,
            complaints_satisfied: 14,
            complaints_on_time: 15,
            incidents: 10,
            incidents_called_back: 8,
            incidents_satisfied: 7,
        };
        let kpis = service_kpis(&counts, &targets());
        let by = |code: &str| kpis.iter().find(|k| k.code == code).unwrap().clone();
        assert_eq!(by("effective_complaint_rate").percent(), "1.5 %");
        assert_eq!(by("effective_complaint_rate").met(), Some(false), "1.5 % is not below 1 %");
        assert_eq!(by("response_rate").percent(), "93.8 %");
        assert_eq!(by("response_rate").met(), Some(false), "the target is 100 %");
        assert_eq!(by("complaint_satisfaction").percent(), "93.3 %");
        assert_eq!(by("complaint_satisfaction").met(), Some(true));
        assert_eq!(by("incident_callback_rate").percent(), "80.0 %");
        assert_eq!(by("incident_callback_rate").met(), Some(true), "80 % reaches ≥ 80 %");
        assert_eq!(by("incident_satisfaction").percent(), "87.5 %");
        assert_eq!(by("on_time_rate").percent(), "93.8 %");
        assert_eq!((by("incident_satisfaction").numerator, by("incident_satisfaction").denominator), (7, 8));
    }

    /// Every KPI from its own counts: no two numerators or denominators are alike, so taking one
    /// count for another shows.
    #[test]
    fn each_kpi_reads_its_own_counts() {
        let counts = ServiceCounts {
            merchants: 300,
            merchants_with_valid_complaint: 2,
            complaints: 40,
            complaints_called_back: 37,
            complaints_satisfied: 31,
            complaints_on_time: 29,
            incidents: 23,
            incidents_called_back: 19,
            incidents_satisfied: 17,
        };
        let got: Vec<(&str, u64, u64)> =
            service_kpis(&counts, &targets()).iter().map(|k| (k.code, k.numerator, k.denominator)).collect();
        assert_eq!(
            got,
            [
                ("effective_complaint_rate", 2, 300),
                ("response_rate", 37, 40),
                ("complaint_satisfaction", 31, 37),
                ("incident_callback_rate", 19, 23),
                ("incident_satisfaction", 17, 19),
                ("on_time_rate", 29, 40),
            ]
        );
        let targets = targets();
        let want: Vec<f64> = vec![
            targets.effective_complaint_rate_max,
            targets.response_rate_min,
            targets.complaint_satisfaction_min,
            targets.incident_callback_rate_min,
            targets.incident_satisfaction_min,
            targets.on_time_rate_min,
        ];
        let kpis = service_kpis(&counts, &targets);
        assert_eq!(kpis.iter().map(|k| k.target).collect::<Vec<_>>(), want);
        let directions: Vec<Direction> = kpis.iter().map(|k| k.direction).collect();
        assert_eq!(directions[0], Direction::AtMost);
        assert!(directions[1..].iter().all(|d| *d == Direction::AtLeast));
    }

    fn one(numerator: u64, denominator: u64, target: f64, direction: Direction) -> Kpi {
        Kpi { code: "k", numerator, denominator, target, direction }
    }

    /// "< 1 %" means below: exactly 1 % misses. "≥ 90 %" means at least: exactly 90 % meets,
    /// also when the fraction is not exact in floating point (9 ÷ 10, 7 ÷ 70).
    #[test]
    fn targets_are_met_exactly_as_the_house_rules_say() {
        assert_eq!(one(2, 200, 0.01, Direction::AtMost).met(), Some(false), "exactly 1 % is not below 1 %");
        assert_eq!(one(1, 200, 0.01, Direction::AtMost).met(), Some(true));
        assert_eq!(one(3, 200, 0.01, Direction::AtMost).met(), Some(false));
        assert_eq!(one(0, 200, 0.01, Direction::AtMost).met(), Some(true));
        assert_eq!(one(9, 10, 0.9, Direction::AtLeast).met(), Some(true), "exactly 90 % reaches 90 %");
        assert_eq!(one(63, 70, 0.9, Direction::AtLeast).met(), Some(true));
        assert_eq!(one(89, 100, 0.9, Direction::AtLeast).met(), Some(false));
        assert_eq!(one(899_999, 1_000_000, 0.9, Direction::AtLeast).met(), Some(false), "just below misses");
        assert_eq!(one(10, 10, 1.0, Direction::AtLeast).met(), Some(true));
        assert_eq!(one(0, 0, 1.0, Direction::AtLeast).met(), None);
        assert_eq!(one(1, 3, 0.5, Direction::AtLeast).percent(), "33.3 %");
        assert_eq!(one(2, 3, 0.5, Direction::AtLeast).percent(), "66.7 %");
    }

    #[test]
    fn an_empty_period_shows_dashes_not_errors() {
        let kpis = service_kpis(&ServiceCounts::default(), &targets());
        assert!(kpis.iter().all(|k| k.value().is_none() && k.met().is_none() && k.percent() == "—"));
    }

    #[test]
    fn periods_parse_and_span_their_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!("2026-11".parse::<Period>().unwrap().days(), (day(2026, 11, 1), day(2026, 12, 1)));
        assert_eq!("2026-12".parse::<Period>().unwrap().days(), (day(2026, 12, 1), day(2027, 1, 1)));
        assert_eq!("2026-Q4".parse::<Period>().unwrap().days(), (day(2026, 10, 1), day(2027, 1, 1)));
        assert_eq!("2026".parse::<Period>().unwrap().days(), (day(2026, 1, 1), day(2027, 1, 1)));
        assert_eq!("2026-W47".parse::<Period>().unwrap().days(), (day(2026, 11, 16), day(2026, 11, 23)));
        assert!("2026-W54".parse::<Period>().is_err());
        assert!("2026-13".parse::<Period>().is_err());
        assert!("11/2026".parse::<Period>().is_err());
        assert_eq!("2026-q1".parse::<Period>().unwrap().to_string(), "2026-Q1");
    }
}
