//! Line building: the clusters of one wrapped line written out in their
//! display order as a [`VisualLine`], each glyph with the logical byte
//! range it shows and its inline style, mirrored in right-to-left runs
//! (UAX #9 L4), controls made visible, bidi controls dropped (visual order)
//! or kept balanced ([`OpenControls`], logical order), and RTL lines
//! right-aligned.
//!
//! The last stage, and the one that writes the output: kept apart from the
//! paths that produce clusters and levels so that both paths share it.

use super::Info;
use super::controls::OpenControls;
use super::options::LayoutOptions;
use crate::text::cluster::{Cluster, ClusterKind};
use crate::text::direction::Direction;
use crate::text::props::MIRRORED;
use crate::text::rich::Style;
use crate::text::visual::{Glyph, VisualLine};
use std::ops::Range;

/// The display order of a line's clusters.
pub(super) enum Order<'a> {
    /// All at the paragraph level: in logical order, or reversed.
    Run { reversed: bool },
    /// Cluster indices and levels, left to right.
    Items(&'a [(usize, u8)]),
}

/// Builds the visual lines of one paragraph.
pub(super) struct LineBuilder<'a> {
    pub(super) shaped: &'a str,
    pub(super) clusters: &'a [Cluster],
    pub(super) info: &'a [Info],
    pub(super) para_level: u8,
    pub(super) styles: &'a [(Range<usize>, Style)],
    /// The style of the whole text when it has one.
    pub(super) single_style: Option<Style>,
    pub(super) visual: bool,
    /// Logical order with resolved levels, each glyph mirrored at its own
    /// (`LayoutOptions::mirror_logical` in a paragraph of mixed levels).
    pub(super) logical_levels: bool,
    /// The column width, at least 1.
    pub(super) column: usize,
    pub(super) opts: &'a LayoutOptions,
    /// Record the glyphs: asked for, or needed to justify.
    pub(super) glyphs: bool,
}

impl LineBuilder<'_> {
    fn style_at(&self, offset: usize) -> Style {
        if let Some(style) = self.single_style {
            return style;
        }
        let i = self.styles.partition_point(|(r, _)| r.end <= offset);
        self.styles.get(i).map(|(_, s)| *s).unwrap_or_default()
    }

    /// The visual line of the clusters `line`, shown in `order`, written
    /// into `out` (cleared first; its buffers are reused).
    pub(super) fn line(
        &self,
        line: Range<usize>,
        order: Order,
        direction: Direction,
        open: &mut OpenControls,
        out: &mut VisualLine,
    ) {
        // Shaping makes at most three bytes of two.
        let bytes = match (self.info.get(line.start), line.end.checked_sub(1)) {
            (Some(first), Some(last)) => {
                let logical = self.info[last].source.1.saturating_sub(first.source.0) as usize;
                logical + logical / 2
            }
            _ => 0,
        };
        out.text.clear();
        out.text.reserve(bytes);
        out.glyphs.clear();
        out.glyphs.reserve(line.len());
        out.width = 0;
        out.indent = 0;
        let logical = !self.visual;
        if logical {
            // Riding on the first glyph, like the controls it repeats.
            out.text.extend(open.stack.iter());
        }
        let level = self.para_level;
        match order {
            Order::Run { reversed: true } => {
                for k in line.rev() {
                    self.push_glyph(out, k, level, open);
                }
            }
            Order::Run { reversed: false } if self.logical_levels => {
                for k in line {
                    self.push_glyph(out, k, self.info[k].level, open);
                }
            }
            Order::Run { reversed: false } => {
                for k in line {
                    self.push_glyph(out, k, level, open);
                }
            }
            Order::Items(items) => {
                for &(k, level) in items {
                    self.push_glyph(out, k, level, open);
                }
            }
        }
        if logical {
            open.close(&mut out.text);
            if let Some(last) = out.glyphs.last_mut() {
                last.end = out.text.len() as u32;
            }
        }
        if direction.is_rtl() {
            out.indent = self.opts.width.saturating_sub(out.width);
        }
    }

    #[inline(always)]
    fn push_glyph(&self, out: &mut VisualLine, k: usize, level: u8, open: &mut OpenControls) {
        let c = self.clusters[k];
        let info = &self.info[k];
        let width = if info.glyph != '\0'
            && info.flags & MIRRORED == 0
            && usize::from(c.width) <= self.column
        {
            // Most glyphs: one char shown as it is.
            out.text.push(info.glyph);
            usize::from(c.width)
        } else {
            let mirrored = info.flags & MIRRORED != 0;
            match self.push_other(&mut out.text, c, info.glyph, level, mirrored, open) {
                Some(width) => width,
                None => return,
            }
        };
        let (source_start, source_end) = info.source;
        out.width += width;
        if !self.glyphs {
            return;
        }
        out.glyphs.push(Glyph {
            end: out.text.len() as u32,
            source_start,
            source_end,
            width: width as u16,
            style: self.style_at(source_start as usize),
        });
    }

    /// Writes any other cluster (kept out of the loop above); its width,
    /// or `None` when it is not shown at all.
    #[inline(never)]
    fn push_other(
        &self,
        text: &mut String,
        c: Cluster,
        glyph: char,
        level: u8,
        mirrored: bool,
        open: &mut OpenControls,
    ) -> Option<usize> {
        let mut buf = [0; 4];
        let g = if c.start == c.end {
            // A one-char cluster of the simple path.
            glyph.encode_utf8(&mut buf)
        } else {
            &self.shaped[c.start as usize..c.end as usize]
        };
        let width = usize::from(c.width);
        match c.kind {
            ClusterKind::Text if width > self.column => {
                // Wider than the whole column: a one-cell stand-in.
                text.push('\u{FFFD}');
                return Some(1);
            }
            // A cluster with a mirrored char (a bracket) at a right-to-left
            // level; others (a letter and its harakat) are copied whole.
            ClusterKind::Text
                if mirrored && (self.visual || self.opts.mirror_logical) && level % 2 == 1 =>
            {
                text.extend(g.chars().map(mirror))
            }
            ClusterKind::Text => text.push_str(g),
            ClusterKind::Space => text.extend(std::iter::repeat_n(' ', width)),
            ClusterKind::Control => text.push(control_picture(g)),
            // Removed by X9: shown, they would let a terminal reorder again.
            ClusterKind::BidiControl if self.visual => return None,
            ClusterKind::BidiControl => g.chars().for_each(|c| open.feed(c, text)),
        }
        Some(width)
    }
}

/// UAX #9 L4: a mirrored glyph for characters in right-to-left runs, since
/// terminals do not mirror.
fn mirror(c: char) -> char {
    // Arabic letters and presentation forms are never mirrored: skip the
    // table search for the characters that fill an Arabic line.
    if matches!(c as u32, 0x0600..=0x06FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF) {
        return c;
    }
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

/// A visible stand-in for a control character: its Control Picture (␛ for
/// ESC), ␡ for DEL, U+FFFD for C1 controls.
fn control_picture(g: &str) -> char {
    let c = g.chars().find(|c| c.is_control()).unwrap_or('\u{FFFD}');
    match c as u32 {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}
