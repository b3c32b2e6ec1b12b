//! The article model: what qari reads, independent of the input format.
//!
//! Pure data with serde derives; the importers ([`crate::import`]) build it
//! and `sanitize` guarantees that no text in it can act as a
//! terminal control sequence. `walk` is the one reading-order walk over the
//! blocks. The JSON schema is documented in the README.

mod rich;
pub mod sanitize;
pub mod walk;

pub use crate::text::{Span, Style, Text};

use serde::{Deserialize, Serialize};

/// A whole article: title, optional metadata, FAQ and sections in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The article's title (one line of text).
    pub title: Text,
    /// Where the article comes from and how it is written.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    /// Frequently asked questions, shown in the FAQ pane.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<FaqEntry>,
    /// The body: the lead (a section without heading) then headed sections.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Optional facts about an article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Publisher or author, e.g. «الخليج أونلاين».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date as written by the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Address of the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BCP 47 language tag, e.g. `ar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The document's base direction; `auto` decides from the text.
    #[serde(default, skip_serializing_if = "DirectionSetting::is_auto")]
    pub direction: DirectionSetting,
}

impl Meta {
    /// True when no field is set (so it is left out of the JSON).
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// A declared base direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DirectionSetting {
    /// Decide from the majority of strong characters.
    #[default]
    Auto,
    /// Right to left.
    Rtl,
    /// Left to right.
    Ltr,
}

impl DirectionSetting {
    /// True for the default, `auto`.
    pub fn is_auto(&self) -> bool {
        *self == DirectionSetting::Auto
    }
}

/// One question and its answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// The question, one line.
    pub question: Text,
    /// Paragraphs and/or bullet lists.
    pub answer: Vec<Block>,
}

/// A run of blocks under an optional heading (the lead has none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading; `None` for the lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<Text>,
    /// The section's content in order.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Text),
    /// An unordered list, one text per item.
    Bullets(Vec<Text>),
    /// An ordered list, numbered from 1.
    Numbered(Vec<Text>),
    /// A block quote holding further blocks.
    Quote(Vec<Block>),
}
