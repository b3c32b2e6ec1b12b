//! The book's zip, read in memory (nothing is written to disk, so entry
//! names like `../../etc/passwd` are only names). Each entry is inflated
//! within a cap, and all of them within a total, so that a zip bomb (a
//! kilobyte that inflates to gigabytes) costs at most the caps.

use super::EpubError;
use crate::model::sanitize::percent_decode;
use std::io::{Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The most one entry may inflate to.
pub const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// The most all entries read may inflate to, together.
pub const MAX_TOTAL: u64 = 512 * 1024 * 1024;

/// A zip held in memory; clones share the bytes, the index and the total.
#[derive(Clone, Debug)]
pub struct Archive {
    zip: zip::ZipArchive<Cursor<Arc<[u8]>>>,
    /// Bytes inflated so far, against [`MAX_TOTAL`].
    inflated: Arc<AtomicU64>,
}

impl Archive {
    /// Opens the zip in `bytes`.
    pub fn new(bytes: Arc<[u8]>) -> Result<Archive, EpubError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| EpubError::NotZip(e.to_string()))?;
        Ok(Archive {
            zip,
            inflated: Arc::new(AtomicU64::new(0)),
        })
    }

    /// True when the zip has an entry named `path`.
    pub fn has(&self, path: &str) -> bool {
        self.zip.index_for_name(path).is_some()
    }

    /// The inflated size the zip declares for `path` (0 when absent).
    pub fn size_of(&self, path: &str) -> u64 {
        self.zip
            .index_for_name(path)
            .and_then(|i| self.zip.by_index_data(i).ok())
            .map_or(0, |e| e.size())
    }

    /// The inflated bytes of the entry named `path`.
    pub fn read(&mut self, path: &str) -> Result<Vec<u8>, EpubError> {
        let mut file = self.zip.by_name(path).map_err(|e| match e {
            zip::result::ZipError::FileNotFound => EpubError::Missing(path.to_owned()),
            e => EpubError::Broken {
                path: path.to_owned(),
                problem: e.to_string(),
            },
        })?;
        let broken = |e: std::io::Error| EpubError::Broken {
            path: path.to_owned(),
            problem: e.to_string(),
        };
        if file.size() > MAX_ENTRY {
            return Err(EpubError::EntryTooLarge(path.to_owned()));
        }
        let mut bytes = Vec::with_capacity(file.size().min(MAX_ENTRY) as usize);
        // The declared size may lie: read one byte past the cap to know.
        (&mut file)
            .take(MAX_ENTRY + 1)
            .read_to_end(&mut bytes)
            .map_err(broken)?;
        let n = bytes.len() as u64;
        if n > MAX_ENTRY {
            return Err(EpubError::EntryTooLarge(path.to_owned()));
        }
        if self.inflated.fetch_add(n, Ordering::Relaxed) + n > MAX_TOTAL {
            return Err(EpubError::TooMuchInflated);
        }
        Ok(bytes)
    }

    /// The entry named `path` as text (UTF-8; a BOM and invalid bytes are
    /// forgiven, as readers do).
    pub fn read_text(&mut self, path: &str) -> Result<String, EpubError> {
        let bytes = self.read(path)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// `href` (as written in `base_file`, percent-encoded, perhaps with a
/// fragment) as an entry name: resolved against `base_file`'s folder, `.`
/// and `..` folded (never above the root), the fragment split off.
pub fn resolve(base_file: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (href, None),
    };
    if path.is_empty() {
        return (base_file.to_owned(), fragment);
    }
    let path = percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base_file.split('/').collect()
    };
    parts.pop(); // the base file's own name (or "" for a root path)
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    (parts.join("/"), fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_their_file_and_never_climb_out() {
        assert_eq!(
            resolve("OEBPS/content.opf", "text/ch%201.xhtml#n1"),
            ("OEBPS/text/ch 1.xhtml".to_owned(), Some("n1".to_owned()))
        );
        assert_eq!(
            resolve("OEBPS/text/a.xhtml", "../b.xhtml").0,
            "OEBPS/b.xhtml"
        );
        assert_eq!(resolve("a.opf", "../../../etc/passwd").0, "etc/passwd");
        assert_eq!(
            resolve("OEBPS/a.xhtml", "#x"),
            ("OEBPS/a.xhtml".to_owned(), Some("x".to_owned()))
        );
        assert_eq!(resolve("OEBPS/a.opf", "/b.xhtml").0, "b.xhtml");
    }
}
