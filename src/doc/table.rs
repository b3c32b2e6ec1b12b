//! Tables: box-drawn borders, columns sized to the width, each cell laid
//! out by the engine (shaping, bidi, its own direction by the paragraph
//! rule) and wrapped at its column's width.
//!
//! Columns run in the document's direction: in an RTL document the first
//! column is on the right, and `Left`/`Right` alignments are mirrored;
//! `None` puts a cell on its own reading-start side. Columns take their
//! natural widths when those fit; otherwise the widest are shrunk first,
//! never below a minimum ([`min_width`]). When even the minimums do not
//! fit, each body row is stacked as `header: value` lines instead. The
//! header rule (`╞═╪═╡`) is unlike the others so the header stands out.
//!
//! The table is one block; each row composed is one anchor line. In
//! `--bidi terminal` mode a table row is a left-to-right row whose cells
//! are each isolated in their own direction ([`super::Row::isolates`]), so
//! the terminal reorders inside a cell and never across a border.

use super::compose::{Composer, Prefix, RowBuilder};
use super::{Hit, Role};
use crate::model::{Align, Span, Style, Table, Text};
use crate::text::direction::{first_strong, word_counts};
use crate::text::{
    Direction, LayoutOptions, Ordering, ParagraphLayout, VisualLine, layout_paragraph,
};
use std::borrow::Cow;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// A column is not shrunk below this many cells (unless its text is
/// narrower).
const MIN_COLUMN: usize = 6;
/// Nor below its longest word, up to this many cells: longer words (paths,
/// addresses) are broken rather than forcing the stacked layout.
const MAX_WORD_MIN: usize = 16;

/// Search hits in a cell's text (logical byte ranges).
type Hits = Vec<(Range<usize>, Hit)>;

/// A cell as shown (display forms applied), its search hits, and its
/// layout at the widest a column can be (when a grid is possible).
struct Cell<'t> {
    text: Cow<'t, Text>,
    hits: Hits,
    /// Its links, for the runs' targets (see [`Composer::shown`]).
    links: Vec<(Range<usize>, std::sync::Arc<str>)>,
    measured: Option<ParagraphLayout>,
}

/// One column's box-drawing characters: left end, between columns, right
/// end, and the fill.
struct Rule(char, char, char, char);

const TOP: Rule = Rule('┌', '┬', '┐', '─');
const UNDER_HEADER: Rule = Rule('╞', '╪', '╡', '═');
const BETWEEN: Rule = Rule('├', '┼', '┤', '─');
const BOTTOM: Rule = Rule('└', '┴', '┘', '─');

