//! The article pane: composed rows in a centred column, and a scrollbar on
//! the reading-start side (left for RTL).

use super::rows::{RowStyle, draw_row};
use super::theme::Theme;
use crate::app::{App, Pane};
use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

/// Draws the article pane.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Article;
    super::pane_frame(buf, app.rects.article, "", focused, app, theme);
    let view = &app.article_view;
    let area = app.rects.article_text;
    let how = RowStyle {
        isolate: app.opts.layout.ordering == crate::text::Ordering::Logical,
        overlay: Style::new(),
    };
    let max = app.max_article_scroll();
    if max > 0 {
        // A book still being read: the bar stands for the whole, the rows
        // here being its share (by size) of it.
        let whole = match app.partial {
            Some(share) if share > 0.0 => ((max as f64) / share).round() as usize,
            _ => max,
        };
        let mut state = ScrollbarState::new(whole.max(max))
            .position(app.article_scroll().min(max))
            .viewport_content_length(view.height);
        let side = if app.direction.is_rtl() {
            ScrollbarOrientation::VerticalLeft
        } else {
            ScrollbarOrientation::VerticalRight
        };
        Scrollbar::new(side)
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.border(false))
            .render(app.rects.scrollbar, buf, &mut state);
    }
    // After the scrollbar: a row may start next to it, and its isolate
    // rides on that column (see rows::isolate_cells).
    for (y, row) in app
        .visible_rows()
        .take(usize::from(area.height))
        .enumerate()
    {
        draw_row(buf, area, y as u16, row, theme, how);
        if app.opts.hyperlinks {
            super::hyperlink::ride_links(buf, area, y as u16, row);
        }
    }
}
