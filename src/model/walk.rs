//! The one reading-order walk over an article's blocks.
//!
//! Every part of qari that visits blocks — composing rows, numbering
//! anchors, copying a paragraph, counting search hits, measuring, deciding
//! the document's direction, hashing the resume key — goes through
//! [`leaves`] (or [`texts`], built on it), so they all see the same leaves
//! in the same order and number them alike.
//!
//! The order is document order with quotes in place: in `a [q1 [q2]] b`
//! the leaves are `a q1 q2 b`, numbered 1 to 4. Quotes themselves are not
//! leaves; a leaf knows how many quotes stand around it (its depth). The
//! walk keeps an explicit stack, so deep nesting cannot overflow the call
//! stack.

use super::{Article, Block, Text};

/// A block met by [`leaves`] (anything but a quote), with where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf<'a> {
    /// Its number among the leaves of the walked blocks, from 1: what
    /// [`crate::doc::Anchor::block`] counts within a FAQ answer, and from
    /// a section block's first anchor within a section.
    pub index: u32,
    /// How many quotes stand around it (0 for none).
    pub depth: usize,
    /// The block; never a quote.
    pub block: &'a Block,
}

impl<'a> Leaf<'a> {
    /// Its texts in order: the paragraph, the list's items, the code's
    /// lines, the table's cells row by row, the notes.
    pub fn texts(&self) -> &'a [Text] {
        match self.block {
            Block::Paragraph(t) => std::slice::from_ref(t),
            Block::Bullets(items) | Block::Numbered(items) => items,
            Block::Code(code) => &code.lines,
            Block::Table(table) => &table.cells,
            Block::Notes(notes) => &notes.items,
            Block::Quote(_) | Block::Rule => &[],
        }
    }
}

/// The iterator of [`leaves`].
#[derive(Clone, Debug)]
pub struct Leaves<'a> {
    /// The blocks left at each open quote level, with that level's depth.
    stack: Vec<(std::slice::Iter<'a, Block>, usize)>,
    /// The number of the last leaf yielded.
    index: u32,
}

impl<'a> Iterator for Leaves<'a> {
    type Item = Leaf<'a>;

    fn next(&mut self) -> Option<Leaf<'a>> {
        while let Some((iter, depth)) = self.stack.last_mut() {
            let depth = *depth;
            match iter.next() {
                None => {
                    self.stack.pop();
                }
                Some(Block::Quote(inner)) => self.stack.push((inner.iter(), depth + 1)),
                Some(block) => {
                    self.index = self.index.saturating_add(1);
                    return Some(Leaf {
                        index: self.index,
                        depth,
                        block,
                    });
                }
            }
        }
        None
    }
}

/// The paragraphs and lists of `blocks` in reading order, quotes walked
/// through in place (see the module doc).
pub fn leaves(blocks: &[Block]) -> Leaves<'_> {
    Leaves {
        stack: vec![(blocks.iter(), 0)],
        index: 0,
    }
}

/// Every text of `blocks` in reading order: paragraphs and list items.
pub fn block_texts(blocks: &[Block]) -> impl Iterator<Item = &Text> {
    leaves(blocks).flat_map(|leaf| leaf.texts())
}

/// Calls `f` on every text of `block`, quotes included, in reading order
/// (for rewriting in place: sanitizing, link targets).
pub fn each_text_mut(block: &mut Block, f: &mut impl FnMut(&mut Text)) {
    match block {
        Block::Paragraph(t) => f(t),
        Block::Bullets(items) | Block::Numbered(items) => items.iter_mut().for_each(f),
        Block::Quote(blocks) => blocks.iter_mut().for_each(|b| each_text_mut(b, f)),
        Block::Code(code) => code.lines.iter_mut().for_each(f),
        Block::Table(table) => table.cells.iter_mut().for_each(f),
        Block::Notes(notes) => notes.items.iter_mut().for_each(f),
        Block::Rule => {}
    }
}

/// Every text of the article in reading order: the title, each FAQ
/// question followed by its answer, each section's heading followed by its
/// blocks.
pub fn texts(article: &Article) -> impl Iterator<Item = &Text> {
    let faq = article
        .faq
        .iter()
        .flat_map(|e| std::iter::once(&e.question).chain(block_texts(&e.answer)));
    let sections = article
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(block_texts(&s.blocks)));
    std::iter::once(&article.title).chain(faq).chain(sections)
}

