//! The search prompt and walking the matches (`/`, `n`, `N`).

use super::mode::Mode;
use super::state::{App, Search};
use crate::doc::{Highlight, Hit, Pos, unit_texts};
use crate::search::Query;
use std::sync::Arc;

impl App {
    /// `/`: opens the prompt (empty).
    pub(crate) fn open_prompt(&mut self) {
        self.mode = Mode::Prompt(String::new());
    }

    pub(crate) fn prompt_input(&mut self, c: char) {
        if let Mode::Prompt(p) = &mut self.mode {
            // Control characters never enter the prompt (it is drawn).
            if !c.is_control() {
                p.push(c);
            }
        }
    }

    pub(crate) fn prompt_backspace(&mut self) {
        if let Mode::Prompt(p) = &mut self.mode {
            p.pop();
        }
    }

    pub(crate) fn prompt_cancel(&mut self) {
        if self.mode.prompt().is_some() {
            self.mode = Mode::Reading;
        }
    }

    /// Enter: searches the article for the prompt's text, from the view on.
    pub(crate) fn prompt_submit(&mut self) {
        let Some(typed) = self.mode.prompt().map(str::to_owned) else {
            return;
        };
        self.mode = Mode::Reading;
        match Query::new(&typed) {
            Some(query) => self.search_for(query),
            // An empty prompt repeats the last search, as in less and vim.
            None if self.search.is_some() => self.next_match(1),
            None => {}
        }
    }

    /// Finds every match of `query` and goes to the first one at or after
    /// the top of the view (wrapping to the first of the article).
    pub fn search_for(&mut self, query: Query) {
        let units = self.article_view.pages.units().clone();
        let mut found = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            let mut n = 0;
            unit_texts(&self.article, *unit, &mut |t| {
                n += query.count_in(&t.to_plain());
            });
            if n > 0 {
                found.push((i, n));
            }
        }
        let total = found.iter().map(|(_, n)| n).sum();
        let top = self.article_view.top.unit;
        let first = found
            .iter()
            .take_while(|(u, _)| *u < top)
            .map(|(_, n)| n)
            .sum::<usize>();
        self.search = Some(Search {
            highlight: Arc::new(Highlight {
                query,
                current: None,
            }),
            units: found,
            total,
            current: None,
        });
        if total > 0 {
            self.go_to_match(if first < total { first } else { 0 });
        } else {
            self.show_hits();
        }
    }

    /// `n` (`step` 1) / `N` (-1): the next or previous match, wrapping.
    pub(crate) fn next_match(&mut self, step: isize) {
        let Some(s) = &self.search else { return };
        if s.total == 0 {
            return;
        }
        let total = s.total as isize;
        let next = match s.current {
            Some(c) => (c as isize + step).rem_euclid(total),
            None if step > 0 => 0,
            None => total - 1,
        };
        self.go_to_match(next as usize);
    }

    /// Makes match `k` current and scrolls to it if it is not on screen.
    fn go_to_match(&mut self, k: usize) {
        let Some(unit) = self.mark_match(k) else {
            return;
        };
        let v = &mut self.article_view;
        let row = v
            .pages
            .rows_of(unit)
            .iter()
            .position(|r| r.runs.iter().any(|run| run.hit == Hit::Current))
            .unwrap_or(0);
        let at = Pos { unit, row };
        let bottom = v.pages.advance(v.top, v.height.max(1) as isize - 1);
        if at < v.top || at > bottom {
            // A third down the screen, with the lines before it for context.
            let top = v.pages.advance(at, -((v.height / 3) as isize));
            self.set_article_top(top);
        }
    }

    /// Makes match `k` current and marks it, without scrolling; its unit.
    pub(crate) fn mark_match(&mut self, k: usize) -> Option<usize> {
        let s = self.search.as_mut()?;
        let mut left = k;
        let (unit, ordinal) = s.units.iter().find_map(|&(u, n)| {
            if left < n {
                Some((u, left))
            } else {
                left -= n;
                None
            }
        })?;
        s.current = Some(k);
        s.highlight = Arc::new(Highlight {
            query: s.highlight.query.clone(),
            current: Some((unit, ordinal)),
        });
        self.show_hits();
        Some(unit)
    }

    /// Marks the current search's hits in the article and the FAQ pane.
    pub(crate) fn show_hits(&mut self) {
        let h = self.search.as_ref().map(|s| Arc::clone(&s.highlight));
        self.article_view.pages.set_highlight(h);
        self.recompose_faq();
        self.clamp_scrolls();
    }

    /// Esc: forgets the search and its highlights.
    pub(crate) fn clear_search(&mut self) {
        self.search = None;
        self.show_hits();
    }
}
