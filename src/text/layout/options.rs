//! What a caller chooses: the column width, shaping, the order lines are
//! written in, how a paragraph's direction is found and the display-only
//! forms (digits, tashkeel, justification).
//!
//! Kept apart from the stages so that callers (the composer, the reader,
//! the dump, the fuzz targets) see the choices without the machinery.

use crate::text::direction::{Direction, ParaDirMode};
use crate::text::display::Digits;

/// The order in which a line's characters are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ordering {
    /// qari reorders (UAX #9) and mirrors: for terminals that show cells as sent.
    #[default]
    Visual,
    /// Logical order, for terminals that run the bidi algorithm themselves.
    Logical,
}

/// How to lay out a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Column width in cells (at least 1 is used).
    pub width: usize,
    /// Replace Arabic letters by their contextual presentation forms.
    pub shaping: bool,
    /// Visual (qari reorders) or logical order.
    pub ordering: Ordering,
    /// How each paragraph's base direction is chosen.
    pub para_dir: ParaDirMode,
    /// The document's direction, for paragraphs without a majority.
    pub document_dir: Direction,
    /// Which digits numbers are shown in (display only).
    pub digits: Digits,
    /// Show tashkeel (false hides it; display only).
    pub tashkeel: bool,
    /// Justify an RTL paragraph's lines but its last to the full width
    /// with kashida ([`crate::text::justify`]).
    pub justify: bool,
    /// In logical order, write characters at right-to-left levels mirrored
    /// (UAX #9 L4), for a terminal that reorders but does not mirror
    /// (Konsole). Visual order always mirrors.
    pub mirror_logical: bool,
    /// Record every glyph of a line ([`crate::text::VisualLine::glyphs`]:
    /// its logical range, width and style). Off when only the lines' text
    /// is wanted (a dump without colour): a tenth of a book's layout time.
    pub glyphs: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 80,
            shaping: true,
            ordering: Ordering::Visual,
            para_dir: ParaDirMode::Words,
            document_dir: Direction::Ltr,
            digits: Digits::Keep,
            tashkeel: true,
            justify: false,
            mirror_logical: false,
            glyphs: true,
        }
    }
}
