//! Code blocks: one block of contiguous rows in a frame that marks it as code
//! without colour (`┌─ rust ───`, `│ ` before each line, `└───`), so that
//! it stays code under `NO_COLOR` and in the dump.
//!
//! Code reads left to right whatever the document: each line is laid out by
//! the engine with its paragraph direction forced to LTR (Arabic in a
//! comment or string is shaped and reordered inside the LTR line), never
//! justified, with its indentation kept, and the block is left-aligned
//! even in an RTL document (quote bars and indent stay on the document's
//! reading-start side). A line wider than the column is wrapped and each of
//! its continuation rows starts with `↪` in the frame's gap (`│↪`), so no
//! line is cut or re-wrapped silently. Lines are shown as written: digits
//! and tashkeel are not changed for display. Fenced blocks that name a
//! language syntect knows are highlighted ([`super::highlight`]).

use super::compose::{Composer, Prefix, RowBuilder, fit_prefix};
use super::highlight::highlight;
use super::{Hit, Role, Token};
use crate::model::{Code, Text};
use crate::text::{Digits, Direction, LayoutOptions, ParaDirMode, VisualLine, layout_paragraph};
use std::ops::Range;

/// The frame's left rule before a line, and before a continuation row.
const RULE: &str = "│ ";
const CONTINUED: &str = "│↪";

/// The column a code block is set in.
struct Column {
    /// The quote bars and indent, as read in LTR.
    prefix: Prefix,
    /// Cells for the frame and the code.
    width: usize,
    /// The frame is shown (the column has room for the rule and a cell).
    framed: bool,
}

impl Composer<'_> {
    /// A code block's rows: top of the frame, each line (wrapped lines
    /// marked), bottom of the frame.
    pub(super) fn code(&mut self, code: &Code, prefix: &Prefix) {
        let column = self.code_column(prefix);
        let plain: Vec<String> = code.lines.iter().map(Text::to_plain).collect();
        let tokens = code
            .lang
            .as_deref()
            .and_then(|l| highlight(l, &plain, self.opts.syntax));
        if column.framed {
            let top = top_rule(code.lang.as_deref(), column.width);
            self.code_row(&column, "", &rule_line(top), &[], &[], Role::Decoration);
        }
        let text_width = if column.framed {
            column.width - RULE.chars().count()
        } else {
            column.width
        };
        let opts = LayoutOptions {
            width: text_width,
            para_dir: ParaDirMode::Document,
            document_dir: Direction::Ltr,
            justify: false,
            digits: Digits::Keep,
            tashkeel: true,
            ..self.opts.layout
        };
        for (i, line) in code.lines.iter().enumerate() {
            let hits = self.hits(line);
            let line_tokens = tokens.as_ref().and_then(|t| t.get(i));
            let line_tokens = line_tokens.map_or(&[][..], Vec::as_slice);
            let layout = layout_paragraph(line, &opts);
            if layout.lines.is_empty() {
                let lead = if column.framed { RULE } else { "" };
                self.code_row(&column, lead, &VisualLine::default(), &[], &[], Role::Body);
            }
            for (k, row) in layout.lines.iter().enumerate() {
                let lead = match (column.framed, k) {
                    (false, _) => "",
                    (true, 0) => RULE,
                    (true, _) => CONTINUED,
                };
                self.code_row(&column, lead, row, &hits, line_tokens, Role::Body);
            }
        }
        if column.framed {
            let bottom = format!("└{}", "─".repeat(column.width - 1));
            self.code_row(&column, "", &rule_line(bottom), &[], &[], Role::Decoration);
        }
    }

    /// The column a code block is set in under `prefix`: the frame gets
    /// room before quote bars, quote bars before the indent (as a list
    /// marker does), and the code at least one cell.
    fn code_column(&self, prefix: &Prefix) -> Column {
        let total = self.opts.width.max(1);
        let (prefix, rule) = fit_prefix(prefix, RULE, total);
        let bars = prefix.text.chars().count();
        let width = total.saturating_sub(prefix.indent + bars).max(1);
        Column {
            prefix,
            width,
            framed: !rule.is_empty(),
        }
    }

    /// One code row: `lead` (the frame) and `line`, left-aligned in the
    /// column, with the quote bars on the document's reading-start side.
    /// The row is LTR, so that in `--bidi terminal` mode it is sent in an
    /// LTR isolate.
    fn code_row(
        &mut self,
        column: &Column,
        lead: &str,
        line: &VisualLine,
        hits: &[(Range<usize>, Hit)],
        tokens: &[(Range<usize>, Token)],
        role: Role,
    ) {
        let mut row = RowBuilder::default();
        if self.doc_dir.is_rtl() {
            row.piece(lead, Role::Decoration);
            row.line_tokens(line, role, hits, tokens);
            let bars: String = column.prefix.text.trim_end().chars().rev().collect();
            if !bars.is_empty() {
                let used = lead.chars().count() + line.width;
                row.blank(column.width.saturating_sub(used) + 1);
                row.piece(&bars, Role::Decoration);
            }
        } else {
            row.blank(column.prefix.indent);
            row.piece(&column.prefix.text, Role::Decoration);
            row.piece(lead, Role::Decoration);
            row.line_tokens(line, role, hits, tokens);
        }
        self.push_built(row, Direction::Ltr);
    }
}

/// A frame line without glyphs (drawn as one decoration run).
fn rule_line(text: String) -> VisualLine {
    let width = text.chars().count();
    VisualLine {
        text,
        width,
        ..VisualLine::default()
    }
}

/// The top of the frame, `width` cells: `┌─ rust ───…`, or `┌───…` without
/// a language. Only printable ASCII of the language is shown (it names a
/// syntax; anything else could be a control or a wide character).
fn top_rule(lang: Option<&str>, width: usize) -> String {
    let name: String = lang
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_graphic)
        .collect();
    let mut top = if name.is_empty() {
        "┌".to_owned()
    } else {
        format!("┌─ {name} ")
    };
    let used = top.chars().count();
    if used > width {
        top = top.chars().take(width).collect();
    } else {
        top.push_str(&"─".repeat(width - used));
    }
    top
}
