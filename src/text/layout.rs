//! The pipeline driver: one paragraph and options in, a [`ParagraphLayout`] out.

use super::bidi_class::FastBidiData;
use super::cluster::{Cluster, ClusterKind, clusters};
use super::direction::{Direction, ParaDirMode, paragraph_direction};
use super::display::{Digits, display_str, display_text};
use super::reorder::reorder_line;
use super::shape::{Shaped, shape};
use super::visual::{Glyph, ParagraphLayout, VisualLine};
use super::wrap::wrap;
use crate::model::{Style, Text};
use std::ops::Range;
use unicode_bidi::{Level, ParagraphBidiInfo};

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
    /// with kashida ([`super::justify`]).
    pub justify: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 80,
            shaping: true,
            ordering: Ordering::Visual,
            para_dir: ParaDirMode::Majority,
            document_dir: Direction::Ltr,
            digits: Digits::Keep,
            tashkeel: true,
            justify: false,
        }
    }
}

/// Lays out styled text.
pub fn layout_paragraph(text: &Text, opts: &LayoutOptions) -> ParagraphLayout {
    let text = display_text(text, opts.digits, opts.tashkeel);
    let plain = text.to_plain();
    justified(layout_styled(&plain, &text.style_runs(), opts), opts)
}

/// Lays out unstyled text.
pub fn layout_str(text: &str, opts: &LayoutOptions) -> ParagraphLayout {
    let shown = display_str(text, opts.digits, opts.tashkeel);
    justified(layout_styled(&shown, &[], opts), opts)
}

/// `layout` justified with kashida if `opts` asks for it: every line of an
/// RTL paragraph but its last.
fn justified(mut layout: ParagraphLayout, opts: &LayoutOptions) -> ParagraphLayout {
    if opts.justify
        && layout.direction.is_rtl()
        && let Some((_, init)) = layout.lines.split_last_mut()
    {
        for line in init {
            *line = super::justify::justify_line(line, opts.width.max(1));
        }
    }
    layout
}

/// Everything one paragraph's lines are built from.
struct Prepared<'a> {
    shaped: Shaped,
    clusters: Vec<Cluster>,
    /// Logical byte range of each cluster.
    sources: Vec<(u32, u32)>,
    /// Resolved embedding level of each cluster.
    levels: Vec<u8>,
    para_level: u8,
    styles: &'a [(Range<usize>, Style)],
    opts: &'a LayoutOptions,
}

fn layout_styled(
    text: &str,
    styles: &[(Range<usize>, Style)],
    opts: &LayoutOptions,
) -> ParagraphLayout {
    let direction = paragraph_direction(text, opts.para_dir, opts.document_dir);
    let visual = opts.ordering == Ordering::Visual;
    let shaped = if opts.shaping {
        shape(text)
    } else {
        Shaped::identity(text)
    };
    let clusters = clusters(&shaped.text);
    let para_level = u8::from(direction.is_rtl());
    let levels = if visual {
        cluster_levels(&shaped.text, &clusters, direction)
    } else {
        vec![para_level; clusters.len()]
    };
    let prepared = Prepared {
        sources: cluster_sources(&shaped, &clusters),
        shaped,
        clusters,
        levels,
        para_level,
        styles,
        opts,
    };
    let mut open = OpenControls::default();
    let lines = wrap(&prepared.shaped.text, &prepared.clusters, opts.width)
        .into_iter()
        .map(|line| prepared.line(line, direction, &mut open))
        .collect();
    ParagraphLayout { direction, lines }
}

/// UAX #9 resolved levels (rules P/X/W/N/I, by unicode-bidi) per cluster.
fn cluster_levels(text: &str, clusters: &[Cluster], direction: Direction) -> Vec<u8> {
    if text.is_ascii() && !direction.is_rtl() {
        return vec![0; clusters.len()];
    }
    let base = if direction.is_rtl() {
        Level::rtl()
    } else {
        Level::ltr()
    };
    if is_single_level(text, direction) {
        return vec![u8::from(direction.is_rtl()); clusters.len()];
    }
    let info = ParagraphBidiInfo::new_with_data_source(&FastBidiData, text, Some(base));
    clusters
        .iter()
        .map(|c| info.levels[c.start as usize].number())
        .collect()
}

