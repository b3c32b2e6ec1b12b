//! Base direction of a paragraph and of a document.
//!
//! qari's default is the direction of the majority of strong characters
//! (R/AL against L), so «iPhone هو الهاتف…» is RTL; a tie or no strong
//! character takes the document's direction. UAX #9 P2–P3 (first strong
//! character, <https://www.unicode.org/reports/tr9/#P2>) is available as
//! [`ParaDirMode::FirstStrong`].

use super::bidi_class::bidi_class;
use std::sync::OnceLock;
use unicode_bidi::BidiClass;

/// A base direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// True for right to left.
    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }
}

/// How a paragraph's base direction is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ParaDirMode {
    /// The direction of most strong characters (qari's default).
    #[default]
    Majority,
    /// The first strong character outside isolates (UAX #9 P2–P3).
    FirstStrong,
    /// Always the document's direction (for interface labels, which follow
    /// the interface's side whatever they contain).
    Document,
}

/// How many strong characters of each direction a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrongCounts {
    /// Characters of class L.
    pub ltr: usize,
    /// Characters of class R or AL.
    pub rtl: usize,
}

impl StrongCounts {
    /// Counts the strong characters of `text`.
    pub fn of(text: &str) -> StrongCounts {
        let mut counts = StrongCounts::default();
        counts.add(text);
        counts
    }

    /// Adds the strong characters of `text`.
    pub fn add(&mut self, text: &str) {
        // This runs over whole books (the document's direction), so it
        // decodes one- and two-byte characters (Latin, Arabic) itself,
        // without a branch between the two (ASCII spaces come between all
        // words), and adds both counts at once from a table of packed
        // counts; other characters take the general lookup.
        let table = strong_below_0x800();
        let bytes = text.as_bytes();
        let mut packed = 0u64;
        let mut rest = 0u64;
        let mut i = 0;
        while i + 1 < bytes.len() {
            let (b, b1) = (bytes[i], bytes[i + 1]);
            if b >= 0xE0 {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                rest += packed_count(bidi_class(c));
                continue;
            }
            // Valid UTF-8: `b` is ASCII or the lead byte of a two-byte char.
            let two = b >= 0x80;
            let u = if two {
                usize::from(b & 0x1F) << 6 | usize::from(b1 & 0x3F)
            } else {
                usize::from(b)
            };
            packed += table[u & 0x7FF];
            i += 1 + usize::from(two);
        }
        if let Some(&b) = bytes.get(i) {
            // A last ASCII byte.
            packed += table[usize::from(b) & 0x7F];
        }
        packed += rest;
        self.ltr += (packed & u64::from(u32::MAX)) as usize;
        self.rtl += (packed >> 32) as usize;
    }

    /// The majority direction, or `None` on a tie.
    pub fn majority(&self) -> Option<Direction> {
        match self.rtl.cmp(&self.ltr) {
            std::cmp::Ordering::Greater => Some(Direction::Rtl),
            std::cmp::Ordering::Less => Some(Direction::Ltr),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// A char's share of [`StrongCounts::add`]'s packed counts: 1 for class L,
/// 1 << 32 for R or AL (a text has fewer than 2^32 chars: inputs are
/// limited to 512 MiB).
fn packed_count(class: BidiClass) -> u64 {
    match class {
        BidiClass::L => 1,
        BidiClass::R | BidiClass::AL => 1 << 32,
        _ => 0,
    }
}

/// The packed counts of U+0000–U+07FF.
fn strong_below_0x800() -> &'static [u64; 0x800] {
    static TABLE: OnceLock<[u64; 0x800]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0; 0x800];
        for (u, count) in table.iter_mut().enumerate() {
            *count = char::from_u32(u as u32).map_or(0, |c| packed_count(bidi_class(c)));
        }
        table
    })
}

/// UAX #9 P2: the first L, R or AL character, skipping isolates.
pub fn first_strong(text: &str) -> Option<Direction> {
    let mut isolate_depth = 0usize;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::LRI | BidiClass::RLI | BidiClass::FSI => isolate_depth += 1,
            BidiClass::PDI => isolate_depth = isolate_depth.saturating_sub(1),
            BidiClass::L if isolate_depth == 0 => return Some(Direction::Ltr),
            BidiClass::R | BidiClass::AL if isolate_depth == 0 => return Some(Direction::Rtl),
            _ => {}
        }
    }
    None
}

/// The base direction of one paragraph; `document` settles ties.
pub fn paragraph_direction(text: &str, mode: ParaDirMode, document: Direction) -> Direction {
    let found = match mode {
        ParaDirMode::Majority => StrongCounts::of(text).majority(),
        ParaDirMode::FirstStrong => first_strong(text),
        ParaDirMode::Document => None,
    };
    found.unwrap_or(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_word_at_start_of_arabic_paragraph_is_rtl() {
        let d = paragraph_direction(
            "iPhone هو الهاتف الذي",
            ParaDirMode::Majority,
            Direction::Ltr,
        );
        assert_eq!(d, Direction::Rtl);
    }

    #[test]
    fn first_strong_follows_the_first_letter() {
        let d = paragraph_direction(
            "iPhone هو الهاتف الذي",
            ParaDirMode::FirstStrong,
            Direction::Rtl,
        );
        assert_eq!(d, Direction::Ltr);
    }

    #[test]
    fn english_quote_in_arabic_document_is_ltr() {
        let d = paragraph_direction(
            "He said «مرحبا» to everyone here",
            ParaDirMode::Majority,
            Direction::Rtl,
        );
        assert_eq!(d, Direction::Ltr);
    }

    #[test]
    fn tie_or_no_strong_takes_document_direction() {
        assert_eq!(
            paragraph_direction("2010 - 2024", ParaDirMode::Majority, Direction::Rtl),
            Direction::Rtl
        );
        assert_eq!(
            paragraph_direction("ab بت", ParaDirMode::Majority, Direction::Ltr),
            Direction::Ltr
        );
        assert_eq!(
            paragraph_direction("123", ParaDirMode::FirstStrong, Direction::Rtl),
            Direction::Rtl
        );
    }

    #[test]
    fn counts_agree_with_the_class_of_every_char() {
        let mut text = String::new();
        for u in (0..0x3_0000).chain(0xE_0000..0xE_1000) {
            text.extend(char::from_u32(u));
        }
        let mut expected = StrongCounts::default();
        for c in text.chars() {
            match unicode_bidi::bidi_class(c) {
                BidiClass::L => expected.ltr += 1,
                BidiClass::R | BidiClass::AL => expected.rtl += 1,
                _ => {}
            }
        }
        assert_eq!(StrongCounts::of(&text), expected);
    }

    #[test]
    fn first_strong_skips_isolates() {
        assert_eq!(
            first_strong("\u{2067}abc\u{2069} بيت"),
            Some(Direction::Rtl)
        );
    }
}
