//! Composing rows: laying out each text with the engine and placing markers,
//! indents and rules around it.

use super::{Anchor, Composed, HEADING, Hit, Isolate, Part, Role, Row, Run, Token};
use crate::labels::Labels;
use crate::model::{Article, Block, DirectionSetting, Text, walk};
use crate::search::Query;
use crate::text::{
    Direction, LayoutOptions, Ordering, VisualLine, document_direction, layout_paragraph,
    layout_paragraph_with,
};
use std::ops::Range;
use std::sync::Arc;

/// Whether the FAQ is part of the composed article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaqMode {
    /// Left out (the reader shows it in its own pane).
    Omit,
    /// Every answer shown under its question (the dump).
    Expanded,
}

/// How to compose.
#[derive(Clone, Copy, Debug)]
pub struct ComposeOptions {
    /// Width in cells.
    pub width: usize,
    /// Engine options; `width` and `document_dir` are set per text.
    pub layout: LayoutOptions,
    /// qari's own labels.
    pub labels: &'static Labels,
    /// Whether the FAQ is included.
    pub faq: FaqMode,
    /// List link targets as numbered references, as a text-mode browser
    /// does (the dump): each link's text is followed by `[n]`, and the
    /// paragraph, list or heading holding it by rows `[n] target`. Numbers
    /// run through the whole document (see [`compose_unit_numbered`]).
    pub link_refs: bool,
    /// Whether code blocks are coloured now, later or never.
    pub syntax: super::SyntaxColors,
}

/// [`Anchor::line`] of the first row of item `k` of a notes block: the
/// rule is line 0, and each note starts at a multiple of 2^16 (or after the
/// last row of the one before, if that is longer), so that `#fn-N` can be
/// found without composing the notes before it.
pub fn note_line(k: usize) -> u32 {
    u32::try_from(k + 1)
        .unwrap_or(u32::MAX)
        .saturating_mul(1 << 16)
}

/// Search hits to mark while composing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// What is searched.
    pub query: Query,
    /// The current match: unit index and the match's number within the
    /// unit, counted in the order of [`unit_texts`].
    pub current: Option<(usize, usize)>,
}

/// Indent of FAQ answers, in cells.
const INDENT: usize = 2;

/// The width of the rule above footnotes, in cells.
const NOTES_RULE: usize = 10;

/// What stands before a row on its reading-start side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Prefix {
    /// Blank cells at the very start.
    pub(super) indent: usize,
    /// Quote bars and list marker, as read in LTR (mirrored for RTL).
    pub(super) text: String,
}

/// Builds rows one at a time.
pub(super) struct Composer<'a> {
    pub(super) opts: &'a ComposeOptions,
    pub(super) doc_dir: Direction,
    pub(super) rows: Vec<Row>,
    /// Where rows go instead of [`Composer::rows`], if set: the dump writes
    /// each row out at once.
    sink: Option<&'a mut dyn FnMut(&Row)>,
    /// The last row handed to the sink: its buffers are reused for the next.
    spare: Option<Row>,
    /// A row has been built.
    any_rows: bool,
    /// Rows stand above the ones being built (from another unit).
    rows_above: bool,
    blank_pending: bool,
    anchor: Anchor,
    /// Hits to mark, with the index of the unit being composed.
    highlight: Option<(&'a Highlight, usize)>,
    /// Matches met so far in this unit.
    hits_seen: usize,
    /// The links of the text last passed through [`Composer::shown`]: byte
    /// ranges in the shown text and their targets, for [`Run::link`].
    pub(super) links: Vec<(Range<usize>, Arc<str>)>,
    /// The number of the next link reference (`link_refs` only).
    next_ref: usize,
    /// References marked in the text but not listed yet: number, target.
    pending_refs: Vec<(usize, Arc<str>)>,
}

/// The whole article as rows: title, source, FAQ (if asked), sections.
pub fn compose_article(article: &Article, opts: &ComposeOptions) -> Composed {
    let mut rows = Vec::new();
    let direction = for_each_row(article, opts, &mut |row| rows.push(row));
    Composed { rows, direction }
}

/// Composes the article like [`compose_article`] but hands each row to `sink`
/// as soon as its unit is done, so a book never has to be held in memory
/// (the dump streams this way). Returns the document's direction.
pub fn for_each_row(
    article: &Article,
    opts: &ComposeOptions,
    sink: &mut dyn FnMut(Row),
) -> Direction {
    let doc_dir = article_direction(article);
    let mut first_ref = 1;
    for unit in units(article, opts.faq) {
        compose_unit_numbered(article, unit, opts, doc_dir, first_ref)
            .into_iter()
            .for_each(&mut *sink);
        if opts.link_refs {
            first_ref += unit_links(article, unit);
        }
    }
    doc_dir
}

/// The number of links in `unit` (runs of spans with the same target), as
/// [`ComposeOptions::link_refs`] numbers them. Counting is cheap (no
/// layout), so the dump counts every unit in order before composing them
/// in parallel, each from its own first number.
pub fn unit_links(article: &Article, unit: Unit) -> usize {
    let mut n = 0;
    unit_texts(article, unit, &mut |t| {
        n += link_groups(t).iter().filter(|(_, h)| is_listed(h)).count()
    });
    n
}

