//! The reader's state. Layout-dependent caches (composed rows per width)
//! are refreshed by [`App::relayout`] and after every action, never while
//! drawing. The article is composed lazily ([`Pages`]): only what is on
//! screen is laid out when a key is pressed; a book's row counts are
//! measured by a worker ([`Measuring`]).

use super::measure::{Measuring, article_words};
use super::mode::Mode;
use super::nav::{NavEntry, NavTarget, entries, entry_for_part};
use crate::doc::{
    Anchor, ComposeOptions, Composed, FaqMode, HEADING, Highlight, Pages, Part, Pos, Role, Row,
    Unit, UnitSize, compose_faq, label_row, unit_sizes, units,
};
use crate::geometry::{FAQ_MIN_COLS, NAV_MIN_COLS, Rects, compute as compute_rects};
use crate::labels::{Labels, UiLang};
use crate::model::Article;
use crate::saved::Bookmark;
use crate::text::{Direction, LayoutOptions};
use std::collections::HashMap;
use std::sync::Arc;

/// Articles up to this many bytes of text are measured at once; longer ones
/// (books) by a worker thread, so that the first frame does not wait.
pub const MEASURE_AT_ONCE_BYTES: usize = 256 * 1024;

/// A pane that can have the keyboard focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The section navigator.
    Nav,
    /// The article.
    Article,
    /// The FAQ pane.
    Faq,
}

/// A theme's name, as given to `--theme` or in the config file (`ui::theme`
/// holds its colours).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Light text colours for dark backgrounds.
    #[default]
    Dark,
    /// Dark text colours for light backgrounds.
    Light,
    /// No colour: weight, underline and reverse video.
    Mono,
}

/// Settings fixed for a session.
#[derive(Clone, Debug)]
pub struct AppOptions {
    /// Widest article column, in cells.
    pub max_width: usize,
    /// Engine options (`width` and `document_dir` set per text).
    pub layout: LayoutOptions,
    /// Language of qari's labels; `None` follows the article.
    pub ui_lang: Option<UiLang>,
    /// How bidi is handled, as shown in the help overlay.
    pub bidi_note: String,
    /// Colours.
    pub theme: ThemeName,
    /// Where `y` writes instead of the clipboard (OSC 52).
    pub copy_to: Option<std::path::PathBuf>,
    /// Keys, with the config file's bindings.
    pub keymap: super::keymap::Keymap,
    /// Send the cells of right-to-left runs reversed, for kitty, which
    /// reverses them when it shapes (see `ui::rtl_runs`).
    pub reverse_rtl_runs: Option<crate::text::rtl_runs::KittyFont>,
    /// Mark links as OSC 8 hyperlinks (app mode, a terminal that knows
    /// them: `terminal::hyperlinks`).
    pub hyperlinks: bool,
    /// The file the document was read from (relative links are read from
    /// its directory); `None` for the bundled article and stdin.
    pub doc_path: Option<std::path::PathBuf>,
    /// The address the document was fetched from, after redirects (links
    /// are resolved against it and fetched); `None` for a file.
    pub doc_url: Option<String>,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            max_width: 80,
            layout: LayoutOptions::default(),
            ui_lang: None,
            bidi_note: String::new(),
            theme: ThemeName::default(),
            copy_to: None,
            keymap: Default::default(),
            reverse_rtl_runs: None,
            hyperlinks: false,
            doc_path: None,
            doc_url: None,
        }
    }
}

/// The article column.
#[derive(Debug)]
pub struct ArticleView {
    /// The article laid out (lazily) at the current width.
    pub pages: Pages,
    /// Width the rows are composed at.
    pub width: usize,
    /// The top visible row.
    pub top: Pos,
    /// Visible rows.
    pub height: usize,
    /// The worker measuring a book's rows at this width, while it runs.
    measuring: Option<Measuring>,
}

/// The section navigator.
#[derive(Clone, Debug, Default)]
pub struct NavView {
    /// Its entries.
    pub entries: Vec<NavEntry>,
    /// The visible entries as rows at the navigator's width (tree glyphs
    /// included), by entry: a book has hundreds of headings, and only those
    /// on screen are laid out.
    pub rows: HashMap<usize, Row>,
    /// Width of the rows in `rows`.
    pub rows_width: usize,
    /// The selected entry (moved by keys when focused).
    pub selected: usize,
    /// Index of the top visible entry.
    pub scroll: usize,
    /// Visible entries.
    pub height: usize,
}

