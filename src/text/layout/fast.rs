//! The fast path, for paragraphs made only of simple bases and marks (most
//! Arabic and Latin prose: [`SIMPLE_BASE`](crate::text::props::SIMPLE_BASE)
//! and [`SIMPLE_MARK`]) and none of the classes qari's resolver leaves to
//! unicode-bidi (explicit formatting, BN, B, S): shaping and clustering in
//! one pass over the analysed [`Char`]s, and levels from qari's own
//! resolver ([`Resolver`](crate::text::levels::Resolver)).
//!
//! Why a path of its own: the general steps (shape, grapheme clusters,
//! unicode-bidi) allocate and search per char, which dominated the cost of
//! laying out a book. It must give exactly what the general path gives; a
//! property test in [`super`] lays out random text both ways.

use super::analysis::{Char, JOINS_PREV};
use super::{Info, Scratch};
use crate::text::cluster::{Cluster, ClusterKind, is_bidi_control};
use crate::text::props::{SHAPES, SIMPLE_BASE, SIMPLE_MARK, SIMPLE_PREPEND, TRANSPARENT};
use crate::text::shape::{LAM, form_index, form_of, lam_alef_forms};

impl Scratch {
    /// Shapes and clusters text made only of simple bases and marks in one
    /// pass: a cluster is a base and the marks after it (as in
    /// [`crate::text::cluster`]), a lam-alef ligature a cluster of its own.
    /// Gives exactly what [`Scratch::general_clusters`] gives, or returns
    /// false (and the general path must run) for a prepended mark
    /// ([`SIMPLE_PREPEND`]) that is not before an unshaped simple base or
    /// at the end: a verse number's digits after an end of ayah are its
    /// cluster (two cells), anything else is left to the general path.
    pub(super) fn simple_clusters(&mut self, text_len: usize, shaping: bool) -> bool {
        let Scratch {
            chars,
            shaped,
            clusters,
            info,
            ..
        } = self;
        shaped.clear();
        clusters.clear();
        info.clear();
        // Shaping turns two bytes into three at most.
        shaped.reserve(text_len + text_len / 2);
        clusters.reserve(chars.len());
        info.reserve(chars.len());
        let mut i = 0;
        while let Some(&ch) = chars.get(i) {
            if ch.props.has(SIMPLE_MARK) {
                match (clusters.last_mut(), info.last_mut()) {
                    (Some(last), Some(inf)) => {
                        if last.start == last.end {
                            // Its one char, not written yet (see below).
                            last.start = shaped.len() as u32;
                            shaped.push(inf.glyph);
                        }
                        shaped.push(ch.c);
                        last.end = shaped.len() as u32;
                        if last.kind == ClusterKind::Space {
                            // A mark on a space makes it visible text (one cell).
                            last.kind = ClusterKind::Text;
                        }
                        inf.source.1 = ch.end();
                        inf.extend(ch.props.flags);
                    }
                    _ => {
                        let start = shaped.len() as u32;
                        shaped.push(ch.c);
                        clusters.push(Cluster {
                            start,
                            end: shaped.len() as u32,
                            width: 0,
                            kind: ClusterKind::Text,
                        });
                        info.push(Info::of_char(&ch, i));
                    }
                }
                i += 1;
                continue;
            }
            if ch.props.has(SIMPLE_PREPEND) {
                let start = shaped.len() as u32;
                let mut inf = Info::of_char(&ch, i);
                let mut width = 1;
                shaped.push(ch.c);
                if let Some(next) = chars.get(i + 1) {
                    let shapes = shaping && next.props.join & SHAPES != 0;
                    if !next.props.has(SIMPLE_BASE) || next.c == ' ' || shapes {
                        return false;
                    }
                    shaped.push(next.c);
                    inf.extend(next.props.flags);
                    inf.source.1 = next.end();
                    width = 2;
                }
                clusters.push(Cluster {
                    start,
                    end: shaped.len() as u32,
                    width,
                    kind: ClusterKind::Text,
                });
                info.push(inf);
                i += 2;
                continue;
            }
            // The text of a cluster that is one char is not written to
            // `shaped`: its `glyph` is enough, and most clusters are one
            // char. It is written when a mark comes.
            let start = shaped.len() as u32;
            // Arabic letters and their presentation forms share their bidi
            // class and have none of the flags (a test checks it), so the
            // logical char's properties stand for the shaped one's.
            let mut inf = Info::of_char(&ch, i);
            let mut next = i + 1;
            if shaping && ch.props.join & SHAPES != 0 {
                if ch.c == LAM
                    && let Some((j, row)) = lam_alef(chars, i)
                {
                    inf.glyph = row[form_index(ch.links & JOINS_PREV != 0, false)];
                    // Marks between lam and alef follow the ligature.
                    if j > i + 1 {
                        shaped.push(inf.glyph);
                        for m in &chars[i + 1..j] {
                            shaped.push(m.c);
                            inf.extend(m.props.flags);
                        }
                    }
                    inf.source.1 = chars[j].end();
                    next = j + 1;
                } else {
                    inf.glyph = form_of(ch.c, ch.form());
                }
            }
            clusters.push(Cluster {
                start,
                end: shaped.len() as u32,
                width: 1,
                kind: if ch.c == ' ' {
                    ClusterKind::Space
                } else {
                    ClusterKind::Text
                },
            });
            info.push(inf);
            i = next;
        }
        true
    }

    /// UAX #9 resolved levels per cluster by
    /// [`Resolver`](crate::text::levels::Resolver), on the logical chars:
    /// shaping keeps every class (letters and forms are all AL) and a
    /// lam-alef ligature resolves as its lam, the first char of its cluster.
    pub(super) fn resolve_simple_levels(&mut self, para_level: u8) {
        let chars = &self.chars;
        // The classes side by side, for the resolver's passes.
        self.classes.clear();
        self.classes.extend(chars.iter().map(|c| c.props.class));
        self.resolver
            .resolve(&self.classes, |i| chars[i].c, para_level, &mut self.levels);
        for info in &mut self.info {
            info.level = self.levels[info.first as usize];
        }
    }
}

/// When the lam at `i` is followed (past transparent marks) by an alef that
/// forms a ligature with it, that alef's index and the ligature's forms.
/// (The rule of [`shape`](crate::text::shape::shape), on the analysed chars.)
fn lam_alef(chars: &[Char], i: usize) -> Option<(usize, &'static [char; 4])> {
    // A bidi control between them (transparent for joining) blocks the
    // ligature, which would otherwise swallow it into one cell.
    let j = (i + 1..chars.len())
        .find(|&k| chars[k].props.join & TRANSPARENT == 0 || is_bidi_control(chars[k].c))?;
    lam_alef_forms(chars[j].c).map(|row| (j, row))
}