/// Each link of `text`: its byte range in `to_plain()` and its target
/// (adjacent spans with the same target are one link).
pub fn link_groups(text: &Text) -> Vec<(Range<usize>, &str)> {
    let mut out: Vec<(Range<usize>, &str)> = Vec::new();
    let mut at = 0;
    for span in &text.spans {
        let range = at..at + span.text.len();
        at = range.end;
        let Some(href) = span.href.as_deref() else {
            continue;
        };
        match out.last_mut() {
            Some((r, h)) if r.end == range.start && *h == href => r.end = range.end,
            _ => out.push((range, href)),
        }
    }
    out
}

/// True for a target the dump lists as a reference: not one inside the
/// document (`#anchor`, a footnote marker's `#fn-N`), which the reader
/// already sees where it points.
fn is_listed(href: &str) -> bool {
    !href.starts_with('#')
}

/// `text` with `[n]` after each link, numbered from `*next`, the targets
/// pushed on `refs` (in-document targets are not listed: see [`is_listed`]).
fn with_ref_markers(text: &Text, next: &mut usize, refs: &mut Vec<(usize, Arc<str>)>) -> Text {
    let mut out = Text::default();
    let mut open: Option<&str> = None;
    let mut close = |out: &mut Text, open: &mut Option<&str>| {
        if let Some(href) = open.take().filter(|h| is_listed(h)) {
            out.push_str(&format!("[{next}]"), crate::model::Style::default());
            refs.push((*next, Arc::from(href)));
            *next += 1;
        }
    };
    for span in &text.spans {
        if open.is_some() && open != span.href.as_deref() {
            close(&mut out, &mut open);
        }
        out.push_link(&span.text, span.style, span.href.as_deref());
        open = span.href.as_deref();
    }
    close(&mut out, &mut open);
    out
}

/// The article's direction: as declared in its metadata, else what
/// [`document_direction`] finds in its texts, the FAQ's last
/// ([`walk::direction_texts`]: a book shown from its beginning reads the way
/// the whole does, a FAQ found late included).
pub fn article_direction(article: &Article) -> Direction {
    match article.meta.direction {
        DirectionSetting::Rtl => Direction::Rtl,
        DirectionSetting::Ltr => Direction::Ltr,
        DirectionSetting::Auto => {
            document_direction(walk::prose_strs(walk::direction_texts(article)))
        }
    }
}

/// A piece of the article composed on its own: a unit's rows never depend on
/// another unit's, so a book is laid out one unit at a time — lazily around
/// the viewport in the reader, on several threads in the dump — and the
/// result is the same as composing it whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// The title and the source line.
    Title,
    /// The FAQ label (expanded FAQ only).
    FaqLabel,
    /// A FAQ question with its answer (expanded FAQ only).
    FaqEntry(u32),
    /// A section's heading.
    Heading(u32),
    /// Top-level block `block` of section `section`; `first` is the
    /// [`Anchor::block`] of its first paragraph or list (quotes hold several).
    Block {
        /// Index in `Article::sections`.
        section: u32,
        /// Index in the section's blocks.
        block: u32,
        /// Anchor block number of its first leaf.
        first: u32,
    },
}

impl Unit {
    /// The part of the article the unit belongs to.
    pub fn part(self) -> Part {
        match self {
            Unit::Title => Part::Title,
            Unit::FaqLabel => Part::Faq(0),
            Unit::FaqEntry(i) => Part::Faq(i as usize),
            Unit::Heading(s) | Unit::Block { section: s, .. } => Part::Section(s as usize),
        }
    }
}

/// The article's units in reading order.
pub fn units(article: &Article, faq: FaqMode) -> Vec<Unit> {
    let mut out = vec![Unit::Title];
    if faq == FaqMode::Expanded && !article.faq.is_empty() {
        out.push(Unit::FaqLabel);
        out.extend((0..article.faq.len()).map(|i| Unit::FaqEntry(i as u32)));
    }
    for (s, section) in article.sections.iter().enumerate() {
        let s = s as u32;
        if section.heading.is_some() {
            out.push(Unit::Heading(s));
        }
        let mut first = 1;
        for (b, block) in section.blocks.iter().enumerate() {
            out.push(Unit::Block {
                section: s,
                block: b as u32,
                first,
            });
            let leaves = walk::leaves(std::slice::from_ref(block)).count();
            first = first.saturating_add(u32::try_from(leaves).unwrap_or(u32::MAX));
        }
    }
    out
}

/// The text of block `block` of `part` as written (logical order, no
/// shaping): a paragraph, or a list's items one per line, or the title or a
/// heading for [`HEADING`]; what `y` copies.
pub fn block_text(article: &Article, part: Part, block: u32) -> Option<String> {
    let blocks = match part {
        Part::Title => return (block == HEADING).then(|| article.title.to_plain()),
        Part::Faq(i) => &article.faq.get(i)?.answer,
        Part::Section(i) => {
            let section = article.sections.get(i)?;
            if block == HEADING {
                return section.heading.as_ref().map(Text::to_plain);
            }
            &section.blocks
        }
    };
    // Leaves are numbered from 1 like anchors.
    let leaf = walk::leaves(blocks).find(|leaf| leaf.index == block)?;
    if let Block::Table(table) = leaf.block {
        // Cells separated by tabs, as spreadsheets paste them.
        return Some(table.to_plain());
    }
    let lines: Vec<String> = leaf.texts().iter().map(Text::to_plain).collect();
    Some(lines.join("\n"))
}

