//! The bookmark list (`'`): each bookmark's label, the selected one in
//! reverse video, in a box centred on the screen.

use super::rows::{RowStyle, draw_row, fill_line};
use super::theme::Theme;
use super::{inner, pane_frame};
use crate::app::App;
use crate::doc::{ComposeOptions, FaqMode, Role, label_row};
use crate::model::Text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

/// Draws the list when it is open.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let Some(selected) = app.bookmark_list else {
        return;
    };
    let screen = Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(1));
    let width = screen.width.min(64);
    let height = screen.height.min(app.bookmarks.len() as u16 + 2);
    if width < 3 || height < 3 {
        return;
    }
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    );
    Clear.render(area, buf);
    pane_frame(buf, area, app.labels.bookmarks, true, app, theme);
    let inner = inner(area);
    let rows = usize::from(inner.height);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let opts = ComposeOptions {
        width: usize::from(inner.width),
        layout: app.opts.layout,
        labels: app.labels,
        faq: FaqMode::Omit,
    };
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    for (y, (i, b)) in app
        .bookmarks
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let marker = format!("{}. ", i + 1);
        let row = label_row(
            &Text::plain(b.label.as_str()),
            usize::from(inner.width).max(1),
            &marker,
            Role::Body,
            &opts,
            app.direction,
        );
        let mut overlay = Style::new();
        if i == selected {
            overlay = theme.selected();
            fill_line(buf, inner, y as u16, overlay);
        }
        draw_row(
            buf,
            inner,
            y as u16,
            &row,
            theme,
            RowStyle { isolate, overlay },
        );
    }
}
