//! A big Markdown text read in two parts, so that the reader can show the
//! beginning at once: the text up to a safe cut is parsed now
//! ([`Parts::first`]), the whole later on a worker ([`Parts::whole`]). The
//! first part is the exact beginning of the whole: the same title, FAQ
//! entries and sections with the same blocks, more sections after them.
//! The reader often has it from the file's head alone ([`head_part`]);
//! then only a FAQ found late may come with the whole (nothing else the
//! part shows changes, its direction included).
//!
//! The cut ([`cut`]) is made before a `#` or `##` heading line, at least
//! [`FIRST_PART_BYTES`] in, that pulldown-cmark reads as a top-level heading
//! (not in a fenced code block, an HTML block, a list, a quote or a
//! footnote): such a line closes every block before it, so the blocks
//! before the cut parse the same alone. What can still reach back over the
//! cut, and how each is handled ([`scan_rest`]):
//!
//! - Link reference definitions after the cut (`[x]: url`): their lines are
//!   appended to the first part (after a blank line), so its links resolve
//!   as in the whole; the first definition of a label still wins. A
//!   definition line that does not stand alone (after a paragraph line, in
//!   a quote or a list, the address on the next line) reads the whole now.
//! - Footnote definitions after the cut (`[^1]: …`): a note is placed where
//!   it is first referenced, so appending would move it; the whole is read
//!   now.
//! - A FAQ heading after the cut: its questions would come before the
//!   sections (an expanded FAQ), moving them; the whole is read now.
//! - The title: the first part must have taken it from a heading; whether
//!   the first heading is promoted (no `#` heading in the document) is
//!   decided for both from the first part, the cut heading and the rest's
//!   lines (a possible `#` heading there, unless the first part has one:
//!   the whole is read now).
//! - The document's direction is judged from its first
//!   [`DIRECTION_SAMPLE_BYTES`] of prose: the first part must hold at least
//!   that much.
//!
//! The scan of the rest tracks fenced code blocks by their lines, which a
//! fence opened on a list item's first line can fool; a definition line
//! inside such code would then be appended. That can only change a link
//! of the first part whose label the whole does not define.

use super::{has_top_level_h1, options, parse, parse_continuation, parse_part};
use crate::import::{LoadError, decode_text, image, is_empty, safe_name};
use crate::model::{Article, walk};
use crate::text::document::DIRECTION_SAMPLE_BYTES;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Texts smaller than this are read whole.
pub const PROGRESSIVE_BYTES: usize = 512 * 1024;

/// The first part is at least this long (the document's direction is
/// judged from its first 32 KB of prose; a little markup comes with it).
pub const FIRST_PART_BYTES: usize = 40 * 1024;

/// No cut is looked for beyond this: the whole is read instead.
pub const CUT_LIMIT: usize = 2 * 1024 * 1024;

/// Candidate headings checked with pulldown-cmark before giving up.
const TRIES: usize = 8;

/// A Markdown text read in two parts (or whole, when [`Parts::is_partial`]
/// is false).
pub struct Parts {
    /// The first part (the whole when the text was read whole).
    pub first: Article,
    /// The whole text (UTF-8, checked), when only the first part was read.
    text: Option<Vec<u8>>,
    share: f64,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("partial", &self.is_partial())
            .field("share", &self.share)
            .finish()
    }
}

impl Parts {
    /// The share of the text (by bytes) in `first`, in 0..=1.
    pub fn share(&self) -> f64 {
        self.share
    }

    /// True when the rest is left to read.
    pub fn is_partial(&self) -> bool {
        self.text.is_some()
    }

    /// The whole article, which begins with `first` (parsed now; meant for
    /// a worker thread).
    pub fn whole(self) -> Article {
        match self.text {
            // In pieces when it can be: each piece's parse tree is a
            // megabyte's, not the whole text's (the reader's peak memory),
            // and the parse takes half the time.
            Some(bytes) => match pieces_with(bytes, "", true) {
                Ok(pieces) => pieces.into_whole(),
                // Not reached: the first part was read from this text.
                Err(_) => Article::default(),
            },
            None => self.first,
        }
    }
}

/// The whole article of a big Markdown text whose beginning was read by
/// [`head_part`] (parsed now, in pieces when it can be: meant for a
/// worker); errors as [`crate::import::load_bytes`] gives them.
pub fn whole(bytes: Vec<u8>, name: &str) -> Result<Article, LoadError> {
    decode_text(&bytes, name)?;
    Ok(pieces_with(bytes, name, true)?.into_whole())
}