/// Calls `f` on each article text of `unit`, in the order it is composed
/// (the order search hits are numbered in).
pub fn unit_texts(article: &Article, unit: Unit, f: &mut dyn FnMut(&Text)) {
    match unit {
        Unit::Title => f(&article.title),
        Unit::FaqLabel => {}
        Unit::FaqEntry(i) => {
            if let Some(e) = article.faq.get(i as usize) {
                f(&e.question);
                walk::block_texts(&e.answer).for_each(f);
            }
        }
        Unit::Heading(s) => {
            if let Some(h) = article
                .sections
                .get(s as usize)
                .and_then(|s| s.heading.as_ref())
            {
                f(h);
            }
        }
        Unit::Block { section, block, .. } => {
            if let Some(b) = article
                .sections
                .get(section as usize)
                .and_then(|s| s.blocks.get(block as usize))
            {
                walk::block_texts(std::slice::from_ref(b)).for_each(f);
            }
        }
    }
}

/// The rows of one unit, with the blank row that separates it from the one
/// above (every unit but the title has one, if it has rows at all).
/// `doc_dir` is [`article_direction`] of the article, computed once.
pub fn compose_unit(
    article: &Article,
    unit: Unit,
    opts: &ComposeOptions,
    doc_dir: Direction,
) -> Vec<Row> {
    compose_unit_highlighted(article, unit, opts, doc_dir, None)
}

/// [`compose_unit`] with the unit's link references (when
/// [`ComposeOptions::link_refs`]) numbered from `first_ref`: the sum of
/// [`unit_links`] over the units before it, plus one. Numbering runs
/// through the document, as in a text-mode browser, and units stay
/// independent: each is given its first number.
pub fn compose_unit_numbered(
    article: &Article,
    unit: Unit,
    opts: &ComposeOptions,
    doc_dir: Direction,
    first_ref: usize,
) -> Vec<Row> {
    compose_with(article, unit, opts, doc_dir, None, first_ref, None)
}

/// [`compose_unit_numbered`] handing each row to `sink` as soon as it is
/// built (and laying out each paragraph line by line): the dump's way, so
/// that a huge paragraph is never held in memory as rows.
pub fn compose_unit_numbered_each(
    article: &Article,
    unit: Unit,
    opts: &ComposeOptions,
    doc_dir: Direction,
    first_ref: usize,
    sink: &mut dyn FnMut(&Row),
) {
    compose_with(article, unit, opts, doc_dir, None, first_ref, Some(sink));
}

/// [`compose_unit`] with search hits marked; `highlight` holds the unit's
/// index (to tell the current match).
pub fn compose_unit_highlighted(
    article: &Article,
    unit: Unit,
    opts: &ComposeOptions,
    doc_dir: Direction,
    highlight: Option<(&Highlight, usize)>,
) -> Vec<Row> {
    compose_with(article, unit, opts, doc_dir, highlight, 1, None)
}

fn compose_with<'a>(
    article: &Article,
    unit: Unit,
    opts: &'a ComposeOptions,
    doc_dir: Direction,
    highlight: Option<(&'a Highlight, usize)>,
    first_ref: usize,
    sink: Option<&'a mut dyn FnMut(&Row)>,
) -> Vec<Row> {
    let mut c = Composer::with_direction(doc_dir, opts);
    if sink.is_some() {
        c.spare = SPARE_ROW.take();
    }
    c.sink = sink;
    c.highlight = highlight;
    c.next_ref = first_ref;
    if unit != Unit::Title {
        // Something stands above: blank separators are due.
        c.rows_above = true;
    }
    match unit {
        Unit::Title => c.title(article),
        Unit::FaqLabel => {
            c.at(Part::Faq(0), HEADING);
            c.blank();
            c.underlined(&Text::plain(opts.labels.faq), Role::Heading, '─');
        }
        Unit::FaqEntry(i) => {
            if let Some(entry) = article.faq.get(i as usize) {
                c.at(Part::Faq(i as usize), HEADING);
                c.blank();
                c.text(&entry.question, &Prefix::default(), "", Role::Question);
                c.blocks(&entry.answer, INDENT, false, 1);
            }
        }
        Unit::Heading(s) => {
            if let Some(section) = article.sections.get(s as usize)
                && let Some(h) = section.heading.as_ref()
            {
                c.at(Part::Section(s as usize), HEADING);
                c.blank();
                // Levels 1 and 2 are underlined; 3 and deeper stand on
                // their own line in the heading colour, so the two ranks
                // read apart in either direction.
                if section.level() <= 2 {
                    c.underlined(h, Role::Heading, '─');
                } else {
                    c.text(h, &Prefix::default(), "", Role::Heading);
                }
                c.list_refs(&Prefix::default());
            }
        }
        Unit::Block {
            section,
            block,
            first,
        } => {
            let blocks = article
                .sections
                .get(section as usize)
                .and_then(|s| s.blocks.get(block as usize));
            if let Some(b) = blocks {
                c.at(Part::Section(section as usize), HEADING);
                c.blocks(std::slice::from_ref(b), 0, true, first);
            }
        }
    }
    c.list_refs(&Prefix::default());
    if let Some(spare) = c.spare.take()
        && spare.text.capacity() <= SPARE_KEEP
    {
        SPARE_ROW.set(Some(spare));
    }
    c.rows
}

