//! EPUB 2 and 3 books: the zip (in memory, inflation capped:
//! [`archive`]), the package (metadata, spine; [`package`]), the table of
//! contents ([`toc`]), each chapter's XHTML through the HTML importer.
//! DRM-encrypted books are refused with one line; fonts under the IDPF or
//! Adobe obfuscation are not DRM and are skipped (qari never reads fonts).

pub mod archive;
pub mod package;
pub mod toc;
mod xml;

use super::LoadError;
use super::html::{self, HtmlHints};
use crate::model::{Article, DirectionSetting, Meta, NamedPlace, Section, Text, walk};
use crate::text::document::DIRECTION_SAMPLE_BYTES;
use archive::Archive;
use package::Package;
use std::sync::Arc;
use toc::TocEntry;

/// Why a book cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EpubError {
    /// Not a zip archive at all (or a truncated one).
    #[error("not an EPUB: not a readable zip archive ({0})")]
    NotZip(String),
    /// An entry the book needs is not in the zip.
    #[error("{0} is missing from the book")]
    Missing(String),
    /// An entry cannot be inflated.
    #[error("broken entry {path}: {problem}")]
    Broken {
        /// The entry.
        path: String,
        /// zip's message.
        problem: String,
    },
    /// An entry inflates past [`archive::MAX_ENTRY`] (a zip bomb, or a
    /// giant chapter).
    #[error("entry {0} inflates past 64 MiB")]
    EntryTooLarge(String),
    /// The entries read inflate past [`archive::MAX_TOTAL`] together.
    #[error("the book inflates past 512 MiB")]
    TooMuchInflated,
    /// container.xml names no package file.
    #[error("not an EPUB: META-INF/container.xml names no package (OPF) file")]
    NoPackage,
    /// An XML file of the package cannot be parsed.
    #[error("{path}: invalid XML: {problem}")]
    Xml {
        /// The entry.
        path: String,
        /// quick-xml's message.
        problem: String,
    },
    /// The spine lists no chapter that exists in the manifest.
    #[error("the spine lists no chapter")]
    EmptySpine,
    /// Content encrypted by a DRM scheme.
    #[error("protected by DRM ({0} is encrypted, META-INF/encryption.xml): qari cannot read it")]
    Drm(String),
}

/// A book opened: its package, table of contents and zip, chapters read
/// on demand.
#[derive(Clone, Debug)]
pub struct Book {
    /// What the OPF says.
    pub package: Package,
    /// The table of contents, flattened (nav document, else NCX).
    pub toc: Vec<TocEntry>,
    archive: Archive,
}

impl Book {
    /// Opens the book in `bytes`: the zip, its package and table of
    /// contents. Chapters are not read yet.
    pub fn open(bytes: Arc<[u8]>) -> Result<Book, EpubError> {
        let mut archive = Archive::new(bytes)?;
        let package = package::read(&mut archive)?;
        let encrypted = package::encrypted(&mut archive)?;
        if let Some(locked) = package.spine.iter().find(|c| encrypted.contains(c)) {
            return Err(EpubError::Drm(locked.clone()));
        }
        let toc = match (&package.nav, &package.ncx) {
            (Some(nav), _) if archive.has(nav) => toc::from_nav(nav, &archive.read_text(nav)?),
            (_, Some(ncx)) if archive.has(ncx) => toc::from_ncx(ncx, &archive.read_text(ncx)?),
            _ => Vec::new(),
        };
        Ok(Book {
            package,
            toc,
            archive,
        })
    }

    /// The bytes of chapter `i` of the spine.
    pub fn chapter(&self, i: usize) -> Result<Vec<u8>, EpubError> {
        let path = self
            .package
            .spine
            .get(i)
            .ok_or_else(|| EpubError::Missing(format!("chapter {i}")))?;
        self.archive.clone().read(path)
    }

    /// The inflated size of chapter `i` as the zip declares it (0 when
    /// unknown).
    pub fn chapter_size(&self, i: usize) -> usize {
        self.package
            .spine
            .get(i)
            .map_or(0, |p| self.archive.size_of(p) as usize)
    }

    /// The book's metadata for the article.
    fn meta(&self) -> Meta {
        let p = &self.package;
        let rtl_language = p.language.as_deref().is_some_and(|l| {
            let primary = l
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            matches!(
                primary.as_str(),
                "ar" | "fa" | "he" | "ur" | "ps" | "yi" | "ckb" | "sd" | "ug"
            )
        });
        Meta {
            source: p.creator.clone().or_else(|| p.publisher.clone()),
            date: p.date.clone(),
            language: p.language.clone(),
            direction: if p.rtl || rtl_language {
                DirectionSetting::Rtl
            } else {
                DirectionSetting::Auto
            },
            ..Meta::default()
        }
    }
}

