//! Colours and weights per role. Monochrome when NO_COLOR is set: roles are
//! then told apart by weight and reverse video only.

use crate::doc::{Hit, Role};
use crate::model::Style as InlineStyle;
use ratatui::style::{Color, Modifier, Style};

/// The styles of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all.
    pub color: bool,
}

impl Theme {
    /// The dark theme, or monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Style of a run of text.
    pub fn run(&self, role: Role, inline: InlineStyle) -> Style {
        let mut s = match role {
            Role::Title => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Question => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::Body => Style::new(),
            Role::Meta => self.fg(Color::Gray).add_modifier(Modifier::DIM),
            Role::Decoration => self.fg(Color::DarkGray),
        };
        if inline.strong {
            s = s.add_modifier(Modifier::BOLD);
        }
        if inline.emphasis {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if inline.code {
            s = s.patch(self.fg(Color::Magenta));
        }
        s
    }

    /// A search hit, patched over its run's style: the current one stands
    /// out from the others (reverse video and underline without colour).
    pub fn hit(&self, hit: Hit) -> Style {
        match (hit, self.color) {
            (Hit::No, _) => Style::new(),
            (Hit::Match, true) => Style::new().bg(Color::Yellow).fg(Color::Black),
            (Hit::Current, true) => Style::new()
                .bg(Color::LightMagenta)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            (Hit::Match, false) => Style::new().add_modifier(Modifier::REVERSED),
            (Hit::Current, false) => Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// A pane's border: bright and bold when focused.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// The selected entry of a focused list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The entry of the part being read (scroll-spy).
    pub fn current(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The status line.
    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}