thread_local! {
    /// The buffers of the last row handed to a sink on this thread, for the
    /// next unit's first row (see [`Composer::spare`]).
    static SPARE_ROW: std::cell::Cell<Option<Row>> = const { std::cell::Cell::new(None) };
}

/// A spare row whose text grew past this many bytes (a huge table row) is
/// not kept for the next unit.
const SPARE_KEEP: usize = 1 << 16;

/// The FAQ pane: one question per entry behind a disclosure mark (▸ closed
/// in LTR, ◂ closed in RTL, ▾ open), and the answers of the open entries.
pub fn compose_faq(
    article: &Article,
    opts: &ComposeOptions,
    open: &[bool],
    highlight: Option<&Highlight>,
) -> Composed {
    let mut c = Composer::new(article, opts);
    // No current match in the pane: `n` walks the article.
    c.highlight = highlight.map(|h| (h, usize::MAX));
    let closed_mark = if c.doc_dir.is_rtl() { "◂ " } else { "▸ " };
    for (i, entry) in article.faq.iter().enumerate() {
        let is_open = open.get(i).copied().unwrap_or(false);
        c.at(Part::Faq(i), HEADING);
        let mark = if is_open { "▾ " } else { closed_mark };
        c.text(&entry.question, &Prefix::default(), mark, Role::Question);
        if is_open {
            c.blocks(&entry.answer, INDENT, false, 1);
            c.blank();
        }
    }
    c.finish()
}

/// The rows of one text on its own (a note in a popup): laid out at
/// `opts.width` in a document of direction `dir`.
pub fn compose_text(text: &Text, opts: &ComposeOptions, dir: Direction) -> Vec<Row> {
    let mut c = Composer::with_direction(dir, opts);
    c.text(text, &Prefix::default(), "", Role::Body);
    c.finish().rows
}

