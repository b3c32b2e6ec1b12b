//! The article laid out lazily at one width, for the reader: units (see
//! [`Unit`]) are composed when they come into view and kept while they are
//! near it; the row counts of the others are estimated from their length
//! until they are measured (by [`Pages::set_count`], fed by a background
//! worker for a book, or by [`Pages::measure_all`] for an article). Opening
//! or resizing a book therefore costs what the screen shows, not the book.
//!
//! A place in the article is a [`Pos`] (unit, row within it), which stays
//! put while counts above it are refined; the absolute row number, for the
//! scrollbar and the percentage, is derived from the counts (exact once
//! every unit is measured).

use super::compose::{ComposeOptions, Highlight, Unit, compose_unit, compose_unit_highlighted};
use super::{Anchor, Part, Row};
use crate::model::{Article, Block};
use crate::text::Direction;
use std::collections::HashMap;
use std::sync::Arc;

/// A row of the article: row `row` of unit `unit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Index in the article's units.
    pub unit: usize,
    /// Row within the unit.
    pub row: usize,
}

/// Units kept composed beyond those on screen (either side).
const KEEP_AROUND: usize = 64;

/// The lazily composed article at one width.
#[derive(Clone, Debug)]
pub struct Pages {
    article: Arc<Article>,
    units: Arc<[Unit]>,
    opts: ComposeOptions,
    doc_dir: Direction,
    /// Rows per unit: exact where `exact[i]`, else an estimate.
    counts: Fenwick,
    exact: Vec<bool>,
    /// Units measured exactly.
    measured: usize,
    /// Composed units near the view.
    cache: HashMap<usize, Vec<Row>>,
    /// [`Pages::end_top`] by height (the last units are not kept composed).
    end_top: Option<(usize, Pos)>,
    /// Search hits marked in the composed rows.
    highlight: Option<Arc<Highlight>>,
}

impl Pages {
    /// `article` at `opts.width`, nothing composed yet.
    /// `sizes` are [`unit_sizes`] of `units`.
    pub fn new(
        article: Arc<Article>,
        units: Arc<[Unit]>,
        sizes: &[UnitSize],
        opts: ComposeOptions,
        doc_dir: Direction,
    ) -> Pages {
        let width = opts.width.max(1);
        let estimates: Vec<usize> = units
            .iter()
            .zip(sizes)
            .map(|(u, size)| estimate_rows(*u, *size, width))
            .collect();
        Pages {
            counts: Fenwick::from(&estimates),
            exact: vec![false; units.len()],
            measured: 0,
            article,
            units,
            opts,
            doc_dir,
            cache: HashMap::new(),
            end_top: None,
            highlight: None,
        }
    }

    /// The options the units are composed with.
    pub fn options(&self) -> &ComposeOptions {
        &self.opts
    }

    /// The article's units.
    pub fn units(&self) -> &Arc<[Unit]> {
        &self.units
    }

    /// What a worker needs to measure these units on its own thread.
    pub fn measurer(&self) -> Measurer {
        Measurer {
            article: Arc::clone(&self.article),
            units: Arc::clone(&self.units),
            // Colours change no row count.
            opts: ComposeOptions {
                syntax: super::SyntaxColors::Off,
                ..self.opts
            },
            doc_dir: self.doc_dir,
        }
    }

    /// True when every unit's row count is exact.
    pub fn is_measured(&self) -> bool {
        self.measured == self.units.len()
    }

    /// Records the exact row count of `unit` (from a measuring worker).
    pub fn set_count(&mut self, unit: usize, rows: usize) {
        if unit >= self.units.len() {
            return;
        }
        if !self.exact[unit] {
            self.exact[unit] = true;
            self.measured += 1;
        }
        self.counts.set(unit, rows);
    }

    /// Measures every unit now (articles small enough to do it at once).
    pub fn measure_all(&mut self) {
        for i in 0..self.units.len() {
            if !self.exact[i] {
                let n = self.compose(i).len();
                self.set_count(i, n);
            }
        }
    }

    fn compose(&self, unit: usize) -> Vec<Row> {
        let highlight = self.highlight.as_deref().map(|h| (h, unit));
        compose_unit_highlighted(
            &self.article,
            self.units[unit],
            &self.opts,
            self.doc_dir,
            highlight,
        )
    }