/// True when UAX #9 must resolve every character to the paragraph level: an
/// RTL paragraph with no L, EN, AN, explicit formatting or separators (its
/// neutrals and marks all resolve to R, rules W1–W7, N0–N2), or an LTR one
/// with no R, AL, AN, explicit formatting or separators (EN after sos L
/// becomes L, W7). Most Arabic prose is the former; the full algorithm is
/// skipped for it.
fn is_single_level(text: &str, direction: Direction) -> bool {
    use unicode_bidi::BidiClass::*;
    let rtl = direction.is_rtl();
    text.chars()
        .all(|c| match super::bidi_class::bidi_class(c) {
            NSM | WS | CS | ON | ES | ET | BN => true,
            R | AL => rtl,
            L | EN => !rtl,
            _ => false,
        })
}

/// The logical byte range behind each cluster.
fn cluster_sources(shaped: &Shaped, clusters: &[Cluster]) -> Vec<(u32, u32)> {
    let mut next_char = 0;
    clusters
        .iter()
        .map(|c| {
            let n = shaped.text[c.start as usize..c.end as usize]
                .chars()
                .count();
            let chars = &shaped.source[next_char..next_char + n];
            next_char += n;
            let start = chars.iter().map(|s| s.0).min().unwrap_or(0);
            let end = chars.iter().map(|s| s.1).max().unwrap_or(0);
            (start, end)
        })
        .collect()
}

impl Prepared<'_> {
    fn style_at(&self, offset: usize) -> Style {
        let i = self.styles.partition_point(|(r, _)| r.end <= offset);
        self.styles.get(i).map(|(_, s)| *s).unwrap_or_default()
    }

    fn line(
        &self,
        line: Range<usize>,
        direction: Direction,
        open: &mut OpenControls,
    ) -> VisualLine {
        let order: Vec<(usize, u8)> = match self.opts.ordering {
            Ordering::Visual => reorder_line(
                &self.shaped.text,
                &self.clusters,
                &self.levels,
                line,
                self.para_level,
            ),
            Ordering::Logical => line.map(|k| (k, self.para_level)).collect(),
        };
        let mut out = VisualLine::default();
        let logical = self.opts.ordering == Ordering::Logical;
        if logical {
            // Riding on the first glyph, like the controls it repeats.
            out.text.extend(open.stack.iter());
        }
        for (k, level) in order {
            self.push_glyph(&mut out, k, level, open);
        }
        if logical {
            open.close(&mut out.text);
            if let Some(last) = out.glyphs.last_mut() {
                last.end = out.text.len() as u32;
            }
        }
        if direction.is_rtl() {
            out.indent = self.opts.width.saturating_sub(out.width);
        }
        out
    }

    fn push_glyph(&self, out: &mut VisualLine, k: usize, level: u8, open: &mut OpenControls) {
        let c = &self.clusters[k];
        let visual = self.opts.ordering == Ordering::Visual;
        if c.kind == ClusterKind::BidiControl && visual {
            // Removed by X9: shown, they would let a terminal reorder again.
            return;
        }
        let g = &self.shaped.text[c.start as usize..c.end as usize];
        let mut width = usize::from(c.width);
        match c.kind {
            ClusterKind::Space => out.text.extend(std::iter::repeat_n(' ', width)),
            ClusterKind::Control => out.text.push(control_picture(g)),
            ClusterKind::BidiControl => g.chars().for_each(|c| open.feed(c, &mut out.text)),
            ClusterKind::Text if width > self.opts.width.max(1) => {
                // Wider than the whole column: a one-cell stand-in.
                out.text.push('\u{FFFD}');
                width = 1;
            }
            ClusterKind::Text if visual && level % 2 == 1 => out.text.extend(g.chars().map(mirror)),
            ClusterKind::Text => out.text.push_str(g),
        }
        let (source_start, source_end) = self.sources[k];
        out.width += width;
        out.glyphs.push(Glyph {
            end: out.text.len() as u32,
            source_start,
            source_end,
            width: width as u16,
            style: self.style_at(source_start as usize),
        });
    }
}

/// The embeddings, overrides and isolates open at a point of a paragraph
/// written in logical order. A terminal that does the bidi runs the
/// algorithm on each row by itself, so each line opens again what is open at
/// its start and closes what is still open at its end: an override carries
/// over to its next lines, and never beyond its row to borders, neighbouring
/// panes or the next row. Terminators without an opener are dropped, and a
/// PDI first closes the embeddings opened inside its isolate.
#[derive(Default)]
struct OpenControls {
    stack: Vec<char>,
    /// Openers dropped beyond the deepest level; their terminators are too.
    overflow: usize,
}

