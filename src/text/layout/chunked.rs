//! A very long paragraph laid out a piece at a time, so that the engine's
//! per-char buffers (about 70 bytes a char) are held for one piece, not
//! for the whole: a 2 MB paragraph at width 1 took 60 MB.
//!
//! A piece is laid out like a paragraph of the same direction, and only
//! its lines before a safe line start are handed on; the next piece starts
//! at that line start. A line start is safe when the whole paragraph,
//! laid out at once, would give the lines before it exactly as the piece
//! does:
//! - it is a strong letter (L, R or AL) after a space: no char before it
//!   looks past it to resolve its level (W1–W7 and N1–N2 stop at a strong
//!   type), none after it looks back past it, and shaping does not join
//!   across a space;
//! - no bracket pair (BD16, over the whole paragraph) spans it (N0 looks
//!   inside a pair);
//! - it is not the piece's last line start: a margin, as the piece may
//!   end inside the word there (a word cut short that still did not fit
//!   would break the line at the same place, so the test cannot tell).
//!
//! A piece ends just after a strong letter, so that its last neutrals do
//! not take the paragraph's direction at its end (they are not handed on
//! anyway). Only paragraphs of simple chars without explicit formatting
//! are taken ([`plan`]); others are laid out whole. A property test lays
//! out random text both ways with tiny pieces.

use super::options::LayoutOptions;
use super::{CodeWordScan, Scratch};
use crate::text::direction::{Direction, ParaDirMode, StrongCounts, first_strong, words_direction};
use crate::text::levels::{BracketStep, UNSUPPORTED, bracket_step};
use crate::text::props::{self, SIMPLE_BASE, SIMPLE_MARK, SIMPLE_PREPEND};
use crate::text::rich::Style;
use crate::text::visual::VisualLine;
use std::ops::Range;
use unicode_bidi::BidiClass;

/// Paragraphs longer than this (bytes) are laid out in pieces.
pub(super) const CHUNKED_BYTES: usize = 256 * 1024;

/// The length of a piece (bytes; longer when no safe line start is found).
pub(super) const PIECE_BYTES: usize = 32 * 1024;

/// What the pieces of one paragraph share, from a first pass over it.
pub(super) struct Plan {
    direction: Direction,
    /// The byte ranges spanned by the outermost bracket pairs (opening
    /// bracket to closing bracket), in order.
    spans: Vec<Range<usize>>,
}

impl Plan {
    /// No bracket pair holds the char at byte `at` together with the one
    /// before it.
    fn outside_pairs(&self, at: usize) -> bool {
        let i = self.spans.partition_point(|r| r.end <= at);
        self.spans.get(i).is_none_or(|r| r.start >= at)
    }
}

/// A piece of a paragraph, as [`Scratch::layout_analyzed`] takes it.
pub(super) struct Piece<'a> {
    /// The piece's byte offset in the paragraph.
    pub(super) base: u32,
    /// The paragraph's last piece: every line is handed on.
    pub(super) last: bool,
    plan: &'a Plan,
}

/// The first pass over a long paragraph: its direction (as
/// [`Scratch::layout`] finds it) and its bracket pairs; none when it must
/// be laid out whole (a char off the simple path, or a class the
/// resolver leaves to unicode-bidi, or brackets nested too deep).
pub(super) fn plan(
    text: &str,
    styles: &[(Range<usize>, Style)],
    opts: &LayoutOptions,
) -> Option<Plan> {
    let table = props::table();
    let mut counts = StrongCounts::default();
    let mut words = CodeWordScan::new(styles);
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (at, c) in text.char_indices() {
        let p = props::props_in(table, c);
        if !p.has(SIMPLE_BASE | SIMPLE_MARK | SIMPLE_PREPEND)
            || UNSUPPORTED & (1 << p.class as u32) != 0
        {
            return None;
        }
        counts.ltr += usize::from(p.class == BidiClass::L);
        counts.rtl += usize::from(matches!(p.class, BidiClass::R | BidiClass::AL));
        words.push(at, c, p.class);
        if p.class != BidiClass::ON {
            continue;
        }
        match bracket_step(&mut stack, at, c) {
            BracketStep::Closes(open) => {
                // Pairs nest or stand apart (BD16 drops the brackets opened
                // inside one that closes) and close in order: the spans
                // after `open` are inside this one.
                while spans.last().is_some_and(|r| r.start >= open) {
                    spans.pop();
                }
                spans.push(open..at + c.len_utf8());
            }
            BracketStep::Overflow => return None,
            BracketStep::Other => {}
        }
    }
    let document = opts.document_dir;
    let found = match opts.para_dir {
        ParaDirMode::Words => {
            let other = match document {
                Direction::Rtl => counts.ltr,
                Direction::Ltr => counts.rtl,
            };
            Some(if other == 0 {
                document
            } else {
                words_direction(words.finish(), document)
            })
        }
        ParaDirMode::Majority => counts.majority(),
        ParaDirMode::FirstStrong => first_strong(text),
        ParaDirMode::Document => None,
    };
    Some(Plan {
        direction: found.unwrap_or(document),
        spans,
    })
}

