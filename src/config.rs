//! The config file (`$XDG_CONFIG_HOME/qari/config.toml`, by default
//! `~/.config/qari/config.toml`): theme, widest column, UI language, digits,
//! tashkeel, justification, paragraph direction, bidi mode and key bindings. Command-line options
//! win over it. `qari --print-config` prints the defaults as a file to start
//! from.
//!
//! A file that cannot be read or holds a wrong value is an error (one line,
//! with the line and column); an unknown key is reported with its line and
//! otherwise ignored, so a config written for a newer qari still works.

use crate::app::ThemeName;
use crate::app::keymap::{BINDINGS, KeyError, Keymap, action_named, key_name, parse_key};
use crate::labels::UiLang;
use crate::terminal::BidiSetting;
use crate::text::{Digits, ParaDirMode};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io;
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
    /// How a paragraph's direction is chosen: words, majority,
    /// first-strong or document.
    pub para_dir: Option<ParaDirMode>,
    /// Who does bidi: auto, app or terminal.
    pub bidi: Option<BidiSetting>,
    /// Links as OSC 8 hyperlinks: auto, always or never.
    pub hyperlinks: Option<crate::terminal::HyperlinkSetting>,
    /// kitty's font has Arabic letters (see `text::rtl_runs`).
    pub kitty_font_has_arabic: Option<bool>,
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
    "para_dir",
    "bidi",
    "hyperlinks",
    "kitty_font_has_arabic",
    "keys",
];

/// Where the config file is looked for.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "qari").map(|d| d.config_dir().join("config.toml"))
}

/// Why a config file was not used; each shows as one line that starts with
/// the file's name (and the line, when known).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file is there but cannot be read.
    #[error("{}: {source}", shown(path))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: io::Error,
    },
    /// Not TOML, or a value of the wrong kind (`theme = "blue"`).
    #[error("{name}{}: {message}", at(*position))]
    Syntax {
        /// The file's name, as shown.
        name: String,
        /// 1-based line and column, when the parser gives them.
        position: Option<(usize, usize)>,
        /// The parser's message, on one line.
        message: String,
    },
    /// `max_width` is narrower than a reader column can be.
    #[error("{name}:{line}: max_width must be at least {min}")]
    MaxWidth {
        /// The file's name, as shown.
        name: String,
        /// 1-based line of `max_width`.
        line: usize,
        /// The narrowest column.
        min: u16,
    },
    /// A key in `[keys]` that qari does not know.
    #[error("{name}:{line}: {}", one_line(&source.to_string()))]
    Key {
        /// The file's name, as shown.
        name: String,
        /// 1-based line of the action the key is given to.
        line: usize,
        /// The key.
        source: KeyError,
    },
}

/// The narrowest `max_width`.
const MIN_WIDTH: u16 = 20;

/// Reads the config at `path`; a missing file is an empty config. Returns
/// the config and warnings (unknown keys, one line each), or the error.
pub fn load(path: &Path) -> Result<(Config, Vec<String>), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    parse(&text, &shown(path))
}

/// Parses config `text`; `name` starts each message.
pub fn parse(text: &str, name: &str) -> Result<(Config, Vec<String>), ConfigError> {
    let syntax = |e: toml::de::Error, position| ConfigError::Syntax {
        name: name.to_owned(),
        position,
        message: one_line(e.message()),
    };
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let position = e.span().map(|s| line_col(text, s.start));
        syntax(e, position)
    })?;
    let table: toml::Table = toml::from_str(text).map_err(|e| syntax(e, None))?;
    let mut warnings = Vec::new();
    for key in table.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        warnings.push(format!(
            "{name}:{}: unknown key `{}` ignored",
            line_of_key(text, None, key),
            one_line(key)
        ));
    }
    if config.max_width.is_some_and(|w| w < MIN_WIDTH) {
        return Err(ConfigError::MaxWidth {
            name: name.to_owned(),
            line: line_of_key(text, None, "max_width"),
            min: MIN_WIDTH,
        });
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
            let key = parse_key(k).map_err(|source| ConfigError::Key {
                name: name.to_owned(),
                line,
                source,
            })?;
            config.keymap.custom.push((key, action));
        }
    }
    Ok((config, warnings))
}