const PDF: char = '\u{202C}';
const PDI: char = '\u{2069}';

fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2068}')
}

impl OpenControls {
    /// Writes bidi control `c` to `out` if it is balanced, updating what is open.
    fn feed(&mut self, c: char, out: &mut String) {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}' => {
                if self.stack.len() < crate::model::sanitize::MAX_BIDI_DEPTH {
                    self.stack.push(c);
                    out.push(c);
                } else {
                    self.overflow += 1;
                }
            }
            PDF | PDI if self.overflow > 0 => self.overflow -= 1,
            PDF => {
                if self.stack.last().is_some_and(|o| !is_isolate(*o)) {
                    self.stack.pop();
                    out.push(PDF);
                }
            }
            PDI => {
                if self.stack.iter().any(|o| is_isolate(*o)) {
                    while let Some(o) = self.stack.pop() {
                        out.push(if is_isolate(o) { PDI } else { PDF });
                        if is_isolate(o) {
                            break;
                        }
                    }
                }
            }
            // LRM, RLM, ALM: marks, nothing to balance.
            _ => out.push(c),
        }
    }

    /// Writes the terminators of everything open, innermost first.
    fn close(&self, out: &mut String) {
        for &o in self.stack.iter().rev() {
            out.push(if is_isolate(o) { PDI } else { PDF });
        }
    }
}

/// UAX #9 L4: a mirrored glyph for characters in right-to-left runs, since
/// terminals do not mirror.
fn mirror(c: char) -> char {
    // Arabic letters and presentation forms are never mirrored: skip the
    // table search for the characters that fill an Arabic line.
    if matches!(c as u32, 0x0600..=0x06FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF) {
        return c;
    }
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

/// A visible stand-in for a control character: its Control Picture (␛ for
/// ESC), ␡ for DEL, U+FFFD for C1 controls.
fn control_picture(g: &str) -> char {
    let c = g.chars().find(|c| c.is_control()).unwrap_or('\u{FFFD}');
    match c as u32 {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "ب", "ت", "ا", "\u{64E}", " ", "،", ".", "(", ")", "«", "»", "%", "+", "-", "ab", "12",
        "٣", "\u{200D}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The shortcut never claims one level where UAX #9 finds another.
        #[test]
        fn single_level_shortcut_agrees_with_uax9(v in prop::collection::vec(prop::sample::select(PIECES), 0..30), rtl in any::<bool>()) {
            let text = v.concat();
            let dir = if rtl { Direction::Rtl } else { Direction::Ltr };
            if is_single_level(&text, dir) {
                let base = if rtl { Level::rtl() } else { Level::ltr() };
                let info = ParagraphBidiInfo::new(&text, Some(base));
                let expected = u8::from(rtl);
                prop_assert!(info.levels.iter().all(|l| l.number() == expected), "{:?}", text);
            }
        }
    }

    fn logical(text: &str, width: usize) -> Vec<String> {
        let opts = LayoutOptions {
            width,
            shaping: false,
            ordering: Ordering::Logical,
            ..LayoutOptions::default()
        };
        let layout = layout_str(text, &opts);
        for line in &layout.lines {
            // The repeated controls belong to the first and last glyphs.
            assert_eq!(
                line.glyphs.last().map(|g| g.end as usize),
                Some(line.text.len())
            );
        }
        layout.lines.into_iter().map(|l| l.text).collect()
    }

    /// The bug: in logical order (`--bidi terminal`) an override wrapped
    /// over several lines was open at the end of its first line and missing
    /// from the next, so rows were neither balanced nor overridden.
    #[test]
    fn logical_wrapped_lines_each_balance_their_bidi_controls() {
        assert_eq!(
            logical("ab \u{202E}cd ef\u{202C} ghi", 5),
            ["ab \u{202E}cd\u{202C}", "\u{202E}ef\u{202C}", "ghi"]
        );
    }

    #[test]
    fn logical_lines_drop_stray_terminators_and_close_inside_isolates() {
        assert_eq!(
            logical("a\u{202C}b\u{2067}c\u{202A}d\u{2069}e\u{2069}", 80),
            ["ab\u{2067}c\u{202A}d\u{202C}\u{2069}e"]
        );
    }
}
