//! The section navigator's entries: the title (with the lead), each headed
//! section, and the FAQ with its questions.

use crate::doc::Part;
use crate::labels::Labels;
use crate::model::{Article, Text};

/// What choosing an entry does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavTarget {
    /// Scroll the article to this part.
    Part(Part),
    /// Show and focus the FAQ pane.
    Faq,
    /// Open this question's answer and focus it.
    Question(usize),
}

/// One line of the navigator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavEntry {
    /// The text shown.
    pub label: Text,
    /// What choosing it does.
    pub target: NavTarget,
    /// Tree depth: 0 for the title, the FAQ and sections of levels 1 and 2,
    /// 1 for level-3 sections and questions, 2 for sections of level 4 and
    /// deeper ([`section_depth`]).
    pub depth: u8,
}

/// The navigator's entries for `article`.
pub fn entries(article: &Article, labels: &Labels) -> Vec<NavEntry> {
    let mut out = vec![NavEntry {
        label: article.title.clone(),
        target: NavTarget::Part(Part::Title),
        depth: 0,
    }];
    for (i, section) in article.sections.iter().enumerate() {
        if let Some(h) = &section.heading {
            out.push(NavEntry {
                label: h.clone(),
                target: NavTarget::Part(Part::Section(i)),
                depth: section_depth(section.level()),
            });
        }
    }
    if !article.faq.is_empty() {
        out.push(NavEntry {
            label: Text::plain(labels.faq),
            target: NavTarget::Faq,
            depth: 0,
        });
        for (i, entry) in article.faq.iter().enumerate() {
            out.push(NavEntry {
                label: entry.question.clone(),
                target: NavTarget::Question(i),
                depth: 1,
            });
        }
    }
    out
}

/// A section's depth in the navigator's tree by its heading's level: levels
/// 1 and 2 at the margin, 3 one step in, 4 and deeper two steps.
pub fn section_depth(level: u8) -> u8 {
    level.saturating_sub(2).min(2)
}

/// The entry that stands for `part` (the lead and any section without a
/// heading belong to the nearest headed entry above them).
pub fn entry_for_part(entries: &[NavEntry], part: Part) -> usize {
    let mut best = 0;
    for (i, e) in entries.iter().enumerate() {
        if let NavTarget::Part(p) = e.target
            && p <= part
        {
            best = i;
        }
    }
    best
}
