//! The main content's DOM → [`Outline`] headings and blocks, in one walk
//! with an explicit stack (a page nested 10 000 deep cannot exhaust the
//! call stack).
//!
//! - `h1`–`h6` are headings for the outline's policy (`h5`, `h6` as level
//!   4); inside lists, quotes and tables they are text. An `h1` that repeats
//!   the title is dropped.
//! - `p`, `div` and the other block elements end a paragraph; text between
//!   them is a paragraph of its own (as browsers lay it out). White space
//!   collapses to one space (`&nbsp;` too); soft hyphens, zero-width spaces
//!   and word joiners are dropped; `<br>` is a line break (a space once
//!   sanitized).
//! - `ul`/`ol` → bullets/numbered (the outermost list decides; nested lists
//!   flatten into it); `blockquote` → quotes (up to
//!   [`crate::import::markdown::MAX_QUOTE_DEPTH`] deep, deeper ones merged);
//!   `pre` → a code block (language from `class="language-x"` or `lang-x` on
//!   the `pre` or its `code`); `table` → a table (header from `thead` or a
//!   row of `th`, else the first row; column alignment from `align` or
//!   `text-align`; `colspan` repeats empty cells; nested tables flatten
//!   into their cell); `hr` → a rule.
//! - Inline: `strong`/`b`, `em`/`i`/`cite`, `del`/`s`/`strike`,
//!   `code`/`kbd`/`samp` styles; links resolved against the page's address
//!   and sanitized ([`crate::model::sanitize::href`]); images as their alt
//!   text ([`crate::import::image`]); `<bdi>` → FSI…PDI, `<bdo dir>` →
//!   RLO/LRO…PDF, an inline `dir` → RLI/LRI/FSI…PDI; a block's fixed `dir`
//!   other than the page's wraps its paragraphs and headings in RLI/LRI…PDI.
//! - A `<sup>` holding only a link to `#id` where the element `id` is in
//!   the content is a footnote reference ([`Outline::note_reference`]);
//!   that element's text (without its back links) is the note.
//! - Scripts, styles, forms, frames, `svg`, navigation and anything
//!   `hidden` or `aria-hidden` is skipped.
//! - An admonition (note, tip, warning box; see [`NOTE_ATTR`]) is a quote.
//! - Questions already in the FAQ (from structured data) are taken out of
//!   the body: a heading or paragraph reading as one is dropped, with the
//!   blocks after it whose text is part of its answer.
//! - An FAQ heading («أسئلة شائعة», "FAQ") starts the outline's FAQ, which
//!   ends where the element holding that heading closes (a page's FAQ box:
//!   the paragraphs after it are no answer).

use std::collections::{HashMap, HashSet};

use dom_query::NodeRef;

use super::faq::normalize;
use crate::import::image;
use crate::import::markdown::MAX_QUOTE_DEPTH;
use crate::import::outline::{Outline, is_blank, is_faq_heading};
use crate::model::{Align, Block, Code, DirectionSetting, Style, Table, Text, sanitize, walk};

const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';
const LRO: char = '\u{202D}';
const RLO: char = '\u{202E}';
const PDF: char = '\u{202C}';

/// The most empty cells one `colspan` adds.
const MAX_COLSPAN: usize = 64;

/// What the converter knows of the page.
#[derive(Default)]
pub struct Page {
    /// The page's address, for relative links.
    pub base: Option<String>,
    /// The page's direction (`<html dir>`).
    pub direction: DirectionSetting,
    /// Whether the page is mostly Arabic-script (for image labels).
    pub arabic: bool,
    /// The title already set, to drop an `h1` repeating it.
    pub title: String,
    /// Questions already in the FAQ (normalized) with their answers'
    /// normalized text.
    pub questions: HashMap<String, String>,
    /// Show images with `alt=""` too (an EPUB chapter: its cover page is
    /// one such image, which the EPUB importer makes the title page).
    pub every_image: bool,
}

/// `href` resolved against `base` (when both parse) and sanitized.
/// Fragment-only targets (`#x`) stay as written.
pub fn resolve(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    let joined = match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(base) if !href.starts_with('#') => base
            .join(href)
            .map(String::from)
            .unwrap_or_else(|_| href.to_owned()),
        _ => href.to_owned(),
    };
    sanitize::href(&joined)
}

/// One step of the walk.
enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(Exit),
}

