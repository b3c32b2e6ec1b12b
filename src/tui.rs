//! The interactive reader's loop: the only place that reads terminal events.
//!
//! draw (only when something changed) → block on the next event → map it to
//! an action → `update`. There is no tick: an idle reader sleeps in
//! `event::read` and uses no CPU.

use crate::app::input::action_for_event;
use crate::app::{Action, App, AppOptions, update};
use crate::model::Article;
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

/// Keeps the state file up to date: written once the reader has been idle
/// for [`SAVE_AFTER_IDLE`] after a change, and on quit.
struct Saver<'a> {
    resume: &'a Resume,
    /// What the file holds.
    last: Option<Saved>,
    /// The last failure, said on quit.
    error: Option<SaveError>,
}

impl Saver<'_> {
    /// The place kept is the first document's, even while a document
    /// opened from a link is shown.
    fn changed(&self, app: &App) -> bool {
        self.last.as_ref() != Some(&app.home().snapshot(&self.resume.key))
    }

    fn save(&mut self, app: &App) {
        let app = app.home();
        let snap = app.snapshot(&self.resume.key);
        if self.last.as_ref() == Some(&snap) {
            return;
        }
        let by_address = self.resume.url_key.as_ref().map(|key| Saved {
            key: key.clone(),
            ..snap.clone()
        });
        let saved = self
            .resume
            .store
            .save(&snap)
            .and_then(|()| by_address.map_or(Ok(()), |s| self.resume.store.save(&s)));
        match saved {
            Ok(()) => {
                self.last = Some(snap);
                self.error = None;
            }
            Err(why) => self.error = Some(why),
        }
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
) -> io::Result<()> {
    let crate::source::Opened { article, rest, .. } = opened;
    let fetch = web.fetch;
    // The rest of a book read in parts, from a worker.
    let share = rest.as_ref().map(crate::import::epub::Parts::share);
    let mut rest = rest.map(|parts| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(parts.whole());
        });
        rx
    });
    // The session installs the restoring panic hook and signal thread.
    let (mut session, mut terminal) = TerminalSession::start(mode, tweaks)?;
    // crossterm installs its SIGWINCH handler with its event reader, on the
    // first poll: do it before reading the size, or a resize between the
    // first frame and the first read is lost.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    let mut app = App::new(article, opts, (size.width, size.height));
    app.partial = share;
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
                if beyond && let Some(rx) = rest.take() {
                    match rx.recv() {
                        Ok(whole) => app.grow(whole),
                        // The worker failed: what is here is all there is.
                        Err(_) => app.partial = None,
                    }
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
    let mut saver = resume.as_ref().filter(|_| save).map(|r| Saver {
        resume: r,
        last: match r.store.load(&r.key) {
            Loaded::Found(s) => Some(s),
            _ => None,
        },
        error: None,
    });
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
    if let Some(s) = saver.as_mut() {
        s.save(&app);
        if let Some(why) = &s.error {
            eprintln!("qari: reading position not saved: {why}");
        }
    }
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    copy_to: Option<&Path>,
    mut saver: Option<&mut Saver>,
    fetch: &FetchOptions,
    rest: &mut Option<std::sync::mpsc::Receiver<Article>>,
) -> io::Result<()> {
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
        match rest.as_ref().map(|rx| rx.try_recv()) {
            Some(Ok(whole)) => {
                app.grow(whole);
                *rest = None;
                dirty = true;
            }
            Some(Err(std::sync::mpsc::TryRecvError::Disconnected)) => {
                app.partial = None;
                *rest = None;
                dirty = true;
            }
            _ => {}
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
                update(app, action);
                dirty = true;
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
                open(app, &request, fetch);
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
/// on the status line.
pub fn open(app: &mut App, request: &crate::app::links::OpenRequest, fetch: &FetchOptions) {
    if let Some(url) = &request.url {
        return open_page(app, request, url, fetch);
    }
    let loaded = if request.path.is_file() {
        crate::source::load_path(&request.path).map_err(|e| e.to_string())
    } else {
        Err(format!("{}: not a file", request.path.display()))
    };
    match loaded {
        Ok(article) => app.open_document(article, request),
        Err(why) => app.message = Some(crate::model::sanitize::string(&why)),
    }
}

/// Fetches the page a followed link names and opens it in the reader; a
/// page that cannot be fetched is said on the status line.
fn open_page(
    app: &mut App,
    request: &crate::app::links::OpenRequest,
    url: &str,
    fetch: &FetchOptions,
) {
    match crate::source::url::load(url, fetch) {
        Ok((article, at)) => {
            let request = crate::app::links::OpenRequest {
                url: Some(at),
                ..request.clone()
            };
            app.open_document(article, &request);
        }
        Err(why) => app.message = Some(why.to_string()),
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
        draw_frame(
            &mut terminal,
            &mut Screen::new(true),
            &mut app,
            &theme,
            false,
        )
        .expect("draw");
        assert_eq!(app.size, (120, 10));
        assert_eq!(app.rects.status.bottom(), 10, "laid out for the frame");
        // A resize that the loop has not read yet.
        terminal.backend_mut().resize(70, 8);
        update(&mut app, Action::Resize(140, 42));
        draw_frame(
            &mut terminal,
            &mut Screen::new(true),
            &mut app,
            &theme,
            false,
        )
        .expect("draw");
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
