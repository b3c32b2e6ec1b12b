//! Every string of qari's own interface, in one place, per UI language.

/// The language of qari's own labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
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
