//! The pipeline driver: one paragraph and options in, a [`ParagraphLayout`] out.
//!
//! Laying out whole books is the dump's cost, so the driver has fast paths
//! (see `Scratch`): a first pass reads each char's properties from one
//! table; text made only of simple bases and marks is shaped and clustered
//! on the next pass; levels come from qari's own resolver
//! ([`super::levels`]) unless the paragraph has explicit formatting; lines
//! at one level are not reordered. Anything else takes the general path
//! ([`shape`], [`clusters`], unicode-bidi). A property test lays out random
//! text both ways and compares.

use super::bidi_class::FastBidiData;
use super::cluster::{Cluster, ClusterKind, clusters, is_bidi_control};
use super::direction::{Direction, ParaDirMode, StrongCounts, first_strong};
use super::display::{Digits, display_str, display_text};
use super::levels::{Resolver, UNSUPPORTED, class_set};
use super::props::{
    self, JOINS_BACKWARD, JOINS_FORWARD, MIRRORED, NO_BREAK_AFTER, NO_BREAK_BEFORE, Props, SHAPES,
    SIMPLE_BASE, SIMPLE_MARK, TRANSPARENT, props,
};
use super::reorder::{l1_class_of, reorder_with};
use super::shape::{LAM, Shaped, form_index, form_of, lam_alef_forms, shape};
use super::visual::{Glyph, ParagraphLayout, VisualLine};
use super::wrap::wrap_with;
use crate::model::{Style, Text};
use std::cell::RefCell;
use std::ops::Range;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

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
    let layout = match text.spans.as_slice() {
        // Most texts are one span: lay it out in place, without a copy.
        [span] => layout_styled(&span.text, &[(0..span.text.len(), span.style)], opts),
        _ => layout_styled(&text.to_plain(), &text.style_runs(), opts),
    };
    justified(layout, opts)
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

/// One character of the paragraph being laid out.
#[derive(Clone, Copy)]
struct Char {
    /// Byte offset in the logical text.
    offset: u32,
    c: char,
    props: Props,
    /// [`JOINS_PREV`] and [`JOINS_NEXT`].
    links: u8,
}

/// The char joins the previous / next non-transparent char (for shaping).
const JOINS_PREV: u8 = 1;
const JOINS_NEXT: u8 = 2;

impl Char {
    fn end(&self) -> u32 {
        self.offset + self.c.len_utf8() as u32
    }

    /// Index of its form in a row of presentation forms: the links are
    /// the bits of [`form_index`].
    fn form(&self) -> usize {
        usize::from(self.links & (JOINS_PREV | JOINS_NEXT))
    }
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

/// Facts gathered in the first pass over a paragraph.
struct Analysis {
    counts: StrongCounts,
    /// Bit `1 << class` set for every bidi class present.
    classes: u32,
    /// Every char is a simple base or a simple mark ([`cluster`](super::cluster)).
    simple: bool,
    ascii: bool,
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
    levels: Vec<u8>,
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
) -> ParagraphLayout {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let layout = scratch.layout(text, styles, opts, false);
            if text.len() > SCRATCH_KEEP {
                *scratch = Scratch::default();
            }
            layout
        }
        // Only reached if a layout ever ran inside another one.
        Err(_) => Scratch::default().layout(text, styles, opts, false),
    })
}

// The bidi classes whose presence alone never moves a char off the
// paragraph level: see [`single_level`].
const RTL_SINGLE: u32 = {
    use BidiClass::*;
    class_set(&[NSM, WS, CS, ON, ES, ET, BN, R, AL])
};
const LTR_SINGLE: u32 = {
    use BidiClass::*;
    class_set(&[NSM, WS, CS, ON, ES, ET, BN, L, EN])
};

