//! Cells for kitty, which shapes text itself: each run of cells between
//! blanks goes through HarfBuzz with the direction its script suggests
//! (`hb_buffer_guess_segment_properties`, kitty/fonts.c), and the glyphs of
//! a right-to-left run come back reversed and mirrored into the same cells.
//! qari's rows are already in visual order, so an Arabic word came out
//! backwards. [`rtl_run_order`] gives the order to send the cells in so that
//! kitty's reversal puts them back; seen right in kitty 0.26.
//!
//! kitty breaks runs at blank cells and at box drawing (drawn by kitty
//! itself); a run with a wide character is left alone. Pure: cells are
//! given as their symbols (a grapheme each).

use unicode_bidi::BidiClass;
use unicode_width::UnicodeWidthStr;

/// Where each cell's content comes from once kitty's runs are reversed:
/// `order[i]` is the index of the cell to send in cell `i`, and `true` when
/// it goes mirrored (see [`mirrored`]). The identity for cells kitty does
/// not reverse.
pub fn rtl_run_order(symbols: &[&str]) -> Vec<(usize, bool)> {
    let mut order: Vec<(usize, bool)> = (0..symbols.len()).map(|i| (i, false)).collect();
    let mut i = 0;
    while i < symbols.len() {
        if breaks_run(symbols[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < symbols.len() && !breaks_run(symbols[i]) {
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
pub fn reversed_for_kitty(line: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let symbols: Vec<&str> = line.graphemes(true).collect();
    rtl_run_order(&symbols)
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

/// `Some(true)` for a character of a right-to-left script, `Some(false)`
/// for one of a left-to-right script, `None` for the common ones (digits,
/// punctuation, marks) that take the run's direction. Like HarfBuzz's guess
/// by script: Arabic-Indic digits are of the Arabic script.
fn script_direction(c: char) -> Option<bool> {
    match unicode_bidi::bidi_class(c) {
        BidiClass::R | BidiClass::AL => Some(true),
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

    #[test]
    fn each_arabic_run_is_reversed_and_mirrored_in_place() {
        // Visual "(كتاب) Linux 25 ،قال" as qari draws it for an RTL line.
        assert_eq!(
            reversed_for_kitty("ﺏﺎﺘﻛ) Linux 25 ﻝﺎﻗ،"),
            "(ﻛﺘﺎﺏ Linux 25 ،ﻗﺎﻝ"
        );
    }

    #[test]
    fn arabic_digit_runs_are_reversed_and_latin_ones_stay() {
        // Arabic-Indic digits are Arabic script: kitty reverses them too.
        assert_eq!(reversed_for_kitty("ﺏﺎ ١٢ 34 x٢"), "ﺎﺏ ٢١ 34 x٢");
    }

    #[test]
    fn borders_break_runs_and_wide_characters_are_left_alone() {
        assert_eq!(reversed_for_kitty("ﺏﺎ│ﺏﺎ中"), "ﺎﺏ│ﺏﺎ中");
    }
}
