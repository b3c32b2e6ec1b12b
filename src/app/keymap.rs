//! Keys → actions, from one table that the help overlay is generated from.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as written in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A printable character (Shift folded into it).
    Char(char),
    /// A named key.
    Code(KeyCode),
    /// Control + a letter.
    Ctrl(char),
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// The keys as shown in help.
    pub shown: &'static str,
    /// Help text in English.
    pub en: &'static str,
    /// Help text in Arabic.
    pub ar: &'static str,
}

use Key::{Char, Code, Ctrl};

/// Every binding; digits 1–9 (section N) are handled after the table.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('/')],
        action: Action::SearchPrompt,
        shown: "/",
        en: "search",
        ar: "بحث",
    },
    Binding {
        keys: &[Char('y')],
        action: Action::Copy,
        shown: "y",
        en: "copy the paragraph as written",
        ar: "نسخ الفقرة كما كُتبت",
    },
    Binding {
        keys: &[Char('v')],
        action: Action::ToggleTashkeel,
        shown: "v",
        en: "show or hide tashkeel",
        ar: "إظهار التشكيل أو إخفاؤه",
    },
    Binding {
        keys: &[Char('J')],
        action: Action::ToggleJustify,
        shown: "J",
        en: "justify with kashida on/off",
        ar: "ضبط السطور بالكشيدة أو إلغاؤه",
    },
    Binding {
        keys: &[Char('m')],
        action: Action::AddBookmark,
        shown: "m",
        en: "bookmark this paragraph",
        ar: "علامة على هذه الفقرة",
    },
    Binding {
        keys: &[Char('\'')],
        action: Action::Bookmarks,
        shown: "'",
        en: "bookmarks",
        ar: "العلامات",
    },
    Binding {
        keys: &[Char('n')],
        action: Action::SearchNext,
        shown: "n",
        en: "next match",
        ar: "النتيجة التالية",
    },
    Binding {
        keys: &[Char('N')],
        action: Action::SearchPrev,
        shown: "N",
        en: "previous match",
        ar: "النتيجة السابقة",
    },
    Binding {
        keys: &[Char('j'), Code(KeyCode::Down)],
        action: Action::Down,
        shown: "j ↓",
        en: "down a line / next entry",
        ar: "سطر إلى الأسفل / البند التالي",
    },
    Binding {
        keys: &[Char('k'), Code(KeyCode::Up)],
        action: Action::Up,
        shown: "k ↑",
        en: "up a line / previous entry",
        ar: "سطر إلى الأعلى / البند السابق",
    },
    Binding {
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        shown: "PgDn",
        en: "next page",
        ar: "الصفحة التالية",
    },
    Binding {
        keys: &[Char(' ')],
        action: Action::Space,
        shown: "Space",
        en: "next page / open or close answer",
        ar: "الصفحة التالية / فتح الجواب أو إغلاقه",
    },
    Binding {
        keys: &[Char('b'), Code(KeyCode::PageUp)],
        action: Action::PageUp,
        shown: "b PgUp",
        en: "previous page",
        ar: "الصفحة السابقة",
    },
    Binding {
        keys: &[Char('g'), Code(KeyCode::Home)],
        action: Action::Top,
        shown: "g Home",
        en: "to the top",
        ar: "إلى البداية",
    },
    Binding {
        keys: &[Char('G'), Code(KeyCode::End)],
        action: Action::Bottom,
        shown: "G End",
        en: "to the end",
        ar: "إلى النهاية",
    },
    Binding {
        keys: &[Char(']')],
        action: Action::NextSection,
        shown: "]",
        en: "next section",
        ar: "القسم التالي",
    },
    Binding {
        keys: &[Char('[')],
        action: Action::PrevSection,
        shown: "[",
        en: "previous section",
        ar: "القسم السابق",
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: Action::Activate,
        shown: "Enter",
        en: "jump to entry / open or close answer",
        ar: "الانتقال إلى البند / فتح الجواب أو إغلاقه",
    },
    Binding {
        keys: &[Code(KeyCode::Tab)],
        action: Action::FocusNext,
        shown: "Tab",
        en: "next pane",
        ar: "اللوحة التالية",
    },
    Binding {
        keys: &[Code(KeyCode::BackTab)],
        action: Action::FocusPrev,
        shown: "Shift-Tab",
        en: "previous pane",
        ar: "اللوحة السابقة",
    },
    Binding {
        keys: &[Char('o')],
        action: Action::OpenAll,
        shown: "o",
        en: "open every answer",
        ar: "فتح كل الأجوبة",
    },
    Binding {
        keys: &[Char('c')],
        action: Action::CloseAll,
        shown: "c",
        en: "close every answer",
        ar: "إغلاق كل الأجوبة",
    },
    Binding {
        keys: &[Char('f')],
        action: Action::ToggleFaq,
        shown: "f",
        en: "show or hide the FAQ",
        ar: "إظهار الأسئلة الشائعة أو إخفاؤها",
    },
    Binding {
        keys: &[Char('t')],
        action: Action::ToggleNav,
        shown: "t",
        en: "show or hide the contents",
        ar: "إظهار المحتويات أو إخفاؤها",
    },
    Binding {
        keys: &[Char('?')],
        action: Action::ToggleHelp,
        shown: "?",
        en: "this help",
        ar: "هذه المساعدة",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        shown: "Esc",
        en: "close what is open, else quit",
        ar: "إغلاق المفتوح، وإلا الخروج",
    },
    Binding {
        keys: &[Char('q'), Ctrl('c')],
        action: Action::Quit,
        shown: "q Ctrl-C",
        en: "quit",
        ar: "خروج",
    },
];

