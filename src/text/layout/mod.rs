//! The pipeline driver: one paragraph and options in, a [`ParagraphLayout`] out.
//!
//! Laying out whole books is the dump's cost, so the driver has fast paths
//! (see `Scratch`): a first pass reads each char's properties from one
//! table; text made only of simple bases and marks is shaped and clustered
//! on the next pass; levels come from qari's own resolver
//! ([`super::levels`]) unless the paragraph has explicit formatting; lines
//! at one level are not reordered. Anything else takes the general path
//! ([`shape`](super::shape), [`clusters`](super::cluster::clusters),
//! unicode-bidi). A property test lays out random text both ways and
//! compares.
//!
//! One file per stage, in the order they run:
//! 1. `options.rs`: what the caller chooses ([`LayoutOptions`], [`Ordering`]);
//! 2. `analysis.rs`: the first pass over the chars, and the facts that pick
//!    the paths below;
//! 3. `fast.rs`: one-pass shaping and clustering, and qari's level resolver,
//!    for simple prose;
//! 4. `general.rs`: shaping, grapheme clusters and unicode-bidi, for any text;
//! 5. line breaking ([`wrap`](super::wrap)) and per-line reordering
//!    ([`reorder`](super::reorder)), driven from here (`Scratch::layout`);
//! 6. `lines.rs`: each line written out as a
//!    [`VisualLine`](super::visual::VisualLine);
//! 7. `controls.rs`: bidi controls kept balanced per line in logical order.

mod analysis;
mod chunked;
mod controls;
mod fast;
mod general;
mod lines;
mod options;

pub use options::{LayoutOptions, Ordering};

use super::cluster::Cluster;
use super::direction::{
    Direction, ParaDirMode, StrongCounts, WordScan, first_strong, words_direction,
};
use super::display::{display_str, display_text};
use super::levels::{Resolver, UNSUPPORTED};
use super::props::{MIRRORED, NO_BREAK_AFTER, NO_BREAK_BEFORE};
use super::reorder::{l1_class_of, reorder_with};
use super::rich::{Style, Text};
use super::visual::{ParagraphLayout, VisualLine};
use super::wrap::wrap_with;
use analysis::{Char, single_level};
use controls::OpenControls;
use lines::{LineBuilder, Order};
use std::cell::RefCell;
use std::ops::Range;
use unicode_bidi::BidiClass;

/// [`ParaDirMode::Words`] over the analysed chars, with the words that
/// start in inline code (`styles` with `code`, in order) left out.
fn words_in(chars: &[Char], styles: &[(Range<usize>, Style)]) -> StrongCounts {
    let mut scan = CodeWordScan::new(styles);
    for ch in chars {
        scan.push(ch.offset as usize, ch.c, ch.props.class);
    }
    scan.finish()
}

/// A [`WordScan`] told which chars are in inline code by the style runs
/// (in order, apart).
struct CodeWordScan<'a> {
    styles: &'a [(Range<usize>, Style)],
    /// The first run that does not end before the last char pushed.
    next: usize,
    scan: WordScan,
}

impl<'a> CodeWordScan<'a> {
    fn new(styles: &'a [(Range<usize>, Style)]) -> Self {
        // Most texts have no inline code: nothing to look up per char.
        let styles = match styles.iter().any(|(_, s)| s.code) {
            true => styles,
            false => &[],
        };
        CodeWordScan {
            styles,
            next: 0,
            scan: WordScan::default(),
        }
    }

    /// The char `c` of class `class` at byte `at` (in order).
    #[inline]
    fn push(&mut self, at: usize, c: char, class: BidiClass) {
        while self.styles.get(self.next).is_some_and(|(r, _)| r.end <= at) {
            self.next += 1;
        }
        let in_code = self
            .styles
            .get(self.next)
            .is_some_and(|(r, s)| s.code && r.start <= at);
        self.scan.push(c, class, in_code);
    }

    fn finish(self) -> StrongCounts {
        self.scan.finish()
    }
}

/// Lays out styled text.
pub fn layout_paragraph(text: &Text, opts: &LayoutOptions) -> ParagraphLayout {
    let mut lines = Vec::new();
    let direction = layout_paragraph_with(text, opts, &mut |_, line| lines.push(line.clone()));
    ParagraphLayout { direction, lines }
}