impl Composer<'_> {
    /// A table's rows: a grid when its columns fit in the width, else the
    /// stacked layout.
    pub(super) fn table(&mut self, table: &Table, prefix: &Prefix) {
        if table.columns == 0 {
            return;
        }
        let avail = self
            .opts
            .width
            .saturating_sub(prefix.indent + prefix.text.chars().count());
        // Borders and padding take three cells a column, and one more.
        let budget = avail
            .checked_sub(3 * table.columns + 1)
            .filter(|&b| b >= table.columns);
        // Hits are numbered in cell order, whichever layout follows.
        let cells: Vec<Cell> = table
            .cells
            .iter()
            .map(|t| {
                let text = self.shown(t);
                let links = std::mem::take(&mut self.links);
                let hits = self.hits(&text);
                let measured = budget.map(|b| self.cell_layout(&text, b));
                Cell {
                    text,
                    hits,
                    links,
                    measured,
                }
            })
            .collect();
        match budget.and_then(|b| column_widths(table.columns, &cells, b)) {
            Some(widths) => self.grid(table, &cells, &widths, prefix),
            None => self.stacked(table, &cells, prefix),
        }
    }

    /// A cell's text laid out at `width`, never justified. A cell of
    /// code, paths or addresses alone has no words that count for its
    /// direction (see [`crate::text::direction::WordScan`]) and reads left
    /// to right rather than in the document's direction.
    fn cell_layout(&self, text: &Text, width: usize) -> ParagraphLayout {
        let code_only = text.spans.iter().any(|s| s.style.code)
            && text
                .spans
                .iter()
                .all(|s| s.style.code || s.text.trim().is_empty());
        let left_to_right = code_only || reads_ltr_without_words(&text.to_plain());
        let opts = LayoutOptions {
            width: width.max(1),
            document_dir: if left_to_right {
                Direction::Ltr
            } else {
                self.doc_dir
            },
            justify: false,
            ..self.opts.layout
        };
        layout_paragraph(text, &opts)
    }

    /// The table as a grid with columns of `widths` (in column order).
    fn grid(&mut self, table: &Table, cells: &[Cell], widths: &[usize], prefix: &Prefix) {
        let columns = table.columns;
        let rtl = self.doc_dir.is_rtl();
        // Column indices left to right.
        let order: Vec<usize> = if rtl {
            (0..columns).rev().collect()
        } else {
            (0..columns).collect()
        };
        let visual_widths: Vec<usize> = order.iter().map(|&c| widths[c]).collect();
        let rows: Vec<Vec<ParagraphLayout>> = cells
            .chunks(columns)
            .map(|row| {
                row.iter()
                    .zip(widths)
                    .map(|(cell, &w)| self.fitted(cell, w))
                    .collect()
            })
            .collect();
        let wraps = rows
            .iter()
            .skip(1)
            .any(|row| row.iter().any(|l| l.lines.len() > 1));
        self.border(&TOP, &visual_widths, prefix);
        for (r, laid) in rows.iter().enumerate() {
            if r == 1 {
                self.border(&UNDER_HEADER, &visual_widths, prefix);
            } else if r > 1 && wraps {
                self.border(&BETWEEN, &visual_widths, prefix);
            }
            let role = if r == 0 { Role::Heading } else { Role::Body };
            let height = laid.iter().map(|l| l.lines.len()).max().unwrap_or(0);
            for k in 0..height.max(1) {
                let mut row = self.table_row_start(prefix);
                row.piece("│", Role::Decoration);
                for &c in &order {
                    let cell = &cells[r * columns + c];
                    let layout = &laid[c];
                    let side = Side {
                        align: table.align.get(c).copied().unwrap_or_default(),
                        table_rtl: rtl,
                        cell_dir: layout.direction,
                    };
                    self.cell_line(&mut row, layout.lines.get(k), widths[c], side, role, cell);
                    row.piece("│", Role::Decoration);
                }
                self.table_row_end(row, prefix);
            }
        }
        self.border(&BOTTOM, &visual_widths, prefix);
    }

    /// The cell laid out at `width`: its measured layout when that is one
    /// line that fits, else a new one.
    fn fitted(&self, cell: &Cell, width: usize) -> ParagraphLayout {
        match &cell.measured {
            Some(l) if l.lines.len() <= 1 && l.lines.iter().all(|l| l.width <= width) => l.clone(),
            _ => self.cell_layout(&cell.text, width),
        }
    }

    /// One line of a cell, padded to its column: one blank each side and
    /// the free cells on the side its alignment says.
    fn cell_line(
        &self,
        row: &mut RowBuilder,
        line: Option<&VisualLine>,
        width: usize,
        side: Side,
        role: Role,
        cell: &Cell,
    ) {
        let Some(line) = line else {
            row.blank(width + 2);
            return;
        };
        let free = width.saturating_sub(line.width);
        let left = side.left_pad(free);
        row.blank(1 + left);
        row.links.clone_from(&cell.links);
        if self.opts.layout.ordering == Ordering::Logical {
            row.isolated_line(line, role, &cell.hits, side.cell_dir);
        } else {
            row.line(line, role, &cell.hits);
        }
        row.blank(free - left + 1);
    }

    /// A border row: `rule`'s ends and joints around fills as wide as
    /// the columns with their padding.
    fn border(&mut self, rule: &Rule, visual_widths: &[usize], prefix: &Prefix) {
        let mut line = String::new();
        line.push(rule.0);
        for (i, w) in visual_widths.iter().enumerate() {
            if i > 0 {
                line.push(rule.1);
            }
            line.extend(std::iter::repeat_n(rule.3, w + 2));
        }
        line.push(rule.2);
        let mut row = self.table_row_start(prefix);
        row.piece(&line, Role::Decoration);
        self.table_row_end(row, prefix);
    }

    /// A table row's start: in LTR the indent and quote bars; in RTL the
    /// padding that right-aligns the table (the bars come at the end).
    fn table_row_start(&self, prefix: &Prefix) -> TableRow {
        let mut row = RowBuilder::default();
        if !self.doc_dir.is_rtl() {
            row.blank(prefix.indent);
            row.piece(&prefix.text, Role::Decoration);
        }
        TableRow(row)
    }

    /// Ends a table row: in RTL the padding goes before it and the
    /// mirrored quote bars after it.
    fn table_row_end(&mut self, TableRow(row): TableRow, prefix: &Prefix) {
        let row = if self.doc_dir.is_rtl() {
            let mut padded = RowBuilder::default();
            let bars = prefix.text.chars().count();
            padded.blank(
                self.opts
                    .width
                    .saturating_sub(prefix.indent + bars + row.width()),
            );
            padded.append(row);
            let mirrored: String = prefix.text.trim_end().chars().rev().collect();
            if !mirrored.is_empty() {
                padded.blank(1);
                padded.piece(&mirrored, Role::Decoration);
            }
            padded
        } else {
            row
        };
        let direction = if self.opts.layout.ordering == Ordering::Logical {
            // Set left to right, the cells isolated in it.
            Direction::Ltr
        } else {
            self.doc_dir
        };
        self.push_built(row, direction);
    }

    /// The stacked layout: each body row a block of `header: value` lines,
    /// the rows apart by a blank row; a table of a header alone, its cells
    /// one a line.
    fn stacked(&mut self, table: &Table, cells: &[Cell], prefix: &Prefix) {
        let columns = table.columns;
        let (header, body) = cells.split_at(columns.min(cells.len()));
        if body.is_empty() {
            for cell in header {
                self.text_with_hits(&cell.text, &cell.hits, prefix, "", Role::Heading);
            }
            return;
        }
        for (r, row) in body.chunks(columns).enumerate() {
            if r > 0 {
                self.blank();
            }
            for (head, value) in header.iter().zip(row) {
                if head.text.is_empty() && value.text.is_empty() {
                    continue;
                }
                let (line, hits) = labelled(head, value);
                self.text_with_hits(&line, &hits, prefix, "", Role::Body);
            }
        }
    }
}

