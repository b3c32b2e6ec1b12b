//! Grapheme clusters of the shaped text: the units that are measured,
//! wrapped and reordered. Reordering by cluster rather than by char is what
//! keeps tashkeel after its letter (UAX #9 L3), since a terminal attaches a
//! combining mark to the cell before it.

use super::props::{self, SIMPLE_BASE, SIMPLE_MARK};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What a cluster is, for breaking and display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterKind {
    /// Visible text.
    Text,
    /// Breaking white space (space, tab, other spaces, separators); shown as spaces.
    Space,
    /// A bidi formatting character: removed by UAX #9 X9, never shown in visual order.
    BidiControl,
    /// A control character that must never reach a terminal; shown as a picture.
    Control,
}

/// One grapheme cluster of the shaped text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Byte offset of the cluster in the shaped text.
    pub start: u32,
    /// Byte offset just past the cluster.
    pub end: u32,
    /// Display width in terminal cells.
    pub width: u16,
    /// What the cluster is.
    pub kind: ClusterKind,
}

/// Breaking white space: UAX #14 classes SP/BA spaces and separators, but not
/// the no-break spaces (U+00A0, U+2007, U+202F).
pub fn is_breaking_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'..='\u{1F}'
            | '\u{85}'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Explicit bidi formatting characters and marks (LRE…RLO, PDF, LRI…PDI, LRM, RLM, ALM).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn classify(g: &str) -> (ClusterKind, u16) {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return (ClusterKind::Text, 0);
    };
    let single = chars.next().is_none() || g == "\r\n";
    if single && is_breaking_space(first) {
        let width = if first == '\u{3000}' { 2 } else { 1 };
        return (ClusterKind::Space, width);
    }
    if single && is_bidi_control(first) {
        return (ClusterKind::BidiControl, 0);
    }
    if g.chars().any(char::is_control) {
        return (ClusterKind::Control, 1);
    }
    let width = u16::try_from(g.width()).unwrap_or(u16::MAX);
    (ClusterKind::Text, width)
}

/// Combining marks of the Arabic block and the generic combining diacritics:
/// they extend the cluster before them and take no cell.
pub(crate) fn is_simple_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
            | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED)
}

/// Arabic prepended concatenation marks of one cell (the number sign, the
/// year sign … U+0600–U+0604, and the end of ayah U+06DD): UAX #29 GB9b
/// joins them to the char after, typically the digits of a verse number.
pub(crate) fn is_simple_prepend(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{604}' | '\u{6DD}')
}

/// One-cell characters that always start a cluster: printable ASCII and
/// Latin-1, Arabic letters, digits and punctuation, presentation forms, and
/// the dashes and quotes of prose.
pub(crate) fn is_simple_base(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0xAC | 0xAE..=0xFF
            | 0x060C..=0x060F | 0x061B | 0x061D..=0x061F | 0x0620..=0x064A | 0x0660..=0x066F
            | 0x0671..=0x06D5 | 0x06DE | 0x06E5..=0x06E6 | 0x06E9 | 0x06EE..=0x06FF
            | 0x2010..=0x2015 | 0x2018..=0x2022 | 0x2026
            | 0xFB50..=0xFDCF | 0xFDF0..=0xFDFF | 0xFE70..=0xFE74 | 0xFE76..=0xFEFC)
}

/// Whether `c` is a simple base ([`SIMPLE_BASE`]) or a simple mark
/// ([`SIMPLE_MARK`]), or neither (0), read from the property table: every
/// simple char is in it.
#[inline]
fn simple_flags(c: char) -> u8 {
    props::cached(c).map_or(0, |p| p.flags & (SIMPLE_BASE | SIMPLE_MARK))
}

/// Splits `text` into grapheme clusters with their widths and kinds.
///
/// Simple bases and marks (most Arabic and Latin prose) are clustered by
/// hand: a base and the marks after it. Segmenting by the full grapheme
/// rules was the largest cost of layout after bidi; for these characters
/// the rules reduce to this (UAX #29 GB9: × Extend). Any other char sends
/// the stretch around it, from the last boundary known for sure to the
/// next one, through the full rules (UAX #29 by unicode-segmentation).
///
/// A boundary is known for sure before a simple base that follows a simple
/// char: no rule joins them. The rules that look further back (GB9c, GB11,
/// GB12–GB13) all need a char just before the boundary that is not simple
/// (a linker, a ZWJ, a regional indicator) or a consonant after it, which
/// no simple base is. A test compares the two on random text.
pub fn clusters(text: &str) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::with_capacity(text.len() / 2 + 1);
    // The last boundary known for sure: every cluster from it on may be
    // segmented again.
    let mut sure = 0;
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let end = at + c.len_utf8();
        match simple_flags(c) {
            SIMPLE_MARK => match out.last_mut() {
                Some(last) => {
                    last.end = end as u32;
                    if last.kind == ClusterKind::Space {
                        // A mark on a space makes it visible text (one cell).
                        last.kind = ClusterKind::Text;
                    }
                }
                None => out.push(Cluster {
                    start: at as u32,
                    end: end as u32,
                    width: 0,
                    kind: ClusterKind::Text,
                }),
            },
            SIMPLE_BASE => {
                // It follows a simple char, or starts the text.
                sure = at;
                let kind = if c == ' ' {
                    ClusterKind::Space
                } else {
                    ClusterKind::Text
                };
                out.push(Cluster {
                    start: at as u32,
                    end: end as u32,
                    width: 1,
                    kind,
                });
            }
            _ => {
                // The stretch from `sure` to the next sure boundary, by the
                // full rules.
                while out.last().is_some_and(|l| l.start as usize >= sure) {
                    out.pop();
                }
                let mut stop = text.len();
                let mut prev = false;
                for (i, c) in text[end..].char_indices() {
                    let flags = simple_flags(c);
                    if prev && flags == SIMPLE_BASE {
                        stop = end + i;
                        break;
                    }
                    prev = flags != 0;
                }
                push_graphemes(text, sure..stop, &mut out);
                // The char at `stop` is a simple base after a simple char.
                at = stop;
                continue;
            }
        }
        at = end;
    }
    out
}

