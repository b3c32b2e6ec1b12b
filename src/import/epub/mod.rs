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
use crate::model::{Article, DirectionSetting, Meta, Section, Text};
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
    let err = |source| LoadError::Epub {
        name: super::safe_name(name),
        source,
    };
    let book = Book::open(Arc::from(bytes)).map_err(err)?;
    let mut sections: Vec<Section> = Vec::new();
    for (i, path) in book.package.spine.iter().enumerate() {
        let label = book
            .toc
            .iter()
            .find(|e| &e.path == path && e.fragment.is_none())
            .map(|e| e.label.clone());
        let chapter = book
            .chapter(i)
            .map_err(LoadError::from_epub(name))
            .and_then(|b| html::import(&b, path, &HtmlHints::default()));
        match chapter {
            Ok(article) => {
                let mut chapter_sections = article.sections;
                if let Some(first) = chapter_sections.first_mut()
                    && first.heading.is_none()
                {
                    first.heading = label
                        .map(Text::plain)
                        .or_else(|| (!article.title.is_empty()).then(|| article.title.clone()));
                    first.level = 2;
                }
                sections.extend(chapter_sections);
            }
            // An empty chapter (a cover page with only an image) is skipped.
            Err(LoadError::Empty { .. }) => {}
            Err(e) => sections.push(Section {
                level: 2,
                heading: label.map(Text::plain),
                blocks: vec![crate::model::Block::Paragraph(Text::plain(format!(
                    "[{e}]"
                )))],
            }),
        }
    }
    let title = book
        .package
        .title
        .clone()
        .or_else(|| book.toc.first().map(|e| e.label.clone()))
        .unwrap_or_else(|| name.to_owned());
    Ok(Article {
        title: Text::plain(title),
        meta: book.meta(),
        faq: Vec::new(),
        sections,
    })
}

impl LoadError {
    fn from_epub(name: &str) -> impl Fn(EpubError) -> LoadError + '_ {
        move |source| LoadError::Epub {
            name: super::safe_name(name),
            source,
        }
    }
}
