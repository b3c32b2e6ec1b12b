//! The general path, for any text: [`shape`], then grapheme [`clusters`],
//! then each cluster's logical range and flags; levels by unicode-bidi
//! (UAX #9 rules P, X, W, N and I).
//!
//! Taken by paragraphs the fast path does not handle (controls, emoji,
//! CJK, explicit formatting, rare scripts), and by tests as the reference
//! the fast path is compared with.

use super::{INFO_FLAGS, Info, Scratch};
use crate::text::bidi_class::FastBidiData;
use crate::text::cluster::{ClusterKind, clusters};
use crate::text::direction::Direction;
use crate::text::levels::UNSUPPORTED;
use crate::text::props::props;
use crate::text::shape::{Shaped, shape};
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

impl Scratch {
    /// Shapes and clusters any text: [`shape`], then [`clusters`], then
    /// each cluster's logical range and flags.
    pub(super) fn general_clusters(&mut self, text: &str, shaping: bool) {
        let shaped = if shaping {
            shape(text)
        } else {
            Shaped::identity(text)
        };
        self.clusters = clusters(&shaped.text);
        self.info.clear();
        let mut chars = shaped.text.char_indices().zip(&shaped.source).peekable();
        for c in &self.clusters {
            let mut info: Option<Info> = None;
            while let Some(&((at, ch), &(start, end))) = chars.peek() {
                if at >= c.end as usize {
                    break;
                }
                chars.next();
                let p = props(ch);
                match info.as_mut() {
                    Some(info) => {
                        info.source = (info.source.0.min(start), info.source.1.max(end));
                        info.extend(p.flags);
                    }
                    None => {
                        info = Some(Info {
                            source: (start, end),
                            first: 0,
                            glyph: ch,
                            level: 0,
                            class: p.class,
                            flags: p.flags & INFO_FLAGS,
                        });
                    }
                }
            }
            if let Some(info) = info.as_mut() {
                info.glyph = match c.kind {
                    ClusterKind::Text => info.glyph,
                    ClusterKind::Space if c.width == 1 => ' ',
                    _ => '\0',
                };
            }
            self.info.push(info.unwrap_or(Info {
                source: (0, 0),
                first: 0,
                glyph: '\0',
                level: 0,
                class: BidiClass::L,
                flags: 0,
            }));
        }
        self.shaped = shaped.text;
    }

    /// UAX #9 resolved levels (rules P/X/W/N/I) per cluster, of the shaped
    /// text: by qari's [`Resolver`](crate::text::levels::Resolver) when no
    /// char is of a class it leaves out, else (or for the tests'
    /// `reference`) by unicode-bidi.
    pub(super) fn resolve_levels(&mut self, direction: Direction, reference: bool) {
        self.classes.clear();
        self.shaped_chars.clear();
        let mut present = 0u32;
        for c in self.shaped.chars() {
            let class = props(c).class;
            present |= 1 << class as u32;
            self.classes.push(class);
            self.shaped_chars.push(c);
        }
        if present & UNSUPPORTED == 0 && !reference {
            let chars = &self.shaped_chars;
            self.resolver.resolve(
                &self.classes,
                |i| chars[i],
                u8::from(direction.is_rtl()),
                &mut self.levels,
            );
            // Each cluster's level is its first char's.
            let mut clusters = self.clusters.iter().zip(&mut self.info).peekable();
            for (k, (at, _)) in self.shaped.char_indices().enumerate() {
                while let Some((_, info)) = clusters.next_if(|(c, _)| c.start as usize == at) {
                    info.level = self.levels[k];
                }
            }
            return;
        }
        let base = if direction.is_rtl() {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let bidi = ParagraphBidiInfo::new_with_data_source(&FastBidiData, &self.shaped, Some(base));
        for (c, info) in self.clusters.iter().zip(&mut self.info) {
            info.level = bidi.levels[c.start as usize].number();
        }
    }
}