/// What to undo when an element ends.
struct Exit {
    name: String,
    /// A bidi terminator to append (PDI or PDF).
    close: Option<char>,
    /// A block direction was pushed.
    dir: bool,
}

#[derive(Default)]
struct List {
    depth: usize,
    ordered: bool,
    items: Vec<Text>,
}

#[derive(Default)]
struct TableBuild {
    align: Vec<Align>,
    header: Vec<Text>,
    header_set: bool,
    rows: Vec<Vec<Text>>,
    row: Vec<Text>,
    row_all_th: bool,
    in_thead: bool,
    in_cell: bool,
    caption: Text,
    in_caption: bool,
    /// Tables open inside this one (flattened into the cell).
    nested: usize,
}

/// Converts DOM subtrees into outline calls.
pub struct Converter<'p> {
    pub outline: Outline,
    /// Empty each text node once converted (a big page: its text buffers
    /// go as the article grows). Nothing reads a text node twice.
    pub release_text: bool,
    page: &'p Page,
    inline: Text,
    emphasis: usize,
    strong: usize,
    code: usize,
    strike: usize,
    links: Vec<Option<String>>,
    list: List,
    quotes: Vec<Vec<Block>>,
    quote_overflow: usize,
    table: Option<TableBuild>,
    /// Tables being flattened into a list item or note.
    flat_tables: usize,
    /// The `colspan` of the open cell.
    pending_span: usize,
    /// The `pre` being read: depth, language, text.
    pre: usize,
    pre_lang: Option<String>,
    pre_text: String,
    /// Fixed directions of the open block elements.
    dirs: Vec<DirectionSetting>,
    /// Footnote ids referenced so far, and the one whose text is being read.
    note_ids: HashSet<String>,
    note: Option<(String, Text, Text)>,
    /// The answer whose copies are being taken out of the body.
    skip_answer: Option<String>,
    /// A block or heading has gone to the outline.
    started: bool,
    /// Elements open in the walk.
    open: usize,
    /// How many elements were open around an FAQ heading («أسئلة شائعة»)
    /// read last: when the element holding it closes, the FAQ ends.
    faq_depth: Option<usize>,
}

