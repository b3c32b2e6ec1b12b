//! Tables: columns sized to the width, cells laid out by the engine.

use super::Role;
use super::compose::{Composer, Prefix};
use crate::model::{Table, Text};

impl Composer<'_> {
    /// A table's rows.
    pub(super) fn table(&mut self, table: &Table, prefix: &Prefix) {
        for row in table.rows() {
            let mut line = Text::default();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str(" | ", Default::default());
                }
                for span in &cell.spans {
                    line.push_link(&span.text, span.style, span.href.as_deref());
                }
            }
            self.text(&line, prefix, "", Role::Body);
        }
    }
}