/// The clusters of `text[range]` by the full rules, `range` starting and
/// ending at boundaries of `text`.
fn push_graphemes(text: &str, range: Range<usize>, out: &mut Vec<Cluster>) {
    for (start, g) in text[range.clone()].grapheme_indices(true) {
        let (kind, width) = classify(g);
        let start = range.start + start;
        out.push(Cluster {
            start: start as u32,
            end: (start + g.len()) as u32,
            width,
            kind,
        });
    }
}

/// The general path: UAX #29 extended grapheme clusters (the reference the
/// tests compare [`clusters`] with).
#[cfg(test)]
fn grapheme_clusters(text: &str) -> Vec<Cluster> {
    let mut out = Vec::with_capacity(text.len() / 2 + 1);
    push_graphemes(text, 0..text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_widths(s: &str) -> Vec<(ClusterKind, u16)> {
        clusters(s).iter().map(|c| (c.kind, c.width)).collect()
    }

    #[test]
    fn marks_stay_with_their_letter_and_have_no_width() {
        // ﺑَ (beh initial + fatha) then ﻻ: two clusters, one cell each.
        let c = clusters("\u{FE91}\u{64E}\u{FEFB}");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].start, c[0].end, c[0].width), (0, 5, 1));
        assert_eq!(c[1].width, 1);
    }

    /// The fast path gives exactly what the full grapheme rules give.
    #[test]
    fn simple_path_agrees_with_grapheme_rules() {
        let samples = [
            "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
            "\u{FEFB}\u{64E} ﺑَ ٣٫٥٪ «نعم» — “quoted” … x\u{301}",
            "\u{64E}leading mark, space\u{64E} mark, ¡Hola! ©®",
            "۱۲۳ پیک گل ے ۔ ﷲ ﷺ",
        ];
        for s in samples {
            assert_eq!(clusters(s), grapheme_clusters(s), "{s}");
        }
        // Every simple character alone, and after a base.
        for u in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if is_simple_base(c) || is_simple_mark(c) {
                for s in [c.to_string(), format!("a{c}"), format!("ب{c}ب")] {
                    assert_eq!(clusters(&s), grapheme_clusters(&s), "U+{u:04X}");
                }
            }
        }
    }

    /// Pieces of text for the property test below: simple bases and marks,
    /// and what the full rules treat specially around them (prepended
    /// concatenation marks, ZWJ and ZWNJ, emoji and their modifiers,
    /// regional indicators, Hangul jamo, CR LF and controls, spacing
    /// marks, Indic consonants and viramas, marks outside the simple set).
    const PIECES: &[&str] = &[
        "ب", "ل", "ا", "ة", "a", "Z", " ", "٣", ".", "©", "®", "«", "—", "\u{FEFB}", "\u{64E}",
        "\u{651}", "\u{670}", "\u{6E1}", "\u{654}", "\u{301}", "\u{6DD}", "\u{600}", "\u{8E2}",
        "\u{8F0}", "\u{200D}", "\u{200C}", "👍", "🏽", "❤", "\u{FE0F}", "🇸", "🇦", "\u{1100}",
        "\u{1161}", "\u{11A8}", "가", "\r", "\n", "\t", "\u{1B}", "\u{AD}", "\u{903}", "क",
        "\u{94D}", "中",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, failure_persistence: None, ..Default::default() })]

        /// [`clusters`] gives exactly the full rules' clusters, widths and
        /// kinds, whatever is mixed into simple text.
        #[test]
        fn clusters_agree_with_grapheme_rules(
            v in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let text = v.concat();
            proptest::prop_assert_eq!(clusters(&text), grapheme_clusters(&text), "{:?}", text);
        }
    }

    #[test]
    fn cjk_is_two_cells() {
        assert_eq!(kinds_and_widths("中"), [(ClusterKind::Text, 2)]);
    }

    #[test]
    fn spaces_controls_and_bidi_controls() {
        use ClusterKind::*;
        assert_eq!(
            kinds_and_widths("a \t\u{202E}\u{1B}\u{A0}"),
            [
                (Text, 1),
                (Space, 1),
                (Space, 1),
                (BidiControl, 0),
                (Control, 1),
                (Text, 1)
            ]
        );
    }

    #[test]
    fn emoji_with_skin_tone_is_one_cluster() {
        let c = clusters("👍🏽");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].width, 2);
    }
}
