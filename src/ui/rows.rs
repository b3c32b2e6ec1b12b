//! Writing composed rows into a ratatui buffer.
//!
//! Rows are already shaped, reordered and aligned by the engine; this only
//! places their graphemes in cells. In `--bidi terminal` mode the rows are in
//! logical order and each is wrapped in an isolate of the row's direction
//! (RLI…PDI or LRI…PDI), riding on the cells around it (ratatui drops
//! zero-width graphemes, so the isolates must ride on visible cells; see
//! [`isolate_cells`]), so the terminal's own bidi never pulls borders or
//! neighbouring panes into a row; a table row's cells are each isolated
//! again inside it ([`Row::isolates`]), so that cells do not trade places
//! across the borders. The direction is given, not left to the
//! terminal's first-strong guess (FSI): a label such as a navigator entry
//! starts with a tree glyph, and Konsole laid such rows out left to right.

use super::theme::Theme;
use crate::doc::Row;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// How rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowStyle {
    /// Wrap each row in an isolate (terminal-side bidi).
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
        let style = theme
            .run(run.role, run.style)
            .patch(theme.token(run.token))
            .patch(how.overlay)
            .patch(theme.hit(run.hit));
        buf.set_stringn(x, y, &row.text[run.range.clone()], max, style);
    }
    if how.isolate {
        isolate(buf, area, y, row);
    }
}

/// Wraps the row's drawn cells in an isolate (see [`isolate_cells`]), and
/// its own isolates in theirs.
/// Blanks around the text stay outside: inside an RTL isolate a trailing
/// blank would move to the left end (a pane title's padding did).
fn isolate(buf: &mut Buffer, area: Rect, y: u16, row: &Row) {
    let lead = row.text.len() - row.text.trim_start().len();
    let first = area.x + row.text[..lead].width() as u16;
    let end = row.text.trim_end().width();
    let last = (area.x + end.min(usize::from(area.width)) as u16).saturating_sub(1);
    if end > lead {
        isolate_cells(buf, y, first, last, row.direction.is_rtl());
    }
    // A table row's cells, each in its own isolate inside the row's.
    for piece in &row.isolates {
        let start = row.text[..piece.range.start].width();
        let end = row.text[..piece.range.end].width();
        if end <= start || end > usize::from(area.width) {
            continue;
        }
        let (first, last) = (area.x + start as u16, area.x + end as u16 - 1);
        isolate_cells(buf, y, first, last, piece.direction.is_rtl());
    }
}

/// Wraps cells `first..=last` of line `y` in RLI…PDI (`rtl`) or LRI…PDI.
///
/// Both ride at the end of a cell's symbol, because a terminal attaches a
/// zero-width character to the cell before it: the opener on the cell just
/// before `first` (on `first` itself only in column 0), the PDI on `last`.
/// The cell that carries one is then rewritten whenever it changes, so no
/// stale isolate stays on the screen. Half of a wide character is never
/// written by ratatui, so the character's own cell carries it instead.
pub fn isolate_cells(buf: &mut Buffer, y: u16, first: u16, last: u16, rtl: bool) {
    if first > last {
        return;
    }
    let opener = if rtl { RLI } else { LRI };
    let before = first.checked_sub(1).filter(|&x| x >= buf.area.x);
    match before.map(|x| owner(buf, x, y)) {
        Some(x) => append(buf, x, y, opener),
        None => {
            if let Some(cell) = buf.cell_mut((first, y)) {
                let s = format!("{opener}{}", cell.symbol());
                cell.set_symbol(&s);
            }
        }
    }
    append(buf, owner(buf, last, y), y, PDI);
}

const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The cell whose symbol covers column `x`: `x`, or the wide character
/// just before it.
fn owner(buf: &Buffer, x: u16, y: u16) -> u16 {
    let wide_before =
        x > buf.area.x && buf.cell((x - 1, y)).is_some_and(|c| c.symbol().width() > 1);
    if wide_before { x - 1 } else { x }
}