/// Lays out styled text like [`layout_paragraph`], handing each line to
/// `sink` (with the paragraph's direction) as soon as it is built instead
/// of collecting them: a huge paragraph is never held as lines. The line
/// is lent: its buffers are reused for the next one.
pub fn layout_paragraph_with(
    text: &Text,
    opts: &LayoutOptions,
    sink: &mut dyn FnMut(Direction, &VisualLine),
) -> Direction {
    let text = display_text(text, opts.digits, opts.tashkeel);
    match text.spans.as_slice() {
        // Most texts are one span: lay it out in place, without a copy.
        [span] => layout_styled(&span.text, &[(0..span.text.len(), span.style)], opts, sink),
        _ => layout_styled(&text.to_plain(), &text.style_runs(), opts, sink),
    }
}

/// Lays out unstyled text.
pub fn layout_str(text: &str, opts: &LayoutOptions) -> ParagraphLayout {
    let shown = display_str(text, opts.digits, opts.tashkeel);
    let mut lines = Vec::new();
    let direction = layout_styled(&shown, &[], opts, &mut |_, line| lines.push(line.clone()));
    ParagraphLayout { direction, lines }
}

/// What the later stages need to know of each cluster besides its [`Cluster`].
#[derive(Clone, Copy)]
struct Info {
    /// Logical byte range shown by the cluster.
    source: (u32, u32),
    /// Index in [`Scratch::chars`] of its first char (simple path only).
    first: u32,
    /// What the cluster shows when that is one char as it is (its one
    /// char, or a space for a one-cell space), else `'\0'`: written as a
    /// char, which is cheaper than copying a slice of two or three bytes.
    /// The simple path leaves the text of such a cluster out of
    /// [`Scratch::shaped`] (an empty range there).
    glyph: char,
    /// Resolved embedding level.
    level: u8,
    /// Bidi class of its first char (for rule L1).
    class: BidiClass,
    /// [`NO_BREAK_BEFORE`] of its first char, [`NO_BREAK_AFTER`] of its last
    /// char, [`MIRRORED`] when any of its chars may have a mirror glyph.
    flags: u8,
}

/// The flags of a char that [`Info::flags`] keeps.
const INFO_FLAGS: u8 = NO_BREAK_BEFORE | NO_BREAK_AFTER | MIRRORED;

impl Info {
    /// The cluster that starts with `ch`, char `i` of the paragraph.
    fn of_char(ch: &Char, i: usize) -> Info {
        Info {
            source: (ch.offset, ch.end()),
            first: i as u32,
            glyph: ch.c,
            level: 0,
            class: ch.props.class,
            flags: ch.props.flags & INFO_FLAGS,
        }
    }

    /// Adds char flags `flags` of a char after the first.
    fn extend(&mut self, flags: u8) {
        self.flags = (self.flags & !NO_BREAK_AFTER) | (flags & (NO_BREAK_AFTER | MIRRORED));
        self.glyph = '\0';
    }
}

/// Buffers reused from one paragraph to the next (per thread), so that a
/// paragraph costs no allocation beyond its output.
#[derive(Default)]
struct Scratch {
    chars: Vec<Char>,
    shaped: String,
    clusters: Vec<Cluster>,
    info: Vec<Info>,
    lines: Vec<Range<usize>>,
    order: Vec<(usize, u8)>,
    resolver: Resolver,
    classes: Vec<BidiClass>,
    /// The chars of `shaped` (general path).
    shaped_chars: Vec<char>,
    levels: Vec<u8>,
    /// The line being handed to the sink, its buffers reused for the next.
    line: VisualLine,
}

/// Scratch buffers grown for a paragraph longer than this many bytes are
/// dropped after use, so that one huge paragraph does not pin its memory to
/// the thread.
const SCRATCH_KEEP: usize = 1 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn layout_styled(
    text: &str,
    styles: &[(Range<usize>, Style)],
    opts: &LayoutOptions,
    sink: &mut dyn FnMut(Direction, &VisualLine),
) -> Direction {
    let plan = (text.len() > chunked::CHUNKED_BYTES)
        .then(|| chunked::plan(text, styles, opts))
        .flatten();
    let mut run = |scratch: &mut Scratch| match &plan {
        Some(plan) => chunked::layout(
            scratch,
            text,
            styles,
            opts,
            plan,
            chunked::PIECE_BYTES,
            sink,
        ),
        None => scratch.layout(text, styles, opts, false, sink),
    };
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let direction = run(&mut scratch);
            if text.len() > SCRATCH_KEEP {
                *scratch = Scratch::default();
            }
            direction
        }
        // Reached when a layout runs inside another one (from a sink).
        Err(_) => run(&mut Scratch::default()),
    })
}

