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
    /// Named places that in-document links (`#name`) go to, besides the
    /// headings' slugs and footnotes: a book's chapter files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<NamedPlace>,
}

/// A named place of an article: a link `#name` goes to the start of
/// section `section`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPlace {
    /// The name, without `#`.
    pub name: String,
    /// Index in the article's sections.
    pub section: usize,
}

/// Optional facts about an article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Publisher or author, e.g. «الخليج أونلاين».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The author or authors, as the source names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
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

/// A run of blocks under an optional heading (the lead has none). Two
/// sections are equal when their levels read the same ([`Section::level`]:
/// a level not given is 2), so a JSON article without levels equals the
/// same article read from text.
#[derive(Clone, Debug, Default, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading; `None` for the lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<Text>,
    /// The section's content in order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// The heading's level as written (1 for `#`, 2 for `##`…); 0 when the
    /// source does not say (the lead, JSON without it), read as 2. The
    /// navigator indents levels 3 and 4 under the level above.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub level: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl PartialEq for Section {
    fn eq(&self, other: &Section) -> bool {
        self.level() == other.level()
            && self.heading == other.heading
            && self.blocks == other.blocks
    }
}

impl Section {
    /// The heading's level, 2 when not given.
    pub fn level(&self) -> u8 {
        if self.level == 0 { 2 } else { self.level }
    }
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
    /// A code block: its lines as written, shown left to right.
    Code(Code),
    /// A table: a header row and body rows of cells.
    Table(Table),
    /// A thematic break (`---`).
    Rule,
    /// Footnotes gathered at the end of a section, numbered on from `start`.
    Notes(Notes),
}

/// A code block's lines (each one [`Text`] in code style, tabs expanded)
/// and its language, from a fenced block's info string. In JSON:
/// `{"code": {"lang": "rust", "text": "fn main() {\n}"}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "CodeRepr", into = "CodeRepr")]
pub struct Code {
    /// The language named by the info string's first word, if any.
    pub lang: Option<String>,
    /// The lines, in code style; blank lines kept (an empty text).
    pub lines: Vec<Text>,
}

impl Code {
    /// A code block of `text` split at line ends; tabs expanded to the next
    /// multiple of 4 columns and trailing blank lines dropped.
    pub fn new(lang: Option<String>, text: &str) -> Code {
        let style = Style {
            code: true,
            ..Style::default()
        };
        let mut lines: Vec<Text> = text
            .lines()
            .map(|l| {
                let mut t = Text::default();
                t.push_str(&expand_tabs(l.trim_end()), style);
                t
            })
            .collect();
        while lines.last().is_some_and(Text::is_empty) {
            lines.pop();
        }
        let lang = lang
            .and_then(|l| l.split_whitespace().next().map(str::to_owned))
            .filter(|l| !l.is_empty());
        Code { lang, lines }
    }

    /// The text as written, lines joined by `\n`.
    pub fn to_plain(&self) -> String {
        let lines: Vec<String> = self.lines.iter().map(Text::to_plain).collect();
        lines.join("\n")
    }
}

/// Tabs to spaces, to the next multiple of 4 columns (counted in chars).
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    text: String,
}

impl From<CodeRepr> for Code {
    fn from(r: CodeRepr) -> Code {
        Code::new(r.lang, &r.text)
    }
}

impl From<Code> for CodeRepr {
    fn from(c: Code) -> CodeRepr {
        CodeRepr {
            text: c.to_plain(),
            lang: c.lang,
        }
    }
}

/// How a table column's cells are aligned (`:--`, `:-:`, `--:` in
/// Markdown); mirrored in right-to-left tables (`start` is the right there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Not given: the cell's own reading-start side.
    #[default]
    None,
    /// `:--`: the left (the right in an RTL table).
    Left,
    /// `:-:`: centred.
    Center,
    /// `--:`: the right (the left in an RTL table).
    Right,
}

/// A table: `columns` cells per row, row-major, the first row the header.
/// Every row has exactly `columns` cells (importers pad ragged rows with
/// empty cells and drop extra ones). In JSON:
/// `{"table": {"align": ["left", "none"], "header": ["a", "b"], "rows": [["1", "2"]]}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "TableRepr", into = "TableRepr")]
pub struct Table {
    /// The number of columns (at least 1 when there are cells).
    pub columns: usize,
    /// Each column's alignment; `columns` of them.
    pub align: Vec<Align>,
    /// The cells, header row first.
    pub cells: Vec<Text>,
}

impl Table {
    /// A table of `header` and `rows`, ragged rows padded or cut to the
    /// header's width (the widest row's when there is no header);
    /// `align` is padded with [`Align::None`].
    pub fn new(header: Vec<Text>, rows: Vec<Vec<Text>>, mut align: Vec<Align>) -> Table {
        let columns = if header.is_empty() {
            rows.iter().map(Vec::len).max().unwrap_or(0)
        } else {
            header.len()
        };
        align.resize(columns, Align::None);
        let mut cells = Vec::with_capacity(columns * (rows.len() + 1));
        for row in std::iter::once(header).chain(rows) {
            let n = row.len().min(columns);
            cells.extend(row.into_iter().take(n));
            cells.extend(std::iter::repeat_n(Text::default(), columns - n));
        }
        if columns == 0 {
            cells.clear();
        }
        Table {
            columns,
            align,
            cells,
        }
    }

    /// The rows, header first, each `columns` cells.
    pub fn rows(&self) -> std::slice::Chunks<'_, Text> {
        self.cells.chunks(self.columns.max(1))
    }

    /// The header row (empty for a table without cells).
    pub fn header(&self) -> &[Text] {
        &self.cells[..self.columns.min(self.cells.len())]
    }

    /// The number of rows, header included.
    pub fn row_count(&self) -> usize {
        self.cells.len().checked_div(self.columns).unwrap_or(0)
    }

    /// Its text as copied: cells separated by tabs, rows by `\n`.
    pub fn to_plain(&self) -> String {
        let rows: Vec<String> = self
            .rows()
            .map(|r| r.iter().map(Text::to_plain).collect::<Vec<_>>().join("\t"))
            .collect();
        rows.join("\n")
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableRepr {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    align: Vec<Align>,
    #[serde(default)]
    header: Vec<Text>,
    #[serde(default)]
    rows: Vec<Vec<Text>>,
}

impl From<TableRepr> for Table {
    fn from(r: TableRepr) -> Table {
        Table::new(r.header, r.rows, r.align)
    }
}

impl From<Table> for TableRepr {
    fn from(t: Table) -> TableRepr {
        let mut rows = t.rows().map(<[Text]>::to_vec);
        let header = rows.next().unwrap_or_default();
        TableRepr {
            align: t.align.clone(),
            header,
            rows: rows.collect(),
        }
    }
}

/// Footnotes: `items[k]` is note number `start + k`, referred to from the
/// text by a link to `#fn-N` (see [`note_target`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// The number of the first note.
    pub start: u32,
    /// The notes' texts.
    pub items: Vec<Text>,
}

/// The link target of footnote `n`: `#fn-n`.
pub fn note_target(n: u32) -> String {
    format!("#fn-{n}")
}
