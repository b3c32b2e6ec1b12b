//! The config file (`$XDG_CONFIG_HOME/qari/config.toml`, by default
//! `~/.config/qari/config.toml`): theme, widest column, UI language, digits,
//! tashkeel, justification, bidi mode and key bindings. Command-line options
//! win over it. `qari --print-config` prints the defaults as a file to start
//! from.
//!
//! A file that cannot be read or holds a wrong value is an error (one line,
//! with the line and column); an unknown key is reported with its line and
//! otherwise ignored, so a config written for a newer qari still works.

use crate::app::ThemeName;
use crate::app::keymap::{BINDINGS, Keymap, action_named, key_name, parse_key};
use crate::labels::UiLang;
use crate::terminal::BidiSetting;
use crate::text::Digits;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The settings a config file can hold; `None` where it says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// Colours: dark, light or mono.
    pub theme: Option<ThemeName>,
    /// Widest article column in the reader.
    pub max_width: Option<u16>,
    /// Language of qari's labels: ar or en.
    pub ui_lang: Option<UiLang>,
    /// Digits: arabic, persian, latin or keep.
    pub digits: Option<Digits>,
    /// Show tashkeel.
    pub tashkeel: Option<bool>,
    /// Justify RTL lines with kashida.
    pub justify: Option<bool>,
    /// Who does bidi: auto, app or terminal.
    pub bidi: Option<BidiSetting>,
    /// Action name → keys.
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
    /// The key bindings, built from `keys`.
    #[serde(skip)]
    pub keymap: Keymap,
}

/// The keys a config file may hold.
const KNOWN: &[&str] = &[
    "theme",
    "max_width",
    "ui_lang",
    "digits",
    "tashkeel",
    "justify",
    "bidi",
    "keys",
];

/// Where the config file is looked for.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "qari").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config at `path`; a missing file is an empty config. Returns
/// the config and warnings (unknown keys, one line each), or the error.
pub fn load(path: &Path) -> Result<(Config, Vec<String>), String> {
    let name = crate::model::sanitize::string(&path.display().to_string());
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    parse(&text, &name)
}

/// Parses config `text`; `name` starts each message.
pub fn parse(text: &str, name: &str) -> Result<(Config, Vec<String>), String> {
    let at = |span: Option<std::ops::Range<usize>>| {
        span.map_or(String::new(), |s| {
            let (line, col) = line_col(text, s.start);
            format!(":{line}:{col}")
        })
    };
    let one_line = |m: &str| {
        crate::model::sanitize::string(&m.replace('\n', " "))
            .trim()
            .to_owned()
    };
    let mut config: Config = toml::from_str(text)
        .map_err(|e| format!("{name}{}: {}", at(e.span()), one_line(e.message())))?;
    let table: toml::Table =
        toml::from_str(text).map_err(|e| format!("{name}: {}", one_line(e.message())))?;
    let mut warnings = Vec::new();
    for key in table.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        warnings.push(format!(
            "{name}:{}: unknown key `{}` ignored",
            line_of_key(text, None, key),
            one_line(key)
        ));
    }
    if config.max_width.is_some_and(|w| w < 20) {
        return Err(format!(
            "{name}:{}: max_width must be at least 20",
            line_of_key(text, None, "max_width")
        ));
    }
    for (action_key, keys) in &config.keys {
        let line = line_of_key(text, Some("keys"), action_key);
        let Some(action) = action_named(action_key) else {
            warnings.push(format!(
                "{name}:{line}: unknown action `{}` in [keys] ignored",
                one_line(action_key)
            ));
            continue;
        };
        for k in keys {
            let key = parse_key(k).map_err(|e| format!("{name}:{line}: {}", one_line(&e)))?;
            config.keymap.custom.push((key, action));
        }
    }
    Ok((config, warnings))
}

/// 1-based line and column of byte `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The line where `key` is set (in `[table]` if given): the first line
/// that starts with it followed by `=`, or its own `[key]` header.
fn line_of_key(text: &str, table: Option<&str>, key: &str) -> usize {
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[').and_then(|h| h.split(']').next()) {
            let header = header.trim().trim_matches('"');
            if table.is_none() && header == key {
                return i + 1;
            }
            current = Some(header.to_owned());
            continue;
        }
        let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
        if t.contains('=') && k == key && current.as_deref() == table {
            return i + 1;
        }
    }
    0
}

