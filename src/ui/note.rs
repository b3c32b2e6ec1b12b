//! A footnote in a popup over the text (a followed note link): its text
//! laid out like the article's, `[n]` in the frame; the app scrolls it.

use super::theme::Theme;
use super::{inner, overlay};
use crate::app::App;
use crate::app::Mode;
use crate::app::links::{NOTE_POPUP_WIDTH, note_popup_height};
use ratatui::buffer::Buffer;

/// Draws the popup when a note is open.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let Mode::Note { number, scroll } = app.mode else {
        return;
    };
    let rows = app.note_rows();
    let fits = usize::from(note_popup_height(app.size.1)).saturating_sub(2);
    let title = format!("[{number}]");
    let area = overlay(
        buf,
        app,
        theme,
        &title,
        NOTE_POPUP_WIDTH,
        rows.len().min(fits),
    );
    if area.width < 3 || area.height < 3 {
        return;
    }
    let inner = inner(area);
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    for (y, row) in rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        super::draw_entry(buf, inner, y as u16, row, false, theme, isolate);
    }
}
