//! Drawing: widgets read the [`App`] and never change it. Every string shown
//! (pane titles, entries, status, help) goes through the text engine.

mod article;
mod bookmarks;
mod faq;
mod help;
pub mod hyperlink;
mod links;
mod note;
mod recent;
pub use help::lines as help_lines;
mod nav;
mod rows;
pub mod rtl_runs;
mod status;
pub mod theme;

use crate::app::App;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
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
    bookmarks::render(buf, app, theme);
    links::render(buf, app, theme);
    recent::render(buf, app, theme);
    note::render(buf, app, theme);
    if app.mode == crate::app::Mode::Help {
        help::render(buf, app, theme);
    }
    if app.opts.layout.ordering == crate::text::Ordering::Logical {
        let area = buf.area;
        rows::balance_isolates(buf, area);
    }
    if let Some(font) = app.opts.reverse_rtl_runs {
        let area = buf.area;
        rtl_runs::reverse_rtl_runs(buf, area, font);
    }
    if app.opts.hyperlinks {
        hyperlink::drop_stale(buf);
    }
}

/// Draws a pane's frame: the border (thick and bright when focused) and its
/// title, shaped by the engine, on the reading-start side of the top border.
/// The title is drawn as a row (not a `Block` title) so that in `--bidi
/// terminal` mode it gets its own isolate like every other text.
fn pane_frame(buf: &mut Buffer, area: Rect, title: &str, focused: bool, app: &App, theme: &Theme) {
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .render(area, buf);
    if title.is_empty() || area.width < 6 || area.height == 0 {
        return;
    }
    let opts = app.compose_options(0, crate::doc::FaqMode::Omit);
    let max = usize::from(area.width - 4);
    let row = crate::doc::label_row(
        &crate::model::Text::plain(title),
        max,
        "",
        crate::doc::Role::Heading,
        &opts,
        app.direction,
    );
    // The label is aligned in `max` cells; trim the padding and add one blank each side.
    let text = row.text.trim_start();
    let trimmed = crate::doc::Row {
        text: format!(" {text} "),
        width: unicode_width::UnicodeWidthStr::width(text) + 2,
        runs: row
            .runs
            .iter()
            .map(|r| crate::doc::Run {
                range: r.range.start + 1 - (row.text.len() - text.len())
                    ..r.range.end + 1 - (row.text.len() - text.len()),
                ..r.clone()
            })
            .collect(),
        anchor: row.anchor,
        direction: row.direction,
        isolates: Vec::new(),
    };
    let x = if app.direction.is_rtl() {
        area.right().saturating_sub(1 + trimmed.width as u16)
    } else {
        area.x + 1
    };
    let strip = Rect::new(x, area.y, trimmed.width as u16, 1);
    // Blank the border under the title, including its padding.
    buf.set_stringn(
        x,
        area.y,
        " ".repeat(trimmed.width),
        trimmed.width,
        theme.border(focused),
    );
    let how = rows::RowStyle {
        isolate: app.opts.layout.ordering == crate::text::Ordering::Logical,
        overlay: theme.border(focused),
    };
    rows::draw_row(buf, strip, 0, &trimmed, theme, how);
}

/// A focused box titled `title`, at most `max_width` wide and tall enough
/// for `rows` rows, centred above the status line and cleared; its area.
fn overlay(
    buf: &mut Buffer,
    app: &App,
    theme: &Theme,
    title: &str,
    max_width: u16,
    rows: usize,
) -> Rect {
    let screen = Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(1));
    let width = screen.width.min(max_width);
    let height = screen
        .height
        .min(u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2));
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    );
    Clear.render(area, buf);
    pane_frame(buf, area, title, true, app, theme);
    area
}

/// Draws one entry of an overlay's list (bookmarks, links) on line `y` of
/// `inner`, highlighted across the line when `selected`.
fn draw_entry(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    row: &crate::doc::Row,
    selected: bool,
    theme: &Theme,
    isolate: bool,
) {
    let mut overlay = ratatui::style::Style::new();
    if selected {
        overlay = theme.selected();
        rows::fill_line(buf, inner, y, overlay);
    }
    rows::draw_row(
        buf,
        inner,
        y,
        row,
        theme,
        rows::RowStyle { isolate, overlay },
    );
}

/// The area inside a one-cell border.
fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}
