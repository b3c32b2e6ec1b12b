//! Cells for kitty, which shapes text itself: each run of cells between
//! blanks goes through HarfBuzz with the direction its script suggests
//! (`hb_buffer_guess_segment_properties`, kitty/fonts.c), and the glyphs of
//! a right-to-left run come back reversed and mirrored into the same cells.
//! qari's rows are already in visual order, so an Arabic word came out
//! backwards. This pass reverses (and mirrors) every such run before the
//! frame goes out, so kitty's reversal puts it back; seen in kitty 0.26.
//!
//! kitty breaks runs at blank cells and at box drawing (drawn by kitty
//! itself); a run with a wide character is left alone (its second cell has
//! no symbol of its own).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_bidi::BidiClass;
use unicode_width::UnicodeWidthStr;

/// Reverses, in every line of `area`, the runs kitty would shape
/// right-to-left (see the module doc).
pub fn reverse_rtl_runs(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            if breaks_run(buf[(x, y)].symbol()) {
                x += 1;
                continue;
            }
            let start = x;
            while x < area.right() && !breaks_run(buf[(x, y)].symbol()) {
                x += 1;
            }
            reverse_if_rtl(buf, y, start, x);
        }
    }
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

/// Reverses cells `start..end` of line `y` if the run reads right to left
/// by its first character of a definite direction.
fn reverse_if_rtl(buf: &mut Buffer, y: u16, start: u16, end: u16) {
    let cells: Vec<_> = (start..end).map(|x| buf[(x, y)].clone()).collect();
    if cells.iter().any(|c| c.symbol().width() != 1) {
        return;
    }
    let first = cells
        .iter()
        .flat_map(|c| c.symbol().chars())
        .find_map(script_direction);
    if first != Some(true) {
        return;
    }
    for (x, mut cell) in (start..end).rev().zip(cells) {
        let mirrored: String = cell
            .symbol()
            .chars()
            .map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
            .collect();
        cell.set_symbol(&mirrored);
        buf[(x, y)] = cell;
    }
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
    use ratatui::style::{Color, Style};

    fn line(buf: &Buffer) -> String {
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn each_arabic_run_is_reversed_and_mirrored_in_place() {
        // Visual "(كتاب) Linux 25 ،قال" as qari draws it for an RTL line.
        let mut buf = Buffer::empty(Rect::new(0, 0, 24, 1));
        buf.set_string(0, 0, "ﺏﺎﺘﻛ) Linux 25 ﻝﺎﻗ،", Style::new());
        let area = buf.area;
        reverse_rtl_runs(&mut buf, area);
        assert_eq!(line(&buf), "(ﻛﺘﺎﺏ Linux 25 ،ﻗﺎﻝ     ");
    }

    #[test]
    fn styles_travel_with_their_cells_and_digit_runs_stay() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "ﺏﺎ ١٢ 34", Style::new());
        buf[(0, 0)].set_style(Style::new().fg(Color::Red));
        let area = buf.area;
        reverse_rtl_runs(&mut buf, area);
        // Arabic-Indic digits are Arabic script: kitty reverses them too.
        assert_eq!(line(&buf), "ﺎﺏ ٢١ 34");
        assert_eq!(buf[(1, 0)].fg, Color::Red);
    }

    #[test]
    fn borders_break_runs_and_wide_characters_are_left_alone() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "ﺏﺎ│ﺏﺎ中", Style::new());
        let area = buf.area;
        reverse_rtl_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "ﺎ");
        assert_eq!(buf[(2, 0)].symbol(), "│");
        assert_eq!(buf[(3, 0)].symbol(), "ﺏ", "run with a wide character");
    }
}
