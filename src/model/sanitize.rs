//! Neutralises text so that nothing in an article can act as a terminal
//! control sequence or leak bidi state into neighbouring text.
//!
//! Every importer runs [`article`] on what it built, so the rest of qari may
//! assume that each string is one line of printable text whose bidi
//! embeddings, overrides and isolates are balanced:
//!
//! - tab, CR, LF, NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR become
//!   a space (importers decide where blocks end before sanitizing);
//! - other C0 controls become their visible Control Picture (ESC → ␛ U+241B,
//!   NUL → ␀ U+2400), DEL becomes ␡ (U+2421), other C1 controls become U+FFFD;
//! - U+FEFF (BOM / ZWNBSP) is removed;
//! - LRE, RLE, LRO, RLO, LRI, RLI, FSI, PDF and PDI are balanced per UAX #9
//!   (see [`BidiBalancer`]); LRM, RLM and ALM are kept.
//!
//! Link targets are not text: [`href`] keeps a target only when it is
//! harmless as written (no control, no bidi control, not too long, a
//! scheme qari can follow), and [`text`] drops every other target, so a
//! span is a link (`style.link`) exactly when it has an `href`.

use super::{Article, Block, FaqEntry, Meta, Section, Text};

const LRE: char = '\u{202A}';
const RLE: char = '\u{202B}';
const PDF: char = '\u{202C}';
const LRO: char = '\u{202D}';
const RLO: char = '\u{202E}';
const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

pub use crate::text::levels::MAX_BIDI_DEPTH;

/// The longest link target kept, in bytes. Browsers accept longer ones,
/// but a target this long is not something a reader follows by hand, and
/// the limit keeps OSC 8 sequences and the dump's reference lines short.
pub const MAX_HREF_BYTES: usize = 2048;

/// The schemes a link may name; a target without a scheme is a relative
/// reference (a local file or a `#fragment`).
pub const HREF_SCHEMES: [&str; 4] = ["http", "https", "mailto", "file"];

/// A link target as kept in the model, or `None` when it is dropped (the
/// link's text stays, as plain text). Leading and trailing blanks are
/// trimmed; a target is dropped when it is empty, longer than
/// [`MAX_HREF_BYTES`], holds a control (C0, DEL, C1), a bidi control
/// (embeddings, overrides, isolates, LRM, RLM, ALM), a line or paragraph
/// separator or a BOM, or names a scheme other than [`HREF_SCHEMES`]
/// (`javascript:`, `data:`, `vbscript:` …).
pub fn href(raw: &str) -> Option<String> {
    let target = raw.trim_matches([' ', '\t', '\n', '\r']);
    if target.is_empty() || target.len() > MAX_HREF_BYTES {
        return None;
    }
    let forbidden = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
            )
            || matches!(c, LRE | RLE | PDF | LRO | RLO | LRI | RLI | FSI | PDI)
    };
    if target.chars().any(forbidden) {
        return None;
    }
    match href_scheme(target) {
        Some(scheme) if !HREF_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) => None,
        _ => Some(target.to_owned()),
    }
}

