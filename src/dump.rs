//! Dump mode: the laid-out article as plain lines, for `qari --dump` and for
//! output that is not a terminal. Built only on the text engine; no terminal
//! control beyond optional SGR colours.
//!
//! Layout: title (underlined with ═), source, the FAQ (every answer open),
//! then the sections with their headings (underlined with ─); a blank line
//! between blocks. RTL lines are padded on the left to the width, and no line
//! has trailing spaces. Markers (bullets, numbers, quote bars) and the FAQ
//! answers' indent sit on the side where the paragraph's reading starts.

use crate::labels::{Labels, UiLang};
use crate::model::{Article, Block, Style, Text};
use crate::text::{Direction, LayoutOptions, VisualLine, document_direction, layout_paragraph};
use std::io::{self, Write};

/// How to dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DumpOptions {
    /// Output width in cells.
    pub width: usize,
    /// Emit SGR colour and weight codes.
    pub color: bool,
    /// Engine options (their `width` and `document_dir` are set per block).
    pub layout: LayoutOptions,
    /// Language of qari's own labels; `None` follows the article's direction.
    pub ui_lang: Option<UiLang>,
}

/// The role of a line, which decides its colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Title,
    Heading,
    Question,
    Body,
    Meta,
}

/// What stands before a line on its reading-start side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Prefix {
    /// Blank cells at the very start.
    indent: usize,
    /// Quote bars and list marker, as read in LTR (mirrored for RTL).
    text: String,
}

/// Indent of FAQ answers, in cells.
const INDENT: usize = 2;

/// Builds the dump line by line.
struct Dumper<'a> {
    opts: &'a DumpOptions,
    doc_dir: Direction,
    labels: &'static Labels,
    lines: Vec<String>,
}

/// The article as lines of text (no newlines).
pub fn render(article: &Article, opts: &DumpOptions) -> Vec<String> {
    let doc_dir = document_direction(article);
    let lang = opts.ui_lang.unwrap_or(if doc_dir.is_rtl() { UiLang::Ar } else { UiLang::En });
    let mut d = Dumper {
        opts,
        doc_dir,
        labels: Labels::of(lang),
        lines: Vec::new(),
    };
    d.article(article);
    d.lines
}

/// Writes the dump to `out`.
pub fn write(article: &Article, opts: &DumpOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = io::BufWriter::new(out);
    for line in render(article, opts) {
        buf.write_all(line.as_bytes())?;
        buf.write_all(b"\n")?;
    }
    buf.flush()
}