impl<'a> Composer<'a> {
    fn new(article: &Article, opts: &'a ComposeOptions) -> Composer<'a> {
        Composer::with_direction(article_direction(article), opts)
    }

    fn with_direction(doc_dir: Direction, opts: &'a ComposeOptions) -> Composer<'a> {
        Composer {
            opts,
            doc_dir,
            rows: Vec::new(),
            sink: None,
            spare: None,
            any_rows: false,
            rows_above: false,
            blank_pending: false,
            highlight: None,
            hits_seen: 0,
            links: Vec::new(),
            next_ref: 1,
            pending_refs: Vec::new(),
            anchor: Anchor {
                part: Part::Title,
                block: HEADING,
                line: 0,
            },
        }
    }

    fn finish(self) -> Composed {
        Composed {
            rows: self.rows,
            direction: self.doc_dir,
        }
    }

    /// Rows pushed from now on belong to `part`, block `block`.
    pub(super) fn at(&mut self, part: Part, block: u32) {
        self.anchor = Anchor {
            part,
            block,
            line: 0,
        };
    }

    /// A blank row before the next row (never two, never at the top).
    pub(super) fn blank(&mut self) {
        self.blank_pending = self.rows_above || self.any_rows;
    }

    fn title(&mut self, a: &Article) {
        self.underlined(&a.title, Role::Title, '═');
        let mut meta: Vec<&str> = Vec::new();
        // The author, the publisher, the date; an author who is the
        // publisher once.
        for field in [&a.meta.author, &a.meta.source, &a.meta.date] {
            if let Some(v) = field.as_deref()
                && !meta.contains(&v)
            {
                meta.push(v);
            }
        }
        if !meta.is_empty() {
            let line = format!("{} {}", self.opts.labels.source, meta.join(" · "));
            // qari's label and the metadata are not searched.
            let highlight = self.highlight.take();
            self.text(&Text::plain(line), &Prefix::default(), "", Role::Meta);
            self.highlight = highlight;
        }
    }

    /// Blocks in reading order ([`walk::leaves`]); quotes add a bar on the
    /// start side. `first` is the anchor block number of the first
    /// paragraph or list.
    fn blocks(&mut self, blocks: &[Block], indent: usize, blank_first: bool, first: u32) {
        let part = self.anchor.part;
        for leaf in walk::leaves(blocks) {
            let index = (first - 1).saturating_add(leaf.index);
            self.at(part, index);
            if blank_first || index > first {
                self.blank();
            }
            let prefix = Prefix {
                indent,
                text: "│ ".repeat(leaf.depth),
            };
            match leaf.block {
                Block::Paragraph(t) => self.text(t, &prefix, "", Role::Body),
                Block::Bullets(items) => items
                    .iter()
                    .for_each(|t| self.text(t, &prefix, "• ", Role::Body)),
                Block::Numbered(items) => {
                    for (n, t) in items.iter().enumerate() {
                        self.text(t, &prefix, &format!("{}. ", n + 1), Role::Body);
                    }
                }
                Block::Code(code) => self.code(code, &prefix),
                Block::Table(table) => self.table(table, &prefix),
                Block::Rule => self.rule(&prefix),
                Block::Notes(notes) => self.notes(notes, &prefix),
                // Not a leaf: the walk goes through it.
                Block::Quote(_) => {}
            }
            self.list_refs(&prefix);
        }
    }

    /// The rows `[n] target` of the references marked since the last call
    /// (see [`ComposeOptions::link_refs`]), under the block that holds them.
    fn list_refs(&mut self, prefix: &Prefix) {
        for (n, href) in std::mem::take(&mut self.pending_refs) {
            self.text(
                &Text::plain(format!("[{n}] {href}")),
                prefix,
                "",
                Role::Meta,
            );
        }
    }

    /// A thematic break: a short rule centred in the column.
    fn rule(&mut self, prefix: &Prefix) {
        let width = self.opts.width.saturating_sub(prefix.indent).min(24);
        let line = VisualLine {
            text: "─".repeat(width),
            width,
            ..VisualLine::default()
        };
        let pad = self.opts.width.saturating_sub(prefix.indent + width) / 2;
        let p = Prefix {
            indent: prefix.indent + pad,
            text: String::new(),
        };
        let dir = self.doc_dir;
        self.push(&line, (dir, dir), &p, Role::Decoration, &[]);
    }

    /// Footnotes: a short rule on the reading-start side, then each note
    /// behind its number in brackets, on the reading-start side like a list
    /// marker (`[12]` stays `[12]` in RTL: the brackets are mirrored).
    fn notes(&mut self, notes: &crate::model::Notes, prefix: &Prefix) {
        // Inside quotes the bars stand before the rule too; in a narrow
        // column they shrink first, as for text.
        let (bars, _) = fit_prefix(prefix, "", self.opts.width);
        let used = bars.indent + bars.text.chars().count();
        let width = self.opts.width.saturating_sub(used).clamp(1, NOTES_RULE);
        let line = VisualLine {
            text: "─".repeat(width),
            width,
            ..VisualLine::default()
        };
        let dir = self.doc_dir;
        self.push(&line, (dir, dir), &bars, Role::Decoration, &[]);
        for (k, t) in notes.items.iter().enumerate() {
            let n = u64::from(notes.start) + k as u64;
            // Note k's rows start at a line a link can name (`#fn-N`).
            self.anchor.line = self.anchor.line.max(note_line(k));
            self.text(t, prefix, &format!("[{n}] "), Role::Body);
        }
    }

    /// A title or heading with a rule under it as wide as its widest line.
    fn underlined(&mut self, text: &Text, role: Role, rule: char) {
        let text = &*self.shown(text);
        let hits = self.hits(text);
        let bare = Prefix::default();
        let mut widest = 0;
        // Composed line by line as laid out (a huge title too).
        let opts = self.layout_options(self.opts.width);
        let direction = layout_paragraph_with(text, &opts, &mut |direction, line| {
            widest = widest.max(line.width);
            self.push(line, (direction, direction), &bare, role, &hits);
        });
        let rule_line = VisualLine {
            text: rule.to_string().repeat(widest),
            width: widest,
            ..VisualLine::default()
        };
        self.push(
            &rule_line,
            (direction, direction),
            &bare,
            Role::Decoration,
            &[],
        );
    }

    /// Lays out `text` after `prefix` and a list `marker` (shown on the first
    /// line; blank cells under it on the others).
    pub(super) fn text(&mut self, text: &Text, prefix: &Prefix, marker: &str, role: Role) {
        let text = &*self.shown(text);
        let hits = self.hits(text);
        self.text_with_hits(text, &hits, prefix, marker, role);
    }

    /// [`Composer::text`] of a text already [`Composer::shown`], with its
    /// search hits given.
    pub(super) fn text_with_hits(
        &mut self,
        text: &Text,
        hits: &[(Range<usize>, Hit)],
        prefix: &Prefix,
        marker: &str,
        role: Role,
    ) {
        let (prefix, marker) = fit_prefix(prefix, marker, self.opts.width);
        let prefix = &prefix;
        let marker_width = marker.chars().count();
        let prefix_width = prefix.indent + prefix.text.chars().count() + marker_width;
        let inner = self.opts.width.saturating_sub(prefix_width).max(1);
        // Each line is composed as it is laid out: a huge paragraph is
        // never held as lines.
        let opts = self.layout_options(inner);
        // The prefix of the first line (with the marker) and of the others
        // (blanks under it), built once.
        let first_prefix = Prefix {
            indent: prefix.indent,
            text: format!("{}{marker}", prefix.text),
        };
        let other_prefix = Prefix {
            indent: prefix.indent,
            text: format!("{}{}", prefix.text, " ".repeat(marker_width)),
        };
        let mut first = true;
        layout_paragraph_with(text, &opts, &mut |direction, line| {
            let p = if std::mem::take(&mut first) {
                &first_prefix
            } else {
                &other_prefix
            };
            self.push(line, (direction, direction), p, role, hits);
        });
    }

    /// `text` as the options show it (digits, tashkeel; `[n]` after each
    /// link with `link_refs`), mapped once here so that the hits and the
    /// layout read the same offsets. Also records its links for the rows'
    /// [`Run::link`]: call it once per text, just before laying it out.
    pub(super) fn shown<'t>(&mut self, text: &'t Text) -> std::borrow::Cow<'t, Text> {
        use std::borrow::Cow;
        let layout = &self.opts.layout;
        let has_links = text.spans.iter().any(|s| s.href.is_some());
        let shown = if self.opts.link_refs && has_links {
            let marked = with_ref_markers(text, &mut self.next_ref, &mut self.pending_refs);
            let mapped =
                crate::text::display::display_text(&marked, layout.digits, layout.tashkeel)
                    .into_owned();
            Cow::Owned(mapped)
        } else {
            crate::text::display::display_text(text, layout.digits, layout.tashkeel)
        };
        self.links = match has_links {
            true => link_groups(&shown)
                .into_iter()
                .map(|(r, h)| (r, Arc::from(h)))
                .collect(),
            false => Vec::new(),
        };
        shown
    }

