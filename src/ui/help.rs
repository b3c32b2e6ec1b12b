//! The help overlay, generated from the key table, in the UI's language, with
//! the bidi mode in use.

use super::rows::{RowStyle, draw_row};
use super::theme::Theme;
use super::{inner, overlay};
use crate::app::App;
use crate::app::keymap::{BINDINGS, help_rows};
use crate::doc::{ComposeOptions, FaqMode, Role, label_row};
use crate::labels::UiLang;
use crate::model::Text;
use ratatui::buffer::Buffer;
use ratatui::style::Style;

/// Width of the keys column.
const KEYS: usize = 15;

/// The help lines in logical order: keys padded to a column, then the text.
/// Keys sit in left-to-right isolates (LRI…PDI) so that in an RTL line "]"
/// is not mirrored and "j ↓" keeps its order.
pub fn lines(app: &App) -> Vec<String> {
    let arabic = app.labels.lang == UiLang::Ar;
    let mut out: Vec<String> = help_rows()
        .iter()
        .map(|(keys, en, ar)| {
            let pad = " ".repeat(KEYS.saturating_sub(keys.chars().count()));
            // Each group ("j ↓", "k ↑") is its own isolate, so in an RTL line
            // the groups follow the reading order of the text ("down / up").
            let groups: Vec<String> = keys
                .split("  ")
                .map(|g| format!("\u{2066}{g}\u{2069}"))
                .collect();
            format!("{}{pad}{}", groups.join("  "), if arabic { ar } else { en })
        })
        .collect();
    // Keys the config file gave: the table above shows the defaults.
    for b in BINDINGS {
        if app.opts.keymap.rebinds(b.action) {
            let keys: Vec<String> = app
                .opts
                .keymap
                .keys_of(b.action)
                .into_iter()
                .map(crate::app::keymap::key_name)
                .collect();
            let keys = keys.join(" ");
            let pad = " ".repeat(KEYS.saturating_sub(keys.chars().count()));
            let text = if arabic { b.ar } else { b.en };
            out.push(format!("\u{2066}{keys}\u{2069}{pad}{text} (config)"));
        }
    }
    out.push(format!(
        "{} \u{2066}{}\u{2069}",
        app.labels.bidi_mode, app.opts.bidi_note
    ));
    out
}

/// Draws the overlay centred on the screen.
pub fn render(buf: &mut Buffer, app: &App, theme: &Theme) {
    let lines = lines(app);
    let area = overlay(buf, app, theme, app.labels.help_title, 72, lines.len());
    let inner = inner(area);
    let opts = ComposeOptions {
        width: usize::from(inner.width),
        layout: crate::text::LayoutOptions {
            para_dir: crate::text::ParaDirMode::Document,
            ..app.opts.layout
        },
        labels: app.labels,
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: crate::doc::SyntaxColors::IfReady,
    };
    let how = RowStyle {
        isolate: app.opts.layout.ordering == crate::text::Ordering::Logical,
        overlay: Style::new(),
    };
    for (y, line) in lines.iter().take(usize::from(inner.height)).enumerate() {
        let row = label_row(
            &Text::plain(line.as_str()),
            usize::from(inner.width).max(1),
            "",
            Role::Body,
            &opts,
            app.direction,
        );
        draw_row(buf, inner, y as u16, &row, theme, how);
    }
}