/// The FAQ pane.
#[derive(Clone, Debug, Default)]
pub struct FaqView {
    /// Which answers are open.
    pub open: Vec<bool>,
    /// The selected question.
    pub selected: usize,
    /// Rows at the current width and open state.
    pub composed: Composed,
    /// Width the rows were composed at.
    pub width: usize,
    /// Index of the top visible row.
    pub scroll: usize,
    /// Visible rows.
    pub height: usize,
}

/// A search and where the reader is among its matches.
#[derive(Debug)]
pub struct Search {
    /// The query, and the current match, as the rows mark them.
    pub highlight: Arc<Highlight>,
    /// Units of the article with matches, and how many, in reading order.
    pub units: Vec<(usize, usize)>,
    /// Matches in the article.
    pub total: usize,
    /// Number (from 0) of the current match.
    pub current: Option<usize>,
}

/// The whole reader.
#[derive(Debug)]
pub struct App {
    /// The article being read.
    pub article: Arc<Article>,
    /// Its base direction, which mirrors the layout.
    pub direction: Direction,
    /// qari's own labels.
    pub labels: &'static Labels,
    /// Session settings.
    pub opts: AppOptions,
    /// The focused pane.
    pub focus: Pane,
    /// The article column.
    pub article_view: ArticleView,
    /// The navigator.
    pub nav: NavView,
    /// The FAQ pane.
    pub faq: FaqView,
    /// The reader's choice to show the navigator (`None`: by terminal width).
    pub nav_pref: Option<bool>,
    /// The reader's choice to show the FAQ pane (`None`: by terminal width).
    pub faq_pref: Option<bool>,
    /// Reading, or the overlay that has the keys (help, prompt, bookmarks).
    pub mode: Mode,
    /// The loop should end.
    pub quit: bool,
    /// Terminal size.
    pub size: (u16, u16),
    /// Where everything is, for drawing and mouse hit-tests.
    pub rects: Rects,
    /// The last search, while its hits are shown.
    pub search: Option<Search>,
    /// Bookmarks, in the order they were set.
    pub bookmarks: Vec<Bookmark>,
    /// A one-line message on the status line, until the next key.
    pub message: Option<String>,
    /// Text the loop should put on the clipboard (taken by it).
    pub copy_request: Option<String>,
    /// A file the loop should load and open (a followed link; taken by it).
    pub open_request: Option<super::links::OpenRequest>,
    /// Where `Backspace` goes back to, the latest last.
    pub history: Vec<super::links::Back>,
    /// What the loop should do with the list of recent documents (taken
    /// by it).
    pub recent_request: Option<super::recent::RecentRequest>,
    /// Under what this document's reading is remembered (set by the loop;
    /// `None` for a document opened from a link, or without a store).
    pub remembered: Option<super::recent::Remembered>,
    /// Words in the article, for the reading-time estimate (a book's are
    /// counted by the measuring worker).
    words: Option<usize>,
    /// The article's units, the same at every width.
    units: Arc<[Unit]>,
    /// Their sizes, for estimating rows before they are measured.
    sizes: Arc<[UnitSize]>,
    /// The article is measured by a worker (see [`MEASURE_AT_ONCE_BYTES`]).
    is_book: bool,
    /// Only the first part of the document is here, this share of it (by
    /// size); the rest is being read (see [`App::grow`]).
    pub partial: Option<f64>,
    /// FAQ answers saved open that the first part does not have yet (a
    /// FAQ found late in a book): opened when the whole comes.
    pub(crate) open_later: Vec<usize>,
    /// The grammars' warm-up count the composed rows were coloured with
    /// (see [`App::absorb_syntaxes`]).
    syntax_seen: u64,
}

impl App {
    /// A reader on `article` in a terminal of `size`, every answer closed.
    pub fn new(article: Article, opts: AppOptions, size: (u16, u16)) -> App {
        App::of_part(article, opts, size, None)
    }

