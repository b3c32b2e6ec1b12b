//! Footnotes, for the [`super::outline::Outline`]: an adapter reports each
//! reference where it stands in the text and each definition's text; when
//! the article is finished, the notes are numbered and placed.
//!
//! The policy (GitHub's):
//! - Notes are numbered 1, 2, 3… in order of first reference, reading the
//!   title, then the FAQ answers and sections in document order. A note
//!   first referenced only from another note's text is numbered after the
//!   notes of the place that referenced that note, and goes there too.
//! - A reference becomes the note's number in superscript digits (¹, ²³…),
//!   a link to `#fn-N` ([`note_target`]).
//! - Each note goes in a [`Block::Notes`] at the end of the section (or FAQ
//!   answer) where it is first referenced; notes of the title go to the
//!   first section. Notes never referenced are dropped.
//! - A reference to a label never defined stays as the literal `[^label]`.
//! - Labels match case-insensitively; the first definition of a label wins.
//! - Each note is visited once, so notes referring to each other (or to
//!   themselves) cannot loop.

use std::collections::HashMap;

use crate::model::{Article, Block, Notes, Span, Style, Text, note_target};

/// The `href` of a reference not yet numbered: this prefix and the note's
/// id. Never left in a finished article (a NUL cannot come from a source:
/// the importers' decoders and the sanitizer see to it, and it is replaced
/// before sanitizing).
const PENDING: &str = "\u{0}note:";

/// Where notes can be placed: a section or a FAQ answer, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    Section(usize),
    Answer(usize),
}

/// The footnotes met so far: labels and definitions by id.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Normalised label → id.
    ids: HashMap<String, usize>,
    /// Each id's label as first written.
    labels: Vec<String>,
    /// Each id's definition, if one was met.
    texts: Vec<Option<Text>>,
}

impl Footnotes {
    fn id(&mut self, label: &str) -> usize {
        let key = label.trim().to_lowercase();
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.labels.len();
        self.ids.insert(key, id);
        self.labels.push(label.to_owned());
        self.texts.push(None);
        id
    }

    /// Appends a reference to the note `label` to `text`, in `style`.
    pub(super) fn reference(&mut self, text: &mut Text, label: &str, style: Style) {
        let id = self.id(label);
        // A span of its own (never merged with a neighbour) so that it can
        // be rewritten alone.
        text.spans.push(Span {
            text: format!("[^{label}]"),
            style: Style {
                link: true,
                ..style
            },
            href: Some(format!("{PENDING}{id}")),
        });
    }

    /// The text of the note `label`; a label defined twice keeps its first.
    pub(super) fn define(&mut self, label: &str, text: Text) {
        let id = self.id(label);
        if self.texts[id].is_none() {
            self.texts[id] = Some(text);
        }
    }

