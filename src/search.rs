//! Search that reads Arabic the way its readers do: matching ignores
//! tashkeel and tatweel, the hamza forms of alef (أ إ آ ٱ → ا), ة/ه and ى/ي,
//! the kind of digits (Arabic-Indic, Persian, ASCII) and Latin case. So
//! «الامن» finds «الأمن» and «2010» finds «٢٠١٠».
//!
//! Both the text and the query are *folded* to a canonical form; the folded
//! text keeps, for each of its bytes, the byte of the original it came
//! from, so a match maps back to the original's logical range (which the
//! engine maps to cells). Hand-written: the folding is specific to Arabic
//! reading habits (no crate does it); Unicode case folding is std's.

use std::ops::Range;

/// A search query, folded once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// What the reader typed.
    pub typed: String,
    folded: String,
}

impl Query {
    /// The query for `typed`; `None` if it folds to nothing (only marks or
    /// spaces), which would match everywhere.
    pub fn new(typed: &str) -> Option<Query> {
        let folded = fold(typed).text;
        let folded = folded.trim().to_owned();
        (!folded.is_empty()).then(|| Query {
            typed: typed.to_owned(),
            folded,
        })
    }

    /// Byte ranges of `text` (logical order) that match, in order, not
    /// overlapping. Marks right after a match (a haraka on its last letter)
    /// are part of it.
    pub fn find_in(&self, text: &str) -> Vec<Range<usize>> {
        let folded = fold(text);
        folded
            .text
            .match_indices(self.folded.as_str())
            .map(|(at, m)| {
                let start = folded.source[at];
                let end = folded
                    .source
                    .get(at + m.len())
                    .copied()
                    .unwrap_or(text.len());
                start..end
            })
            .collect()
    }

    /// Number of matches in `text` (no ranges or offset map built: this
    /// runs over every text of a book on Enter).
    pub fn count_in(&self, text: &str) -> usize {
        let mut folded = String::with_capacity(text.len());
        fold_into(text, &mut folded, None);
        folded.matches(self.folded.as_str()).count()
    }
}

/// A folded text and, for each of its bytes, the byte of the original it
/// stands for (one past the end: the original's length).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The canonical form.
    pub text: String,
    /// Original byte offset of each byte of `text`.
    pub source: Vec<usize>,
}

/// The canonical form of `text` for matching.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        source: Vec::with_capacity(text.len()),
    };
    fold_into(text, &mut out.text, Some(&mut out.source));
    out
}

/// Appends the canonical form of `text` to `out` and, if asked, the
/// original offset of each byte written to `source`.
fn fold_into(text: &str, out: &mut String, mut source: Option<&mut Vec<usize>>) {
    for (at, c) in text.char_indices() {
        let mut push = |c: char| {
            out.push(c);
            if let Some(source) = source.as_deref_mut() {
                source.resize(out.len(), at);
            }
        };
        match c {
            // Ignored: tashkeel, superscript alef, Quranic marks, tatweel,
            // and the joiners that only change shapes.
            '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
            | '\u{200C}'
            | '\u{200D}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => push('ا'),
            'ة' => push('ه'),
            'ى' => push('ي'),
            '٠'..='٩' => push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '۰'..='۹' => push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            c if c.is_ascii() => push(c.to_ascii_lowercase()),
            c if c.is_uppercase() => c.to_lowercase().for_each(&mut push),
            c => push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(query: &str, text: &str) -> Vec<String> {
        Query::new(query)
            .expect("query")
            .find_in(text)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn hamza_forms_of_alef_fold_to_alef() {
        assert_eq!(hits("الامن", "تعزيز الأمن الإقليمي"), ["الأمن"]);
        assert_eq!(hits("اقليمي", "الأمن الإقليمي"), ["إقليمي"]);
        assert_eq!(hits("الان", "الآن"), ["الآن"]);
        assert_eq!(hits("الله", "ٱلله"), ["ٱلله"]);
    }

    #[test]
    fn tashkeel_and_tatweel_are_ignored_on_both_sides() {
        assert_eq!(hits("العلم", "إِنَّ الْعِلْمَ نُورٌ"), ["الْعِلْمَ"]);
        assert_eq!(hits("الْعِلْم", "العـــلم"), ["العـــلم"]);
        // A haraka after the last letter belongs to the match.
        assert_eq!(hits("نور", "نُورٌ"), ["نُورٌ"]);
    }

    #[test]
    fn taa_marbuta_and_alef_maqsura() {
        assert_eq!(hits("مدينه", "مَدِينَةً كبيرة"), ["مَدِينَةً"]);
        assert_eq!(hits("الي", "إلى المغرب"), ["إلى"]);
        assert_eq!(hits("مستشفى", "مستشفي"), ["مستشفي"]);
    }

    #[test]
    fn digits_of_every_kind_and_latin_case() {
        assert_eq!(hits("2010", "منذ عام ٢٠١٠ م"), ["٢٠١٠"]);
        assert_eq!(hits("٢٠١٠", "in 2010"), ["2010"]);
        assert_eq!(hits("۱۲", "١٢ و 12"), ["١٢", "12"]);
        assert_eq!(hits("apple", "شركة Apple و APPLE"), ["Apple", "APPLE"]);
        assert_eq!(hits("straße", "STRASSE Straße"), ["Straße"]);
    }

    #[test]
    fn matches_do_not_overlap_and_count_agrees() {
        let q = Query::new("ا").expect("query");
        let text = "أإآا";
        assert_eq!(q.find_in(text).len(), 4);
        assert_eq!(q.count_in(text), 4);
        assert_eq!(q.find_in("لا شيء").len(), 1);
    }

    #[test]
    fn a_query_of_marks_or_spaces_is_no_query() {
        assert!(Query::new("").is_none());
        assert!(Query::new("  ").is_none());
        assert!(Query::new("\u{064E}\u{0640}").is_none());
    }

    #[test]
    fn every_match_range_is_on_char_boundaries() {
        let text = "قَالَ الْمُعَلِّمُ: إِنَّ الْعِلْمَ نُورٌ ١٢٣ ABC";
        for q in ["ل", "علم", "123", "abc", " "] {
            if let Some(q) = Query::new(q) {
                for r in q.find_in(text) {
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    assert!(r.start < r.end);
                }
            }
        }
    }
}
