//! The keymap as data: default keys in `assets/keymap.toml`, user overrides in `keymap.toml` in
//! the config directory. The footer and the help overlay are generated from it, so they never
//! name a key that does not work.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Named;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Which screen is taking keys.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::EnumString, strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    List,
    Search,
    Detail,
    Form,
    Help,
    Confirm,
    Overview,
}

/// A key as written in the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    code: KeyCode,
    ctrl: bool,
}

impl KeySpec {
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let (ctrl, name) = match text.strip_prefix("Ctrl-") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match name {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Space" => KeyCode::Char(' '),
            f if f.len() > 1
                && f.starts_with('F')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().expect("checked"))
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().expect("one char")),
            other => return Err(format!("`{other}` is not a key name (e.g. F2, Enter, Ctrl-s, n)")),
        };
        Ok(KeySpec { code, ctrl })
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let code = match key.code {
            // Some terminals report Ctrl-letters in upper case.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        self.code == code && self.ctrl == ctrl
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "Ctrl-")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            other => write!(f, "{other}"),
        }
    }
}

/// Every binding, by screen, in file order.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Context, Vec<(Named, Vec<KeySpec>)>>,
}

/// The actions each screen's footer offers, in the order of the mc/htop footer.
const FOOTER: &[(Context, &[Named])] = &[
    (
        Context::List,
        &[
            Named::Help,
            Named::New,
            Named::Search,
            Named::Edit,
            Named::Act,
            Named::Print,
            Named::Export,
            Named::Campaign,
            Named::Vacant,
            Named::Refresh,
            Named::Filter,
            Named::Overdue,
            Named::Staff,
            Named::Language,
            Named::Quit,
        ],
    ),
    (
        Context::Search,
        &[
            Named::Help,
            Named::New,
            Named::Accept,
            Named::Edit,
            Named::Act,
            Named::Print,
            Named::Cancel,
            Named::Quit,
        ],
    ),
    (
        Context::Detail,
        &[Named::Help, Named::OpenLink, Named::PageDown, Named::Edit, Named::Back, Named::Quit],
    ),
    (Context::Form, &[Named::Help, Named::Save, Named::NextField, Named::ChoiceNext, Named::Cancel]),
    (Context::Help, &[Named::Close, Named::Quit]),
    (
        Context::Overview,
        &[Named::Help, Named::OpenLink, Named::NextTab, Named::Refresh, Named::Language, Named::Quit],
    ),
    (Context::Confirm, &[Named::Yes, Named::No]),
];

