//! `update`: applies one [`Action`] to the [`App`]. Each arm names one method;
//! the methods are small and only touch state (no I/O).

use super::action::Action;
use super::mode::Mode;
use super::nav::NavTarget;
use super::state::{App, Pane};
use crate::doc::{Part, Pos};

/// Applies `action` to `app`.
pub fn update(app: &mut App, action: Action) {
    // A message lasts until the next key (a resize keeps it).
    if !matches!(action, Action::Resize(..)) {
        app.message = None;
    }
    if let Mode::Bookmarks(_) = app.mode {
        return update_list(app, action);
    }
    if let Mode::Links(_) = app.mode {
        return super::links::update_links(app, action);
    }
    if let Mode::Note { .. } = app.mode {
        return super::links::update_note(app, action);
    }
    if let Mode::Recent(_) = app.mode {
        return super::recent::update_recent(app, action);
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Back => app.back(),
        Action::FocusNext => app.cycle_focus(1),
        Action::FocusPrev => app.cycle_focus(-1),
        Action::Down => app.step(1),
        Action::Up => app.step(-1),
        Action::PageDown => app.page(1),
        Action::PageUp => app.page(-1),
        Action::Top => app.go_to_end(false),
        Action::Bottom => app.go_to_end(true),
        Action::Activate => app.activate(),
        Action::Space if app.focus == Pane::Faq => app.toggle_answer(app.faq.selected),
        Action::Space => app.scroll_article_by(app.page_rows()),
        Action::NextSection => app.next_section(),
        Action::PrevSection => app.prev_section(),
        Action::Section(n) => app.section(n),
        Action::OpenAll => app.set_all_answers(true),
        Action::CloseAll => app.set_all_answers(false),
        Action::ToggleFaq => app.toggle_faq_pane(),
        Action::ToggleNav => app.toggle_nav_pane(),
        Action::ToggleHelp => app.toggle_help(),
        Action::ScrollArticle(n) => app.scroll_article_by(n),
        Action::ScrollNav(n) => app.scroll_nav_by(n),
        Action::ScrollFaq(n) => app.scroll_faq_by(n),
        Action::NavJump(i) => app.nav_jump(i),
        Action::FaqToggle(i) => app.faq_click(i),
        Action::Resize(w, h) => app.relayout((w, h)),
        Action::SearchPrompt => app.open_prompt(),
        Action::SearchNext => app.next_match(1),
        Action::SearchPrev => app.next_match(-1),
        Action::PromptInput(c) => app.prompt_input(c),
        Action::PromptBackspace => app.prompt_backspace(),
        Action::PromptCancel => app.prompt_cancel(),
        Action::PromptSubmit => app.prompt_submit(),
        Action::AddBookmark => app.add_bookmark(),
        Action::Bookmarks => app.open_bookmarks(),
        Action::DeleteBookmark => {}
        Action::Copy => app.copy_paragraph(),
        Action::ToggleJustify => {
            app.opts.layout.justify = !app.opts.layout.justify;
            app.relayout_all();
        }
        Action::Links => app.open_links(),
        Action::HistoryBack => app.history_back(),
        Action::Recent => app.recent_request = Some(super::recent::RecentRequest::List),
        Action::ToggleTashkeel => {
            app.opts.layout.tashkeel = !app.opts.layout.tashkeel;
            app.relayout_all();
        }
    }
    app.clamp_scrolls();
    app.follow_reading();
    // Following may have scrolled the navigator.
    app.compose_nav();
}

/// The bookmark list has the keys: it takes only its own actions (and a
/// resize); the mouse does nothing under it.
fn update_list(app: &mut App, action: Action) {
    match action {
        Action::Down => app.select_bookmark(1),
        Action::Up => app.select_bookmark(-1),
        Action::Activate => app.jump_to_bookmark(),
        Action::DeleteBookmark => app.delete_bookmark(),
        Action::Back => app.mode = Mode::Reading,
        Action::Quit => app.quit = true,
        Action::Resize(w, h) => app.relayout((w, h)),
        _ => {}
    }
}

fn add(value: usize, delta: i32) -> usize {
    if delta < 0 {
        value.saturating_sub(delta.unsigned_abs() as usize)
    } else {
        value.saturating_add(delta as usize)
    }
}

impl App {
    /// Esc: close what is open (help, then an overlay or folded pane), else quit.
    fn back(&mut self) {
        if self.mode == Mode::Help {
            self.mode = Mode::Reading;
        } else if self.search.is_some() {
            self.clear_search();
        } else if self.nav_shown() && self.rects.nav_overlay {
            self.set_nav_shown(false);
        } else if self.faq_shown() && self.size.0 < crate::geometry::FAQ_MIN_COLS {
            self.set_faq_shown(false);
        } else {
            self.quit = true;
        }
    }

