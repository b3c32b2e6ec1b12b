//! Why an article could not be loaded: one error type for every source and
//! format, each variant naming the input; `Display` gives one line.

use std::fmt;
use std::io;
use std::sync::Arc;

use crate::model::sanitize;

/// Why an input could not be loaded. Each variant carries the input's name
/// (already made safe to print); `Display` gives one line naming it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist.
    #[error("{name}: file not found")]
    NotFound {
        /// The input's name.
        name: String,
    },
    /// The path is a directory.
    #[error("{name}: is a directory")]
    IsDirectory {
        /// The input's name.
        name: String,
    },
    /// The file may not be read.
    #[error("{name}: permission denied")]
    PermissionDenied {
        /// The input's name.
        name: String,
    },
    /// A FIFO, device or socket: refused so that reading cannot block forever.
    #[error("{name}: not a regular file")]
    NotRegularFile {
        /// The input's name.
        name: String,
    },
    /// Larger than the source's limit, 512 MiB (`size` is what was seen,
    /// possibly a lower bound).
    #[error("{name}: too large ({size} bytes; the limit is 512 MiB)")]
    TooLarge {
        /// The input's name.
        name: String,
        /// Bytes seen.
        size: u64,
    },
    /// Not UTF-8; `offset` is the byte where the first invalid sequence starts.
    #[error("{name}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The input's name.
        name: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// Not valid JSON or not our schema.
    #[error("{name}: invalid JSON at line {line}, column {column}: {message}")]
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
    #[error("{name}: empty document (no title and no content)")]
    Empty {
        /// The input's name.
        name: String,
    },
    /// A URL could not be fetched (`name` is the URL); the cause says why.
    #[error("{name}: {cause}")]
    Fetch {
        /// The URL, as given.
        name: String,
        /// Why it could not be fetched.
        #[source]
        cause: FetchError,
    },
    /// Any other I/O failure, with its cause (shown neutralised).
    #[error("{name}: cannot read: {}", sanitize::string(&.source.to_string()))]
    Io {
        /// The input's name.
        name: String,
        /// The system's error.
        #[source]
        source: IoCause,
    },
    /// An EPUB that cannot be read (its cause shown neutralised: entry
    /// names come from the book).
    #[error("{name}: {}", sanitize::string(&.source.to_string()))]
    Epub {
        /// The input's name.
        name: String,
        /// What is wrong with the book.
        #[source]
        source: super::epub::EpubError,
    },
}

/// Why a URL could not be fetched (`source::url`), one line each; the
/// strings in it are already neutralised.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an http(s) address qari can use.
    #[error("invalid URL ({0})")]
    BadUrl(String),
    /// The host name did not resolve.
    #[error("host not found (DNS)")]
    HostNotFound,
    /// Nothing listens on the port.
    #[error("connection refused")]
    Refused,
    /// Another failure to connect.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The TLS handshake failed (certificate, protocol).
    #[error("TLS error: {0}")]
    Tls(String),
    /// No connection within the connect timeout (seconds).
    #[error("no connection within {} s (--connect-timeout)", secs(.0))]
    ConnectTimeout(std::time::Duration),
    /// The whole fetch took longer than the timeout (seconds).
    #[error("timed out after {} s (--timeout)", secs(.0))]
    Timeout(std::time::Duration),
    /// The server answered with an error status.
    #[error("HTTP {code} {reason}")]
    Status {
        /// The status code.
        code: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// A media type qari does not read.
    #[error("{0} is not a page qari reads (HTML, Markdown, text, JSON)")]
    ContentType(String),
    /// More than the size limit (MiB).
    #[error("too large (more than {0} MiB; see --max-size)")]
    TooLarge(u64),
    /// More redirects than allowed.
    #[error("too many redirects (more than {0})")]
    Redirects(u32),
    /// Anything else (a broken body, a proxy failure).
    #[error("{0}")]
    Other(String),
}

/// Seconds as given on the command line: `1`, `0.5`.
fn secs(d: &std::time::Duration) -> String {
    format!("{}", d.as_secs_f64())
}

/// An I/O error kept as the source of a [`LoadError`]: shared, so the error
/// stays `Clone`, and equal by kind, so it stays comparable in tests.
#[derive(Clone, Debug)]
pub struct IoCause(pub Arc<io::Error>);

impl PartialEq for IoCause {
    fn eq(&self, other: &IoCause) -> bool {
        self.0.kind() == other.0.kind()
    }
}

impl Eq for IoCause {}

impl fmt::Display for IoCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl LoadError {
    /// Maps an I/O error on input `name` to the matching variant.
    pub fn from_io(err: io::Error, name: &str) -> LoadError {
        let name = safe_name(name);
        match err.kind() {
            io::ErrorKind::NotFound => LoadError::NotFound { name },
            io::ErrorKind::PermissionDenied => LoadError::PermissionDenied { name },
            io::ErrorKind::IsADirectory => LoadError::IsDirectory { name },
            _ => LoadError::Io {
                name,
                source: IoCause(Arc::new(err)),
            },
        }
    }
}

/// File names may hold control characters too; print them neutralised.
pub fn safe_name(name: &str) -> String {
    sanitize::string(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_map_to_variants() {
        let e = |kind| LoadError::from_io(io::Error::from(kind), "f.txt");
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
        let e = LoadError::from_io(io::Error::from(io::ErrorKind::NotFound), "a\nb\x1b");
        assert_eq!(e.to_string(), "a b␛: file not found");
    }

    #[test]
    fn other_io_errors_keep_their_cause_and_one_neutral_line() {
        use std::error::Error;
        let e = LoadError::from_io(io::Error::other("disk\x1b[2J gone"), "f.txt");
        assert_eq!(e.to_string(), "f.txt: cannot read: disk␛[2J gone");
        let cause = e.source().expect("the I/O error is kept");
        assert_eq!(cause.to_string(), "disk\x1b[2J gone");
    }
}