/// The texts a document's direction is judged from, in the order they are
/// read for it: the title and the sections (the body, what a book's
/// beginning holds), then the FAQ (which may come late in a big book).
pub fn direction_texts(article: &Article) -> impl Iterator<Item = &Text> {
    let faq = article
        .faq
        .iter()
        .flat_map(|e| std::iter::once(&e.question).chain(block_texts(&e.answer)));
    body_texts(article).chain(faq)
}

/// The title and every section's heading and blocks, in reading order
/// (every text but the FAQ's).
pub fn body_texts(article: &Article) -> impl Iterator<Item = &Text> {
    let sections = article
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(block_texts(&s.blocks)));
    std::iter::once(&article.title).chain(sections)
}

/// The strings of `texts`, span by span (what the engine reads).
pub fn strs<'a>(texts: impl Iterator<Item = &'a Text>) -> impl Iterator<Item = &'a str> {
    texts.flat_map(|t| t.spans.iter().map(|s| s.text.as_str()))
}

/// The strings of `texts` like [`strs`], code left out: what the
/// document's direction is decided from (code is Latin whatever the prose).
pub fn prose_strs<'a>(texts: impl Iterator<Item = &'a Text>) -> impl Iterator<Item = &'a str> {
    texts.flat_map(|t| {
        t.spans
            .iter()
            .filter(|s| !s.style.code)
            .map(|s| s.text.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FaqEntry, Section};

    fn p(s: &str) -> Block {
        Block::Paragraph(Text::plain(s))
    }

    fn plain<'a>(texts: impl Iterator<Item = &'a Text>) -> Vec<String> {
        texts.map(Text::to_plain).collect()
    }

    #[test]
    fn quotes_are_walked_in_place() {
        // Before the one walk, the direction sample and the resume key read
        // this as `a b c q2 q1`, while the composer drew `a q1 q2 b c`.
        let blocks = [
            p("a"),
            Block::Quote(vec![p("q1"), Block::Quote(vec![p("q2")])]),
            p("b"),
            p("c"),
        ];
        let seen: Vec<_> = leaves(&blocks)
            .map(|l| (l.index, l.depth, l.texts()[0].to_plain()))
            .collect();
        let expected = [
            (1, 0, "a"),
            (2, 1, "q1"),
            (3, 2, "q2"),
            (4, 0, "b"),
            (5, 0, "c"),
        ];
        assert_eq!(seen.len(), expected.len());
        for ((i, d, t), (ei, ed, et)) in seen.iter().zip(expected) {
            assert_eq!((*i, *d, t.as_str()), (ei, ed, et));
        }
    }

    #[test]
    fn lists_are_one_leaf_with_their_items_in_order() {
        let blocks = [
            Block::Numbered(vec!["1".into(), "2".into()]),
            Block::Quote(vec![]),
            Block::Bullets(vec!["x".into()]),
        ];
        assert_eq!(leaves(&blocks).count(), 2);
        assert_eq!(plain(block_texts(&blocks)), ["1", "2", "x"]);
    }

    #[test]
    fn an_article_reads_title_faq_then_sections() {
        let a = Article {
            title: Text::plain("t"),
            faq: vec![FaqEntry {
                question: Text::plain("q"),
                answer: vec![Block::Quote(vec![p("qa")]), p("qb")],
            }],
            sections: vec![
                Section {
                    level: 0,
                    heading: None,
                    blocks: vec![p("lead")],
                },
                Section {
                    level: 0,
                    heading: Some(Text::plain("h")),
                    blocks: vec![Block::Quote(vec![p("s1")]), p("s2")],
                },
            ],
            ..Article::default()
        };
        assert_eq!(
            plain(texts(&a)),
            ["t", "q", "qa", "qb", "lead", "h", "s1", "s2"]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut block = p("deep");
        for _ in 0..100_000 {
            block = Block::Quote(vec![block]);
        }
        let blocks = [block];
        let leaf = leaves(&blocks).next().expect("a leaf");
        assert_eq!((leaf.index, leaf.depth), (1, 100_000));
        // Dropping the nested value recurses: leak it in the test.
        std::mem::forget(blocks);
    }
}