/// Lays out `text` piece by piece (pieces of about `piece_bytes`), handing
/// each line to `sink` as [`Scratch::layout`] would.
pub(super) fn layout(
    scratch: &mut Scratch,
    text: &str,
    styles: &[(Range<usize>, Style)],
    opts: &LayoutOptions,
    plan: &Plan,
    piece_bytes: usize,
    sink: &mut dyn FnMut(Direction, &VisualLine),
) -> Direction {
    let mut start = 0;
    let mut size = piece_bytes.max(1);
    let mut piece_styles = Vec::new();
    while start < text.len() {
        let end = if text.len() - start <= size {
            text.len()
        } else {
            end_after_strong(text, start + size)
        };
        let last = end == text.len();
        piece_styles.clear();
        piece_styles.extend(
            styles
                .iter()
                .filter(|(r, _)| r.end > start && r.start < end)
                .map(|(r, s)| (r.start.max(start) - start..r.end.min(end) - start, *s)),
        );
        let piece = Piece {
            base: start as u32,
            last,
            plan,
        };
        let part = &text[start..end];
        let a = scratch.analyze(part);
        match scratch.layout_analyzed(
            part,
            &a,
            plan.direction,
            &piece_styles,
            opts,
            false,
            Some(&piece),
            sink,
        ) {
            Some(next) if next > 0 => {
                start += next;
                size = piece_bytes.max(1);
            }
            // No safe line start in the piece: a longer one.
            _ => size = size.saturating_mul(2),
        }
    }
    plan.direction
}

/// The end of the first strong letter (L, R, AL) at or after byte `from`,
/// or the text's end.
fn end_after_strong(text: &str, from: usize) -> usize {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..]
        .char_indices()
        .find(|&(_, c)| {
            matches!(
                props::props(c).class,
                BidiClass::L | BidiClass::R | BidiClass::AL
            )
        })
        .map_or(text.len(), |(i, c)| from + i + c.len_utf8())
}

impl Scratch {
    /// The last line of the laid-out piece, not its first nor its last,
    /// that starts where the next piece may start (see the module doc).
    pub(super) fn next_piece_line(&self, piece: &Piece) -> Option<usize> {
        let n = self.lines.len();
        (1..n.saturating_sub(1)).rev().find(|&i| {
            let line = &self.lines[i];
            if line.is_empty() {
                return false;
            }
            let at = self.info[line.start].source.0;
            let Ok(k) = self.chars.binary_search_by_key(&at, |c| c.offset) else {
                return false;
            };
            k > 0
                && self.chars[k - 1].c == ' '
                && matches!(
                    self.chars[k].props.class,
                    BidiClass::L | BidiClass::R | BidiClass::AL
                )
                && piece.plan.outside_pairs(piece.base as usize + at as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::visual::ParagraphLayout;
    use proptest::prelude::*;

    /// The layout tests' prose pieces that a plan takes (the simple path),
    /// strung with more spaces: the places a piece may end follow them.
    fn prose() -> impl Strategy<Value = String> {
        let simple: Vec<&'static str> = crate::text::layout::tests::PROSE
            .iter()
            .copied()
            .filter(|p| plan(p, &[], &LayoutOptions::default()).is_some())
            .collect();
        let piece = prop_oneof![
            4 => prop::sample::select(simple),
            1 => Just(" "),
        ];
        prop::collection::vec(piece, 0..160).prop_map(|v| v.concat())
    }

    /// The layout tests' options, justified or not.
    fn options() -> impl Strategy<Value = LayoutOptions> {
        (crate::text::layout::tests::options(), any::<bool>())
            .prop_map(|(opts, justify)| LayoutOptions { justify, ..opts })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// A paragraph laid out in pieces of a few bytes gives the lines
        /// it gives laid out whole.
        #[test]
        fn pieces_lay_out_as_the_whole(text in prose(), opts in options(), piece in 1usize..40, code in any::<bool>()) {
            let styles = vec![(0..text.len(), Style { code, ..Style::default() })];
            let whole = {
                let mut lines = Vec::new();
                let direction = Scratch::default().layout(&text, &styles, &opts, false, &mut |_, l| lines.push(l.clone()));
                ParagraphLayout { direction, lines }
            };
            let Some(plan) = plan(&text, &styles, &opts) else {
                return Ok(());
            };
            let mut lines = Vec::new();
            let direction = layout(&mut Scratch::default(), &text, &styles, &opts, &plan, piece, &mut |_, l| lines.push(l.clone()));
            prop_assert_eq!(ParagraphLayout { direction, lines }, whole, "{:?}", text);
        }
    }

    #[test]
    fn bracket_pairs_merge_into_spans() {
        let text = "a (b [c] d) e (f) g";
        let opts = LayoutOptions::default();
        let plan = plan(text, &[], &opts).expect("simple");
        assert_eq!(plan.spans, vec![2..11, 14..17]);
        assert!(plan.outside_pairs(2));
        assert!(!plan.outside_pairs(3));
        assert!(!plan.outside_pairs(10));
        assert!(plan.outside_pairs(11));
    }
}