    /// [`App::new`] on the first part of a document, `share` of it (see
    /// [`App::partial`]): measured by a worker as a book is, so that the
    /// first frame waits only for the rows it shows.
    pub fn of_part(
        article: Article,
        opts: AppOptions,
        size: (u16, u16),
        share: Option<f64>,
    ) -> App {
        let article = Arc::new(article);
        let direction = crate::doc::article_direction(&article);
        let lang = opts.ui_lang.unwrap_or(if direction.is_rtl() {
            UiLang::Ar
        } else {
            UiLang::En
        });
        let labels = Labels::of(lang);
        let nav = NavView {
            entries: entries(&article, labels),
            ..NavView::default()
        };
        let faq = FaqView {
            open: vec![false; article.faq.len()],
            ..FaqView::default()
        };
        let units: Arc<[Unit]> = units(&article, FaqMode::Omit).into();
        let sizes: Arc<[UnitSize]> = unit_sizes(&article, &units).into();
        let is_book = share.is_some()
            || sizes.iter().map(|s| s.bytes()).sum::<usize>() > MEASURE_AT_ONCE_BYTES;
        let compose = ComposeOptions {
            width: 1,
            layout: opts.layout,
            labels,
            faq: FaqMode::Omit,
            link_refs: false,
            syntax: crate::doc::SyntaxColors::IfReady,
        };
        let pages = Pages::new(
            Arc::clone(&article),
            Arc::clone(&units),
            &sizes,
            compose,
            direction,
        );
        let mut app = App {
            words: (!is_book).then(|| article_words(&article)),
            article,
            direction,
            labels,
            opts,
            focus: Pane::Article,
            search: None,
            bookmarks: Vec::new(),
            message: None,
            copy_request: None,
            open_request: None,
            history: Vec::new(),
            recent_request: None,
            remembered: None,
            article_view: ArticleView {
                pages,
                width: 0,
                top: Pos::default(),
                height: 0,
                measuring: None,
            },
            nav,
            faq,
            nav_pref: None,
            faq_pref: None,
            mode: Mode::Reading,
            quit: false,
            size,
            rects: Rects::default(),
            units,
            sizes,
            syntax_seen: crate::doc::syntax_generation(),
            partial: share,
            open_later: Vec::new(),
            is_book,
        };
        app.relayout(size);
        app
    }

    /// Words in the article, for the reading-time estimate (`None` while a
    /// book's are being counted).
    pub fn article_words(&self) -> Option<usize> {
        self.words
    }

    /// Reading progress from 0.0 to 1.0 (the status line's percentage).
    pub fn progress(&self) -> f64 {
        let max = self.max_article_scroll();
        let here = if max == 0 {
            1.0
        } else {
            (self.article_scroll() as f64 / max as f64).min(1.0)
        };
        // A book still being read: of the whole, by the share of it here.
        here * self.partial.unwrap_or(1.0)
    }

    /// True while a worker is measuring the article's rows.
    pub fn is_measuring(&self) -> bool {
        self.article_view.measuring.is_some()
    }

    /// Takes in what the measuring worker found; true if the screen should
    /// be redrawn (the scrollbar, percentage or reading time changed).
    pub fn absorb_measurements(&mut self) -> bool {
        let view = &mut self.article_view;
        let Some(m) = view.measuring.as_mut() else {
            return false;
        };
        let changed = m.absorb(&mut view.pages, &mut self.words);
        if m.is_done() {
            view.measuring = None;
        }
        changed
    }

    /// True while a code block's grammar is warmed up on a thread (its
    /// blocks are shown plain until then).
    pub fn is_warming_syntaxes(&self) -> bool {
        crate::doc::syntax_warming()
    }

    /// Composes again, in colour, what was composed while a grammar was
    /// warming up; true if the screen should be redrawn. Colours change no
    /// row count, so nothing moves.
    pub fn absorb_syntaxes(&mut self) -> bool {
        let now = crate::doc::syntax_generation();
        if now == self.syntax_seen {
            return false;
        }
        self.syntax_seen = now;
        let v = &mut self.article_view;
        v.pages.recolor();
        v.pages.prepare(v.top, v.height.max(1));
        self.recompose_faq();
        true
    }

