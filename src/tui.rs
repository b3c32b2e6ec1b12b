//! The interactive reader's loop: the only place that reads terminal events.
//!
//! draw (only when something changed) → block on the next event → map it to
//! an action → `update`. There is no tick: an idle reader sleeps in
//! `event::read` and uses no CPU.

use crate::app::input::action_for_event;
use crate::app::recent::{Listed, RecentRequest, Remembered};
use crate::app::{Action, App, AppOptions, update};
use crate::import::LoadError;
use crate::model::Article;
use crate::recent::{Entry, ListError, Location, RecentFile};
use crate::saved::{Loaded, SaveError, Saved, Store};
use crate::source::url::FetchOptions;
use crate::terminal::scroll::Screen;
use crate::terminal::{BidiMode, TerminalSession, Tweaks};
use crate::ui::{draw, theme::Theme};
use crossterm::event;
use ratatui::Terminal;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long the loop waits for input before taking in measurements.
const MEASURE_POLL: Duration = Duration::from_millis(40);

/// The longest a burst of events is taken in without a frame drawn.
const BURST_FRAME: Duration = Duration::from_millis(50);

/// How long the reader stays idle after a change before the state file is
/// written: a killed reader loses at most this much.
const SAVE_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Keeps the state file and the recent list up to date: written once the
/// reader has been idle for [`SAVE_AFTER_IDLE`] after a change, before
/// another document is opened or gone back to, and on quit.
///
/// What is saved is the home document's reading ([`App::home`]): the one
/// given on the command line, or the one last chosen from the recent
/// documents, even while a document opened from a link is shown.
struct Saver {
    store: Store,
    /// The recent list; `None` once it cannot be used (said once).
    recent: Option<RecentFile>,
    /// What the state file holds (or would, when it is not written).
    last: Option<Saved>,
    /// What the recent list says was read of the home document.
    last_read: Option<(Location, u8)>,
    /// The last failure, said on quit.
    error: Option<SaveError>,
    /// The last failure to write the recent list, said on quit.
    recent_error: Option<SaveError>,
    /// The document given is still to be put at the top of the recent
    /// list: done once the first frame is out (the list is written with
    /// an fsync, which must not hold up the first frame).
    open_due: bool,
}

/// The home document's percentage read, as the status line rounds it.
fn percent(app: &App) -> u8 {
    (app.progress() * 100.0).round().clamp(0.0, 100.0) as u8
}

impl Saver {
    fn changed(&self, app: &App) -> bool {
        let home = app.home();
        let Some(r) = &home.remembered else {
            return false;
        };
        let read = r.location.clone().map(|l| (l, percent(home)));
        self.last.as_ref() != Some(&home.snapshot(&r.key))
            || (read.is_some() && self.recent.is_some() && self.last_read != read)
    }

    fn save(&mut self, app: &App) {
        let home = app.home();
        let Some(r) = &home.remembered else {
            return;
        };
        let snap = home.snapshot(&r.key);
        if r.save_state && self.last.as_ref() != Some(&snap) {
            let by_address = r.url_key.as_ref().map(|key| Saved {
                key: key.clone(),
                ..snap.clone()
            });
            let saved = self
                .store
                .save(&snap)
                .and_then(|()| by_address.map_or(Ok(()), |s| self.store.save(&s)));
            // Kept even when it failed: tried again on the next change,
            // not in a loop.
            self.error = saved.err();
        }
        self.last = Some(snap);
        if let Some(location) = &r.location {
            let read = (location.clone(), percent(home));
            if self.last_read.as_ref() != Some(&read) {
                self.list(|l| l.read(&read.0, read.1));
                self.last_read = Some(read);
            }
        }
    }

