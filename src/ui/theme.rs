//! Colours and weights per role, in three themes: dark (for dark terminal
//! backgrounds), light, and monochrome — used whenever `NO_COLOR` is set,
//! where roles are told apart by weight, underline and reverse video only.
//! Headings, quotes (their bars), FAQ questions and search hits are
//! distinct in each.

use crate::app::ThemeName;
use crate::doc::{Hit, Role, Token};
use crate::model::Style as InlineStyle;
use ratatui::style::{Color, Modifier, Style};

/// The colours of one theme (`None`: the terminal's default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Palette {
    heading: Color,
    question: Color,
    meta: Color,
    decoration: Color,
    code: Color,
    border: Color,
    focus: Color,
    status_fg: Color,
    status_bg: Color,
    hit_bg: Color,
    current_bg: Color,
    /// Highlighted code: keyword, type, function, string, constant,
    /// comment, operator.
    syntax: Syntax,
}

/// The colours of code tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Syntax {
    keyword: Color,
    kind: Color,
    function: Color,
    string: Color,
    constant: Color,
    comment: Color,
    operator: Color,
}

const DARK: Palette = Palette {
    heading: Color::Cyan,
    question: Color::Yellow,
    meta: Color::Gray,
    decoration: Color::DarkGray,
    code: Color::Magenta,
    border: Color::DarkGray,
    focus: Color::Cyan,
    status_fg: Color::White,
    status_bg: Color::DarkGray,
    hit_bg: Color::Yellow,
    current_bg: Color::LightMagenta,
    syntax: Syntax {
        keyword: Color::LightMagenta,
        kind: Color::LightYellow,
        function: Color::LightBlue,
        string: Color::LightGreen,
        constant: Color::LightRed,
        comment: Color::DarkGray,
        operator: Color::Cyan,
    },
};

const LIGHT: Palette = Palette {
    heading: Color::Blue,
    question: Color::Magenta,
    meta: Color::DarkGray,
    decoration: Color::Gray,
    code: Color::Red,
    border: Color::Gray,
    focus: Color::Blue,
    status_fg: Color::Black,
    status_bg: Color::Gray,
    hit_bg: Color::LightYellow,
    current_bg: Color::LightCyan,
    syntax: Syntax {
        keyword: Color::Magenta,
        kind: Color::Yellow,
        function: Color::Blue,
        string: Color::Green,
        constant: Color::Red,
        comment: Color::DarkGray,
        operator: Color::Cyan,
    },
};

/// The styles of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Which theme.
    pub name: ThemeName,
}