impl Scratch {
    /// The whole pipeline. `general` forces the general paths (tests compare
    /// them with the fast ones).
    fn layout(
        &mut self,
        text: &str,
        styles: &[(Range<usize>, Style)],
        opts: &LayoutOptions,
        general: bool,
    ) -> ParagraphLayout {
        let a = self.analyze(text);
        let found = match opts.para_dir {
            ParaDirMode::Majority => a.counts.majority(),
            ParaDirMode::FirstStrong => first_strong(text),
            ParaDirMode::Document => None,
        };
        let direction = found.unwrap_or(opts.document_dir);
        // The simple path resolves levels by its own resolver only (its
        // `shaped` lacks the one-char clusters that unicode-bidi would need).
        let simple = a.simple && !general && a.classes & UNSUPPORTED == 0;
        if simple {
            self.simple_clusters(text.len(), opts.shaping);
        } else {
            self.general_clusters(text, opts.shaping);
        }
        let visual = opts.ordering == Ordering::Visual;
        let para_level = u8::from(direction.is_rtl());
        let uniform = !visual || single_level(&a, direction);
        // Levels are read only by `reorder_with`, which uniform lines skip.
        if !uniform && simple {
            self.resolve_simple_levels(para_level);
        } else if !uniform {
            self.resolve_levels(direction);
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
            column: opts.width.max(1),
            opts,
        };
        let mut open = OpenControls::default();
        let mut lines = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
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
            lines.push(builder.line(line.clone(), order, direction, &mut open));
        }
        ParagraphLayout { direction, lines }
    }

    /// Reads the text once: each char with its properties and joining
    /// context, and the facts that choose the paths below.
    fn analyze(&mut self, text: &str) -> Analysis {
        let chars = &mut self.chars;
        chars.clear();
        let table = props::table();
        let mut counts = StrongCounts::default();
        let mut classes = 0u32;
        let mut simple = true;
        // The last non-transparent char and its joining bits.
        let mut last: Option<usize> = None;
        let mut last_join = 0;
        let bytes = text.as_bytes();
        let mut offset = 0;
        while let Some(&b) = bytes.get(offset) {
            // One- and two-byte chars (Latin, Arabic) decoded here: this
            // loop runs over every char of a book.
            let (c, len) = match (b, bytes.get(offset + 1)) {
                (0..0x80, _) => (char::from(b), 1),
                (0xC0..0xE0, Some(&b1)) => {
                    let u = u32::from(b & 0x1F) << 6 | u32::from(b1 & 0x3F);
                    (char::from_u32(u).unwrap_or('\u{FFFD}'), 2)
                }
                _ => {
                    let c = text[offset..].chars().next().unwrap_or('\u{FFFD}');
                    (c, c.len_utf8())
                }
            };
            let p = props::props_in(table, c);
            counts.ltr += usize::from(p.class == BidiClass::L);
            counts.rtl += usize::from(matches!(p.class, BidiClass::R | BidiClass::AL));
            classes |= 1 << p.class as u32;
            simple &= p.has(SIMPLE_BASE | SIMPLE_MARK);
            let mut links = 0;
            if p.join & TRANSPARENT == 0 {
                // One link joins both sides: `last` to the next, this to the previous.
                if p.join & JOINS_BACKWARD != 0 && last_join & JOINS_FORWARD != 0 {
                    links = JOINS_PREV;
                    if let Some(k) = last {
                        chars[k].links |= JOINS_NEXT;
                    }
                }
                last = Some(chars.len());
                last_join = p.join;
            }
            chars.push(Char {
                offset: offset as u32,
                c,
                props: p,
                links,
            });
            offset += len;
        }
        Analysis {
            counts,
            classes,
            simple,
            ascii: text.is_ascii(),
        }
    }

    /// Shapes and clusters text made only of simple bases and marks in one
    /// pass: a cluster is a base and the marks after it (as in
    /// [`super::cluster`]), a lam-alef ligature a cluster of its own.
    /// Gives exactly what [`Scratch::general_clusters`] gives.
    fn simple_clusters(&mut self, text_len: usize, shaping: bool) {
        let Scratch {
            chars,
            shaped,
            clusters,
            info,
            ..
        } = self;
        shaped.clear();
        clusters.clear();
        info.clear();
        // Shaping turns two bytes into three at most.
        shaped.reserve(text_len + text_len / 2);
        clusters.reserve(chars.len());
        info.reserve(chars.len());
        let mut i = 0;
        while let Some(&ch) = chars.get(i) {
            if ch.props.has(SIMPLE_MARK) {
                match (clusters.last_mut(), info.last_mut()) {
                    (Some(last), Some(inf)) => {
                        if last.start == last.end {
                            // Its one char, not written yet (see below).
                            last.start = shaped.len() as u32;
                            shaped.push(inf.glyph);
                        }
                        shaped.push(ch.c);
                        last.end = shaped.len() as u32;
                        if last.kind == ClusterKind::Space {
                            // A mark on a space makes it visible text (one cell).
                            last.kind = ClusterKind::Text;
                        }
                        inf.source.1 = ch.end();
                        inf.extend(ch.props.flags);
                    }
                    _ => {
                        let start = shaped.len() as u32;
                        shaped.push(ch.c);
                        clusters.push(Cluster {
                            start,
                            end: shaped.len() as u32,
                            width: 0,
                            kind: ClusterKind::Text,
                        });
                        info.push(Info::of_char(&ch, i));
                    }
                }
                i += 1;
                continue;
            }
            // The text of a cluster that is one char is not written to
            // `shaped`: its `glyph` is enough, and most clusters are one
            // char. It is written when a mark comes.
            let start = shaped.len() as u32;
            // Arabic letters and their presentation forms share their bidi
            // class and have none of the flags (a test checks it), so the
            // logical char's properties stand for the shaped one's.
            let mut inf = Info::of_char(&ch, i);
            let mut next = i + 1;
            if shaping && ch.props.join & SHAPES != 0 {
                if ch.c == LAM
                    && let Some((j, row)) = lam_alef(chars, i)
                {
                    inf.glyph = row[form_index(ch.links & JOINS_PREV != 0, false)];
                    // Marks between lam and alef follow the ligature.
                    if j > i + 1 {
                        shaped.push(inf.glyph);
                        for m in &chars[i + 1..j] {
                            shaped.push(m.c);
                            inf.extend(m.props.flags);
                        }
                    }
                    inf.source.1 = chars[j].end();
                    next = j + 1;
                } else {
                    inf.glyph = form_of(ch.c, ch.form());
                }
            }
            clusters.push(Cluster {
                start,
                end: shaped.len() as u32,
                width: 1,
                kind: if ch.c == ' ' {
                    ClusterKind::Space
                } else {
                    ClusterKind::Text
                },
            });
            info.push(inf);
            i = next;
        }
    }

    /// Shapes and clusters any text: [`shape`], then [`clusters`], then
    /// each cluster's logical range and flags.
    fn general_clusters(&mut self, text: &str, shaping: bool) {
        let shaped = if shaping {
            shape(text)
        } else {
            Shaped::identity(text)
        };
        self.clusters = clusters(&shaped.text);
        self.info.clear();
        let mut chars = shaped.text.char_indices().zip(&shaped.source).peekable();
        for c in &self.clusters {
            let mut info: Option<Info> = None;
            while let Some(&((at, ch), &(start, end))) = chars.peek() {
                if at >= c.end as usize {
                    break;
                }
                chars.next();
                let p = props(ch);
                match info.as_mut() {
                    Some(info) => {
                        info.source = (info.source.0.min(start), info.source.1.max(end));
                        info.extend(p.flags);
                    }
                    None => {
                        info = Some(Info {
                            source: (start, end),
                            first: 0,
                            glyph: ch,
                            level: 0,
                            class: p.class,
                            flags: p.flags & INFO_FLAGS,
                        });
                    }
                }
            }
            if let Some(info) = info.as_mut() {
                info.glyph = match c.kind {
                    ClusterKind::Text => info.glyph,
                    ClusterKind::Space if c.width == 1 => ' ',
                    _ => '\0',
                };
            }
            self.info.push(info.unwrap_or(Info {
                source: (0, 0),
                first: 0,
                glyph: '\0',
                level: 0,
                class: BidiClass::L,
                flags: 0,
            }));
        }
        self.shaped = shaped.text;
    }

    /// UAX #9 resolved levels per cluster by [`Resolver`], on the logical
    /// chars: shaping keeps every class (letters and forms are all AL) and
    /// a lam-alef ligature resolves as its lam, the first char of its cluster.
    fn resolve_simple_levels(&mut self, para_level: u8) {
        let chars = &self.chars;
        // The classes side by side, for the resolver's passes.
        self.classes.clear();
        self.classes.extend(chars.iter().map(|c| c.props.class));
        self.resolver
            .resolve(&self.classes, |i| chars[i].c, para_level, &mut self.levels);
        for info in &mut self.info {
            info.level = self.levels[info.first as usize];
        }
    }

    /// UAX #9 resolved levels (rules P/X/W/N/I, by unicode-bidi) per cluster.
    fn resolve_levels(&mut self, direction: Direction) {
        let base = if direction.is_rtl() {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let bidi = ParagraphBidiInfo::new_with_data_source(&FastBidiData, &self.shaped, Some(base));
        for (c, info) in self.clusters.iter().zip(&mut self.info) {
            info.level = bidi.levels[c.start as usize].number();
        }
    }
}