/// A row being built by [`Composer::table_row_start`].
struct TableRow(RowBuilder);

impl std::ops::Deref for TableRow {
    type Target = RowBuilder;
    fn deref(&self) -> &RowBuilder {
        &self.0
    }
}

impl std::ops::DerefMut for TableRow {
    fn deref_mut(&mut self) -> &mut RowBuilder {
        &mut self.0
    }
}

/// What decides where a cell's line sits in its column.
#[derive(Clone, Copy)]
struct Side {
    align: Align,
    table_rtl: bool,
    cell_dir: Direction,
}

impl Side {
    /// The blank cells on the left of a line that leaves `free` cells.
    fn left_pad(self, free: usize) -> usize {
        let right = match self.align {
            // The extra cell of an odd split goes on the reading end.
            Align::Center => {
                return if self.table_rtl {
                    free.div_ceil(2)
                } else {
                    free / 2
                };
            }
            Align::Left => self.table_rtl,
            Align::Right => !self.table_rtl,
            Align::None => self.cell_dir.is_rtl(),
        };
        if right { free } else { 0 }
    }
}

/// `header: value` as one text, the header strong, with both cells' hits
/// moved to where they stand in it.
fn labelled(head: &Cell, value: &Cell) -> (Text, Hits) {
    let mut line = Text::default();
    for span in &head.text.spans {
        let style = Style {
            strong: true,
            ..span.style
        };
        line.push_link(&span.text, style, span.href.as_deref());
    }
    let mut hits = head.hits.clone();
    if !head.text.is_empty() {
        line.push_str(": ", Style::default());
    }
    let shift = line.to_plain().len();
    for Span { text, style, href } in &value.text.spans {
        line.push_link(text, *style, href.as_deref());
    }
    hits.extend(
        value
            .hits
            .iter()
            .map(|(r, h)| (r.start + shift..r.end + shift, *h)),
    );
    (line, hits)
}

/// True for text with left-to-right letters but no word that counts for
/// a direction: a path, an address, a file name.
fn reads_ltr_without_words(text: &str) -> bool {
    let words = word_counts(text);
    words.ltr == 0 && words.rtl == 0 && first_strong(text) == Some(Direction::Ltr)
}

