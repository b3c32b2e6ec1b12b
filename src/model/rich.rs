//! Rich text in JSON: a plain string, or an array whose items are strings
//! or `{"text": …, "emphasis": true, …}`. The types themselves are the text
//! engine's ([`crate::text::Text`]); the model re-exports them.

use crate::text::{Span, Style, Text};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
                            href: None,
                        },
                        SpanRepr::Styled(mut span) => {
                            span.style.link = span.href.is_some();
                            span
                        }
                    })
                    .collect(),
            },
        })
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bare = |span: &Span| span.style.is_plain() && span.href.is_none();
        if self.spans.iter().all(bare) {
            return s.serialize_str(&self.to_plain());
        }
        s.collect_seq(self.spans.iter().map(|span| {
            if bare(span) {
                serde_json::Value::String(span.text.clone())
            } else {
                serde_json::to_value(span).unwrap_or(serde_json::Value::Null)
            }
        }))
    }
}
