//! The Markdown adapter (CommonMark via pulldown-cmark, with GitHub's
//! tables, footnotes, strikethrough and task lists):
//! pulldown-cmark events → [`Outline`] headings and blocks. The title, FAQ
//! and section rules are the outline's (see [`super::outline`]); a `#`
//! heading is level 1, `##` level 2 and so on. What is Markdown's own:
//!
//! - Headings inside lists and quotes are read as paragraphs; whether the
//!   document has a top-level `#` heading decides whether its first heading
//!   is promoted to the title.
//! - Lists become `Bullets` / `Numbered` (the outermost list decides which);
//!   nested lists are flattened into it, and an item's paragraphs (and any
//!   quote, code or heading inside it) are joined by spaces.
//! - Quotes nest up to [`MAX_QUOTE_DEPTH`]; deeper `>` levels are merged into
//!   the deepest quote. Everything else is handled with counters, so
//!   arbitrarily deep input cannot exhaust the stack.
//! - Emphasis, strong and inline code become span styles; a link's text
//!   becomes link spans with its target (inline, reference and autolinks;
//!   an e-mail autolink's target gets `mailto:`), sanitized by
//!   [`crate::model::sanitize::href`]: a target it drops leaves plain text.
//!   An image becomes its alt text behind a label, `[صورة: alt]` or
//!   `[image: alt]` (the rule is [`super::image`]'s); raw HTML (block and
//!   inline) is dropped.
//! - A table becomes a [`Table`] (header, rows, column alignments; cells
//!   keep their inline styles), in a quote too; in a list item its cells
//!   are flattened into the item's text, separated by " | ".
//! - Footnotes: a reference goes to [`Outline::note_reference`]; a
//!   definition's content (paragraphs, and any list, quote, code or heading
//!   inside it, flattened) is joined into one text with spaces and handed to
//!   [`Outline::note_definition`] instead of standing as blocks. The outline
//!   numbers and places the notes.
//! - A fenced or indented code block becomes a `Code` block (blank lines
//!   kept, the fence's info string naming the language), inside a quote
//!   too; inside a list item its lines are joined into the item's text.
//! - Soft and hard line breaks are kept as `\n` while building (the title
//!   fallback needs the first line) and become spaces when sanitized.

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::outline::{Outline, is_blank};
use super::{LoadError, decode_text, image};
use crate::model::{Align, Article, Block, Code, Style, Table, Text, walk};

pub mod parts;

pub use parts::{Parts, Piece, Pieces, import_parts, pieces};

/// The deepest quote nesting kept in the model.
pub const MAX_QUOTE_DEPTH: usize = 16;

/// Decodes `bytes` as UTF-8 (see [`decode_text`]) and reads them as a
/// Markdown article; `name` is used in error messages.
pub fn import(bytes: &[u8], name: &str) -> Result<Article, LoadError> {
    decode_text(bytes, name).map(parse)
}

/// Reads a Markdown article and sanitizes it.
pub fn parse(src: &str) -> Article {
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    parse_part(src, !has_top_level_h1(src), src.as_bytes()).article
}

/// An article as [`parse_part`] reads it, with what tells whether the rest
/// of the text could still change it (when it is a big text's first part,
/// [`parts`]).
struct Part {
    article: Article,
    /// A heading gave the title.
    titled: bool,
    /// A link or footnote reference found no definition in the part (one
    /// after it may give it).
    undefined: bool,
    /// Bytes of address and title its reference links and images expanded
    /// to: past pulldown-cmark's budget (the text's length, at least
    /// 100 000) it stops resolving them, where the whole, longer, would not.
    expanded: usize,
}

