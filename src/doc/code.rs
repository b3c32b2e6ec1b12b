//! Code blocks: one block of contiguous lines, left to right, framed.

use super::Role;
use super::compose::{Composer, Prefix};
use crate::model::Code;

impl Composer<'_> {
    /// A code block's rows.
    pub(super) fn code(&mut self, code: &Code, prefix: &Prefix) {
        for line in &code.lines {
            self.text(line, prefix, "", Role::Body);
        }
    }
}
