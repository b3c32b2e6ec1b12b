//! Where an article's bytes come from: a file, standard input (`-`) or the
//! article bundled with qari, each read within [`MAX_BYTES`]. The bytes
//! go to [`crate::import`] in the format the path's extension names, else
//! the one the content suggests. A URL ([`url`]) is fetched over HTTP(S)
//! and read in the format its media type names.

mod bundled;
pub mod url;

pub use bundled::bundled;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::import::{Format, LoadError};
use crate::model::Article;

/// The largest input accepted: 512 MiB.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The name used in messages for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Where an article comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file.
    Path(PathBuf),
    /// Standard input.
    Stdin,
    /// The article bundled with qari.
    Bundled,
    /// A web page: an `http://` or `https://` address.
    Url(String),
}

impl Source {
    /// The source a command-line argument names: none is the bundled
    /// article, `-` is standard input (name a file called `-` as `./-`),
    /// an `http://` or `https://` address (in any case) a web page,
    /// anything else a file.
    pub fn from_arg(arg: Option<&Path>) -> Source {
        match arg {
            None => Source::Bundled,
            Some(path) if path.as_os_str() == "-" => Source::Stdin,
            Some(path) if path.to_str().is_some_and(url::is_url) => {
                Source::Url(path.to_string_lossy().into_owned())
            }
            Some(path) => Source::Path(path.to_path_buf()),
        }
    }

    /// Reads and imports the article (a page with the default
    /// [`url::FetchOptions`]).
    pub fn load(&self) -> Result<Article, LoadError> {
        self.load_with(&url::FetchOptions::default())
            .map(|(article, _)| article)
    }

    /// Reads and imports the article, fetching a page with `fetch`; for a
    /// page, also its address after redirects.
    pub fn load_with(
        &self,
        fetch: &url::FetchOptions,
    ) -> Result<(Article, Option<String>), LoadError> {
        let opened = self.open(fetch, false)?;
        Ok((opened.article, opened.url))
    }

    /// Reads and imports the article like [`Source::load_with`]; when
    /// `progressive`, a book (EPUB) or a big Markdown file is read in two
    /// parts: the beginning now, the rest left in [`Opened::rest`] for a
    /// worker. Standard input is read in parts too; a web page whole
    /// (Readability needs the whole page).
    pub fn open(&self, fetch: &url::FetchOptions, progressive: bool) -> Result<Opened, LoadError> {
        self.open_as(
            fetch,
            if progressive {
                Opening::Progressive
            } else {
                Opening::Whole
            },
        )
    }

    /// Reads and imports the article like [`Source::open`] for the dump:
    /// a big Markdown file (or standard input) as its beginning and pieces
    /// ([`Opened::pieces`]) that a worker parses while the beginning is
    /// laid out.
    pub fn open_pieces(&self, fetch: &url::FetchOptions) -> Result<Opened, LoadError> {
        self.open_as(fetch, Opening::Pieces)
    }

