//! The frame's cells reordered for kitty (see [`crate::text::rtl_runs`]):
//! applied to the whole buffer once everything is drawn.

use crate::text::rtl_runs::{KittyFont, mirrored, rtl_run_order};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

/// Reverses, in every line of `area`, the runs kitty would shape right to
/// left. Styles travel with their cells; a line without such a run is left
/// as it is, without copying a cell.
pub fn reverse_rtl_runs(buf: &mut Buffer, area: Rect, font: KittyFont) {
    for y in area.top()..area.bottom() {
        let order = {
            let symbols: Vec<&str> = (area.left()..area.right())
                .map(|x| super::hyperlink::inner_symbol(buf[(x, y)].symbol()))
                .collect();
            // Bold and italic cells are drawn with another face.
            let faces: Vec<u8> = (area.left()..area.right())
                .map(|x| {
                    let m = buf[(x, y)].modifier;
                    u8::from(m.contains(Modifier::BOLD))
                        | u8::from(m.contains(Modifier::ITALIC)) << 1
                })
                .collect();
            rtl_run_order(&symbols, Some(&faces), font)
        };
        let Some(first) = order
            .iter()
            .enumerate()
            .position(|(k, &(from, _))| from != k)
        else {
            continue;
        };
        let x0 = area.left() + first as u16;
        let cells: Vec<_> = (x0..area.right()).map(|x| buf[(x, y)].clone()).collect();
        for (k, &(from, mirror)) in order.iter().enumerate().skip(first) {
            if from == k {
                continue;
            }
            let source = &cells[from - first];
            let mut cell = source.clone();
            if mirror {
                // The character inside a hyperlink, not the sequence's `]`.
                cell.set_symbol(&super::hyperlink::map_inner(source.symbol(), |s| {
                    mirrored(s)
                }));
            }
            buf[(area.left() + k as u16, y)] = cell;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    #[test]
    fn runs_are_reversed_with_their_styles() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "ﺏﺎ) 34", Style::new());
        buf[(0, 0)].set_style(Style::new().fg(Color::Red));
        let area = buf.area;
        reverse_rtl_runs(&mut buf, area, KittyFont { has_arabic: true });
        let line: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert_eq!(line, "(ﺎﺏ 34  ");
        assert_eq!(buf[(2, 0)].fg, Color::Red, "the red ب moved with its cell");
    }

    #[test]
    fn a_run_after_latin_text_moves_only_its_own_cells() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 9, 1));
        buf.set_string(0, 0, "ab ﺏﺎﻗ c", Style::new());
        let area = buf.area;
        reverse_rtl_runs(&mut buf, area, KittyFont { has_arabic: true });
        let line: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert_eq!(line, "ab ﻗﺎﺏ c ");
    }
}