/// Reads the Markdown in `bytes` in two parts when it is big and a safe cut
/// is found (see the module doc), else whole. Errors as
/// [`crate::import::load_bytes`] gives them for Markdown: the whole text
/// is checked to be UTF-8 now (in the same pass as the rest is scanned).
pub fn import_parts(bytes: Vec<u8>, name: &str) -> Result<Parts, LoadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // The part a file's head gives (see [`head_part`]), so that a book
    // read from standard input has the first part, and the saved place,
    // it has read from a file.
    let head = (body.len() >= PROGRESSIVE_BYTES)
        .then(|| head_part(&body[..body.len().min(HEAD_BYTES)]))
        .flatten();
    if let Some((first, at)) = head {
        // All of it UTF-8, as when it is read whole: the error comes first.
        decode_text(&bytes, name)?;
        let share = at as f64 / body.len() as f64;
        return Ok(Parts {
            first,
            text: Some(bytes),
            share,
        });
    }
    if let Some((first, at)) = first_part(body) {
        let share = at as f64 / body.len() as f64;
        return Ok(Parts {
            first,
            text: Some(bytes),
            share,
        });
    }
    let first = parse(decode_text(&bytes, name)?);
    if is_empty(&first) {
        return Err(LoadError::Empty {
            name: safe_name(name),
        });
    }
    Ok(Parts {
        first,
        text: None,
        share: 1.0,
    })
}

/// The first part of `src` (without a BOM) and where it ends, when `src`
/// is big, UTF-8, and can be cut safely.
pub fn first_part(src: &[u8]) -> Option<(Article, usize)> {
    first_part_with_facts(src).map(|(article, at, _)| (article, at))
}