    /// Changes the recent list; a list that cannot be used is left alone
    /// from then on.
    fn list(&mut self, change: impl FnOnce(&mut crate::recent::Recent) -> bool) -> Option<String> {
        let file = self.recent.as_ref()?;
        match file.update(change) {
            Ok(()) => None,
            Err(ListError::Unusable(why)) => {
                self.recent = None;
                Some(why.to_string())
            }
            Err(ListError::Save(why)) => {
                let said = why.to_string();
                self.recent_error = Some(why);
                Some(said)
            }
        }
    }

    /// `app`'s document was just opened as a home: listed first.
    fn opened(&mut self, app: &App) -> Option<String> {
        let r = app.remembered.as_ref()?;
        let location = r.location.clone()?;
        let entry = Entry::new(
            &app.article.title.to_plain(),
            location,
            crate::recent::now(),
        );
        self.last_read = None;
        self.list(|l| {
            l.opened(entry);
            true
        })
    }

    /// The loop asked for the list ([`RecentRequest`]).
    fn answer(&mut self, app: &mut App, request: RecentRequest) {
        match request {
            RecentRequest::List => {
                let listed = match &self.recent {
                    None => Ok(Vec::new()),
                    Some(file) => file.load().list().map_err(|e| e.to_string()).map(|l| {
                        l.entries
                            .into_iter()
                            .map(|entry| Listed {
                                missing: entry.location.is_missing(),
                                entry,
                            })
                            .collect()
                    }),
                };
                app.show_recent(listed, crate::recent::now());
            }
            RecentRequest::Forget(location) => {
                if let Some(why) = self.list(|l| l.forget(&location)) {
                    app.message = Some(why);
                }
            }
        }
    }
}

/// Where a document read from a file or an address is listed: the file by
/// its canonical path (`None` for the bundled article and standard input).
fn location_of(opts: &AppOptions) -> Option<Location> {
    match (&opts.doc_url, &opts.doc_path) {
        (Some(url), _) => Some(Location::Url(url.clone())),
        // A path that is not UTF-8 cannot be written in the list's JSON.
        (None, Some(path)) => std::fs::canonicalize(path)
            .ok()
            .filter(|p| p.to_str().is_some())
            .map(Location::File),
        (None, None) => None,
    }
}

/// Where the reading position is remembered, for [`run`].
#[derive(Clone, Debug)]
pub struct Resume {
    /// The state files.
    pub store: Store,
    /// The article's key ([`crate::saved::article_key`]).
    pub key: String,
    /// Start at the top, ignoring what was saved (which is then left as it
    /// is: a fresh look does not lose the bookmarks).
    pub fresh: bool,
    /// A web page's key by address ([`crate::saved::url_key`]): saved too,
    /// and read when nothing is saved under `key` (the page has changed).
    pub url_key: Option<String>,
    /// The list of recent documents (`None`: not kept).
    pub recent: Option<RecentFile>,
}

impl Resume {
    /// What is saved of the article: under its key, else (a page that
    /// changed) under its address.
    fn load(&self) -> Loaded {
        match (self.store.load(&self.key), &self.url_key) {
            (Loaded::Nothing, Some(by_address)) => match self.store.load(by_address) {
                Loaded::Found(saved) => Loaded::Found(Saved {
                    key: self.key.clone(),
                    ..saved
                }),
                // A bad file under the address is not this article's
                // problem: start afresh (it is written over on save).
                _ => Loaded::Nothing,
            },
            (loaded, _) => loaded,
        }
    }
}

/// For a document read from an address, for [`run`].
#[derive(Clone, Debug, Default)]
pub struct Web {
    /// How followed links are fetched.
    pub fetch: FetchOptions,
    /// The `#fragment` of the address given, to start at.
    pub fragment: Option<String>,
}