/// True when `bytes` look like an EPUB: a zip whose first entry is
/// `mimetype` holding `application/epub+zip`.
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes.get(30..38) == Some(b"mimetype")
        && bytes.get(38..).is_some_and(|rest| {
            rest.windows(20)
                .take(64)
                .any(|w| w == b"application/epub+zip")
        })
}

/// Imports the EPUB in `bytes`: every chapter in spine order, each
/// through the HTML importer; a chapter that cannot be read becomes a
/// one-line notice in its place. `name` is used in error messages.
pub fn import(bytes: &[u8], name: &str) -> Result<Article, LoadError> {
    let parts = import_parts(Arc::from(bytes), name, usize::MAX)?;
    Ok(parts.whole())
}

/// How much XHTML the first part may take to find the prose that judges a
/// book's direction ([`DIRECTION_SAMPLE_BYTES`]).
const PROSE_SEARCH_BYTES: usize = 1024 * 1024;

/// The chapters read first by [`import_parts`]: about this many bytes of
/// XHTML, enough for the first screens (and more when the book's
/// direction is judged from its prose).
pub const FIRST_PART_BYTES: usize = 16 * 1024;

/// A book read in two parts: its first chapters now, the rest on demand.
pub struct Parts {
    /// The book with its first chapters only (the whole book when
    /// `rest` is none).
    pub first: Article,
    book: Book,
    name: String,
    /// The next chapter to read.
    next: usize,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("next", &self.next)
            .field("chapters", &self.book.package.spine.len())
            .finish()
    }
}

impl Parts {
    /// The share of the book's chapters (by size) in `first`, in 0..=1.
    pub fn share(&self) -> f64 {
        let size = |r: std::ops::Range<usize>| r.map(|i| self.book.chapter_size(i)).sum::<usize>();
        let all = size(0..self.book.package.spine.len());
        if all == 0 {
            1.0
        } else {
            size(0..self.next) as f64 / all as f64
        }
    }

    /// True when chapters are left to read.
    pub fn is_partial(&self) -> bool {
        self.next < self.book.package.spine.len()
    }

    /// The whole book: the first part and every chapter after it (read
    /// now; meant for a worker thread).
    pub fn whole(mut self) -> Article {
        let mut article = self.first;
        while self.next < self.book.package.spine.len() {
            add_chapter(&mut article, &self.book, self.next, &self.name);
            self.next += 1;
        }
        article
    }
}

/// Opens the EPUB in `bytes` and reads chapters until about `first_bytes`
/// of XHTML are read (at least one); see [`Parts`].
pub fn import_parts(bytes: Arc<[u8]>, name: &str, first_bytes: usize) -> Result<Parts, LoadError> {
    let book = Book::open(bytes).map_err(LoadError::from_epub(name))?;
    let title = book
        .package
        .title
        .clone()
        .or_else(|| book.toc.first().map(|e| e.label.clone()))
        .unwrap_or_else(|| name.to_owned());
    let mut first = Article {
        title: Text::plain(title),
        meta: book.meta(),
        faq: Vec::new(),
        sections: Vec::new(),
        anchors: Vec::new(),
    };
    let mut read = 0usize;
    let mut next = 0;
    // A book that does not declare its direction is judged by its first
    // prose: the first part holds it, or the whole could read the other
    // way; up to a limit (a book of pictures has little prose to find).
    let mut prose = if first.meta.direction == DirectionSetting::Auto {
        0
    } else {
        DIRECTION_SAMPLE_BYTES
    };
    while next < book.package.spine.len()
        && (next == 0
            || read < first_bytes
            || prose < DIRECTION_SAMPLE_BYTES && read < PROSE_SEARCH_BYTES)
    {
        read += book.chapter_size(next);
        let from = first.sections.len();
        add_chapter(&mut first, &book, next, name);
        let texts = first.sections[from..]
            .iter()
            .flat_map(|s| s.heading.iter().chain(walk::block_texts(&s.blocks)));
        prose += walk::prose_strs(texts).map(str::len).sum::<usize>();
        next += 1;
    }
    Ok(Parts {
        first,
        book,
        name: name.to_owned(),
        next,
    })
}

/// Appends chapter `i` to `article`: its sections, and its file's name as
/// an anchor of its first section, so that links between chapters (which
/// [`chapter_sections`] turns into `#` + file) land there.
fn add_chapter(article: &mut Article, book: &Book, i: usize, name: &str) {
    let sections = chapter_sections(book, i, name);
    if !sections.is_empty() {
        article.anchors.push(NamedPlace {
            name: crate::model::sanitize::string(&book.package.spine[i]),
            section: article.sections.len(),
        });
    }
    article.sections.extend(sections);
}

