//! Why an article could not be loaded: one error type for every source and
//! format, each variant naming the input; `Display` gives one line.

use std::fmt;
use std::io;

use crate::model::sanitize;

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
    /// Larger than the source's limit, 512 MiB (`size` is what was seen,
    /// possibly a lower bound).
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
pub fn safe_name(name: &str) -> String {
    sanitize::string(name)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