fn append(buf: &mut Buffer, x: u16, y: u16, c: char) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        let s = format!("{}{c}", cell.symbol());
        cell.set_symbol(&s);
    }
}

/// Drops the isolates left unmatched on a line of `area` once everything is
/// drawn: a pane or overlay drawn over a row may cover one end of its
/// isolate and not the other.
pub fn balance_isolates(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        // Cells holding an opener not closed yet, innermost last.
        let mut open: Vec<(u16, char)> = Vec::new();
        let mut drop_at: Vec<(u16, char)> = Vec::new();
        for x in area.left()..area.right() {
            for c in buf[(x, y)].symbol().chars() {
                match c {
                    LRI | RLI | FSI => open.push((x, c)),
                    PDI if open.pop().is_none() => drop_at.push((x, PDI)),
                    _ => {}
                }
            }
        }
        drop_at.extend(open);
        for (x, c) in drop_at {
            let cell = &mut buf[(x, y)];
            let s = cell.symbol().replacen(c, "", 1);
            cell.set_symbol(if s.is_empty() { " " } else { &s });
        }
    }
}

/// Fills line `y` of `area` with `style` (for highlighted entries).
pub fn fill_line(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    if y < area.height {
        buf.set_style(Rect::new(area.x, area.y + y, area.width, 1), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(buf: &Buffer) -> Vec<&str> {
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn isolate_rides_on_the_cell_before_and_on_a_wide_characters_own_cell() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        buf.set_string(1, 0, "a中", Style::new());
        isolate_cells(&mut buf, 0, 1, 3, true);
        // Column 3 is the second half of 中, which ratatui never writes.
        assert_eq!(symbols(&buf), [" \u{2067}", "a", "中\u{2069}", " ", " "]);
        isolate_cells(&mut buf, 0, 0, 0, false);
        assert_eq!(buf[(0, 0)].symbol(), "\u{2066} \u{2067}\u{2069}");
    }

    #[test]
    fn a_table_rows_cells_are_isolated_inside_the_row() {
        use crate::doc::{Anchor, HEADING, Isolate, Part};
        use crate::text::Direction;
        let text = "│ ab │ cd │";
        let cell = |s: &str| text.find(s).map(|i| i..i + 2).expect("cell");
        let row = Row {
            text: text.into(),
            width: 11,
            runs: vec![crate::doc::Run {
                range: 0..text.len(),
                role: crate::doc::Role::Body,
                style: Default::default(),
                hit: Default::default(),
                link: None,
                token: None,
            }],
            anchor: Anchor {
                part: Part::Title,
                block: HEADING,
                line: 0,
            },
            direction: Direction::Ltr,
            isolates: vec![
                Isolate {
                    range: cell("ab"),
                    direction: Direction::Rtl,
                },
                Isolate {
                    range: cell("cd"),
                    direction: Direction::Ltr,
                },
            ],
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        let area = Rect::new(1, 0, 11, 1);
        let how = RowStyle {
            isolate: true,
            overlay: Style::new(),
        };
        draw_row(&mut buf, area, 0, &row, &Theme::mono(), how);
        assert_eq!(
            symbols(&buf),
            [
                " \u{2066}",
                "│",
                " \u{2067}",
                "a",
                "b\u{2069}",
                " ",
                "│",
                " \u{2066}",
                "c",
                "d\u{2069}",
                " ",
                "│\u{2069}"
            ]
        );
    }

    #[test]
    fn unmatched_isolates_are_dropped() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf[(0, 0)].set_symbol("a\u{2069}");
        buf[(1, 0)].set_symbol("\u{2067}");
        buf[(2, 0)].set_symbol("b\u{2068}");
        buf[(3, 0)].set_symbol("c\u{2069}");
        let area = buf.area;
        balance_isolates(&mut buf, area);
        assert_eq!(symbols(&buf), ["a", " ", "b\u{2068}", "c\u{2069}"]);
    }
}