/// `href` of a link in chapter file `chapter`, as the reader follows it:
/// a link to a file of the book becomes `#` + that file (the chapter's
/// anchor; a fragment inside it is dropped: the chapter's start is where
/// it goes); others are kept.
fn in_book(href: &str, chapter: &str, spine: &[String]) -> Option<String> {
    if href.starts_with('#') || crate::model::sanitize::href_scheme(href).is_some() {
        return None;
    }
    let (path, _) = archive::resolve(chapter, href);
    spine.contains(&path).then(|| format!("#{path}"))
}

/// A title page: the cover as an image labelled with the book's title
/// (`[صورة: العنوان]`).
fn title_page(book: &Book, level: u8) -> Vec<Section> {
    let title = book.package.title.clone().unwrap_or_default();
    let arabic = super::image::mostly_arabic(&title)
        .unwrap_or(book.meta().direction == DirectionSetting::Rtl);
    vec![Section {
        level,
        heading: None,
        blocks: vec![crate::model::Block::Paragraph(Text::plain(
            super::image::label(&title, arabic),
        ))],
    }]
}

/// True when a chapter shows nothing but images without alt text.
fn is_bare_image(article: &Article) -> bool {
    let bare = [
        super::image::label("", true),
        super::image::label("", false),
    ];
    let mut texts = article
        .sections
        .iter()
        .flat_map(|s| {
            s.heading
                .iter()
                .chain(crate::model::walk::block_texts(&s.blocks))
        })
        .map(|t| t.to_plain())
        .filter(|t| !t.trim().is_empty())
        .peekable();
    texts.peek().is_some() && texts.all(|t| bare.iter().any(|b| t.trim() == b))
}

/// The sections of chapter `i`: the HTML importer's, the first headed by
/// the table of contents' label when the chapter starts without a heading;
/// an unreadable chapter as a one-line notice, an empty one as nothing.
fn chapter_sections(book: &Book, i: usize, name: &str) -> Vec<Section> {
    let path = &book.package.spine[i];
    // The table of contents' entry for the file (itself, else its first
    // part): its label, and its depth for the navigator's tree (parts,
    // chapters, sections as levels 2, 3, 4).
    let entry = book
        .toc
        .iter()
        .find(|e| &e.path == path && e.fragment.is_none())
        .or_else(|| book.toc.iter().find(|e| &e.path == path));
    let label = entry.map(|e| e.label.clone());
    let level = entry.map_or(2, |e| 2 + e.depth.min(2));
    let chapter = book
        .chapter(i)
        .map_err(LoadError::from_epub(name))
        .and_then(|b| {
            let hints = HtmlHints {
                whole: true,
                ..HtmlHints::default()
            };
            html::import(&b, path, &hints)
        });
    match chapter {
        // The cover page, an image without words: the title page.
        Ok(article) if i == 0 && book.package.cover.is_some() && is_bare_image(&article) => {
            title_page(book, level)
        }
        Ok(article) => {
            let mut sections = article.sections;
            for section in &mut sections {
                for block in &mut section.blocks {
                    crate::model::walk::each_text_mut(block, &mut |t| {
                        for span in &mut t.spans {
                            if let Some(to) = span
                                .href
                                .as_deref()
                                .and_then(|h| in_book(h, path, &book.package.spine))
                            {
                                span.href = Some(to);
                            }
                        }
                    });
                }
            }
            if let Some(first) = sections.first_mut() {
                if first.heading.is_none() {
                    first.heading = label
                        .map(Text::plain)
                        .or_else(|| (!article.title.is_empty()).then(|| article.title.clone()));
                }
                if entry.is_some() || first.level == 0 {
                    first.level = level;
                }
            }
            // The file's other sections are never above it in the tree.
            for section in sections.iter_mut().skip(1) {
                section.level = section.level().max(level);
            }
            sections
        }
        Err(LoadError::Empty { .. }) if i == 0 && book.package.cover.is_some() => {
            title_page(book, level)
        }
        Err(LoadError::Empty { .. }) => Vec::new(),
        Err(e) => vec![Section {
            level,
            heading: label.map(Text::plain),
            blocks: vec![crate::model::Block::Paragraph(Text::plain(format!(
                "[{e}]"
            )))],
        }],
    }
}

impl LoadError {
    fn from_epub(name: &str) -> impl Fn(EpubError) -> LoadError + '_ {
        move |source| LoadError::Epub {
            name: super::safe_name(name),
            source,
        }
    }
}