    /// The search hits in `text` (as shown; logical byte ranges), numbered
    /// on from the hits met before in this unit.
    pub(super) fn hits(&mut self, text: &Text) -> Vec<(Range<usize>, Hit)> {
        let Some((h, unit)) = self.highlight else {
            return Vec::new();
        };
        let found = h.query.find_in(&text.to_plain());
        let first = self.hits_seen;
        self.hits_seen += found.len();
        found
            .into_iter()
            .enumerate()
            .map(|(k, r)| {
                let hit = if h.current == Some((unit, first + k)) {
                    Hit::Current
                } else {
                    Hit::Match
                };
                (r, hit)
            })
            .collect()
    }

    /// The engine's options for a text laid out `width` cells wide.
    fn layout_options(&self, width: usize) -> LayoutOptions {
        LayoutOptions {
            width,
            document_dir: self.doc_dir,
            ..self.opts.layout
        }
    }

    /// Adds a row built by the caller (a table's), after the blank row due
    /// if any; `direction` as in [`Row::direction`].
    pub(super) fn push_built(&mut self, row: RowBuilder, direction: Direction) {
        if std::mem::take(&mut self.blank_pending) {
            self.emit(Row {
                text: String::new(),
                width: 0,
                runs: Vec::new(),
                anchor: self.anchor,
                direction,
                isolates: Vec::new(),
            });
        }
        let row = row.finish(self.anchor, direction);
        self.emit(row);
        self.anchor.line += 1;
    }

    /// An empty row builder with the links of the text, on the buffers of
    /// the last row handed to the sink if any (no allocation per row).
    fn row_builder(&mut self) -> RowBuilder {
        let links = self.links.clone();
        match self.spare.take() {
            Some(Row {
                mut text,
                mut runs,
                mut isolates,
                ..
            }) => {
                text.clear();
                runs.clear();
                isolates.clear();
                RowBuilder {
                    text,
                    width: 0,
                    runs,
                    isolates,
                    links,
                }
            }
            None => RowBuilder {
                links,
                ..RowBuilder::default()
            },
        }
    }

    /// Hands `row` to the sink, or keeps it.
    fn emit(&mut self, row: Row) {
        self.any_rows = true;
        match self.sink.as_mut() {
            Some(sink) => {
                sink(&row);
                self.spare = Some(row);
            }
            None => self.rows.push(row),
        }
    }

    /// Composes one row: indent and prefix on the reading-start side of
    /// `dir`. `own` is the direction the line's text is set in: `dir` for a
    /// paragraph, its own for a label aligned to the interface's side.
    pub(super) fn push(
        &mut self,
        line: &VisualLine,
        (dir, own): (Direction, Direction),
        prefix: &Prefix,
        role: Role,
        hits: &[(Range<usize>, Hit)],
    ) {
        let prefix_width = prefix.text.chars().count();
        let mut row = self.row_builder();
        let pad = self
            .opts
            .width
            .saturating_sub(prefix.indent + prefix_width + line.width);
        let logical = self.opts.layout.ordering == Ordering::Logical;
        if logical {
            // The terminal reorders the row inside an isolate of direction
            // `own` (from its first to its last drawn cell): keep logical
            // order and only align. Blanks that lead the prefix (an indent
            // under a marker) must stay outside the isolate on the
            // reading-start side: on the right of an RTL row, so after it.
            let body = prefix.text.trim_start();
            let lead = prefix.text.len() - body.len();
            row.blank(if dir.is_rtl() {
                pad
            } else {
                prefix.indent + lead
            });
            let marker = body.trim_end();
            if own == dir || marker.is_empty() {
                // The marker reads first, and the isolate puts it on the
                // reading-start side.
                row.piece(body, Role::Decoration);
                row.line(line, role, hits);
            } else {
                // The text reads the other way: the marker goes last, so
                // the isolate puts it on the interface's reading-start side
                // as app mode does.
                row.line(line, role, hits);
                row.blank(1);
                row.piece(marker, Role::Decoration);
            }
        } else if dir.is_rtl() {
            row.blank(pad);
            row.line(line, role, hits);
            // The prefix reads first, so it goes on the right, mirrored.
            let mirrored: String = prefix.text.trim_end().chars().rev().map(mirror).collect();
            if !mirrored.trim().is_empty() {
                row.blank(1);
                row.piece(&rtl_number(&mirrored), Role::Decoration);
            }
        } else {
            row.blank(prefix.indent);
            row.piece(&prefix.text, Role::Decoration);
            row.line(line, role, hits);
        }
        self.push_built(row, own);
    }
}

