//! The text engine: a logical paragraph and a width in, terminal-ready visual
//! lines out. Pure: no terminal I/O, used by the dump mode and the TUI alike.
//!
//! Pipeline, per paragraph:
//! 0. display forms: digits of the chosen kind, tashkeel hidden ([`display`]);
//! 1. base direction: majority of strong characters, or UAX #9 P2–P3 ([`direction`]);
//! 2. shaping in logical order, before measuring, because lam-alef changes
//!    widths; a shaped→logical map is kept ([`shape`]);
//! 3. UAX #9 embedding levels on the shaped text (presentation forms are still AL);
//! 4. grapheme clusters and their display widths ([`cluster`]);
//! 5. line breaking in **logical** order ([`wrap`]);
//! 6. each line reordered by itself: L1, L2 by grapheme (so L3 holds), L4
//!    mirroring ([`reorder`]);
//! 7. RTL lines right-aligned, LTR lines left-aligned ([`visual`]).
//!
//! [`layout`] runs these steps fast for the common paragraph: one table
//! lookup per char for all its properties, shaping and clustering in one
//! pass for prose made of common letters, marks and punctuation, levels by
//! its own resolver when there is no explicit formatting ([`levels`]), no
//! reordering for lines at one level, and buffers reused per thread. Other
//! text takes the general steps above; tests check that both agree.
//!
//! The input is styled text of the engine's own ([`Text`], [`Span`],
//! [`Style`]), which the article model re-exports: `text` imports no other
//! part of qari, so `model` and `doc` build on it and not the reverse.

mod bidi_class;
pub mod cluster;
pub mod direction;
pub mod display;
pub mod document;
mod forms_table;
pub mod justify;
pub mod layout;
pub mod levels;
mod props;
pub mod reorder;
mod rich;
pub mod rtl_runs;
pub mod shape;
pub mod visual;
pub mod wrap;

pub use direction::{Direction, ParaDirMode};
pub use display::Digits;
pub use document::document_direction;
pub use justify::{is_inserted, justify_line, justify_paragraph, strip_justification};
pub use layout::{LayoutOptions, Ordering, layout_paragraph, layout_paragraph_with, layout_str};
pub use rich::{Span, Style, Text};
pub use visual::{Glyph, ParagraphLayout, VisualLine};