impl Keymap {
    /// The built-in keymap.
    pub fn default_keys() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP).expect("assets/keymap.toml is valid")
    }

    /// The built-in keymap with the user's file (if any) laid over it.
    pub fn load(user_file: &Path) -> Result<Keymap, String> {
        let mut keymap = Keymap::default_keys();
        match std::fs::read_to_string(user_file) {
            Ok(text) => {
                let user =
                    Keymap::parse(&text).map_err(|e| format!("keymap file {}: {e}", user_file.display()))?;
                for (context, bindings) in user.bindings {
                    let target = keymap.bindings.entry(context).or_default();
                    for (action, keys) in bindings {
                        match target.iter_mut().find(|(a, _)| *a == action) {
                            Some(slot) => slot.1 = keys,
                            None => target.push((action, keys)),
                        }
                    }
                }
                Ok(keymap)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(keymap),
            Err(e) => Err(format!("cannot read keymap file {}: {e}", user_file.display())),
        }
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or("").to_string())?;
        let mut bindings: BTreeMap<Context, Vec<(Named, Vec<KeySpec>)>> = BTreeMap::new();
        // toml keeps keys sorted; the file's order is recovered from the text for the help.
        for (section, value) in &table {
            let context: Context = section.parse().map_err(|_| {
                format!("[{section}] is not a screen (list, search, detail, form, help, confirm, overview)")
            })?;
            let toml::Value::Table(actions) = value else {
                return Err(format!("[{section}] must hold `action = [\"key\", …]` lines"));
            };
            let mut list = Vec::new();
            for (name, keys) in actions {
                let action: Named = name.parse().map_err(|_| format!("[{section}] {name}: not an action"))?;
                let keys = keys
                    .as_array()
                    .ok_or_else(|| {
                        format!("[{section}] {name}: write the keys as a list, e.g. [\"F2\", \"n\"]")
                    })?
                    .iter()
                    .map(|k| {
                        k.as_str()
                            .ok_or_else(|| format!("[{section}] {name}: keys are text"))
                            .and_then(|k| KeySpec::parse(k).map_err(|e| format!("[{section}] {name}: {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                list.push((action, keys));
            }
            list.sort_by_key(|(action, _)| position_in(text, section, action.code()));
            bindings.insert(context, list);
        }
        Ok(Keymap { bindings })
    }

    /// The action bound to `key` on this screen.
    pub fn action(&self, context: Context, key: &KeyEvent) -> Option<Named> {
        self.bindings
            .get(&context)?
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| k.matches(key)))
            .map(|(action, _)| *action)
    }

    pub fn keys(&self, context: Context, action: Named) -> &[KeySpec] {
        self.bindings
            .get(&context)
            .and_then(|list| list.iter().find(|(a, _)| *a == action))
            .map(|(_, keys)| keys.as_slice())
            .unwrap_or(&[])
    }

    /// Footer entries for a screen: (first key, action), skipping unbound ones and, when
    /// read-only, those that write.
    pub fn footer(&self, context: Context, read_only: bool) -> Vec<(String, Named)> {
        let wanted = FOOTER.iter().find(|(c, _)| *c == context).map(|(_, a)| *a).unwrap_or(&[]);
        wanted
            .iter()
            .filter(|action| !(read_only && action.writes()))
            .filter_map(|action| self.keys(context, *action).first().map(|k| (k.to_string(), *action)))
            .collect()
    }

    /// Help lines for a screen: (all keys, action), in file order.
    pub fn help(&self, context: Context, read_only: bool) -> Vec<(String, Named)> {
        self.bindings
            .get(&context)
            .map(|list| {
                list.iter()
                    .filter(|(action, keys)| !(keys.is_empty() || read_only && action.writes()))
                    .map(|(action, keys)| {
                        (keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "), *action)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Where `name = …` stands in `[section]` of the text (for file order).
fn position_in(text: &str, section: &str, name: &str) -> usize {
    let header = format!("[{section}]");
    let start = text.find(&header).unwrap_or(0);
    text[start..]
        .lines()
        .position(|line| line.trim_start().split('=').next().is_some_and(|k| k.trim() == name))
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn default_keys_resolve() {
        let keymap = Keymap::default_keys();
        assert_eq!(keymap.action(Context::List, &key(KeyCode::F(2), KeyModifiers::NONE)), Some(Named::New));
        assert_eq!(
            keymap.action(Context::List, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Named::Quit)
        );
        assert_eq!(keymap.action(Context::Form, &key(KeyCode::Char('n'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn footer_follows_the_keymap_and_hides_writes_when_read_only() {
        let keymap = Keymap::default_keys();
        let footer = keymap.footer(Context::List, false);
        assert_eq!(footer[0], ("F1".to_string(), Named::Help));
        assert!(footer.iter().any(|(_, a)| *a == Named::New));
        let read_only = keymap.footer(Context::List, true);
        assert!(read_only.iter().all(|(_, a)| !a.writes()));
    }

    #[test]
    fn user_overrides_replace_one_action() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        std::fs::write(&file, "[list]\nnew = [\"Ctrl-n\", \"F2\"]\n").unwrap();
        let keymap = Keymap::load(&file).unwrap();
        assert_eq!(keymap.footer(Context::List, false)[1], ("Ctrl-n".to_string(), Named::New));
        assert_eq!(keymap.action(Context::List, &key(KeyCode::Char('n'), KeyModifiers::NONE)), None);
        assert_eq!(keymap.action(Context::List, &key(KeyCode::F(1), KeyModifiers::NONE)), Some(Named::Help));
    }

    #[test]
    fn bad_keymaps_say_what_is_wrong() {
        assert!(Keymap::parse("[lists]\nnew = [\"F2\"]").unwrap_err().contains("not a screen"));
        assert!(Keymap::parse("[list]\nnew = [\"F13\"]").unwrap_err().contains("not a key name"));
        assert!(Keymap::parse("[list]\nfly = [\"F2\"]").unwrap_err().contains("not an action"));
    }
}