/// The prefix and marker shrunk so that at least one cell of `width` is left
/// for the text: the marker is kept if it fits, then as many whole quote
/// bars ("│ ") as fit, then what is left of the indent. Without this, a
/// quote (or an indented FAQ answer) in a column narrower than its bars
/// gave rows wider than the column, since the text itself gets at least one
/// cell whatever the prefix takes.
pub(super) fn fit_prefix<'m>(prefix: &Prefix, marker: &'m str, width: usize) -> (Prefix, &'m str) {
    let mut room = width.saturating_sub(1);
    let marker = if marker.chars().count() <= room {
        marker
    } else {
        ""
    };
    room -= marker.chars().count();
    let mut text = String::new();
    for bar in prefix.text.split_inclusive(' ') {
        let cells = bar.chars().count();
        if cells > room {
            break;
        }
        room -= cells;
        text.push_str(bar);
    }
    let indent = prefix.indent.min(room);
    (Prefix { indent, text }, marker)
}

/// Accumulates a row's text and runs.
#[derive(Default)]
pub(super) struct RowBuilder {
    text: String,
    width: usize,
    runs: Vec<Run>,
    isolates: Vec<Isolate>,
    /// The links of the text whose lines are appended (logical byte
    /// ranges and targets): a glyph in link style whose source lies in one
    /// gets its target on its run.
    pub(super) links: Vec<(Range<usize>, Arc<str>)>,
}

impl RowBuilder {
    pub(super) fn blank(&mut self, n: usize) {
        self.text.extend(std::iter::repeat_n(' ', n));
        self.width += n;
    }

    pub(super) fn piece(&mut self, s: &str, role: Role) {
        let start = self.text.len();
        self.text.push_str(s);
        self.width += s.chars().count();
        self.runs.push(Run {
            range: start..self.text.len(),
            role,
            style: Default::default(),
            hit: Hit::No,
            link: None,
            token: None,
        });
    }

    /// Appends a laid-out line; glyphs whose logical source lies in one of
    /// `hits` are marked, and glyphs in link style get their link's target.
    pub(super) fn line(&mut self, line: &VisualLine, role: Role, hits: &[(Range<usize>, Hit)]) {
        self.line_tokens(line, role, hits, &[]);
    }

    /// [`RowBuilder::line`], with the code tokens of the line's logical
    /// byte ranges (sorted, apart) put on its glyphs.
    pub(super) fn line_tokens(
        &mut self,
        line: &VisualLine,
        role: Role,
        hits: &[(Range<usize>, Hit)],
        tokens: &[(Range<usize>, Token)],
    ) {
        let base = self.text.len();
        self.text.push_str(&line.text);
        self.width += line.width;
        if line.glyphs.is_empty() && !line.text.is_empty() {
            // Rules are built without glyphs: one run for the whole line.
            self.runs.push(Run {
                range: base..self.text.len(),
                role,
                style: Default::default(),
                hit: Hit::No,
                link: None,
                token: None,
            });
        }
        let linked = !self.links.is_empty() && line.glyphs.iter().any(|g| g.style.link);
        if hits.is_empty() && !linked && tokens.is_empty() {
            // The line's style runs (as `VisualLine::style_runs`), pushed
            // without a vector of their own.
            let mut glyphs = line.glyphs.iter();
            let Some(first) = glyphs.next() else { return };
            let push = |runs: &mut Vec<Run>, start: u32, end: u32, style| {
                runs.push(Run {
                    range: base + start as usize..base + end as usize,
                    role,
                    style,
                    hit: Hit::No,
                    link: None,
                    token: None,
                })
            };
            let (mut start, mut end, mut style) = (0, first.end, first.style);
            for g in glyphs {
                if g.style != style {
                    push(&mut self.runs, start, end, style);
                    (start, style) = (end, g.style);
                }
                end = g.end;
            }
            push(&mut self.runs, start, end, style);
            return;
        }
        let overlaps = |g: &crate::text::Glyph, r: &Range<usize>| {
            (g.source_start as usize) < r.end && (g.source_end as usize) > r.start
        };
        let mut start = base;
        for g in &line.glyphs {
            let end = base + g.end as usize;
            let hit = hits
                .iter()
                .find(|(r, _)| overlaps(g, r))
                .map_or(Hit::No, |(_, h)| *h);
            let link = match g.style.link {
                true => self
                    .links
                    .iter()
                    .find(|(r, _)| overlaps(g, r))
                    .map(|(_, h)| Arc::clone(h)),
                false => None,
            };
            let token = token_at(tokens, g.source_start as usize);
            match self.runs.last_mut() {
                Some(run)
                    if run.range.end == start
                        && run.role == role
                        && run.style == g.style
                        && run.hit == hit
                        && run.link == link
                        && run.token == token =>
                {
                    run.range.end = end;
                }
                _ => self.runs.push(Run {
                    range: start..end,
                    role,
                    style: g.style,
                    hit,
                    link,
                    token,
                }),
            }
            start = end;
        }
    }

    /// [`RowBuilder::line`] in an isolate of its own of `direction` (see
    /// [`Row::isolates`]).
    pub(super) fn isolated_line(
        &mut self,
        line: &VisualLine,
        role: Role,
        hits: &[(Range<usize>, Hit)],
        direction: Direction,
    ) {
        let start = self.text.len();
        self.line(line, role, hits);
        let range = start..self.text.len();
        if !range.is_empty() {
            self.isolates.push(Isolate { range, direction });
        }
    }

