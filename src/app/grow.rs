//! A document that arrives in parts (a book whose later chapters are read
//! on a thread): the reader shows the first part at once and takes the
//! whole when it comes, keeping in place everything the reader sees.

use super::links::Back;
use super::mode::Mode;
use super::state::App;
use crate::model::Article;

impl App {
    /// Takes in the whole of the document read in parts (`None`: it could
    /// not be read, and what is here is all there is): this document, or
    /// the one a link was followed from, if the reader has moved on.
    pub fn take_whole(&mut self, whole: Option<Article>) {
        let partial = if self.partial.is_some() {
            Some(self)
        } else {
            self.history.iter_mut().rev().find_map(|back| match back {
                Back::Document(d) if d.partial.is_some() => Some(&mut **d),
                _ => None,
            })
        };
        match (partial, whole) {
            (Some(app), Some(whole)) => app.grow(whole),
            (Some(app), None) => app.partial = None,
            (None, _) => {}
        }
    }

    /// Replaces the article by `whole`, which begins with the current one
    /// (the same sections with the same blocks, more after them). The
    /// view's top row, the focus, the panes, the open answers, the
    /// bookmarks, the history and the search (found again over the whole,
    /// its current match kept) stay; the scrollbar, percentage and
    /// navigator now cover the whole. A FAQ that only the whole has (found
    /// late in a book opened from its head) leaves its pane closed: opening
    /// it by itself would narrow the article under the reader's eyes; the
    /// navigator lists it, and its key opens it.
    pub fn grow(&mut self, whole: Article) {
        let mut next = App::new(whole, self.opts.clone(), self.size);
        next.focus = self.focus;
        next.nav_pref = self.nav_pref;
        next.faq_pref = self
            .faq_pref
            .or((self.article.faq.is_empty() && !next.article.faq.is_empty()).then_some(false));
        next.quit = self.quit;
        // The reading is still remembered (and saved) as this document's.
        next.remembered = self.remembered.take();
        next.recent_request = self.recent_request.take();
        next.message = self.message.take();
        next.bookmarks = std::mem::take(&mut self.bookmarks);
        next.history = std::mem::take(&mut self.history);
        next.copy_request = self.copy_request.take();
        next.open_request = self.open_request.take();
        for (open, was) in next.faq.open.iter_mut().zip(&self.faq.open) {
            *open = *was;
        }
        for &i in &self.open_later {
            if let Some(open) = next.faq.open.get_mut(i) {
                *open = true;
            }
        }
        next.faq.selected = self.faq.selected;
        next.faq.scroll = self.faq.scroll;
        if next.size != (0, 0) {
            next.relayout(self.size);
        }
        let top = self.article_view.top;
        next.set_article_top(top);
        if let Some(search) = self.search.as_ref().filter(|s| s.total == 0) {
            // Nothing found in the first part: the search goes on into the
            // rest, to its first match, as if just asked (the one move).
            next.search_for(search.highlight.query.clone());
        } else if let Some(search) = &self.search {
            // Matches before the end of the first part keep their numbers.
            next.search_for(search.highlight.query.clone());
            next.set_article_top(top);
            match search.current {
                Some(k) => {
                    next.mark_match(k);
                }
                None => {
                    if let Some(s) = next.search.as_mut() {
                        s.current = None;
                    }
                }
            }
            next.set_article_top(top);
        }
        next.follow_reading();
        next.compose_nav();
        // The link list and the note popup point into the old article's
        // rows: they are reopened by hand if wanted.
        next.mode = match std::mem::take(&mut self.mode) {
            Mode::Links(_) | Mode::Note { .. } => Mode::Reading,
            mode => mode,
        };
        *self = next;
    }
}
