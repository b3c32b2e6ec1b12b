//! A faster bidi class lookup for the scripts qari reads most.
//!
//! unicode-bidi looks every character up by binary search over its whole
//! table, which profiling showed to be the largest single cost of laying out
//! Arabic text. The first 0x900 code points (Latin, Arabic, Syriac, Thaana…)
//! and the presentation forms (U+FB00–U+FEFF) are cached in two small tables
//! built once from the same data; everything else falls back to the search.

use std::sync::OnceLock;
use unicode_bidi::data_source::BidiDataSource;
use unicode_bidi::{BidiClass, bidi_class as lookup};

const LOW_END: u32 = 0x900;
const FORMS_START: u32 = 0xFB00;
const FORMS_END: u32 = 0xFF00;

struct Tables {
    low: Vec<BidiClass>,
    forms: Vec<BidiClass>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let fill = |range: std::ops::Range<u32>| {
            range
                .map(|u| char::from_u32(u).map_or(BidiClass::L, lookup))
                .collect()
        };
        Tables {
            low: fill(0..LOW_END),
            forms: fill(FORMS_START..FORMS_END),
        }
    })
}

/// The Bidi_Class of `c` (same answer as `unicode_bidi::bidi_class`).
pub fn bidi_class(c: char) -> BidiClass {
    let u = c as u32;
    if u < LOW_END {
        tables().low[u as usize]
    } else if (FORMS_START..FORMS_END).contains(&u) {
        tables().forms[(u - FORMS_START) as usize]
    } else {
        lookup(c)
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
