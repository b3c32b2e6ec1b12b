//! The picker of the documents read lately (`O`): a list over the text,
//! newest first, filtered as a filter is typed (`/`, matched as search
//! matches: tashkeel, hamza forms, digits and case ignored), `Enter` opens
//! the chosen document at its saved place, `d` forgets it, `Esc` closes.
//!
//! Pure, like the rest of `app`: the loop reads the list file when asked
//! ([`RecentRequest::List`], answered with [`App::show_recent`]), writes
//! what was forgotten ([`RecentRequest::Forget`]) and opens the chosen
//! document through the links' [`OpenRequest`] with `remember` set.

use super::action::Action;
use super::links::OpenRequest;
use super::mode::Mode;
use super::state::App;
use crate::recent::{Entry, Location};
use crate::search::Query;
use std::path::PathBuf;

/// What the loop should do with the list file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecentRequest {
    /// Read it and hand it to [`App::show_recent`].
    List,
    /// Remove this document from it.
    Forget(Location),
}

/// Under what a document's reading is remembered: its state file's keys
/// ([`crate::saved`]) and its place in the recent list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remembered {
    /// [`crate::saved::article_key`] of the document.
    pub key: String,
    /// [`crate::saved::url_key`] of a web page.
    pub url_key: Option<String>,
    /// Whether its state file is written (not with `--fresh`, nor over a
    /// file that cannot be used).
    pub save_state: bool,
    /// Where it was read from, as listed (`None`: not listed).
    pub location: Option<Location>,
}

/// A listed document, as the picker shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The list's entry.
    pub entry: Entry,
    /// A file that is not there any more (looked at when the list was read).
    pub missing: bool,
}

/// The picker's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    /// Every listed document, newest first.
    pub entries: Vec<Listed>,
    /// The filter as typed.
    pub filter: String,
    /// The filter has the keys (after `/`).
    pub typing: bool,
    /// The selected one among those [`Picker::shown`].
    pub selected: usize,
    /// When the list was read, in seconds since the epoch (for "2 h ago").
    pub now: u64,
}

impl Picker {
    /// The indices of the entries the filter lets through, in order: those
    /// whose title or location matches it as search matches.
    pub fn shown(&self) -> Vec<usize> {
        let Some(query) = Query::new(&self.filter) else {
            return (0..self.entries.len()).collect();
        };
        (0..self.entries.len())
            .filter(|&i| {
                let e = &self.entries[i].entry;
                query.count_in(&e.title) > 0 || query.count_in(&e.location.shown()) > 0
            })
            .collect()
    }

    /// The selected entry, if any is shown.
    pub fn chosen(&self) -> Option<&Listed> {
        let i = *self.shown().get(self.selected)?;
        self.entries.get(i)
    }

    fn select(&mut self, delta: isize) {
        let last = self.shown().len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    fn filter_changed(&mut self) {
        self.selected = 0;
    }
}

/// The picker takes its own actions (and a resize).
pub(super) fn update_recent(app: &mut App, action: Action) {
    let Mode::Recent(picker) = &mut app.mode else {
        return;
    };
    match action {
        Action::Down => picker.select(1),
        Action::Up => picker.select(-1),
        Action::SearchPrompt => picker.typing = true,
        Action::PromptInput(c) => {
            picker.filter.push(c);
            picker.filter_changed();
        }
        Action::PromptBackspace => {
            picker.filter.pop();
            picker.filter_changed();
        }
        Action::PromptCancel => {
            picker.typing = false;
            picker.filter.clear();
            picker.filter_changed();
        }
        Action::Activate | Action::PromptSubmit => app.open_chosen(),
        Action::DeleteBookmark => app.forget_chosen(),
        Action::Back => app.mode = Mode::Reading,
        Action::Quit => app.quit = true,
        Action::Resize(w, h) => app.relayout((w, h)),
        _ => {}
    }
    app.say_chosen();
}

impl App {
    /// The loop read the list (`now` is when): opens the picker, or says
    /// that nothing is listed, or why the list cannot be read.
    pub fn show_recent(&mut self, list: Result<Vec<Listed>, String>, now: u64) {
        match list {
            Err(why) => self.message = Some(crate::model::sanitize::string(&why)),
            Ok(entries) if entries.is_empty() => {
                self.message = Some(self.labels.no_recent.to_owned());
            }
            Ok(entries) => {
                self.mode = Mode::Recent(Box::new(Picker {
                    entries,
                    filter: String::new(),
                    typing: false,
                    selected: 0,
                    now,
                }));
                self.say_chosen();
            }
        }
    }

    /// While the picker is open, the status line shows where the selected
    /// document is (unless there is something else to say).
    fn say_chosen(&mut self) {
        let Some(listed) = self.mode.recent().and_then(Picker::chosen) else {
            return;
        };
        let location = isolated(&listed.entry.location);
        self.message.get_or_insert(location);
    }

    /// `Enter`: opens the chosen document (asks the loop to), unless its
    /// file is missing, which is said on the status line, or it is the one
    /// being read, which only closes the picker.
    fn open_chosen(&mut self) {
        let Some(listed) = self.mode.recent().and_then(Picker::chosen).cloned() else {
            return;
        };
        if listed.missing {
            self.message = Some(format!(
                "{} {}",
                self.labels.missing,
                isolated(&listed.entry.location)
            ));
            return;
        }
        self.mode = Mode::Reading;
        let here = self.remembered.as_ref().and_then(|r| r.location.as_ref());
        if here == Some(&listed.entry.location) {
            // The document being read: nothing to open.
            return;
        }
        let (path, url) = match listed.entry.location {
            Location::File(path) => (path, None),
            Location::Url(url) => (PathBuf::new(), Some(url)),
        };
        self.open_request = Some(OpenRequest {
            path,
            fragment: None,
            url,
            remember: true,
        });
    }

    /// `d`: forgets the chosen document (the loop writes the list); the
    /// picker closes when nothing is left.
    fn forget_chosen(&mut self) {
        let Mode::Recent(picker) = &mut self.mode else {
            return;
        };
        let Some(&i) = picker.shown().get(picker.selected) else {
            return;
        };
        let gone = picker.entries.remove(i);
        picker.select(0);
        let empty = picker.entries.is_empty();
        self.recent_request = Some(RecentRequest::Forget(gone.entry.location));
        if empty {
            self.mode = Mode::Reading;
            self.message = Some(self.labels.no_recent.to_owned());
        }
    }
}

/// A location in a first-strong isolate (FSI … PDI), so that in an
/// Arabic line a path keeps its own order (`/docs/a.md`, not `docs/a.md/`).
pub fn isolated(location: &Location) -> String {
    format!("\u{2068}{}\u{2069}", location.shown())
}
