//! Keys → actions, per mode: the table of [`BINDINGS`] with the config
//! file's keys ([`Keymap`]), looked up for the mode that has the keyboard.
//! Reading takes every action but the list's; the help overlay only the keys
//! that close it; the bookmark list moving, going, deleting and closing; the
//! search prompt its text-editing keys, Enter and Esc (and keys the config
//! file gave to `activate` or `back` that are not text).

use super::action::Action;
pub use super::bindings::{BINDINGS, Binding, HelpRow, InHelp, Key, help_rows};
use super::mode::Mode;
use Key::{Char, Code, Ctrl, Digit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The action called `name` in the config file.
pub fn action_named(name: &str) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.name == Some(name))
        .map(|b| b.action)
}

/// A key the config file names that [`parse_key`] does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Not a character, `Ctrl-x` or a key name; holds the text as written.
    #[error(
        "unknown key {0:?} (a character, Ctrl-x, or one of Up Down Left Right PgUp PgDn Home End Enter Esc Tab BackTab Backspace Space)"
    )]
    Unknown(String),
}

/// A key as written in the config file: one character (`"j"`, `"]"`), a
/// name (`"Down"`, `"PgDn"`, `"Home"`, `"Enter"`, `"Esc"`, `"Tab"`,
/// `"Space"`, …) or `"Ctrl-x"`.
pub fn parse_key(s: &str) -> Result<Key, KeyError> {
    let named = [
        ("Up", KeyCode::Up),
        ("Down", KeyCode::Down),
        ("Left", KeyCode::Left),
        ("Right", KeyCode::Right),
        ("PgUp", KeyCode::PageUp),
        ("PgDn", KeyCode::PageDown),
        ("Home", KeyCode::Home),
        ("End", KeyCode::End),
        ("Enter", KeyCode::Enter),
        ("Esc", KeyCode::Esc),
        ("Tab", KeyCode::Tab),
        ("BackTab", KeyCode::BackTab),
        ("Backspace", KeyCode::Backspace),
    ];
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => return Ok(Char(c)),
        _ if s == "Space" => return Ok(Char(' ')),
        _ => {}
    }
    if let Some(rest) = s.strip_prefix("Ctrl-") {
        let mut cs = rest.chars();
        if let (Some(c), None) = (cs.next(), cs.next())
            && c.is_ascii_alphabetic()
        {
            return Ok(Ctrl(c.to_ascii_lowercase()));
        }
    }
    named
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, code)| Code(*code))
        .ok_or_else(|| KeyError::Unknown(s.to_owned()))
}

/// How [`parse_key`] writes `key`.
pub fn key_name(key: Key) -> String {
    match key {
        Char(' ') => "Space".to_owned(),
        Char(c) => c.to_string(),
        Ctrl(c) => format!("Ctrl-{c}"),
        Digit => "1–9".to_owned(),
        Code(code) => match code {
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::BackTab => "BackTab".to_owned(),
            other => format!("{other:?}"),
        },
    }
}

/// The key table with the config file's bindings: an action given keys
/// there answers to those keys instead of its defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    /// Keys from the config file, and their actions.
    pub custom: Vec<(Key, Action)>,
}

impl Keymap {
    /// The action for a key press in `mode`.
    pub fn action(&self, ev: &KeyEvent, mode: &Mode) -> Option<Action> {
        match mode {
            Mode::Reading => self.find(ev, |a| a != Action::DeleteBookmark),
            Mode::Help => self.help_action(ev),
            Mode::Prompt(_) => self.prompt_action(ev),
            Mode::Bookmarks(_) => self.list_action(ev),
            Mode::Links(_) => self.links_action(ev),
            Mode::Note { .. } => self.note_action(ev),
            Mode::Recent(picker) if picker.typing => self.filter_action(ev),
            Mode::Recent(_) => self.recent_action(ev),
        }
    }

