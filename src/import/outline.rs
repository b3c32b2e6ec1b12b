//! The article policy shared by the importers that read a stream of blocks
//! (Markdown, plain text; HTML and EPUB next): what becomes the title, the
//! FAQ's questions and answers, and the sections.
//!
//! An adapter turns its format into calls on an [`Outline`]: finished
//! top-level [`Block`]s (paragraphs, lists, quotes; the adapter builds
//! nested quotes and lists itself) and headings, either classified by the
//! heading policy ([`Outline::heading`]) or with a role the adapter already
//! knows ([`Outline::title`], [`Outline::question`], [`Outline::section`]).
//!
//! The heading policy:
//! - A level-1 heading is the title if there is none yet; a later one starts
//!   a section.
//! - Level 2 and deeper headings start sections; blocks before the first one
//!   form the lead (a section without heading).
//! - A level-2 heading reading `FAQ`, `Frequently asked questions`,
//!   `الأسئلة الشائعة`, `أسئلة شائعة` or `الأسئلة المتكررة`
//!   starts the FAQ: its level-3+ headings are questions and the blocks
//!   under each are the answer. The FAQ ends at the next level-1 or level-2
//!   heading. Blocks between the FAQ heading and its first question form a
//!   section headed by the FAQ heading.
//! - When the document has no level-1 heading (the adapter says so), the
//!   first heading (unless it is the FAQ heading) becomes the title; without
//!   one either, [`Outline::finish`] takes the first line (up to a `\n`) of
//!   the body's first paragraph (FAQ answers and quotes excluded), and the
//!   rest of that paragraph stays. A title does not start a section: what
//!   follows it continues the current one (the FAQ, though, ends).
//!
//! Footnotes: the adapter reports references ([`Outline::note_reference`])
//! and definitions ([`Outline::note_definition`]); [`Outline::finish`]
//! numbers and places them (see [`super::notes`]).
//!
//! The finished article is sanitized (see [`crate::model::sanitize`]).

use super::notes::{Footnotes, Place};
use crate::model::{Article, Block, FaqEntry, Section, Style, Text, sanitize};

/// Headings (trimmed; Latin compared case-insensitively) that start the FAQ.
const FAQ_HEADINGS: [&str; 5] = [
    "faq",
    "frequently asked questions",
    "الأسئلة الشائعة",
    "أسئلة شائعة",
    "الأسئلة المتكررة",
];

/// True when `text` is empty or white space only (as its plain text
/// trimmed, without building that string).
pub fn is_blank(text: &Text) -> bool {
    text.spans.iter().all(|s| s.text.trim().is_empty())
}

/// True for a heading that starts the FAQ.
pub fn is_faq_heading(text: &Text) -> bool {
    let plain = text.to_plain();
    let plain = plain.trim().to_lowercase();
    FAQ_HEADINGS.contains(&plain.as_str())
}

/// Where the next block goes.
#[derive(Default)]
enum Dest {
    /// The last section (a lead is created when there is none).
    #[default]
    Section,
    /// A new section with this heading, created on the first block.
    NewSection(Option<Text>),
    /// The answer of the last FAQ entry.
    Answer,
}

/// Builds an [`Article`] from headings and top-level blocks in reading
/// order, applying the policy in the module doc.
#[derive(Default)]
pub struct Outline {
    article: Article,
    title_set: bool,
    promote_first_heading: bool,
    seen_heading: bool,
    in_faq: bool,
    dest: Dest,
    notes: Footnotes,
    /// The sections and FAQ answers in document order (where notes go).
    places: Vec<Place>,
}

impl Outline {
    /// An empty outline. `promote_first_heading` is true when the document
    /// has no level-1 heading, so that its first heading is the title.
    pub fn new(promote_first_heading: bool) -> Outline {
        Outline {
            promote_first_heading,
            ..Outline::default()
        }
    }

    /// An outline that continues one whose title is set (headings start
    /// sections; see [`super::markdown::parts::Piece`]).
    pub fn continuing() -> Outline {
        Outline {
            title_set: true,
            seen_heading: true,
            ..Outline::default()
        }
    }

    /// A heading of `level` (1 for the top) whose role the policy decides:
    /// title, FAQ, question or section. Blank headings are dropped.
    pub fn heading(&mut self, level: u8, text: Text) {
        if is_blank(&text) {
            return;
        }
        let first = !self.seen_heading;
        self.seen_heading = true;
        if level == 1 && !self.title_set {
            self.title(text);
        } else if level == 2 && is_faq_heading(&text) {
            self.in_faq = true;
            self.dest = Dest::NewSection(Some(text));
        } else if self.in_faq && level >= 3 {
            self.question(text);
        } else if self.promote_first_heading && first {
            self.title(text);
        } else {
            self.section(level, text);
        }
    }

    /// Sets the title; an open FAQ ends here (what follows must not join
    /// its last answer or section).
    pub fn title(&mut self, text: Text) {
        self.article.title = text;
        self.title_set = true;
        self.end_faq();
    }

    /// Starts an FAQ entry: the blocks that follow are its answer.
    pub fn question(&mut self, text: Text) {
        self.in_faq = true;
        self.places.push(Place::Answer(self.article.faq.len()));
        self.article.faq.push(FaqEntry {
            question: text,
            answer: Vec::new(),
        });
        self.dest = Dest::Answer;
    }

    /// Ends the FAQ, if one is open: the blocks that follow form a section
    /// without heading (made when the first one comes).
    pub fn end_faq(&mut self) {
        if self.in_faq {
            self.in_faq = false;
            self.dest = Dest::NewSection(None);
        }
    }

