//! Settings: the house rules of DOMAIN.md (time limits, targets, rest hours, penalties…) read
//! from a TOML file in the config directory. Every key is optional: the built-in defaults are
//! `assets/settings.default.toml`, so the documented file and the running defaults are one text.
//! A bad value is reported with its key and the line of the file it is on.

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::domain::clock::DailySpan;
use crate::domain::complaint::ServiceLimits;
use crate::domain::kpi::Targets;
use crate::domain::meeting::Penalties;

/// The built-in defaults, also the commented template users copy from.
pub const DEFAULT_SETTINGS: &str = include_str!("../assets/settings.default.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub desk: DeskSettings,
    pub leasing: LeasingSettings,
    pub service: ServiceSettings,
    pub callbacks: CallbackSettings,
    pub kpi: KpiTargets,
    pub meetings: MeetingSettings,
    pub backup: BackupSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskSettings {
    pub operator: String,
    pub language: String,
    pub ascii_borders: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeasingSettings {
    pub first_contact_days: u32,
    pub monthly_signing_target: u32,
    /// Area (m²) and monthly rent (yuan) the team is asked to sign each month.
    pub monthly_signed_area_target_m2: u32,
    pub monthly_signed_rent_target_yuan: u32,
    /// Each leasing staff member's monthly share of signings (appraised by quarter).
    pub staff_monthly_signing_target: u32,
    /// New valid prospects (registered and contacted) each leasing member should bring a quarter.
    pub staff_quarterly_new_prospects_target: u32,
    /// Whether the new-prospect form proposes the leasing member with the fewest open prospects.
    pub suggest_least_loaded: bool,
    /// How many lost reasons the leasing report lists.
    pub lost_reasons_top: u32,
    pub expiry_warning_days: Vec<u32>,
    pub licence_warning_days: u32,
    /// The lease signature chain, in the order signatures are given; a lease becomes active
    /// only when every one of them signed.
    pub approval_chain: Vec<crate::domain::lease::ApproverRole>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSettings {
    pub judge_hours: u32,
    pub resolve_days: u32,
    pub callback_days: u32,
    pub warning_count: u32,
    pub warning_window_days: u32,
    /// The departments a case can be given to (the complaint form's choice).
    pub departments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackSettings {
    pub due_days: u32,
    pub rest_hours: Vec<DailySpan>,
    pub max_failed_attempts: u32,
    pub survey_after_days: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiTargets {
    pub effective_complaint_rate_max: f64,
    pub response_rate_min: f64,
    pub complaint_satisfaction_min: f64,
    pub incident_callback_rate_min: f64,
    pub incident_satisfaction_min: f64,
    pub on_time_rate_min: f64,
    /// Rent collection rate (租金收缴率) an operations staff member's zone must reach each quarter.
    pub collection_rate_min: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSettings {
    #[serde(with = "hh_mm")]
    pub briefing_time: NaiveTime,
    pub briefing_minutes: u32,
    pub penalty_late: f64,
    pub penalty_left_early: f64,
    pub penalty_unexcused: f64,
    pub penalty_disruptive: f64,
    /// A merchant's monthly score before deductions, and how many of the lowest are marked
    /// in the monthly ranking (末位).
    pub monthly_base_score: u32,
    pub ranking_bottom: u32,
    /// How many weeks ahead a weekly series' meetings are created.
    pub plan_weeks_ahead: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSettings {
    pub keep: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::parse("").expect("assets/settings.default.toml is valid")
    }
}

/// A settings file that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read settings file {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("settings file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Settings {
    /// Reads the file at `path` over the defaults; a missing file means "all defaults".
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::parse(&text)
                .map_err(|message| SettingsError::Invalid { path: path.to_path_buf(), message }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(error) if error.kind() == std::io::ErrorKind::InvalidData => Err(SettingsError::Invalid {
                path: path.to_path_buf(),
                message: "is not UTF-8 text: save it with the UTF-8 encoding".into(),
            }),
            Err(error) => Err(SettingsError::Read { path: path.to_path_buf(), reason: error.to_string() }),
        }
    }

    /// Parses settings text over the defaults, then checks the values make sense.
    pub fn parse(text: &str) -> Result<Settings, String> {
        let user: toml::Table = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
        let mut merged: toml::Table = toml::from_str(DEFAULT_SETTINGS).expect("built-in settings parse");
        merge(&mut merged, user);
        let settings: Settings =
            serde_path_to_error::deserialize(toml::Value::Table(merged)).map_err(|error| {
                let path = error.path().to_string();
                let (section, key) = path.split_once('.').unwrap_or((path.as_str(), ""));
                let key = key.split(['.', '[']).next().unwrap_or(key);
                locate(text, section, key, &error.inner().to_string())
            })?;
        match settings.problems().first() {
            None => Ok(settings),
            Some((section, key, why)) => Err(locate(text, section, key, why)),
        }
    }

    /// Values that parse but make no sense, as (section, key, what to fix).
    fn problems(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut out = Vec::new();
        let mut positive = |section, key, value: u32| {
            if value == 0 {
                out.push((section, key, "must be at least 1".to_string()));
            }
        };
        positive("leasing", "first_contact_days", self.leasing.first_contact_days);
        positive("service", "judge_hours", self.service.judge_hours);
        positive("service", "resolve_days", self.service.resolve_days);
        positive("service", "callback_days", self.service.callback_days);
        positive("service", "warning_count", self.service.warning_count);
        positive("service", "warning_window_days", self.service.warning_window_days);
        positive("callbacks", "due_days", self.callbacks.due_days);
        positive("callbacks", "max_failed_attempts", self.callbacks.max_failed_attempts);
        positive("meetings", "briefing_minutes", self.meetings.briefing_minutes);
        positive("backup", "keep", self.backup.keep);
        let chain = &self.leasing.approval_chain;
        if chain.is_empty() {
            out.push(("leasing", "approval_chain", "must name at least one signature".to_string()));
        } else if chain.iter().enumerate().any(|(i, role)| chain[..i].contains(role)) {
            out.push(("leasing", "approval_chain", "names a signature twice".to_string()));
        }
        let kpi = &self.kpi;
        for (key, value) in [
            ("effective_complaint_rate_max", kpi.effective_complaint_rate_max),
            ("response_rate_min", kpi.response_rate_min),
            ("complaint_satisfaction_min", kpi.complaint_satisfaction_min),
            ("incident_callback_rate_min", kpi.incident_callback_rate_min),
            ("incident_satisfaction_min", kpi.incident_satisfaction_min),
            ("on_time_rate_min", kpi.on_time_rate_min),
            ("collection_rate_min", kpi.collection_rate_min),
        ] {
            if !(0.0..=1.0).contains(&value) {
                out.push(("kpi", key, format!("is {value}: write a fraction from 0 to 1 (0.9 = 90 %)")));
            }
        }
        let m = &self.meetings;
        for (key, value) in [
            ("penalty_late", m.penalty_late),
            ("penalty_left_early", m.penalty_left_early),
            ("penalty_unexcused", m.penalty_unexcused),
            ("penalty_disruptive", m.penalty_disruptive),
        ] {
            if !(0.0..=100.0).contains(&value) {
                out.push(("meetings", key, format!("is {value}: write the points to deduct, 0 to 100")));
            }
        }
        if !matches!(self.desk.language.as_str(), "" | "zh-CN" | "en") {
            out.push(("desk", "language", "must be \"zh-CN\", \"en\" or \"\"".to_string()));
        }
        if self.callbacks.survey_after_days.len() != 2
            || self.callbacks.survey_after_days[0] > self.callbacks.survey_after_days[1]
        {
            out.push((
                "callbacks",
                "survey_after_days",
                "must be [first, last] days, e.g. [3, 5]".to_string(),
            ));
        }
        out
    }

    pub fn service_limits(&self) -> ServiceLimits {
        ServiceLimits {
            judge_hours: self.service.judge_hours,
            resolve_days: self.service.resolve_days,
            callback_days: self.service.callback_days,
        }
    }

    pub fn kpi_targets(&self) -> Targets {
        Targets {
            effective_complaint_rate_max: self.kpi.effective_complaint_rate_max,
            response_rate_min: self.kpi.response_rate_min,
            complaint_satisfaction_min: self.kpi.complaint_satisfaction_min,
            incident_callback_rate_min: self.kpi.incident_callback_rate_min,
            incident_satisfaction_min: self.kpi.incident_satisfaction_min,
            on_time_rate_min: self.kpi.on_time_rate_min,
        }
    }

    pub fn penalties(&self) -> Penalties {
        Penalties {
            late: self.meetings.penalty_late,
            left_early: self.meetings.penalty_left_early,
            unexcused: self.meetings.penalty_unexcused,
            disruptive: self.meetings.penalty_disruptive,
        }
    }
}

/// `line N: [section] key what` — where the user must look, and what to fix.
fn locate(text: &str, section: &str, key: &str, why: &str) -> String {
    let line = line_of(text, section, key).map(|l| format!("line {l}: ")).unwrap_or_default();
    let why = one_line(why);
    if key.is_empty() { format!("{line}[{section}] {why}") } else { format!("{line}[{section}] {key} {why}") }
}

/// Lays the user's tables over the defaults, key by key, so every key is optional.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(over_table)) => {
                merge(base_table, over_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The 1-based line holding `key` inside `[section]`, for error messages.
fn line_of(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = "";
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = name.trim();
        } else if current == section && trimmed.split('=').next().is_some_and(|k| k.trim() == key) {
            return Some(index + 1);
        }
    }
    None
}

/// toml's messages span several lines with a source excerpt; keep the parts that say where
/// and what, in one line.
fn one_line(message: &str) -> String {
    // "in `section.key`" repeats what the caller already names.
    let lines: Vec<&str> =
        message.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("in `")).collect();
    if lines.len() <= 1 {
        return lines.first().copied().unwrap_or_default().to_string();
    }
    let head = lines.first().copied().unwrap_or_default().replace("TOML parse error at ", "");
    let excerpt = lines
        .iter()
        .find(|l| l.contains(" | ") && !l.ends_with('|'))
        .map(|l| l.split_once(" | ").map(|(_, code)| code.trim()).unwrap_or_default().to_string());
    let what = lines.last().copied().unwrap_or_default();
    match excerpt {
        Some(code) if !code.is_empty() => format!("{head}: `{code}`: {what}"),
        _ => format!("{head}: {what}"),
    }
}

mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M")
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a time: write it like 08:45")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_house_rules() {
        let s = Settings::default();
        assert_eq!(s.leasing.first_contact_days, 7);
        assert_eq!(s.service.judge_hours, 24);
        assert_eq!(s.callbacks.due_days, 3);
        assert_eq!(s.callbacks.rest_hours.len(), 2);
        assert_eq!(s.meetings.briefing_time, NaiveTime::from_hms_opt(8, 45, 0).unwrap());
        assert_eq!(s.meetings.penalty_late, 0.5);
        assert_eq!(s.kpi.complaint_satisfaction_min, 0.9);
    }

    #[test]
    fn a_partial_file_keeps_other_defaults() {
        let s = Settings::parse("[service]\nresolve_days = 5\n").unwrap();
        assert_eq!(s.service.resolve_days, 5);
        assert_eq!(s.service.judge_hours, 24);
        assert_eq!(s.leasing.first_contact_days, 7);
    }

    #[test]
    fn a_wrong_type_names_key_and_line() {
        let error = Settings::parse("[desk]\nascii_borders = false\n\n[service]\njudge_hours = \"soon\"\n")
            .unwrap_err();
        assert!(error.contains("line 5"), "{error}");
        assert!(error.contains("judge_hours"), "{error}");
        assert!(!error.contains('\n'));
    }

    #[test]
    fn a_bad_rest_span_names_the_line() {
        let error = Settings::parse("[callbacks]\nrest_hours = [\"12:00-25:00\"]\n").unwrap_err();
        assert!(error.contains("line 2"), "{error}");
        assert!(error.contains("25:00"), "{error}");
    }

    #[test]
    fn a_senseless_value_names_key_and_line() {
        let error = Settings::parse("[kpi]\n\ncomplaint_satisfaction_min = 90\n").unwrap_err();
        assert_eq!(
            error,
            "line 3: [kpi] complaint_satisfaction_min is 90: write a fraction from 0 to 1 (0.9 = 90 %)"
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = Settings::parse("[service]\njudge_hour = 12\n").unwrap_err();
        assert!(error.contains("judge_hour"), "{error}");
    }
}
