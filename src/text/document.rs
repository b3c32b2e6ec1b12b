//! Document-level text facts: the base direction of a whole article.

use super::direction::{Direction, StrongCounts};
use crate::model::{Article, Block, DirectionSetting, Text};

/// Text read to decide a document's direction: a book's first 256 KB say
/// it as surely as the whole, and opening it must not wait for a full scan.
pub const DIRECTION_SAMPLE_BYTES: usize = 256 * 1024;

/// The article's direction: as declared in its metadata, else the majority
/// of strong characters in its first [`DIRECTION_SAMPLE_BYTES`] of text
/// (all of an article; LTR on a tie).
pub fn document_direction(article: &Article) -> Direction {
    match article.meta.direction {
        DirectionSetting::Rtl => Direction::Rtl,
        DirectionSetting::Ltr => Direction::Ltr,
        DirectionSetting::Auto => {
            let mut counts = StrongCounts::default();
            let mut read = 0;
            for_each_text(article, &mut |t| {
                for span in &t.spans {
                    if read < DIRECTION_SAMPLE_BYTES {
                        counts.add(&span.text);
                        read += span.text.len();
                    }
                }
            });
            counts.majority().unwrap_or(Direction::Ltr)
        }
    }
}

/// Calls `f` on every text of the article: title, questions, answers, headings, blocks.
pub fn for_each_text(article: &Article, f: &mut dyn FnMut(&Text)) {
    f(&article.title);
    for entry in &article.faq {
        f(&entry.question);
        for_each_block_text(&entry.answer, f);
    }
    for section in &article.sections {
        if let Some(h) = &section.heading {
            f(h);
        }
        for_each_block_text(&section.blocks, f);
    }
}

/// Calls `f` on every text in `blocks`, quotes included (iteratively, so a
/// deeply nested quote cannot overflow the stack).
pub fn for_each_block_text(blocks: &[Block], f: &mut dyn FnMut(&Text)) {
    let mut stack: Vec<&[Block]> = vec![blocks];
    while let Some(list) = stack.pop() {
        for block in list {
            match block {
                Block::Paragraph(t) => f(t),
                Block::Bullets(items) | Block::Numbered(items) => items.iter().for_each(&mut *f),
                Block::Quote(inner) => stack.push(inner),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn article(title: &str, para: &str) -> Article {
        Article {
            title: Text::plain(title),
            sections: vec![Section {
                heading: None,
                blocks: vec![Block::Paragraph(Text::plain(para))],
            }],
            ..Article::default()
        }
    }

    #[test]
    fn majority_over_the_whole_document() {
        let a = article("Qatar", "تتجه العلاقات العسكرية");
        assert_eq!(document_direction(&a), Direction::Rtl);
    }

    #[test]
    fn a_book_is_judged_by_its_beginning() {
        let rtl = "تتجه العلاقات العسكرية ".repeat(DIRECTION_SAMPLE_BYTES / 20);
        let ltr = "English words only ".repeat(DIRECTION_SAMPLE_BYTES / 4);
        let mut a = article("Qatar", &rtl);
        a.sections[0]
            .blocks
            .push(Block::Paragraph(Text::plain(ltr.clone())));
        assert_eq!(document_direction(&a), Direction::Rtl);
        assert_eq!(document_direction(&article("Qatar", &ltr)), Direction::Ltr);
    }

    #[test]
    fn declared_direction_wins() {
        let mut a = article("Qatar", "تتجه العلاقات العسكرية");
        a.meta.direction = DirectionSetting::Ltr;
        assert_eq!(document_direction(&a), Direction::Ltr);
    }
}