/// [`first_part`], with what the scan of the rest found.
fn first_part_with_facts(src: &[u8]) -> Option<(Article, usize, RestFacts)> {
    if src.len() < PROGRESSIVE_BYTES {
        return None;
    }
    // The head, where the cut is looked for, up to a whole character.
    let head = &src[..src.len().min(CUT_LIMIT)];
    let head = match simdutf8::compat::from_utf8(head) {
        Ok(head) => head,
        // Cut inside a character: up to it (SIMD again; std's check is
        // several times slower on Arabic).
        Err(e) if e.error_len().is_none() => {
            simdutf8::basic::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let mut from = FIRST_PART_BYTES;
    while from < CUT_LIMIT {
        let at = cut(head, from)?;
        let rest = scan_rest(&src[at.offset..])?;
        let prefix = &head[..at.offset];
        let promote = if at.level == 1 || has_top_level_h1(prefix) {
            false
        } else if rest.may_have_h1 {
            return None;
        } else {
            true
        };
        let first = if rest.definitions.is_empty() {
            parse_part(prefix, promote, src)
        } else {
            let mut part = String::with_capacity(prefix.len() + rest.definitions.len() + 2);
            part.push_str(prefix);
            part.push_str("\n\n");
            part.push_str(&rest.definitions);
            parse_part(&part, promote, src)
        };
        let article = first.article;
        if !first.titled || is_empty(&article) || first.expanded >= EXPANSION_LIMIT {
            return None;
        }
        let prose: usize = walk::prose_strs(walk::body_texts(&article))
            .map(str::len)
            .sum();
        if prose >= DIRECTION_SAMPLE_BYTES {
            return Some((article, at.offset, rest));
        }
        // Markup-heavy text: a later cut, with prose enough.
        from = at.offset.max(from) * 2;
    }
    None
}

/// A first part whose reference links expand to this many bytes (address
/// and title, each time) is not read alone: pulldown-cmark stops resolving
/// them past 100 000 bytes in a text shorter than that, the whole would
/// not (half of it, for a margin).
const EXPANSION_LIMIT: usize = 50_000;

/// The head of a file read for [`head_part`]: room for the first part and
/// the heading that ends it.
pub const HEAD_BYTES: usize = 256 * 1024;

/// The head the dump reads first, and how far in its first part ends at
/// the earliest ([`head_part_from`]): its layout (a few milliseconds) keeps
/// the other threads busy while the rest is read, checked and scanned.
pub const DUMP_HEAD_BYTES: usize = 1024 * 1024;
/// See [`DUMP_HEAD_BYTES`].
pub const DUMP_FIRST_PART_BYTES: usize = 256 * 1024;

/// The first part of a big Markdown file read from its first bytes only
/// (`head`, at most [`HEAD_BYTES`], without a BOM), and where it ends: the
/// part [`first_part`] finds in the whole text, when nothing after the
/// head can change it. That is when it has its own top-level `#` title
/// (no later heading can be promoted over it), every link and footnote
/// reference in it finds its definition in it (a later one would come too
/// late to matter), it has no image (labelled by the whole document's
/// script) and enough prose to judge the direction. Whether the rest is
/// UTF-8 and what it holds is the worker's to find out (see
/// [`crate::source`]). A FAQ found late adds its entries and leaves the
/// part as it is: the direction is judged from the body first
/// ([`walk::direction_texts`]), and the part's body holds the sample.
pub fn head_part(head: &[u8]) -> Option<(Article, usize)> {
    head_part_from(head, FIRST_PART_BYTES)
}

/// [`head_part`] with the cut at least `from` bytes in.
pub fn head_part_from(head: &[u8], from: usize) -> Option<(Article, usize)> {
    // Whole lines only: a heading cut short could read otherwise.
    let lines = memchr::memrchr(b'\n', head).map_or(0, |n| n + 1);
    let head = match simdutf8::compat::from_utf8(&head[..lines]) {
        Ok(head) => head,
        // Not UTF-8 early on: the whole is read, and refused, at once.
        Err(_) => return None,
    };
    let mut from = from;
    while from < head.len() {
        let at = cut(head, from)?;
        let prefix = &head[..at.offset];
        if at.level != 1 && !has_top_level_h1(prefix) {
            return None;
        }
        let bytes = prefix.as_bytes();
        if memchr::memmem::find(bytes, b"[^").is_some()
            || memchr::memmem::find(bytes, b"![").is_some()
        {
            return None;
        }
        let first = parse_part(prefix, false, prefix.as_bytes());
        let article = first.article;
        if first.undefined
            || !first.titled
            || is_empty(&article)
            || first.expanded >= EXPANSION_LIMIT
        {
            return None;
        }
        let prose: usize = walk::prose_strs(walk::body_texts(&article))
            .map(str::len)
            .sum();
        if prose >= DIRECTION_SAMPLE_BYTES {
            return Some((article, at.offset));
        }
        from = at.offset.max(from) * 2;
    }
    None
}

/// The pieces of the rest are at least this long (see [`pieces`]).
pub const PIECE_BYTES: usize = 1024 * 1024;

/// But the first, at least this long: parsed at once, it gives the other
/// threads of the dump work while the next piece is parsed.
pub const FIRST_PIECE_BYTES: usize = 128 * 1024;

/// A big Markdown text read as a beginning and pieces, for the dump: each
/// piece is parsed on its own (in order, or on any thread) and gives the
/// sections that follow the previous one's, so that laying out the
/// beginning can start before the rest is parsed.
pub struct Pieces {
    /// The beginning, as [`Parts::first`] (the whole when `rest` is empty).
    pub first: Article,
    /// The pieces after it, in order.
    pub rest: Vec<Piece>,
}

impl Pieces {
    /// The whole article: the beginning and every piece's sections.
    pub fn into_whole(self) -> Article {
        let mut article = self.first;
        for piece in self.rest {
            article.sections.extend(piece.parse().sections);
        }
        article
    }
}

/// A piece of a big Markdown text after the first part: it starts with a
/// `#` or `##` heading that pulldown-cmark reads as top-level in the
/// whole, so it parses alone to the sections the whole has there.
pub struct Piece {
    /// Its text (checked to be UTF-8).
    text: PieceText,
    /// Every link reference definition line of the document (the first
    /// part's first: the first definition of a label wins).
    definitions: std::sync::Arc<String>,
}

/// A piece's text: its own, freed once parsed, so that a book's text is
/// not held whole while it is read (moving it out costs a copy), or a
/// range of the whole text shared by the pieces (no copy).
enum PieceText {
    /// With whether the whole document is mostly in Arabic script, judged
    /// before the whole went (when the rest has an image to label).
    Own(Vec<u8>, Option<bool>),
    Shared(std::sync::Arc<Whole>, std::ops::Range<usize>),
}

/// The whole text shared by the pieces, and its script once a piece with
/// an image asks (judging it reads every letter of the book).
struct Whole {
    bytes: Vec<u8>,
    arabic: std::sync::OnceLock<bool>,
}

impl PieceText {
    fn bytes(&self) -> &[u8] {
        match self {
            PieceText::Own(bytes, _) => bytes,
            PieceText::Shared(whole, range) => &whole.bytes[range.clone()],
        }
    }

    /// Whether the whole document is mostly in Arabic script, for an image
    /// with nothing closer to go by (see `Builder::end_image`); none when
    /// the piece has no image.
    fn document_arabic(&self) -> Option<bool> {
        match self {
            PieceText::Own(_, arabic) => *arabic,
            PieceText::Shared(whole, range) => {
                memchr::memmem::find(&whole.bytes[range.clone()], b"![")?;
                Some(*whole.arabic.get_or_init(|| mostly_arabic(&whole.bytes)))
            }
        }
    }
}

/// Whether the text is mostly in Arabic script, as the whole document's
/// parse judges it for an image label.
fn mostly_arabic(text: &[u8]) -> bool {
    image::mostly_arabic(&String::from_utf8_lossy(text)).unwrap_or(false)
}

impl std::fmt::Debug for Piece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Piece")
            .field("bytes", &self.text.bytes().len())
            .finish()
    }
}