/// The default configuration as a commented TOML file.
pub fn defaults() -> String {
    let mut out = String::from(
        "# qari's configuration (~/.config/qari/config.toml). Command-line options win.\n\n\
         # Colours: dark, light or mono (mono is used whenever NO_COLOR is set).\n\
         theme = \"dark\"\n\
         # Widest article column in the reader, in cells (at least 20).\n\
         max_width = 80\n\
         # Language of qari's own labels: ar or en (default: follows the article).\n\
         # ui_lang = \"ar\"\n\
         # Digits: arabic (٠١٢), persian (۰۱۲), latin (012) or keep (as written).\n\
         digits = \"keep\"\n\
         # Show tashkeel (false hides it, for fonts that place marks badly).\n\
         tashkeel = true\n\
         # Justify right-to-left lines with kashida (tatweel).\n\
         justify = false\n\
         # Who does bidi: auto (ask the terminal), app (qari) or terminal.\n\
         bidi = \"auto\"\n\n\
         # Keys of each action; an action listed here answers to these keys only.\n\
         # Keys: a character, Ctrl-x, or Up Down Left Right PgUp PgDn Home End\n\
         # Enter Esc Tab BackTab Backspace Space.\n\
         [keys]\n",
    );
    let default = Keymap::default();
    for b in BINDINGS {
        if let Some(name) = b.name {
            let keys: Vec<String> = default
                .keys_of(b.action)
                .into_iter()
                .map(|k| format!("{:?}", key_name(k)))
                .collect();
            out.push_str(&format!("{name} = [{}]\n", keys.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let (config, warnings) = parse(&defaults(), "defaults").expect("valid");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.theme, Some(ThemeName::Dark));
        assert_eq!(config.max_width, Some(80));
        assert_eq!(config.digits, Some(Digits::Keep));
        assert_eq!(config.tashkeel, Some(true));
        assert_eq!(config.bidi, Some(BidiSetting::Auto));
        // Every action keeps exactly its default keys.
        let default = Keymap::default();
        for b in BINDINGS {
            assert_eq!(
                config.keymap.keys_of(b.action),
                default.keys_of(b.action),
                "{:?}",
                b.action
            );
        }
    }

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let text = "theme = \"light\"\n\ncolour = \"red\"\n[keys]\nnext_section = [\"L\"]\nfly = [\"x\"]\n[extra]\na = 1\n";
        let (config, warnings) = parse(text, "c.toml").expect("valid");
        assert_eq!(config.theme, Some(ThemeName::Light));
        assert_eq!(
            warnings,
            [
                "c.toml:3: unknown key `colour` ignored",
                "c.toml:7: unknown key `extra` ignored",
                "c.toml:6: unknown action `fly` in [keys] ignored",
            ]
        );
    }

    #[test]
    fn bad_values_are_one_line_errors_with_line_and_column() {
        for (text, needle) in [
            ("theme = \"blue\"\n", "c.toml:1:9"),
            ("max_width = 5\n", "c.toml:1: max_width"),
            ("tashkeel = \"yes\"\n", "c.toml:1:12"),
            (
                "[keys]\ndown = [\"Hyper-x\"]\n",
                "c.toml:2: unknown key \"Hyper-x\"",
            ),
            ("theme = \n", "c.toml:1:"),
        ] {
            let err = parse(text, "c.toml").expect_err(text);
            assert!(err.starts_with(needle), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn bindings_replace_an_actions_keys() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let (config, _) = parse(
            "[keys]\nnext_section = [\"L\", \"Ctrl-n\"]\ndown = [\"Down\"]\n",
            "c",
        )
        .expect("valid");
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let km = &config.keymap;
        use crate::app::{Action, Mode};
        assert_eq!(
            km.action(&key('L'), &Mode::Reading),
            Some(Action::NextSection)
        );
        assert_eq!(
            km.action(
                &KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL),
                &Mode::Reading
            ),
            Some(Action::NextSection)
        );
        assert_eq!(
            km.action(&key(']'), &Mode::Reading),
            None,
            "the default key is replaced"
        );
        assert_eq!(km.action(&key('j'), &Mode::Reading), None);
        assert_eq!(
            km.action(
                &KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
                &Mode::Reading
            ),
            Some(Action::Down)
        );
        assert_eq!(
            km.action(&key('k'), &Mode::Reading),
            Some(Action::Up),
            "others keep theirs"
        );
    }
}
