//! The key table: for every action, its name in the config file, its
//! default keys, how the help overlay shows them and what it says of them.
//! The default bindings ([`crate::app::keymap::Keymap`]), the help
//! overlay's rows ([`help_rows`]) and the config file's `[keys]` names all
//! come from [`BINDINGS`], so they cannot drift apart.

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
    /// Any digit 1–9 (for `Action::Section`, which gets the digit).
    Digit,
}

impl Key {
    /// Does the key press `ev` press this key?
    pub fn takes(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => !ctrl && ev.code == code,
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Digit => {
                matches!(ev.code, KeyCode::Char('1'..='9'))
                    && ev.modifiers.difference(KeyModifiers::SHIFT).is_empty()
            }
        }
    }
}

/// Where an action goes in the help overlay, whose rows group related keys
/// so that the whole list fits a 20-row terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InHelp {
    /// Starts a row, with this text in English and in Arabic.
    Row(&'static str, &'static str),
    /// Joins the row above: its keys follow that row's after this separator
    /// (two spaces: a group of its own, drawn in its own isolate; one space:
    /// the same group).
    Joins(&'static str),
    /// No keys in the overlay: another row's text tells of it.
    Within,
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// What the keys do (`Section(_)` gets the digit pressed).
    pub action: Action,
    /// The action's name in the config file's `[keys]` table (`None`: the
    /// config file cannot rebind it).
    pub name: Option<&'static str>,
    /// The default keys.
    pub keys: &'static [Key],
    /// The default keys as the help overlay shows them.
    pub shown: &'static str,
    /// What the action does, in English (the help overlay's row for keys
    /// the config file gave).
    pub en: &'static str,
    /// The same in Arabic.
    pub ar: &'static str,
    /// Where the help overlay shows the default keys.
    pub help: InHelp,
}

use InHelp::{Joins, Row, Within};
use Key::{Char, Code, Ctrl, Digit};