    /// Appends `other`'s text, runs and isolates.
    pub(super) fn append(&mut self, other: RowBuilder) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.width += other.width;
        let shift = |r: Range<usize>| r.start + base..r.end + base;
        self.runs.extend(other.runs.into_iter().map(|r| Run {
            range: shift(r.range.clone()),
            ..r
        }));
        self.isolates
            .extend(other.isolates.into_iter().map(|i| Isolate {
                range: shift(i.range),
                direction: i.direction,
            }));
    }

    /// The width so far, in cells.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Drops trailing blanks (and runs left empty by that).
    pub(super) fn finish(mut self, anchor: Anchor, direction: Direction) -> Row {
        let trimmed = self.text.trim_end().len();
        self.width -= self.text[trimmed..].chars().count();
        self.text.truncate(trimmed);
        for run in &mut self.runs {
            run.range.end = run.range.end.min(trimmed);
            run.range.start = run.range.start.min(run.range.end);
        }
        self.runs.retain(|r| !r.range.is_empty());
        for isolate in &mut self.isolates {
            isolate.range.end = isolate.range.end.min(trimmed);
            isolate.range.start = isolate.range.start.min(isolate.range.end);
        }
        self.isolates.retain(|i| !i.range.is_empty());
        Row {
            text: self.text,
            width: self.width,
            runs: self.runs,
            anchor,
            direction,
            isolates: self.isolates,
        }
    }
}

/// A bracket's mirrored glyph, as the bidi algorithm shows it in
/// right-to-left text (a note marker "[12]" reversed must read "[12]").
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// The token of the range in `tokens` (sorted, apart) holding byte `at`.
fn token_at(tokens: &[(Range<usize>, Token)], at: usize) -> Option<Token> {
    let k = tokens.partition_point(|(r, _)| r.end <= at);
    tokens
        .get(k)
        .filter(|(r, _)| r.start <= at)
        .map(|(_, t)| *t)
}

/// A reversed marker such as ".21" (from "12.") keeps its digits in order: ".12".
fn rtl_number(reversed: &str) -> String {
    let digits: String = reversed.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return reversed.to_owned();
    }
    let in_order: String = digits.chars().rev().collect();
    reversed.replacen(&digits, &in_order, 1)
}

/// One row for a short label (navigator entry, status item, help line):
/// `text` laid out at `width` with `marker` on its reading-start side,
/// truncated with "…" at its reading end when it does not fit. `dir` is the
/// direction of ties (the document's).
pub fn label_row(
    text: &Text,
    width: usize,
    marker: &str,
    role: Role,
    opts: &ComposeOptions,
    dir: Direction,
) -> Row {
    // A marker that leaves no cell for the text is dropped, and the "…" is
    // only added where there is a cell for it and one for the text, so a
    // label never exceeds `width` (found by fuzzing the composer at width 1).
    let marker = if marker.chars().count() >= width {
        ""
    } else {
        marker
    };
    let marker_width = marker.chars().count();
    let inner = width.saturating_sub(marker_width).max(1);
    let layout_opts = LayoutOptions {
        width: inner,
        document_dir: dir,
        // A label is one line, cut: never stretched.
        justify: false,
        ..opts.layout
    };
    let mut layout = layout_paragraph(text, &layout_opts);
    let mut truncated = false;
    if layout.lines.len() > 1 && inner >= 2 {
        layout = layout_paragraph(
            text,
            &LayoutOptions {
                width: inner.saturating_sub(1).max(1),
                ..layout_opts
            },
        );
        truncated = true;
    }
    let own = layout.direction;
    let line = layout.lines.into_iter().next().unwrap_or_default();
    let line = if truncated {
        let visual = opts.layout.ordering == Ordering::Visual;
        with_ellipsis(line, layout.direction.is_rtl() && visual)
    } else {
        line
    };
    let prefix = Prefix {
        indent: 0,
        text: marker.to_owned(),
    };
    // Labels align to the interface's side (the document's direction), as
    // short labels in a mirrored UI do, whatever their own direction.
    let o = ComposeOptions { width, ..*opts };
    let mut c = Composer::with_direction(dir, &o);
    c.push(&line, (dir, own), &prefix, role, &[]);
    c.rows.pop().unwrap_or(Row {
        text: String::new(),
        width: 0,
        runs: Vec::new(),
        anchor: c.anchor,
        direction: own,
        isolates: Vec::new(),
    })
}

/// Adds "…" where the line's reading ends: on the left of a visual RTL line,
/// else at the end of the text.
fn with_ellipsis(mut line: VisualLine, at_left: bool) -> VisualLine {
    let glyph = crate::text::Glyph {
        end: 0,
        source_start: 0,
        source_end: 0,
        width: 1,
        style: Default::default(),
    };
    if at_left {
        line.text.insert(0, '…');
        let shift = '…'.len_utf8() as u32;
        for g in &mut line.glyphs {
            g.end += shift;
        }
        line.glyphs.insert(
            0,
            crate::text::Glyph {
                end: shift,
                ..glyph
            },
        );
    } else {
        line.text.push('…');
        line.glyphs.push(crate::text::Glyph {
            end: line.text.len() as u32,
            ..glyph
        });
    }
    line.width += 1;
    line
}
