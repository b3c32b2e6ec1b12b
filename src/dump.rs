//! Dump mode: the composed article printed as plain lines, for `qari --dump`
//! and for output that is not a terminal. No terminal control beyond optional
//! SGR colours.
//!
//! Layout: title (underlined with ═), source, the FAQ with every answer open,
//! then the sections with their headings (underlined with ─); a blank line
//! between blocks (see [`crate::doc`]).

use crate::doc::{ComposeOptions, FaqMode, Role, Row, for_each_row};
use crate::labels::{Labels, UiLang};
use crate::model::{Article, Style};
use crate::text::{LayoutOptions, document_direction};
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

/// The article as lines of text (no newlines).
pub fn render(article: &Article, opts: &DumpOptions) -> Vec<String> {
    let mut lines = Vec::new();
    for_each_line(article, opts, &mut |line| lines.push(line.to_owned()));
    lines
}

fn for_each_line(article: &Article, opts: &DumpOptions, f: &mut dyn FnMut(&str)) {
    let lang = opts
        .ui_lang
        .unwrap_or(if document_direction(article).is_rtl() {
            UiLang::Ar
        } else {
            UiLang::En
        });
    let compose = ComposeOptions {
        width: opts.width,
        layout: opts.layout,
        labels: Labels::of(lang),
        faq: FaqMode::Expanded,
    };
    for_each_row(article, &compose, &mut |row| {
        if opts.color {
            f(&colored(&row));
        } else {
            f(&row.text);
        }
    });
}

/// Writes the dump to `out`, row by row as they are composed (a book is
/// never held in memory as text).
pub fn write(article: &Article, opts: &DumpOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, out);
    let mut result = Ok(());
    for_each_line(article, opts, &mut |line| {
        if result.is_ok() {
            result = buf
                .write_all(line.as_bytes())
                .and_then(|()| buf.write_all(b"\n"));
        }
    });
    result?;
    buf.flush()
}

/// The row with SGR codes around each styled run.
fn colored(row: &Row) -> String {
    let mut out = String::new();
    let mut at = 0;
    for run in &row.runs {
        out.push_str(&row.text[at..run.range.start]);
        out.push_str(&sgr(run.role, run.style));
        out.push_str(&row.text[run.range.clone()]);
        out.push_str("\x1b[0m");
        at = run.range.end;
    }
    out.push_str(&row.text[at..]);
    out
}

/// SGR parameters for a role and an inline style.
fn sgr(role: Role, style: Style) -> String {
    let mut codes: Vec<&str> = Vec::new();
    match role {
        Role::Title | Role::Heading => codes.extend(["1", "36"]),
        Role::Question => codes.push("1"),
        Role::Meta | Role::Decoration => codes.push("2"),
        Role::Body => {}
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
    if codes.is_empty() {
        codes.push("0");
    }
    format!("\x1b[{}m", codes.join(";"))
}