/// Every action that has keys, in the order of the help overlay (and of
/// `qari --print-config`). A key belongs to one action.
pub const BINDINGS: &[Binding] = &[
    Binding {
        action: Action::Down,
        name: Some("down"),
        keys: &[Char('j'), Code(KeyCode::Down)],
        shown: "j ↓",
        en: "down a line / next entry",
        ar: "سطر إلى الأسفل / البند التالي",
        help: Row(
            "line down / up; next / previous entry",
            "سطر للأسفل / للأعلى؛ البند التالي / السابق",
        ),
    },
    Binding {
        action: Action::Up,
        name: Some("up"),
        keys: &[Char('k'), Code(KeyCode::Up)],
        shown: "k ↑",
        en: "up a line / previous entry",
        ar: "سطر إلى الأعلى / البند السابق",
        help: Joins("  "),
    },
    Binding {
        action: Action::Space,
        name: Some("page_down_or_toggle"),
        keys: &[Char(' ')],
        shown: "Space",
        en: "next page / open or close answer",
        ar: "الصفحة التالية / فتح الجواب أو إغلاقه",
        help: Row("next page", "الصفحة التالية"),
    },
    Binding {
        action: Action::PageDown,
        name: Some("page_down"),
        keys: &[Code(KeyCode::PageDown)],
        shown: "PgDn",
        en: "next page",
        ar: "الصفحة التالية",
        help: Joins(" "),
    },
    Binding {
        action: Action::PageUp,
        name: Some("page_up"),
        keys: &[Char('b'), Code(KeyCode::PageUp)],
        shown: "b PgUp",
        en: "previous page",
        ar: "الصفحة السابقة",
        help: Row("previous page", "الصفحة السابقة"),
    },
    Binding {
        action: Action::Top,
        name: Some("top"),
        keys: &[Char('g'), Code(KeyCode::Home)],
        shown: "g Home",
        en: "to the top",
        ar: "إلى البداية",
        help: Row("to the top / to the end", "إلى البداية / إلى النهاية"),
    },
    Binding {
        action: Action::Bottom,
        name: Some("bottom"),
        keys: &[Char('G'), Code(KeyCode::End)],
        shown: "G End",
        en: "to the end",
        ar: "إلى النهاية",
        help: Joins("  "),
    },
    Binding {
        action: Action::NextSection,
        name: Some("next_section"),
        keys: &[Char(']')],
        shown: "]",
        en: "next section",
        ar: "القسم التالي",
        help: Row("next / previous section", "القسم التالي / السابق"),
    },
    Binding {
        action: Action::PrevSection,
        name: Some("previous_section"),
        keys: &[Char('[')],
        shown: "[",
        en: "previous section",
        ar: "القسم السابق",
        help: Joins("  "),
    },
    Binding {
        action: Action::AddBookmark,
        name: Some("bookmark"),
        keys: &[Char('m')],
        shown: "m",
        en: "bookmark this paragraph",
        ar: "علامة على هذه الفقرة",
        help: Row(
            "bookmark / list (d deletes); links / back",
            "علامة / القائمة (d تحذف)؛ الروابط / رجوع",
        ),
    },
    Binding {
        action: Action::Bookmarks,
        name: Some("bookmarks"),
        keys: &[Char('\'')],
        shown: "'",
        en: "bookmarks",
        ar: "العلامات",
        help: Joins("  "),
    },
    Binding {
        action: Action::DeleteBookmark,
        name: Some("delete_bookmark"),
        keys: &[Char('d')],
        shown: "d",
        en: "delete the bookmark / forget the document (in a list)",
        ar: "حذف العلامة / نسيان المستند (في القائمة)",
        help: Within,
    },
    Binding {
        action: Action::Links,
        name: Some("links"),
        keys: &[Char('L')],
        shown: "L",
        en: "links on screen (Enter follows)",
        ar: "الروابط في الشاشة (Enter يتبعها)",
        help: Joins("  "),
    },
    Binding {
        action: Action::HistoryBack,
        name: Some("history_back"),
        keys: &[Code(KeyCode::Backspace)],
        shown: "BkSp",
        en: "back to where the link was followed",
        ar: "الرجوع إلى موضع الرابط",
        help: Joins("  "),
    },
    Binding {
        action: Action::SearchPrompt,
        name: Some("search"),
        keys: &[Char('/')],
        shown: "/",
        en: "search",
        ar: "بحث",
        help: Row(
            "search; next / previous match",
            "بحث؛ النتيجة التالية / السابقة",
        ),
    },
    Binding {
        action: Action::SearchNext,
        name: Some("next_match"),
        keys: &[Char('n')],
        shown: "n",
        en: "next match",
        ar: "النتيجة التالية",
        help: Joins("  "),
    },
    Binding {
        action: Action::SearchPrev,
        name: Some("previous_match"),
        keys: &[Char('N')],
        shown: "N",
        en: "previous match",
        ar: "النتيجة السابقة",
        help: Joins(" "),
    },
    Binding {
        action: Action::Section(0),
        name: None,
        keys: &[Digit],
        shown: "1–9",
        en: "section N",
        ar: "القسم رقم N",
        help: Row("section N", "القسم رقم N"),
    },
    Binding {
        action: Action::Activate,
        name: Some("activate"),
        keys: &[Code(KeyCode::Enter)],
        shown: "Enter",
        en: "jump to entry / open or close answer",
        ar: "الانتقال إلى البند / فتح الجواب أو إغلاقه",
        help: Row(
            "jump; open or close answer (or Space)",
            "انتقال؛ فتح الجواب أو إغلاقه (أو Space)",
        ),
    },
    Binding {
        action: Action::FocusNext,
        name: Some("next_pane"),
        keys: &[Code(KeyCode::Tab)],
        shown: "Tab",
        en: "next pane",
        ar: "اللوحة التالية",
        help: Row("next / previous pane", "اللوحة التالية / السابقة"),
    },
    Binding {
        action: Action::FocusPrev,
        name: Some("previous_pane"),
        keys: &[Code(KeyCode::BackTab)],
        shown: "Shift-Tab",
        en: "previous pane",
        ar: "اللوحة السابقة",
        help: Joins("  "),
    },
    Binding {
        action: Action::OpenAll,
        name: Some("open_all"),
        keys: &[Char('o')],
        shown: "o",
        en: "open every answer",
        ar: "فتح كل الأجوبة",
        help: Row("open / close every answer", "فتح / إغلاق كل الأجوبة"),
    },
    Binding {
        action: Action::CloseAll,
        name: Some("close_all"),
        keys: &[Char('c')],
        shown: "c",
        en: "close every answer",
        ar: "إغلاق كل الأجوبة",
        help: Joins("  "),
    },
    Binding {
        action: Action::ToggleFaq,
        name: Some("toggle_faq"),
        keys: &[Char('f')],
        shown: "f",
        en: "show or hide the FAQ",
        ar: "إظهار الأسئلة الشائعة أو إخفاؤها",
        help: Row(
            "show or hide the FAQ / the contents",
            "إظهار الأسئلة / المحتويات أو إخفاؤها",
        ),
    },
    Binding {
        action: Action::ToggleNav,
        name: Some("toggle_contents"),
        keys: &[Char('t')],
        shown: "t",
        en: "show or hide the contents",
        ar: "إظهار المحتويات أو إخفاؤها",
        help: Joins("  "),
    },
    Binding {
        action: Action::ToggleTashkeel,
        name: Some("toggle_tashkeel"),
        keys: &[Char('v')],
        shown: "v",
        en: "show or hide tashkeel",
        ar: "إظهار التشكيل أو إخفاؤه",
        help: Row(
            "tashkeel; kashida justify; copy paragraph",
            "التشكيل؛ الضبط بالكشيدة؛ نسخ الفقرة",
        ),
    },
    Binding {
        action: Action::ToggleJustify,
        name: Some("toggle_justify"),
        keys: &[Char('J')],
        shown: "J",
        en: "justify with kashida on/off",
        ar: "ضبط السطور بالكشيدة أو إلغاؤه",
        help: Joins("  "),
    },
    Binding {
        action: Action::Copy,
        name: Some("copy"),
        keys: &[Char('y')],
        shown: "y",
        en: "copy the paragraph as written",
        ar: "نسخ الفقرة كما كُتبت",
        help: Joins("  "),
    },
    Binding {
        action: Action::ToggleHelp,
        name: Some("help"),
        keys: &[Char('?')],
        shown: "?",
        en: "this help",
        ar: "هذه المساعدة",
        help: Row(
            "this help / documents read lately",
            "هذه المساعدة / المقروءة مؤخرًا",
        ),
    },
    Binding {
        action: Action::Recent,
        name: Some("recent"),
        keys: &[Char('O')],
        shown: "O",
        en: "documents read lately (/ filters, Enter opens, d forgets)",
        ar: "المستندات المقروءة مؤخرًا (/ تصفية، Enter يفتح، d ينسى)",
        help: Joins("  "),
    },
    Binding {
        action: Action::Back,
        name: Some("back"),
        keys: &[Code(KeyCode::Esc)],
        shown: "Esc",
        en: "close what is open, else quit",
        ar: "إغلاق المفتوح، وإلا الخروج",
        help: Row("close what is open, else quit", "إغلاق المفتوح، وإلا الخروج"),
    },
    Binding {
        action: Action::Quit,
        name: Some("quit"),
        keys: &[Char('q'), Ctrl('c')],
        shown: "q  Ctrl-C",
        en: "quit",
        ar: "خروج",
        help: Row("quit", "خروج"),
    },
];

