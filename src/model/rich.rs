//! Rich text: a run of styled spans, written in JSON as a plain string or as
//! an array whose items are strings or `{"text": …, "emphasis": true, …}`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
            }],
        }
    }

    /// Appends `text` in `style`, extending the last span when it has the
    /// same style so that adjacent spans never share one; empty text is ignored.
    pub fn push_str(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                style,
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

/// The JSON shapes accepted for a span: a bare string or an object.
#[derive(Deserialize)]
#[serde(untagged)]
enum SpanRepr {
    Plain(String),
    Styled(Span),
}

/// The JSON shapes accepted for rich text: a string or an array of spans.
#[derive(Deserialize)]
#[serde(untagged)]
enum TextRepr {
    Plain(String),
    Spans(Vec<SpanRepr>),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        Ok(match TextRepr::deserialize(d)? {
            TextRepr::Plain(s) => Text::plain(s),
            TextRepr::Spans(spans) => Text {
                spans: spans
                    .into_iter()
                    .map(|s| match s {
                        SpanRepr::Plain(text) => Span {
                            text,
                            style: Style::default(),
                        },
                        SpanRepr::Styled(span) => span,
                    })
                    .collect(),
            },
        })
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.spans.iter().all(|span| span.style.is_plain()) {
            return s.serialize_str(&self.to_plain());
        }
        s.collect_seq(self.spans.iter().map(|span| {
            if span.style.is_plain() {
                serde_json::Value::String(span.text.clone())
            } else {
                serde_json::to_value(span).unwrap_or(serde_json::Value::Null)
            }
        }))
    }
}