impl<'p> Converter<'p> {
    pub fn new(outline: Outline, page: &'p Page) -> Converter<'p> {
        Converter {
            outline,
            release_text: false,
            page,
            inline: Text::default(),
            emphasis: 0,
            strong: 0,
            code: 0,
            strike: 0,
            links: Vec::new(),
            list: List::default(),
            quotes: Vec::new(),
            quote_overflow: 0,
            table: None,
            flat_tables: 0,
            pending_span: 1,
            pre: 0,
            pre_lang: None,
            pre_text: String::new(),
            dirs: Vec::new(),
            note_ids: HashSet::new(),
            note: None,
            skip_answer: None,
            started: false,
            open: 0,
            faq_depth: None,
        }
    }

    /// Converts `root`'s children (the root itself is not read).
    pub fn convert(&mut self, root: NodeRef<'_>) {
        self.note_ids = footnote_ids(root);
        let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    if node.is_text() {
                        self.text(&node.text());
                        if self.release_text {
                            release_text(&node);
                        }
                    } else if node.is_element()
                        && let Some(exit) = self.enter(node)
                    {
                        self.open += 1;
                        stack.push(Step::Exit(exit));
                        stack.extend(node.children_it(true).map(Step::Enter));
                    }
                }
                Step::Exit(exit) => {
                    self.exit(exit);
                    self.open -= 1;
                    self.end_faq_box();
                }
            }
        }
        self.end_all();
    }

    /// Closes whatever the content left open.
    fn end_all(&mut self) {
        while self.pre > 0 {
            self.exit(Exit {
                name: "pre".into(),
                close: None,
                dir: false,
            });
        }
        while self.table.is_some() {
            self.close_table();
        }
        self.flush();
        self.flush_item();
        while self.list.depth > 0 {
            self.close_list();
        }
        while !self.quotes.is_empty() || self.quote_overflow > 0 {
            self.close_quote();
        }
    }

    /// Starts an element; `None` when its content is skipped.
    fn enter(&mut self, node: NodeRef<'_>) -> Option<Exit> {
        let name = node.node_name()?.to_ascii_lowercase();
        if skipped(&name) || hidden(&node) {
            return None;
        }
        // An admonition is a quote (its label the first paragraph).
        let name = if node.has_attr(NOTE_ATTR) && is_block(&name) {
            "blockquote".to_owned()
        } else {
            name
        };
        let mut exit = Exit {
            name: name.clone(),
            close: None,
            dir: false,
        };
        if let Some(id) = node.id_attr()
            && self.note.is_none()
            && self.note_ids.contains(id.as_ref())
        {
            self.flush();
            self.note = Some((
                id.to_string(),
                std::mem::take(&mut self.inline),
                Text::default(),
            ));
            exit.name = format!("note:{name}");
            return Some(exit);
        }
        if self.note.is_some() && name == "a" && is_back_link(&node) {
            return None;
        }
        let block = is_block(&name);
        if block {
            self.block_break(&name);
            if let Some(d) = node.attr("dir") {
                let d = super::meta::direction(&d);
                self.dirs.push(d);
                exit.dir = true;
            }
        }
        match name.as_str() {
            "br" => self.push("\n"),
            // `alt=""`: a decorative image (HTML's word for it), not shown.
            "img"
                if !self.page.every_image
                    && node.attr("alt").is_some_and(|a| a.trim().is_empty()) => {}
            "img" => {
                let alt = node.attr("alt").map(|a| a.to_string()).unwrap_or_default();
                let arabic = image::mostly_arabic(&alt)
                    .or_else(|| image::mostly_arabic(&self.inline.to_plain()))
                    .unwrap_or(self.page.arabic);
                let label = image::label(&alt, arabic);
                self.separate();
                self.push(&label);
            }
            // An EPUB note reference (`epub:type="noteref"`) to a note on
            // the same page: a footnote, as `<sup><a>` is.
            "a" if is_noteref(&node) && self.note_link(&node) => return None,
            "a" => {
                let target = node
                    .attr("href")
                    .and_then(|h| resolve(&h, self.page.base.as_deref()));
                self.links.push(target);
            }
            "strong" | "b" => self.strong += 1,
            "em" | "i" | "cite" | "dfn" | "var" => self.emphasis += 1,
            "del" | "s" | "strike" => self.strike += 1,
            "code" | "kbd" | "samp" | "tt" if self.pre == 0 => self.code += 1,
            "sup" if self.footnote(&node) => return None,
            "bdi" => {
                self.push_char(FSI);
                exit.close = Some(PDI);
            }
            "bdo" => {
                let rtl = node
                    .attr("dir")
                    .is_some_and(|d| d.eq_ignore_ascii_case("rtl"));
                self.push_char(if rtl { RLO } else { LRO });
                exit.close = Some(PDF);
            }
            "ul" | "ol" => self.open_list(name == "ol"),
            "blockquote" => self.open_quote(),
            "pre" => {
                if self.pre == 0 {
                    self.pre_lang = code_language(&node);
                    self.pre_text.clear();
                }
                self.pre += 1;
            }
            "table" => self.open_table(),
            "thead" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.nested == 0) {
                    t.in_thead = true;
                }
            }
            "tr" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.nested == 0) {
                    t.row.clear();
                    t.row_all_th = true;
                }
            }
            "td" | "th" => self.open_cell(&node, name == "th"),
            "caption" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.nested == 0) {
                    t.in_caption = true;
                }
            }
            "hr" => self.rule(),
            _ if !block => {
                if let Some(d) = node.attr("dir") {
                    let open = match super::meta::direction(&d) {
                        DirectionSetting::Rtl => RLI,
                        DirectionSetting::Ltr => LRI,
                        DirectionSetting::Auto => FSI,
                    };
                    self.push_char(open);
                    exit.close = Some(PDI);
                }
            }
            _ => {}
        }
        if name == "code" && self.pre > 0 && self.pre_lang.is_none() {
            self.pre_lang = code_language(&node);
        }
        Some(exit)
    }

    fn exit(&mut self, exit: Exit) {
        if let Some(c) = exit.close {
            self.push_char(c);
        }
        let name = exit.name.as_str();
        if name.starts_with("note:") {
            self.flush();
            if let Some((id, inline, text)) = self.note.take() {
                self.outline.note_definition(&id, text);
                self.inline = inline;
            }
            return;
        }
        match name {
            "a" => {
                self.links.pop();
            }
            "strong" | "b" => self.strong = self.strong.saturating_sub(1),
            "em" | "i" | "cite" | "dfn" | "var" => self.emphasis = self.emphasis.saturating_sub(1),
            "del" | "s" | "strike" => self.strike = self.strike.saturating_sub(1),
            "code" | "kbd" | "samp" | "tt" if self.pre == 0 => {
                self.code = self.code.saturating_sub(1)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.end_heading(name),
            "ul" | "ol" => {
                self.flush();
                self.close_list();
            }
            "li" => self.flush_item(),
            "blockquote" => {
                self.flush();
                self.close_quote();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                if self.pre == 0 {
                    let text = std::mem::take(&mut self.pre_text);
                    let lang = self.pre_lang.take();
                    self.end_code(lang, &text);
                }
            }
            "td" | "th" => self.close_cell(),
            "tr" => self.close_row(),
            "thead" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.nested == 0) {
                    t.in_thead = false;
                }
            }
            "caption" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.nested == 0) {
                    t.in_caption = false;
                    let text = std::mem::take(&mut self.inline);
                    t.caption = text;
                }
            }
            "table" => self.close_table(),
            _ if is_block(name) => self.flush(),
            _ => {}
        }
        if exit.dir {
            self.dirs.pop();
        }
    }

    /// A block element starts (or ends): the text so far is a paragraph,
    /// except inside list items and cells, where it is only separated.
    fn block_break(&mut self, name: &str) {
        if name == "li" && self.in_item() {
            self.flush_item();
        } else if self.in_cell() || self.in_item() || self.note.is_some() {
            self.separate();
        } else {
            self.flush();
        }
    }

    fn in_cell(&self) -> bool {
        self.flat_tables == 0
            && self
                .table
                .as_ref()
                .is_some_and(|t| t.in_cell || t.nested > 0)
    }

    fn in_item(&self) -> bool {
        self.list.depth > 0
    }

    /// Ends the paragraph being built: into the note, the cell, the list
    /// item, the quote or the outline.
    fn flush(&mut self) {
        if self.pre > 0 {
            return;
        }
        if self.note.is_none() && (self.in_cell() || self.in_item()) {
            self.separate();
            return;
        }
        let mut text = std::mem::take(&mut self.inline);
        trim(&mut text);
        if is_blank(&text) {
            return;
        }
        if let Some((_, _, note)) = self.note.as_mut() {
            append_joined(note, &text);
            return;
        }
        let text = self.directed(text);
        self.emit(Block::Paragraph(text));
    }

    /// Ends the list item being built (a blank one is dropped).
    fn flush_item(&mut self) {
        if !self.in_item() || self.in_cell() || self.note.is_some() {
            return;
        }
        let mut text = std::mem::take(&mut self.inline);
        trim(&mut text);
        if !is_blank(&text) {
            self.list.items.push(text);
        }
    }

    /// Wraps `text` in an isolate when the innermost block direction is
    /// fixed and differs from the page's.
    fn directed(&self, text: Text) -> Text {
        let Some(dir) = self.dirs.iter().rev().find(|d| !d.is_auto()) else {
            return text;
        };
        if *dir == self.page.direction {
            return text;
        }
        let open = if *dir == DirectionSetting::Rtl {
            RLI
        } else {
            LRI
        };
        let mut out = Text::default();
        out.push_str(&open.to_string(), Style::default());
        out.spans.extend(text.spans);
        out.push_str(&PDI.to_string(), Style::default());
        out
    }

    /// A finished block goes to the open quote or the outline, unless it
    /// repeats an FAQ question or answer.
    fn emit(&mut self, block: Block) {
        if let Some(q) = self.quotes.last_mut() {
            q.push(block);
            return;
        }
        if !self.page.questions.is_empty() {
            let plain = normalize(&block_plain(&block));
            if let Some(answer) = self.page.questions.get(&plain) {
                self.skip_answer = Some(answer.clone());
                return;
            }
            if let Some(answer) = &self.skip_answer {
                if !plain.is_empty() && answer.contains(&plain) {
                    return;
                }
                self.skip_answer = None;
            }
        }
        self.started = true;
        if block == Block::Rule {
            self.outline.rule();
        } else {
            self.outline.block(block);
        }
    }

    fn end_heading(&mut self, name: &str) {
        let level: u8 = name[1..].parse().unwrap_or(2);
        if self.in_cell() || self.in_item() || self.note.is_some() || !self.quotes.is_empty() {
            self.flush();
            return;
        }
        let mut text = std::mem::take(&mut self.inline);
        trim(&mut text);
        if is_blank(&text) {
            return;
        }
        let plain = text.to_plain();
        if level == 1 && normalize(&plain) == normalize(&self.page.title) {
            return;
        }
        // The page's title heading, first in the content (Readability
        // makes an `h1` an `h2`): dropped by Readability's own measure.
        if level <= 2 && !self.started && similar_to_title(&self.page.title, &plain) {
            self.started = true;
            return;
        }
        if !self.page.questions.is_empty() {
            if let Some(answer) = self.page.questions.get(&normalize(&plain)) {
                self.skip_answer = Some(answer.clone());
                return;
            }
            self.skip_answer = None;
        }
        let text = self.directed(text);
        self.started = true;
        if level == 2 && is_faq_heading(&text) {
            // `open` counts the heading itself: its parent is one less.
            self.faq_depth = Some(self.open.saturating_sub(1));
        }
        self.outline.heading(level.min(4), text);
    }

    /// Ends the FAQ when the element that held its heading has closed (a
    /// page's FAQ box: what follows it is no answer; and when the box's
    /// questions were all in the FAQ already, its heading goes with them).
    fn end_faq_box(&mut self) {
        if self.faq_depth.is_some_and(|d| self.open < d) {
            self.faq_depth = None;
            self.flush();
            self.outline.end_faq();
        }
    }

    fn rule(&mut self) {
        if self.in_cell() || self.in_item() || self.note.is_some() {
            return;
        }
        self.emit(Block::Rule);
    }

    fn end_code(&mut self, lang: Option<String>, text: &str) {
        let text = text.strip_prefix('\n').unwrap_or(text);
        if self.in_cell() || self.in_item() || self.note.is_some() {
            let style = Style {
                code: true,
                ..Style::default()
            };
            self.separate();
            self.inline.push_str(
                &text.split_whitespace().collect::<Vec<_>>().join(" "),
                style,
            );
            return;
        }
        if text.trim().is_empty() {
            return;
        }
        self.emit(Block::Code(Code::new(lang, text)));
    }

    fn open_list(&mut self, ordered: bool) {
        if self.in_cell() || self.note.is_some() {
            return;
        }
        if self.list.depth == 0 {
            self.list.ordered = ordered;
        }
        self.list.depth += 1;
    }

    fn close_list(&mut self) {
        if self.in_cell() || self.note.is_some() || self.list.depth == 0 {
            return;
        }
        self.flush_item();
        self.list.depth -= 1;
        if self.list.depth > 0 {
            return;
        }
        let items = std::mem::take(&mut self.list.items);
        if items.is_empty() {
            return;
        }
        let block = if self.list.ordered {
            Block::Numbered(items)
        } else {
            Block::Bullets(items)
        };
        self.emit(block);
    }

    fn open_quote(&mut self) {
        if self.in_cell() || self.in_item() || self.note.is_some() {
            return;
        }
        if self.quotes.len() >= MAX_QUOTE_DEPTH {
            self.quote_overflow += 1;
        } else {
            self.quotes.push(Vec::new());
        }
    }

    fn close_quote(&mut self) {
        if self.in_cell() || self.in_item() || self.note.is_some() {
            return;
        }
        if self.quote_overflow > 0 {
            self.quote_overflow -= 1;
            return;
        }
        let Some(blocks) = self.quotes.pop() else {
            return;
        };
        if !blocks.is_empty() {
            self.emit(Block::Quote(blocks));
        }
    }

    fn open_table(&mut self) {
        if self.flat_tables > 0 {
            self.flat_tables += 1;
        } else if let Some(t) = self.table.as_mut() {
            t.nested += 1;
        } else if self.in_item() || self.note.is_some() {
            self.flat_tables = 1;
        } else {
            self.table = Some(TableBuild::default());
        }
    }

    fn close_table(&mut self) {
        if self.flat_tables > 0 {
            self.flat_tables -= 1;
            return;
        }
        if let Some(t) = self.table.as_mut()
            && t.nested > 0
        {
            t.nested -= 1;
            return;
        }
        let Some(mut t) = self.table.take() else {
            return;
        };
        if t.in_cell {
            self.table = Some(t);
            self.close_cell();
            let Some(again) = self.table.take() else {
                return;
            };
            t = again;
        }
        if !t.row.is_empty() {
            let row = std::mem::take(&mut t.row);
            t.rows.push(row);
        }
        let (header, rows) = if t.header_set {
            (t.header, t.rows)
        } else {
            let mut rows = t.rows.into_iter();
            (rows.next().unwrap_or_default(), rows.collect())
        };
        let caption = {
            let mut c = t.caption;
            trim(&mut c);
            c
        };
        if !is_blank(&caption) {
            let mut strong = Text::default();
            for span in caption.spans {
                let style = Style {
                    strong: true,
                    ..span.style
                };
                strong.push_link(&span.text, style, span.href.as_deref());
            }
            self.emit(Block::Paragraph(strong));
        }
        if header.is_empty() && rows.is_empty() {
            return;
        }
        let table = Table::new(header, rows, t.align);
        if table.cells.iter().all(is_blank) {
            return;
        }
        self.emit(Block::Table(table));
    }

    fn open_cell(&mut self, node: &NodeRef<'_>, th: bool) {
        let Some(t) = self.table.as_mut() else {
            self.separate();
            return;
        };
        if t.nested > 0 {
            self.separate();
            return;
        }
        t.in_cell = true;
        if !th {
            t.row_all_th = false;
        }
        let first_row = !t.header_set && t.rows.is_empty();
        if first_row || t.in_thead {
            let col = t.row.len();
            if t.align.len() <= col {
                t.align.resize(col + 1, Align::None);
            }
            if t.align[col] == Align::None {
                t.align[col] = cell_align(node);
            }
        }
        let span: usize = node
            .attr("colspan")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1usize)
            .clamp(1, MAX_COLSPAN);
        // The extra columns, as empty cells after this one (added on close).
        t.row.reserve(span);
        self.inline = Text::default();
        self.pending_span = span;
    }

    fn close_cell(&mut self) {
        let span = std::mem::replace(&mut self.pending_span, 1);
        let Some(t) = self.table.as_mut() else { return };
        if t.nested > 0 || !t.in_cell {
            return;
        }
        t.in_cell = false;
        let mut text = std::mem::take(&mut self.inline);
        trim(&mut text);
        t.row.push(text);
        for _ in 1..span {
            t.row.push(Text::default());
        }
    }

    fn close_row(&mut self) {
        let Some(t) = self.table.as_mut() else { return };
        if t.nested > 0 {
            self.separate();
            return;
        }
        if t.in_cell {
            // An unclosed cell (the parser closes them; defensive).
            t.in_cell = false;
        }
        let row = std::mem::take(&mut t.row);
        if row.is_empty() {
            return;
        }
        if !t.header_set && t.rows.is_empty() && (t.in_thead || t.row_all_th) {
            t.header = row;
            t.header_set = true;
        } else {
            t.rows.push(row);
        }
    }

    /// Tries `node` (a `sup`) as a footnote reference.
    /// A note reference link to a note of this page: its superscript
    /// number in the text; false (an ordinary link) otherwise.
    fn note_link(&mut self, a: &NodeRef<'_>) -> bool {
        let Some(id) = a
            .attr("href")
            .and_then(|h| h.strip_prefix('#').map(str::to_owned))
        else {
            return false;
        };
        if !self.note_ids.contains(&id) {
            return false;
        }
        let style = self.style(false);
        self.outline.note_reference(&mut self.inline, &id, style);
        true
    }

    fn footnote(&mut self, node: &NodeRef<'_>) -> bool {
        let children: Vec<_> = node
            .children()
            .into_iter()
            .filter(|c| !(c.is_text() && c.text().trim().is_empty()))
            .collect();
        let [a] = children.as_slice() else {
            return false;
        };
        if a.node_name().as_deref() != Some("a") {
            return false;
        }
        self.note_link(a)
    }

    /// Text from the page: white space collapsed, invisible characters out.
    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            self.pre_text.push_str(s);
            return;
        }
        let mut out = String::with_capacity(s.len());
        let mut space = self.ends_blank();
        // Kept characters are copied by runs (a page is megabytes of them).
        let mut run = 0;
        for (i, c) in s.char_indices() {
            let blank = c.is_whitespace() || c == '\u{A0}';
            if blank || matches!(c, '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}') {
                out.push_str(&s[run..i]);
                run = i + c.len_utf8();
                if blank && !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                space = false;
            }
        }
        out.push_str(&s[run..]);
        self.push(&out);
    }

    /// True when the text being built is empty or ends in white space.
    fn ends_blank(&self) -> bool {
        self.inline
            .spans
            .iter()
            .rev()
            .find_map(|s| s.text.chars().next_back())
            .is_none_or(|c| c == ' ' || c == '\n')
    }

    /// A space unless the text being built is empty or ends in one.
    fn separate(&mut self) {
        if self.pre > 0 {
            self.pre_text.push('\n');
            return;
        }
        if !self.ends_blank() {
            self.inline.push_str(" ", Style::default());
        }
    }

    fn push_char(&mut self, c: char) {
        if self.pre > 0 {
            self.pre_text.push(c);
        } else {
            self.push(&c.to_string());
        }
    }

    fn push(&mut self, s: &str) {
        if self.pre > 0 {
            self.pre_text.push_str(s);
            return;
        }
        let href = self.links.last().cloned().flatten();
        let mut style = self.style(false);
        style.link = href.is_some();
        self.inline.push_link(s, style, href.as_deref());
    }

    fn style(&self, code: bool) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code: code || self.code > 0,
            strike: self.strike > 0,
            ..Style::default()
        }
    }
}

