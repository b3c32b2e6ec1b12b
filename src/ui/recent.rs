//! The picker of recent documents (`O`): the filter on the first line
//! while one is typed or set, then each document's title, how much of it
//! was read and when it was last opened, the selected one in reverse
//! video, a missing file marked, in a box centred on the screen.

use super::theme::Theme;
use super::{inner, overlay};
use crate::app::App;
use crate::app::recent::Listed;
use crate::doc::{FaqMode, Role, label_row};
use crate::labels::UiLang;
use crate::model::Text;
use crate::recent::{Location, relative_time, relative_time_ar};
use ratatui::buffer::Buffer;

/// Draws the picker when it is open.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let Some(picker) = app.mode.recent() else {
        return;
    };
    let shown = picker.shown();
    let filter_line = picker.typing || !picker.filter.is_empty();
    let rows = shown.len().max(1) + usize::from(filter_line);
    let area = overlay(buf, app, theme, app.labels.recent, 80, rows);
    if area.width < 3 || area.height < 3 {
        return;
    }
    let inner = inner(area);
    let width = usize::from(inner.width).max(1);
    let opts = app.compose_options(width, FaqMode::Omit);
    let isolate = app.opts.layout.ordering == crate::text::Ordering::Logical;
    let mut y = 0;
    if filter_line {
        let cursor = if picker.typing { "▏" } else { "" };
        let text = Text::plain(format!("{}{cursor}", picker.filter));
        let row = label_row(&text, width, "/ ", Role::Body, &opts, app.direction);
        super::draw_entry(buf, inner, 0, &row, false, theme, isolate);
        y = 1;
    }
    let height = usize::from(inner.height).saturating_sub(y);
    let first = picker.selected.saturating_sub(height.saturating_sub(1));
    for (k, &i) in shown.iter().enumerate().skip(first).take(height) {
        let text = Text::plain(entry_line(app, &picker.entries[i], picker.now));
        let row = label_row(
            &text,
            width,
            &format!("{}. ", app.labels.number(k + 1)),
            Role::Body,
            &opts,
            app.direction,
        );
        let at = u16::try_from(y + k - first).unwrap_or(u16::MAX);
        super::draw_entry(buf, inner, at, &row, k == picker.selected, theme, isolate);
    }
}

/// One document: title — percent — when — file name or host (or missing).
fn entry_line(app: &App, listed: &Listed, now: u64) -> String {
    let e = &listed.entry;
    let when = match app.labels.lang {
        UiLang::En => relative_time(e.opened, now),
        UiLang::Ar => relative_time_ar(e.opened, now),
    };
    let percent = format!("{}%", app.labels.number(usize::from(e.percent)));
    let place = if listed.missing {
        format!(
            "{} {}",
            app.labels.missing,
            crate::app::recent::isolated(&e.location)
        )
    } else {
        match &e.location {
            Location::File(p) => p
                .file_name()
                .map(|n| crate::model::sanitize::string(&n.to_string_lossy()))
                .unwrap_or_default(),
            Location::Url(u) => url::Url::parse(u)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| e.location.shown()),
        }
    };
    format!("{} — {percent} — {when} — {place}", e.title)
}