    /// Numbers the referenced notes, rewrites every reference and appends a
    /// [`Block::Notes`] to each place that has notes. `places` lists the
    /// sections and FAQ answers in document order.
    pub(super) fn place(mut self, article: &mut Article, places: &[Place]) {
        if self.labels.is_empty() {
            return;
        }
        let mut numbers: Vec<Option<u32>> = vec![None; self.labels.len()];
        let mut next = 1u32;
        let mut title_notes = Vec::new();
        self.resolve(
            &mut article.title,
            &mut numbers,
            &mut next,
            &mut title_notes,
        );
        let mut placed: Vec<(Place, Vec<usize>)> = Vec::new();
        if !title_notes.is_empty() {
            if article.sections.is_empty() {
                article.sections.push(Default::default());
            }
            self.follow(&mut title_notes, &mut numbers, &mut next);
            placed.push((Place::Section(0), title_notes));
        }
        for &place in places {
            let mut found = Vec::new();
            match place {
                Place::Section(i) => {
                    let Some(section) = article.sections.get_mut(i) else {
                        continue;
                    };
                    if let Some(h) = section.heading.as_mut() {
                        self.resolve(h, &mut numbers, &mut next, &mut found);
                    }
                    for t in texts_mut(&mut section.blocks) {
                        self.resolve(t, &mut numbers, &mut next, &mut found);
                    }
                }
                Place::Answer(i) => {
                    let Some(entry) = article.faq.get_mut(i) else {
                        continue;
                    };
                    self.resolve(&mut entry.question, &mut numbers, &mut next, &mut found);
                    for t in texts_mut(&mut entry.answer) {
                        self.resolve(t, &mut numbers, &mut next, &mut found);
                    }
                }
            }
            if !found.is_empty() {
                self.follow(&mut found, &mut numbers, &mut next);
                // The title's notes may already be there.
                match placed.iter_mut().find(|(p, _)| *p == place) {
                    Some((_, ids)) => ids.extend(found),
                    None => placed.push((place, found)),
                }
            }
        }
        for (place, ids) in placed {
            let blocks = match place {
                Place::Section(i) => &mut article.sections[i].blocks,
                Place::Answer(i) => &mut article.faq[i].answer,
            };
            let mut notes = ids
                .into_iter()
                .filter_map(|id| Some((numbers[id]?, self.texts[id].take()?)))
                .collect::<Vec<_>>();
            notes.sort_by_key(|(n, _)| *n);
            // Numbers are consecutive per place by construction, except
            // where the title's notes join the first section's: one block
            // per run of consecutive numbers.
            let mut current: Option<Notes> = None;
            for (n, text) in notes {
                match current.as_mut() {
                    Some(c) if c.start + c.items.len() as u32 == n => c.items.push(text),
                    _ => {
                        if let Some(done) = current.take() {
                            blocks.push(Block::Notes(done));
                        }
                        current = Some(Notes {
                            start: n,
                            items: vec![text],
                        });
                    }
                }
            }
            if let Some(done) = current {
                blocks.push(Block::Notes(done));
            }
        }
    }

    /// Numbers the notes that the notes of `ids` refer to and have no number
    /// yet, appending them to `ids` (each note's text is read once, when its
    /// id is reached, so cycles end).
    fn follow(&mut self, ids: &mut Vec<usize>, numbers: &mut [Option<u32>], next: &mut u32) {
        let mut k = 0;
        while k < ids.len() {
            let id = ids[k];
            if let Some(mut text) = self.texts[id].take() {
                self.resolve(&mut text, numbers, next, ids);
                self.texts[id] = Some(text);
            }
            k += 1;
        }
    }

    /// Rewrites the references in `text`: a defined note gets its number
    /// (the next one when it has none yet, its id then pushed on `found`),
    /// an undefined one becomes plain text.
    fn resolve(
        &self,
        text: &mut Text,
        numbers: &mut [Option<u32>],
        next: &mut u32,
        found: &mut Vec<usize>,
    ) {
        for span in &mut text.spans {
            let Some(id) = span
                .href
                .as_deref()
                .and_then(|h| h.strip_prefix(PENDING))
                .and_then(|id| id.parse::<usize>().ok())
                .filter(|&id| id < self.labels.len())
            else {
                continue;
            };
            if self.texts[id].is_none() && numbers[id].is_none() {
                span.href = None;
                span.style.link = false;
                continue;
            }
            let n = *numbers[id].get_or_insert_with(|| {
                found.push(id);
                let n = *next;
                *next = next.saturating_add(1);
                n
            });
            span.text = superscript(n);
            span.href = Some(note_target(n));
        }
    }
}