/// Elements whose content is never shown.
/// Readability's test of a heading repeating the title: more than 3/4 of
/// the heading's letters are in words of the title (or the title holds
/// the heading whole). Case-insensitive.
fn similar_to_title(title: &str, heading: &str) -> bool {
    let (title, heading) = (title.to_lowercase(), heading.to_lowercase());
    if title.is_empty() || heading.trim().is_empty() {
        return false;
    }
    if title.contains(heading.trim()) {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let known: HashSet<String> = words(&title).into_iter().collect();
    let (mut total, mut unknown) = (0, 0);
    for w in words(&heading) {
        let n = w.chars().count();
        total += n;
        if !known.contains(&w) {
            unknown += n;
        }
    }
    total > 0 && (unknown as f64) / (total as f64) < 0.25
}

fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "video"
            | "audio"
            | "form"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "nav"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

fn hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|s| {
            let s: String = s.to_ascii_lowercase().split_whitespace().collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Elements that end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "caption"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "ul"
            | "body"
            | "html"
    )
}

/// [`LANG_ATTR`], or a `language-x` / `lang-x` class of `node`.
fn code_language(node: &NodeRef<'_>) -> Option<String> {
    if let Some(lang) = node.attr(LANG_ATTR) {
        return Some(lang.to_string());
    }
    let class = node.attr("class")?;
    class.split_whitespace().find_map(|c| {
        c.strip_prefix("language-")
            .or_else(|| c.strip_prefix("lang-"))
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
    })
}