    /// `?`: opens or closes the help overlay (over the reading view only).
    fn toggle_help(&mut self) {
        match self.mode {
            Mode::Reading => self.mode = Mode::Help,
            Mode::Help => self.mode = Mode::Reading,
            Mode::Prompt(_)
            | Mode::Bookmarks(_)
            | Mode::Links(_)
            | Mode::Note { .. }
            | Mode::Recent(_) => {}
        }
    }

    fn visible_panes(&self) -> Vec<Pane> {
        let mut panes = Vec::with_capacity(3);
        if self.nav_shown() {
            panes.push(Pane::Nav);
        }
        panes.push(Pane::Article);
        if self.faq_shown() {
            panes.push(Pane::Faq);
        }
        panes
    }

    fn cycle_focus(&mut self, delta: i32) {
        let panes = self.visible_panes();
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len() as i32;
        self.focus = panes[(at as i32 + delta).rem_euclid(n) as usize];
    }

    fn page_rows(&self) -> i32 {
        self.article_view.height.saturating_sub(1).max(1) as i32
    }

    /// j/k: a line in the article, an entry in the lists.
    fn step(&mut self, delta: i32) {
        match self.focus {
            Pane::Article => self.scroll_article_by(delta),
            Pane::Nav => self.select_nav(add(self.nav.selected, delta)),
            Pane::Faq => self.select_question(add(self.faq.selected, delta)),
        }
    }

    fn page(&mut self, dir: i32) {
        match self.focus {
            Pane::Article => self.scroll_article_by(dir * self.page_rows()),
            Pane::Nav => {
                self.select_nav(add(self.nav.selected, dir * self.nav.height.max(1) as i32))
            }
            Pane::Faq => self.scroll_faq_by(dir * self.faq.height.max(1) as i32),
        }
    }

    fn go_to_end(&mut self, bottom: bool) {
        match (self.focus, bottom) {
            (Pane::Article, false) => self.set_article_top(Pos::default()),
            (Pane::Article, true) => {
                let v = &mut self.article_view;
                let end = v.pages.end_top(v.height);
                self.set_article_top(end);
            }
            (Pane::Nav, false) => self.select_nav(0),
            (Pane::Nav, true) => self.select_nav(self.nav.entries.len().saturating_sub(1)),
            (Pane::Faq, false) => self.select_question(0),
            (Pane::Faq, true) => self.select_question(self.faq.open.len().saturating_sub(1)),
        }
    }

    fn activate(&mut self) {
        match self.focus {
            Pane::Nav => self.go(self.nav.selected),
            Pane::Faq => self.toggle_answer(self.faq.selected),
            Pane::Article => {}
        }
    }

    pub(crate) fn scroll_article_by(&mut self, delta: i32) {
        let v = &mut self.article_view;
        let top = v.pages.advance(v.top, delta as isize);
        self.set_article_top(top);
    }

    fn scroll_nav_by(&mut self, delta: i32) {
        self.nav.scroll = add(self.nav.scroll, delta);
    }

    fn scroll_faq_by(&mut self, delta: i32) {
        self.faq.scroll = add(self.faq.scroll, delta).min(self.max_faq_scroll());
    }

    fn select_nav(&mut self, i: usize) {
        self.nav.selected = i.min(self.nav.entries.len().saturating_sub(1));
        self.keep_nav_selection_visible();
    }

    fn keep_nav_selection_visible(&mut self) {
        let h = self.nav.height.max(1);
        if self.nav.selected < self.nav.scroll {
            self.nav.scroll = self.nav.selected;
        } else if self.nav.selected >= self.nav.scroll + h {
            self.nav.scroll = self.nav.selected + 1 - h;
        }
    }

    fn select_question(&mut self, i: usize) {
        self.faq.selected = i.min(self.faq.open.len().saturating_sub(1));
        self.keep_question_visible();
    }

    /// Scrolls the FAQ pane so the selected question shows, with as much of
    /// its answer as fits.
    fn keep_question_visible(&mut self) {
        let Some(row) = self.faq_question_row(self.faq.selected) else {
            return;
        };
        let h = self.faq.height.max(1);
        let rows = &self.faq.composed.rows;
        let end = rows[row..]
            .iter()
            .position(|r| r.anchor.part != Part::Faq(self.faq.selected))
            .map_or(rows.len(), |n| row + n);
        if row < self.faq.scroll {
            self.faq.scroll = row;
        } else if end > self.faq.scroll + h {
            self.faq.scroll = row.max(end.saturating_sub(h));
        }
    }