impl Piece {
    /// The sections of the piece (an article without a title or FAQ).
    pub fn parse(self) -> Article {
        let Ok(text) = simdutf8::basic::from_utf8(self.text.bytes()) else {
            // Not reached: the text was checked.
            return Article::default();
        };
        let document_arabic = self.text.document_arabic();
        if self.definitions.is_empty() {
            return parse_continuation(text, document_arabic);
        }
        let mut src = String::with_capacity(self.definitions.len() + 1 + text.len());
        src.push_str(&self.definitions);
        src.push('\n');
        src.push_str(text);
        parse_continuation(&src, document_arabic)
    }
}

/// Reads the Markdown in `bytes` as a beginning and pieces when it can be
/// read in two parts (see the module doc) and the rest has no footnote
/// and nothing that hides a heading line (see [`RestFacts::hides_lines`]);
/// else whole, as [`crate::import::load_bytes`] reads it. The pieces share
/// the text (the dump, which starts laying out at once).
pub fn pieces(bytes: Vec<u8>, name: &str) -> Result<Pieces, LoadError> {
    pieces_with(bytes, name, false)
}

/// [`pieces`], each piece with its own text when `own` (the reader's
/// worker, which then never holds the whole text and its article).
fn pieces_with(mut bytes: Vec<u8>, name: &str, own: bool) -> Result<Pieces, LoadError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        // Checked with its BOM first: a bad byte's offset counts it, as
        // when the text is read whole.
        decode_text(&bytes, name)?;
        bytes.drain(..3);
    }
    let split = first_part_with_facts(&bytes).and_then(|(first, at, facts)| {
        let (bounds, definitions) = piece_bounds(&bytes, at, &facts)?;
        Some((first, bounds, definitions))
    });
    let Some((first, bounds, definitions)) = split else {
        let first = parse(decode_text(&bytes, name)?);
        if is_empty(&first) {
            return Err(LoadError::Empty {
                name: safe_name(name),
            });
        }
        return Ok(Pieces {
            first,
            rest: Vec::new(),
        });
    };
    if !own {
        let rest = shared_pieces(bytes, &bounds, definitions);
        return Ok(Pieces { first, rest });
    }
    let definitions = std::sync::Arc::new(definitions);
    let piece = |text| Piece {
        text,
        definitions: std::sync::Arc::clone(&definitions),
    };
    // An image in the rest is labelled in the whole document's script,
    // judged now: the text is not kept whole.
    let document_arabic =
        memchr::memmem::find(&bytes[bounds[0]..], b"![").map(|_| mostly_arabic(&bytes));
    // Each piece's text moved out from the end, the buffer shrunk after
    // each (in place for a big one): about a piece more than the text.
    let mut rest = Vec::with_capacity(bounds.len());
    for &start in bounds.iter().rev() {
        let text = bytes.split_off(start);
        bytes.shrink_to_fit();
        rest.push(piece(PieceText::Own(text, document_arabic)));
    }
    rest.reverse();
    Ok(Pieces { first, rest })
}

/// Where the pieces of `bytes` after a first part ending at `at` start,
/// with every definition line of the document, from the rest's `facts`;
/// none when the rest cannot be cut so.
fn piece_bounds(bytes: &[u8], at: usize, facts: &RestFacts) -> Option<(Vec<usize>, String)> {
    // A note referenced in a piece is numbered and placed by the whole; a
    // hidden line may be a heading the scan took for a cut.
    if facts.hides_lines || memchr::memmem::find(&bytes[at..], b"[^").is_some() {
        return None;
    }
    let prefix = simdutf8::basic::from_utf8(&bytes[..at]).ok()?;
    let mut definitions = first_part_definitions(prefix)?;
    definitions.push_str(&facts.definitions);
    let mut bounds: Vec<usize> = facts.piece_cuts.iter().map(|c| at + c).collect();
    bounds.insert(0, at);
    Some((bounds, definitions))
}

