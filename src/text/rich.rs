//! Styled text in logical order: the engine's input ([`Text`] of
//! [`Span`]s) and the inline [`Style`] every laid-out glyph carries.
//!
//! The engine's own types, so that `text` depends on no other part of qari;
//! the article model re-exports them as its running text (`model::Text`)
//! and defines its JSON shape (`model/rich.rs`). The serde derives of
//! [`Style`] and [`Span`] are the span objects of that shape.

use serde::{Deserialize, Serialize};

/// Inline style of a span; all false means plain text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Emphasis (Markdown `*x*`), shown in italics where possible.
    #[serde(default, skip_serializing_if = "is_false")]
    pub emphasis: bool,
    /// Strong emphasis (Markdown `**x**`), shown in bold.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    /// Inline code (Markdown `` `x` ``).
    #[serde(default, skip_serializing_if = "is_false")]
    pub code: bool,
    /// Struck through (GFM `~~x~~`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub strike: bool,
    /// Part of a link (underlined); the target is the span's
    /// [`Span::href`]. Not written in JSON: a span with an `href` is a link.
    #[serde(skip)]
    pub link: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Style {
    /// True for plain text.
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }
}

/// A piece of text in one style.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The characters, in logical order.
    pub text: String,
    /// How they are shown.
    #[serde(flatten)]
    pub style: Style,
    /// A link's target as written (sanitized: see
    /// `model::sanitize::href`); `None` outside links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// Styled text in logical order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// The spans in order; adjacent spans may share a style.
    pub spans: Vec<Span>,
}

impl Text {
    /// Unstyled text.
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            spans: vec![Span {
                text: text.into(),
                style: Style::default(),
                href: None,
            }],
        }
    }

    /// Appends `text` in `style`, extending the last span when it has the
    /// same style so that adjacent spans never share one; empty text is ignored.
    pub fn push_str(&mut self, text: &str, style: Style) {
        self.push_link(text, style, None);
    }

    /// Appends `text` in `style` as part of a link to `href` (or outside
    /// links for `None`), extending the last span when both agree.
    pub fn push_link(&mut self, text: &str, style: Style, href: Option<&str>) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.style == style && last.href.as_deref() == href => {
                last.text.push_str(text)
            }
            _ => self.spans.push(Span {
                text: text.to_owned(),
                style,
                href: href.map(str::to_owned),
            }),
        }
    }

    /// The characters without styles.
    pub fn to_plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// True when there are no characters.
    pub fn is_empty(&self) -> bool {
        self.spans.iter().all(|s| s.text.is_empty())
    }

    /// Each span's byte range in `to_plain()` with its style.
    pub fn style_runs(&self) -> Vec<(std::ops::Range<usize>, Style)> {
        let mut start = 0;
        self.spans
            .iter()
            .map(|s| {
                let range = start..start + s.text.len();
                start = range.end;
                (range, s.style)
            })
            .collect()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::plain(s)
    }
}
