//! The first pass: the paragraph read once, char by char, into [`Char`]s
//! (offset, properties from one table lookup, joining links for shaping),
//! together with the facts that choose the paths taken next ([`Analysis`]):
//! the strong-letter counts for the base direction, the bidi classes
//! present, and whether the text is all simple bases and marks.
//!
//! A separate pass because every later stage reads its results, and
//! because it runs over every char of a book: it decodes the common one-
//! and two-byte chars itself.

use super::Scratch;
use crate::text::direction::{Direction, StrongCounts};
use crate::text::levels::class_set;
use crate::text::props::{
    self, JOINS_BACKWARD, JOINS_FORWARD, Props, SIMPLE_BASE, SIMPLE_MARK, SIMPLE_PREPEND,
    TRANSPARENT,
};
use unicode_bidi::BidiClass;

/// One character of the paragraph being laid out.
#[derive(Clone, Copy)]
pub(super) struct Char {
    /// Byte offset in the logical text.
    pub(super) offset: u32,
    pub(super) c: char,
    pub(super) props: Props,
    /// [`JOINS_PREV`] and [`JOINS_NEXT`].
    pub(super) links: u8,
}

/// The char joins the previous / next non-transparent char (for shaping).
pub(super) const JOINS_PREV: u8 = 1;
pub(super) const JOINS_NEXT: u8 = 2;

impl Char {
    pub(super) fn end(&self) -> u32 {
        self.offset + self.c.len_utf8() as u32
    }

    /// Index of its form in a row of presentation forms: the links are
    /// the bits of [`form_index`](crate::text::shape::form_index).
    pub(super) fn form(&self) -> usize {
        usize::from(self.links & (JOINS_PREV | JOINS_NEXT))
    }
}

/// Facts gathered in the first pass over a paragraph.
pub(super) struct Analysis {
    pub(super) counts: StrongCounts,
    /// Bit `1 << class` set for every bidi class present.
    pub(super) classes: u32,
    /// Every char is a simple base, mark or prepended mark
    /// ([`cluster`](crate::text::cluster)).
    pub(super) simple: bool,
    pub(super) ascii: bool,
}

// The bidi classes whose presence alone never moves a char off the
// paragraph level: see [`single_level`].
const RTL_SINGLE: u32 = {
    use BidiClass::*;
    class_set(&[NSM, WS, CS, ON, ES, ET, BN, R, AL])
};
const LTR_SINGLE: u32 = {
    use BidiClass::*;
    class_set(&[NSM, WS, CS, ON, ES, ET, BN, L, EN])
};

impl Scratch {
    /// Reads the text once: each char with its properties and joining
    /// context, and the facts that choose the paths below.
    pub(super) fn analyze(&mut self, text: &str) -> Analysis {
        let chars = &mut self.chars;
        chars.clear();
        if text.len() > 1 << 16 {
            // Exactly, not by doubling: a book's longest paragraph may be
            // megabytes.
            chars.reserve_exact(text.chars().count());
        }
        let table = props::table();
        let mut counts = StrongCounts::default();
        let mut classes = 0u32;
        let mut simple = true;
        // The last non-transparent char and its joining bits.
        let mut last: Option<usize> = None;
        let mut last_join = 0;
        let bytes = text.as_bytes();
        let mut offset = 0;
        while let Some(&b) = bytes.get(offset) {
            // One- and two-byte chars (Latin, Arabic) decoded here: this
            // loop runs over every char of a book.
            let (c, len) = match (b, bytes.get(offset + 1)) {
                (0..0x80, _) => (char::from(b), 1),
                (0xC0..0xE0, Some(&b1)) => {
                    let u = u32::from(b & 0x1F) << 6 | u32::from(b1 & 0x3F);
                    (char::from_u32(u).unwrap_or('\u{FFFD}'), 2)
                }
                _ => {
                    let c = text[offset..].chars().next().unwrap_or('\u{FFFD}');
                    (c, c.len_utf8())
                }
            };
            let p = props::props_in(table, c);
            counts.ltr += usize::from(p.class == BidiClass::L);
            counts.rtl += usize::from(matches!(p.class, BidiClass::R | BidiClass::AL));
            classes |= 1 << p.class as u32;
            simple &= p.has(SIMPLE_BASE | SIMPLE_MARK | SIMPLE_PREPEND);
            let mut links = 0;
            if p.join & TRANSPARENT == 0 {
                // One link joins both sides: `last` to the next, this to the previous.
                if p.join & JOINS_BACKWARD != 0 && last_join & JOINS_FORWARD != 0 {
                    links = JOINS_PREV;
                    if let Some(k) = last {
                        chars[k].links |= JOINS_NEXT;
                    }
                }
                last = Some(chars.len());
                last_join = p.join;
            }
            chars.push(Char {
                offset: offset as u32,
                c,
                props: p,
                links,
            });
            offset += len;
        }
        Analysis {
            counts,
            classes,
            simple,
            ascii: text.is_ascii(),
        }
    }
}

/// True when UAX #9 must resolve every character to the paragraph level: an
/// RTL paragraph with no L, EN, AN, explicit formatting or separators (its
/// neutrals and marks all resolve to R, rules W1–W7, N0–N2), or an LTR one
/// with no R, AL, AN, explicit formatting or separators (EN after sos L
/// becomes L, W7), or an ASCII LTR one. Most Arabic prose is the first
/// kind; the full algorithm is skipped for them. Shaping changes no class
/// that matters here (letters and their forms are all AL).
pub(super) fn single_level(a: &Analysis, direction: Direction) -> bool {
    if direction.is_rtl() {
        a.classes & !RTL_SINGLE == 0
    } else {
        a.ascii || a.classes & !LTR_SINGLE == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_bidi::{Level, ParagraphBidiInfo};

    const PIECES: &[&str] = &[
        "ب", "ت", "ا", "\u{64E}", " ", "،", ".", "(", ")", "«", "»", "%", "+", "-", "ab", "12",
        "٣", "\u{200D}",
    ];

    fn is_single_level(text: &str, direction: Direction) -> bool {
        let a = Scratch::default().analyze(text);
        single_level(&a, direction)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The shortcut never claims one level where UAX #9 finds another.
        #[test]
        fn single_level_shortcut_agrees_with_uax9(v in prop::collection::vec(prop::sample::select(PIECES), 0..30), rtl in any::<bool>()) {
            let text = v.concat();
            let dir = if rtl { Direction::Rtl } else { Direction::Ltr };
            if is_single_level(&text, dir) {
                let base = if rtl { Level::rtl() } else { Level::ltr() };
                let info = ParagraphBidiInfo::new(&text, Some(base));
                let expected = u8::from(rtl);
                prop_assert!(info.levels.iter().all(|l| l.number() == expected), "{:?}", text);
            }
        }
    }
}