/// The pieces of `bytes` starting at `bounds`, sharing the text.
fn shared_pieces(bytes: Vec<u8>, bounds: &[usize], definitions: String) -> Vec<Piece> {
    let definitions = std::sync::Arc::new(definitions);
    let whole = std::sync::Arc::new(Whole {
        bytes,
        arabic: std::sync::OnceLock::new(),
    });
    let ends = bounds.iter().skip(1).copied().chain([whole.bytes.len()]);
    bounds
        .iter()
        .zip(ends)
        .map(|(&start, end)| Piece {
            text: PieceText::Shared(std::sync::Arc::clone(&whole), start..end),
            definitions: std::sync::Arc::clone(&definitions),
        })
        .collect()
}

/// What follows a first part read from a file's head
/// ([`head_part_from`]), for the dump.
pub enum Rest {
    /// Its pieces, in order.
    Pieces(Vec<Piece>),
    /// The whole text (without a BOM), when the rest cannot be cut there:
    /// it has a FAQ (the dump shows it before the sections), a footnote or
    /// a line that hides a heading; the beginning is then read again.
    Whole(Vec<u8>),
}

/// The rest of a big Markdown text whose first part, read from its head,
/// ends at `at` (in the text without a BOM); `bytes` is the whole text.
/// Errors as [`crate::import::load_bytes`] gives them: the whole is
/// checked first.
pub fn rest_pieces(mut bytes: Vec<u8>, name: &str, at: usize) -> Result<Rest, LoadError> {
    // Checked once, the BOM counted in an error's offset; not again by
    // the scan.
    let facts = decode_text(&bytes, name)?.get(at..).and_then(scan_lines);
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let bounds = facts.and_then(|facts| piece_bounds(&bytes, at, &facts));
    Ok(match bounds {
        Some((bounds, definitions)) => Rest::Pieces(shared_pieces(bytes, &bounds, definitions)),
        None => Rest::Whole(bytes),
    })
}

/// The link reference definitions of the first part, one per line as
/// written; none when one spans lines (it could be inside a quote).
fn first_part_definitions(prefix: &str) -> Option<String> {
    if memchr::memmem::find(prefix.as_bytes(), b"]:").is_none() {
        return Some(String::new());
    }
    let parser = Parser::new_ext(prefix, options());
    let mut out = String::new();
    for (_, def) in parser.reference_definitions().iter() {
        let line = prefix.get(def.span.clone())?.trim();
        if !line.starts_with('[') || line.contains('\n') {
            return None;
        }
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
}

/// Where a text is cut: before a top-level heading of `level`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// The byte offset of the heading line.
    pub offset: usize,
    /// 1 or 2.
    pub level: u8,
}

/// The first `#` or `##` heading line at or after byte `from` (and before
/// [`CUT_LIMIT`]) that pulldown-cmark reads as a top-level heading with
/// text; none after [`TRIES`] candidates.
pub fn cut(src: &str, from: usize) -> Option<Cut> {
    let mut fences = Fences::default();
    let mut offset = 0;
    let mut tries = 0;
    for line in src.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        if fences.feed(line) || at < from {
            continue;
        }
        if at >= CUT_LIMIT || tries >= TRIES {
            return None;
        }
        let level = match atx_level(line) {
            Some(level @ (1 | 2)) if line.starts_with('#') => level,
            _ => continue,
        };
        tries += 1;
        if heads_at(&src[..offset], at) {
            return Some(Cut { offset: at, level });
        }
    }
    None
}

/// True when pulldown-cmark, reading `src`, starts a heading with text at
/// byte `at` outside any other block.
fn heads_at(src: &str, at: usize) -> bool {
    let mut depth = 0usize;
    let mut heading: Option<bool> = None;
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        if let Some(text) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => return *text,
                Event::Text(t) | Event::Code(t) => *text |= !t.trim().is_empty(),
                Event::FootnoteReference(_) | Event::Start(Tag::Image { .. }) => *text = true,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1 | HeadingLevel::H2,
                ..
            }) if range.start == at => {
                if depth > 0 {
                    return false;
                }
                heading = Some(false);
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if range.start >= at => return false,
            _ => {}
        }
    }
    false
}