/// The attribute where a cell's alignment is kept through Readability
/// (which drops `align` and `style`).
pub const ALIGN_ATTR: &str = "data-qari-align";

/// The attribute where a code block's language is kept through Readability
/// (which drops classes).
pub const LANG_ATTR: &str = "data-qari-lang";

/// Marks an admonition (a note, tip or warning box: `class="admonition"`,
/// Docusaurus's `theme-admonition`, GitHub's `markdown-alert`, `callout`,
/// `role=note`), read as a quote (Readability drops classes).
pub const NOTE_ATTR: &str = "data-qari-note";

/// The admonitions [`NOTE_ATTR`] marks.
const ADMONITIONS: &str = "[class~=admonition i], [class~=theme-admonition i], \
    [class~=markdown-alert i], [class~=callout i], [role=note]";

/// Copies what Readability drops and the converter reads into attributes
/// it keeps: cells' alignment ([`ALIGN_ATTR`]), code languages
/// ([`LANG_ATTR`]) and admonitions ([`NOTE_ATTR`]).
pub fn keep_for_readability(doc: &dom_query::Document) {
    for node in doc.select(ADMONITIONS).nodes() {
        node.set_attr(NOTE_ATTR, "");
    }
    for node in doc.select("pre[class], code[class]").nodes() {
        if let Some(lang) = code_language(node) {
            node.set_attr(LANG_ATTR, &lang);
        }
    }
    for node in doc
        .select("td[align], th[align], td[style], th[style]")
        .nodes()
    {
        let align = match cell_align(node) {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::None => continue,
        };
        node.set_attr(ALIGN_ATTR, align);
    }
}

