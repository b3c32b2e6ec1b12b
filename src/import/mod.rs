//! Importers: bytes in a format → a sanitized [`Article`], with one-line
//! errors that name the input. Where the bytes come from is the business
//! of `source`, which sits above this module.
//!
//! Each format's adapter decodes its own bytes: the text formats (`json`,
//! `markdown`, `plain`) as UTF-8 through [`decode_text`]; a binary format
//! (EPUB, a zip) or a page in another charset (HTML in windows-1256) will
//! decode its own way. The formats that read as a stream of headings and
//! blocks (`markdown`, `plain`; `html` and `epub` next) share one
//! [`outline::Outline`], which holds the article policy (title, FAQ,
//! sections); JSON is already structured and bypasses it.
//!
//! Layering: this module uses `model` (and the styled-text types that
//! `model` re-exports) and nothing above it.

pub mod epub;
mod error;
pub mod html;
pub mod image;
pub mod json;
pub mod markdown;
mod notes;
pub mod outline;
pub mod plain;

pub(crate) use error::safe_name;
pub use error::{FetchError, LoadError};

use std::path::Path;

use crate::model::{Article, walk};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// qari's JSON schema.
    Json,
    /// CommonMark.
    Markdown,
    /// Plain text laid out like the seed article.
    Plain,
    /// An HTML page: its main content.
    Html,
    /// An EPUB book: its chapters through the HTML path.
    Epub,
}