/// What the rest of a text (after the cut) holds that reaches back.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RestFacts {
    /// Its link reference definition lines, to append to the first part.
    pub definitions: String,
    /// Whether it may have a top-level `#` heading.
    pub may_have_h1: bool,
    /// Where it may be cut again into pieces (see [`pieces`]): the offsets
    /// of `#` and `##` lines at the margin after a blank line whose text
    /// starts with a letter or digit, at least [`PIECE_BYTES`] apart (the
    /// first [`FIRST_PIECE_BYTES`] in).
    pub piece_cuts: Vec<usize>,
    /// Whether a line could hide such a heading line from the scan (an
    /// HTML block, which blank lines may not end, or a fence opened after
    /// a list or quote marker); then it is not cut into pieces.
    pub hides_lines: bool,
}

/// Scans the rest's lines (see the module doc), checking that they are
/// UTF-8; none when the whole must be read at once (or is not UTF-8).
pub fn scan_rest(rest: &[u8]) -> Option<RestFacts> {
    // Checked whole at once (SIMD, ~10 GB/s); lines are then looked at by
    // their first bytes only.
    scan_lines(simdutf8::basic::from_utf8(rest).ok()?)
}

/// [`scan_rest`] of a text already checked.
fn scan_lines(rest: &str) -> Option<RestFacts> {
    let mut facts = RestFacts::default();
    let mut fences = Fences::default();
    // The line before: blank, a definition or a heading (after which a
    // definition may stand), or other text (which it would continue).
    let mut prev_open = true;
    // The line before when it may be a setext heading's text ("" if not),
    // trimmed only when an underline asks for it.
    let mut prev: &str = "";
    let mut prev_blank = true;
    let mut at = 0;
    while at < rest.len() {
        let end = memchr::memchr(b'\n', &rest.as_bytes()[at..]).map_or(rest.len(), |n| at + n + 1);
        // A line ends after its newline, a character boundary.
        let line = &rest[at..end];
        let line_at = at;
        at = end;
        if fences.feed(line) {
            prev_open = true;
            prev = "";
            prev_blank = false;
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let blank = body.trim_start().is_empty();
        let mut open = blank;
        if indent <= 3 && !blank {
            let text = &body[indent..];
            match text.as_bytes()[0] {
                b'[' if text.contains("]:") => {
                    if text.starts_with("[^") || !prev_open || !is_definition(text) {
                        return None;
                    }
                    facts.definitions.push_str(text);
                    facts.definitions.push('\n');
                    open = true;
                }
                b'#' => {
                    let level = atx_level(text).unwrap_or(0);
                    if level == 1 {
                        facts.may_have_h1 = true;
                    }
                    if level == 2 && is_faq_line(&text[2..]) {
                        return None;
                    }
                    open = level > 0;
                    let next = facts
                        .piece_cuts
                        .last()
                        .map_or(FIRST_PIECE_BYTES, |last| last + PIECE_BYTES);
                    if matches!(level, 1 | 2)
                        && indent == 0
                        && prev_blank
                        && line_at >= next
                        && text[usize::from(level)..]
                            .strip_prefix(' ')
                            .and_then(|t| t.chars().next())
                            .is_some_and(char::is_alphanumeric)
                    {
                        facts.piece_cuts.push(line_at);
                    }
                }
                b'<' => facts.hides_lines = true,
                b'=' if !prev.is_empty() && is_underline(text, '=') => facts.may_have_h1 = true,
                b'-' if !prev.is_empty() && is_underline(text, '-') && is_faq_line(prev.trim()) => {
                    return None;
                }
                // A definition in a quote or a list item counts too.
                b'>' | b'-' | b'*' | b'+' | b'0'..=b'9' if text.contains("]:") => return None,
                b'>' | b'-' | b'*' | b'+' | b'0'..=b'9'
                    if text.contains("```") || text.contains("~~~") =>
                {
                    facts.hides_lines = true
                }
                _ => {}
            }
        }
        prev_blank = blank;
        prev_open = open;
        prev = if blank || indent > 3 { "" } else { body };
    }
    Some(facts)
}

/// The level of an ATX heading line (`#`…`######` then a space, a tab or
/// the end; up to three spaces before), 0 for a line of `#`s that is not
/// one (`#7`, seven `#`s).
fn atx_level(line: &str) -> Option<u8> {
    let text = line.trim_start_matches(' ');
    if line.len() - text.len() > 3 || !text.starts_with('#') {
        return None;
    }
    let hashes = text.len() - text.trim_start_matches('#').len();
    let after = &text[hashes..];
    let heading = hashes <= 6 && (after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']));
    Some(if heading { hashes as u8 } else { 0 })
}

/// True for a link reference definition on one line: `[label]: address`
/// (a title after it may follow).
fn is_definition(text: &str) -> bool {
    let Some(close) = text.find("]:") else {
        return false;
    };
    let label = &text[1..close];
    !label.is_empty() && !label.contains(['[', ']', '\\']) && !text[close + 2..].trim().is_empty()
}

/// True for a setext underline of `c` (`===` or `---`, spaces after).
fn is_underline(text: &str, c: char) -> bool {
    let t = text.trim_end();
    !t.is_empty() && t.chars().all(|x| x == c)
}

/// True when a heading's text (after `##`, or a setext heading's line)
/// may read as a FAQ heading once its inline markup is gone.
fn is_faq_line(text: &str) -> bool {
    let plain: String = text
        .trim()
        .trim_end_matches('#')
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']' | '\\' | '<' | '>'))
        .collect();
    crate::import::outline::is_faq_heading(&crate::model::Text::plain(plain))
}