    /// Marks the hits of a search (or none); composed units are composed
    /// again as they are shown (hits change no row count).
    pub fn set_highlight(&mut self, highlight: Option<Arc<Highlight>>) {
        if self.highlight != highlight {
            self.highlight = highlight;
            self.cache.clear();
        }
    }

    /// Forgets the composed rows, so that they are composed again as they
    /// are shown (code blocks in colour once their grammar is ready; colours
    /// change no row count).
    pub fn recolor(&mut self) {
        self.cache.clear();
    }

    /// The search hits marked.
    pub fn highlight(&self) -> Option<&Arc<Highlight>> {
        self.highlight.as_ref()
    }

    /// The rows of `unit`, composed if need be.
    pub fn rows_of(&mut self, unit: usize) -> &[Row] {
        if !self.cache.contains_key(&unit) {
            let rows = self.compose(unit);
            self.set_count(unit, rows.len());
            self.cache.insert(unit, rows);
        }
        &self.cache[&unit]
    }

    /// Rows of `unit` (exact; composes it if it was not measured).
    fn rows_in(&mut self, unit: usize) -> usize {
        if self.exact[unit] {
            self.counts.get(unit)
        } else {
            self.rows_of(unit).len()
        }
    }

    /// Rows above `unit` (exact once measured, else partly estimated).
    pub fn rows_before(&self, unit: usize) -> usize {
        self.counts.prefix(unit)
    }

    /// All rows (exact once measured).
    pub fn total_rows(&self) -> usize {
        self.counts.prefix(self.units.len())
    }

    /// The absolute row number of `pos`.
    pub fn row_index(&self, pos: Pos) -> usize {
        self.rows_before(pos.unit) + pos.row
    }

    /// `pos` moved by `delta` rows (clamped to the first and last rows).
    pub fn advance(&mut self, pos: Pos, delta: isize) -> Pos {
        let mut pos = pos;
        let mut left = delta.unsigned_abs();
        if delta < 0 {
            while left > 0 {
                if pos.row >= left {
                    pos.row -= left;
                    break;
                }
                left -= pos.row;
                if pos.unit == 0 {
                    pos.row = 0;
                    break;
                }
                pos.unit -= 1;
                pos.row = self.rows_in(pos.unit);
            }
            // Land on a real row (a unit can be empty).
            return self.normalize(pos);
        }
        while left > 0 {
            let n = self.rows_in(pos.unit);
            if pos.row + left < n {
                pos.row += left;
                break;
            }
            left -= n.saturating_sub(pos.row);
            if pos.unit + 1 >= self.units.len() {
                return self.last_row();
            }
            pos = Pos {
                unit: pos.unit + 1,
                row: 0,
            };
        }
        self.normalize(pos)
    }

    /// The first real row at or after `pos`, or the last row.
    fn normalize(&mut self, mut pos: Pos) -> Pos {
        while pos.row >= self.rows_in(pos.unit) {
            if pos.unit + 1 >= self.units.len() {
                return self.last_row();
            }
            pos = Pos {
                unit: pos.unit + 1,
                row: 0,
            };
        }
        pos
    }

    /// The article's last row.
    fn last_row(&mut self) -> Pos {
        let mut unit = self.units.len().saturating_sub(1);
        loop {
            let n = self.rows_in(unit);
            if n > 0 || unit == 0 {
                return Pos {
                    unit,
                    row: n.saturating_sub(1),
                };
            }
            unit -= 1;
        }
    }

    /// The top that shows the last row at the bottom of `height` rows
    /// (the first row when the article is shorter).
    pub fn end_top(&mut self, height: usize) -> Pos {
        if let Some((h, top)) = self.end_top
            && h == height
        {
            return top;
        }
        let last = self.last_row();
        let top = self.advance(last, -(height.max(1) as isize - 1));
        self.end_top = Some((height, top));
        top
    }

    /// `top` kept at or above [`Pages::end_top`], so the view stays full.
    pub fn clamp(&mut self, top: Pos, height: usize) -> Pos {
        let end = self.end_top(height);
        top.min(end)
    }

    /// The first unit of `part`, if it has any.
    pub fn first_unit_of(&self, part: Part) -> Option<usize> {
        let i = self.units.partition_point(|u| u.part() < part);
        (i < self.units.len() && self.units[i].part() == part).then_some(i)
    }