impl Theme {
    /// `name`, or monochrome when `NO_COLOR` is set (and not empty), as
    /// <https://no-color.org> asks.
    pub fn choose(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            name: if no_color { ThemeName::Mono } else { name },
        }
    }

    /// The dark theme, or monochrome under `NO_COLOR`.
    pub fn from_env() -> Theme {
        Theme::choose(ThemeName::Dark)
    }

    /// The monochrome theme.
    pub fn mono() -> Theme {
        Theme {
            name: ThemeName::Mono,
        }
    }

    fn palette(&self) -> Option<&'static Palette> {
        match self.name {
            ThemeName::Dark => Some(&DARK),
            ThemeName::Light => Some(&LIGHT),
            ThemeName::Mono => None,
        }
    }

    fn fg(&self, pick: fn(&Palette) -> Color) -> Style {
        self.palette()
            .map_or(Style::new(), |p| Style::new().fg(pick(p)))
    }

    /// Style of a run of text.
    pub fn run(&self, role: Role, inline: InlineStyle) -> Style {
        let mono = self.palette().is_none();
        let mut s = match role {
            Role::Title => self.fg(|p| p.heading).add_modifier(Modifier::BOLD),
            Role::Heading if mono => {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            }
            Role::Heading => self.fg(|p| p.heading).add_modifier(Modifier::BOLD),
            Role::Question => self.fg(|p| p.question).add_modifier(Modifier::BOLD),
            Role::Body => Style::new(),
            Role::Meta => self.fg(|p| p.meta).add_modifier(Modifier::DIM),
            Role::Decoration => self.fg(|p| p.decoration),
        };
        if inline.strong {
            s = s.add_modifier(Modifier::BOLD);
        }
        if inline.emphasis {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if inline.code {
            s = s.patch(self.fg(|p| p.code));
        }
        if inline.strike {
            s = s.add_modifier(Modifier::CROSSED_OUT);
        }
        if inline.link {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        s
    }

    /// A code token's colour, patched over its run's style (which has the
    /// inline code colour): plain code of a highlighted block in the
    /// body's colour; comments also dim. None in monochrome, where the
    /// frame alone marks code.
    pub fn token(&self, token: Option<Token>) -> Style {
        let (Some(token), Some(p)) = (token, self.palette()) else {
            return Style::new();
        };
        let c = &p.syntax;
        let fg = match token {
            Token::Plain => Color::Reset,
            Token::Keyword => c.keyword,
            Token::Type => c.kind,
            Token::Function => c.function,
            Token::String => c.string,
            Token::Constant => c.constant,
            Token::Comment => return Style::new().fg(c.comment).add_modifier(Modifier::ITALIC),
            Token::Operator => c.operator,
        };
        Style::new().fg(fg)
    }

    /// A search hit, patched over its run's style: the current one stands
    /// out from the others (reverse video and underline without colour).
    pub fn hit(&self, hit: Hit) -> Style {
        match (hit, self.palette()) {
            (Hit::No, _) => Style::new(),
            (Hit::Match, Some(p)) => Style::new().bg(p.hit_bg).fg(Color::Black),
            (Hit::Current, Some(p)) => Style::new()
                .bg(p.current_bg)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            (Hit::Match, None) => Style::new().add_modifier(Modifier::REVERSED),
            (Hit::Current, None) => Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// A pane's border: bright and bold when focused.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(|p| p.focus).add_modifier(Modifier::BOLD)
        } else {
            self.fg(|p| p.border)
        }
    }

    /// The selected entry of a focused list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The entry of the part being read (scroll-spy).
    pub fn current(&self) -> Style {
        self.fg(|p| p.focus).add_modifier(Modifier::BOLD)
    }

    /// The status line.
    pub fn status(&self) -> Style {
        match self.palette() {
            Some(p) => Style::new().bg(p.status_bg).fg(p.status_fg),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings, questions, quote bars and hits differ from body text and
    /// from each other in every theme.
    #[test]
    fn every_theme_tells_the_roles_apart() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
            let t = Theme { name };
            let plain = InlineStyle::default();
            let styles = [
                t.run(Role::Body, plain),
                t.run(Role::Heading, plain),
                t.run(Role::Question, plain),
                t.run(Role::Body, plain).patch(t.hit(Hit::Match)),
                t.run(Role::Body, plain).patch(t.hit(Hit::Current)),
            ];
            for (i, a) in styles.iter().enumerate() {
                for b in &styles[i + 1..] {
                    assert_ne!(a, b, "{name:?}");
                }
            }
            if name != ThemeName::Mono {
                assert_ne!(
                    t.run(Role::Decoration, plain),
                    t.run(Role::Body, plain),
                    "{name:?}"
                );
            }
        }
    }

    const TOKENS: [Token; 8] = [
        Token::Plain,
        Token::Keyword,
        Token::Type,
        Token::Function,
        Token::String,
        Token::Constant,
        Token::Comment,
        Token::Operator,
    ];

    /// In colour, keywords, strings and comments differ from each other
    /// and from plain code, and plain code is in the body's colour.
    #[test]
    fn code_tokens_are_coloured_apart() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            let t = Theme { name };
            let code = InlineStyle {
                code: true,
                ..InlineStyle::default()
            };
            let of = |k| t.run(Role::Body, code).patch(t.token(Some(k)));
            let styles = [Token::Plain, Token::Keyword, Token::String, Token::Comment].map(of);
            for (i, a) in styles.iter().enumerate() {
                for b in &styles[i + 1..] {
                    assert_ne!(a, b, "{name:?}");
                }
            }
            assert_eq!(of(Token::Plain).fg, Some(Color::Reset));
            assert_eq!(t.token(None), Style::new());
        }
    }

    #[test]
    fn mono_has_no_colour_at_all() {
        let t = Theme::mono();
        let mut all = vec![
            t.status(),
            t.border(true),
            t.border(false),
            t.current(),
            t.selected(),
        ];
        for role in [
            Role::Title,
            Role::Heading,
            Role::Question,
            Role::Body,
            Role::Meta,
            Role::Decoration,
        ] {
            let code = InlineStyle {
                code: true,
                ..InlineStyle::default()
            };
            all.push(t.run(role, code));
        }
        all.push(t.hit(Hit::Match));
        all.push(t.hit(Hit::Current));
        all.extend(TOKENS.map(|k| t.token(Some(k))));
        for s in all {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
    }
}
