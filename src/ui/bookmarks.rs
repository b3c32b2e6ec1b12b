//! The bookmark list (`'`): each bookmark's label, the selected one in
//! reverse video, in a box centred on the screen.

use super::theme::Theme;
use super::{inner, overlay};
use crate::app::App;
use crate::doc::{FaqMode, Role, label_row};
use crate::model::Text;
use ratatui::buffer::Buffer;

/// Draws the list when it is open.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let Some(selected) = app.mode.bookmark() else {
        return;
    };
    let area = overlay(
        buf,
        app,
        theme,
        app.labels.bookmarks,
        64,
        app.bookmarks.len(),
    );
    if area.width < 3 || area.height < 3 {
        return;
    }
    let inner = inner(area);
    let rows = usize::from(inner.height);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let opts = app.compose_options(usize::from(inner.width), FaqMode::Omit);
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
        super::draw_entry(buf, inner, y as u16, &row, i == selected, theme, isolate);
    }
}