impl Scratch {
    /// [`ParaDirMode::Words`] for the analysed paragraph: a paragraph without
    /// a letter of the other direction takes the document's at once.
    fn words_direction(
        &self,
        a: &analysis::Analysis,
        styles: &[(Range<usize>, Style)],
        document: Direction,
    ) -> Direction {
        let other = match document {
            Direction::Rtl => a.counts.ltr,
            Direction::Ltr => a.counts.rtl,
        };
        if other == 0 {
            return document;
        }
        words_direction(words_in(&self.chars, styles), document)
    }

    /// The whole pipeline, each line handed to `sink` as it is built (RTL
    /// lines but the last justified with kashida if `opts` asks for it).
    /// `general` forces the general paths (tests compare them with the
    /// fast ones).
    fn layout(
        &mut self,
        text: &str,
        styles: &[(Range<usize>, Style)],
        opts: &LayoutOptions,
        general: bool,
        sink: &mut dyn FnMut(Direction, &VisualLine),
    ) -> Direction {
        let a = self.analyze(text);
        let found = match opts.para_dir {
            ParaDirMode::Words => Some(self.words_direction(&a, styles, opts.document_dir)),
            ParaDirMode::Majority => a.counts.majority(),
            ParaDirMode::FirstStrong => first_strong(text),
            ParaDirMode::Document => None,
        };
        let direction = found.unwrap_or(opts.document_dir);
        self.layout_analyzed(text, &a, direction, styles, opts, general, None, sink);
        direction
    }

