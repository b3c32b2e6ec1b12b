//! `y`: the current paragraph, as written (logical order, no presentation
//! forms), handed to the loop to put on the clipboard — so that nobody
//! pastes reversed, shaped letters into another program.

use super::state::App;
use crate::doc::{Hit, block_text};

impl App {
    /// The paragraph to copy: the current search hit's when it is on
    /// screen, else the one at the top of the view.
    pub fn paragraph_to_copy(&self) -> Option<String> {
        let hit_row = self.search.as_ref().and_then(|s| s.current).and_then(|_| {
            self.visible_rows()
                .find(|r| r.runs.iter().any(|run| run.hit == Hit::Current))
        });
        let anchor = match hit_row {
            Some(row) => row.anchor,
            None => self.top_paragraph()?,
        };
        block_text(&self.article, anchor.part, anchor.block)
    }

    /// `y`: asks the loop to copy the paragraph.
    pub(crate) fn copy_paragraph(&mut self) {
        if let Some(text) = self.paragraph_to_copy() {
            self.message = Some(format!(
                "{} {}",
                self.labels.copied,
                self.labels.number(text.chars().count())
            ));
            self.copy_request = Some(text);
        }
    }
}