    /// Starts a section headed `heading` of `level` (1 for the top; kept
    /// even when no block follows); an open FAQ ends.
    pub fn section(&mut self, level: u8, heading: Text) {
        self.in_faq = false;
        self.dest = Dest::Section;
        self.places
            .push(Place::Section(self.article.sections.len()));
        self.article.sections.push(Section {
            heading: Some(heading),
            blocks: Vec::new(),
            level,
        });
    }

    /// A thematic break: it ends an open FAQ (the blocks after the last
    /// answer are not part of it) and stands as a [`Block::Rule`].
    pub fn rule(&mut self) {
        self.end_faq();
        self.block(Block::Rule);
    }

    /// Adds a top-level block where the last heading put it.
    pub fn block(&mut self, block: Block) {
        if let Dest::NewSection(heading) = &mut self.dest {
            let heading = heading.take();
            // A FAQ heading's own section is level 2 like the FAQ heading.
            let level = if heading.is_some() { 2 } else { 0 };
            self.places
                .push(Place::Section(self.article.sections.len()));
            self.article.sections.push(Section {
                heading,
                blocks: Vec::new(),
                level,
            });
            self.dest = Dest::Section;
        }
        if matches!(self.dest, Dest::Answer)
            && let Some(entry) = self.article.faq.last_mut()
        {
            entry.answer.push(block);
            return;
        }
        self.section_blocks().push(block);
    }

    /// The last section's blocks, creating the lead when there is none.
    fn section_blocks(&mut self) -> &mut Vec<Block> {
        if self.article.sections.is_empty() {
            self.places.push(Place::Section(0));
            self.article.sections.push(Section::default());
        }
        let last = self.article.sections.len() - 1;
        &mut self.article.sections[last].blocks
    }

    /// A reference to the footnote `label`, appended to `text` (the
    /// paragraph, item or heading being built) in `style`: a superscript
    /// number once the notes are numbered, or `[^label]` when the label is
    /// never defined.
    pub fn note_reference(&mut self, text: &mut Text, label: &str, style: Style) {
        self.notes.reference(text, label, style);
    }

    /// The text of the footnote `label` (its paragraphs joined); the first
    /// definition of a label wins. Where it is defined does not matter.
    pub fn note_definition(&mut self, label: &str, text: Text) {
        self.notes.define(label, text);
    }

    /// True once a title is set (by a heading; [`Outline::finish`] may
    /// still take one from the first paragraph).
    pub fn has_title(&self) -> bool {
        self.title_set
    }

    /// The article, its footnotes numbered and placed, its title taken from
    /// the first paragraph when no heading gave one, sanitized.
    pub fn finish(mut self) -> Article {
        std::mem::take(&mut self.notes).place(&mut self.article, &self.places);
        if !self.title_set {
            title_from_first_paragraph(&mut self.article);
        }
        sanitize::article(&mut self.article);
        self.article
    }
}

/// Moves the first line of the first top-level paragraph into the title.
fn title_from_first_paragraph(article: &mut Article) {
    let found = article
        .sections
        .iter()
        .enumerate()
        .find_map(|(s, section)| {
            let b = section
                .blocks
                .iter()
                .position(|b| matches!(b, Block::Paragraph(_)))?;
            Some((s, b))
        });
    let Some((s, b)) = found else { return };
    let section = &mut article.sections[s];
    let Some(Block::Paragraph(text)) = section.blocks.get(b) else {
        return;
    };
    let (first, rest) = split_first_line(text);
    article.title = first;
    if is_blank(&rest) {
        section.blocks.remove(b);
        if section.blocks.is_empty() && section.heading.is_none() {
            article.sections.remove(s);
        }
    } else {
        section.blocks[b] = Block::Paragraph(rest);
    }
}

/// Splits rich text at its first `\n` (which is dropped).
fn split_first_line(text: &Text) -> (Text, Text) {
    let mut first = Text::default();
    let mut rest = Text::default();
    let mut seen_break = false;
    for span in &text.spans {
        if seen_break {
            rest.push_str(&span.text, span.style);
        } else if let Some((head, tail)) = span.text.split_once('\n') {
            first.push_str(head, span.style);
            rest.push_str(tail, span.style);
            seen_break = true;
        } else {
            first.push_str(&span.text, span.style);
        }
    }
    (first, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::{headed, lead, para};

    #[test]
    fn faq_heading_variants() {
        for h in ["faq", "Faq", " الأسئلة الشائعة ", "أسئلة شائعة"] {
            assert!(is_faq_heading(&Text::plain(h)), "{h}");
        }
        assert!(!is_faq_heading(&Text::plain("FAQs")));
    }

    #[test]
    fn explicit_roles_without_the_heading_policy() {
        let mut o = Outline::new(false);
        o.title("T".into());
        o.question("س؟".into());
        o.block(para("ج."));
        o.end_faq();
        o.block(para("مقدمة."));
        o.section(2, "FAQ".into());
        o.block(para("نص."));
        let a = o.finish();
        assert_eq!(a.title, Text::plain("T"));
        assert_eq!(a.faq[0].answer, vec![para("ج.")]);
        assert_eq!(
            a.sections,
            vec![lead(vec![para("مقدمة.")]), headed("FAQ", vec![para("نص.")]),]
        );
    }

    #[test]
    fn title_from_the_first_line_and_sanitized() {
        let mut o = Outline::new(true);
        o.block(para("أول\x1b\nثان"));
        let a = o.finish();
        assert_eq!(a.title, Text::plain("أول␛"));
        assert_eq!(a.sections[0].blocks, vec![para("ثان")]);
    }
}