impl Format {
    /// The format a file extension names (`.json`, `.md`, `.markdown`,
    /// `.txt`, in any case), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Plain),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "epub" => Some(Format::Epub),
            _ => None,
        }
    }

    /// Guesses the format from the content: JSON when the first non-space
    /// byte (after a BOM) is `{`, HTML when the text starts with a doctype,
    /// a comment, an XML declaration (XHTML) or an `<html>`, `<head>`,
    /// `<body>`, `<meta>` or `<title>` tag (not `<p>` or `<div>`: READMEs
    /// open with those), Markdown when a
    /// line starts with `# `, plain text otherwise.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        let head: Vec<u8> = bytes[start..bytes.len().min(start + 16)].to_ascii_lowercase();
        let html = [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<!--",
            "<meta",
            "<title",
            "<?xml",
        ]
        .iter()
        .any(|tag| head.starts_with(tag.as_bytes()));
        if epub::sniff(bytes) {
            Format::Epub
        } else if bytes.get(start) == Some(&b'{') {
            Format::Json
        } else if html {
            Format::Html
        } else if bytes.split(|&b| b == b'\n').any(|l| l.starts_with(b"# ")) {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// Parses `bytes` as `format`; `name` is used in error messages. A leading
/// UTF-8 BOM is skipped and CRLF line ends are accepted in every format.
pub fn load_bytes(bytes: &[u8], format: Format, name: &str) -> Result<Article, LoadError> {
    load_bytes_with(bytes, format, name, &html::HtmlHints::default())
}

/// [`load_bytes`] of bytes it may drop once read (a web page's, freed
/// before the article is built).
pub fn load_owned(bytes: Vec<u8>, format: Format, name: &str) -> Result<Article, LoadError> {
    if format != Format::Html {
        return load_bytes(&bytes, format, name);
    }
    let article = html::import_owned(bytes, name, &html::HtmlHints::default())?;
    if is_empty(&article) {
        return Err(empty(name));
    }
    Ok(article)
}

/// [`load_bytes`] with what the bytes' container knows (an HTTP response's
/// charset and address), which only HTML uses.
pub fn load_bytes_with(
    bytes: &[u8],
    format: Format,
    name: &str,
    hints: &html::HtmlHints,
) -> Result<Article, LoadError> {
    let article = match format {
        Format::Json => json::import(bytes, name)?,
        Format::Markdown => markdown::import(bytes, name)?,
        Format::Plain => plain::import(bytes, name)?,
        Format::Html => html::import(bytes, name, hints)?,
        Format::Epub => epub::import(bytes, name)?,
    };
    if is_empty(&article) {
        return Err(empty(name));
    }
    Ok(article)
}

/// The text of a text format's `bytes`: UTF-8 (else [`LoadError::InvalidUtf8`]
/// with the offset of the first invalid byte, a BOM included), without a
/// leading BOM, and not blank (else [`LoadError::Empty`]).
pub fn decode_text<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, LoadError> {
    // simdutf8: std's check ran at ~1 GB/s on Arabic text, 5 % of a dump.
    let text = simdutf8::compat::from_utf8(bytes).map_err(|e| LoadError::InvalidUtf8 {
        name: safe_name(name),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(empty(name));
    }
    Ok(text)
}

fn empty(name: &str) -> LoadError {
    LoadError::Empty {
        name: safe_name(name),
    }
}

/// True when the article has no visible text at all.
fn is_empty(article: &Article) -> bool {
    walk::strs(walk::texts(article)).all(|s| s.trim().is_empty())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Block, FaqEntry, Section, Text};

    /// A plain paragraph (for the importers' tests).
    pub fn para(s: &str) -> Block {
        Block::Paragraph(Text::plain(s))
    }

    /// A lead: a section without heading (for the importers' tests).
    pub fn lead(blocks: Vec<Block>) -> Section {
        Section {
            level: 0,
            heading: None,
            blocks,
        }
    }

    /// A level-2 section headed `h` (for the importers' tests).
    pub fn headed(h: &str, blocks: Vec<Block>) -> Section {
        headed_at(2, h, blocks)
    }

    /// A section of `level` headed `h` (for the importers' tests).
    pub fn headed_at(level: u8, h: &str, blocks: Vec<Block>) -> Section {
        Section {
            level,
            heading: Some(Text::plain(h)),
            blocks,
        }
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("a.JSON")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(
            Format::from_path(Path::new("d/a.Markdown")),
            Some(Format::Markdown)
        );
        assert_eq!(Format::from_path(Path::new("a.txt")), Some(Format::Plain));
        assert_eq!(Format::from_path(Path::new("a.text")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(
            Format::sniff(b"\xEF\xBB\xBF \r\n {\"title\": 1}"),
            Format::Json
        );
        assert_eq!(Format::sniff(b"intro\r\n# Title\r\n"), Format::Markdown);
        assert_eq!(Format::sniff(b"#hashtag\n #indented\n"), Format::Plain);
        assert_eq!(Format::sniff(b"[1, 2]"), Format::Plain);
        assert_eq!(Format::sniff(b""), Format::Plain);
        for page in [
            &b"<!DOCTYPE html><p>x"[..],
            b"  <meta charset=utf-8><title>t</title>",
            b"<?xml version=\"1.0\"?><html>",
            b"<HTML><body>",
        ] {
            assert_eq!(Format::sniff(page), Format::Html, "{page:?}");
        }
        // A README that opens with HTML is still Markdown.
        assert_eq!(
            Format::sniff(b"<p align=\"center\">logo</p>\n\n# Title\n"),
            Format::Markdown
        );
    }

    #[test]
    fn invalid_utf8_reports_the_offset_in_every_text_format() {
        for format in [Format::Json, Format::Markdown, Format::Plain] {
            let e = load_bytes(b"abc\xFFdef", format, "x.txt").unwrap_err();
            assert_eq!(
                e,
                LoadError::InvalidUtf8 {
                    name: "x.txt".into(),
                    offset: 3
                }
            );
        }
    }

    #[test]
    fn bom_and_crlf_are_accepted_in_every_format() {
        let json = load_bytes(
            b"\xEF\xBB\xBF{\r\n\"title\": \"T\"\r\n}\r\n",
            Format::Json,
            "a",
        );
        assert_eq!(json.unwrap().title, Text::plain("T"));
        let md = load_bytes(b"\xEF\xBB\xBF# T\r\n\r\nP\r\nQ\r\n", Format::Markdown, "a").unwrap();
        assert_eq!(md.title, Text::plain("T"));
        assert_eq!(md.sections[0].blocks, vec![Block::Paragraph("P Q".into())]);
        let txt = load_bytes(b"\xEF\xBB\xBFT\r\nP.\r\n", Format::Plain, "a").unwrap();
        assert_eq!(txt.title, Text::plain("T"));
        assert_eq!(txt.sections[0].blocks, vec![Block::Paragraph("P.".into())]);
    }

    #[test]
    fn emptiness() {
        assert!(is_empty(&Article::default()));
        let blank = Article {
            title: " ".into(),
            sections: vec![Section {
                level: 0,
                heading: None,
                blocks: vec![Block::Quote(vec![Block::Bullets(vec!["".into()])])],
            }],
            ..Article::default()
        };
        assert!(is_empty(&blank));
        let quoted = Article {
            sections: vec![Section {
                level: 0,
                heading: None,
                blocks: vec![Block::Quote(vec![Block::Paragraph("x".into())])],
            }],
            ..Article::default()
        };
        assert!(!is_empty(&quoted));
        let faq = Article {
            faq: vec![FaqEntry {
                question: "q".into(),
                answer: vec![],
            }],
            ..Article::default()
        };
        assert!(!is_empty(&faq));
    }

    #[test]
    fn blank_inputs_are_empty_documents() {
        for format in [Format::Json, Format::Markdown, Format::Plain] {
            let e = load_bytes(b"\xEF\xBB\xBF \r\n\t\n", format, "b").unwrap_err();
            assert_eq!(e, LoadError::Empty { name: "b".into() });
        }
        let e = load_bytes(br#"{"title": ""}"#, Format::Json, "b").unwrap_err();
        assert_eq!(e.to_string(), "b: empty document (no title and no content)");
    }
}
