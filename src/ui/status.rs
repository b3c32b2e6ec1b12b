//! The status line: title, current section, a progress bar with percent,
//! reading time left and the help hint, placed from the reading-start side
//! (right for RTL, where the progress bar also fills from the right).

use super::theme::Theme;
use crate::app::App;
use crate::app::nav::NavTarget;
use crate::doc::{FaqMode, Role, label_row};
use crate::model::Text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Words read per minute for the time estimate.
const WORDS_PER_MINUTE: usize = 180;
/// Cells of the progress bar.
const BAR: usize = 10;

/// Reading progress from 0.0 to 1.0.
pub fn progress(app: &App) -> f64 {
    app.progress()
}

/// Draws the status line in `area`.
pub fn render(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    buf.set_style(area, theme.status());
    if let Some(typed) = app.mode.prompt() {
        return prompt(buf, area, app, typed, theme);
    }
    let p = progress(app);
    let filled = (p * BAR as f64).round() as usize;
    let rtl = app.direction.is_rtl();
    let bar = if rtl {
        format!("{}{}", "░".repeat(BAR - filled), "█".repeat(filled))
    } else {
        format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled))
    };
    let words = app.article_words();
    let minutes = words.map(|w| ((w as f64 * (1.0 - p)) / WORDS_PER_MINUTE as f64).ceil() as usize);
    let section = app
        .nav
        .entries
        .get(app.current_nav_entry())
        .filter(|e| !matches!(e.target, NavTarget::Part(crate::doc::Part::Title)))
        .map(|e| e.label.clone());
    let w = usize::from(area.width);
    // While a book's later chapters are still being read the percentage is
    // of what is here: marked as such.
    let more = if app.partial.is_some() { "…" } else { "" };
    let percent = format!("{}%{more}", (p * 100.0).round() as usize);
    let progress = if rtl {
        format!("{percent} {bar}")
    } else {
        format!("{bar} {percent}")
    };
    // (priority, text): when the line is too narrow the lowest priority goes
    // first; the help hint and the progress stay longest.
    // Each with the direction it is set in: in terminal mode, its isolate's.
    let mut segments: Vec<(u8, (String, bool))> =
        vec![(2, label(app, &app.article.title, (w * 2 / 5).max(1)))];
    if let Some(s) = section {
        segments.push((3, label(app, &s, (w / 4).max(1))));
    }
    // Built in visual order above, for either direction.
    segments.push((5, (progress, false)));
    if let Some(message) = &app.message {
        segments.push((8, label(app, &Text::plain(message.as_str()), w)));
    }
    if let Some(search) = &app.search {
        let l = app.labels;
        // While a book's later chapters are being read, the count is of
        // the chapters here: more may come ("3 of 12…", or "…").
        let more = if app.partial.is_some() { "…" } else { "" };
        let count = match search.current {
            _ if search.total == 0 && app.partial.is_some() => more.to_owned(),
            _ if search.total == 0 => l.no_match.to_owned(),
            Some(k) => format!(
                "{} {} {}",
                l.number(k + 1),
                l.match_of,
                l.number(search.total)
            ),
            None => l.number(search.total),
        };
        let count = if search.total > 0 {
            format!("{count}{more}")
        } else {
            count
        };
        segments.push((7, label(app, &Text::plain(count), w)));
    }
    // A book's words are counted in the background: no estimate until then.
    if let Some(minutes) = minutes {
        segments.push((
            1,
            label(
                app,
                &Text::plain(format!("{minutes} {}", app.labels.minutes_left)),
                w,
            ),
        ));
    }
    segments.push((6, label(app, &Text::plain(app.labels.help_hint), w)));
    while segments.len() > 1 && joined_width(&segments) > w {
        let lowest = segments
            .iter()
            .enumerate()
            .min_by_key(|(_, (p, _))| *p)
            .map_or(0, |(i, _)| i);
        segments.remove(lowest);
    }
    let mut segments: Vec<(String, bool)> = segments.into_iter().map(|(_, s)| s).collect();
    // Segments go from the reading-start side in both modes: in terminal
    // mode each is its own isolate, and the row around them (separators,
    // padding) stays left to right in the terminal.
    if rtl {
        segments.reverse();
    }
    let texts: Vec<&str> = segments.iter().map(|(t, _)| t.as_str()).collect();
    let line = format!(" {} ", texts.join(" │ "));
    let x = if rtl {
        w.saturating_sub(line.width())
    } else {
        0
    };
    buf.set_stringn(area.x + x as u16, area.y, &line, w, theme.status());
    if app.opts.layout.ordering == crate::text::Ordering::Logical {
        // One isolate per segment: as one isolate, the line was reordered
        // as one paragraph and a number moved into the next segment
        // (Konsole 22.12).
        let mut start = x + 1;
        for (segment, segment_rtl) in &segments {
            let end = (start + segment.width()).min(w);
            if end > start {
                super::rows::isolate_cells(
                    buf,
                    area.y,
                    area.x + start as u16,
                    area.x + end as u16 - 1,
                    *segment_rtl,
                );
            }
            start += segment.width() + 3;
        }
    }
}

/// The search prompt: "/" and what is typed, shaped and ordered like any
/// text (so Arabic reads right to left as it is typed), with a caret where
/// typing goes on.
fn prompt(buf: &mut Buffer, area: Rect, app: &App, typed: &str, theme: &Theme) {
    let w = usize::from(area.width);
    let text = Text::plain(format!("/{typed}\u{2038}"));
    let (line, line_rtl) = label(app, &text, w.saturating_sub(2).max(1));
    let x = if app.direction.is_rtl() {
        w.saturating_sub(line.width() + 1)
    } else {
        1
    };
    buf.set_stringn(area.x + x as u16, area.y, &line, w, theme.status());
    if app.opts.layout.ordering == crate::text::Ordering::Logical {
        let first = area.x + x as u16;
        let last = (area.x + (x + line.width()).min(w) as u16).saturating_sub(1);
        super::rows::isolate_cells(buf, area.y, first, last, line_rtl);
    }
}

fn joined_width(segments: &[(u8, (String, bool))]) -> usize {
    segments
        .iter()
        .map(|(_, (s, _))| s.width() + 3)
        .sum::<usize>()
        + 2
}

/// A text laid out by the engine in at most `max` cells, padding removed,
/// and whether it is set right to left.
fn label(app: &App, text: &Text, max: usize) -> (String, bool) {
    let opts = app.compose_options(max, FaqMode::Omit);
    let row = label_row(text, max, "", Role::Meta, &opts, app.direction);
    (row.text.trim_start().to_owned(), row.direction.is_rtl())
}
