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