/// The columns' widths (in column order) for a content budget of `budget`
/// cells: the natural widths if they fit; else the widest shrunk first to
/// a common cap, none below its [`min_width`]; `None` when even the
/// minimums do not fit.
fn column_widths(columns: usize, cells: &[Cell], budget: usize) -> Option<Vec<usize>> {
    let mut natural = vec![0; columns];
    let mut min = vec![0; columns];
    for (i, cell) in cells.iter().enumerate() {
        let c = i % columns;
        let n = natural_width(cell);
        natural[c] = natural[c].max(n);
        min[c] = min[c].max(min_width(n, &cell.text));
    }
    if natural.iter().sum::<usize>() <= budget {
        return Some(natural);
    }
    if min.iter().sum::<usize>() > budget {
        return None;
    }
    let capped = |cap: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(&min)
            .map(|(&n, &m)| n.min(cap).max(m))
            .collect()
    };
    // The largest cap that fits (the minimums alone, cap 0, do).
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if capped(mid).iter().sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths = capped(lo);
    // Cells the cap left over go one each to columns it cut.
    let mut left = budget - widths.iter().sum::<usize>();
    for (w, &n) in widths.iter_mut().zip(&natural) {
        if left == 0 {
            break;
        }
        if *w < n {
            *w += 1;
            left -= 1;
        }
    }
    Some(widths)
}

/// A cell's width on one line: its measured line, or (when it wrapped at
/// the widest a column can be) its lines end to end.
fn natural_width(cell: &Cell) -> usize {
    let Some(layout) = &cell.measured else {
        return 0;
    };
    let sum: usize = layout.lines.iter().map(|l| l.width).sum();
    sum + layout.lines.len().saturating_sub(1)
}

/// The narrowest a column holding a cell of natural width `natural` may
/// be: [`MIN_COLUMN`] or the cell's longest word up to [`MAX_WORD_MIN`],
/// never more than the natural width (a wide character always fits, since
/// it is at most 2 cells).
fn min_width(natural: usize, text: &Text) -> usize {
    let plain = text.to_plain();
    let word = plain
        .split_whitespace()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    natural.min(word.clamp(MIN_COLUMN, MAX_WORD_MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, width: usize) -> Cell<'static> {
        let line = VisualLine {
            text: "x".repeat(width),
            width,
            ..VisualLine::default()
        };
        Cell {
            text: Cow::Owned(Text::plain(text)),
            hits: Vec::new(),
            links: Vec::new(),
            measured: Some(ParagraphLayout {
                direction: Direction::Ltr,
                lines: vec![line],
            }),
        }
    }

    #[test]
    fn natural_widths_are_kept_when_they_fit() {
        let cells = [cell("ab", 2), cell("abcdef", 6)];
        assert_eq!(column_widths(2, &cells, 8), Some(vec![2, 6]));
    }

    #[test]
    fn the_widest_column_shrinks_first() {
        let long = "word ".repeat(8);
        let cells = [cell("short", 5), cell(&long, 40), cell("mid", 12)];
        // 57 cells wanted, 40 given: the 40 comes down to 23, no lower.
        assert_eq!(column_widths(3, &cells, 40), Some(vec![5, 23, 12]));
    }

    #[test]
    fn minimums_that_do_not_fit_give_none() {
        let cells = [cell("abcdefgh abcdefgh", 17), cell("abcdefgh", 8)];
        // Each column's minimum is its longest word, 8.
        assert_eq!(column_widths(2, &cells, 15), None);
        assert_eq!(column_widths(2, &cells, 16), Some(vec![8, 8]));
    }

    #[test]
    fn alignment_is_mirrored_in_rtl_tables() {
        let side = |align, table_rtl, cell_dir| Side {
            align,
            table_rtl,
            cell_dir,
        };
        assert_eq!(side(Align::Right, false, Direction::Ltr).left_pad(4), 4);
        assert_eq!(side(Align::Right, true, Direction::Ltr).left_pad(4), 0);
        assert_eq!(side(Align::Left, true, Direction::Ltr).left_pad(4), 4);
        assert_eq!(side(Align::None, false, Direction::Rtl).left_pad(4), 4);
        assert_eq!(side(Align::None, true, Direction::Ltr).left_pad(4), 0);
        assert_eq!(side(Align::Center, true, Direction::Ltr).left_pad(3), 2);
    }
}