/// A cell's alignment: [`ALIGN_ATTR`], `text-align` style or `align`.
fn cell_align(node: &NodeRef<'_>) -> Align {
    if let Some(a) = node.attr(ALIGN_ATTR) {
        return match a.as_ref() {
            "left" => Align::Left,
            "center" => Align::Center,
            "right" => Align::Right,
            _ => Align::None,
        };
    }
    let style = node
        .attr("style")
        .map(|s| s.to_ascii_lowercase())
        .and_then(|s| {
            let at = s.find("text-align")?;
            let rest = s[at + 10..].trim_start().strip_prefix(':')?;
            Some(rest.split(';').next()?.trim().to_owned())
        });
    let value = style.or_else(|| node.attr("align").map(|a| a.trim().to_ascii_lowercase()));
    match value.as_deref() {
        Some("left") => Align::Left,
        Some("center") => Align::Center,
        Some("right") => Align::Right,
        _ => Align::None,
    }
}

/// The ids targeted by a `<sup><a href="#id">` in `root`'s subtree that
/// exist in it.
fn footnote_ids(root: NodeRef<'_>) -> HashSet<String> {
    let mut wanted = HashSet::new();
    let mut ids = HashSet::new();
    for node in root.descendants_it() {
        if !node.is_element() {
            continue;
        }
        if let Some(id) = node.id_attr() {
            ids.insert(id.to_string());
        }
        if node.node_name().as_deref() == Some("a")
            && (node.parent().and_then(|p| p.node_name()).as_deref() == Some("sup")
                || is_noteref(&node))
            && let Some(h) = node.attr("href")
            && let Some(id) = h.strip_prefix('#')
        {
            wanted.insert(id.to_owned());
        }
    }
    wanted.retain(|w| ids.contains(w));
    wanted
}