/// `n` in superscript digits: 12 → ¹².
pub fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// Every text of `blocks`, quotes walked through with an explicit stack.
fn texts_mut(blocks: &mut [Block]) -> Vec<&mut Text> {
    let mut out = Vec::new();
    let mut stack = vec![blocks.iter_mut()];
    while let Some(iter) = stack.last_mut() {
        let Some(block) = iter.next() else {
            stack.pop();
            continue;
        };
        match block {
            Block::Paragraph(t) => out.push(t),
            Block::Bullets(items) | Block::Numbered(items) => out.extend(items.iter_mut()),
            Block::Quote(inner) => stack.push(inner.iter_mut()),
            Block::Code(code) => out.extend(code.lines.iter_mut()),
            Block::Table(table) => out.extend(table.cells.iter_mut()),
            Block::Notes(notes) => out.extend(notes.items.iter_mut()),
            Block::Rule => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::outline::Outline;

    fn with_ref(before: &str, o: &mut Outline, label: &str) -> Text {
        let mut t = Text::plain(before);
        o.note_reference(&mut t, label, Style::default());
        t
    }

    fn notes_of(blocks: &[Block]) -> Vec<(u32, Vec<String>)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Notes(n) => Some((n.start, n.items.iter().map(Text::to_plain).collect())),
                _ => None,
            })
            .collect()
    }

    /// The outline API as another importer would use it: references in the
    /// title, a heading, a FAQ answer and a later section, definitions in
    /// any order.
    #[test]
    fn outline_places_notes_by_first_reference() {
        let mut o = Outline::new(false);
        let title = with_ref("T", &mut o, "t");
        o.title(title);
        let answer = with_ref("ج", &mut o, "faq");
        o.question("س؟".into());
        o.block(Block::Paragraph(answer));
        let heading = with_ref("قسم", &mut o, "h");
        o.section(2, heading);
        let body = with_ref("نص", &mut o, "T");
        let body = {
            let mut b = body;
            o.note_reference(&mut b, "missing", Style::default());
            b
        };
        o.block(Block::Paragraph(body));
        o.note_definition("h", "عنوان".into());
        o.note_definition("faq", "جواب".into());
        o.note_definition("t", "عنوان المقال".into());
        o.note_definition("t", "تعريف ثان يهمل".into());
        let a = o.finish();
        assert_eq!(a.title.to_plain(), "T¹");
        assert_eq!(
            a.faq[0].answer[0],
            Block::Paragraph(Text {
                spans: vec![
                    Span {
                        text: "ج".into(),
                        style: Style::default(),
                        href: None
                    },
                    Span {
                        text: "²".into(),
                        style: Style {
                            link: true,
                            ..Style::default()
                        },
                        href: Some("#fn-2".into()),
                    },
                ],
            })
        );
        assert_eq!(notes_of(&a.faq[0].answer), vec![(2, vec!["جواب".into()])]);
        let section = &a.sections[0];
        assert_eq!(
            section.heading.as_ref().map(Text::to_plain).as_deref(),
            Some("قسم³")
        );
        assert_eq!(
            section.blocks[0],
            Block::Paragraph(Text {
                spans: vec![
                    Span {
                        text: "نص".into(),
                        style: Style::default(),
                        href: None
                    },
                    Span {
                        text: "¹".into(),
                        style: Style {
                            link: true,
                            ..Style::default()
                        },
                        href: Some("#fn-1".into()),
                    },
                    Span {
                        text: "[^missing]".into(),
                        style: Style::default(),
                        href: None
                    },
                ],
            })
        );
        // The title's note (1) joins the first section, whose own is 3: two
        // runs, so two blocks.
        assert_eq!(
            notes_of(&section.blocks),
            vec![(1, vec!["عنوان المقال".into()]), (3, vec!["عنوان".into()])]
        );
    }

    /// A reference in the title and one in the first section read as one
    /// run of notes under one rule.
    #[test]
    fn title_notes_join_the_first_sections_run() {
        let a = crate::import::markdown::parse("# T[^a]\n\nنص[^b].\n\n[^a]: أ\n[^b]: ب\n");
        assert_eq!(
            notes_of(&a.sections[0].blocks),
            vec![(1, vec!["أ".into(), "ب".into()])]
        );
    }

    #[test]
    fn superscript_digits() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(120), "¹²⁰");
    }
}
