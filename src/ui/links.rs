//! The link list (`L`): each link's text and target, the selected one in
//! reverse video, in a box centred on the screen; the status line shows
//! the selected target (the app's message).

use super::theme::Theme;
use super::{inner, overlay};
use crate::app::App;
use crate::doc::{FaqMode, Role, label_row};
use crate::model::Text;
use ratatui::buffer::Buffer;

/// Draws the list when it is open.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let Some(selected) = app.mode.link() else {
        return;
    };
    let links = app.visible_links();
    let area = overlay(buf, app, theme, app.labels.links, 72, links.len());
    if area.width < 3 || area.height < 3 {
        return;
    }
    let inner = inner(area);
    let rows = usize::from(inner.height);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let opts = app.compose_options(usize::from(inner.width), FaqMode::Omit);
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    for (y, (i, link)) in links.iter().enumerate().skip(first).take(rows).enumerate() {
        // The text, then its target after a dash: an arrow would point
        // the wrong way in an entry of the other direction.
        let mut text = Text::plain(link.text.as_str());
        text.push_str(&format!(" — {}", link.href), Default::default());
        let row = label_row(
            &text,
            usize::from(inner.width).max(1),
            &format!("{}. ", i + 1),
            Role::Body,
            &opts,
            app.direction,
        );
        super::draw_entry(buf, inner, y as u16, &row, i == selected, theme, isolate);
    }
}
