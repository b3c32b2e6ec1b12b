//! Document-level text facts: the base direction of a whole document.

use super::direction::{Direction, StrongCounts};

/// Text read to decide a document's direction: a book's first 32 KB of
/// prose (some 5 000 words) say it as surely as the whole, and the reader
/// shows a big file's beginning from its first part, which must hold them
/// (`crate::import::markdown::parts`).
pub const DIRECTION_SAMPLE_BYTES: usize = 32 * 1024;

/// The direction of a document whose texts are `texts`, in reading order:
/// the majority of strong characters in its first
/// [`DIRECTION_SAMPLE_BYTES`] (all of an article; LTR on a tie). A declared
/// direction is the caller's to honour; the caller walks its own document
/// (qari's articles with `crate::model::walk`).
pub fn document_direction<'a>(texts: impl IntoIterator<Item = &'a str>) -> Direction {
    let mut counts = StrongCounts::default();
    let mut read = 0;
    for text in texts {
        if read >= DIRECTION_SAMPLE_BYTES {
            break;
        }
        counts.add(text);
        read += text.len();
    }
    counts.majority().unwrap_or(Direction::Ltr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_over_the_whole_document() {
        let texts = ["Qatar", "تتجه العلاقات العسكرية"];
        assert_eq!(document_direction(texts), Direction::Rtl);
    }

    #[test]
    fn a_book_is_judged_by_its_beginning() {
        let rtl = "تتجه العلاقات العسكرية ".repeat(DIRECTION_SAMPLE_BYTES / 20);
        let ltr = "English words only ".repeat(DIRECTION_SAMPLE_BYTES / 4);
        let book = ["Qatar", rtl.as_str(), ltr.as_str()];
        assert_eq!(document_direction(book), Direction::Rtl);
        assert_eq!(document_direction(["Qatar", ltr.as_str()]), Direction::Ltr);
    }

    #[test]
    fn no_strong_letter_is_ltr() {
        assert_eq!(document_direction(["١٢٣", "..."]), Direction::Ltr);
        assert_eq!(document_direction([]), Direction::Ltr);
    }
}
