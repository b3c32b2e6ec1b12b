//! Grapheme clusters of the shaped text: the units that are measured,
//! wrapped and reordered. Reordering by cluster rather than by char is what
//! keeps tashkeel after its letter (UAX #9 L3), since a terminal attaches a
//! combining mark to the cell before it.

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

/// Splits `text` into grapheme clusters with their widths and kinds.
pub fn clusters(text: &str) -> Vec<Cluster> {
    let mut out = Vec::with_capacity(text.len() / 2 + 1);
    for (start, g) in text.grapheme_indices(true) {
        let (kind, width) = classify(g);
        out.push(Cluster {
            start: start as u32,
            end: (start + g.len()) as u32,
            width,
            kind,
        });
    }
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
