//! Per-character properties read by the layout's fast paths, one table
//! lookup per character instead of one search per property.
//!
//! For the code points Arabic and Latin prose is made of (U+0000–U+08FF,
//! the general punctuation U+2000–U+206F and the presentation forms
//! U+FB00–U+FEFF) the bidi class, the joining type, the cluster and line
//! breaking facts and the mirroring flag are computed once, from the same
//! sources as the slow paths (unicode-bidi, unicode-joining-type,
//! unicode-bidi-mirroring and qari's own predicates), into one small table.
//! Other characters are computed on each call.

use super::cluster::{is_simple_base, is_simple_mark, is_simple_prepend};
use super::shape::{Join, join_of};
use super::wrap::{no_break_after, no_break_before};
use std::sync::OnceLock;
use unicode_bidi::data_source::BidiDataSource;
use unicode_bidi::{BidiClass, bidi_class as lookup};

/// The properties of one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// Four bytes, read in one load.
#[repr(align(4))]
pub(crate) struct Props {
    /// Its Bidi_Class.
    pub class: BidiClass,
    /// Its joining type as the bits below ([`JOINS_FORWARD`] …).
    pub join: u8,
    /// The flags below ([`SIMPLE_BASE`] …).
    pub flags: u8,
}

/// Joins towards the following char when that char accepts it (L, D, C).
pub(crate) const JOINS_FORWARD: u8 = 1;
/// Joins towards the preceding char when that char offers it (R, D, C).
pub(crate) const JOINS_BACKWARD: u8 = 1 << 1;
/// Transparent (T): skipped when looking for the neighbours of a letter.
pub(crate) const TRANSPARENT: u8 = 1 << 2;
/// Takes contextual forms (R, L, D).
pub(crate) const SHAPES: u8 = 1 << 3;

/// A one-cell character that starts a cluster of the simple path.
pub(crate) const SIMPLE_BASE: u8 = 1;
/// A combining mark that extends a cluster of the simple path.
pub(crate) const SIMPLE_MARK: u8 = 1 << 1;
/// Bidi_Mirrored with a mirror glyph (UAX #9 L4 swaps it in RTL runs).
pub(crate) const MIRRORED: u8 = 1 << 2;
/// Never starts a line.
pub(crate) const NO_BREAK_BEFORE: u8 = 1 << 3;
/// Never ends a line.
pub(crate) const NO_BREAK_AFTER: u8 = 1 << 4;
/// A paired bracket (Bidi_Paired_Bracket_Type open or close, UAX #9 BD14–BD16).
pub(crate) const BRACKET: u8 = 1 << 5;
/// A prepended concatenation mark of one cell that the simple path takes
/// (see [`is_simple_prepend`]).
pub(crate) const SIMPLE_PREPEND: u8 = 1 << 6;

impl Props {
    /// True when any of `flags` is set.
    pub fn has(self, flags: u8) -> bool {
        self.flags & flags != 0
    }
}

/// The joining bits of `join`.
pub(crate) fn join_bits(join: Join) -> u8 {
    match join {
        Join::U => 0,
        Join::R => JOINS_BACKWARD | SHAPES,
        Join::L => JOINS_FORWARD | SHAPES,
        Join::D => JOINS_FORWARD | JOINS_BACKWARD | SHAPES,
        Join::C => JOINS_FORWARD | JOINS_BACKWARD,
        Join::T => TRANSPARENT,
    }
}

const LOW_END: u32 = 0x900;
const PUNCT_START: u32 = 0x2000;
const PUNCT_END: u32 = 0x2070;
const FORMS_START: u32 = 0xFB00;
const FORMS_END: u32 = 0xFF00;
const PUNCT_AT: u32 = LOW_END;
const FORMS_AT: u32 = PUNCT_AT + (PUNCT_END - PUNCT_START);
const TABLE_LEN: u32 = FORMS_AT + (FORMS_END - FORMS_START);

/// The properties of `c`, computed from their sources.
fn compute(c: char) -> Props {
    let mut flags = 0;
    if is_simple_base(c) {
        flags |= SIMPLE_BASE;
    }
    if is_simple_mark(c) {
        flags |= SIMPLE_MARK;
    }
    if is_simple_prepend(c) {
        flags |= SIMPLE_PREPEND;
    }
    if unicode_bidi_mirroring::get_mirrored(c).is_some() {
        flags |= MIRRORED;
    }
    if no_break_before(c) {
        flags |= NO_BREAK_BEFORE;
    }
    if no_break_after(c) {
        flags |= NO_BREAK_AFTER;
    }
    let class = lookup(c);
    // Paired brackets are all ON (BidiBrackets.txt); the search is linear.
    if class == BidiClass::ON
        && unicode_bidi::HardcodedBidiData
            .bidi_matched_opening_bracket(c)
            .is_some()
    {
        flags |= BRACKET;
    }
    Props {
        class,
        join: join_bits(join_of(c)),
        flags,
    }
}

/// The table of the common chars (for [`props_in`]).
pub(crate) fn table() -> &'static [Props] {
    static TABLE: OnceLock<Vec<Props>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LOW_END)
            .chain(PUNCT_START..PUNCT_END)
            .chain(FORMS_START..FORMS_END)
            .map(|u| char::from_u32(u).map_or_else(|| compute('\0'), compute))
            .collect()
    })
}

/// The properties of `c`, read from [`table()`] when they are in it.
#[inline]
pub(crate) fn props_in(table: &[Props], c: char) -> Props {
    let u = c as u32;
    if u < LOW_END
        && let Some(&p) = table.get(u as usize)
    {
        return p;
    }
    cached(c).unwrap_or_else(|| compute(c))
}

/// The properties of `c` when it is in the table.
#[inline]
pub(crate) fn cached(c: char) -> Option<Props> {
    let u = c as u32;
    let i = if u < LOW_END {
        u
    } else if (PUNCT_START..PUNCT_END).contains(&u) {
        u - PUNCT_START + PUNCT_AT
    } else if (FORMS_START..FORMS_END).contains(&u) {
        u - FORMS_START + FORMS_AT
    } else {
        return None;
    };
    debug_assert!(i < TABLE_LEN);
    table().get(i as usize).copied()
}

/// The properties of `c`.
#[inline]
pub(crate) fn props(c: char) -> Props {
    cached(c).unwrap_or_else(|| compute(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The simple path of the layout reads a shaped letter's properties
    /// from its logical letter.
    #[test]
    fn arabic_letters_and_their_forms_share_class_and_flags() {
        use crate::text::forms_table::{FORMS, LAM_ALEF};
        let flags = NO_BREAK_BEFORE | NO_BREAK_AFTER | MIRRORED;
        for (letter, row) in FORMS.iter().chain(&LAM_ALEF) {
            assert_eq!(props(*letter).flags & flags, 0);
            for &form in row.iter().filter(|&&f| f != '\0') {
                assert_eq!(props(form).class, props(*letter).class, "{form}");
                assert_eq!(props(form).flags & flags, 0, "{form}");
                assert!(props(form).has(SIMPLE_BASE), "{form}");
            }
        }
    }

    #[test]
    fn table_agrees_with_the_sources() {
        for u in (0..0x3_0000).chain(0xE_0000..0xE_1000) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(props(c), compute(c), "U+{u:04X}");
                assert_eq!(props(c).class, lookup(c), "U+{u:04X}");
            }
        }
    }
}
