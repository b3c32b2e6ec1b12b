//! Visual lines: what a terminal row shows, left to right, with a map from
//! every glyph back to the logical text (for search and highlights).

use super::direction::Direction;
use super::rich::Style;
use std::ops::Range;

/// One grapheme cluster as displayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyph {
    /// Byte offset just past this glyph in [`VisualLine::text`] (it starts
    /// where the previous glyph ends).
    pub end: u32,
    /// Start of the logical text it shows (byte offset in the paragraph).
    pub source_start: u32,
    /// End of the logical text it shows; a lam-alef ligature covers both letters.
    pub source_end: u32,
    /// Terminal cells it takes.
    pub width: u16,
    /// Inline style of its logical text.
    pub style: Style,
}

impl Glyph {
    /// The logical byte range this glyph shows.
    pub fn source(&self) -> Range<usize> {
        self.source_start as usize..self.source_end as usize
    }
}

/// One line of a laid-out paragraph, in visual order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisualLine {
    /// The line's characters, left to right, without alignment padding.
    pub text: String,
    /// Display width of `text` in cells.
    pub width: usize,
    /// Blank cells to put before `text` so the line is aligned in its column
    /// (right-aligned for RTL paragraphs).
    pub indent: usize,
    /// The glyphs of `text`, left to right.
    pub glyphs: Vec<Glyph>,
}

impl VisualLine {
    /// The text of glyph `i`.
    pub fn glyph_text(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.glyphs[i - 1].end as usize
        };
        &self.text[start..self.glyphs[i].end as usize]
    }

    /// `text` preceded by its alignment padding.
    pub fn padded(&self) -> String {
        let mut s = " ".repeat(self.indent);
        s.push_str(&self.text);
        s
    }

    /// Maximal runs of `text` sharing one style, left to right.
    pub fn style_runs(&self) -> Vec<(Range<usize>, Style)> {
        // Called for every row shown: the run being read is kept aside and
        // pushed when the style changes (most lines are one run).
        let mut glyphs = self.glyphs.iter();
        let Some(first) = glyphs.next() else {
            return Vec::new();
        };
        let mut runs = Vec::with_capacity(1);
        let (mut start, mut end, mut style) = (0, first.end, first.style);
        for g in glyphs {
            if g.style != style {
                runs.push((start as usize..end as usize, style));
                (start, style) = (end, g.style);
            }
            end = g.end;
        }
        runs.push((start as usize..end as usize, style));
        runs
    }

    /// The logical byte ranges shown in the cell columns `cells` of this line
    /// (columns counted from the start of `text`, padding excluded).
    pub fn sources_in_cells(&self, cells: Range<usize>) -> Vec<Range<usize>> {
        let mut col = 0;
        let mut out = Vec::new();
        for g in &self.glyphs {
            let w = usize::from(g.width);
            if col < cells.end && col + w.max(1) > cells.start {
                out.push(g.source());
            }
            col += w;
        }
        out
    }
}

/// A paragraph laid out at one width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParagraphLayout {
    /// The paragraph's base direction.
    pub direction: Direction,
    /// Its lines, top to bottom.
    pub lines: Vec<VisualLine>,
}
