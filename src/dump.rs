//! Dump mode: the composed article printed as plain lines, for `qari --dump`
//! and for output that is not a terminal. No terminal control beyond optional
//! SGR colours.
//!
//! Layout: title (underlined with ═), source, the FAQ with every answer open,
//! then the sections with their headings (underlined with ─); a blank line
//! between blocks (see [`crate::doc`]).

use crate::doc::{ComposeOptions, FaqMode, Role, Row, compose_article};
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
    compose_article(article, &compose)
        .rows
        .iter()
        .map(|row| {
            if opts.color {
                colored(row)
            } else {
                row.text.clone()
            }
        })
        .collect()
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