/// Why the reader ended other than by being quit.
#[derive(Debug, thiserror::Error)]
pub enum ReaderError {
    /// The terminal could not be set up, read or written.
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    /// The rest of a document shown from its beginning could not be read
    /// (not UTF-8 after all, a read error): as if it had been read whole.
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// Runs the reader on `article` until the reader quits; remembers the
/// position with `resume`. A state that cannot be saved is reported on
/// standard error once the terminal is restored; it is not an error.
pub fn run(
    opened: crate::source::Opened,
    opts: AppOptions,
    mode: BidiMode,
    tweaks: Tweaks,
    resume: Option<Resume>,
    notice: Option<String>,
    web: Web,
) -> Result<(), ReaderError> {
    let crate::source::Opened { article, rest, .. } = opened;
    let fetch = web.fetch;
    // The rest of a document read in parts, from a worker.
    let share = rest.as_ref().map(crate::source::Rest::share);
    let mut rest = rest.map(Pending::new);
    // The session installs the restoring panic hook and signal thread.
    let (mut session, mut terminal) = TerminalSession::start(mode, tweaks)?;
    // crossterm installs its SIGWINCH handler with its event reader, on the
    // first poll: do it before reading the size, or a resize between the
    // first frame and the first read is lost.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    let mut app = App::of_part(article, opts, (size.width, size.height), share);
    // A state file that is not usable is reported and left alone: not
    // saved over either.
    let mut save = resume.as_ref().is_some_and(|r| !r.fresh);
    if let Some(r) = &resume {
        match r.load() {
            Loaded::Found(saved) if !r.fresh => {
                // A place past the chapters read so far waits for the rest.
                let beyond = saved
                    .position
                    .and_then(|p| p.section)
                    .is_some_and(|s| s >= app.article.sections.len());
                if beyond
                    && let Some(pending) = rest.take()
                    && let Err(e) = pending.wait(&mut app)
                {
                    session.restore();
                    return Err(e.into());
                }
                app.restore(&saved)
            }
            Loaded::Found(_) | Loaded::Nothing => {}
            Loaded::Unusable(why) => {
                app.message = Some(why.to_string());
                save = false;
            }
        }
    }
    if let Some(fragment) = &web.fragment {
        // `qari https://…#part`: there, over the saved place (Backspace
        // goes back to it).
        app.follow(&format!("#{fragment}"));
    }
    if notice.is_some() {
        // A config problem that is not an error (an unknown key).
        app.message = notice;
    }
    let theme = Theme::choose(app.opts.theme);
    let copy_to = app.opts.copy_to.clone();
    let mut saver = resume.as_ref().map(|r| Saver {
        store: r.store.clone(),
        recent: r.recent.clone(),
        last: match r.store.load(&r.key) {
            Loaded::Found(s) => Some(s),
            _ => None,
        },
        last_read: None,
        error: None,
        recent_error: None,
        open_due: false,
    });
    if let (Some(r), Some(s)) = (&resume, saver.as_mut()) {
        app.remembered = Some(Remembered {
            key: r.key.clone(),
            url_key: r.url_key.clone(),
            save_state: save,
            location: location_of(&app.opts),
        });
        s.open_due = true;
    }
    let result = event_loop(
        &mut terminal,
        &mut app,
        &theme,
        copy_to.as_deref(),
        saver.as_mut(),
        &fetch,
        &mut rest,
    );
    session.restore();
    if let Some(s) = saver
        .as_mut()
        .filter(|_| !matches!(result, Err(ReaderError::Load(_))))
    {
        if std::mem::take(&mut s.open_due) {
            // Quit before the first frame.
            let _ = s.opened(&app);
        }
        s.save(&app);
        if let Some(why) = &s.error {
            eprintln!("qari: reading position not saved: {why}");
        }
        if let Some(why) = &s.recent_error {
            eprintln!("qari: list of recent documents not saved: {why}");
        }
    }
    result
}

/// The rest of a document, read by a worker started once the first frame
/// is drawn (so that the two do not share the cores before it).
struct Pending {
    /// The rest before the worker starts.
    rest: Option<crate::source::Rest>,
    rx: Option<std::sync::mpsc::Receiver<Result<Article, LoadError>>>,
    /// See [`crate::source::Rest::is_quick`].
    quick: bool,
}

impl Pending {
    fn new(rest: crate::source::Rest) -> Pending {
        Pending {
            quick: rest.is_quick(),
            rest: Some(rest),
            rx: None,
        }
    }

