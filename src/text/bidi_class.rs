//! A faster bidi class lookup for the scripts qari reads most.
//!
//! unicode-bidi looks every character up by binary search over its whole
//! table, which profiling showed to be the largest single cost of laying out
//! Arabic text. The code points of Arabic and Latin prose are answered from
//! the table of [`super::props`], built once from the same data; everything
//! else falls back to the search.

use super::props::cached;
use unicode_bidi::data_source::BidiDataSource;
use unicode_bidi::{BidiClass, bidi_class as lookup};

/// The Bidi_Class of `c` (same answer as `unicode_bidi::bidi_class`).
#[inline]
pub fn bidi_class(c: char) -> BidiClass {
    match cached(c) {
        Some(p) => p.class,
        None => lookup(c),
    }
}

/// The cached lookup as a data source for unicode-bidi's algorithm.
pub struct FastBidiData;

impl BidiDataSource for FastBidiData {
    fn bidi_class(&self, c: char) -> BidiClass {
        bidi_class(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_unicode_bidi_everywhere() {
        for u in (0..0x3_0000).chain(0xE_0000..0xE_1000) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(bidi_class(c), lookup(c), "U+{u:04X}");
            }
        }
    }
}
