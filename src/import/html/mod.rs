//! HTML pages (`.html`, `.htm`, `.xhtml`, sniffed, on stdin, from a URL):
//! the page's main content as an article, by stage:
//!
//! 1. [`charset`]: bytes → text (BOM, HTTP charset, `<meta>`, detection);
//! 2. html5ever (through `dom_query`) parses the page;
//! 3. [`meta`]: title and metadata, [`jsonld`] blocks, [`faq`]: the FAQ's
//!    structured sources (JSON-LD, microdata, `<details>`), from the whole
//!    page;
//! 4. [`extract`]: the main content (Readability, with a fallback);
//! 5. [`convert`]: its DOM → the shared [`Outline`] (which holds the title,
//!    FAQ and section policy, and sanitizes).
//!
//! The FAQ: entries from structured data come first, in page order, then
//! those the outline finds under an FAQ heading; a question is kept once
//! (the first). A question from structured data that the body repeats is
//! taken out of the body (the FAQ pane is where it is read; the body would
//! show it twice).

mod charset;
mod convert;
mod extract;
mod faq;
mod jsonld;
mod meta;
pub mod split;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use dom_query::Document;

pub use charset::decode;

use super::LoadError;
use super::outline::Outline;
use crate::import::image;
use crate::model::{Article, Block, Text, walk};
use convert::{Converter, Page};

/// What the page's container knows that its bytes may not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlHints {
    /// The charset of the HTTP `Content-Type` header, if any.
    pub charset: Option<String>,
    /// The page's address (a URL source), for relative links and metadata.
    pub url: Option<String>,
    /// Read the whole body, without choosing a main content (an EPUB
    /// chapter is all content; Readability is made for web pages).
    pub whole: bool,
    /// Choose the main content without Readability, by structure alone
    /// (a page read in two parts, [`split`], is read so both times).
    pub by_structure: bool,
}

/// Imports an HTML page; `name` is used in error messages. Never fails on
/// content (an empty result is reported by the caller).
pub fn import(bytes: &[u8], _name: &str, hints: &HtmlHints) -> Result<Article, LoadError> {
    let html = decode(bytes, hints.charset.as_deref());
    Ok(parse_with(html, hints))
}

