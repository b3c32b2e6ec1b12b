//! Reordering one line for display: UAX #9 rules L1 and L2
//! (<https://www.unicode.org/reports/tr9/#Reordering_Resolved_Levels>),
//! applied to grapheme clusters rather than chars so that rule L3 holds
//! (combining marks stay after their base). Mirroring (L4) is applied by
//! [`super::visual`] to clusters that end at an odd level.
//!
//! unicode-bidi resolves the levels of the whole paragraph; its own line
//! reordering clones the paragraph's levels for every line, which is quadratic
//! on long paragraphs, and it reorders by char, so qari does L1–L2 here.

use super::bidi_class::bidi_class;
use super::cluster::{Cluster, ClusterKind};
use std::ops::Range;
use unicode_bidi::BidiClass;

/// How a cluster takes part in rule L1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum L1Class {
    /// Segment or paragraph separator: reset to the paragraph level.
    Separator,
    /// White space, isolate formatting or a char removed by X9: reset when
    /// it precedes a separator or the end of the line.
    Trailing,
    /// Anything else.
    Other,
}

/// The L1 class of a cluster of kind `kind` whose first char has bidi class `class`.
pub(crate) fn l1_class_of(class: BidiClass, kind: ClusterKind) -> L1Class {
    match class {
        BidiClass::S | BidiClass::B => L1Class::Separator,
        BidiClass::WS
        | BidiClass::LRI
        | BidiClass::RLI
        | BidiClass::FSI
        | BidiClass::PDI
        | BidiClass::BN
        | BidiClass::LRE
        | BidiClass::RLE
        | BidiClass::LRO
        | BidiClass::RLO
        | BidiClass::PDF => L1Class::Trailing,
        _ if kind == ClusterKind::Space => L1Class::Trailing,
        _ => L1Class::Other,
    }
}

fn l1_class(text: &str, c: &Cluster) -> L1Class {
    let first = text[c.start as usize..].chars().next().unwrap_or(' ');
    l1_class_of(bidi_class(first), c.kind)
}

/// The clusters of `line` in visual order (left to right), each with its
/// level after L1; `levels` holds the resolved level of every cluster of
/// the paragraph.
pub fn reorder_line(
    text: &str,
    clusters: &[Cluster],
    levels: &[u8],
    line: Range<usize>,
    para_level: u8,
) -> Vec<(usize, u8)> {
    let mut items = Vec::with_capacity(line.len());
    reorder_with(
        line,
        para_level,
        |k| levels[k],
        |k| l1_class(text, &clusters[k]),
        &mut items,
    );
    items
}

/// [`reorder_line`] into `items` (cleared first), with the resolved level
/// and the L1 class of cluster `k` given by `level(k)` and `l1(k)`: the
/// layout keeps both per cluster.
pub(crate) fn reorder_with(
    line: Range<usize>,
    para_level: u8,
    level: impl Fn(usize) -> u8,
    l1: impl Fn(usize) -> L1Class,
    items: &mut Vec<(usize, u8)>,
) {
    items.clear();
    items.extend(line.map(|k| (k, level(k))));
    // L1. Walking backwards, `reset` is true while inside a run of white
    // space that reaches a separator or the end of the line.
    let mut reset = true;
    for (k, lv) in items.iter_mut().rev() {
        match l1(*k) {
            L1Class::Separator => {
                *lv = para_level;
                reset = true;
            }
            L1Class::Trailing if reset => *lv = para_level,
            L1Class::Trailing => {}
            L1Class::Other => reset = false,
        }
    }
    let Some(max) = items.iter().map(|&(_, l)| l).max() else {
        return;
    };
    let lowest_odd = items
        .iter()
        .map(|&(_, l)| if l % 2 == 1 { l } else { l + 1 })
        .min()
        .unwrap_or(1);
    // L2: from the highest level down to the lowest odd level, reverse every
    // maximal run at that level or higher.
    for level in (lowest_odd..=max).rev() {
        let mut i = 0;
        while i < items.len() {
            if items[i].1 < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < items.len() && items[i].1 >= level {
                i += 1;
            }
            items[start..i].reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::cluster::clusters;

    fn order(text: &str, levels: &[u8], para: u8) -> Vec<usize> {
        let c = clusters(text);
        reorder_line(text, &c, levels, 0..c.len(), para)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn rtl_run_is_reversed() {
        assert_eq!(order("abc", &[1, 1, 1], 1), [2, 1, 0]);
    }

    #[test]
    fn numbers_inside_rtl_keep_their_order() {
        // R R EN EN at levels 1 1 2 2 → digits stay left to right.
        assert_eq!(order("ab12", &[1, 1, 2, 2], 1), [2, 3, 1, 0]);
    }

    #[test]
    fn trailing_whitespace_takes_paragraph_level() {
        // LTR paragraph ending in an RTL word and a space: the space (level 1
        // before L1) is reset to 0 and stays at the end.
        let c = clusters("ab ");
        let out = reorder_line("ab ", &c, &[1, 1, 1], 0..3, 0);
        assert_eq!(out, [(1, 1), (0, 1), (2, 0)]);
    }
}