/// A path for a one-line message, with control characters neutralised.
fn shown(path: &Path) -> String {
    crate::model::sanitize::string(&path.display().to_string())
}

/// `m` on one line, with control characters neutralised.
fn one_line(m: &str) -> String {
    crate::model::sanitize::string(&m.replace('\n', " "))
        .trim()
        .to_owned()
}

/// `:line:col`, or nothing without a position.
fn at(position: Option<(usize, usize)>) -> String {
    position.map_or(String::new(), |(line, col)| format!(":{line}:{col}"))
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
         # A paragraph's direction: words (the document's, unless the other\n\
         # direction's words outnumber its own more than 2 to 1), majority (of\n\
         # strong letters), first-strong (UAX #9 P2-P3) or document.\n\
         para_dir = \"words\"\n\
         # Who does bidi: auto (ask the terminal), app (qari) or terminal.\n\
         bidi = \"auto\"\n\
         # Links as OSC 8 hyperlinks in the reader (app mode): auto (terminals\n\
         # known to support them), always or never.\n\
         hyperlinks = \"auto\"\n\
         # kitty only: whether its font has Arabic letters (DejaVu Sans Mono\n\
         # does; most coding fonts do not). It decides where kitty breaks the\n\
         # runs it turns right to left; wrong, punctuation lands a cell off.\n\
         kitty_font_has_arabic = false\n\n\
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
        assert_eq!(config.para_dir, Some(ParaDirMode::Words));
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
    fn para_dir_takes_the_command_line_names() {
        for (name, mode) in [
            ("words", ParaDirMode::Words),
            ("majority", ParaDirMode::Majority),
            ("first-strong", ParaDirMode::FirstStrong),
            ("document", ParaDirMode::Document),
        ] {
            let (config, _) = parse(&format!("para_dir = \"{name}\"\n"), "c.toml").expect(name);
            assert_eq!(config.para_dir, Some(mode));
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
            ("para_dir = \"first_strong\"\n", "c.toml:1:12"),
            (
                "[keys]\ndown = [\"Hyper-x\"]\n",
                "c.toml:2: unknown key \"Hyper-x\"",
            ),
            ("theme = \n", "c.toml:1:"),
        ] {
            let err = parse(text, "c.toml").expect_err(text).to_string();
            assert!(err.starts_with(needle), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn errors_keep_their_cause_and_their_one_line_message() {
        let err = parse("max_width = 5\n", "c.toml").expect_err("narrow");
        assert!(
            matches!(err, ConfigError::MaxWidth { line: 1, .. }),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "c.toml:1: max_width must be at least 20");
        let err = parse("[keys]\ndown = [\"Hyper-x\"]\n", "c.toml").expect_err("key");
        let ConfigError::Key {
            line: 2, source, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(*source, KeyError::Unknown("Hyper-x".to_owned()));
        assert_eq!(err.to_string(), format!("c.toml:2: {source}"));
        let err = parse("theme = \"blue\"\n", "c.toml").expect_err("blue");
        assert!(matches!(
            err,
            ConfigError::Syntax {
                position: Some((1, 9)),
                ..
            }
        ));
    }

    #[test]
    fn an_unreadable_file_is_an_error_that_names_it() {
        // A folder where the file should be: unreadable even for root.
        let dir = std::env::temp_dir().join(format!("qari-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let err = load(&dir).expect_err("a folder");
        let ConfigError::Read { source, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(err.to_string(), format!("{}: {source}", dir.display()));
        assert!(std::error::Error::source(&err).is_some());
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