    fn open_as(&self, fetch: &url::FetchOptions, how: Opening) -> Result<Opened, LoadError> {
        let progressive = how == Opening::Progressive;
        let loaded = |bytes: Vec<u8>, format: Format, name: &str| match format {
            Format::Markdown if how == Opening::Pieces => {
                let pieces = crate::import::markdown::pieces(bytes, name)?;
                Ok(Opened {
                    article: pieces.first,
                    url: None,
                    rest: None,
                    pieces: pieces.rest,
                    later: None,
                })
            }
            Format::Epub if progressive => {
                let parts = crate::import::epub::import_parts(
                    bytes.into(),
                    name,
                    crate::import::epub::FIRST_PART_BYTES,
                )?;
                if !parts.is_partial() {
                    return Ok(Opened::whole(parts.first));
                }
                let (article, share) = (parts.first.clone(), parts.share());
                Ok(Opened::in_parts(article, share, false, move || {
                    Ok(parts.whole())
                }))
            }
            Format::Markdown if progressive => {
                let mut parts = crate::import::markdown::import_parts(bytes, name)?;
                if !parts.is_partial() {
                    return Ok(Opened::whole(parts.first));
                }
                let (article, share) = (std::mem::take(&mut parts.first), parts.share());
                Ok(Opened::in_parts(article, share, true, move || {
                    Ok(parts.whole())
                }))
            }
            Format::Html if progressive => {
                let hints = crate::import::html::HtmlHints::default();
                let Some((at, first)) =
                    crate::import::html::import_first_part(&bytes, name, &hints)
                else {
                    return crate::import::load_owned(bytes, Format::Html, name).map(Opened::whole);
                };
                let article = first?;
                let share = (at as f64 / bytes.len().max(1) as f64).clamp(0.0, 1.0);
                let name = name.to_owned();
                Ok(Opened::in_parts(article, share, true, move || {
                    let hints = crate::import::html::HtmlHints {
                        by_structure: true,
                        ..crate::import::html::HtmlHints::default()
                    };
                    crate::import::html::import_owned(bytes, &name, &hints)
                }))
            }
            format => crate::import::load_owned(bytes, format, name).map(Opened::whole),
        };
        let article = match self {
            Source::Path(path) => {
                let name = path.display().to_string();
                let bytes = if how != Opening::Whole {
                    match open_head(path, &name, how)? {
                        Head::Opened(opened) => return Ok(*opened),
                        Head::Whole(bytes) => bytes,
                    }
                } else {
                    read_file(path, &name)?
                };
                let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&bytes));
                return loaded(bytes, format, &name);
            }
            Source::Stdin => {
                let bytes = read_limited(io::stdin().lock(), STDIN_NAME, MAX_BYTES)?;
                let format = Format::sniff(&bytes);
                return loaded(bytes, format, STDIN_NAME);
            }
            Source::Bundled => Ok(bundled()),
            Source::Url(address) => {
                return url::load(address, fetch).map(|(article, at)| Opened {
                    article,
                    url: Some(at),
                    rest: None,
                    pieces: Vec::new(),
                    later: None,
                });
            }
        }?;
        Ok(Opened::whole(article))
    }
}

/// An article as opened by [`Source::open`].
#[derive(Debug)]
pub struct Opened {
    /// The article (a document's beginning when `rest` is some).
    pub article: Article,
    /// A page's address after redirects.
    pub url: Option<String>,
    /// The rest of a document read in parts: [`Rest::whole`] gives the
    /// whole, which begins with `article`.
    pub rest: Option<Rest>,
    /// The pieces that follow `article`, in order, when it was opened for
    /// the dump ([`Source::open_pieces`]): each parses to the sections
    /// after the last.
    pub pieces: Vec<crate::import::markdown::Piece>,
    /// For the dump, the rest of a big Markdown file opened from its head:
    /// `article` is its beginning, taken on trust until the rest is read.
    pub later: Option<Later>,
}

impl Opened {
    /// A document's beginning, `share` of it; `whole` reads the whole on a
    /// worker (see [`Rest`]).
    fn in_parts(
        article: Article,
        share: f64,
        quick: bool,
        whole: impl FnOnce() -> Result<Article, LoadError> + Send + 'static,
    ) -> Opened {
        Opened {
            article,
            url: None,
            rest: Some(Rest {
                share,
                quick,
                whole: Box::new(whole),
            }),
            pieces: Vec::new(),
            later: None,
        }
    }

    fn whole(article: Article) -> Opened {
        Opened {
            article,
            url: None,
            rest: None,
            pieces: Vec::new(),
            later: None,
        }
    }
}

/// How [`Source::open_as`] reads a document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opening {
    Whole,
    /// In two parts, for the reader.
    Progressive,
    /// As a beginning and pieces, for the dump.
    Pieces,
}

/// The rest of a document read in parts (a book's later chapters, a big
/// Markdown file's text after its first part), to be read by a worker.
pub struct Rest {
    share: f64,
    quick: bool,
    whole: Box<dyn FnOnce() -> Result<Article, LoadError> + Send>,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("share", &self.share)
            .field("quick", &self.quick)
            .finish_non_exhaustive()
    }
}

impl Rest {
    /// The share of the whole (by size) that the part opened is, in 0..=1.
    pub fn share(&self) -> f64 {
        self.share
    }