/// Fenced code blocks (``` and ~~~, up to three spaces before) followed
/// line by line.
#[derive(Default)]
struct Fences {
    /// The open fence: its character and length.
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Takes the next line; true when it is part of a fenced code block
    /// (its fence lines included).
    fn feed(&mut self, line: &str) -> bool {
        let text = line.trim_start_matches(' ');
        let fence = (line.len() - text.len() <= 3)
            .then(|| text.as_bytes().first().copied())
            .flatten()
            .filter(|c| matches!(c, b'`' | b'~'))
            .map(|c| (c, text.len() - text.trim_start_matches(c as char).len()))
            .filter(|&(_, n)| n >= 3);
        match (self.open, fence) {
            (None, Some((c, n))) => {
                // A backtick fence's info string has no backtick.
                if c == b'`' && text[n..].contains('`') {
                    return false;
                }
                self.open = Some((c, n));
                true
            }
            (Some((oc, on)), Some((c, n))) if c == oc && n >= on && text[n..].trim().is_empty() => {
                self.open = None;
                true
            }
            (open, _) => open.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_hide_their_lines() {
        let mut f = Fences::default();
        let seen: Vec<bool> = ["a\n", "```rust\n", "## x\n", "~~~\n", "````\n", "## y\n"]
            .iter()
            .map(|l| f.feed(l))
            .collect();
        assert_eq!(seen, [false, true, true, true, true, false]);
        let mut f = Fences::default();
        assert!(!f.feed("``` a`b\n"), "not a fence: a backtick in the info");
        assert!(!f.feed("    ```\n"), "indented code, not a fence");
    }

    #[test]
    fn atx_levels() {
        assert_eq!(atx_level("# T\n"), Some(1));
        assert_eq!(atx_level("##\n"), Some(2));
        assert_eq!(atx_level("   ## x"), Some(2));
        assert_eq!(atx_level("    # x"), None);
        assert_eq!(atx_level("#x"), Some(0));
        assert_eq!(atx_level("x"), None);
    }

    fn book(sections: usize, extra: &str) -> String {
        let mut s = String::from("# Book\n\nIntro.\n\n");
        for i in 0..sections {
            s.push_str(&format!("## Chapter {i}\n\n"));
            for _ in 0..40 {
                s.push_str("Some prose of the chapter, long enough to count. [a link][r]\n\n");
            }
        }
        s.push_str(extra);
        s
    }

    #[test]
    fn a_cut_comes_before_a_top_level_heading_past_the_start() {
        let src = book(200, "");
        let at = cut(&src, FIRST_PART_BYTES).expect("a cut");
        assert!(at.offset >= FIRST_PART_BYTES);
        assert!(src[at.offset..].starts_with("## Chapter"));
        assert_eq!(at.level, 2);
    }

    #[test]
    fn no_cut_inside_code_lists_or_html() {
        let filler = "Prose.\n\n".repeat(10);
        for trap in [
            "```\n## x\n```\n",
            "~~~~\n~~~\n## x\n~~~~\n",
            "- item\n\n  ## x\n",
            "<div>\n## x\n</div>\n",
            "<!--\n## x\n-->\n",
            "##\n",
            "## #\n",
        ] {
            let src = format!("# T\n\n{filler}{trap}\nmore\n");
            let from = filler.len();
            assert_eq!(cut(&src, from), None, "{trap:?}");
        }
    }

    #[test]
    fn the_rest_is_scanned_for_what_reaches_back() {
        let facts = scan_rest(b"## A\n\n[r]: https://x.example \"t\"\n[s]: /s\n").expect("ok");
        assert_eq!(facts.definitions, "[r]: https://x.example \"t\"\n[s]: /s\n");
        assert!(!facts.may_have_h1);
        // In a fenced code block: not a definition.
        let facts = scan_rest(b"## A\n\n```\n[r]: x\n# no\n```\n").expect("ok");
        assert_eq!(facts, RestFacts::default());
        for whole in [
            "## A\n\n[^1]: a note\n",
            "## A\ntext\n[r]: x\n",
            "## A\n\n[r]:\n  /on-the-next-line\n",
            "## A\n\n> [r]: x\n",
            "## A\n\n## **FAQ**\n",
            "## A\n\nFAQ\n---\n",
        ] {
            assert_eq!(scan_rest(whole.as_bytes()), None, "{whole:?}");
        }
        assert!(scan_rest(b"## A\n\n# B\n").expect("ok").may_have_h1);
        assert!(scan_rest(b"## A\n\nB\n===\n").expect("ok").may_have_h1);
    }

    #[test]
    fn the_first_part_is_the_start_of_the_whole() {
        let src = book(400, "[r]: https://r.example\n");
        let (first, at) = first_part(src.as_bytes()).expect("cut");
        assert!(at < src.len() / 2);
        let whole = parse(&src);
        assert_eq!(first.title, whole.title);
        let n = first.sections.len();
        assert!(n > 1 && n < whole.sections.len());
        assert_eq!(first.sections[..], whole.sections[..n]);
        // The reference's definition at the end was appended.
        let link = walk::texts(&first)
            .flat_map(|t| &t.spans)
            .find(|s| s.href.is_some())
            .expect("a resolved link");
        assert_eq!(link.href.as_deref(), Some("https://r.example"));
    }

    #[test]
    fn bad_utf8_after_the_cut_is_refused_as_when_read_whole() {
        let mut bytes = book(400, "").into_bytes();
        let bad = bytes.len() - 10;
        bytes[bad] = 0xFF;
        assert!(first_part(&bytes).is_none());
        assert_eq!(
            import_parts(bytes, "b.md").unwrap_err(),
            LoadError::InvalidUtf8 {
                name: "b.md".into(),
                offset: bad
            }
        );
    }

    #[test]
    fn the_head_alone_gives_the_first_part_when_nothing_later_can_change_it() {
        let inline = book(400, "").replace("[a link][r]", "[a link](/r)");
        let head = &inline.as_bytes()[..HEAD_BYTES];
        let (first, at) = head_part(head).expect("from the head");
        assert_eq!(Some((first, at)), first_part(inline.as_bytes()));
        // A link defined in the head resolves there.
        let defined = format!("# Book\n\n[r]: /r\n\n{}", &inline["# Book\n\n".len()..]);
        assert!(head_part(&defined.as_bytes()[..HEAD_BYTES]).is_some());
        for (why, text) in [
            ("a reference the rest may define", book(400, "")),
            ("a note", inline.replacen("Intro.", "Intro[^1].", 1)),
            ("an image", inline.replacen("Intro.", "![fig](f.png)", 1)),
            ("no `#` title", inline.replacen("# Book", "Book", 1)),
            (
                "no cut in the head",
                inline.replace("## Chapter", "Chapter"),
            ),
        ] {
            assert_eq!(head_part(&text.as_bytes()[..HEAD_BYTES]), None, "{why}");
        }
        // References that expand past pulldown-cmark's budget for the part
        // (it would leave the later ones unresolved, the whole would not).
        let long = format!("[r]: /{}\n\n", "x".repeat(2000));
        let expanding = inline
            .replacen("Intro.", &format!("{long}Intro."), 1)
            .replace("[a link](/r)", "[a link][r]");
        assert!(first_part(expanding.as_bytes()).is_none());
        assert_eq!(head_part(&expanding.as_bytes()[..HEAD_BYTES]), None);
        // Not UTF-8 in the head: read whole (and refused then).
        let mut bad = inline.into_bytes();
        bad[100] = 0xFF;
        assert_eq!(head_part(&bad[..HEAD_BYTES]), None);
    }

    #[test]
    fn small_texts_and_notes_after_the_cut_are_read_whole() {
        assert!(first_part(book(10, "").as_bytes()).is_none());
        assert!(first_part(book(400, "[^n]: a note\n").as_bytes()).is_none());
    }
}
