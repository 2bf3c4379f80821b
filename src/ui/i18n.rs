//! Interface language. Every visible string comes from `assets/locales/<lang>.yml`; the
//! language is passed explicitly (never a global), so a Chinese and an English screen can be
//! drawn side by side in tests.

use std::borrow::Cow;

use crate::domain::validate::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn toggled(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }

    /// `--lang`, else the settings file, else `LC_ALL` / `LC_MESSAGES` / `LANG` (Chinese → zh-CN).
    pub fn choose(flag: Option<&str>, setting: &str, env: impl Fn(&str) -> Option<String>) -> Lang {
        let explicit = flag.filter(|l| !l.is_empty()).or(Some(setting).filter(|l| !l.is_empty()));
        if let Some(code) = explicit {
            return if code.starts_with("zh") { Lang::ZhCn } else { Lang::En };
        }
        let locale =
            ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|name| env(name).filter(|v| !v.is_empty()));
        match locale {
            Some(value) if value.starts_with("zh") => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    /// The text of `key`.
    pub fn t(self, key: &str) -> Cow<'static, str> {
        Cow::Owned(rust_i18n::t!(key, locale = self.code()).into_owned())
    }

    /// The text of `key` with `%{name}` placeholders filled.
    pub fn t_with(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key).into_owned();
        for (name, value) in args {
            text = text.replace(&format!("%{{{name}}}"), value);
        }
        text
    }

    /// The display width of the widest label of an enum (`enum.<type>.*`) in this language,
    /// read once from the locale file: a list column holding those labels is made that wide.
    pub fn widest_label(self, type_key: &str) -> usize {
        use std::collections::HashMap;
        use std::sync::OnceLock;
        static ZH: OnceLock<HashMap<String, usize>> = OnceLock::new();
        static EN: OnceLock<HashMap<String, usize>> = OnceLock::new();
        let (cell, text) = match self {
            Lang::ZhCn => (&ZH, include_str!("../../assets/locales/zh-CN.yml")),
            Lang::En => (&EN, include_str!("../../assets/locales/en.yml")),
        };
        let widths = cell.get_or_init(|| {
            let mut widths: HashMap<String, usize> = HashMap::new();
            for line in text.lines() {
                let Some((key, value)) = line.strip_prefix("enum.").and_then(|l| l.split_once(": ")) else {
                    continue;
                };
                let Some((kind, _)) = key.split_once('.') else { continue };
                let width = unicode_width::UnicodeWidthStr::width(value.trim().trim_matches('"'));
                let widest = widths.entry(kind.to_string()).or_default();
                *widest = (*widest).max(width);
            }
            widths
        });
        widths.get(type_key).copied().unwrap_or(0)
    }

    /// The label of an enum value: `enum.<type>.<code>`.
    pub fn label(self, type_key: &str, code: &str) -> Cow<'static, str> {
        self.t(&format!("enum.{type_key}.{code}"))
    }

    pub fn label_contact(self, code: &str) -> Cow<'static, str> {
        self.label("contact_mode", code)
    }

    pub fn label_result(self, code: &str) -> Cow<'static, str> {
        self.label("attempt_result", code)
    }

    /// What a validation problem asks the user to fix.
    pub fn problem(self, problem: &Problem) -> String {
        match problem {
            Problem::Required => self.t("problem.required").into_owned(),
            Problem::TooLong { max } => self.t_with("problem.too_long", &[("max", &max.to_string())]),
            Problem::ControlCharacters => self.t("problem.control").into_owned(),
            Problem::Phone(_) => self.t("problem.phone").into_owned(),
            Problem::Negative => self.t("problem.negative").into_owned(),
            Problem::OutOfRange { min, max } => {
                self.t_with("problem.range", &[("min", &min.to_string()), ("max", &max.to_string())])
            }
            Problem::EndNotAfterStart => self.t("problem.end_after_start").into_owned(),
            Problem::BadFormat { example } => self.t_with("problem.format", &[("example", example)]),
            Problem::Rule { key, value } => Problem::rule_text(key, value, self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_flag_then_settings_then_locale() {
        let env = |lang: &'static str| move |name: &str| (name == "LANG").then(|| lang.to_string());
        assert_eq!(Lang::choose(None, "", env("zh_CN.UTF-8")), Lang::ZhCn);
        assert_eq!(Lang::choose(None, "", env("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::choose(None, "en", env("zh_CN.UTF-8")), Lang::En);
        assert_eq!(Lang::choose(Some("zh-CN"), "en", env("C")), Lang::ZhCn);
        assert_eq!(Lang::choose(None, "", |_| None), Lang::En);
    }

    #[test]
    fn both_locales_have_every_key() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('_') && l.contains(": "))
                .map(|l| l.split(": ").next().unwrap_or_default().to_string())
                .collect()
        };
        let en = keys(include_str!("../../assets/locales/en.yml"));
        let zh = keys(include_str!("../../assets/locales/zh-CN.yml"));
        assert_eq!(en, zh, "en.yml and zh-CN.yml list the same keys in the same order");
        assert_eq!(Lang::ZhCn.t("tab.complaints"), "投诉报事");
        assert_eq!(Lang::En.label("complaint_step", "called_back"), "called back");
        assert_eq!(Lang::ZhCn.t_with("app.records", &[("n", "3")]), "3 条");
    }
}
