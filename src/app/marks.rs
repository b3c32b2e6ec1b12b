//! Bookmarks (`m`, `'`) and what is remembered between runs: the reading
//! position and the open answers. Pure: the reader's loop reads and writes
//! the state file ([`crate::saved`]).

use super::mode::Mode;
use super::state::App;
use crate::doc::{Anchor, HEADING, Part};
use crate::saved::{Bookmark, Place, Saved};

/// Characters of a paragraph kept as its bookmark's label.
const LABEL_CHARS: usize = 48;

impl App {
    /// The paragraph at the top of the view.
    pub fn current_place(&self) -> Place {
        let anchor = self.top_paragraph().unwrap_or(Anchor {
            part: Part::Title,
            block: HEADING,
            line: 0,
        });
        place_of(anchor)
    }

    /// Scrolls so that `place` is at the top (its first line), or the
    /// nearest place before it that there is (a web page that has changed
    /// since it was saved: its last section, the section's last block).
    pub fn go_to_place(&mut self, place: Place) {
        let last = self.article.sections.len().checked_sub(1);
        let section = place.section.and_then(|s| last.map(|l| s.min(l)));
        self.go_to_anchor(Anchor {
            part: section.map_or(Part::Title, Part::Section),
            block: place.block,
            line: 0,
        });
    }

    /// Scrolls so that the first row at or after `anchor` is on top.
    pub fn go_to_anchor(&mut self, anchor: Anchor) {
        let v = &mut self.article_view;
        let Some(unit) = v.pages.unit_of(anchor.part, anchor.block) else {
            return;
        };
        let top = v.pages.row_at_or_after(unit, anchor);
        self.set_article_top(top);
        self.follow_reading();
        self.compose_nav();
    }

    /// Takes back what was remembered: the position, open answers, bookmarks.
    pub fn restore(&mut self, saved: &Saved) {
        self.open_later.clear();
        for &i in &saved.open_answers {
            match self.faq.open.get_mut(i) {
                Some(open) => *open = true,
                // A FAQ the rest of a book will bring: kept for it.
                None if self.partial.is_some() => self.open_later.push(i),
                None => {}
            }
        }
        self.recompose_faq();
        self.bookmarks = saved.bookmarks.clone();
        if let Some(place) = saved.position {
            self.go_to_place(place);
        }
    }

    /// What to remember of this reading, for the article with `key`.
    pub fn snapshot(&self, key: &str) -> Saved {
        Saved {
            position: Some(self.current_place()),
            open_answers: (0..self.faq.open.len())
                .filter(|&i| self.faq.open[i])
                .chain(self.open_later.iter().copied())
                .collect(),
            bookmarks: self.bookmarks.clone(),
            ..Saved::new(key)
        }
    }

    /// `m`: a bookmark at the paragraph on top (once per paragraph).
    pub(crate) fn add_bookmark(&mut self) {
        let place = self.current_place();
        if let Some(i) = self.bookmarks.iter().position(|b| b.place == place) {
            self.message = Some(format!(
                "{} {}",
                self.labels.bookmark_exists,
                self.labels.number(i + 1)
            ));
            return;
        }
        let label = self.paragraph_start(place);
        self.bookmarks.push(Bookmark { place, label });
        self.message = Some(format!(
            "{} {}",
            self.labels.bookmark_set,
            self.labels.number(self.bookmarks.len())
        ));
    }

    /// The first characters of the text at `place`, for a bookmark label.
    fn paragraph_start(&self, place: Place) -> String {
        let mut text = String::new();
        let part = place.section.map_or(Part::Title, Part::Section);
        if let Some(unit) = self.article_view.pages.unit_of(part, place.block) {
            let u = self.article_view.pages.units()[unit];
            crate::doc::unit_texts(&self.article, u, &mut |t| {
                if text.is_empty() {
                    text = t.to_plain();
                }
            });
        }
        let mut label: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((cut, _)) = label.char_indices().nth(LABEL_CHARS) {
            label.truncate(cut);
            label.push('…');
        }
        label
    }

    /// `'`: opens the bookmark list (or says there is none).
    pub(crate) fn open_bookmarks(&mut self) {
        if self.bookmarks.is_empty() {
            self.message = Some(self.labels.no_bookmarks.to_owned());
        } else {
            self.mode = Mode::Bookmarks(0);
        }
    }

    /// Moves the selection in the open list.
    pub(crate) fn select_bookmark(&mut self, delta: isize) {
        if let Mode::Bookmarks(sel) = &mut self.mode {
            let n = self.bookmarks.len() as isize;
            *sel = (*sel as isize + delta).clamp(0, (n - 1).max(0)) as usize;
        }
    }

    /// Enter in the list: goes to the selected bookmark.
    pub(crate) fn jump_to_bookmark(&mut self) {
        let Some(i) = self.mode.bookmark() else {
            return;
        };
        self.mode = Mode::Reading;
        let Some(place) = self.bookmarks.get(i).map(|b| b.place) else {
            return;
        };
        self.go_to_place(place);
    }

    /// `d` in the list: deletes the selected bookmark.
    pub(crate) fn delete_bookmark(&mut self) {
        if let Some(i) = self.mode.bookmark() {
            if i < self.bookmarks.len() {
                self.bookmarks.remove(i);
            }
            self.mode = if self.bookmarks.is_empty() {
                Mode::Reading
            } else {
                Mode::Bookmarks(i.min(self.bookmarks.len() - 1))
            };
        }
    }
}

/// The place of the paragraph `anchor` is in.
fn place_of(anchor: Anchor) -> Place {
    match anchor.part {
        Part::Section(i) => Place {
            section: Some(i),
            block: anchor.block,
        },
        // The title part, and FAQ entries, which are not in the article view.
        _ => Place {
            section: None,
            block: anchor.block,
        },
    }
}
