//! The frame's cells reordered for kitty (see [`crate::text::rtl_runs`]):
//! applied to the whole buffer once everything is drawn.

use crate::text::rtl_runs::{mirrored, rtl_run_order};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Reverses, in every line of `area`, the runs kitty would shape right to
/// left. Styles travel with their cells.
pub fn reverse_rtl_runs(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        let cells: Vec<_> = (area.left()..area.right())
            .map(|x| buf[(x, y)].clone())
            .collect();
        let symbols: Vec<&str> = cells.iter().map(|c| c.symbol()).collect();
        for (k, (from, mirror)) in rtl_run_order(&symbols).into_iter().enumerate() {
            if from == k {
                continue;
            }
            let mut cell = cells[from].clone();
            if mirror {
                cell.set_symbol(&mirrored(cells[from].symbol()));
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
        reverse_rtl_runs(&mut buf, area);
        let line: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert_eq!(line, "(ﺎﺏ 34  ");
        assert_eq!(buf[(2, 0)].fg, Color::Red, "the red ب moved with its cell");
    }
}