    /// True when the whole comes within a moment (one parse of a text
    /// already read): going to the end waits for it, as `less` reads a
    /// file to its end on `G`. A book's chapters take longer: the end of
    /// those read so far is the end until they come.
    pub fn is_quick(&self) -> bool {
        self.quick
    }

    /// The whole document (read now: meant for a worker thread), or why
    /// it cannot be read: a big Markdown file opened from its head, whose
    /// rest [`Source::open`] has not seen, or (not expected) a page that
    /// no longer reads.
    pub fn whole(self) -> Result<Article, LoadError> {
        (self.whole)()
    }
}

/// Loads the article at `path`, or from standard input when `path` is `-`
/// (name a file called `-` as `./-`).
/// The format comes from the extension, else from [`Format::sniff`].
pub fn load_path(path: &Path) -> Result<Article, LoadError> {
    Source::from_arg(Some(path)).load()
}

/// Reads a regular file of at most [`MAX_BYTES`].
fn read_file(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    let (file, len) = open_file(path, name)?;
    read_rest(file, Vec::new(), len, name)
}

/// Opens a regular file of at most [`MAX_BYTES`]; with its size.
fn open_file(path: &Path, name: &str) -> Result<(File, u64), LoadError> {
    // Check before opening: opening a FIFO would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| LoadError::from_io(e, name))?;
    check_metadata(&meta, name)?;
    let file = File::open(path).map_err(|e| LoadError::from_io(e, name))?;
    let meta = file.metadata().map_err(|e| LoadError::from_io(e, name))?;
    check_metadata(&meta, name)?;
    Ok((file, meta.len()))
}

/// `bytes` (what was read of `file` so far) and the rest of `file`, whose
/// size was `len`; at most [`MAX_BYTES`] in all.
fn read_rest(file: File, mut bytes: Vec<u8>, len: u64, name: &str) -> Result<Vec<u8>, LoadError> {
    // The buffer is made the file's size at once: grown by doubling, a
    // 10 MB file would hold 16 MB and copy itself on the way.
    let len = usize::try_from(len).unwrap_or(0).saturating_add(1);
    bytes.reserve_exact(len.saturating_sub(bytes.len()));
    huge_pages(&mut bytes);
    let limit = MAX_BYTES
        .saturating_add(1)
        .saturating_sub(bytes.len() as u64);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::from_io(e, name))?;
    too_large(bytes, name, MAX_BYTES)
}

/// What [`open_head`] made of a file.
enum Head {
    /// A big Markdown file's beginning, the rest left to the worker.
    Opened(Box<Opened>),
    /// The whole file, to be read as any other.
    Whole(Vec<u8>),
}

/// Opens a big Markdown file from its head only, when its beginning can
/// be read without the rest ([`crate::import::markdown::parts::head_part`]).
/// For the reader (`Progressive`), the first frame does not wait for a book
/// to be read: the worker reads the rest from the same open file and gives
/// the whole, or the error reading it all at once would have given (the
/// reader then ends with it). For the dump (`Pieces`), a longer beginning
/// is laid out while the rest is read ([`Opened::later`]). Else the whole
/// file.
fn open_head(path: &Path, name: &str, how: Opening) -> Result<Head, LoadError> {
    use crate::import::markdown::parts;
    let format = Format::from_path(path);
    let (mut file, len) = open_file(path, name)?;
    if !matches!(format, None | Some(Format::Markdown)) || len < parts::PROGRESSIVE_BYTES as u64 {
        return read_rest(file, Vec::new(), len, name).map(Head::Whole);
    }
    let (head_bytes, from) = match how {
        Opening::Pieces => (parts::DUMP_HEAD_BYTES, parts::DUMP_FIRST_PART_BYTES),
        _ => (parts::HEAD_BYTES, parts::FIRST_PART_BYTES),
    };
    let mut head = Vec::with_capacity(head_bytes);
    (&mut file)
        .take(head_bytes as u64)
        .read_to_end(&mut head)
        .map_err(|e| LoadError::from_io(e, name))?;
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let bom = head.len() - body.len();
    let first = (format.is_some() || Format::sniff(&head) == Format::Markdown)
        .then(|| parts::head_part_from(body, from))
        .flatten();
    let Some((article, at)) = first else {
        return read_rest(file, head, len, name).map(Head::Whole);
    };
    let name = name.to_owned();
    if how == Opening::Pieces {
        return Ok(Head::Opened(Box::new(Opened {
            later: Some(Later {
                read: Box::new(move || {
                    let bytes = read_rest(file, head, len, &name)?;
                    match parts::rest_pieces(bytes, &name, at)? {
                        parts::Rest::Pieces(pieces) => Ok(Ok(pieces)),
                        parts::Rest::Whole(bytes) => Ok(Err(parts::pieces(bytes, &name)?)),
                    }
                }),
            }),
            ..Opened::whole(article)
        })));
    }
    let share = ((bom + at) as f64 / len.max(1) as f64).clamp(0.0, 1.0);
    Ok(Head::Opened(Box::new(Opened::in_parts(
        article,
        share,
        true,
        move || parts::whole(read_rest(file, head, len, &name)?, &name),
    ))))
}

