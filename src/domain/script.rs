//! Call scripts (回访话术): what the clerk says, per callback reason and language, with the
//! customer's name, the service and its date filled in. The texts live in editable files
//! (`assets/scripts/<lang>.toml`, overridable per section); this is the parsing and filling.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The four parts of a call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub opening: String,
    pub question: String,
    pub closing_satisfied: String,
    pub closing_unsatisfied: String,
}

/// Scripts by callback reason code, with a `default` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scripts(BTreeMap<String, Script>);

/// What fills the placeholders.
pub struct ScriptValues<'a> {
    pub name: &'a str,
    pub service: &'a str,
    pub date: &'a str,
    pub operator: &'a str,
}

impl Scripts {
    /// Parses a scripts file; `over` sections replace those of `self`.
    pub fn parse(text: &str) -> Result<Scripts, String> {
        let sections: BTreeMap<String, Script> = toml::from_str(text).map_err(|e| {
            e.to_string().lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(" ")
        })?;
        Ok(Scripts(sections))
    }

    pub fn overlay(mut self, over: Scripts) -> Scripts {
        self.0.extend(over.0);
        self
    }

    /// The script for a reason, else the default one.
    pub fn for_reason(&self, reason: &str) -> Option<&Script> {
        self.0.get(reason).or_else(|| self.0.get("default"))
    }
}

impl Script {
    /// The script with its placeholders filled, part by part.
    pub fn fill(&self, values: &ScriptValues<'_>) -> Script {
        let fill = |text: &str| {
            text.replace("{name}", values.name)
                .replace("{service}", values.service)
                .replace("{date}", values.date)
                .replace("{operator}", values.operator)
        };
        Script {
            opening: fill(&self.opening),
            question: fill(&self.question),
            closing_satisfied: fill(&self.closing_satisfied),
            closing_unsatisfied: fill(&self.closing_unsatisfied),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_scripts_parse_and_fill() {
        for text in
            [include_str!("../../assets/scripts/zh-CN.toml"), include_str!("../../assets/scripts/en.toml")]
        {
            let scripts = Scripts::parse(text).unwrap();
            let script = scripts.for_reason("after_complaint").unwrap().fill(&ScriptValues {
                name: "张女士",
                service: "鞋子开胶",
                date: "11月20日",
                operator: "王芳",
            });
            assert!(
                script.opening.contains("张女士") && script.opening.contains("王芳"),
                "{}",
                script.opening
            );
            assert!(script.question.contains("鞋子开胶") && script.question.contains("11月20日"));
            assert!(!script.question.contains('{'));
            assert!(scripts.for_reason("after_move_in").is_some(), "other reasons use the default");
        }
    }

    #[test]
    fn a_broken_scripts_file_is_told_in_one_line_that_says_where() {
        let error = Scripts::parse("[default\nopening = 1").unwrap_err();
        assert!(!error.is_empty() && !error.contains('\n'), "{error:?}");
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn a_user_section_replaces_the_built_in_one() {
        let built_in = Scripts::parse(include_str!("../../assets/scripts/en.toml")).unwrap();
        let mine = Scripts::parse(
            "[survey]\nopening = \"Hi {name}\"\nquestion = \"Q\"\nclosing_satisfied = \"S\"\nclosing_unsatisfied = \"U\"\n",
        )
        .unwrap();
        let scripts = built_in.overlay(mine);
        assert_eq!(scripts.for_reason("survey").unwrap().opening, "Hi {name}");
        assert!(scripts.for_reason("after_repair").unwrap().opening.contains("service centre"));
        assert!(Scripts::parse("[survey]\nopening = 1\n").is_err());
    }
}