/// Reads `src` (part of `document`, UTF-8, or all of it) as a Markdown
/// article, its first heading promoted to the title when `promote` (the
/// document has no `#` heading). An image with nothing closer to go by is
/// labelled in `document`'s script.
fn parse_part(src: &str, promote: bool, document: &[u8]) -> Part {
    let mut undefined = false;
    let mut expanded = 0;
    let mut builder = Builder {
        outline: Outline::new(promote),
        document,
        ..Builder::default()
    };
    let parser = Parser::new_with_broken_link_callback(
        src,
        options(),
        Some(|_: pulldown_cmark::BrokenLink<'_>| {
            undefined = true;
            None
        }),
    );
    for event in parser {
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            },
        ) = &event
            && matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            )
        {
            expanded += dest_url.len() + title.len();
        }
        builder.event(event);
    }
    let titled = builder.outline.has_title();
    Part {
        article: builder.outline.finish(),
        titled,
        undefined,
        expanded,
    }
}

/// Sections that continue an article whose title is set: a piece of a big
/// text, cut before a top-level heading (see [`parts::pieces`]). The
/// article has no title, FAQ or footnotes of its own. An image with
/// nothing closer to go by is labelled by `document_arabic`, the whole
/// document's script (asked only when the piece has an image).
fn parse_continuation(src: &str, document_arabic: Option<bool>) -> Article {
    let mut builder = Builder {
        outline: Outline::continuing(),
        document_arabic,
        ..Builder::default()
    };
    for event in Parser::new_ext(src, options()) {
        builder.event(event);
    }
    builder.outline.finish()
}