/// The rest of a big Markdown file whose beginning the dump lays out while
/// it is read ([`Opened::later`]).
pub struct Later {
    read: Box<dyn FnOnce() -> Result<LaterRest, LoadError> + Send>,
}

/// The pieces after the beginning, or, when the rest shows that the
/// beginning was not the document's (a FAQ to show first, a footnote), the
/// whole read again as a beginning and pieces.
pub type LaterRest = Result<Vec<crate::import::markdown::Piece>, crate::import::markdown::Pieces>;

impl Later {
    /// Reads the rest (meant for the dump's parsing thread); errors as
    /// reading the file whole gives them.
    pub fn read(self) -> Result<LaterRest, LoadError> {
        (self.read)()
    }
}

impl std::fmt::Debug for Later {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Later").finish_non_exhaustive()
    }
}

/// Asks Linux to back a big buffer with huge pages (transparent huge
/// pages, when the system leaves it to `madvise`): its pages are touched
/// once each as the file is read, and in a virtual machine each fault of a
/// small page cost ~1.7 µs — 4 ms of the 5 it took to read a 10 MB book.
fn huge_pages(bytes: &mut Vec<u8>) {
    #[cfg(target_os = "linux")]
    if bytes.capacity() >= HUGE_PAGES_FROM {
        let spare = bytes.spare_capacity_mut();
        // madvise takes whole pages: the pages inside the buffer.
        const PAGE: usize = 4096;
        let skip = spare.as_ptr().align_offset(PAGE).min(spare.len());
        let len = (spare.len() - skip) / PAGE * PAGE;
        let start = spare[skip..].as_mut_ptr();
        // SAFETY: the range is memory this Vec owns; MADV_HUGEPAGE only
        // changes how the kernel backs it, never its contents or who may
        // use it. A refusal (no THP, another page size) changes nothing.
        let _ =
            unsafe { rustix::mm::madvise(start.cast(), len, rustix::mm::Advice::LinuxHugepage) };
    }
}

/// Buffers from this size up are backed by huge pages ([`huge_pages`]).
#[cfg(target_os = "linux")]
const HUGE_PAGES_FROM: usize = 4 << 20;

fn check_metadata(meta: &std::fs::Metadata, name: &str) -> Result<(), LoadError> {
    let name = crate::import::safe_name(name);
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
        .map_err(|e| LoadError::from_io(e, name))?;
    too_large(bytes, name, limit)
}

/// `bytes`, unless there are more than `limit`.
fn too_large(bytes: Vec<u8>, name: &str, limit: u64) -> Result<Vec<u8>, LoadError> {
    let size = bytes.len() as u64;
    if size > limit {
        return Err(LoadError::TooLarge {
            name: crate::import::safe_name(name),
            size,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_from_arguments() {
        assert_eq!(Source::from_arg(None), Source::Bundled);
        assert_eq!(Source::from_arg(Some(Path::new("-"))), Source::Stdin);
        assert_eq!(
            Source::from_arg(Some(Path::new("./-"))),
            Source::Path("./-".into())
        );
        assert_eq!(
            Source::from_arg(Some(Path::new("HTTPS://x.example/a"))),
            Source::Url("HTTPS://x.example/a".into())
        );
        assert_eq!(
            Source::from_arg(Some(Path::new("./https://x"))),
            Source::Path("./https://x".into())
        );
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
}