    /// Starts the worker, if not yet started.
    fn start(&mut self) {
        let Some(rest) = self.rest.take() else { return };
        let (tx, rx) = std::sync::mpsc::channel();
        // At the reader's priority: `G` may wait for it.
        std::thread::spawn(move || {
            let _ = tx.send(rest.whole());
        });
        self.rx = Some(rx);
    }

    /// The whole, if the worker has finished: `Some(None)` when it
    /// panicked.
    fn try_take(&self) -> Option<Option<Result<Article, LoadError>>> {
        match self.rx.as_ref()?.try_recv() {
            Ok(whole) => Some(Some(whole)),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(None),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
        }
    }

    /// Waits for the whole (reads it here if the worker has not started)
    /// and takes it in; the error if the rest could not be read.
    fn wait(self, app: &mut App) -> Result<(), LoadError> {
        let whole = match (self.rest, self.rx) {
            (Some(rest), _) => Some(rest.whole()),
            (None, Some(rx)) => rx.recv().ok(),
            (None, None) => None,
        };
        // `None`: the worker panicked, and what is here is all there is.
        app.take_whole(whole.transpose()?);
        Ok(())
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    copy_to: Option<&Path>,
    mut saver: Option<&mut Saver>,
    fetch: &FetchOptions,
    rest: &mut Option<Pending>,
) -> Result<(), ReaderError> {
    // Test hook (tests/hostile.rs): a panic inside a frame must still leave
    // the terminal restored, with the message readable on the main screen.
    let panic_in_draw = std::env::var_os("QARI_TEST_PANIC_IN_DRAW").is_some();
    let mut dirty = true;
    let mut last_input = Instant::now();
    // QARI_SCROLL_REGIONS=0: every frame is written as a diff, never as a
    // scroll (for a terminal that mishandles scrolling regions).
    let scroll = std::env::var_os("QARI_SCROLL_REGIONS").is_none_or(|v| v != "0");
    let mut screen = Screen::new(scroll);
    while !app.quit {
        if dirty {
            draw_frame(terminal, &mut screen, app, theme, panic_in_draw)?;
            dirty = false;
            // The first frame is out: the rest can be read, and the
            // document put at the top of the recent list.
            if let Some(pending) = rest.as_mut() {
                pending.start();
            }
            if let Some(s) = saver.as_mut()
                && std::mem::take(&mut s.open_due)
                && let Some(why) = s.opened(app)
            {
                // A list that cannot be used is said, after any other
                // message.
                app.message.get_or_insert(why);
                dirty = true;
            }
            // Nothing waiting: lay out the neighbouring pages now rather
            // than when the next key asks for them.
            let mut step = 0;
            while !event::poll(Duration::ZERO)? && app.prefetch(step) {
                step += 1;
            }
        }
        // Wake up while a book is measured (to show the refined scrollbar)
        // and when the state file is due; else sleep until an event.
        let unsaved = saver.as_ref().is_some_and(|s| s.changed(app));
        let wait = if app.is_measuring() || app.is_warming_syntaxes() || rest.is_some() {
            Some(MEASURE_POLL)
        } else if unsaved {
            Some(SAVE_AFTER_IDLE.saturating_sub(last_input.elapsed()))
        } else {
            None
        };
        let ready = match wait {
            Some(timeout) => event::poll(timeout)?,
            None => true,
        };
        dirty |= app.absorb_measurements();
        dirty |= app.absorb_syntaxes();
        match rest.as_ref().and_then(Pending::try_take) {
            Some(Some(Err(e))) => return Err(e.into()),
            Some(Some(Ok(whole))) => {
                app.take_whole(Some(whole));
                *rest = None;
                dirty = true;
            }
            Some(None) => {
                app.take_whole(None);
                *rest = None;
                dirty = true;
            }
            None => {}
        }
        if !ready {
            if let Some(s) = saver.as_mut()
                && last_input.elapsed() >= SAVE_AFTER_IDLE
            {
                s.save(app);
            }
            continue;
        }
        // A burst of events (a held key, a paste, a fast wheel) is taken
        // in whole before the next frame: N keys cost one frame, not N. A
        // long one still shows a frame every BURST_FRAME.
        let burst = Instant::now();
        loop {
            let ev = event::read()?;
            last_input = Instant::now();
            if let Some(action) = action_for_event(&ev, app) {
                // The end of a document whose rest comes at once is its
                // real end: wait for it.
                if matches!(action, Action::Bottom)
                    && app.partial.is_some()
                    && let Some(pending) = rest.take_if(|p| p.quick)
                {
                    pending.wait(app)?;
                }
                if action == Action::HistoryBack
                    && let Some(s) = saver.as_mut()
                {
                    // Going back may leave a remembered document.
                    s.save(app);
                }
                update(app, action);
                dirty = true;
            }
            match (app.recent_request.take(), saver.as_mut()) {
                (Some(request), Some(s)) => s.answer(app, request),
                // Without a state directory nothing is listed.
                (Some(RecentRequest::List), None) => app.show_recent(Ok(Vec::new()), 0),
                _ => {}
            }
            if let Some(text) = app.copy_request.take() {
                copy(terminal, app, &text, copy_to);
            }
            if let Some(request) = app.open_request.take() {
                if let Some(url) = &request.url {
                    // The fetch blocks the loop: say so on screen first.
                    app.message = Some(crate::model::sanitize::string(&format!("… {url}")));
                    draw_frame(terminal, &mut screen, app, theme, panic_in_draw)?;
                }
                if request.remember
                    && let Some(s) = saver.as_mut()
                {
                    // The document left is saved as it is left.
                    s.save(app);
                }
                if open(app, &request, fetch)
                    && request.remember
                    && let Some(s) = saver.as_mut()
                {
                    remember(app, s);
                }
            }
            if app.quit || burst.elapsed() >= BURST_FRAME || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}

/// Loads the file or fetches the page a followed link names and opens it
/// in the reader (`Backspace` goes back); one that cannot be read is said
/// on the status line. True when it was opened.
pub fn open(app: &mut App, request: &crate::app::links::OpenRequest, fetch: &FetchOptions) -> bool {
    if let Some(url) = &request.url {
        return open_page(app, request, url, fetch);
    }
    let loaded = if request.path.is_file() {
        crate::source::load_path(&request.path).map_err(|e| e.to_string())
    } else {
        Err(format!("{}: not a file", request.path.display()))
    };
    match loaded {
        Ok(article) => {
            app.open_document(article, request);
            true
        }
        Err(why) => {
            app.message = Some(crate::model::sanitize::string(&why));
            false
        }
    }
}

/// A document chosen from the recent ones was opened: it becomes the home
/// document (its reading is remembered from now on, until `Backspace`
/// leaves it), starts at its saved place and is listed first.
fn remember(app: &mut App, saver: &mut Saver) {
    let resume = Resume {
        store: saver.store.clone(),
        key: crate::saved::article_key(&app.article),
        fresh: false,
        url_key: app.opts.doc_url.as_deref().map(crate::saved::url_key),
        recent: None,
    };
    let mut save_state = true;
    match resume.load() {
        Loaded::Found(saved) => {
            app.restore(&saved);
            saver.last = Some(saved);
        }
        Loaded::Nothing => {}
        Loaded::Unusable(why) => {
            app.message = Some(why.to_string());
            save_state = false;
        }
    }
    app.remembered = Some(Remembered {
        key: resume.key,
        url_key: resume.url_key,
        save_state,
        location: location_of(&app.opts),
    });
    if let Some(why) = saver.opened(app) {
        app.message.get_or_insert(why);
    }
}

/// Fetches the page a followed link names and opens it in the reader; a
/// page that cannot be fetched is said on the status line.
fn open_page(
    app: &mut App,
    request: &crate::app::links::OpenRequest,
    url: &str,
    fetch: &FetchOptions,
) -> bool {
    match crate::source::url::load(url, fetch) {
        Ok((article, at)) => {
            let request = crate::app::links::OpenRequest {
                url: Some(at),
                ..request.clone()
            };
            app.open_document(article, &request);
            true
        }
        Err(why) => {
            app.message = Some(why.to_string());
            false
        }
    }
}

/// Puts `text` on the clipboard with OSC 52 (base64, so nothing in it can
/// act as a control), or writes it to `copy_to` for terminals without
/// OSC 52. A failure is said on the status line.
fn copy(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    text: &str,
    copy_to: Option<&Path>,
) {
    use base64::Engine;
    use std::io::Write;
    let result = match copy_to {
        Some(path) => std::fs::write(path, text),
        None => {
            let b64 = base64::engine::general_purpose::STANDARD.encode(text);
            let out = terminal.backend_mut();
            write!(out, "\x1b]52;c;{b64}\x07").and_then(|()| out.flush())
        }
    };
    if let Err(e) = result {
        // Where the copy went, and why it failed: `FILE: cause`.
        let target = copy_to.map_or_else(
            || "clipboard (OSC 52)".to_owned(),
            |p| p.display().to_string(),
        );
        app.message = Some(crate::model::sanitize::string(&format!(
            "{target}: cannot copy: {e}"
        )));
    }
}

/// Draws one frame, in ratatui's own steps (`autoresize`, `get_frame`,
/// `apply_buffer`) so that the state is updated before drawing and never
/// while: the terminal's size is taken first and the reader laid out for
/// it (in a burst of resizes the last Resize event may be older than the
/// terminal), then drawn into a frame of that same size, since nothing
/// resizes the buffers between the two. A layout larger than its frame
/// would panic ("index outside of buffer").
fn draw_frame<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    screen: &mut Screen,
    app: &mut App,
    theme: &Theme,
    panic_in_draw: bool,
) -> Result<(), B::Error> {
    terminal.autoresize()?;
    let area = terminal.get_frame().area();
    if app.size != (area.width, area.height) {
        update(app, Action::Resize(area.width, area.height));
    }
    draw(&mut terminal.get_frame(), app, theme);
    assert!(
        !panic_in_draw,
        "QARI_TEST_PANIC_IN_DRAW: panic inside a frame"
    );
    // The article's rows moved (a scroll): the terminal scrolls them.
    screen.flush(terminal, Some(app.rects.article_text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LayoutOptions;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;

    /// A web page that changed (another content key) resumes from what
    /// was saved under its address, at the nearest place still there.
    #[test]
    fn a_changed_page_resumes_by_its_address() {
        use crate::saved::{Place, url_key};
        let dir = std::env::temp_dir().join(format!("qari-tui-url-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::at(&dir);
        let by_address = url_key("https://x.example/a");
        let saved = Saved {
            position: Some(Place {
                section: Some(99),
                block: 5,
            }),
            ..Saved::new(&by_address)
        };
        store.save(&saved).expect("save");
        let resume = Resume {
            store: store.clone(),
            key: "content".into(),
            fresh: false,
            url_key: Some(by_address.clone()),
            recent: None,
        };
        let Loaded::Found(found) = resume.load() else {
            panic!("found by address");
        };
        assert_eq!(found.key, "content");
        assert_eq!(found.position, saved.position);
        // Saved under the content key, that one is read first.
        store.save(&Saved::new("content")).expect("save");
        assert_eq!(resume.load(), Loaded::Found(Saved::new("content")));
        // Without an address, nothing.
        let file = Resume {
            key: "other".into(),
            url_key: None,
            ..resume
        };
        assert_eq!(file.load(), Loaded::Nothing);
        // A place past the end of the page: its last section.
        let article = crate::source::bundled();
        let sections = article.sections.len();
        let mut app = App::new(article, AppOptions::default(), (100, 30));
        app.restore(&found);
        assert_eq!(app.current_place().section, Some(sections - 1));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The saver writes the home document's state and what was read of
    /// it to the recent list; with `--fresh` (no state file written) it
    /// still lists the reading, and has nothing left to do once it has
    /// saved (the loop does not wake for it again).
    #[test]
    fn the_saver_keeps_the_state_and_the_list() {
        let dir = std::env::temp_dir().join(format!("qari-tui-saver-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let doc = dir.join("doc.md");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(&doc, "x").expect("doc");
        let opts = AppOptions {
            doc_path: Some(doc.clone()),
            ..AppOptions::default()
        };
        let location = location_of(&opts).expect("a file is listed");
        assert_eq!(location, Location::File(doc.canonicalize().expect("path")));
        let mut app = App::new(crate::source::bundled(), opts, (100, 30));
        let list = RecentFile::at(dir.join("recent.json"));
        for save_state in [true, false] {
            let store = Store::at(dir.join(format!("articles-{save_state}")));
            app.remembered = Some(Remembered {
                key: "k".into(),
                url_key: None,
                save_state,
                location: Some(location.clone()),
            });
            let mut saver = Saver {
                store: store.clone(),
                recent: Some(list.clone()),
                last: None,
                last_read: None,
                error: None,
                recent_error: None,
                open_due: false,
            };
            assert_eq!(saver.opened(&app), None);
            update(&mut app, Action::Bottom);
            assert!(saver.changed(&app));
            saver.save(&app);
            assert!(!saver.changed(&app), "nothing left to save");
            let listed = list.load().list().expect("the list");
            assert_eq!(listed.entries.len(), 1);
            assert_eq!(listed.entries[0].percent, 100);
            let state = store.load("k");
            assert_eq!(matches!(state, Loaded::Found(_)), save_state, "{state:?}");
            update(&mut app, Action::Top);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The bug: after a burst of resizes the last Resize event could be
    /// larger than the terminal, and drawing at its size panicked with
    /// "index outside of buffer". Here the reader is laid out larger than
    /// the terminal, then the terminal shrinks between two frames: each
    /// frame is laid out for the terminal's size before it is drawn.
    #[test]
    fn a_stale_resize_never_draws_outside_the_frame() {
        let opts = AppOptions {
            max_width: 80,
            layout: LayoutOptions::default(),
            ui_lang: None,
            bidi_note: String::new(),
            ..AppOptions::default()
        };
        let mut app = App::new(crate::source::bundled(), opts, (140, 42));
        let mut terminal = Terminal::new(TestBackend::new(120, 10)).expect("test terminal");
        let theme = Theme::from_env();
        let mut screen = Screen::new(true);
        draw_frame(&mut terminal, &mut screen, &mut app, &theme, false).expect("draw");
        assert_eq!(app.size, (120, 10));
        assert_eq!(app.rects.status.bottom(), 10, "laid out for the frame");
        // A resize that the loop has not read yet.
        terminal.backend_mut().resize(70, 8);
        update(&mut app, Action::Resize(140, 42));
        draw_frame(&mut terminal, &mut screen, &mut app, &theme, false).expect("draw");
        assert_eq!(app.size, (70, 8));
        assert_eq!(terminal.backend().buffer().area, Rect::new(0, 0, 70, 8));
        let status: String = (0..70)
            .map(|x| terminal.backend().buffer()[(x, 7)].symbol().to_owned())
            .collect();
        assert!(
            status.contains('%'),
            "the status line on the last row: {status:?}"
        );
    }
}
