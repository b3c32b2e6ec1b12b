//! Drawing: widgets read the [`App`] and never change it. Every string shown
//! (pane titles, entries, status, help) goes through the text engine.

mod article;
mod faq;
mod help;
pub mod layout;
mod nav;
mod rows;
mod status;
pub mod theme;

use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Widget};
use theme::Theme;

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let buf = frame.buffer_mut();
    article::render(buf, app, theme);
    if let (Some(area), false) = (app.rects.nav, app.rects.nav_overlay) {
        nav::render(buf, area, app, theme);
    }
    if let Some(area) = app.rects.faq {
        faq::render(buf, area, app, theme);
    }
    if let (Some(area), true) = (app.rects.nav, app.rects.nav_overlay) {
        Clear.render(area, buf);
        nav::render(buf, area, app, theme);
    }
    status::render(buf, app.rects.status, app, theme);
    if app.help {
        help::render(buf, app, theme);
    }
}

/// A pane's frame: border (thick and bright when focused) and a title on the
/// reading-start side.
fn pane_block<'a>(title: String, focused: bool, app: &App, theme: &Theme) -> Block<'a> {
    let line = Line::from(title).style(theme.border(focused));
    let line = if app.direction.is_rtl() {
        line.right_aligned()
    } else {
        line.left_aligned()
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title_top(line)
}

/// A pane title shaped and ordered by the engine, padded with one space each side.
fn title_text(text: &str, app: &App, width: u16) -> String {
    let opts = crate::doc::ComposeOptions {
        width: 0,
        layout: app.opts.layout,
        labels: app.labels,
        faq: crate::doc::FaqMode::Omit,
    };
    let max = usize::from(width.saturating_sub(4)).max(1);
    let row = crate::doc::label_row(
        &crate::model::Text::plain(text),
        max,
        "",
        crate::doc::Role::Heading,
        &opts,
        app.direction,
    );
    format!(" {} ", row.text.trim_start())
}

/// The area inside a one-cell border.
fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}