/// One row of the help overlay: keys as shown, English and Arabic text.
pub type HelpRow = (&'static str, &'static str, &'static str);

/// The help overlay's rows: the table's keys grouped in pairs so that the
/// whole list fits a 20-row terminal. A test checks that every key of
/// [`BINDINGS`] (and the digits) is listed here.
pub const HELP: &[HelpRow] = &[
    (
        "j ↓  k ↑",
        "line down / up; next / previous entry",
        "سطر للأسفل / للأعلى؛ البند التالي / السابق",
    ),
    ("Space PgDn", "next page", "الصفحة التالية"),
    ("b PgUp", "previous page", "الصفحة السابقة"),
    (
        "g Home  G End",
        "to the top / to the end",
        "إلى البداية / إلى النهاية",
    ),
    ("]  [", "next / previous section", "القسم التالي / السابق"),
    (
        "m  '",
        "bookmark here / list (d deletes)",
        "علامة هنا / قائمة العلامات (d تحذف)",
    ),
    (
        "/  n N",
        "search; next / previous match",
        "بحث؛ النتيجة التالية / السابقة",
    ),
    ("1–9", "section N", "القسم رقم N"),
    (
        "Enter",
        "jump; open or close answer (or Space)",
        "انتقال؛ فتح الجواب أو إغلاقه (أو Space)",
    ),
    (
        "Tab  Shift-Tab",
        "next / previous pane",
        "اللوحة التالية / السابقة",
    ),
    ("o  c", "open / close every answer", "فتح / إغلاق كل الأجوبة"),
    (
        "f  t",
        "show or hide the FAQ / the contents",
        "إظهار الأسئلة / المحتويات أو إخفاؤها",
    ),
    (
        "v  J  y",
        "tashkeel; kashida justify; copy paragraph",
        "التشكيل؛ الضبط بالكشيدة؛ نسخ الفقرة",
    ),
    ("?", "this help", "هذه المساعدة"),
    (
        "Esc",
        "close what is open, else quit",
        "إغلاق المفتوح، وإلا الخروج",
    ),
    ("q  Ctrl-C", "quit", "خروج"),
];

fn matches(key: Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match key {
        Char(c) => !ctrl && ev.code == KeyCode::Char(c),
        Code(code) => !ctrl && ev.code == code,
        Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
    }
}

/// The name of an action in the config file's `[keys]` table.
pub fn action_name(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::SearchPrompt => "search",
        Action::SearchNext => "next_match",
        Action::SearchPrev => "previous_match",
        Action::Copy => "copy",
        Action::ToggleTashkeel => "toggle_tashkeel",
        Action::ToggleJustify => "toggle_justify",
        Action::AddBookmark => "bookmark",
        Action::Bookmarks => "bookmarks",
        Action::Down => "down",
        Action::Up => "up",
        Action::PageDown => "page_down",
        Action::Space => "page_down_or_toggle",
        Action::PageUp => "page_up",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::NextSection => "next_section",
        Action::PrevSection => "previous_section",
        Action::Activate => "activate",
        Action::FocusNext => "next_pane",
        Action::FocusPrev => "previous_pane",
        Action::OpenAll => "open_all",
        Action::CloseAll => "close_all",
        Action::ToggleFaq => "toggle_faq",
        Action::ToggleNav => "toggle_contents",
        Action::ToggleHelp => "help",
        Action::Back => "back",
        Action::Quit => "quit",
        _ => return None,
    })
}

/// The action called `name` in the config file.
pub fn action_named(name: &str) -> Option<Action> {
    BINDINGS
        .iter()
        .map(|b| b.action)
        .find(|a| action_name(*a) == Some(name))
}

/// A key as written in the config file: one character (`"j"`, `"]"`), a
/// name (`"Down"`, `"PgDn"`, `"Home"`, `"Enter"`, `"Esc"`, `"Tab"`,
/// `"Space"`, …) or `"Ctrl-x"`.
pub fn parse_key(s: &str) -> Result<Key, String> {
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
        .ok_or_else(|| format!("unknown key {s:?} (a character, Ctrl-x, or one of Up Down Left Right PgUp PgDn Home End Enter Esc Tab BackTab Backspace Space)"))
}

