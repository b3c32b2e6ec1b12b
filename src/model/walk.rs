//! Walking the article in reading order: every text of it (title, FAQ
//! questions and answers, headings, blocks), for the passes that read the
//! whole document (its direction, measuring, saved positions, search).

use super::{Article, Block, Text};

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