/// One row of the help overlay: keys as shown, English and Arabic text.
pub type HelpRow = (String, &'static str, &'static str);

/// The help overlay's rows, in order, from [`BINDINGS`].
pub fn help_rows() -> Vec<HelpRow> {
    let mut rows: Vec<HelpRow> = Vec::new();
    for b in BINDINGS {
        match b.help {
            Row(en, ar) => rows.push((b.shown.to_owned(), en, ar)),
            Joins(sep) => {
                if let Some((keys, _, _)) = rows.last_mut() {
                    keys.push_str(sep);
                    keys.push_str(b.shown);
                }
            }
            Within => {}
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_has_keys_and_help_in_both_languages() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty(), "{:?}", b.action);
            assert!(!b.en.is_empty() && !b.ar.is_empty() && !b.shown.is_empty());
        }
        assert!(
            help_rows()
                .iter()
                .all(|(k, en, ar)| !k.is_empty() && !en.is_empty() && !ar.is_empty())
        );
        assert!(!matches!(BINDINGS[0].help, Joins(_)), "nothing to join");
    }

    #[test]
    fn names_and_keys_are_each_used_once() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert_ne!(a.action, b.action);
                assert!(a.name.is_none() || a.name != b.name, "{:?}", a.name);
                assert!(
                    a.keys.iter().all(|k| !b.keys.contains(k)),
                    "{:?} and {:?} share a key",
                    a.action,
                    b.action
                );
            }
        }
    }
}
