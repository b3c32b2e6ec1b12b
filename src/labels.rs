//! Every string of qari's own interface, in one place, per UI language.

/// The language of qari's own labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    /// English.
    #[default]
    En,
    /// Arabic.
    Ar,
}

/// The labels of one UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Labels {
    /// The language of these labels.
    pub lang: UiLang,
    /// Heading of the FAQ.
    pub faq: &'static str,
    /// Introduces the article's source.
    pub source: &'static str,
    /// Heading of the section navigator.
    pub contents: &'static str,
    /// After the estimated minutes of reading left.
    pub minutes_left: &'static str,
    /// The status line's key hint.
    pub help_hint: &'static str,
    /// Title of the help overlay.
    pub help_title: &'static str,
    /// Introduces the bidi mode in the help overlay.
    pub bidi_mode: &'static str,
    /// Between a match's number and the count ("3 of 12").
    pub match_of: &'static str,
    /// A search found nothing.
    pub no_match: &'static str,
    /// `m` set a bookmark (its number follows).
    pub bookmark_set: &'static str,
    /// `m` on a paragraph that already has one (its number follows).
    pub bookmark_exists: &'static str,
    /// `'` without bookmarks.
    pub no_bookmarks: &'static str,
    /// Title of the bookmark list.
    pub bookmarks: &'static str,
    /// `y` copied (the number of characters follows).
    pub copied: &'static str,
    /// Title of the link list (`L`).
    pub links: &'static str,
    /// `L` with no link on screen.
    pub no_links: &'static str,
    /// A link's target put on the clipboard (the target follows).
    pub link_copied: &'static str,
    /// A `#fragment` that names no heading or note (the fragment follows).
    pub no_anchor: &'static str,
    /// `Backspace` with nothing to go back to.
    pub no_history: &'static str,
    /// Title of the picker of recent documents (`O`).
    pub recent: &'static str,
    /// `O` with no document listed.
    pub no_recent: &'static str,
    /// A listed file that is not there any more (its path follows).
    pub missing: &'static str,
}

impl Labels {
    /// `n` in the interface's digits (Arabic-Indic for Arabic).
    pub fn number(&self, n: usize) -> String {
        let ascii = n.to_string();
        match self.lang {
            UiLang::En => ascii,
            UiLang::Ar => ascii
                .chars()
                .map(|d| char::from_u32(0x0660 + (d as u32 - '0' as u32)).unwrap_or(d))
                .collect(),
        }
    }
}

static EN: Labels = Labels {
    lang: UiLang::En,
    faq: "FAQ",
    source: "Source:",
    contents: "Contents",
    minutes_left: "min left",
    help_hint: "? help",
    help_title: "Keys",
    bidi_mode: "Bidi:",
    match_of: "of",
    no_match: "no match",
    bookmark_set: "bookmark",
    bookmark_exists: "already bookmark",
    no_bookmarks: "no bookmarks (m sets one)",
    bookmarks: "Bookmarks",
    copied: "copied, characters:",
    links: "Links",
    no_links: "no links on screen",
    link_copied: "link copied:",
    no_anchor: "no such heading:",
    no_history: "nothing to go back to",
    recent: "Read lately",
    no_recent: "no documents read lately",
    missing: "missing:",
};

static AR: Labels = Labels {
    lang: UiLang::Ar,
    faq: "أسئلة شائعة",
    source: "المصدر:",
    contents: "المحتويات",
    minutes_left: "د متبقية",
    help_hint: "? مساعدة",
    help_title: "المفاتيح",
    bidi_mode: "الاتجاه الثنائي:",
    match_of: "من",
    no_match: "لا نتائج",
    bookmark_set: "علامة",
    bookmark_exists: "موجودة: علامة",
    no_bookmarks: "لا علامات (m تضيف علامة)",
    bookmarks: "العلامات",
    copied: "نُسخت الفقرة، عدد الحروف:",
    links: "الروابط",
    no_links: "لا روابط في الشاشة",
    link_copied: "نُسخ الرابط:",
    no_anchor: "لا عنوان بهذا الاسم:",
    no_history: "لا شيء للرجوع إليه",
    recent: "المقروءة مؤخرًا",
    no_recent: "لا مستندات مقروءة مؤخرًا",
    missing: "غير موجود:",
};

impl Labels {
    /// The labels for `lang`.
    pub fn of(lang: UiLang) -> &'static Labels {
        match lang {
            UiLang::En => &EN,
            UiLang::Ar => &AR,
        }
    }
}
