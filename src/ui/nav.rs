//! The section navigator: the part being read is highlighted (scroll-spy);
//! when focused, the selection is shown in reverse video.

use super::rows::{RowStyle, draw_row, fill_line};
use super::theme::Theme;
use super::{inner, pane_frame};
use crate::app::{App, Pane};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Draws the navigator in `area`.
pub fn render(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Nav;
    pane_frame(buf, area, app.labels.contents, focused, app, theme);
    let inner = inner(area);
    let current = app.current_nav_entry();
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    let shown = (app.nav.scroll..app.nav.entries.len()).take(usize::from(inner.height));
    for (y, i) in shown.enumerate() {
        // Composed for the visible entries after every action.
        let Some(row) = app.nav.rows.get(&i) else {
            continue;
        };
        let mut overlay = Style::new();
        if i == current {
            overlay = overlay.patch(theme.current());
        }
        if focused && i == app.nav.selected {
            overlay = overlay.patch(theme.selected());
            fill_line(buf, inner, y as u16, theme.selected());
        }
        draw_row(
            buf,
            inner,
            y as u16,
            row,
            theme,
            RowStyle { isolate, overlay },
        );
    }
}
