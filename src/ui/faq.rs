//! The FAQ pane: questions with disclosure marks and the open answers.

use super::rows::{RowStyle, draw_row, fill_line};
use super::theme::Theme;
use super::{inner, pane_frame};
use crate::app::{App, Pane};
use crate::doc::{HEADING, Part};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

/// Draws the FAQ pane in `area`.
pub fn render(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Faq;
    Clear.render(area, buf);
    pane_frame(buf, area, app.labels.faq, focused, app, theme);
    let inner = inner(area);
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    let rows = app
        .faq
        .composed
        .rows
        .iter()
        .skip(app.faq.scroll)
        .take(usize::from(inner.height));
    for (y, row) in rows.enumerate() {
        let selected = focused
            && row.anchor.part == Part::Faq(app.faq.selected)
            && row.anchor.block == HEADING
            && !row.is_blank();
        let overlay = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        if selected {
            fill_line(buf, inner, y as u16, overlay);
        }
        draw_row(
            buf,
            inner,
            y as u16,
            row,
            theme,
            RowStyle { isolate, overlay },
        );
        if app.opts.hyperlinks {
            super::hyperlink::ride_links(buf, inner, y as u16, row);
        }
    }
}
