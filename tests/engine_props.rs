//! Properties of the text engine over random mixed-script text and widths:
//! no line wider than the width, every logical character shown exactly once
//! (a lam-alef ligature counts as its two letters), and shaping only turns
//! Arabic letters into presentation forms of the same letters.

use proptest::prelude::*;
use qari::text::{Direction, LayoutOptions, layout_str};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Pieces random paragraphs are built from: Arabic, Persian and Urdu letters,
/// every lam-alef, tashkeel, tatweel, ZWJ/ZWNJ, digits of three kinds, Latin,
/// brackets and quotes, Arabic punctuation, CJK, emoji and bidi controls.
const PIECES: &[&str] = &[
    "ب", "ت", "ل", "ا", "أ", "إ", "آ", "ه", "ة", "ى", "ي", "د", "و", "ع", "پ", "گ", "ے", "ی",
    "\u{64E}", "\u{651}", "\u{652}", "\u{640}", "\u{200D}", "\u{200C}", "12", "٣٤", "۵", "abc",
    "X", " ", " ", " ", "(", ")", "[", "«", "»", "،", "؟", ".", "-", "中", "👍🏽", "\u{202E}",
    "\u{2067}", "\u{2069}", "\u{202C}", "\u{200F}",
];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn is_hidden(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A bracket compares equal to its mirror image.
fn unmirror(c: char) -> char {
    c.min(unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
}

fn counts(s: impl Iterator<Item = char>) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in s {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lines_fit_and_every_character_appears_once(text in paragraph(), width in 1usize..30, rtl in any::<bool>()) {
        let opts = LayoutOptions {
            width,
            document_dir: if rtl { Direction::Rtl } else { Direction::Ltr },
            ..LayoutOptions::default()
        };
        let layout = layout_str(&text, &opts);
        let mut shown: Vec<usize> = Vec::new();
        for line in &layout.lines {
            let cells: usize = line.glyphs.iter().map(|g| usize::from(g.width)).sum();
            prop_assert_eq!(cells, line.width);
            prop_assert!(line.indent + line.width <= width, "line {:?} too wide for {}", line.text, width);
            for g in &line.glyphs {
                shown.extend(text[g.source()].char_indices().map(|(i, _)| g.source_start as usize + i));
            }
        }
        // Every visible logical character is covered by exactly one glyph.
        let expected: Vec<usize> = text.char_indices().filter(|&(_, c)| !is_hidden(c)).map(|(i, _)| i).collect();
        let shown_visible: Vec<usize> = {
            let mut v: Vec<usize> = shown.into_iter().filter(|&i| !is_hidden(text[i..].chars().next().unwrap())).collect();
            v.sort_unstable();
            v
        };
        prop_assert_eq!(shown_visible, expected);
    }

    #[test]
    fn shaping_only_swaps_in_presentation_forms(text in paragraph(), width in 1usize..30) {
        let layout = layout_str(&text, &LayoutOptions { width, ..LayoutOptions::default() });
        for line in &layout.lines {
            for (i, g) in line.glyphs.iter().enumerate() {
                let shown = line.glyph_text(i);
                if shown == "\u{FFFD}" || shown.trim().is_empty() {
                    continue;
                }
                // NFKC maps each presentation form back to its letter(s).
                let got = counts(shown.nfkc().map(unmirror).filter(|&c| !is_hidden(c)));
                let want = counts(text[g.source()].nfkc().map(unmirror).filter(|&c| !is_hidden(c)));
                prop_assert_eq!(got, want, "glyph {:?} for {:?}", shown, &text[g.source()]);
            }
        }
    }
}