    /// The pipeline after the first pass ([`Scratch::analyze`], giving
    /// `a`) for a paragraph of `direction`, or for a `piece` of one (see
    /// [`chunked`]): then only the lines before the last place where the
    /// next piece may start are handed on, unless it is the last piece,
    /// and the result is where the next piece starts (none when no line
    /// start will do: nothing was handed on).
    #[allow(clippy::too_many_arguments)]
    fn layout_analyzed(
        &mut self,
        text: &str,
        a: &analysis::Analysis,
        direction: Direction,
        styles: &[(Range<usize>, Style)],
        opts: &LayoutOptions,
        general: bool,
        piece: Option<&chunked::Piece>,
        sink: &mut dyn FnMut(Direction, &VisualLine),
    ) -> Option<usize> {
        // The simple path resolves levels by its own resolver only (its
        // `shaped` lacks the one-char clusters that unicode-bidi would need).
        let simple = a.simple
            && !general
            && a.classes & UNSUPPORTED == 0
            && self.simple_clusters(text.len(), opts.shaping);
        if !simple {
            self.general_clusters(text, opts.shaping);
        }
        let visual = opts.ordering == Ordering::Visual;
        let para_level = u8::from(direction.is_rtl());
        // Levels are read by `reorder_with`, which uniform lines skip, and
        // for mirroring in logical order.
        let uniform = !(visual || opts.mirror_logical) || single_level(a, direction);
        if !uniform && simple {
            self.resolve_simple_levels(para_level);
        } else if !uniform {
            self.resolve_levels(direction, general);
        }
        let info = &self.info;
        wrap_with(
            &self.clusters,
            opts.width,
            |k| info[k].flags & NO_BREAK_BEFORE != 0,
            |k| info[k].flags & NO_BREAK_AFTER != 0,
            &mut self.lines,
        );
        let builder = LineBuilder {
            shaped: &self.shaped,
            clusters: &self.clusters,
            info: &self.info,
            para_level,
            styles,
            single_style: match styles {
                [(range, style)] if *range == (0..text.len()) => Some(*style),
                _ => None,
            },
            visual,
            logical_levels: !visual && !uniform,
            column: opts.width.max(1),
            opts,
            glyphs: opts.glyphs || (opts.justify && direction.is_rtl()),
        };
        // The lines handed on, and where the next piece starts.
        let (upto, next) = match piece {
            Some(piece) if !piece.last => {
                let i = self.next_piece_line(piece)?;
                (i, self.info[self.lines[i].start].source.0 as usize)
            }
            _ => (self.lines.len(), text.len()),
        };
        let base = piece.map_or(0, |p| p.base);
        let mut open = OpenControls::default();
        let justify = opts.justify && direction.is_rtl();
        // The paragraph's last line is not justified.
        let last = match piece {
            Some(piece) if !piece.last => usize::MAX,
            _ => self.lines.len().saturating_sub(1),
        };
        for (i, line) in self.lines[..upto].iter().enumerate() {
            let order = match opts.ordering {
                // One level: L1 changes nothing and L2 reverses the line or not.
                _ if uniform => Order::Run {
                    reversed: visual && para_level == 1,
                },
                Ordering::Logical => Order::Run { reversed: false },
                Ordering::Visual => {
                    reorder_with(
                        line.clone(),
                        para_level,
                        |k| builder.info[k].level,
                        |k| l1_class_of(builder.info[k].class, builder.clusters[k].kind),
                        &mut self.order,
                    );
                    Order::Items(&self.order)
                }
            };
            let built = &mut self.line;
            builder.line(line.clone(), order, direction, &mut open, built);
            if base != 0 {
                for g in &mut built.glyphs {
                    g.source_start += base;
                    g.source_end += base;
                }
            }
            if justify && i < last {
                sink(
                    direction,
                    &super::justify::justify_line(built, opts.width.max(1)),
                );
            } else {
                sink(direction, built);
            }
        }
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::direction::Direction;
    use proptest::prelude::*;

    /// Prose pieces, mostly of the simple path (Arabic letters and forms,
    /// every lam-alef with marks between, tashkeel, Latin, digits of three
    /// kinds, brackets, quotes, separators), and a few that are not.
    pub(super) const PROSE: &[&str] = &[
        "ب",
        "ت",
        "ل",
        "ا",
        "أ",
        "إ",
        "آ",
        "ه",
        "ة",
        "ى",
        "ي",
        "د",
        "و",
        "ع",
        "پ",
        "گ",
        "ے",
        "ی",
        "لا",
        "ل\u{64E}ا",
        "ل\u{651}\u{64E}أ",
        "\u{64E}",
        "\u{651}",
        "\u{670}",
        "\u{640}",
        " ",
        "  ",
        "ab",
        "X",
        "12",
        "3.5",
        "1,2",
        "٣٤",
        "٫",
        "۵",
        "%",
        "٪",
        "$",
        "€",
        "+",
        "-",
        "/",
        ":",
        ",",
        ".",
        "،",
        "؟",
        "!",
        "(",
        ")",
        "[",
        "]",
        "«",
        "»",
        "“",
        "”",
        "—",
        "…",
        "\u{A0}",
        "\u{FEFB}",
        "\u{FE91}",
        "x\u{301}",
        "#",
        "\u{6DD}",
        "\u{6DD}١٢",
        "\u{600}",
    ];
    const OTHER: &[&str] = &[
        "\u{200D}", "\u{200C}", "\u{202E}", "\u{2067}", "\u{2069}", "\u{202C}", "\u{200F}", "\t",
        "\u{1B}", "中", "👍🏽", "\u{AD}", "\u{3000}", "\u{85}",
    ];

    fn prose() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            12 => prop::sample::select(PROSE),
            1 => prop::sample::select(OTHER),
        ];
        prop::collection::vec(piece, 0..50).prop_map(|v| v.concat())
    }

    pub(super) fn options() -> impl Strategy<Value = LayoutOptions> {
        (
            prop_oneof![1usize..=12, 1usize..=90],
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(
                &[
                    ParaDirMode::Words,
                    ParaDirMode::Majority,
                    ParaDirMode::FirstStrong,
                    ParaDirMode::Document,
                ][..],
            ),
        )
            .prop_map(|(width, shaping, logical, rtl, para_dir)| LayoutOptions {
                width,
                shaping,
                ordering: if logical {
                    Ordering::Logical
                } else {
                    Ordering::Visual
                },
                para_dir,
                document_dir: if rtl { Direction::Rtl } else { Direction::Ltr },
                ..LayoutOptions::default()
            })
    }

    /// Style runs cutting `text` at char boundaries near `cuts`.
    fn styles(text: &str, cuts: &[usize]) -> Vec<(Range<usize>, Style)> {
        let mut bounds: Vec<usize> = cuts
            .iter()
            .map(|&c| {
                let mut c = c % (text.len() + 1);
                while !text.is_char_boundary(c) {
                    c -= 1;
                }
                c
            })
            .chain([0, text.len()])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        bounds
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let style = Style {
                    link: false,
                    strike: false,
                    strong: i % 2 == 1,
                    emphasis: i % 3 == 1,
                    code: false,
                };
                (w[0]..w[1], style)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The fast paths (one-pass shaping and clustering, the own level
        /// resolver) lay out exactly as the general ones (shape, grapheme
        /// clusters, unicode-bidi).
        #[test]
        fn fast_paths_agree_with_general_paths(text in prose(), opts in options(), cuts in prop::collection::vec(any::<usize>(), 0..4)) {
            let styles = styles(&text, &cuts);
            let run = |general| {
                let mut lines = Vec::new();
                let direction = Scratch::default().layout(&text, &styles, &opts, general, &mut |_, l| lines.push(l.clone()));
                ParagraphLayout { direction, lines }
            };
            let (fast, general) = (run(false), run(true));
            prop_assert_eq!(fast, general, "{:?}", text);
        }
    }
}
