//! Cells for kitty, which shapes text itself: each run of cells drawn with
//! one font goes through HarfBuzz with the direction its script suggests
//! (`hb_buffer_guess_segment_properties`, kitty/fonts.c), and the glyphs of
//! a right-to-left run come back reversed and mirrored into the same cells.
//! qari's rows are already in visual order, so an Arabic word came out
//! backwards. [`rtl_run_order`] gives the order to send the cells in so that
//! kitty's reversal puts them back.
//!
//! kitty breaks runs at blank cells, at box drawing (drawn by kitty itself)
//! and wherever the font changes: bold or italic cells, and — when the
//! configured font has no Arabic, as with most coding fonts (Noto Sans
//! Mono, JetBrains Mono, Fira Code) — between Arabic letters, which come
//! from a fallback font, and the ASCII punctuation next to them. Seen in
//! kitty 0.26: with Noto Sans Mono «نص.» keeps its full stop out of the
//! word's run; with DejaVu Sans Mono (which has Arabic) the stop is inside
//! it and turns with it. [`KittyFont`] says which. A run's direction is
//! that of its first letter of a non-common script, as in HarfBuzz: «؟»
//! and «،» are common, so «macOS؟» is a left-to-right run. A run with a
//! wide character is left alone. Pure: cells are given as their symbols (a
//! grapheme each).

use unicode_bidi::BidiClass;
use unicode_width::UnicodeWidthStr;

/// What kitty's font covers, which decides where its runs break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KittyFont {
    /// The configured font has Arabic letters (DejaVu Sans Mono does): one
    /// run holds the letters and the punctuation next to them. Otherwise
    /// the letters come from a fallback font and are a run of their own.
    pub has_arabic: bool,
}

