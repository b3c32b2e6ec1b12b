//! Bidi controls in logical order (`--bidi terminal`): what is open at
//! each point of a paragraph, so that every line can open again what is
//! open at its start and close what is still open at its end.
//!
//! Needed because a terminal that does the bidi runs UAX #9 on each row by
//! itself: an embedding left open would leak into the row's borders and
//! neighbours, and one not reopened would be missing from the next line.

use crate::text::levels::MAX_BIDI_DEPTH;

/// The embeddings, overrides and isolates open at a point of a paragraph
/// written in logical order. A terminal that does the bidi runs the
/// algorithm on each row by itself, so each line opens again what is open at
/// its start and closes what is still open at its end: an override carries
/// over to its next lines, and never beyond its row to borders, neighbouring
/// panes or the next row. Terminators without an opener are dropped, and a
/// PDI first closes the embeddings opened inside its isolate.
#[derive(Default)]
pub(super) struct OpenControls {
    pub(super) stack: Vec<char>,
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
    pub(super) fn feed(&mut self, c: char, out: &mut String) {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}' => {
                if self.stack.len() < MAX_BIDI_DEPTH {
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
    pub(super) fn close(&self, out: &mut String) {
        for &o in self.stack.iter().rev() {
            out.push(if is_isolate(o) { PDI } else { PDF });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LayoutOptions, Ordering, layout_str};

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