/// `%XX` escapes decoded (invalid ones kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The scheme of `target` (RFC 3986: a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`), if it has one.
pub fn href_scheme(target: &str) -> Option<&str> {
    let (scheme, _) = target.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Sanitizes every string of an article in place.
pub fn article(article: &mut Article) {
    text(&mut article.title);
    meta(&mut article.meta);
    article.faq.iter_mut().for_each(faq_entry);
    article.sections.iter_mut().for_each(section);
    for anchor in &mut article.anchors {
        anchor.name = string(&anchor.name);
    }
}

fn meta(meta: &mut Meta) {
    for field in [
        &mut meta.source,
        &mut meta.author,
        &mut meta.date,
        &mut meta.url,
        &mut meta.language,
    ] {
        if let Some(s) = field.as_mut() {
            *s = string(s);
        }
    }
}

fn faq_entry(entry: &mut FaqEntry) {
    text(&mut entry.question);
    entry.answer.iter_mut().for_each(block);
}

fn section(section: &mut Section) {
    if let Some(heading) = section.heading.as_mut() {
        text(heading);
    }
    section.blocks.iter_mut().for_each(block);
}

/// Sanitizes every string of a block. Recursion follows quote nesting, which
/// the importers bound (serde_json's depth limit, the Markdown quote cap).
pub fn block(block: &mut Block) {
    super::walk::each_text_mut(block, &mut text);
}

/// Sanitizes rich text in place, link targets included (see [`href`]). Bidi controls are balanced across the whole
/// text, not per span: a span may legitimately open what a later one closes.
/// Terminators still open at the end are appended to the last span.
pub fn text(text: &mut Text) {
    let mut bidi = BidiBalancer::default();
    for span in &mut text.spans {
        span.href = span.href.as_deref().and_then(href);
        span.style.link = span.href.is_some();
        if is_clean(&span.text) {
            // Nothing to map, and no bidi control to change the balance.
            continue;
        }
        let mut out = String::with_capacity(span.text.len());
        for c in span.text.chars().filter_map(map_char) {
            bidi.push(c, &mut out);
        }
        span.text = out;
    }
    if let Some(last) = text.spans.last_mut() {
        bidi.finish(&mut last.text);
    }
}

/// Sanitizes a plain string (same rules as [`text`]).
pub fn string(s: &str) -> String {
    let mut t = Text::plain(s);
    text(&mut t);
    t.to_plain()
}

/// True when `s` holds nothing that [`map_char`] changes and no bidi
/// embedding, override or isolate control, so that sanitizing leaves it as
/// it is. Most text is clean, and a byte scan finds it so without decoding a
/// character. The bytes that start what must be looked at: C0 controls and
/// DEL; 0xC2, which starts the C1 controls U+0080–U+009F (NEL among them);
/// 0xE2, which starts U+2028–U+202E and U+2066–U+2069; 0xEF, which starts
/// U+FEFF. Eight bytes at a time are tested for any of them (the
/// bit tricks of <https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord>),
/// and only a word that has one is looked at byte by byte.
fn is_clean(s: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Exact for "some byte is below n" when n <= 128, and so for "some byte is zero".
    let has_less = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS != 0;
    let has_byte = |w: u64, b: u8| has_less(w ^ (ONES * u64::from(b)), 1);
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let w = u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
        // 0xC2 and 0xE2 differ only in bit 5.
        if (has_less(w, 0x20)
            || has_byte(w, 0x7F)
            || has_byte(w | (ONES * 0x20), 0xE2)
            || has_byte(w, 0xEF))
            && !bytes_clean(bytes, k * 8..k * 8 + 8)
        {
            return false;
        }
    }
    let tail = bytes.len() - words.remainder().len();
    bytes_clean(bytes, tail..bytes.len())
}

/// [`is_clean`] for the chars starting at the bytes `range` of `b`.
fn bytes_clean(b: &[u8], range: std::ops::Range<usize>) -> bool {
    range.into_iter().all(|i| match b[i] {
        0x00..=0x1F | 0x7F => false,
        0xC2 => !matches!(b.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => !matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0xA8..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        0xEF => !(b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF)),
        _ => true,
    })
}

/// Maps one character to its harmless form; `None` removes it.
fn map_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
        '\u{FEFF}' => None,
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' => Some('\u{FFFD}'),
        _ => Some(c),
    }
}

/// What an open bidi control is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// LRE, RLE, LRO or RLO: closed by PDF.
    Embedding,
    /// LRI, RLI or FSI: closed by PDI.
    Isolate,
}

/// Balances bidi controls the way UAX #9 rules X1–X8 match them.
///
/// A PDF closes the innermost opener only if it is an embedding or override
/// (never across an open isolate); a PDI closes the innermost isolate and
/// first emits a PDF for every embedding opened inside it, so the output is
/// strictly nested. Unmatched terminators are dropped. Openers beyond
/// [`MAX_BIDI_DEPTH`] are dropped together with their terminators, using
/// UAX #9's overflow counters.
#[derive(Default)]
pub struct BidiBalancer {
    stack: Vec<Opener>,
    overflow_isolates: usize,
    overflow_embeddings: usize,
}

impl BidiBalancer {
    /// Feeds one character, appending what survives to `out`.
    pub fn push(&mut self, c: char, out: &mut String) {
        match c {
            LRE | RLE | LRO | RLO => self.open(Opener::Embedding, c, out),
            LRI | RLI | FSI => self.open(Opener::Isolate, c, out),
            PDF => self.pdf(out),
            PDI => self.pdi(out),
            _ => out.push(c),
        }
    }

    /// Appends the terminators for everything still open, innermost first.
    pub fn finish(&mut self, out: &mut String) {
        while let Some(opener) = self.stack.pop() {
            out.push(terminator(opener));
        }
        self.overflow_isolates = 0;
        self.overflow_embeddings = 0;
    }

    fn open(&mut self, opener: Opener, c: char, out: &mut String) {
        let overflowing = self.stack.len() >= MAX_BIDI_DEPTH
            || self.overflow_isolates + self.overflow_embeddings > 0;
        if !overflowing {
            self.stack.push(opener);
            out.push(c);
        } else if opener == Opener::Isolate {
            self.overflow_isolates += 1;
        } else if self.overflow_isolates == 0 {
            self.overflow_embeddings += 1;
        }
    }