/// Where each cell's content comes from once kitty's runs are reversed:
/// `order[i]` is the index of the cell to send in cell `i`, and `true` when
/// it goes mirrored (see [`mirrored`]). The identity for cells kitty does
/// not reverse. `faces` (one per cell, when known) tells cells drawn with
/// different faces (bold, italic) apart: kitty breaks its runs there too.
pub fn rtl_run_order(
    symbols: &[&str],
    faces: Option<&[u8]>,
    font: KittyFont,
) -> Vec<(usize, bool)> {
    let mut order: Vec<(usize, bool)> = (0..symbols.len()).map(|i| (i, false)).collect();
    let face = |i: usize| faces.and_then(|f| f.get(i).copied()).unwrap_or(0);
    let same_run = |a: usize, b: usize| {
        face(a) == face(b) && (font.has_arabic || fallback(symbols[a]) == fallback(symbols[b]))
    };
    let mut i = 0;
    while i < symbols.len() {
        if breaks_run(symbols[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < symbols.len() && !breaks_run(symbols[i]) && same_run(i - 1, i) {
            i += 1;
        }
        let run = &symbols[start..i];
        let narrow = run.iter().all(|s| s.width() == 1);
        let first = run
            .iter()
            .flat_map(|s| s.chars())
            .find_map(script_direction);
        if narrow && first == Some(true) {
            for (k, slot) in order[start..i].iter_mut().enumerate() {
                *slot = (i - 1 - k, true);
            }
        }
    }
    order
}

/// `line` as sent to kitty: its graphemes (a cell each) in the order of
/// [`rtl_run_order`], mirrored where it says.
pub fn reversed_for_kitty(line: &str, font: KittyFont) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let symbols: Vec<&str> = line.graphemes(true).collect();
    rtl_run_order(&symbols, None, font)
        .into_iter()
        .map(|(i, mirror)| {
            if mirror {
                mirrored(symbols[i])
            } else {
                symbols[i].to_owned()
            }
        })
        .collect()
}

/// `symbol` with each character mirrored (Bidi_Mirroring_Glyph), as
/// HarfBuzz draws it in a right-to-left run.
pub fn mirrored(symbol: &str) -> String {
    symbol
        .chars()
        .map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
        .collect()
}

/// Whether a cell ends a kitty run: blank, or box drawing and block
/// elements (U+2500–U+259F), which kitty draws itself.
fn breaks_run(symbol: &str) -> bool {
    symbol.chars().all(|c| c == ' ')
        || symbol
            .chars()
            .next()
            .is_some_and(|c| ('\u{2500}'..='\u{259F}').contains(&c))
}

/// Whether kitty takes `symbol` from a fallback font when its own has no
/// Arabic: the Hebrew, Arabic, Syriac and Thaana blocks and the Hebrew and
/// Arabic presentation forms.
fn fallback(symbol: &str) -> bool {
    symbol.chars().next().is_some_and(|c| {
        ('\u{0590}'..='\u{08FF}').contains(&c) || ('\u{FB1D}'..='\u{FEFC}').contains(&c)
    })
}

/// `Some(true)` for a character of a right-to-left script, `Some(false)`
/// for one of a left-to-right script, `None` for the common and inherited
/// ones (digits, punctuation, marks) that take the run's direction — as
/// HarfBuzz guesses a run's script. The Arabic comma, semicolon, question
/// mark, tatweel and end-of-ayah sign are common, not Arabic (Scripts.txt);
/// Arabic-Indic digits are Arabic.
fn script_direction(c: char) -> Option<bool> {
    const COMMON: &[char] = &[
        '\u{060C}', '\u{061B}', '\u{061C}', '\u{061F}', '\u{0640}', '\u{06DD}', '\u{08E2}',
        '\u{FD3E}', '\u{FD3F}',
    ];
    match unicode_bidi::bidi_class(c) {
        BidiClass::R | BidiClass::AL if !COMMON.contains(&c) => Some(true),
        BidiClass::L => Some(false),
        BidiClass::AN | BidiClass::EN
            if ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c) =>
        {
            Some(true)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC_FONT: KittyFont = KittyFont { has_arabic: true };
    const LATIN_FONT: KittyFont = KittyFont { has_arabic: false };

    #[test]
    fn each_arabic_run_is_reversed_and_mirrored_in_place() {
        // Visual "(كتاب) Linux 25 ،قال" as qari draws it for an RTL line.
        assert_eq!(
            reversed_for_kitty("ﺏﺎﺘﻛ) Linux 25 ﻝﺎﻗ،", ARABIC_FONT),
            "(ﻛﺘﺎﺏ Linux 25 ،ﻗﺎﻝ"
        );
    }

    #[test]
    fn with_a_latin_font_only_the_arabic_letters_turn() {
        // The brackets and the full stop come from the configured font, a
        // run of their own that kitty leaves as it is.
        assert_eq!(
            reversed_for_kitty("ﺏﺎﺘﻛ) .ﺺﻧ ﻝﺎﻗ،", LATIN_FONT),
            "ﻛﺘﺎﺏ) .ﻧﺺ ،ﻗﺎﻝ"
        );
    }

    #[test]
    fn a_latin_word_next_to_an_arabic_question_mark_stays() {
        // «على macOS؟» drawn right to left: the question mark is of the
        // common script, so kitty's run «؟macOS» is left to right.
        for font in [ARABIC_FONT, LATIN_FONT] {
            assert_eq!(
                reversed_for_kitty("؟macOS ﻰﻠﻋ", font),
                "؟macOS ﻋﻠﻰ",
                "{font:?}"
            );
        }
    }

    #[test]
    fn arabic_digit_runs_are_reversed_and_latin_ones_stay() {
        // Arabic-Indic digits are Arabic script: kitty reverses them too.
        for font in [ARABIC_FONT, LATIN_FONT] {
            assert_eq!(reversed_for_kitty("ﺏﺎ ١٢ 34 x٢", font), "ﺎﺏ ٢١ 34 x٢");
        }
    }

    #[test]
    fn borders_break_runs_and_wide_characters_are_left_alone() {
        assert_eq!(reversed_for_kitty("ﺏﺎ│ﺏﺎ中", ARABIC_FONT), "ﺎﺏ│ﺏﺎ中");
    }

    #[test]
    fn a_change_of_face_breaks_the_run() {
        // «كتاب.» with the word in bold: bold is another font in kitty.
        let symbols = [".", "ﺏ", "ﺎ", "ﺘ", "ﻛ"];
        let order = rtl_run_order(&symbols, Some(&[0, 1, 1, 1, 1]), ARABIC_FONT);
        let from: Vec<usize> = order.iter().map(|&(i, _)| i).collect();
        assert_eq!(from, [0, 4, 3, 2, 1]);
    }
}