/// [`import`] of bytes it may drop: the page's text is freed once parsed,
/// before the article is built (a 10 MB page peaks 10 MB lower).
pub fn import_owned(
    mut bytes: Vec<u8>,
    _name: &str,
    hints: &HtmlHints,
) -> Result<Article, LoadError> {
    let html = match decode(&bytes, hints.charset.as_deref()) {
        Cow::Borrowed(text) => {
            // UTF-8 (a BOM left out): those bytes, in place.
            let start = text.as_ptr() as usize - bytes.as_ptr() as usize;
            let len = text.len();
            bytes.truncate(start + len);
            bytes.drain(..start);
            // Valid: the decoder borrowed it as text.
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Cow::Owned(text) => text,
    };
    Ok(parse_with(Cow::Owned(html), hints))
}

/// A long page's first part, read as the beginning of the whole ([`split`]),
/// with the length of source it was read from; `None` when the page is
/// read whole. The whole is then read with [`HtmlHints::by_structure`] too.
pub fn import_first_part(
    bytes: &[u8],
    name: &str,
    hints: &HtmlHints,
) -> Option<(usize, Result<Article, LoadError>)> {
    let at = split::cut(bytes)?;
    let hints = HtmlHints {
        by_structure: true,
        ..hints.clone()
    };
    Some((at, import(&bytes[..at], name, &hints)))
}

/// Reads an HTML page (already text) whose address is `url`.
pub fn parse(html: &str, url: Option<&str>) -> Article {
    let hints = HtmlHints {
        url: url.map(str::to_owned),
        ..HtmlHints::default()
    };
    parse_with(Cow::Borrowed(html), &hints)
}

/// [`parse`], reading the whole body when `whole` (see [`HtmlHints::whole`]).
fn parse_with(html: Cow<'_, str>, hints: &HtmlHints) -> Article {
    let (url, whole) = (hints.url.as_deref(), hints.whole);
    let doc = Document::from(html.as_ref());
    let ld = jsonld::blocks(&doc);
    let (title, meta) = meta::read(&doc, &ld, url);
    let mut structured = faq::from_jsonld(&ld);
    let (microdata, mut taken) = faq::from_microdata(&doc);
    structured.extend(microdata);
    let (details, more) = faq::from_details(&doc);
    structured.extend(details);
    taken.extend(more);
    convert::keep_for_readability(&doc);

    let arabic = meta
        .language
        .as_deref()
        .map(|l| matches!(l.get(..2), Some("ar" | "fa" | "ur")))
        .or_else(|| image::mostly_arabic(&title))
        .unwrap_or(false);
    let mut page = Page {
        base: meta.url.clone().or_else(|| url.map(str::to_owned)),
        direction: meta.direction,
        arabic,
        title: title.clone(),
        questions: HashMap::new(),
        every_image: whole,
    };
    // The answers, as blocks (each read on its own).
    let entries: Vec<(String, Vec<Block>)> = structured
        .iter()
        .map(|qa| (qa.question.clone(), answer_blocks(&qa.answer, &page)))
        .collect();
    // Read: out of the page, so that the body does not show them again.
    for node in taken {
        node.remove_from_parent();
    }
    for (q, answer) in &entries {
        let text: Vec<String> = walk::block_texts(answer).map(Text::to_plain).collect();
        page.questions
            .insert(faq::normalize(q), faq::normalize(&text.join(" ")));
    }

    // A book's chapter has no title of its own to find: its first
    // paragraph stays a paragraph (the book has the title).
    let mut outline = Outline::new(title.is_empty() && !whole);
    if !title.is_empty() || whole {
        outline.title(Text::plain(title.as_str()));
    }
    for (q, answer) in entries {
        outline.question(Text::plain(q));
        for block in answer {
            outline.block(block);
        }
    }
    outline.end_faq();

    let mut converter = Converter::new(outline, &page);
    let readable = !whole && !hints.by_structure && extract::fits_readability(&doc);
    // The page's text is only read again when Readability finds nothing.
    let html = readable.then_some(html);
    if whole {
        let body = doc.body().unwrap_or_else(|| doc.root());
        converter.convert(body);
    } else if !readable {
        converter.convert(extract::fallback(&doc));
    } else if let Some(content) = extract::readability(doc, url, &title) {
        converter.convert(Document::fragment(content).root());
    } else {
        // Readability found nothing: the page again, through the fallback.
        let doc = Document::from(html.as_deref().unwrap_or_default());
        converter.convert(extract::fallback(&doc));
    }
    let mut article = converter.outline.finish();
    article.meta = meta;
    crate::model::sanitize::article(&mut article);
    dedupe_faq(&mut article);
    article
}

/// An answer as blocks.
fn answer_blocks(answer: &faq::Answer<'_>, page: &Page) -> Vec<Block> {
    let mut outline = Outline::new(false);
    outline.title(Text::default());
    let mut converter = Converter::new(outline, page);
    match answer {
        faq::Answer::Html(html) => converter.convert(Document::fragment(html.as_str()).root()),
        faq::Answer::Node(node) => converter.convert(*node),
    }
    let article = converter.outline.finish();
    let mut blocks = Vec::new();
    for section in article.sections {
        if let Some(h) = section.heading {
            blocks.push(Block::Paragraph(h));
        }
        blocks.extend(section.blocks);
    }
    blocks.extend(
        article
            .faq
            .into_iter()
            .flat_map(|e| std::iter::once(Block::Paragraph(e.question)).chain(e.answer)),
    );
    blocks
}

/// Keeps the first FAQ entry of each question.
fn dedupe_faq(article: &mut Article) {
    let mut seen = HashSet::new();
    article
        .faq
        .retain(|e| seen.insert(faq::normalize(&e.question.to_plain())));
}