    /// The keys of `action` in this keymap.
    pub fn keys_of(&self, action: Action) -> Vec<Key> {
        let custom: Vec<Key> = self
            .custom
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect();
        if !custom.is_empty() {
            return custom;
        }
        BINDINGS
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// Was `action` given keys in the config file (which replace its
    /// defaults)?
    pub fn rebinds(&self, action: Action) -> bool {
        self.custom.iter().any(|(_, a)| *a == action)
    }

    /// The action, among those `allowed`, that the key press `ev` triggers:
    /// the config file's keys first, then the defaults of the actions it
    /// did not rebind.
    fn find(&self, ev: &KeyEvent, allowed: impl Fn(Action) -> bool) -> Option<Action> {
        let custom = self
            .custom
            .iter()
            .find(|(k, a)| allowed(*a) && k.takes(ev))
            .map(|(_, a)| *a);
        custom.or_else(|| {
            BINDINGS
                .iter()
                .filter(|b| allowed(b.action) && !self.rebinds(b.action))
                .find(|b| b.keys.iter().any(|k| k.takes(ev)))
                .map(|b| with_digit(b.action, ev))
        })
    }

    /// The help overlay takes only the keys that close it (and Ctrl-C
    /// still quits).
    fn help_action(&self, ev: &KeyEvent) -> Option<Action> {
        let closing = |a| matches!(a, Action::Quit | Action::Back | Action::ToggleHelp);
        match self.find(ev, closing)? {
            Action::Quit if ev.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
            _ => Some(Action::ToggleHelp),
        }
    }

    /// The bookmark list: move, go, delete, close (`'` too closes it).
    fn list_action(&self, ev: &KeyEvent) -> Option<Action> {
        let in_list = |a| {
            matches!(
                a,
                Action::Down
                    | Action::Up
                    | Action::Activate
                    | Action::DeleteBookmark
                    | Action::Back
                    | Action::Quit
                    | Action::Bookmarks
            )
        };
        match self.find(ev, in_list)? {
            Action::Bookmarks => Some(Action::Back),
            a => Some(a),
        }
    }

    /// The picker of recent documents: move, open, forget, filter (`/`),
    /// close (`O` too closes it).
    fn recent_action(&self, ev: &KeyEvent) -> Option<Action> {
        let in_picker = |a| {
            matches!(
                a,
                Action::Down
                    | Action::Up
                    | Action::Activate
                    | Action::DeleteBookmark
                    | Action::SearchPrompt
                    | Action::Back
                    | Action::Quit
                    | Action::Recent
            )
        };
        match self.find(ev, in_picker)? {
            Action::Recent => Some(Action::Back),
            a => Some(a),
        }
    }

    /// The picker's filter while it is typed: the prompt's keys, and the
    /// arrows still move the selection.
    fn filter_action(&self, ev: &KeyEvent) -> Option<Action> {
        match ev.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            _ => self.prompt_action(ev),
        }
    }

    /// A note's popup: scroll, go to the note in the text, close.
    fn note_action(&self, ev: &KeyEvent) -> Option<Action> {
        let in_popup = |a| {
            matches!(
                a,
                Action::Down | Action::Up | Action::Activate | Action::Back | Action::Quit
            )
        };
        self.find(ev, in_popup)
    }

    /// The link list: move, follow, close (`L` too closes it).
    fn links_action(&self, ev: &KeyEvent) -> Option<Action> {
        let in_list = |a| {
            matches!(
                a,
                Action::Down
                    | Action::Up
                    | Action::Activate
                    | Action::Back
                    | Action::Quit
                    | Action::Links
            )
        };
        match self.find(ev, in_list)? {
            Action::Links => Some(Action::Back),
            a => Some(a),
        }
    }

