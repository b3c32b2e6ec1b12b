//! Frames written as scrolls: when the article's rows in a new frame are
//! the shown ones moved up or down, the terminal is told to scroll those
//! rows (a scrolling region, DECSTBM, and SU/SD — VT100/ECMA-48, in every
//! terminal qari knows) and only what then differs is written: the rows
//! that came in and whatever beside the article did not move with it (the
//! navigator, the scrollbar). A `j` then costs a row, not a screen.
//!
//! ratatui diffs each frame against the frame before, which it keeps to
//! itself; a scroll changes what the terminal shows behind its back. So
//! [`Screen`] keeps its own copy of what is shown, moves it as the terminal
//! moves, and diffs against that; ratatui's own diff is never used.
//!
//! The scroll is the whole width of the band's rows (left and right
//! margins, DECSLRM, are not in VTE, Konsole, kitty or Alacritty): it is
//! chosen only when it leaves fewer cells to write than not scrolling.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// What the terminal shows, as far as the frames written tell.
#[derive(Debug)]
pub struct Screen {
    shown: Buffer,
    /// Whether scrolling regions are used at all.
    scroll: bool,
}

/// The most candidate shifts tried per frame.
const CANDIDATES: usize = 8;

impl Screen {
    /// With `scroll` false, frames are only ever diffs (as ratatui writes
    /// them).
    pub fn new(scroll: bool) -> Screen {
        Screen {
            shown: Buffer::default(),
            scroll,
        }
    }

    /// Writes the frame drawn into `terminal`'s current buffer (instead of
    /// `Terminal::apply_buffer`): scrolls the rows of `band` when the frame
    /// is the shown one moved within them, then writes the cells that
    /// differ, hides the cursor and flushes. `band` is where moved rows are
    /// looked for (the article's text); its columns decide the move, its
    /// rows are scrolled whole.
    pub fn flush<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        band: Option<Rect>,
    ) -> Result<(), B::Error> {
        let next = terminal.current_buffer_mut().clone();
        if self.shown.area != next.area {
            // A resize: ratatui has cleared the terminal.
            self.shown = Buffer::empty(next.area);
        }
        if let Some(band) = band
            .filter(|_| self.scroll)
            .map(|b| b.intersection(next.area))
            && let Some(by) = best_shift(&self.shown, &next, band)
        {
            let rows = band.y..band.bottom();
            let backend = terminal.backend_mut();
            if by > 0 {
                backend.scroll_region_up(rows, by.unsigned_abs() as u16)?;
            } else {
                backend.scroll_region_down(rows, by.unsigned_abs() as u16)?;
            }
            shift_rows(&mut self.shown, band.y, band.bottom(), by);
        }
        let updates = bridge_gaps(self.shown.diff(&next), &next);
        terminal.backend_mut().draw(updates.into_iter())?;
        terminal.hide_cursor()?;
        // ratatui's buffers: the next frame is drawn into a reset one.
        terminal.swap_buffers();
        terminal.backend_mut().flush()?;
        self.shown = next;
        Ok(())
    }
}

/// The cells to write with the short runs of unchanged cells between two
/// changes on a row written too, when that is shorter than moving the
/// cursor over them (`CSI row;col H`, ~8 bytes): the spaces between the
/// words of a new row, mostly. Only cells in the style of the change before
/// them, one column wide each, are written again.
fn bridge_gaps<'a>(
    updates: Vec<(u16, u16, &'a Cell)>,
    next: &'a Buffer,
) -> Vec<(u16, u16, &'a Cell)> {
    const MOVE: usize = 8;
    let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(updates.len());
    for (x, y, cell) in updates {
        if let Some(&(px, py, prev)) = out.last()
            && py == y
            && x > px + 1
        {
            let gap: Vec<&Cell> = (px + 1..x).map(|gx| &next[(gx, y)]).collect();
            let bytes: usize = gap.iter().map(|c| c.symbol().len()).sum();
            // The second half of a wide character is a blank cell in the
            // buffer: written, it would erase the character.
            let under_wide = (px..x - 1).any(|gx| next[(gx, y)].symbol().width() > 1);
            let plain = !under_wide
                && gap.iter().all(|c| {
                    c.symbol().chars().count() == 1
                        && c.symbol().is_ascii()
                        && c.fg == prev.fg
                        && c.bg == prev.bg
                        && c.modifier == prev.modifier
                        && c.underline_color == prev.underline_color
                });
            if plain && bytes < MOVE {
                out.extend((px + 1..x).zip(gap).map(|(gx, c)| (gx, y, c)));
            }
        }
        out.push((x, y, cell));
    }
    out
}

