//! The base direction of a whole article: what paragraphs without a
//! majority of their own fall back to, and the side the interface takes.
//!
//! A document-level fact, so it lives with the composer rather than in the
//! text engine, which sees one paragraph at a time and knows no article.

use crate::model::walk::for_each_text;
use crate::model::{Article, DirectionSetting};
use crate::text::direction::{Direction, StrongCounts};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Section, Text};

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
