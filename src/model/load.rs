//! Loading an article from a file, standard input or bytes, with one-line
//! errors that name the input.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::{Article, Text, json, markdown, plain, sanitize};

/// The largest input accepted: 512 MiB.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The name used in messages for standard input.
pub const STDIN_NAME: &str = "<stdin>";

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
            _ => None,
        }
    }

    /// Guesses the format from the content: JSON when the first non-space
    /// byte (after a BOM) is `{`, Markdown when a line starts with `# `,
    /// plain text otherwise.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            Format::Json
        } else if bytes.split(|&b| b == b'\n').any(|l| l.starts_with(b"# ")) {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// Why an input could not be loaded. Each variant carries the input's name
/// (already made safe to print); `Display` gives one line naming it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The path does not exist.
    NotFound {
        /// The input's name.
        name: String,
    },
    /// The path is a directory.
    IsDirectory {
        /// The input's name.
        name: String,
    },
    /// The file may not be read.
    PermissionDenied {
        /// The input's name.
        name: String,
    },
    /// A FIFO, device or socket: refused so that reading cannot block forever.
    NotRegularFile {
        /// The input's name.
        name: String,
    },
    /// Larger than [`MAX_BYTES`] (`size` is what was seen, possibly a lower bound).
    TooLarge {
        /// The input's name.
        name: String,
        /// Bytes seen.
        size: u64,
    },
    /// Not UTF-8; `offset` is the byte where the first invalid sequence starts.
    InvalidUtf8 {
        /// The input's name.
        name: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// Not valid JSON or not our schema.
    InvalidJson {
        /// The input's name.
        name: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// serde_json's message, without the position.
        message: String,
    },
    /// Blank, or no title and no content.
    Empty {
        /// The input's name.
        name: String,
    },
    /// Any other I/O failure, with the system's message.
    Io {
        /// The input's name.
        name: String,
        /// The system's message.
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound { name } => write!(f, "{name}: file not found"),
            LoadError::IsDirectory { name } => write!(f, "{name}: is a directory"),
            LoadError::PermissionDenied { name } => write!(f, "{name}: permission denied"),
            LoadError::NotRegularFile { name } => write!(f, "{name}: not a regular file"),
            LoadError::TooLarge { name, size } => {
                write!(f, "{name}: too large ({size} bytes; the limit is 512 MiB)")
            }
            LoadError::InvalidUtf8 { name, offset } => {
                write!(f, "{name}: invalid UTF-8 at byte {offset}")
            }
            LoadError::InvalidJson {
                name,
                line,
                column,
                message,
            } => write!(
                f,
                "{name}: invalid JSON at line {line}, column {column}: {message}"
            ),
            LoadError::Empty { name } => {
                write!(f, "{name}: empty document (no title and no content)")
            }
            LoadError::Io { name, message } => write!(f, "{name}: cannot read: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Maps an I/O error on input `name` to the matching variant.
    pub fn from_io(err: &io::Error, name: &str) -> LoadError {
        let name = safe_name(name);
        match err.kind() {
            io::ErrorKind::NotFound => LoadError::NotFound { name },
            io::ErrorKind::PermissionDenied => LoadError::PermissionDenied { name },
            io::ErrorKind::IsADirectory => LoadError::IsDirectory { name },
            _ => LoadError::Io {
                name,
                message: sanitize::string(&err.to_string()),
            },
        }
    }
}

/// File names may hold control characters too; print them neutralised.
fn safe_name(name: &str) -> String {
    sanitize::string(name)
}

/// Loads the article at `path`, or from standard input when `path` is `-`
/// (name a file called `-` as `./-`).
/// The format comes from the extension, else from [`Format::sniff`].
pub fn load_path(path: &Path) -> Result<Article, LoadError> {
    if path.as_os_str() == "-" {
        let bytes = read_limited(io::stdin().lock(), STDIN_NAME, MAX_BYTES)?;
        return load_bytes(&bytes, Format::sniff(&bytes), STDIN_NAME);
    }
    let name = path.display().to_string();
    let bytes = read_file(path, &name)?;
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&bytes));
    load_bytes(&bytes, format, &name)
}

/// Reads a regular file of at most [`MAX_BYTES`].
fn read_file(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    // Check before opening: opening a FIFO would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| LoadError::from_io(&e, name))?;
    check_metadata(&meta, name)?;
    let file = File::open(path).map_err(|e| LoadError::from_io(&e, name))?;
    let meta = file.metadata().map_err(|e| LoadError::from_io(&e, name))?;
    check_metadata(&meta, name)?;
    read_limited(file, name, MAX_BYTES)
}

fn check_metadata(meta: &std::fs::Metadata, name: &str) -> Result<(), LoadError> {
    let name = safe_name(name);
    if meta.is_dir() {
        Err(LoadError::IsDirectory { name })
    } else if !meta.is_file() {
        Err(LoadError::NotRegularFile { name })
    } else if meta.len() > MAX_BYTES {
        Err(LoadError::TooLarge {
            name,
            size: meta.len(),
        })
    } else {
        Ok(())
    }
}

/// Reads everything from `reader`, refusing more than `limit` bytes.
fn read_limited(reader: impl Read, name: &str, limit: u64) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::from_io(&e, name))?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(LoadError::TooLarge {
            name: safe_name(name),
            size,
        });
    }
    Ok(bytes)
}