    fn toggle_answer(&mut self, i: usize) {
        if let Some(open) = self.faq.open.get_mut(i) {
            *open = !*open;
            self.faq.selected = i;
            self.recompose_faq();
            self.keep_question_visible();
        }
    }

    fn set_all_answers(&mut self, open: bool) {
        self.faq.open.iter_mut().for_each(|o| *o = open);
        self.recompose_faq();
        self.keep_question_visible();
    }

    fn faq_click(&mut self, i: usize) {
        self.focus = Pane::Faq;
        self.toggle_answer(i);
    }

    /// The section stops for `]` and `[` (the title and every headed
    /// section), in reading order, as parts.
    fn section_stops(&self) -> impl DoubleEndedIterator<Item = Part> + '_ {
        self.nav.entries.iter().filter_map(|e| match e.target {
            NavTarget::Part(p) => Some(p),
            _ => None,
        })
    }

    /// Where the article shows `part` at the top (as a jump would put it).
    fn stop_top(&mut self, part: Part) -> Option<Pos> {
        let top = match part {
            Part::Title => Pos::default(),
            _ => self.article_view.pages.first_row_of(part)?,
        };
        let v = &mut self.article_view;
        Some(v.pages.clamp(top, v.height))
    }

    fn next_section(&mut self) {
        // Only stops from the current unit on are laid out (a book has
        // hundreds of headings).
        let here = self.article_view.top;
        let first_unit = |p| self.article_view.pages.first_unit_of(p);
        let candidates: Vec<Part> = self
            .section_stops()
            .filter(|&p| first_unit(p).is_some_and(|u| u >= here.unit))
            .collect();
        for part in candidates {
            if let Some(top) = self.stop_top(part).filter(|&t| t > here) {
                self.set_article_top(top);
                return;
            }
        }
    }

    fn prev_section(&mut self) {
        let here = self.article_view.top;
        let first_unit = |p: Part| match p {
            Part::Title => Some(0),
            _ => self.article_view.pages.first_unit_of(p),
        };
        let candidates: Vec<Part> = self
            .section_stops()
            .rev()
            .filter(|&p| first_unit(p).is_some_and(|u| u <= here.unit))
            .collect();
        for part in candidates {
            if let Some(top) = self.stop_top(part).filter(|&t| t < here) {
                self.set_article_top(top);
                return;
            }
        }
    }

    /// Digit N: the article's Nth section (1 is the top when the lead has no heading).
    fn section(&mut self, n: usize) {
        let Some(i) = n
            .checked_sub(1)
            .filter(|&i| i < self.article.sections.len())
        else {
            return;
        };
        if i == 0 && self.article.sections[0].heading.is_none() {
            self.jump_to_part(Part::Title);
        } else {
            self.jump_to_part(Part::Section(i));
        }
    }

    fn nav_jump(&mut self, i: usize) {
        self.nav.selected = i;
        self.go(i);
    }

    /// Carries out navigator entry `i`.
    fn go(&mut self, i: usize) {
        match self.nav_target(i) {
            Some(NavTarget::Part(p)) => {
                self.jump_to_part(p);
                if self.rects.nav_overlay {
                    self.set_nav_shown(false);
                }
                self.focus = Pane::Article;
            }
            Some(NavTarget::Faq) => self.show_faq_focused(),
            Some(NavTarget::Question(q)) => {
                self.show_faq_focused();
                if let Some(open) = self.faq.open.get_mut(q) {
                    *open = true;
                }
                self.faq.selected = q;
                self.recompose_faq();
                self.keep_question_visible();
            }
            None => {}
        }
    }

    fn show_faq_focused(&mut self) {
        if !self.faq_shown() {
            self.set_faq_shown(true);
        }
        if self.faq_shown() {
            self.focus = Pane::Faq;
        }
    }

    fn set_faq_shown(&mut self, shown: bool) {
        self.faq_pref = Some(shown);
        self.relayout(self.size);
    }

    fn set_nav_shown(&mut self, shown: bool) {
        self.nav_pref = Some(shown);
        self.relayout(self.size);
    }

    fn toggle_faq_pane(&mut self) {
        let shown = !self.faq_shown();
        self.set_faq_shown(shown);
        if shown && self.faq_shown() {
            self.focus = Pane::Faq;
        }
    }

    fn toggle_nav_pane(&mut self) {
        let shown = !self.nav_shown();
        self.set_nav_shown(shown);
        if shown {
            self.focus = Pane::Nav;
            self.nav.selected = self.current_nav_entry();
        }
    }

    /// Scroll-spy: an unfocused navigator selects the part being read.
    pub(crate) fn follow_reading(&mut self) {
        if self.focus != Pane::Nav {
            self.nav.selected = self.current_nav_entry();
            self.keep_nav_selection_visible();
        }
    }
}