/// An EPUB note reference: `epub:type` (or `role="doc-noteref"`) says so.
fn is_noteref(node: &NodeRef<'_>) -> bool {
    node.attr("epub:type")
        .is_some_and(|t| t.split_whitespace().any(|w| w == "noteref"))
        || node
            .attr("role")
            .is_some_and(|r| r.as_ref() == "doc-noteref")
}

/// A footnote's back link (`↩`, `^`, a `footnote-back` class).
fn is_back_link(node: &NodeRef<'_>) -> bool {
    let text = node.text();
    let text = text.trim();
    matches!(text, "↩" | "↩︎" | "^" | "↑" | "⮌")
        || node.attr("class").is_some_and(|c| c.contains("back"))
        || node
            .attr("role")
            .is_some_and(|r| r.contains("doc-backlink"))
}

/// Empties a text node once it is converted, so that the page's text goes
/// as the article grows (see [`Converter::release_text`]).
fn release_text(node: &NodeRef<'_>) {
    node.update(|n| {
        if let dom_query::NodeData::Text { contents } = &mut n.data {
            *contents = Default::default();
        }
    });
}

/// Trims white space at both ends of rich text.
fn trim(text: &mut Text) {
    while let Some(first) = text.spans.first_mut() {
        let t = first.text.trim_start_matches([' ', '\n']);
        if t.is_empty() {
            text.spans.remove(0);
        } else {
            first.text = t.to_owned();
            break;
        }
    }
    while let Some(last) = text.spans.last_mut() {
        let t = last.text.trim_end_matches([' ', '\n']);
        if t.is_empty() {
            text.spans.pop();
        } else {
            last.text = t.to_owned();
            break;
        }
    }
}

/// Appends `t` to `text`, a space between.
fn append_joined(text: &mut Text, t: &Text) {
    if !text.is_empty() && !t.is_empty() {
        text.push_str(" ", Style::default());
    }
    for span in &t.spans {
        text.push_link(&span.text, span.style, span.href.as_deref());
    }
}

/// A block's text (for comparing with FAQ entries).
fn block_plain(block: &Block) -> String {
    let mut out = String::new();
    for t in walk::block_texts(std::slice::from_ref(block)) {
        out.push_str(&t.to_plain());
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_is_like_the_title_by_readabilitys_measure() {
        let title = "ما أهمية تعزيز التعاون العسكري بين قطر والمغرب؟";
        assert!(similar_to_title(title, title));
        assert!(similar_to_title(title, "أهمية التعاون"), "all its words");
        assert!(!similar_to_title(title, "مباحثات ثنائية"));
        assert!(similar_to_title("Home Composting", "home composting"));
        assert!(!similar_to_title("Home composting", "Getting started"));
        assert!(!similar_to_title("", "x"));
        assert!(!similar_to_title("x", " "));
    }
}