impl Dumper<'_> {
    fn article(&mut self, a: &Article) {
        self.underlined(&a.title, Role::Title, '═');
        let meta: Vec<&str> = [a.meta.source.as_deref(), a.meta.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !meta.is_empty() {
            let line = format!("{} {}", self.labels.source, meta.join(" · "));
            self.text(&Text::plain(line), 0, "", "", Role::Meta);
        }
        if !a.faq.is_empty() {
            self.blank();
            self.underlined(&Text::plain(self.labels.faq), Role::Heading, '─');
            for entry in &a.faq {
                self.blank();
                self.text(&entry.question, 0, "", "", Role::Question);
                self.blocks(&entry.answer, INDENT, false);
            }
        }
        for section in &a.sections {
            if let Some(h) = &section.heading {
                self.blank();
                self.underlined(h, Role::Heading, '─');
            }
            self.blocks(&section.blocks, 0, true);
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// Blocks in order; quotes are flattened with a growing bar prefix, iteratively.
    fn blocks(&mut self, blocks: &[Block], indent: usize, blank_first: bool) {
        let mut stack: Vec<(std::slice::Iter<'_, Block>, usize)> = vec![(blocks.iter(), 0)];
        let mut first = true;
        while let Some((iter, depth)) = stack.last_mut() {
            let depth = *depth;
            let Some(block) = iter.next() else {
                stack.pop();
                continue;
            };
            if blank_first || !first {
                self.blank();
            }
            first = false;
            let bars = "│ ".repeat(depth);
            match block {
                Block::Paragraph(t) => self.text(t, indent, &bars, "", Role::Body),
                Block::Bullets(items) => {
                    for item in items {
                        self.text(item, indent, &bars, "• ", Role::Body);
                    }
                }
                Block::Numbered(items) => {
                    for (n, item) in items.iter().enumerate() {
                        self.text(item, indent, &bars, &format!("{}. ", n + 1), Role::Body);
                    }
                }
                Block::Quote(inner) => stack.push((inner.iter(), depth + 1)),
            }
        }
    }

    /// A title or heading with a rule under it as wide as its widest line.
    fn underlined(&mut self, text: &Text, role: Role, rule: char) {
        let layout = self.layout(text, self.opts.width);
        let widest = layout.lines.iter().map(|l| l.width).max().unwrap_or(0);
        let rule_line = VisualLine {
            text: rule.to_string().repeat(widest),
            width: widest,
            ..VisualLine::default()
        };
        let bare = Prefix::default();
        for line in &layout.lines {
            self.push(line, layout.direction, &bare, role);
        }
        self.push(&rule_line, layout.direction, &bare, Role::Meta);
    }

    /// Lays out `text` inside `indent`, quote `bars` (on every line) and a
    /// list `marker` (on the first line; blank under it on the others).
    fn text(&mut self, text: &Text, indent: usize, bars: &str, marker: &str, role: Role) {
        let prefix_width = bars.chars().count() + marker.chars().count();
        let inner = self.opts.width.saturating_sub(indent + prefix_width).max(1);
        let layout = self.layout(text, inner);
        for (i, line) in layout.lines.iter().enumerate() {
            let shown = if i == 0 { marker.to_owned() } else { " ".repeat(marker.chars().count()) };
            let prefix = Prefix {
                indent,
                text: format!("{bars}{shown}"),
            };
            self.push(line, layout.direction, &prefix, role);
        }
    }

    fn layout(&self, text: &Text, width: usize) -> crate::text::ParagraphLayout {
        let opts = LayoutOptions {
            width,
            document_dir: self.doc_dir,
            ..self.opts.layout
        };
        layout_paragraph(text, &opts)
    }

    /// Composes one output line: indent and prefix on the reading-start side.
    fn push(&mut self, line: &VisualLine, dir: Direction, prefix: &Prefix, role: Role) {
        let prefix_width = prefix.text.chars().count();
        let body = self.colored(line, role);
        let out = if dir.is_rtl() {
            // The prefix reads first, so it goes on the right, mirrored:
            // "text •", "text .1", "text │".
            let mirrored: String = prefix.text.trim_end().chars().rev().collect();
            let marker = if mirrored.is_empty() {
                String::new()
            } else {
                format!(" {}", rtl_number(&mirrored))
            };
            let pad = self.opts.width.saturating_sub(prefix.indent + prefix_width + line.width);
            format!("{}{}{}", " ".repeat(pad), body, marker)
        } else {
            format!("{}{}{}", " ".repeat(prefix.indent), prefix.text, body)
        };
        self.lines.push(out.trim_end().to_owned());
    }

    /// The line's text, with SGR codes per style run when colour is on.
    fn colored(&self, line: &VisualLine, role: Role) -> String {
        if !self.opts.color {
            return line.text.clone();
        }
        let mut out = String::new();
        for (range, style) in line.style_runs() {
            out.push_str(&sgr(role, style));
            out.push_str(&line.text[range]);
            out.push_str("\x1b[0m");
        }
        out
    }
}

/// A reversed marker such as ".21" from "12." keeps its digits in order: ".12".
fn rtl_number(reversed: &str) -> String {
    let digits: String = reversed.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return reversed.to_owned();
    }
    let digits_rev: String = digits.chars().rev().collect();
    reversed.replacen(&digits, &digits_rev, 1)
}

/// SGR parameters for a role and an inline style.
fn sgr(role: Role, style: Style) -> String {
    let mut codes: Vec<&str> = Vec::new();
    match role {
        Role::Title | Role::Heading | Role::Question => codes.push("1"),
        Role::Meta => codes.push("2"),
        Role::Body => {}
    }
    if role == Role::Heading || role == Role::Title {
        codes.push("36");
    }
    if style.strong {
        codes.push("1");
    }
    if style.emphasis {
        codes.push("3");
    }
    if style.code {
        codes.push("33");
    }
    format!("\x1b[{}m", codes.join(";"))
}