/// CommonMark with GitHub's extensions: tables, footnotes, strikethrough
/// and task lists.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// True when a `#` heading occurs outside lists and quotes (where headings
/// are read as paragraphs).
fn has_top_level_h1(src: &str) -> bool {
    if starts_with_h1(src) {
        return true;
    }
    let mut depth = 0usize;
    for event in Parser::new_ext(src, options()) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// True when the first non-blank line is an ATX `#` heading (up to three
/// spaces, `#`, then a space, a tab or the line's end): nothing can enclose
/// it, so it is a top-level H1. Most articles start so, and this spares
/// them a first parse of the whole text (pulldown-cmark reads all blocks
/// when it is created).
fn starts_with_h1(src: &str) -> bool {
    let Some(line) = src
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .find(|l| !l.trim_matches([' ', '\t']).is_empty())
    else {
        return false;
    };
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    indent <= 3
        && rest
            .strip_prefix('#')
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// A link's target as kept: sanitized, `mailto:` before an e-mail
/// autolink's address.
fn link_target(link_type: LinkType, dest: &str) -> Option<String> {
    let has_mailto = dest
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"));
    if link_type == LinkType::Email && !has_mailto {
        crate::model::sanitize::href(&format!("mailto:{dest}"))
    } else {
        crate::model::sanitize::href(dest)
    }
}

/// The list being built; nested lists only move `depth`.
#[derive(Default)]
struct List {
    depth: usize,
    ordered: bool,
    items: Vec<Text>,
}

/// Turns pulldown-cmark events into outline calls.
#[derive(Default)]
struct Builder<'a> {
    outline: Outline,
    /// Open quotes' blocks, innermost last.
    quotes: Vec<Vec<Block>>,
    /// Quote levels beyond [`MAX_QUOTE_DEPTH`] still open.
    quote_overflow: usize,
    list: List,
    /// Inline text being built (a paragraph, heading or list item).
    inline: Text,
    emphasis: usize,
    strong: usize,
    strike: usize,
    /// Inside a link: its sanitized target (`None` when it was dropped).
    link: Option<Option<String>>,
    /// The code block being read, if any: its language (the fence's info
    /// string) and its text.
    code: Option<(Option<String>, String)>,
    /// The table being read, if any (tables do not nest).
    table: Option<TableBuild>,
    /// The footnote definition being read, if any.
    note: Option<Box<OpenNote>>,
    /// Footnote definitions open inside the one being read (pulldown-cmark
    /// does not nest them; their content joins the outer note).
    note_overflow: usize,
    /// The alt text of the image being read, if any, and how many images
    /// are open (an image inside an alt text joins it).
    alt: Option<String>,
    images: usize,
    /// The whole document, and whether its letters are mostly
    /// Arabic-script once asked (for an image label with nothing closer to
    /// go by).
    document: &'a [u8],
    document_arabic: Option<bool>,
}

/// A table being read: its alignments, the header, the rows done and the
/// cells of the row being read.
#[derive(Default)]
struct TableBuild {
    align: Vec<Align>,
    header: Vec<Text>,
    rows: Vec<Vec<Text>>,
    row: Vec<Text>,
}

/// A footnote definition being read: its text so far, and the state of the
/// blocks around it, set aside until it ends.
struct OpenNote {
    label: String,
    text: Text,
    inline: Text,
    list: List,
    quotes: Vec<Vec<Block>>,
    quote_overflow: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) if self.alt.is_some() => {
                self.alt.iter_mut().for_each(|a| a.push_str(&t))
            }
            Event::SoftBreak | Event::HardBreak if self.alt.is_some() => {
                self.alt.iter_mut().for_each(|a| a.push(' '))
            }
            Event::FootnoteReference(label) => {
                let style = self.style(false);
                self.outline.note_reference(&mut self.inline, &label, style);
            }
            Event::Text(t) => match self.code.as_mut() {
                Some((_, code)) => code.push_str(&t),
                None => self.push_inline(&t, false),
            },
            Event::Code(t) => self.push_inline(&t, true),
            Event::SoftBreak | Event::HardBreak => self.push_inline("\n", false),
            Event::TaskListMarker(done) => self.push_inline(if done { "☑ " } else { "☐ " }, false),
            Event::Rule if !self.in_list() && !self.in_quote() && self.note.is_none() => {
                self.outline.rule()
            }
            Event::Rule if !self.in_list() => self.push_block(Block::Rule),
            // Raw HTML, rules and disabled extensions carry nothing we show.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.separate_in_item(),
            Tag::CodeBlock(kind) => {
                self.separate_in_item();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.into_string()),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Tag::BlockQuote(_) => self.open_quote(),
            Tag::List(first) => self.open_list(first.is_some()),
            Tag::Item => self.flush_item(),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link = Some(link_target(link_type, &dest_url)),
            Tag::Table(align) => self.open_table(&align),
            Tag::TableCell => self.open_cell(),
            // In a list item, a body row starts after a space.
            Tag::TableRow if self.table.is_none() => self.separate_in_item(),
            Tag::FootnoteDefinition(label) => self.open_note(&label),
            Tag::Image { .. } => {
                self.images += 1;
                self.alt.get_or_insert_with(String::new);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) if self.in_list() || self.in_quote() || self.note.is_some() => {
                self.end_paragraph()
            }
            TagEnd::Heading(level) => {
                let text = std::mem::take(&mut self.inline);
                self.outline.heading(level as u8, text);
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::BlockQuote(_) => self.close_quote(),
            TagEnd::List(_) => self.close_list(),
            TagEnd::Item => self.flush_item(),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => self.link = None,
            TagEnd::TableCell => self.close_cell(),
            TagEnd::TableHead => self.close_row(true),
            TagEnd::TableRow => self.close_row(false),
            TagEnd::Table => self.close_table(),
            TagEnd::FootnoteDefinition => self.close_note(),
            TagEnd::Image => self.end_image(),
            _ => {}
        }
    }

    /// Starts collecting a footnote's text, setting aside the blocks being
    /// built around it.
    fn open_note(&mut self, label: &str) {
        if self.note.is_some() {
            self.note_overflow += 1;
            return;
        }
        self.note = Some(Box::new(OpenNote {
            label: label.to_owned(),
            text: Text::default(),
            inline: std::mem::take(&mut self.inline),
            list: std::mem::take(&mut self.list),
            quotes: std::mem::take(&mut self.quotes),
            quote_overflow: std::mem::take(&mut self.quote_overflow),
        }));
    }

    /// Hands the footnote's text to the outline and restores what was set
    /// aside.
    fn close_note(&mut self) {
        if self.note_overflow > 0 {
            self.note_overflow -= 1;
            return;
        }
        let Some(note) = self.note.take() else { return };
        let OpenNote {
            label,
            mut text,
            inline,
            list,
            quotes,
            quote_overflow,
        } = *note;
        // Whatever was left open inside the note (an unclosed list) joins it.
        self.flush_item();
        for t in std::mem::take(&mut self.list.items)
            .iter()
            .chain(std::iter::once(&self.inline))
        {
            append_joined(&mut text, t);
        }
        for quote in std::mem::take(&mut self.quotes) {
            walk::block_texts(&quote).for_each(|t| append_joined(&mut text, t));
        }
        self.inline = inline;
        self.list = list;
        self.quotes = quotes;
        self.quote_overflow = quote_overflow;
        self.outline.note_definition(&label, text);
    }

    /// Ends an image: its label and alt text join the inline text.
    fn end_image(&mut self) {
        self.images = self.images.saturating_sub(1);
        if self.images > 0 {
            return;
        }
        let alt = self.alt.take().unwrap_or_default();
        let closer =
            image::mostly_arabic(&alt).or_else(|| image::mostly_arabic(&self.inline.to_plain()));
        let document = self.document;
        let arabic = closer.unwrap_or_else(|| {
            *self.document_arabic.get_or_insert_with(|| {
                image::mostly_arabic(&String::from_utf8_lossy(document)).unwrap_or(false)
            })
        });
        self.push_inline(&image::label(&alt, arabic), false);
    }

    fn in_list(&self) -> bool {
        self.list.depth > 0
    }

    fn in_quote(&self) -> bool {
        !self.quotes.is_empty()
    }

    fn push_inline(&mut self, text: &str, code: bool) {
        let href = self.link.as_ref().and_then(Option::as_deref);
        let mut style = self.style(code);
        style.link = href.is_some();
        self.inline.push_link(text, style, href);
    }

    /// The style of inline text here (links aside).
    fn style(&self, code: bool) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code,
            strike: self.strike > 0,
            ..Style::default()
        }
    }

    /// Inside a list item, separates a new paragraph from earlier text.
    fn separate_in_item(&mut self) {
        if !self.in_list() {
            return;
        }
        let last = self.inline.spans.iter().rev().find(|s| !s.text.is_empty());
        if last.is_some_and(|s| !s.text.ends_with([' ', '\n'])) {
            self.inline.push_str(" ", Style::default());
        }
    }

    fn end_paragraph(&mut self) {
        if self.in_list() {
            return; // the text stays in the item
        }
        let mut text = std::mem::take(&mut self.inline);
        // Most paragraphs are one span: the room for four that the first
        // push made was 2.4 MB of a 10 MB book.
        text.spans.shrink_to_fit();
        if !is_blank(&text) {
            self.push_block(Block::Paragraph(text));
        }
    }

    fn end_code_block(&mut self) {
        let (lang, text) = self.code.take().unwrap_or_default();
        if !self.in_list() {
            let code = Code::new(lang, &text);
            if !code.lines.is_empty() {
                self.push_block(Block::Code(code));
            }
            return;
        }
        // A list item is one text: its code lines are joined into it.
        let style = Style {
            code: true,
            ..Style::default()
        };
        for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            self.separate_in_item();
            self.inline.push_str(line, style);
        }
    }

    fn open_quote(&mut self) {
        if self.in_list() {
            self.separate_in_item();
        } else if self.quotes.len() < MAX_QUOTE_DEPTH {
            self.quotes.push(Vec::new());
        } else {
            self.quote_overflow += 1;
        }
    }

    fn close_quote(&mut self) {
        if self.in_list() {
            return;
        }
        if self.quote_overflow > 0 {
            self.quote_overflow -= 1;
        } else if let Some(blocks) = self.quotes.pop()
            && !blocks.is_empty()
        {
            self.push_block(Block::Quote(blocks));
        }
    }

    fn open_list(&mut self, ordered: bool) {
        if self.list.depth == 0 {
            self.list.ordered = ordered;
        }
        self.list.depth += 1;
    }

    /// Ends the current item's text (at an item's start or end, so a nested
    /// list's items follow their parent's text in one flat list).
    fn flush_item(&mut self) {
        let text = std::mem::take(&mut self.inline);
        if !is_blank(&text) {
            self.list.items.push(text);
        }
    }

    fn close_list(&mut self) {
        self.list.depth = self.list.depth.saturating_sub(1);
        if self.list.depth > 0 {
            return;
        }
        self.flush_item();
        let items = std::mem::take(&mut self.list.items);
        if !items.is_empty() {
            let block = match self.list.ordered {
                true => Block::Numbered(items),
                false => Block::Bullets(items),
            };
            self.push_block(block);
        }
    }

    /// A table in a list item is flattened into the item's text: cells
    /// separated by " | ", rows by a space.
    fn open_table(&mut self, align: &[Alignment]) {
        if self.in_list() {
            self.separate_in_item();
            return;
        }
        let align = align
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        self.table = Some(TableBuild {
            align,
            ..TableBuild::default()
        });
    }

    fn open_cell(&mut self) {
        if self.in_list() && self.table.is_none() {
            let last = self.inline.spans.iter().rev().find(|s| !s.text.is_empty());
            if last.is_some_and(|s| !s.text.ends_with([' ', '\n'])) {
                self.inline.push_str(" | ", Style::default());
            }
        }
    }

    fn close_cell(&mut self) {
        if let Some(table) = self.table.as_mut() {
            table.row.push(std::mem::take(&mut self.inline));
        }
    }

    fn close_row(&mut self, head: bool) {
        if let Some(table) = self.table.as_mut() {
            let row = std::mem::take(&mut table.row);
            if head {
                table.header = row;
            } else {
                table.rows.push(row);
            }
        }
    }

    fn close_table(&mut self) {
        if let Some(t) = self.table.take() {
            let table = Table::new(t.header, t.rows, t.align);
            if table.columns > 0 {
                self.push_block(Block::Table(table));
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        match (self.quotes.last_mut(), self.note.as_mut()) {
            (Some(quote), _) => quote.push(block),
            (None, Some(note)) => walk::block_texts(std::slice::from_ref(&block))
                .for_each(|t| append_joined(&mut note.text, t)),
            (None, None) => self.outline.block(block),
        }
    }
}

/// Appends `part` to `text`, a space between them when both have text.
fn append_joined(text: &mut Text, part: &Text) {
    if is_blank(part) {
        return;
    }
    if !text.is_empty() {
        text.push_str(" ", Style::default());
    }
    text.spans.extend(part.spans.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::{headed, headed_at, lead, para};
    use crate::model::{FaqEntry, Span};

    fn span(text: &str, emphasis: bool, strong: bool, code: bool) -> Span {
        Span {
            href: None,
            text: text.into(),
            style: Style {
                link: false,
                strike: false,
                emphasis,
                strong,
                code,
            },
        }
    }

    #[test]
    fn title_lead_sections_and_later_h1() {
        let a = parse("# عنوان\n\nمقدمة.\n\n## قسم\n\nنص.\n\n# جزء ثان\n\n### فرعي\n\nآخر.\n");
        assert_eq!(a.title, Text::plain("عنوان"));
        assert!(a.faq.is_empty());
        assert_eq!(
            a.sections,
            vec![
                lead(vec![para("مقدمة.")]),
                headed("قسم", vec![para("نص.")]),
                headed_at(1, "جزء ثان", vec![]),
                headed_at(3, "فرعي", vec![para("آخر.")]),
            ]
        );
    }

    #[test]
    fn faq_questions_answers_and_end() {
        let src = "# T\n\n## FAQ \n\n### لماذا؟\n\nلأن.\n\nوأيضاً.\n\n### كيف؟\n\n\
                   - أ\n- ب\n\n## بعد\n\n### ليس سؤالاً\n\nنص.\n";
        let a = parse(src);
        assert_eq!(
            a.faq,
            vec![
                FaqEntry {
                    question: Text::plain("لماذا؟"),
                    answer: vec![para("لأن."), para("وأيضاً.")],
                },
                FaqEntry {
                    question: Text::plain("كيف؟"),
                    answer: vec![Block::Bullets(vec!["أ".into(), "ب".into()])],
                },
            ]
        );
        assert_eq!(
            a.sections,
            vec![
                headed("بعد", vec![]),
                headed_at(3, "ليس سؤالاً", vec![para("نص.")])
            ]
        );
    }

    /// The shortcut never claims an H1 that the parser does not see.
    #[test]
    fn starts_with_h1_agrees_with_the_parser() {
        let parsed = |src: &str| {
            Parser::new(src).any(|e| {
                matches!(
                    e,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    })
                )
            })
        };
        for src in [
            "# T",
            "#",
            "#\tT",
            "   # T",
            "    # T",
            "\n \t\n# T",
            "\r\n# T\r\n",
            "#T",
            "## T",
            "> # T",
            "- # T",
            "x\n# T",
            " #",
            "\u{A0}# T",
            "\t# T",
        ] {
            if starts_with_h1(src) {
                assert!(parsed(src), "{src:?}");
            }
        }
        assert!(starts_with_h1("\n  # عنوان\n\nنص"));
    }

    #[test]
    fn blocks_before_the_first_question_form_the_faq_section() {
        let a = parse("# T\n\n## أسئلة شائعة\n\nتمهيد.\n\n### س؟\n\nج.\n");
        assert_eq!(a.faq.len(), 1);
        assert_eq!(
            a.sections,
            vec![headed("أسئلة شائعة", vec![para("تمهيد.")])]
        );
    }

    #[test]
    fn faq_ends_at_h1() {
        let a = parse("## FAQ\n\n### س؟\n\nج.\n\n# العنوان\n\nنص.\n");
        assert_eq!(a.title, Text::plain("العنوان"));
        assert_eq!(a.faq[0].answer, vec![para("ج.")]);
        assert_eq!(a.sections, vec![lead(vec![para("نص.")])]);
    }

    #[test]
    fn inline_styles_are_merged_and_links_keep_text() {
        let a = parse("# T\n\nنص *مائل* و**عريض** و`رمز` و[رابط](http://x) *a*_b_ ***c***\n");
        let Block::Paragraph(t) = &a.sections[0].blocks[0] else {
            panic!("not a paragraph: {:?}", a.sections[0].blocks);
        };
        assert_eq!(
            t.spans,
            vec![
                span("نص ", false, false, false),
                span("مائل", true, false, false),
                span(" و", false, false, false),
                span("عريض", false, true, false),
                span(" و", false, false, false),
                span("رمز", false, false, true),
                span(" و", false, false, false),
                Span {
                    href: Some("http://x".into()),
                    text: "رابط".into(),
                    style: Style {
                        link: true,
                        ..Style::default()
                    },
                },
                span(" ", false, false, false),
                span("ab", true, false, false),
                span(" ", false, false, false),
                span("c", true, true, false),
            ]
        );
    }

    /// The link spans of the first paragraph: (text, target).
    fn links_of(src: &str) -> Vec<(String, String)> {
        let a = parse(src);
        let Some(Block::Paragraph(t)) = a.sections.first().and_then(|s| s.blocks.first()) else {
            panic!("no paragraph: {:?}", a.sections);
        };
        for s in &t.spans {
            assert_eq!(s.style.link, s.href.is_some(), "{s:?}");
        }
        t.spans
            .iter()
            .filter_map(|s| Some((s.text.clone(), s.href.clone()?)))
            .collect()
    }

    #[test]
    fn inline_reference_and_autolinks_keep_their_targets() {
        let src = "# T\n\nانظر [هنا](https://a.example/x \"t\") و[ذاك][r] و<https://b.example> \
                   و<me@c.example> و[قسم](#مقدمة) و[ملف](other.md).\n\n[r]: http://r.example\n";
        let pair = |t: &str, h: &str| (t.to_owned(), h.to_owned());
        assert_eq!(
            links_of(src),
            vec![
                pair("هنا", "https://a.example/x"),
                pair("ذاك", "http://r.example"),
                pair("https://b.example", "https://b.example"),
                pair("me@c.example", "mailto:me@c.example"),
                pair("قسم", "#مقدمة"),
                pair("ملف", "other.md"),
            ]
        );
    }

    #[test]
    fn hostile_targets_leave_plain_text() {
        let long = format!("https://x.example/{}", "a".repeat(100_000));
        for target in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            long.as_str(),
            "https://x.example/%1b\u{1b}]8;;evil",
            "https://x.example/\u{9b}",
            "https://x.example/\u{202E}gpj.exe",
        ] {
            let a = parse(&format!("# T\n\n[نص](<{target}>)\n"));
            let Block::Paragraph(t) = &a.sections[0].blocks[0] else {
                panic!("{:?}", a.sections);
            };
            assert_eq!(t.to_plain(), "نص", "{target:?}");
            assert!(
                t.spans.iter().all(|s| s.href.is_none() && !s.style.link),
                "{target:?}: {t:?}"
            );
        }
    }

    #[test]
    fn breaks_become_spaces() {
        let a = parse("# T\n\nسطر أول\nسطر ثان  \nسطر ثالث\n");
        assert_eq!(a.sections[0].blocks, vec![para("سطر أول سطر ثان سطر ثالث")]);
    }

    #[test]
    fn nested_lists_are_flattened_and_item_paragraphs_joined() {
        let src = "# T\n\n1. one\n   - two\n   - three\n2. four\n\n   more\n\n   > quoted\n";
        let a = parse(src);
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Numbered(vec![
                "one".into(),
                "two".into(),
                "three".into(),
                "four more quoted".into(),
            ])]
        );
    }

    #[test]
    fn quotes_nest_and_hold_lists() {
        let a = parse("# T\n\n> قال:\n>\n> > داخلي\n>\n> - أ\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Quote(vec![
                para("قال:"),
                Block::Quote(vec![para("داخلي")]),
                Block::Bullets(vec!["أ".into()]),
            ])]
        );
    }

    fn code(lang: Option<&str>, text: &str) -> Block {
        Block::Code(Code::new(lang.map(str::to_owned), text))
    }

    #[test]
    fn fenced_code_is_one_block_with_its_language_and_blank_lines() {
        let a = parse("# T\n\n```rust  title=x\nlet a = 1;\n\n  b();\n```\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![code(Some("rust"), "let a = 1;\n\n  b();")]
        );
        let Block::Code(c) = &a.sections[0].blocks[0] else {
            unreachable!()
        };
        assert_eq!(c.lang.as_deref(), Some("rust"));
        assert_eq!(c.lines.len(), 3);
        assert!(c.lines[1].is_empty());
        assert_eq!(c.lines[2].to_plain(), "  b();");
        assert!(c.lines[0].spans.iter().all(|s| s.style.code));
    }

    #[test]
    fn fenced_code_without_a_language_and_indented_code() {
        let a = parse("# T\n\n~~~\nx = 1\n~~~\n\nنص.\n\n    if a:\n\n        b()\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![
                code(None, "x = 1"),
                para("نص."),
                code(None, "if a:\n\n    b()"),
            ]
        );
    }

    #[test]
    fn an_unterminated_fence_runs_to_the_end() {
        let a = parse("# T\n\nقبل.\n\n```py\nprint(1)\n\n# بعد\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![para("قبل."), code(Some("py"), "print(1)\n\n# بعد")]
        );
    }

    #[test]
    fn code_in_a_quote_stays_in_the_quote() {
        let a = parse("# T\n\n> قال:\n>\n> ```c\n> int x;\n>\n> x++;\n> ```\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Quote(vec![
                para("قال:"),
                code(Some("c"), "int x;\n\nx++;"),
            ])]
        );
    }

    #[test]
    fn code_in_a_list_item_joins_its_text() {
        let a = parse("# T\n\n- أ\n\n  ```\n  x\n\n  y\n  ```\n");
        let Block::Bullets(items) = &a.sections[0].blocks[0] else {
            panic!("{:?}", a.sections[0].blocks);
        };
        assert_eq!(items[0].to_plain(), "أ x y");
    }

    #[test]
    fn an_empty_fence_gives_no_block() {
        let a = parse("# T\n\n```rust\n```\n\nنص.\n");
        assert_eq!(a.sections[0].blocks, vec![para("نص.")]);
    }

    #[test]
    fn a_rule_ends_the_faq_and_stays_as_a_block() {
        let a = parse("# T\n\n## FAQ\n\n### س؟\n\nج.\n\n---\n\nبعد.\n");
        assert_eq!(a.faq[0].answer, vec![para("ج.")]);
        assert_eq!(a.sections, vec![lead(vec![Block::Rule, para("بعد.")])]);
    }

    #[test]
    fn task_markers_and_strikethrough() {
        let a = parse("# T\n\n- [ ] أ\n- [x] ~~ب~~\n");
        let Block::Bullets(items) = &a.sections[0].blocks[0] else {
            panic!("{:?}", a.sections[0].blocks);
        };
        assert_eq!(items[0].to_plain(), "☐ أ");
        assert_eq!(items[1].to_plain(), "☑ ب");
        assert!(
            items[1]
                .spans
                .iter()
                .any(|s| s.style.strike && s.text == "ب")
        );
    }

    #[test]
    fn tables_keep_alignments_cells_and_their_styles() {
        let a = parse("# T\n\n| أ | *b* | c |\n|:--|:-:|--:|\n| **1** | `x` |\n");
        let Block::Table(t) = &a.sections[0].blocks[0] else {
            panic!("{:?}", a.sections[0].blocks);
        };
        assert_eq!(t.align, [Align::Left, Align::Center, Align::Right]);
        assert_eq!(t.to_plain(), "أ\tb\tc\n1\tx\t");
        assert_eq!(t.cells[1].spans, [span("b", true, false, false)]);
        assert_eq!(t.cells[3].spans, [span("1", false, true, false)]);
        assert_eq!(t.cells[4].spans, [span("x", false, false, true)]);
    }

    #[test]
    fn a_table_in_a_list_item_is_flattened_into_its_text() {
        let a = parse("# T\n\n- see:\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n");
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Bullets(vec!["see: a | b 1 | 2".into()])]
        );
    }

    #[test]
    fn html_is_dropped() {
        let a = parse("# T\n\n<div>\nblock\n</div>\n\nنص <b>مهم</b>.\n");
        assert_eq!(a.sections[0].blocks, vec![para("نص مهم.")]);
    }

    #[test]
    fn first_heading_is_the_title_without_h1() {
        let a = parse("مقدمة.\n\n## العنوان\n\nنص.\n\n## قسم\n\nآخر.\n");
        assert_eq!(a.title, Text::plain("العنوان"));
        assert_eq!(
            a.sections,
            vec![
                lead(vec![para("مقدمة."), para("نص.")]),
                headed("قسم", vec![para("آخر.")]),
            ]
        );
    }

    #[test]
    fn first_paragraph_line_is_the_title_without_headings() {
        let a = parse("السطر الأول\nالسطر *الثاني*\n\nفقرة.\n");
        assert_eq!(a.title, Text::plain("السطر الأول"));
        assert_eq!(
            a.sections[0].blocks,
            vec![
                Block::Paragraph(Text {
                    spans: vec![
                        span("السطر ", false, false, false),
                        span("الثاني", true, false, false)
                    ],
                }),
                para("فقرة."),
            ]
        );
        let single = parse("وحيد\n");
        assert_eq!(single.title, Text::plain("وحيد"));
        assert!(single.sections.is_empty());
    }

    #[test]
    fn deep_quotes_are_capped_without_overflow() {
        let src = format!("# T\n\n{}عميق\n", ">".repeat(10_000));
        let a = parse(&src);
        let mut depth = 0;
        let mut blocks = &a.sections[0].blocks;
        while let [Block::Quote(inner)] = blocks.as_slice() {
            depth += 1;
            blocks = inner;
        }
        assert_eq!(depth, MAX_QUOTE_DEPTH);
        assert_eq!(blocks, &vec![para("عميق")]);
    }

    #[test]
    fn deep_lists_are_flattened_without_overflow() {
        let src = format!("# T\n\n{}عميق\n", "- ".repeat(10_000));
        let a = parse(&src);
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Bullets(vec!["عميق".into()])]
        );
    }
}
