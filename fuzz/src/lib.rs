//! Shared by qari's fuzz targets: how an input's first two bytes choose the
//! width and engine options, and the checks every target makes on the output.
//!
//! Checks fail by panicking (libFuzzer reports a panic as a crash), with a
//! message that shows the offending line, so a crash file explains itself.

use qari::doc::{ComposeOptions, Composed, FaqMode, compose_article, compose_faq};
use qari::labels::{Labels, UiLang};
use qari::import::{Format, load_bytes};
use qari::text::{Direction, LayoutOptions, Ordering, ParaDirMode, ParagraphLayout};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The widest column tried: wider than any terminal qari is likely to meet.
pub const MAX_WIDTH: usize = 300;

/// Options decoded from a two-byte header.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    /// Width in cells, 1..=[`MAX_WIDTH`].
    pub width: usize,
    /// Engine options (`width` already set).
    pub layout: LayoutOptions,
    /// Whether the FAQ is expanded into the article (the dump) or left out
    /// (the reader, which then composes it in its own pane).
    pub faq: FaqMode,
    /// Language of qari's own labels.
    pub ui_lang: UiLang,
}

/// Splits `data` into a header and the rest. The low 9 bits of the first
/// two bytes (little-endian) give the width; the high bits give shaping,
/// ordering, paragraph-direction mode, document direction, FAQ mode and
/// label language. Inputs shorter than two bytes get width 80, defaults.
pub fn header(data: &[u8]) -> (Header, &[u8]) {
    let (bits, rest) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]), rest),
        _ => (79, data),
    };
    let width = 1 + usize::from(bits & 0x1FF) % MAX_WIDTH;
    let bit = |n: u16| bits & (1 << n) != 0;
    let para_dir = match (bit(11), bit(12)) {
        (false, false) => ParaDirMode::Words,
        (true, true) => ParaDirMode::Majority,
        (true, false) => ParaDirMode::FirstStrong,
        (false, true) => ParaDirMode::Document,
    };
    let layout = LayoutOptions {
        width,
        // Shaping is on unless bit 9 is set: the default is what most
        // readers run with, so it should get most of the executions.
        shaping: !bit(9),
        ordering: if bit(10) {
            Ordering::Logical
        } else {
            Ordering::Visual
        },
        para_dir,
        document_dir: if bit(13) {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        // No header bit is left: odd widths are justified with kashida.
        justify: width % 2 == 1,
        ..LayoutOptions::default()
    };
    let h = Header {
        width,
        layout,
        faq: if bit(14) {
            FaqMode::Omit
        } else {
            FaqMode::Expanded
        },
        ui_lang: if bit(15) { UiLang::Ar } else { UiLang::En },
    };
    (h, rest)
}

/// A C0 or C1 control (U+0000–U+001F, U+007F–U+009F): ESC and its kin must
/// never reach the terminal from article text.
pub fn is_c0_c1(c: char) -> bool {
    c.is_control()
}

/// Explicit bidi formatting characters, which visual output must not hold
/// (a terminal would reorder the already reordered line again).
fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Display width as the engine measures it: the sum of each grapheme
/// cluster's width.
pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Checks one laid-out paragraph of `input` at `opts`.
pub fn check_layout(input: &str, layout: &ParagraphLayout, opts: &LayoutOptions) {
    let width = opts.width.max(1);
    for line in &layout.lines {
        assert!(
            line.indent + line.width <= width,
            "line {:?} (indent {}, width {}) wider than {width}",
            line.text,
            line.indent,
            line.width
        );
        let cells: usize = line.glyphs.iter().map(|g| usize::from(g.width)).sum();
        assert_eq!(cells, line.width, "glyph widths of {:?}", line.text);
        if let Some(c) = line.text.chars().find(|&c| is_c0_c1(c)) {
            panic!("control {c:?} in line {:?}", line.text);
        }
        if opts.ordering == Ordering::Visual
            && let Some(c) = line.text.chars().find(|&c| is_bidi_format(c))
        {
            panic!("bidi control {c:?} in visual line {:?}", line.text);
        }
        // Glyphs tile the text left to right, and each maps back to a
        // slice of the input (so `glyph_text` and highlights cannot panic).
        let mut at = 0;
        for (i, g) in line.glyphs.iter().enumerate() {
            let end = g.end as usize;
            assert!(
                at <= end && line.text.is_char_boundary(end),
                "glyph {i} end {end} of {:?}",
                line.text
            );
            at = end;
            assert!(
                input.get(g.source()).is_some(),
                "glyph {i} source {:?} outside the input ({} bytes)",
                g.source(),
                input.len()
            );
        }
        assert_eq!(at, line.text.len(), "glyphs do not cover {:?}", line.text);
    }
}

/// Checks composed rows against `width`: none wider (as counted by the
/// composer and as measured), none holding a control character.
pub fn check_rows(composed: &Composed, width: usize) {
    for row in &composed.rows {
        assert!(
            row.width <= width,
            "row {:?} claims width {} > {width}",
            row.text,
            row.width
        );
        let measured = display_width(&row.text);
        assert!(
            measured <= width,
            "row {:?} is {measured} cells wide > {width}",
            row.text
        );
        if let Some(c) = row.text.chars().find(|&c| is_c0_c1(c)) {
            panic!("control {c:?} in row {:?}", row.text);
        }
        for run in &row.runs {
            assert!(
                row.text.get(run.range.clone()).is_some(),
                "run {:?} outside row {:?}",
                run.range,
                row.text
            );
        }
    }
}

/// The import targets: header, then the document in `format`. When it
/// loads, the article is composed (and its FAQ pane with every answer open)
/// and the rows checked.
pub fn import(data: &[u8], format: Format) {
    let (h, doc) = header(data);
    let Ok(article) = load_bytes(doc, format, "fuzz") else {
        return;
    };
    let opts = ComposeOptions {
        width: h.width,
        layout: h.layout,
        labels: Labels::of(h.ui_lang),
        faq: h.faq,
        // The dump numbers links; the reader does not.
        link_refs: h.faq == FaqMode::Expanded,
        syntax: qari::doc::SyntaxColors::Wait,
    };
    check_rows(&compose_article(&article, &opts), h.width);
    if h.faq == FaqMode::Omit {
        // The reader's FAQ pane, every answer open.
        let open = vec![true; article.faq.len()];
        check_rows(&compose_faq(&article, &opts, &open, None), h.width);
    }
}