    fn pdf(&mut self, out: &mut String) {
        if self.overflow_isolates > 0 {
            return;
        }
        if self.overflow_embeddings > 0 {
            self.overflow_embeddings -= 1;
        } else if self.stack.last() == Some(&Opener::Embedding) {
            self.stack.pop();
            out.push(PDF);
        }
    }

    fn pdi(&mut self, out: &mut String) {
        if self.overflow_isolates > 0 {
            self.overflow_isolates -= 1;
            return;
        }
        if !self.stack.contains(&Opener::Isolate) {
            return;
        }
        self.overflow_embeddings = 0;
        while let Some(opener) = self.stack.pop() {
            out.push(terminator(opener));
            if opener == Opener::Isolate {
                break;
            }
        }
    }
}

fn terminator(opener: Opener) -> char {
    match opener {
        Opener::Embedding => PDF,
        Opener::Isolate => PDI,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Style};

    #[test]
    fn escape_becomes_visible_picture() {
        assert_eq!(string("\x1b[2J"), "␛[2J");
    }

    #[test]
    fn c0_controls_become_control_pictures() {
        assert_eq!(string("a\0b\x07c\x08d\x1f"), "a␀b␇c␈d␟");
        assert_eq!(string("\x0b\x0c"), "␋␌");
    }

    #[test]
    fn del_becomes_picture_and_c1_becomes_replacement() {
        assert_eq!(string("x\x7fy"), "x␡y");
        assert_eq!(
            string("\u{80}\u{9b}31m\u{9f}"),
            "\u{FFFD}\u{FFFD}31m\u{FFFD}"
        );
    }

    #[test]
    fn tabs_and_line_breaks_become_spaces() {
        assert_eq!(string("a\tb\nc\rd\r\ne"), "a b c d  e");
        assert_eq!(string("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
    }

    #[test]
    fn bom_is_removed() {
        assert_eq!(string("\u{FEFF}سلام\u{FEFF}"), "سلام");
    }

    #[test]
    fn marks_and_ordinary_text_are_kept() {
        let s = "قطر\u{200F} (Doha)\u{200E} \u{061C}٢٠١٠ «نص»";
        assert_eq!(string(s), s);
    }

    #[test]
    fn balanced_controls_are_kept() {
        let s = "a\u{202B}b\u{2066}c\u{2069}d\u{202C}e";
        assert_eq!(string(s), s);
    }

    #[test]
    fn unclosed_openers_are_closed_in_reverse_order() {
        assert_eq!(string("\u{202E}x"), "\u{202E}x\u{202C}");
        assert_eq!(
            string("\u{202B}a\u{2067}b\u{202D}c"),
            "\u{202B}a\u{2067}b\u{202D}c\u{202C}\u{2069}\u{202C}"
        );
    }

    #[test]
    fn unmatched_terminators_are_removed() {
        assert_eq!(string("a\u{202C}b\u{2069}c"), "abc");
    }

    #[test]
    fn pdf_does_not_close_across_an_isolate() {
        // The PDF is inside the isolate, so it cannot close the outer RLE.
        assert_eq!(
            string("\u{202B}a\u{2068}b\u{202C}c"),
            "\u{202B}a\u{2068}bc\u{2069}\u{202C}"
        );
    }

    #[test]
    fn pdi_closes_embeddings_opened_inside_its_isolate() {
        assert_eq!(
            string("\u{2067}a\u{202A}b\u{202E}c\u{2069}d"),
            "\u{2067}a\u{202A}b\u{202E}c\u{202C}\u{202C}\u{2069}d"
        );
    }

    #[test]
    fn openers_beyond_max_depth_are_dropped_with_their_terminators() {
        let deep = "\u{202B}".repeat(MAX_BIDI_DEPTH + 3);
        let input = format!("{deep}x{}y", "\u{202C}".repeat(4));
        // The 3 overflowing RLEs swallow the first 3 PDFs; the 4th closes one.
        let expected = format!(
            "{}x\u{202C}y{}",
            "\u{202B}".repeat(MAX_BIDI_DEPTH),
            "\u{202C}".repeat(MAX_BIDI_DEPTH - 1)
        );
        assert_eq!(string(&input), expected);
    }

    #[test]
    fn overflowing_isolate_swallows_its_pdi() {
        let deep = "\u{2066}".repeat(MAX_BIDI_DEPTH);
        let input = format!("{deep}\u{2067}x\u{2069}y");
        let expected = format!("{deep}xy{}", "\u{2069}".repeat(MAX_BIDI_DEPTH));
        assert_eq!(string(&input), expected);
    }

    /// The byte scan agrees with the char-by-char rules on every char
    /// below U+10000 (alone and between letters) and on the chars above.
    #[test]
    fn clean_scan_agrees_with_the_rules() {
        let changes = |c: char| {
            map_char(c) != Some(c)
                || matches!(c, LRE | RLE | PDF | LRO | RLO | LRI | RLI | FSI | PDI)
        };
        for u in (0..0x1_0000).chain([0x1_0000, 0x1F44D, 0xE_0001, 0x10_FFFF]) {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [
                c.to_string(),
                format!("a{c}ب"),
                format!("abcdefg{c}"),
                format!("بتثجحخ{c}abcdefgh"),
            ] {
                assert_eq!(is_clean(&s), !changes(c), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn balancing_spans_the_whole_text() {
        let strong = Style {
            strong: true,
            ..Style::default()
        };
        let mut t = Text {
            spans: vec![
                Span {
                    href: None,
                    text: "\u{202E}a".into(),
                    style: Style::default(),
                },
                Span {
                    href: None,
                    text: "b\u{202C}\u{2067}c".into(),
                    style: strong,
                },
            ],
        };
        text(&mut t);
        assert_eq!(t.spans[0].text, "\u{202E}a");
        assert_eq!(t.spans[1].text, "b\u{202C}\u{2067}c\u{2069}");
        assert_eq!(t.spans[1].style, strong);
    }

    #[test]
    fn href_keeps_followable_targets() {
        for ok in [
            "https://example.com/a?b=c#d",
            "HTTP://example.com",
            "mailto:a@b.example",
            "file:///tmp/a.md",
            "other.md",
            "../docs/a%20b.md",
            "#مقدمة",
            "#fn-3",
        ] {
            assert_eq!(href(ok).as_deref(), Some(ok), "{ok}");
        }
        assert_eq!(
            href("  https://x.example \n").as_deref(),
            Some("https://x.example")
        );
    }

    #[test]
    fn href_drops_other_schemes_controls_and_long_targets() {
        let at_limit = format!("https://x/{}", "a".repeat(MAX_HREF_BYTES - 10));
        assert!(href(&at_limit).is_some());
        let over = format!("{at_limit}a");
        for bad in [
            "",
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "https://x\u{1b}]52;c;AAAA\u{7}",
            "https://x\u{7}",
            "https://x\u{7f}",
            "https://x\u{9b}2J",
            "https://x/\u{202E}fdp.exe",
            "https://x/\u{2067}a",
            "https://x/\u{200F}",
            "a\tb",
            over.as_str(),
        ] {
            assert_eq!(href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn text_drops_bad_targets_and_keeps_link_in_step_with_href() {
        let link = Style {
            link: true,
            ..Style::default()
        };
        let mut t = Text::default();
        t.push_link("a", link, Some("javascript:x"));
        t.push_link("b", Style::default(), Some("https://ok.example"));
        text(&mut t);
        assert_eq!(t.spans[0].href, None);
        assert!(!t.spans[0].style.link);
        assert_eq!(t.spans[1].href.as_deref(), Some("https://ok.example"));
        assert!(t.spans[1].style.link);
    }

    #[test]
    fn article_sanitizes_every_string() {
        let mut a = Article {
            anchors: Vec::new(),
            title: "t\x1b".into(),
            meta: Meta {
                source: Some("s\n".into()),
                url: Some("u\u{9b}".into()),
                ..Meta::default()
            },
            faq: vec![FaqEntry {
                question: "q\0".into(),
                answer: vec![Block::Bullets(vec!["b\x7f".into()])],
            }],
            sections: vec![Section {
                level: 0,
                heading: Some("h\t".into()),
                blocks: vec![Block::Quote(vec![Block::Numbered(vec![
                    "n\u{202E}".into(),
                ])])],
            }],
        };
        article(&mut a);
        assert_eq!(a.title, Text::plain("t␛"));
        assert_eq!(a.meta.source.as_deref(), Some("s "));
        assert_eq!(a.meta.url.as_deref(), Some("u\u{FFFD}"));
        assert_eq!(a.faq[0].question, Text::plain("q␀"));
        assert_eq!(a.faq[0].answer, vec![Block::Bullets(vec!["b␡".into()])]);
        assert_eq!(a.sections[0].heading, Some(Text::plain("h ")));
        assert_eq!(
            a.sections[0].blocks,
            vec![Block::Quote(vec![Block::Numbered(vec![
                "n\u{202E}\u{202C}".into()
            ])])]
        );
    }
}
