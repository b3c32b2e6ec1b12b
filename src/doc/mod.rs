//! The article composed into display rows at one width: title, FAQ,
//! sections with headings, list markers, quote bars and indents. Pure (no
//! terminal), shared by the dump mode and the reader.
//!
//! Markers and indents sit on the side where a paragraph's reading starts:
//! the right for RTL paragraphs ("text •", "text .1", "text │"), the left for
//! LTR ones. RTL rows are padded on the left; no row has trailing spaces.

mod code;
mod compose;
mod highlight;
mod pages;
mod table;

pub use compose::{
    ComposeOptions, FaqMode, Highlight, Unit, article_direction, block_text, compose_article,
    compose_faq, compose_text, compose_unit, compose_unit_highlighted, compose_unit_numbered,
    compose_unit_numbered_each, for_each_row, label_row, link_groups, note_line, unit_links,
    unit_texts, units,
};
pub use highlight::{
    SyntaxColors, generation as syntax_generation, load_syntaxes, warming as syntax_warming,
};
pub use pages::{Measurer, Pages, Pos, UnitSize, unit_sizes};

use crate::model::Style;
use crate::text::Direction;
use std::ops::Range;

/// What a piece of a row is, which decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The article's title.
    Title,
    /// A section heading or the FAQ label.
    Heading,
    /// A FAQ question.
    Question,
    /// Running text.
    Body,
    /// Source line and similar.
    Meta,
    /// Rules under headings, bullets, numbers, quote bars, disclosure marks.
    Decoration,
}

/// Which part of the article a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Title and metadata.
    Title,
    /// FAQ entry `i` (the FAQ label belongs to entry 0).
    Faq(usize),
    /// Section `i` of `Article::sections`.
    Section(usize),
}

/// Where a row comes from: part, block and line within the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor {
    /// The part of the article.
    pub part: Part,
    /// Block index within the part; [`HEADING`] for a heading or question.
    pub block: u32,
    /// Row index within that block (list items and their lines counted in order).
    pub line: u32,
}

/// `Anchor::block` of a part's heading, question or title rows: before block 0.
pub const HEADING: u32 = 0;

/// Whether a run is a search hit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Hit {
    /// Not a hit.
    #[default]
    No,
    /// A match of the search.
    Match,
    /// The match the reader is on (`n`/`N`).
    Current,
}

/// What a piece of highlighted code is, classified from its syntax so that
/// the theme, not the composer, picks colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// Code of a highlighted block that is none of the others
    /// (identifiers, white space): drawn in the body's colour.
    Plain,
    /// Keywords and storage words (`fn`, `let`, `def`, `if`).
    Keyword,
    /// Names of types, classes and modules.
    Type,
    /// Names of functions and macros.
    Function,
    /// String and character literals.
    String,
    /// Numbers, `true`/`false`/`None`, escapes and other constants.
    Constant,
    /// Comments.
    Comment,
    /// Operators and punctuation.
    Operator,
}

/// A styled piece of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Byte range in [`Row::text`].
    pub range: Range<usize>,
    /// What it is.
    pub role: Role,
    /// Inline style from the article.
    pub style: Style,
    /// Search hit or not.
    pub hit: Hit,
    /// A link's target (sanitized, see `model::sanitize::href`), for the
    /// reader's OSC 8 hyperlinks; `None` outside links.
    pub link: Option<std::sync::Arc<str>>,
    /// Its syntax, in a highlighted code block.
    pub token: Option<Token>,
}

/// One display row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row's characters left to right, left padding included, no
    /// trailing spaces.
    pub text: String,
    /// Display width of `text`.
    pub width: usize,
    /// Styled pieces of `text` (the padding has none).
    pub runs: Vec<Run>,
    /// Where the row comes from; blank rows take the anchor of the row below.
    pub anchor: Anchor,
    /// The direction its text is set in (the paragraph's; a label's is the
    /// interface's): in `--bidi terminal` mode, the direction of the
    /// isolate the row is sent in.
    pub direction: Direction,
    /// Pieces of `text` sent in isolates of their own inside the row's, in
    /// `--bidi terminal` mode only (empty otherwise): a table row is left
    /// to right with each cell's text isolated in its own direction, so
    /// that the terminal reorders within a cell and never across borders.
    pub isolates: Vec<Isolate>,
}

/// A piece of a row isolated on its own (see [`Row::isolates`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Isolate {
    /// Byte range in [`Row::text`], from its first to its last drawn cell.
    pub range: Range<usize>,
    /// The direction it is set in.
    pub direction: Direction,
}

impl Row {
    /// True for a blank separator row.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The row as sent to kitty: the graphemes of each right-to-left run
    /// reversed and mirrored (see [`crate::text::rtl_runs`]), the styled
    /// runs following their graphemes. For app-mode rows, which have no
    /// [`Row::isolates`]; kitty does no bidi of its own.
    pub fn with_rtl_runs_reversed(&self, font: crate::text::rtl_runs::KittyFont) -> Row {
        use unicode_segmentation::UnicodeSegmentation;
        let cells: Vec<(usize, &str)> = self.text.grapheme_indices(true).collect();
        let symbols: Vec<&str> = cells.iter().map(|(_, g)| *g).collect();
        let run_of = |at: usize| self.runs.iter().position(|r| r.range.contains(&at));
        let mut text = String::with_capacity(self.text.len());
        let mut runs: Vec<Run> = Vec::new();
        for (from, mirror) in crate::text::rtl_runs::rtl_run_order(&symbols, None, font) {
            let (at, symbol) = cells[from];
            let start = text.len();
            if mirror {
                text.push_str(&crate::text::rtl_runs::mirrored(symbol));
            } else {
                text.push_str(symbol);
            }
            let Some(k) = run_of(at) else { continue };
            let source = &self.runs[k];
            match runs.last_mut() {
                Some(last)
                    if last.range.end == start
                        && (last.role, last.style, last.hit, &last.link, last.token)
                            == (
                                source.role,
                                source.style,
                                source.hit,
                                &source.link,
                                source.token,
                            ) =>
                {
                    last.range.end = text.len();
                }
                _ => runs.push(Run {
                    range: start..text.len(),
                    ..source.clone()
                }),
            }
        }
        Row {
            text,
            runs,
            ..self.clone()
        }
    }
}

/// A composed article or FAQ pane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Composed {
    /// The rows top to bottom.
    pub rows: Vec<Row>,
    /// The document's base direction.
    pub direction: Direction,
}

impl Composed {
    /// Index of the first non-blank row of `part`, if it has any.
    pub fn first_row_of(&self, part: Part) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| !r.is_blank() && r.anchor.part == part)
    }

    /// Index of the first non-blank row at or after `anchor` (for keeping the
    /// reader's place when the width changes).
    pub fn row_at_or_after(&self, anchor: Anchor) -> usize {
        self.rows
            .iter()
            .position(|r| !r.is_blank() && r.anchor >= anchor)
            .unwrap_or(self.rows.len().saturating_sub(1))
    }
}
