//! A long page read in two parts, so that the reader's first frame does
//! not wait for the whole of it: where its source can be cut so that the
//! part before the cut reads as the beginning of the whole.
//!
//! Only pages that take the structural fallback are cut ([`extract`]: more
//! text than Readability is given); Readability picks the content from the
//! whole page and cannot be run on a part. Both parts are then read with
//! the fallback. The cut is before a paragraph or a heading outside any
//! list, table, quotation, preformatted block, figure or details; and a
//! page is read whole when what is after the cut could change what is
//! before it: structured data (JSON-LD, an FAQ's microdata, `<details>`),
//! note references (`<sup>`, `noteref`) whose notes come later, a
//! `<main>` or an `<article>` that would be chosen instead (only one
//! `<article>`, before the cut).
//!
//! The scan is a plain tag lexer over bytes: the page is not parsed (that
//! is what the cut spares the first frame). Tag names in ASCII are the same
//! bytes in every encoding a page can be read in but UTF-16 (not cut).
//!
//! [`extract`]: super::extract

use memchr::memmem;

/// Where the first part ends, at the earliest (bytes of source).
pub const FIRST_PART_BYTES: usize = 64 * 1024;

/// The cut is looked for up to here; a page with no place to cut before it
/// is read whole.
const SEARCH_BYTES: usize = 1 << 20;

/// Pages with less text than this (a margin over what Readability is
/// given: the estimate counts entities as written) are read whole.
const MIN_TEXT: usize = super::extract::MAX_TEXT + super::extract::MAX_TEXT / 4;

/// Elements a cut must not fall inside (`li` is always in a list; its end
/// tag may be left out).
const CONTAINERS: &[&[u8]] = &[
    b"table",
    b"ul",
    b"ol",
    b"dl",
    b"pre",
    b"blockquote",
    b"figure",
    b"details",
    b"select",
];

/// Elements whose content is not markup (skipped to their end tag).
const RAW: &[&[u8]] = &[b"script", b"style", b"textarea", b"template", b"noscript"];

/// After the cut, these elements make the page read whole.
const LATE_ELEMENTS: &[&[u8]] = &[b"sup", b"main", b"article", b"details"];

/// After the cut, a tag with one of these in its attributes makes the page
/// read whole.
const LATE_ATTRIBUTES: &[&[u8]] = &[b"ld+json", b"FAQPage", b"noteref", b"role=\"main\""];

/// Where to cut `bytes` (an HTML page) into a first part and the rest, or
/// `None` to read it whole.
pub fn cut(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < FIRST_PART_BYTES * 2
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return None;
    }
    let mut lexer = Lexer::new(bytes);
    let mut at = None;
    let mut text = 0usize;
    let mut depth = 0usize;
    while let Some(tag) = lexer.next_tag() {
        text += tag.text_before;
        if at.is_none() {
            if tag.start > SEARCH_BYTES {
                return None;
            }
            let name = tag.name.to_ascii_lowercase();
            if CONTAINERS.contains(&name.as_slice()) && !tag.self_closing {
                if tag.end_tag {
                    depth = depth.saturating_sub(1);
                } else {
                    depth += 1;
                }
            } else if !tag.end_tag
                && depth == 0
                && tag.start >= FIRST_PART_BYTES
                && matches!(
                    name.as_slice(),
                    b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
                )
            {
                at = Some(tag.start);
            }
        } else if text >= MIN_TEXT {
            break;
        }
    }
    let at = at?;
    if text < MIN_TEXT {
        return None;
    }
    // The rest, tag by tag (the text between tags is jumped over).
    let mut rest = Lexer { bytes, at };
    while let Some(tag) = rest.next_tag() {
        let opens_late = !tag.end_tag
            && LATE_ELEMENTS
                .iter()
                .any(|e| tag.name.eq_ignore_ascii_case(e));
        let late = opens_late
            || (tag.attributes.len() > 6
                && LATE_ATTRIBUTES
                    .iter()
                    .any(|a| memmem::find(tag.attributes, a).is_some()));
        if late {
            return None;
        }
    }
    Some(at)
}

/// A tag found by [`Lexer`].
struct Tag<'a> {
    /// Where its `<` is.
    start: usize,
    /// Its name, as written.
    name: &'a [u8],
    /// What is between its name and its `>`.
    attributes: &'a [u8],
    end_tag: bool,
    self_closing: bool,
    /// Bytes of text between the tag before and this one.
    text_before: usize,
}

/// Start and end tags in order; comments, doctypes and the content of
/// [`RAW`] elements skipped (not counted as text).
struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn new(bytes: &'a [u8]) -> Lexer<'a> {
        Lexer { bytes, at: 0 }
    }

    fn next_tag(&mut self) -> Option<Tag<'a>> {
        let bytes = self.bytes;
        let mut text = 0;
        loop {
            let lt = self.at + memchr::memchr(b'<', &bytes[self.at..])?;
            text += lt - self.at;
            let rest = &bytes[lt..];
            if rest.starts_with(b"<!--") {
                self.at =
                    lt + 4 + memmem::find(&rest[4..], b"-->").map_or(rest.len() - 4, |e| e + 3);
                continue;
            }
            let end_tag = rest.get(1) == Some(&b'/');
            let name_from = lt + 1 + usize::from(end_tag);
            let name_len = bytes[name_from..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
                // `<!doctype`, `<?xml`, a bare `<`: not a tag we track.
                let gt = memchr::memchr(b'>', &bytes[lt + 1..]).map_or(bytes.len(), |g| lt + 2 + g);
                if rest.get(1).is_some_and(|b| matches!(b, b'!' | b'?')) {
                    self.at = gt;
                } else {
                    text += 1;
                    self.at = lt + 1;
                }
                continue;
            }
            let name = &bytes[name_from..name_from + name_len];
            let gt = tag_end(bytes, name_from + name_len);
            let self_closing = gt >= 2 && bytes[gt - 2] == b'/';
            self.at = gt;
            if !end_tag && RAW.iter().any(|r| name.eq_ignore_ascii_case(r)) {
                // Its content up to `</name`.
                let mut close = b"</".to_vec();
                close.extend(name.iter().map(u8::to_ascii_lowercase));
                let found = find_ignore_case(&bytes[gt..], &close);
                self.at = found.map_or(bytes.len(), |f| gt + f);
            }
            return Some(Tag {
                start: lt,
                name,
                attributes: &bytes
                    [name_from + name_len..gt.saturating_sub(1).max(name_from + name_len)],
                end_tag,
                self_closing,
                text_before: text,
            });
        }
    }
}

