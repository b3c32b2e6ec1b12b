//! Whether the reader marks links as OSC 8 hyperlinks (`--hyperlinks`,
//! config key `hyperlinks`). Pure.
//!
//! Only in app mode (qari's visual order): the cells of a link are then
//! in the terminal's own left-to-right order, and the sequence rides on
//! each cell (see `ui::hyperlink`). A terminal that does not know OSC 8
//! is meant to ignore it, but some print parts of it, so `auto` asks for
//! a terminal known to support it.

use super::bidi_mode::{BidiMode, TerminalFacts};
use super::known::KnownTerminal;

/// The user's choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HyperlinkSetting {
    /// On in terminals known to support OSC 8.
    #[default]
    Auto,
    /// On whatever the terminal (app mode only).
    Always,
    /// Off.
    Never,
}

/// Does the reader send OSC 8 hyperlinks? Never in terminal mode.
pub fn hyperlinks(setting: HyperlinkSetting, mode: BidiMode, facts: &TerminalFacts) -> bool {
    mode == BidiMode::App
        && match setting {
            HyperlinkSetting::Always => true,
            HyperlinkSetting::Never => false,
            HyperlinkSetting::Auto => supports_osc8(facts),
        }
}

/// Terminals known to support OSC 8: kitty, VTE 0.50 and later, Konsole,
/// Alacritty, WezTerm, foot, iTerm2, Ghostty, Windows Terminal, mintty,
/// xterm.js. xterm does not; mlterm and macOS Terminal are left out (not
/// seen to), and so are tmux and screen, which pass it on only when told.
pub fn supports_osc8(facts: &TerminalFacts) -> bool {
    use KnownTerminal as T;
    match facts.terminal() {
        Some(T::Vte) => facts
            .var("VTE_VERSION")
            .and_then(|v| v.parse::<u32>().ok())
            .is_none_or(|v| v >= 5000),
        Some(
            T::Kitty
            | T::Konsole
            | T::Alacritty
            | T::WezTerm
            | T::Foot
            | T::ITerm2
            | T::Ghostty
            | T::WindowsTerminal
            | T::Mintty
            | T::XtermJs,
        ) => true,
        Some(T::Mlterm | T::AppleTerminal | T::Multiplexer) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(env: &[(&str, &str)]) -> TerminalFacts {
        TerminalFacts {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..TerminalFacts::default()
        }
    }

    #[test]
    fn auto_follows_the_terminal_and_the_vte_version() {
        let on =
            |env: &[(&str, &str)]| hyperlinks(HyperlinkSetting::Auto, BidiMode::App, &facts(env));
        assert!(on(&[("KITTY_WINDOW_ID", "1")]));
        assert!(on(&[("VTE_VERSION", "7600")]));
        assert!(!on(&[("VTE_VERSION", "4800")]));
        assert!(on(&[("KONSOLE_VERSION", "221203")]));
        assert!(!on(&[("TERM", "xterm-256color")]));
        assert!(!on(&[("TMUX", "/tmp/t"), ("VTE_VERSION", "7600")]));
    }

    #[test]
    fn never_in_terminal_mode_and_as_told_in_app_mode() {
        let kitty = facts(&[("KITTY_WINDOW_ID", "1")]);
        let xterm = facts(&[("TERM", "xterm")]);
        assert!(!hyperlinks(
            HyperlinkSetting::Always,
            BidiMode::Terminal,
            &kitty
        ));
        assert!(hyperlinks(HyperlinkSetting::Always, BidiMode::App, &xterm));
        assert!(!hyperlinks(HyperlinkSetting::Never, BidiMode::App, &kitty));
    }
}
