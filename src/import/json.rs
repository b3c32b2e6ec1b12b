//! The JSON importer: our own schema (see the README), read with serde_json.
//! The document is already structured, so it bypasses the outline.

use super::{LoadError, decode_text, safe_name};
use crate::model::{Article, sanitize};

/// Why a JSON document was rejected, with serde_json's position (1-based
/// line and column; 0 when serde_json could not tell, e.g. for I/O errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line of the offending character.
    pub line: usize,
    /// Column of the offending character.
    pub column: usize,
    /// serde_json's message without its " at line … column …" suffix.
    pub message: String,
}

/// Decodes `bytes` as UTF-8 (see [`decode_text`]) and parses them as an
/// article; `name` is used in error messages.
pub fn import(bytes: &[u8], name: &str) -> Result<Article, LoadError> {
    parse(decode_text(bytes, name)?).map_err(|e| LoadError::InvalidJson {
        name: safe_name(name),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// Parses `text` as an article and sanitizes it.
pub fn parse(text: &str) -> Result<Article, JsonError> {
    let mut article: Article = serde_json::from_str(text).map_err(|e| to_error(&e))?;
    sanitize::article(&mut article);
    Ok(article)
}

fn to_error(e: &serde_json::Error) -> JsonError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    JsonError {
        line: e.line(),
        column: e.column(),
        // The message may quote input (an unknown field's name), so it must
        // be neutralised like everything else we print.
        message: sanitize::string(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Style, Text};

    #[test]
    fn parses_rich_text_and_blocks() {
        let src = r#"{"title": ["عنوان ", {"text": "مهم", "strong": true}],
                      "sections": [{"blocks": [{"bullets": ["أ", "ب"]}]}]}"#;
        let a = parse(src).unwrap();
        assert_eq!(a.title.spans.len(), 2);
        assert_eq!(a.title.spans[0].text, "عنوان ");
        assert_eq!(a.title.spans[1].text, "مهم");
        assert_eq!(
            a.title.spans[1].style,
            Style {
                strong: true,
                ..Style::default()
            }
        );
        assert_eq!(a.sections[0].heading, None);
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Bullets(vec!["أ".into(), "ب".into()])]
        );
    }

    #[test]
    fn sanitizes_after_parsing() {
        let src = r#"{"title": "\u001b[2J\u202e", "meta": {"source": "a\u0000"}}"#;
        let a = parse(src).unwrap();
        assert_eq!(a.title, Text::plain("␛[2J\u{202E}\u{202C}"));
        assert_eq!(a.meta.source.as_deref(), Some("a␀"));
    }

    #[test]
    fn span_hrefs_are_links_and_are_sanitized() {
        let src = r#"{"title": "t", "sections": [{"blocks": [{"paragraph": [
            "a ", {"text": "b", "href": "https://b.example"},
            {"text": "c", "href": "javascript:alert(1)"},
            {"text": "d", "href": "https://d\u001b]8;;x"}]}]}]}"#;
        let a = parse(src).unwrap();
        let Block::Paragraph(t) = &a.sections[0].blocks[0] else {
            panic!("{:?}", a.sections);
        };
        let links: Vec<_> = t
            .spans
            .iter()
            .map(|s| (s.text.as_str(), s.href.as_deref(), s.style.link))
            .collect();
        assert_eq!(
            links,
            vec![
                ("a ", None, false),
                ("b", Some("https://b.example"), true),
                ("c", None, false),
                ("d", None, false),
            ]
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse("{\n  \"title\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert_eq!(e.message, "key must be a string");
    }

    #[test]
    fn schema_error_has_position_and_one_line_message() {
        // A JSON escape puts a real newline into the quoted field name.
        let e = parse(r#"{"title": "x", "evil\nfield": 1}"#).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            e.message.starts_with("unknown field `evil field`"),
            "{}",
            e.message
        );
        assert!(!e.message.contains('\n'));
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = parse("{}").unwrap_err();
        assert_eq!(e.message, "missing field `title`");
        assert_eq!((e.line, e.column), (1, 2));
    }
}