/// Just past the `>` ending the tag whose attributes start at `from`
/// (a `>` inside a quoted attribute value does not end it).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return from + i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// `needle` (lower case) in `haystack`, in any case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let upper: Vec<u8> = needle.iter().map(u8::to_ascii_uppercase).collect();
    let a = memmem::find(haystack, needle);
    let b = memmem::find(haystack, &upper);
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book-like page: `chapters` chapters of paragraphs of Arabic.
    fn book(chapters: usize) -> String {
        let para = "<p>كان في قديم الزمان ملك عادل يحكم مدينة كبيرة، وكان الناس يحبونه لأنه لا يظلم أحدا.</p>\n";
        let mut html = String::from(
            "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
             <title>كتاب</title><style>p > b { color: red }</style></head><body>\n",
        );
        for c in 0..chapters {
            html += &format!("<h2>الفصل {c}</h2>\n<ul><li>أ</li><li>ب</li></ul>\n");
            html += &para.repeat(40);
        }
        html + "</body></html>\n"
    }

    #[test]
    fn a_long_page_is_cut_before_a_paragraph_or_heading() {
        let html = book(300);
        let at = cut(html.as_bytes()).expect("cut");
        assert!(
            (FIRST_PART_BYTES..FIRST_PART_BYTES + 8 * 1024).contains(&at),
            "{at}"
        );
        let rest = &html[at..];
        assert!(
            rest.starts_with("<p>") || rest.starts_with("<h2>"),
            "{}",
            &rest[..20]
        );
    }

    #[test]
    fn short_pages_and_readability_pages_are_read_whole() {
        assert_eq!(cut(book(2).as_bytes()), None);
        // Long, but with little text (Readability reads it).
        let mut html = book(5);
        html.insert_str(
            html.find("<body>").unwrap() + 6,
            &format!("<script>{}</script>", "var x = '<p>';".repeat(200_000)),
        );
        assert_eq!(cut(html.as_bytes()), None);
    }

    #[test]
    fn never_inside_a_list_a_table_or_a_quotation() {
        let para = "<p>نص طويل من الكلمات العربية المتتالية في فقرة واحدة.</p>";
        let mut html = String::from("<html><body><blockquote>");
        html += &para.repeat(2000);
        html += "</blockquote><table><tr><td>";
        html += &para.repeat(10);
        html += "</td></tr></table>";
        let after = html.len();
        html += &para.repeat(40_000);
        html += "</body></html>";
        let at = cut(html.as_bytes()).expect("cut");
        assert_eq!(
            at, after,
            "the first paragraph after the quotation and the table"
        );
    }

    #[test]
    fn what_comes_after_the_cut_can_keep_a_page_whole() {
        let base = book(300);
        assert!(cut(base.as_bytes()).is_some());
        for late in [
            "<script type=\"application/ld+json\">{}</script>",
            "<details><summary>س</summary>ج</details>",
            "<p>نص<sup><a href=\"#n1\">1</a></sup></p>",
            "<main><p>x</p></main>",
            "<article><p>x</p></article>",
        ] {
            let html = base.replace("</body>", &format!("{late}</body>"));
            assert_eq!(cut(html.as_bytes()), None, "{late}");
        }
        // One `<article>` (or `<main>`) opened before the cut and closed
        // after it is the content, in both parts.
        for (open, close) in [("<article>", "</article>"), ("<main>", "</main>")] {
            let html = base
                .replacen("<h2>", &format!("{open}<h2>"), 1)
                .replace("</body>", &format!("{close}</body>"));
            assert!(cut(html.as_bytes()).is_some(), "{open}");
        }
    }

    #[test]
    fn comments_scripts_and_quoted_brackets_are_not_tags() {
        let mut html =
            String::from("<html><body><!-- <ul> --><script>if (a < b) { '<ol>' }</script>");
        html += "<p title=\"a > b\">x</p>";
        html += &"<p>نص طويل من الكلمات العربية المتتالية في فقرة واحدة.</p>".repeat(40_000);
        // No list was opened by the comment or the script: a cut is found.
        assert!(cut(html.as_bytes()).is_some());
        let mut lexer = Lexer::new(b"<p title=\"a > b\">x</p><br/>");
        let t = lexer.next_tag().unwrap();
        assert_eq!((t.name, t.end_tag), (&b"p"[..], false));
        let t = lexer.next_tag().unwrap();
        assert_eq!((t.name, t.end_tag, t.text_before), (&b"p"[..], true, 1));
        let t = lexer.next_tag().unwrap();
        assert!(t.self_closing);
    }
}