/// When the lam at `i` is followed (past transparent marks) by an alef that
/// forms a ligature with it, that alef's index and the ligature's forms.
/// (The rule of [`shape`], on the analysed chars.)
fn lam_alef(chars: &[Char], i: usize) -> Option<(usize, &'static [char; 4])> {
    // A bidi control between them (transparent for joining) blocks the
    // ligature, which would otherwise swallow it into one cell.
    let j = (i + 1..chars.len())
        .find(|&k| chars[k].props.join & TRANSPARENT == 0 || is_bidi_control(chars[k].c))?;
    lam_alef_forms(chars[j].c).map(|row| (j, row))
}

/// True when UAX #9 must resolve every character to the paragraph level: an
/// RTL paragraph with no L, EN, AN, explicit formatting or separators (its
/// neutrals and marks all resolve to R, rules W1–W7, N0–N2), or an LTR one
/// with no R, AL, AN, explicit formatting or separators (EN after sos L
/// becomes L, W7), or an ASCII LTR one. Most Arabic prose is the first
/// kind; the full algorithm is skipped for them. Shaping changes no class
/// that matters here (letters and their forms are all AL).
fn single_level(a: &Analysis, direction: Direction) -> bool {
    if direction.is_rtl() {
        a.classes & !RTL_SINGLE == 0
    } else {
        a.ascii || a.classes & !LTR_SINGLE == 0
    }
}