    /// The unit holding block `block` of `part` (as numbered in
    /// [`Anchor::block`]; the heading for [`super::HEADING`]).
    pub fn unit_of(&self, part: Part, block: u32) -> Option<usize> {
        let first = self.first_unit_of(part)?;
        let mut found = first;
        for (i, u) in self.units.iter().enumerate().skip(first) {
            match *u {
                _ if u.part() != part => break,
                Unit::Block { first, .. } if first > block => break,
                _ => found = i,
            }
        }
        Some(found)
    }

    /// The first non-blank row of `part`.
    pub fn first_row_of(&mut self, part: Part) -> Option<Pos> {
        let first = self.first_unit_of(part)?;
        let mut unit = first;
        while unit < self.units.len() && self.units[unit].part() == part {
            if let Some(row) = self.rows_of(unit).iter().position(|r| !r.is_blank()) {
                return Some(Pos { unit, row });
            }
            unit += 1;
        }
        None
    }

    /// The first non-blank row at or after `anchor`, searched from `unit`
    /// (for keeping the reader's place when the width changes).
    pub fn row_at_or_after(&mut self, unit: usize, anchor: Anchor) -> Pos {
        let unit = unit.min(self.units.len().saturating_sub(1));
        let found = self
            .rows_of(unit)
            .iter()
            .position(|r| !r.is_blank() && r.anchor >= anchor);
        match found {
            Some(row) => Pos { unit, row },
            None if unit + 1 < self.units.len() => self.normalize(Pos {
                unit: unit + 1,
                row: 0,
            }),
            None => self.last_row(),
        }
    }

    /// Composes the units that `height` rows from `top` show, and drops
    /// cached units far from them.
    pub fn prepare(&mut self, top: Pos, height: usize) {
        let mut unit = top.unit;
        let mut rows = 0;
        while unit < self.units.len() && rows < top.row + height {
            rows += self.rows_of(unit).len();
            unit += 1;
        }
        if self.cache.len() > 4 * KEEP_AROUND {
            let (lo, hi) = (top.unit.saturating_sub(KEEP_AROUND), unit + KEEP_AROUND);
            self.cache.retain(|u, _| (lo..hi).contains(u));
        }
    }

    /// Up to `height` rows from `top`, as far as they are composed (all of
    /// them after [`Pages::prepare`] with the same arguments).
    pub fn visible(&self, top: Pos, height: usize) -> impl Iterator<Item = &Row> {
        self.visible_at(top, height).map(|(_, row)| row)
    }

    /// Like [`Pages::visible`], with the place of each row.
    pub fn visible_at(&self, top: Pos, height: usize) -> impl Iterator<Item = (Pos, &Row)> {
        (top.unit..self.units.len())
            .map_while(|u| self.cache.get(&u).map(|rows| (u, rows)))
            .flat_map(move |(unit, rows)| {
                let skip = if unit == top.unit { top.row } else { 0 };
                rows.iter()
                    .enumerate()
                    .skip(skip)
                    .map(move |(row, r)| (Pos { unit, row }, r))
            })
            .take(height)
    }

    /// The first non-blank row at or after `pos`, composed if need be.
    pub fn text_row_at_or_after(&mut self, pos: Pos) -> Option<&Row> {
        let mut pos = pos;
        while pos.unit < self.units.len() {
            let rows = self.rows_of(pos.unit);
            if let Some(i) = rows.iter().skip(pos.row).position(|r| !r.is_blank()) {
                pos.row += i;
                break;
            }
            pos = Pos {
                unit: pos.unit + 1,
                row: 0,
            };
        }
        self.cache.get(&pos.unit)?.get(pos.row)
    }
}

/// Counts the rows of units at the width of the [`Pages`] it came from,
/// without touching them (it owns what it reads), so it can run on another
/// thread while the reader scrolls.
#[derive(Clone, Debug)]
pub struct Measurer {
    article: Arc<Article>,
    units: Arc<[Unit]>,
    opts: ComposeOptions,
    doc_dir: Direction,
}

impl Measurer {
    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// True when there is nothing to measure.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Rows of unit `i`.
    pub fn rows(&self, i: usize) -> usize {
        self.units.get(i).map_or(0, |u| {
            compose_unit(&self.article, *u, &self.opts, self.doc_dir).len()
        })
    }

    /// The article measured.
    pub fn article(&self) -> &Article {
        &self.article
    }
}

/// How much text a unit holds, for guessing its rows before it is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitSize {
    /// Bytes of text.
    bytes: u32,
    /// Texts (paragraphs, list items, questions): each starts a line.
    texts: u32,
}