/// Moves rows `top..bottom` of `buf` up by `by` (down when negative), the
/// rows that come in blank, as a terminal scrolls a region.
fn shift_rows(buf: &mut Buffer, top: u16, bottom: u16, by: i32) {
    let width = usize::from(buf.area.width);
    let start = width * usize::from(top - buf.area.y);
    let end = width * usize::from(bottom - buf.area.y);
    let cells = &mut buf.content[start..end];
    let n = (width * by.unsigned_abs() as usize).min(cells.len());
    if by > 0 {
        cells.rotate_left(n);
        let len = cells.len();
        cells[len - n..].fill_with(Cell::default);
    } else {
        cells.rotate_right(n);
        cells[..n].fill_with(Cell::default);
    }
}

/// One row of `buf` between the columns of `cols`.
fn row(buf: &Buffer, y: u16, cols: Rect) -> &[Cell] {
    let i = buf.index_of(cols.x, y);
    &buf.content[i..i + usize::from(cols.width)]
}

/// A row without text (it may have colour): no anchor for a move.
fn blank(cells: &[Cell]) -> bool {
    cells.iter().all(|c| c.symbol().trim().is_empty())
}

/// How many rows to scroll `band` up (> 0) or down (< 0) so that the most
/// of `next` is already on the screen; `None` when not scrolling writes
/// as little. Candidates come from where `next`'s first rows with text in
/// the band were shown.
fn best_shift(shown: &Buffer, next: &Buffer, band: Rect) -> Option<i32> {
    if band.height < 3 || band.width == 0 || shown.area != next.area {
        return None;
    }
    let (top, bottom) = (band.y, band.bottom());
    let mut candidates: Vec<i32> = Vec::new();
    // Rows with text near the top (a move up brings rows in at the
    // bottom) and near the bottom (a move down, at the top).
    let with_text = |y: &u16| !blank(row(next, *y, band));
    let first = (top..bottom).filter(with_text).take(3);
    let last = (top..bottom).rev().filter(with_text).take(3);
    for anchor in first.chain(last) {
        let wanted = row(next, anchor, band);
        for y in top..bottom {
            let by = i32::from(y) - i32::from(anchor);
            if by != 0
                && by.unsigned_abs() < u32::from(band.height)
                && !candidates.contains(&by)
                && row(shown, y, band) == wanted
            {
                candidates.push(by);
            }
        }
        if candidates.len() >= CANDIDATES {
            break;
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let full = Rect::new(next.area.x, top, next.area.width, band.height);
    let cost = |by: i32| -> usize {
        (top..bottom)
            .map(|y| {
                let from = i32::from(y) + by;
                let now = row(next, y, full);
                if from < i32::from(top) || from >= i32::from(bottom) {
                    // A row that comes in blank.
                    now.iter().filter(|c| **c != Cell::default()).count()
                } else {
                    let was = row(shown, from as u16, full);
                    now.iter().zip(was).filter(|(a, b)| a != b).count()
                }
            })
            .sum()
    };
    let stay = cost(0);
    let (by, cells) = candidates
        .into_iter()
        .take(CANDIDATES)
        .map(|by| (by, cost(by)))
        .min_by_key(|&(_, c)| c)?;
    // A scroll costs ~20 bytes; take it only when it saves clearly more.
    (cells + 8 < stay).then_some(by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Style};

    /// Draws `lines` from `offset` in the band (rows 1..9 of 12) with a
    /// fixed column beside them, as the reader does.
    fn frame(buf: &mut Buffer, lines: &[String], offset: usize) {
        for y in 1..9u16 {
            let text = lines.get(offset + usize::from(y) - 1).map_or("", |s| s);
            buf.set_string(0, y, text, Style::default());
            buf.set_string(18, y, "│nav", Style::default().fg(Color::Blue));
        }
        buf.set_string(0, 0, "title", Style::default());
        buf.set_string(0, 9, format!("status {offset}"), Style::default());
    }

    /// Lines unlike each other (as prose is), so a move is worth a scroll; none
    /// repeats within 40.
    fn lines() -> Vec<String> {
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        (0..40)
            .map(|i| {
                (0..16)
                    .map(|k| letters[(i * 5 + k * 3 + i / 28) % letters.len()])
                    .collect()
            })
            .collect()
    }

    /// Draws frames at the given offsets through [`Screen`] and checks
    /// after each that the test terminal (which scrolls as a terminal
    /// does) shows exactly the frame.
    fn run(offsets: &[usize]) {
        let lines = lines();
        let mut terminal = Terminal::new(TestBackend::new(24, 10)).expect("terminal");
        let mut screen = Screen::new(true);
        let band = Rect::new(0, 1, 18, 8);
        for &offset in offsets {
            let mut frame_buf = Buffer::empty(Rect::new(0, 0, 24, 10));
            frame(&mut frame_buf, &lines, offset);
            frame(terminal.current_buffer_mut(), &lines, offset);
            screen.flush(&mut terminal, Some(band)).expect("flush");
            terminal.backend().assert_buffer(&frame_buf);
        }
    }

    #[test]
    fn what_is_shown_is_each_frame_whether_scrolled_or_not() {
        // Down by one, by three, up by two, a jump, back to the top.
        run(&[0, 1, 4, 2, 30, 0, 0, 7]);
    }

    #[test]
    fn a_one_row_move_scrolls_instead_of_rewriting_the_band() {
        let lines = lines();
        let mut terminal = Terminal::new(TestBackend::new(24, 10)).expect("terminal");
        let mut screen = Screen::new(true);
        let band = Rect::new(0, 1, 18, 8);
        frame(terminal.current_buffer_mut(), &lines, 0);
        screen.flush(&mut terminal, Some(band)).expect("flush");
        let mut next = Buffer::empty(Rect::new(0, 0, 24, 10));
        frame(&mut next, &lines, 1);
        assert_eq!(best_shift(&screen.shown, &next, band), Some(1));
        frame(&mut next, &lines, 0);
        let mut up = Buffer::empty(Rect::new(0, 0, 24, 10));
        frame(&mut up, &lines, 3);
        assert_eq!(best_shift(&up, &next, band), Some(-3));
        // Nothing in common: no scroll.
        let mut far = Buffer::empty(Rect::new(0, 0, 24, 10));
        frame(&mut far, &lines, 30);
        assert_eq!(best_shift(&screen.shown, &far, band), None);
    }

    #[test]
    fn short_runs_of_unchanged_spaces_are_written_over_not_jumped() {
        let area = Rect::new(0, 0, 30, 1);
        let shown = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "ab  cd          ef", Style::default());
        let bridged = bridge_gaps(shown.diff(&next), &next);
        let xs: Vec<u16> = bridged.iter().map(|(x, _, _)| *x).collect();
        // The two spaces after "ab" are written; the ten before "ef" are not.
        assert_eq!(xs, [0, 1, 2, 3, 4, 5, 16, 17]);
        // A differently styled gap is jumped.
        next.set_string(2, 0, "  ", Style::default().fg(Color::Red));
        let shown_red = {
            let mut b = Buffer::empty(area);
            b.set_string(2, 0, "  ", Style::default().fg(Color::Red));
            b
        };
        let xs: Vec<u16> = bridge_gaps(shown_red.diff(&next), &next)
            .iter()
            .map(|(x, _, _)| *x)
            .collect();
        assert_eq!(xs, [0, 1, 4, 5, 16, 17]);
        // The blank cell behind a wide character is never written.
        let mut wide = Buffer::empty(area);
        wide.set_string(0, 0, "中 x", Style::default());
        let xs: Vec<u16> = bridge_gaps(shown.diff(&wide), &wide)
            .iter()
            .map(|(x, _, _)| *x)
            .collect();
        assert_eq!(xs, [0, 3]);
    }

    #[test]
    fn shifting_moves_rows_and_blanks_the_ones_that_come_in() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 5));
        for y in 0..5 {
            buf.set_string(0, y, format!("{y}{y}{y}"), Style::default());
        }
        shift_rows(&mut buf, 1, 4, 1);
        assert_eq!(buf, Buffer::with_lines(["000", "222", "333", "   ", "444"]));
        shift_rows(&mut buf, 1, 4, -2);
        assert_eq!(buf, Buffer::with_lines(["000", "   ", "   ", "222", "444"]));
    }
}
