//! Display-only forms of the text, applied before shaping and bidi (the
//! article itself is never changed): digits written in the reader's choice
//! of kind, and tashkeel hidden for fonts that place marks badly.
//!
//! Digits are mapped *before* the bidi algorithm runs because the kinds have
//! different bidi classes: ASCII and Persian digits are EN, Arabic-Indic
//! digits are AN, and a number's place in a mixed line depends on it.

use super::rich::{Span, Text};
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Which digits numbers are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// As written.
    #[default]
    Keep,
    /// Arabic-Indic: ٠١٢٣٤٥٦٧٨٩.
    Arabic,
    /// Persian (Extended Arabic-Indic): ۰۱۲۳۴۵۶۷۸۹.
    Persian,
    /// ASCII: 0123456789.
    Latin,
}

/// The value of a digit of any of the three kinds.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Tashkeel and the other marks hidden with it: harakat, tanween, shadda,
/// sukun (U+064B–U+065F), superscript alef (U+0670) and Quranic marks
/// (U+06D6–U+06ED). Tatweel stays: it is a letter-like stroke.
pub fn is_tashkeel(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// `c` as shown with `digits`, or `None` when it is hidden.
fn shown(c: char, digits: Digits, tashkeel: bool) -> Option<char> {
    if !tashkeel && is_tashkeel(c) {
        return None;
    }
    let base = match digits {
        Digits::Keep => return Some(c),
        Digits::Arabic => 0x0660,
        Digits::Persian => 0x06F0,
        Digits::Latin => '0' as u32,
    };
    Some(digit_value(c).map_or(c, |v| char::from_u32(base + v).unwrap_or(c)))
}

/// `text` as shown: digits mapped and tashkeel dropped as asked.
pub fn display_str(text: &str, digits: Digits, tashkeel: bool) -> Cow<'_, str> {
    let changes = |c: char| shown(c, digits, tashkeel) != Some(c);
    if !text.chars().any(changes) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| shown(c, digits, tashkeel))
            .collect(),
    )
}

/// Styled `text` as shown (each span mapped on its own, styles kept).
pub fn display_text(text: &Text, digits: Digits, tashkeel: bool) -> Cow<'_, Text> {
    let changes = |c: char| shown(c, digits, tashkeel) != Some(c);
    // Scanned before anything is built: a text already shown (the composer
    // maps it once for search hits, then lays it out) is not copied again.
    if (digits == Digits::Keep && tashkeel)
        || !text.spans.iter().any(|s| s.text.chars().any(changes))
    {
        return Cow::Borrowed(text);
    }
    let spans: Vec<Span> = text
        .spans
        .iter()
        .map(|s| Span {
            text: display_str(&s.text, digits, tashkeel).into_owned(),
            style: s.style,
            href: s.href.clone(),
        })
        .collect();
    Cow::Owned(Text { spans })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_kind_become_the_chosen_kind() {
        let text = "عام 2010 و١٢ و۳۴";
        assert_eq!(display_str(text, Digits::Keep, true), text);
        assert_eq!(display_str(text, Digits::Arabic, true), "عام ٢٠١٠ و١٢ و٣٤");
        assert_eq!(display_str(text, Digits::Persian, true), "عام ۲۰۱۰ و۱۲ و۳۴");
        assert_eq!(display_str(text, Digits::Latin, true), "عام 2010 و12 و34");
    }

    #[test]
    fn hiding_tashkeel_keeps_letters_and_tatweel() {
        assert_eq!(
            display_str("وَلَمَّا جَاءَ الرَّبِيعُ", Digits::Keep, false),
            "ولما جاء الربيع"
        );
        assert_eq!(display_str("العـــلْم", Digits::Keep, false), "العـــلم");
        assert_eq!(display_str("ٱلرَّحْمَٰنِ", Digits::Keep, false), "ٱلرحمن");
    }

    /// The mapping happens before bidi: after a Latin word, ASCII digits
    /// (EN) around a hyphen (ES) form one number (W4, W7), while Arabic-Indic
    /// digits are AN, which a hyphen does not join (W4 joins only EN; the
    /// hyphen then resolves to R between them, N1): "١-٢" shows as "٢-١".
    #[test]
    fn digits_are_mapped_before_the_bidi_algorithm() {
        use crate::text::{LayoutOptions, layout_str};
        let line = |digits| {
            let opts = LayoutOptions {
                width: 40,
                digits,
                ..LayoutOptions::default()
            };
            layout_str("pages 1-2", &opts).lines[0].text.clone()
        };
        assert_eq!(line(Digits::Latin), "pages 1-2");
        assert_eq!(line(Digits::Arabic), "pages ٢-١");
    }

    #[test]
    fn unchanged_text_is_not_copied() {
        assert!(matches!(
            display_str("بيت 12", Digits::Latin, false),
            Cow::Borrowed(_)
        ));
        let t = Text::plain("بيت");
        assert!(matches!(
            display_text(&t, Digits::Arabic, false),
            Cow::Borrowed(_)
        ));
    }
}