impl UnitSize {
    /// Bytes of text in the unit.
    pub fn bytes(self) -> usize {
        self.bytes as usize
    }
}

/// The size of each unit, computed once per article (not per width).
pub fn unit_sizes(article: &Article, units: &[Unit]) -> Vec<UnitSize> {
    let measure = |blocks: &[Block]| {
        let mut size = UnitSize::default();
        for t in crate::model::walk::block_texts(blocks) {
            let bytes: usize = t.spans.iter().map(|s| s.text.len()).sum();
            size.bytes = size
                .bytes
                .saturating_add(bytes.min(u32::MAX as usize) as u32);
            size.texts = size.texts.saturating_add(1);
        }
        size
    };
    let text = |t: &crate::model::Text| UnitSize {
        bytes: t
            .spans
            .iter()
            .map(|s| s.text.len())
            .sum::<usize>()
            .min(u32::MAX as usize) as u32,
        texts: 1,
    };
    units
        .iter()
        .map(|u| match *u {
            Unit::Title => text(&article.title),
            Unit::FaqLabel => UnitSize { bytes: 0, texts: 1 },
            Unit::FaqEntry(i) => article
                .faq
                .get(i as usize)
                .map_or_else(UnitSize::default, |e| {
                    let answer = measure(&e.answer);
                    let question = text(&e.question);
                    UnitSize {
                        bytes: answer.bytes.saturating_add(question.bytes),
                        texts: answer.texts + 1,
                    }
                }),
            Unit::Heading(s) => article
                .sections
                .get(s as usize)
                .and_then(|s| s.heading.as_ref())
                .map_or_else(UnitSize::default, text),
            Unit::Block { section, block, .. } => article
                .sections
                .get(section as usize)
                .and_then(|s| s.blocks.get(block as usize))
                .map_or_else(UnitSize::default, |b| measure(std::slice::from_ref(b))),
        })
        .collect()
}

/// A first guess at a unit's rows: its text over the width (Arabic letters
/// and marks take two bytes, marks no cell), a line per text, the separator,
/// and a rule under titles and headings. Refined once the unit is measured.
fn estimate_rows(unit: Unit, size: UnitSize, width: usize) -> usize {
    let lines = size.bytes().div_ceil(2 * width) + size.texts as usize;
    match unit {
        Unit::Title => lines + 2,
        Unit::FaqLabel | Unit::Heading(_) => lines + 2,
        _ => lines + 1,
    }
}

/// Row counts with O(log n) update and prefix sums, so the scrollbar and the
/// percentage cost the same in a book as in an article.
#[derive(Clone, Debug, Default)]
struct Fenwick {
    tree: Vec<usize>,
    values: Vec<usize>,
}

impl Fenwick {
    fn from(values: &[usize]) -> Fenwick {
        let mut tree = vec![0; values.len() + 1];
        for (i, v) in values.iter().enumerate() {
            let mut k = i + 1;
            tree[k] += v;
            let parent = k + (k & k.wrapping_neg());
            if parent < tree.len() {
                let add = tree[k];
                k = parent;
                tree[k] += add;
            }
        }
        Fenwick {
            tree,
            values: values.to_vec(),
        }
    }

    fn get(&self, i: usize) -> usize {
        self.values[i]
    }

    fn set(&mut self, i: usize, value: usize) {
        let old = std::mem::replace(&mut self.values[i], value);
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] = self.tree[k] - old + value;
            k += k & k.wrapping_neg();
        }
    }

    /// Sum of the first `n` values.
    fn prefix(&self, n: usize) -> usize {
        let mut k = n.min(self.values.len());
        let mut sum = 0;
        while k > 0 {
            sum += self.tree[k];
            k -= k & k.wrapping_neg();
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenwick_prefix_sums_follow_updates() {
        let values = [3, 0, 5, 1, 4, 1, 9, 2, 6];
        let mut f = Fenwick::from(&values);
        let mut plain = values.to_vec();
        for n in 0..=plain.len() {
            assert_eq!(f.prefix(n), plain[..n].iter().sum::<usize>());
        }
        for (i, v) in [(2, 1), (0, 7), (8, 0), (4, 4), (3, 10)] {
            f.set(i, v);
            plain[i] = v;
            for n in 0..=plain.len() {
                assert_eq!(
                    f.prefix(n),
                    plain[..n].iter().sum::<usize>(),
                    "after set({i},{v})"
                );
            }
        }
    }
}