/// Parses `bytes` as `format`; `name` is used in error messages. A leading
/// UTF-8 BOM is skipped and CRLF line ends are accepted in every format.
pub fn load_bytes(bytes: &[u8], format: Format, name: &str) -> Result<Article, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::InvalidUtf8 {
        name: safe_name(name),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let empty = || LoadError::Empty {
        name: safe_name(name),
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    let article = match format {
        Format::Json => json::parse(text).map_err(|e| LoadError::InvalidJson {
            name: safe_name(name),
            line: e.line,
            column: e.column,
            message: e.message,
        })?,
        Format::Markdown => markdown::parse(text),
        Format::Plain => plain::parse(text),
    };
    if is_empty(&article) {
        return Err(empty());
    }
    Ok(article)
}

/// The article bundled with qari (made from the seed article).
pub fn bundled() -> Article {
    const BUNDLED: &str = include_str!("../../assets/article.json");
    // The asset is known-good and a test parses it; the fallback only
    // keeps this function total.
    json::parse(BUNDLED).unwrap_or_else(|_| Article {
        title: Text::plain("qari"),
        ..Article::default()
    })
}

/// True when the article has no visible text at all.
fn is_empty(article: &Article) -> bool {
    super::walk::strs(super::walk::texts(article)).all(|s| s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, FaqEntry, Section};

    #[test]
    fn bundled_asset_parses() {
        let a = json::parse(include_str!("../../assets/article.json")).unwrap();
        assert_eq!(a, bundled());
        assert_eq!(
            a.title,
            Text::plain("ما أهمية تعزيز التعاون العسكري بين قطر والمغرب؟")
        );
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
    }

    #[test]
    fn read_limited_refuses_more_than_the_limit() {
        let ok = read_limited(&b"12345"[..], "x", 5).unwrap();
        assert_eq!(ok, b"12345");
        let err = read_limited(&b"123456789"[..], "x", 5).unwrap_err();
        assert_eq!(
            err,
            LoadError::TooLarge {
                name: "x".into(),
                size: 6
            }
        );
    }

    #[test]
    fn io_errors_map_to_variants() {
        let e = |kind| LoadError::from_io(&io::Error::from(kind), "f.txt");
        assert_eq!(
            e(io::ErrorKind::PermissionDenied),
            LoadError::PermissionDenied {
                name: "f.txt".into()
            }
        );
        assert_eq!(
            e(io::ErrorKind::NotFound),
            LoadError::NotFound {
                name: "f.txt".into()
            }
        );
        assert!(matches!(
            e(io::ErrorKind::Interrupted),
            LoadError::Io { .. }
        ));
    }

    #[test]
    fn names_are_neutralised_in_messages() {
        let e = LoadError::from_io(&io::Error::from(io::ErrorKind::NotFound), "a\nb\x1b");
        assert_eq!(e.to_string(), "a b␛: file not found");
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        let e = load_bytes(b"abc\xFFdef", Format::Plain, "x.txt").unwrap_err();
        assert_eq!(
            e,
            LoadError::InvalidUtf8 {
                name: "x.txt".into(),
                offset: 3
            }
        );
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
                heading: None,
                blocks: vec![Block::Quote(vec![Block::Bullets(vec!["".into()])])],
            }],
            ..Article::default()
        };
        assert!(is_empty(&blank));
        let quoted = Article {
            sections: vec![Section {
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