/// How [`parse_key`] writes `key`.
pub fn key_name(key: Key) -> String {
    match key {
        Char(' ') => "Space".to_owned(),
        Char(c) => c.to_string(),
        Ctrl(c) => format!("Ctrl-{c}"),
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
    /// The action for a key press (like [`action_for_key`]).
    pub fn action(&self, ev: &KeyEvent, help_open: bool) -> Option<Action> {
        let found = self
            .custom
            .iter()
            .find(|(k, _)| matches(*k, ev))
            .map(|(_, a)| *a)
            .or_else(|| {
                BINDINGS
                    .iter()
                    .filter(|b| !self.custom.iter().any(|(_, a)| *a == b.action))
                    .find(|b| b.keys.iter().any(|&k| matches(k, ev)))
                    .map(|b| b.action)
            });
        narrow(found, ev, help_open)
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
}

/// The action for a key press while the search prompt is open: text is
/// typed into it, Enter searches, Esc cancels.
pub fn prompt_action(ev: &KeyEvent) -> Option<Action> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match ev.code {
        KeyCode::Char('c') if ctrl => Some(Action::PromptCancel),
        KeyCode::Char('h') if ctrl => Some(Action::PromptBackspace),
        KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
        KeyCode::Backspace => Some(Action::PromptBackspace),
        KeyCode::Enter => Some(Action::PromptSubmit),
        KeyCode::Esc => Some(Action::PromptCancel),
        _ => None,
    }
}

/// The action for a key press while the bookmark list is open: move, go,
/// delete, close.
pub fn list_action(ev: &KeyEvent) -> Option<Action> {
    if ev.code == KeyCode::Char('d') && ev.modifiers.difference(KeyModifiers::SHIFT).is_empty() {
        return Some(Action::DeleteBookmark);
    }
    match action_for_key(ev, false)? {
        a @ (Action::Down | Action::Up | Action::Activate | Action::Back | Action::Quit) => Some(a),
        Action::Bookmarks => Some(Action::Back),
        _ => None,
    }
}

/// The action for a key press; `help_open` narrows the keys to closing it.
pub fn action_for_key(ev: &KeyEvent, help_open: bool) -> Option<Action> {
    let found = BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|&k| matches(k, ev)))
        .map(|b| b.action);
    narrow(found, ev, help_open)
}

/// The help overlay takes only the keys that close it; digits go to sections.
fn narrow(found: Option<Action>, ev: &KeyEvent, help_open: bool) -> Option<Action> {
    if help_open {
        return match found {
            Some(Action::Quit) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Quit)
            }
            Some(Action::Quit | Action::Back | Action::ToggleHelp) => Some(Action::ToggleHelp),
            _ => None,
        };
    }
    if found.is_some() {
        return found;
    }
    match ev.code {
        KeyCode::Char(d @ '1'..='9') if ev.modifiers.difference(KeyModifiers::SHIFT).is_empty() => {
            Some(Action::Section(d as usize - '0' as usize))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn reading_keys() {
        assert_eq!(
            action_for_key(&key(KeyCode::Char('j')), false),
            Some(Action::Down)
        );
        assert_eq!(
            action_for_key(&key(KeyCode::Down), false),
            Some(Action::Down)
        );
        assert_eq!(
            action_for_key(&key(KeyCode::Char(']')), false),
            Some(Action::NextSection)
        );
        assert_eq!(
            action_for_key(&key(KeyCode::Char('3')), false),
            Some(Action::Section(3))
        );
        assert_eq!(action_for_key(&key(KeyCode::Char('0')), false), None);
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for_key(&shift_g, false), Some(Action::Bottom));
    }

    #[test]
    fn ctrl_c_quits_but_plain_c_closes_answers() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for_key(&ctrl_c, false), Some(Action::Quit));
        assert_eq!(
            action_for_key(&key(KeyCode::Char('c')), false),
            Some(Action::CloseAll)
        );
        assert_eq!(action_for_key(&ctrl_c, true), Some(Action::Quit));
    }

    #[test]
    fn help_overlay_only_closes() {
        assert_eq!(action_for_key(&key(KeyCode::Char('j')), true), None);
        assert_eq!(
            action_for_key(&key(KeyCode::Esc), true),
            Some(Action::ToggleHelp)
        );
        assert_eq!(
            action_for_key(&key(KeyCode::Char('q')), true),
            Some(Action::ToggleHelp)
        );
    }

    #[test]
    fn every_binding_has_help_in_both_languages() {
        assert!(
            BINDINGS
                .iter()
                .all(|b| !b.en.is_empty() && !b.ar.is_empty() && !b.shown.is_empty())
        );
        assert!(
            HELP.iter()
                .all(|(k, en, ar)| !k.is_empty() && !en.is_empty() && !ar.is_empty())
        );
    }

    #[test]
    fn help_lists_every_key_of_the_table() {
        let shown: Vec<&str> = HELP
            .iter()
            .flat_map(|(k, _, _)| k.split_whitespace())
            .collect();
        for b in BINDINGS {
            for key in b.shown.split_whitespace() {
                assert!(shown.contains(&key), "{key} missing from HELP");
            }
        }
        assert!(shown.contains(&"1–9"));
    }
}