    /// Waits for the measuring worker to finish (tests and benchmarks).
    pub fn finish_measuring(&mut self) {
        while self.is_measuring() {
            self.absorb_measurements();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// Is the navigator shown (docked or as an overlay)?
    pub fn nav_shown(&self) -> bool {
        self.nav_pref.unwrap_or(self.size.0 >= NAV_MIN_COLS)
    }

    /// Is the FAQ pane shown?
    pub fn faq_shown(&self) -> bool {
        !self.article.faq.is_empty() && self.faq_pref.unwrap_or(self.size.0 >= FAQ_MIN_COLS)
    }

    /// How the reader composes text `width` cells wide (panes, overlays).
    pub fn compose_options(&self, width: usize, faq: FaqMode) -> ComposeOptions {
        ComposeOptions {
            width,
            layout: self.opts.layout,
            labels: self.labels,
            faq,
            link_refs: false,
            syntax: crate::doc::SyntaxColors::IfReady,
        }
    }

    /// Recomputes the layout for `size`, recomposing what changed width and
    /// keeping the reader on the same paragraph.
    pub fn relayout(&mut self, size: (u16, u16)) {
        self.layout_for(size, false);
    }

    /// Lays everything out again (after a display option changed), keeping
    /// the reader on the same paragraph.
    pub fn relayout_all(&mut self) {
        self.nav.rows.clear();
        self.layout_for(self.size, true);
    }

    /// [`App::relayout`]; `again` recomposes the article even at the same
    /// width.
    fn layout_for(&mut self, size: (u16, u16), again: bool) {
        self.size = size;
        let (nav, faq) = (self.nav_shown(), self.faq_shown());
        self.rects = compute_rects(size, self.direction, nav, faq, self.opts.max_width);
        if !nav && self.focus == Pane::Nav || !faq && self.focus == Pane::Faq {
            self.focus = Pane::Article;
        }
        let width = self.rects.article_text.width as usize;
        if again || width != self.article_view.width {
            let keep = self.top_anchor();
            let opts = self.compose_options(width.max(1), FaqMode::Omit);
            let view = &mut self.article_view;
            view.pages = Pages::new(
                Arc::clone(&self.article),
                Arc::clone(&self.units),
                &self.sizes,
                opts,
                self.direction,
            );
            view.width = width;
            view.measuring = None;
            view.pages
                .set_highlight(self.search.as_ref().map(|s| Arc::clone(&s.highlight)));
            if self.is_book {
                view.measuring = Some(Measuring::start(&view.pages, self.words.is_none()));
            } else {
                view.pages.measure_all();
            }
            if let Some((unit, anchor)) = keep {
                view.top = view.pages.row_at_or_after(unit, anchor);
            }
        }
        self.article_view.height = self.rects.article_text.height as usize;
        self.nav.height = self.rects.nav_inner.map_or(0, |r| r.height as usize);
        self.faq.height = self.rects.faq_inner.map_or(0, |r| r.height as usize);
        self.recompose_faq();
        self.clamp_scrolls();
    }

    /// Lays out the navigator's visible entries at its width, with tree
    /// glyphs mirrored for RTL: an entry of depth `d` > 0 stands `2(d-1)`
    /// cells in from the reading-start side (the right in RTL) behind its
    /// glyph, `└`/`├` (`┘`/`┤` in RTL) for the last or not of its run.
    pub(crate) fn compose_nav(&mut self) {
        let width = self.rects.nav_inner.map_or(0, |r| r.width as usize).max(1);
        if width != self.nav.rows_width {
            self.nav.rows.clear();
            self.nav.rows_width = width;
        }
        let opts = self.compose_options(width, FaqMode::Omit);
        let rtl = self.direction.is_rtl();
        let entries = &self.nav.entries;
        let shown = self.nav.scroll..(self.nav.scroll + self.nav.height).min(entries.len());
        self.nav.rows.retain(|i, _| shown.contains(i));
        for i in shown {
            let e = &entries[i];
            self.nav.rows.entry(i).or_insert_with(|| {
                let last = entries.get(i + 1).is_none_or(|next| next.depth < e.depth);
                let glyph = match (e.depth, last, rtl) {
                    (0, _, _) => "",
                    (_, true, false) => "└ ",
                    (_, false, false) => "├ ",
                    (_, true, true) => "┘ ",
                    (_, false, true) => "┤ ",
                };
                // Leading blanks of a marker are an indent on the
                // reading-start side in every bidi mode (see Composer::push).
                let indent = "  ".repeat(usize::from(e.depth.saturating_sub(1)));
                let marker = format!("{indent}{glyph}");
                label_row(&e.label, width, &marker, Role::Body, &opts, self.direction)
            });
        }
    }

    /// Recomposes the FAQ pane (after a toggle or a width change).
    pub fn recompose_faq(&mut self) {
        let width = self.rects.faq_inner.map_or(0, |r| r.width as usize);
        let opts = self.compose_options(width.max(1), FaqMode::Omit);
        self.faq.composed = compose_faq(
            &self.article,
            &opts,
            &self.faq.open,
            self.search.as_ref().map(|s| &*s.highlight),
        );
        self.faq.width = width;
    }

    /// The unit and anchor of the paragraph at the top of the article view
    /// (line 0 of its block, so a resize lands on the paragraph's first line).
    /// The anchor (line 0) of the paragraph at the top of the view.
    pub fn top_paragraph(&self) -> Option<Anchor> {
        self.top_anchor().map(|(_, a)| a)
    }

    fn top_anchor(&self) -> Option<(usize, Anchor)> {
        let view = &self.article_view;
        // The top row may be a unit's blank separator: the anchor is that of
        // the first row with text (the view is always composed).
        let (pos, row) = view
            .pages
            .visible_at(view.top, usize::MAX)
            .find(|(_, r)| !r.is_blank())?;
        Some((
            pos.unit,
            Anchor {
                line: 0,
                ..row.anchor
            },
        ))
    }

    /// The part of the article at the top of the view (scroll-spy).
    pub fn current_part(&self) -> Part {
        let view = &self.article_view;
        view.pages
            .units()
            .get(view.top.unit)
            .map_or(Part::Title, |u| u.part())
    }

    /// The navigator entry of the part being read.
    pub fn current_nav_entry(&self) -> usize {
        entry_for_part(&self.nav.entries, self.current_part())
    }

    /// Absolute index of the top visible row (exact once measured).
    pub fn article_scroll(&self) -> usize {
        self.article_view.pages.row_index(self.article_view.top)
    }

    /// Rows of the whole article (exact once measured).
    pub fn article_rows(&self) -> usize {
        self.article_view.pages.total_rows()
    }

    /// The rows on screen, top to bottom.
    pub fn visible_rows(&self) -> impl Iterator<Item = &Row> {
        let v = &self.article_view;
        v.pages.visible(v.top, v.height)
    }

    /// Largest useful article scroll.
    pub fn max_article_scroll(&self) -> usize {
        let v = &self.article_view;
        self.article_rows().saturating_sub(v.height.max(1))
    }

    /// Lays out, while the reader is idle, step `step` of the neighbouring
    /// pages (0: the page below, 1: the page above), so that the next PgDn,
    /// PgUp or run of `j` only draws; false when there is no such step. In
    /// steps, so that a key pressed meanwhile waits for one page at most.
    pub fn prefetch(&mut self, step: usize) -> bool {
        let v = &mut self.article_view;
        let h = v.height.max(1) as isize;
        let delta = match step {
            0 => h,
            1 => -h,
            _ => return false,
        };
        let near = v.pages.advance(v.top, delta);
        v.pages.prepare(near, h as usize);
        // Keep the view itself composed whatever the cache dropped.
        v.pages.prepare(v.top, h as usize);
        true
    }

    /// Moves the article view to `top` (kept so that the view stays full)
    /// and composes what it shows.
    pub fn set_article_top(&mut self, top: Pos) {
        let v = &mut self.article_view;
        v.top = v.pages.clamp(top, v.height);
        v.pages.prepare(v.top, v.height);
    }

    /// Largest useful FAQ scroll.
    pub fn max_faq_scroll(&self) -> usize {
        self.faq
            .composed
            .rows
            .len()
            .saturating_sub(self.faq.height.max(1))
    }

    /// Keeps every scroll offset and selection in range.
    pub fn clamp_scrolls(&mut self) {
        self.set_article_top(self.article_view.top);
        self.faq.scroll = self.faq.scroll.min(self.max_faq_scroll());
        let n = self.nav.entries.len();
        self.nav.selected = self.nav.selected.min(n.saturating_sub(1));
        let max_nav = n.saturating_sub(self.nav.height.max(1));
        self.nav.scroll = self.nav.scroll.min(max_nav);
        self.compose_nav();
        self.faq.selected = self.faq.selected.min(self.faq.open.len().saturating_sub(1));
    }

    /// Scrolls the article so that `part` starts at the top.
    pub fn jump_to_part(&mut self, part: Part) {
        let top = match part {
            Part::Title => Some(Pos::default()),
            _ => self.article_view.pages.first_row_of(part),
        };
        if let Some(top) = top {
            self.set_article_top(top);
        }
    }

    /// The rows of FAQ entry `i`'s question in the FAQ pane.
    pub fn faq_question_row(&self, i: usize) -> Option<usize> {
        self.faq
            .composed
            .rows
            .iter()
            .position(|r| r.anchor.part == Part::Faq(i) && r.anchor.block == HEADING)
    }

    /// What choosing navigator entry `i` targets.
    pub fn nav_target(&self, i: usize) -> Option<NavTarget> {
        self.nav.entries.get(i).map(|e| e.target)
    }
}
