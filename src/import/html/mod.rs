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
    // A big page of its own is parsed a piece at a time and freed as it
    // goes, and its text nodes are let go as they are converted (see
    // [`parse_pieces`]); a small one is kept for Readability's fallback.
    let big = matches!(html, Cow::Owned(_)) && html.len() > PIECEWISE_PAGE_BYTES;
    let (doc, html) = if big {
        (parse_pieces(html.into_owned()), None)
    } else {
        (Document::from(html.as_ref()), Some(html))
    };
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
    converter.release_text = big;
    let readable = !whole && !hints.by_structure && extract::fits_readability(&doc);
    // The page's text is only read again when Readability finds nothing: a
    // big page's, let go while parsing, from the document as parsed.
    let html = match html {
        Some(html) => readable.then_some(html),
        None => readable.then(|| Cow::Owned(doc.html().to_string())),
    };
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

/// Pages of more bytes than this, owned, are parsed piecewise
/// ([`parse_pieces`]).
const PIECEWISE_PAGE_BYTES: usize = 4 << 20;

/// A page's text handed to html5ever in pieces of [`PAGE_PIECE_BYTES`],
/// each cut from the end of `html` first (which is shrunk after each): the
/// page is never held twice, as text and as the parser's copy. Text nodes
/// share their piece's buffer, which goes once they are converted
/// ([`Converter::release_text`]). The same document as
/// `Document::from(html)` gives (the same options).
fn parse_pieces(mut html: String) -> Document {
    use html5ever::tendril::{StrTendril, TendrilSink};
    let mut pieces = Vec::with_capacity(html.len() / PAGE_PIECE_BYTES + 1);
    while html.len() > PAGE_PIECE_BYTES {
        let mut at = html.len() - PAGE_PIECE_BYTES;
        while !html.is_char_boundary(at) {
            at -= 1;
        }
        pieces.push(StrTendril::from_slice(&html[at..]));
        html.truncate(at);
        html.shrink_to_fit();
    }
    pieces.push(StrTendril::from_slice(&html));
    drop(html);
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut parser = html5ever::parse_document(Document::default(), opts);
    while let Some(piece) = pieces.pop() {
        parser.process(piece);
    }
    parser.finish()
}

/// The pieces a big page is parsed in.
const PAGE_PIECE_BYTES: usize = 256 * 1024;

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
