//! The Markdown adapter (CommonMark via pulldown-cmark, no extensions):
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
//! - Emphasis, strong and inline code become span styles; links and images
//!   keep their text; raw HTML (block and inline) is dropped.
//! - A fenced or indented code block becomes a `Code` block (blank lines
//!   kept, the fence's info string naming the language), inside a quote
//!   too; inside a list item its lines are joined into the item's text.
//! - Soft and hard line breaks are kept as `\n` while building (the title
//!   fallback needs the first line) and become spaces when sanitized.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::outline::{Outline, is_blank};
use super::{LoadError, decode_text};
use crate::model::{Article, Block, Code, Style, Text};

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
    let mut builder = Builder {
        outline: Outline::new(!has_top_level_h1(src)),
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
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => depth = depth.saturating_sub(1),
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

/// The list being built; nested lists only move `depth`.
#[derive(Default)]
struct List {
    depth: usize,
    ordered: bool,
    items: Vec<Text>,
}

/// Turns pulldown-cmark events into outline calls.
#[derive(Default)]
struct Builder {
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
    /// The code block being read, if any: its language (the fence's info
    /// string) and its text.
    code: Option<(Option<String>, String)>,
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.code.as_mut() {
                Some((_, code)) => code.push_str(&t),
                None => self.push_inline(&t, false),
            },
            Event::Code(t) => self.push_inline(&t, true),
            Event::SoftBreak | Event::HardBreak => self.push_inline("\n", false),
            Event::TaskListMarker(done) => self.push_inline(if done { "☑ " } else { "☐ " }, false),
            Event::Rule if !self.in_list() && !self.in_quote() => self.outline.rule(),
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
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) if self.in_list() || self.in_quote() => self.end_paragraph(),
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
            _ => {}
        }
    }

    fn in_list(&self) -> bool {
        self.list.depth > 0
    }

    fn in_quote(&self) -> bool {
        !self.quotes.is_empty()
    }

    fn push_inline(&mut self, text: &str, code: bool) {
        let style = Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code,
            strike: self.strike > 0,
            ..Style::default()
        };
        self.inline.push_str(text, style);
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
        let text = std::mem::take(&mut self.inline);
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

    fn push_block(&mut self, block: Block) {
        match self.quotes.last_mut() {
            Some(quote) => quote.push(block),
            None => self.outline.block(block),
        }
    }
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
                span(" ورابط ", false, false, false),
                span("ab", true, false, false),
                span(" ", false, false, false),
                span("c", true, true, false),
            ]
        );
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