    /// The search prompt: text is typed into it, Backspace edits, Enter
    /// searches, Esc and Ctrl-C cancel, whatever the config file says; a
    /// key that is not text and that the config file gave to `activate` or
    /// `back` searches or cancels too.
    fn prompt_action(&self, ev: &KeyEvent) -> Option<Action> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let editing = match ev.code {
            KeyCode::Char('c') if ctrl => Some(Action::PromptCancel),
            KeyCode::Char('h') if ctrl => Some(Action::PromptBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Enter => Some(Action::PromptSubmit),
            KeyCode::Esc => Some(Action::PromptCancel),
            _ => None,
        };
        editing.or_else(|| {
            match self.find(ev, |a| matches!(a, Action::Activate | Action::Back))? {
                Action::Activate => Some(Action::PromptSubmit),
                _ => Some(Action::PromptCancel),
            }
        })
    }
}

/// `Section(_)` gets the digit pressed.
fn with_digit(action: Action, ev: &KeyEvent) -> Action {
    match (action, ev.code) {
        (Action::Section(_), KeyCode::Char(d @ '1'..='9')) => {
            Action::Section(d as usize - '0' as usize)
        }
        (a, _) => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn reading(ev: KeyEvent) -> Option<Action> {
        Keymap::default().action(&ev, &Mode::Reading)
    }

    fn in_help(ev: KeyEvent) -> Option<Action> {
        Keymap::default().action(&ev, &Mode::Help)
    }

    fn in_list(keymap: &Keymap, ev: KeyEvent) -> Option<Action> {
        keymap.action(&ev, &Mode::Bookmarks(0))
    }

    fn in_prompt(keymap: &Keymap, ev: KeyEvent) -> Option<Action> {
        keymap.action(&ev, &Mode::Prompt(String::new()))
    }

    #[test]
    fn reading_keys() {
        assert_eq!(reading(key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(reading(key(KeyCode::Down)), Some(Action::Down));
        assert_eq!(reading(key(KeyCode::Char(']'))), Some(Action::NextSection));
        assert_eq!(reading(key(KeyCode::Char('3'))), Some(Action::Section(3)));
        assert_eq!(reading(key(KeyCode::Char('0'))), None);
        assert_eq!(reading(key(KeyCode::Char('d'))), None, "d is the list's");
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(reading(shift_g), Some(Action::Bottom));
    }

    #[test]
    fn ctrl_c_quits_but_plain_c_closes_answers() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(reading(ctrl_c), Some(Action::Quit));
        assert_eq!(reading(key(KeyCode::Char('c'))), Some(Action::CloseAll));
        assert_eq!(in_help(ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn help_overlay_only_closes() {
        assert_eq!(in_help(key(KeyCode::Char('j'))), None);
        assert_eq!(in_help(key(KeyCode::Char('3'))), None);
        assert_eq!(in_help(key(KeyCode::Esc)), Some(Action::ToggleHelp));
        assert_eq!(in_help(key(KeyCode::Char('q'))), Some(Action::ToggleHelp));
        assert_eq!(in_help(key(KeyCode::Char('?'))), Some(Action::ToggleHelp));
    }

    #[test]
    fn the_list_moves_goes_deletes_and_closes() {
        let km = Keymap::default();
        for (code, action) in [
            (KeyCode::Char('j'), Some(Action::Down)),
            (KeyCode::Up, Some(Action::Up)),
            (KeyCode::Enter, Some(Action::Activate)),
            (KeyCode::Char('d'), Some(Action::DeleteBookmark)),
            (KeyCode::Esc, Some(Action::Back)),
            (KeyCode::Char('\''), Some(Action::Back)),
            (KeyCode::Char('q'), Some(Action::Quit)),
            (KeyCode::Char(']'), None),
            (KeyCode::Char('2'), None),
        ] {
            assert_eq!(in_list(&km, key(code)), action, "{code:?}");
        }
    }

    #[test]
    fn the_list_takes_the_config_files_keys() {
        let km = Keymap {
            custom: vec![
                (Char('x'), Action::Down),
                (Char('X'), Action::DeleteBookmark),
            ],
        };
        assert_eq!(in_list(&km, key(KeyCode::Char('x'))), Some(Action::Down));
        assert_eq!(in_list(&km, key(KeyCode::Char('j'))), None);
        assert_eq!(in_list(&km, key(KeyCode::Down)), None);
        assert_eq!(
            in_list(&km, key(KeyCode::Char('X'))),
            Some(Action::DeleteBookmark)
        );
        assert_eq!(in_list(&km, key(KeyCode::Char('d'))), None);
        assert_eq!(
            km.action(&key(KeyCode::Char('X')), &Mode::Reading),
            None,
            "deleting is the list's"
        );
    }

    #[test]
    fn a_key_of_the_list_does_not_hide_a_reading_key() {
        let km = Keymap {
            custom: vec![(Char('j'), Action::DeleteBookmark)],
        };
        assert_eq!(
            km.action(&key(KeyCode::Char('j')), &Mode::Reading),
            Some(Action::Down)
        );
        assert_eq!(
            in_list(&km, key(KeyCode::Char('j'))),
            Some(Action::DeleteBookmark)
        );
    }

    #[test]
    fn the_prompt_keeps_its_editing_keys() {
        let km = Keymap {
            custom: vec![
                (Char('x'), Action::Back),
                (Ctrl('g'), Action::Back),
                (Code(KeyCode::Tab), Action::Activate),
            ],
        };
        for (ev, action) in [
            (key(KeyCode::Char('x')), Action::PromptInput('x')),
            (key(KeyCode::Char('j')), Action::PromptInput('j')),
            (key(KeyCode::Esc), Action::PromptCancel),
            (key(KeyCode::Enter), Action::PromptSubmit),
            (key(KeyCode::Backspace), Action::PromptBackspace),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::PromptCancel,
            ),
            (
                KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
                Action::PromptCancel,
            ),
            (key(KeyCode::Tab), Action::PromptSubmit),
        ] {
            assert_eq!(in_prompt(&km, ev), Some(action), "{ev:?}");
        }
        assert_eq!(in_prompt(&Keymap::default(), key(KeyCode::Tab)), None);
        assert_eq!(in_prompt(&Keymap::default(), key(KeyCode::Down)), None);
    }

    /// The help overlay's rows as they were when the three tables were
    /// kept by hand, now generated from the one table.
    #[test]
    fn help_groups_the_keys_of_the_table() {
        let rows = help_rows();
        let keys: Vec<&str> = rows.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "j ↓  k ↑",
                "Space PgDn",
                "b PgUp",
                "g Home  G End",
                "]  [",
                "m  '  L  BkSp",
                "/  n N",
                "1–9",
                "Enter",
                "Tab  Shift-Tab",
                "o  c",
                "f  t",
                "v  J  y",
                "?  O",
                "Esc",
                "q  Ctrl-C",
            ]
        );
    }

    #[test]
    fn config_names_read_back() {
        for b in BINDINGS {
            if let Some(name) = b.name {
                assert_eq!(action_named(name), Some(b.action));
            }
        }
        assert_eq!(action_named("down"), Some(Action::Down));
        assert_eq!(action_named("page_down_or_toggle"), Some(Action::Space));
        assert_eq!(action_named("fly"), None);
    }

    #[test]
    fn keys_read_back_from_their_names() {
        for b in BINDINGS.iter().filter(|b| b.name.is_some()) {
            for &k in b.keys {
                assert_eq!(parse_key(&key_name(k)), Ok(k), "{k:?}");
            }
        }
    }

    #[test]
    fn an_unknown_key_says_what_keys_are() {
        let err = parse_key("Hyper-x").expect_err("unknown");
        assert_eq!(err, KeyError::Unknown("Hyper-x".to_owned()));
        assert_eq!(
            err.to_string(),
            "unknown key \"Hyper-x\" (a character, Ctrl-x, or one of Up Down Left Right \
             PgUp PgDn Home End Enter Esc Tab BackTab Backspace Space)"
        );
    }
}