/// The display order of a line's clusters.
enum Order<'a> {
    /// All at the paragraph level: in logical order, or reversed.
    Run { reversed: bool },
    /// Cluster indices and levels, left to right.
    Items(&'a [(usize, u8)]),
}

/// Builds the visual lines of one paragraph.
struct LineBuilder<'a> {
    shaped: &'a str,
    clusters: &'a [Cluster],
    info: &'a [Info],
    para_level: u8,
    styles: &'a [(Range<usize>, Style)],
    /// The style of the whole text when it has one.
    single_style: Option<Style>,
    visual: bool,
    /// The column width, at least 1.
    column: usize,
    opts: &'a LayoutOptions,
}

impl LineBuilder<'_> {
    fn style_at(&self, offset: usize) -> Style {
        if let Some(style) = self.single_style {
            return style;
        }
        let i = self.styles.partition_point(|(r, _)| r.end <= offset);
        self.styles.get(i).map(|(_, s)| *s).unwrap_or_default()
    }

    /// The visual line of the clusters `line`, shown in `order`.
    fn line(
        &self,
        line: Range<usize>,
        order: Order,
        direction: Direction,
        open: &mut OpenControls,
    ) -> VisualLine {
        // Shaping makes at most three bytes of two.
        let bytes = match (self.info.get(line.start), line.end.checked_sub(1)) {
            (Some(first), Some(last)) => {
                let logical = self.info[last].source.1.saturating_sub(first.source.0) as usize;
                logical + logical / 2
            }
            _ => 0,
        };
        let mut out = VisualLine {
            text: String::with_capacity(bytes),
            glyphs: Vec::with_capacity(line.len()),
            ..VisualLine::default()
        };
        let logical = !self.visual;
        if logical {
            // Riding on the first glyph, like the controls it repeats.
            out.text.extend(open.stack.iter());
        }
        let level = self.para_level;
        match order {
            Order::Run { reversed: true } => {
                for k in line.rev() {
                    self.push_glyph(&mut out, k, level, open);
                }
            }
            Order::Run { reversed: false } => {
                for k in line {
                    self.push_glyph(&mut out, k, level, open);
                }
            }
            Order::Items(items) => {
                for &(k, level) in items {
                    self.push_glyph(&mut out, k, level, open);
                }
            }
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

    #[inline(always)]
    fn push_glyph(&self, out: &mut VisualLine, k: usize, level: u8, open: &mut OpenControls) {
        let c = self.clusters[k];
        let info = &self.info[k];
        let width = if info.glyph != '\0'
            && info.flags & MIRRORED == 0
            && usize::from(c.width) <= self.column
        {
            // Most glyphs: one char shown as it is.
            out.text.push(info.glyph);
            usize::from(c.width)
        } else {
            match self.push_other(&mut out.text, c, info.glyph, level, open) {
                Some(width) => width,
                None => return,
            }
        };
        let (source_start, source_end) = info.source;
        out.width += width;
        out.glyphs.push(Glyph {
            end: out.text.len() as u32,
            source_start,
            source_end,
            width: width as u16,
            style: self.style_at(source_start as usize),
        });
    }

    /// Writes any other cluster (kept out of the loop above); its width,
    /// or `None` when it is not shown at all.
    #[inline(never)]
    fn push_other(
        &self,
        text: &mut String,
        c: Cluster,
        glyph: char,
        level: u8,
        open: &mut OpenControls,
    ) -> Option<usize> {
        let mut buf = [0; 4];
        let g = if c.start == c.end {
            // A one-char cluster of the simple path.
            glyph.encode_utf8(&mut buf)
        } else {
            &self.shaped[c.start as usize..c.end as usize]
        };
        let width = usize::from(c.width);
        match c.kind {
            ClusterKind::Text if width > self.column => {
                // Wider than the whole column: a one-cell stand-in.
                text.push('\u{FFFD}');
                return Some(1);
            }
            ClusterKind::Text if self.visual && level % 2 == 1 => {
                text.extend(g.chars().map(mirror))
            }
            ClusterKind::Text => text.push_str(g),
            ClusterKind::Space => text.extend(std::iter::repeat_n(' ', width)),
            ClusterKind::Control => text.push(control_picture(g)),
            // Removed by X9: shown, they would let a terminal reorder again.
            ClusterKind::BidiControl if self.visual => return None,
            ClusterKind::BidiControl => g.chars().for_each(|c| open.feed(c, text)),
        }
        Some(width)
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

    fn is_single_level(text: &str, direction: Direction) -> bool {
        let a = Scratch::default().analyze(text);
        single_level(&a, direction)
    }

    /// Prose pieces, mostly of the simple path (Arabic letters and forms,
    /// every lam-alef with marks between, tashkeel, Latin, digits of three
    /// kinds, brackets, quotes, separators), and a few that are not.
    const PROSE: &[&str] = &[
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

    fn options() -> impl Strategy<Value = LayoutOptions> {
        (
            prop_oneof![1usize..=12, 1usize..=90],
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(
                &[
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

        /// The fast paths (one-pass shaping and clustering, the own level
        /// resolver) lay out exactly as the general ones (shape, grapheme
        /// clusters, unicode-bidi).
        #[test]
        fn fast_paths_agree_with_general_paths(text in prose(), opts in options(), cuts in prop::collection::vec(any::<usize>(), 0..4)) {
            let styles = styles(&text, &cuts);
            let fast = Scratch::default().layout(&text, &styles, &opts, false);
            let general = Scratch::default().layout(&text, &styles, &opts, true);
            prop_assert_eq!(fast, general, "{:?}", text);
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
