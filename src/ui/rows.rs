//! Writing composed rows into a ratatui buffer.
//!
//! Rows are already shaped, reordered and aligned by the engine; this only
//! places their graphemes in cells. In `--bidi terminal` mode the rows are in
//! logical order and each is wrapped in FSI…PDI, attached to its first and
//! last cells (ratatui drops zero-width graphemes, so the isolates must ride
//! on visible cells), so the terminal's own bidi never pulls borders or
//! neighbouring panes into a row.

use super::theme::Theme;
use crate::doc::Row;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// How rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowStyle {
    /// Wrap each row in FSI…PDI (terminal-side bidi).
    pub isolate: bool,
    /// Patched over every run (selection, scroll-spy).
    pub overlay: Style,
}

/// Draws `row` on line `y` of `area`, clipped to the area.
pub fn draw_row(buf: &mut Buffer, area: Rect, y: u16, row: &Row, theme: &Theme, how: RowStyle) {
    if y >= area.height || area.width == 0 {
        return;
    }
    let y = area.y + y;
    for run in &row.runs {
        let x_off = row.text[..run.range.start].width();
        if x_off >= usize::from(area.width) {
            break;
        }
        let x = area.x + x_off as u16;
        let max = usize::from(area.width) - x_off;
        let style = theme.run(run.role, run.style).patch(how.overlay);
        buf.set_stringn(x, y, &row.text[run.range.clone()], max, style);
    }
    if how.isolate {
        isolate(buf, area, y, row);
    }
}

/// Attaches FSI to the row's first drawn cell and PDI to its last.
fn isolate(buf: &mut Buffer, area: Rect, y: u16, row: &Row) {
    let lead = row.text.len() - row.text.trim_start().len();
    let first = area.x + row.text[..lead].width() as u16;
    let last = (area.x + row.width.min(usize::from(area.width)) as u16).saturating_sub(1);
    if row.width > 0 {
        isolate_cells(buf, y, first, last);
    }
}

/// Wraps cells `first..=last` of line `y` in FSI…PDI (riding on the cells'
/// symbols, since ratatui drops zero-width graphemes).
pub fn isolate_cells(buf: &mut Buffer, y: u16, first: u16, last: u16) {
    if first > last {
        return;
    }
    if let Some(cell) = buf.cell_mut((first, y)) {
        let s = format!("\u{2068}{}", cell.symbol());
        cell.set_symbol(&s);
    }
    if let Some(cell) = buf.cell_mut((last, y)) {
        let s = format!("{}\u{2069}", cell.symbol());
        cell.set_symbol(&s);
    }
}

/// Fills line `y` of `area` with `style` (for highlighted entries).
pub fn fill_line(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    if y < area.height {
        buf.set_style(Rect::new(area.x, area.y + y, area.width, 1), style);
    }
}
