//! The documents read lately (`qari --recent`, the reader's `O` picker): one
//! small JSON file, `$XDG_STATE_HOME/qari/recent.json` (by default
//! `~/.local/state/qari/recent.json`), beside the per-article state files of
//! [`crate::saved`].
//!
//! Each entry holds the document's title, where it was read from (a file by
//! its canonical path, or a web address), when it was last opened and how
//! much of it was read (the status line's percentage). Newest first, at most
//! [`MAX_ENTRIES`]; a document is listed once. What is listed: a file or a
//! page the reader opened and whose place it remembers (the document given
//! on the command line, or one opened from the picker). Not listed: standard
//! input (nothing to reopen), the bundled article (`qari` alone opens it),
//! documents opened by following a link (their place is not remembered),
//! and `--dump` (it does not read, it prints).
//!
//! Like the state files the list is replaced atomically, and a file that is
//! not ours is reported in one line and never written over.

use crate::saved::{SaveError, StateError};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// The `format` tag of the list file.
const FORMAT: &str = "qari-recent";
/// The layout of the list file written by this qari.
const VERSION: u32 = 1;
/// The most documents listed; the oldest go first.
pub const MAX_ENTRIES: usize = 100;
/// The most characters of a title kept.
const TITLE_CHARS: usize = 200;

/// Where a listed document was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A file, by its canonical (absolute) path.
    File(PathBuf),
    /// A web page, by its address (reopening fetches it again).
    Url(String),
}

impl Location {
    /// The location as shown: the path or the address, control characters
    /// neutralised.
    pub fn shown(&self) -> String {
        match self {
            Location::File(p) => crate::model::sanitize::string(&p.display().to_string()),
            Location::Url(u) => crate::model::sanitize::string(u),
        }
    }

    /// A file that is not there any more (a page never is missing: it is
    /// fetched to find out).
    pub fn is_missing(&self) -> bool {
        matches!(self, Location::File(p) if !p.is_file())
    }
}

/// One document read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its title, as written (sanitized, at most [`TITLE_CHARS`]).
    pub title: String,
    /// Where it was read from.
    pub location: Location,
    /// When it was last opened, in seconds since the Unix epoch (UTC).
    pub opened: u64,
    /// How much of it was read, 0–100.
    pub percent: u8,
}

impl Entry {
    /// An entry for `title` at `location`, opened at `opened`, not read yet.
    pub fn new(title: &str, location: Location, opened: u64) -> Entry {
        let title = crate::model::sanitize::string(title);
        let title = match title.char_indices().nth(TITLE_CHARS) {
            Some((cut, _)) => format!("{}…", &title[..cut]),
            None => title,
        };
        Entry {
            title,
            location,
            opened,
            percent: 0,
        }
    }
}

/// The list as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recent {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file layout's version.
    pub version: u32,
    /// Newest first.
    pub entries: Vec<Entry>,
}

impl Default for Recent {
    fn default() -> Self {
        Recent {
            format: FORMAT.to_owned(),
            version: VERSION,
            entries: Vec::new(),
        }
    }
}

impl Recent {
    /// `entry` was opened: listed first (once), the oldest dropped past
    /// [`MAX_ENTRIES`]. What was read of it before is kept when the entry
    /// says nothing was read yet.
    pub fn opened(&mut self, mut entry: Entry) {
        if let Some(old) = self.take(&entry.location)
            && entry.percent == 0
        {
            entry.percent = old.percent;
        }
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_ENTRIES);
    }

    /// How much of the document at `location` was read; false when it is
    /// not listed (or already says so).
    pub fn read(&mut self, location: &Location, percent: u8) -> bool {
        match self.entries.iter_mut().find(|e| e.location == *location) {
            Some(e) if e.percent != percent => {
                e.percent = percent.min(100);
                true
            }
            _ => false,
        }
    }

    /// Forgets the document at `location`; false when it was not listed.
    pub fn forget(&mut self, location: &Location) -> bool {
        self.take(location).is_some()
    }

    fn take(&mut self, location: &Location) -> Option<Entry> {
        let at = self.entries.iter().position(|e| e.location == *location)?;
        Some(self.entries.remove(at))
    }
}

/// What reading the list found.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    /// No list yet.
    Nothing,
    /// The list.
    Found(Recent),
    /// A file is there that cannot be used (one line says why); it is left
    /// as it is and not written over.
    Unusable(StateError),
}

impl Loaded {
    /// The list, empty when there is none yet; the error when the file
    /// cannot be used.
    pub fn list(self) -> Result<Recent, StateError> {
        match self {
            Loaded::Nothing => Ok(Recent::default()),
            Loaded::Found(list) => Ok(list),
            Loaded::Unusable(why) => Err(why),
        }
    }
}

/// The list file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentFile {
    path: PathBuf,
}

impl RecentFile {
    /// The list at `path`.
    pub fn at(path: impl Into<PathBuf>) -> RecentFile {
        RecentFile { path: path.into() }
    }

    /// The list in the XDG state directory (`$XDG_STATE_HOME/qari/recent.json`);
    /// `None` without a home.
    pub fn default_location() -> Option<RecentFile> {
        let dirs = directories::ProjectDirs::from("", "", "qari")?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(RecentFile::at(base.join("recent.json")))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the list.
    pub fn load(&self) -> Loaded {
        let path = self.path.clone();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Nothing,
            Err(source) => return Loaded::Unusable(StateError::Read { path, source }),
        };
        let list: Recent = match serde_json::from_slice(&bytes) {
            Ok(l) => l,
            Err(source) => return Loaded::Unusable(StateError::NotState { path, source }),
        };
        if list.format != FORMAT {
            Loaded::Unusable(StateError::Foreign { path })
        } else if list.version != VERSION {
            Loaded::Unusable(StateError::Version {
                path,
                version: list.version,
            })
        } else {
            Loaded::Found(list)
        }
    }

    /// Writes the list atomically (beside, then renamed over).
    pub fn save(&self, list: &Recent) -> Result<(), SaveError> {
        let json = serde_json::to_vec_pretty(list).map_err(SaveError::Encode)?;
        crate::saved::write_atomically(&self.path, &json)
    }

    /// Reads the list, changes it with `change` and writes it back if
    /// `change` says it changed. A list that cannot be used is not touched:
    /// its error is returned. Read afresh each time, so that two readers
    /// open at once lose little of each other's.
    pub fn update(&self, change: impl FnOnce(&mut Recent) -> bool) -> Result<(), ListError> {
        let mut list = self.load().list().map_err(ListError::Unusable)?;
        if change(&mut list) {
            self.save(&list).map_err(ListError::Save)?;
        }
        Ok(())
    }
}

/// Why the list was not updated; one line.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The file there is not a usable list.
    #[error(transparent)]
    Unusable(StateError),
    /// It could not be written.
    #[error(transparent)]
    Save(SaveError),
}

/// Seconds since the Unix epoch now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `secs` since the epoch as an ISO 8601 UTC time, `2026-12-01T05:35:13Z`.
pub fn iso_time(secs: u64) -> String {
    let (y, m, d) = civil_date(secs / 86_400);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `secs` since the epoch as an ISO 8601 date, `2026-12-01`.
pub fn iso_date(secs: u64) -> String {
    let (y, m, d) = civil_date(secs / 86_400);
    format!("{y:04}-{m:02}-{d:02}")
}

/// When `then` was, seen from `now`: "just now", "5 min ago", "3 h ago",
/// "yesterday", "4 days ago", else its date.
pub fn relative_time(then: u64, now: u64) -> String {
    let ago = now.saturating_sub(then);
    match ago {
        _ if then > now + 60 => iso_date(then),
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", ago / 60),
        3600..86_400 => format!("{} h ago", ago / 3600),
        86_400..172_800 => "yesterday".to_owned(),
        172_800..604_800 => format!("{} days ago", ago / 86_400),
        _ => iso_date(then),
    }
}

/// [`relative_time`] in Arabic: «الآن», «منذ ٥ د», «منذ ٣ س», «أمس»,
/// «منذ ٤ أيام», else the date (its digits as the labels write them).
pub fn relative_time_ar(then: u64, now: u64) -> String {
    let labels = crate::labels::Labels::of(crate::labels::UiLang::Ar);
    let ago = now.saturating_sub(then);
    let n = |k: u64| labels.number(k as usize);
    match ago {
        _ if then > now + 60 => iso_date(then),
        0..60 => "الآن".to_owned(),
        60..3600 => format!("منذ {} د", n(ago / 60)),
        3600..86_400 => format!("منذ {} س", n(ago / 3600)),
        86_400..172_800 => "أمس".to_owned(),
        172_800..604_800 => format!("منذ {} أيام", n(ago / 86_400)),
        _ => iso_date(then),
    }
}

/// The proleptic Gregorian date of day `days` since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// How `qari --recent` writes the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// For scripts: tab-separated, times in ISO 8601.
    Tabs,
    /// For a terminal: aligned columns, relative times; titles shaped and
    /// reordered by qari ([`Ordering::Visual`](crate::text::Ordering)) or
    /// left to a terminal that does bidi itself.
    Table(crate::text::Ordering),
}

/// `qari --recent`: the list, newest first, one line per document. For a
/// terminal ([`Report::Table`]), aligned columns: when (relative), percent,
/// title, location, a missing file marked; else ([`Report::Tabs`])
/// `last-opened<TAB>percent<TAB>title<TAB>location`, the time in ISO 8601
/// UTC and the percent a bare number (tabs and line breaks in a title are
/// spaces).
pub fn report(list: &Recent, now: u64, how: Report) -> String {
    let mut out = String::new();
    let Report::Table(ordering) = how else {
        for e in &list.entries {
            let title: String = e
                .title
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect();
            let location = e.location.shown().replace(['\t', '\n'], " ");
            out.push_str(&format!(
                "{}\t{}\t{title}\t{location}\n",
                iso_time(e.opened),
                e.percent
            ));
        }
        return out;
    };
    let whens: Vec<String> = list
        .entries
        .iter()
        .map(|e| relative_time(e.opened, now))
        .collect();
    let when_width = whens.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let titles: Vec<String> = list
        .entries
        .iter()
        .map(|e| shown_title(&fit(&e.title, 40), ordering))
        .collect();
    let title_width = titles.iter().map(|t| cells(t)).max().unwrap_or(0);
    for ((e, when), title) in list.entries.iter().zip(&whens).zip(&titles) {
        let pad = title_width - cells(title);
        let missing = if e.location.is_missing() {
            "  (missing)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{when:<when_width$}  {:>3}%  {title}{}  {}{missing}\n",
            e.percent,
            " ".repeat(pad),
            e.location.shown()
        ));
    }
    out
}

/// A title as the terminal should get it: shaped and in visual order when
/// qari does bidi (a right-to-left title reads right to left in its column).
fn shown_title(title: &str, ordering: crate::text::Ordering) -> String {
    if ordering == crate::text::Ordering::Logical {
        return title.to_owned();
    }
    let opts = crate::text::LayoutOptions {
        width: 1_000,
        ..crate::text::LayoutOptions::default()
    };
    crate::text::layout_str(title, &opts)
        .lines
        .first()
        .map_or_else(String::new, |l| l.text.clone())
}

fn cells(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` cells, with `…` when cut.
fn fit(s: &str, max: usize) -> String {
    if cells(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if cells(&out) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) >= max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Ordering;

    fn temp_file(name: &str) -> RecentFile {
        let dir = std::env::temp_dir().join(format!("qari-recent-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        RecentFile::at(dir.join("recent.json"))
    }

    fn entry(n: u64) -> Entry {
        Entry::new(
            &format!("مقال {n}"),
            Location::File(PathBuf::from(format!("/docs/{n}.md"))),
            1_000 + n,
        )
    }

    #[test]
    fn the_list_round_trips() {
        let file = temp_file("roundtrip");
        assert_eq!(file.load(), Loaded::Nothing);
        let mut list = Recent::default();
        list.opened(entry(1));
        list.opened(Entry::new(
            "page",
            Location::Url("https://x.example/a".into()),
            5,
        ));
        assert!(list.read(&Location::Url("https://x.example/a".into()), 42));
        file.save(&list).expect("save");
        assert_eq!(file.load(), Loaded::Found(list));
        let dir = file.path().parent().expect("dir");
        let names: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["recent.json"], "no temporary file left");
    }

    #[test]
    fn newest_first_once_each_and_bounded() {
        let mut list = Recent::default();
        for n in 0..(MAX_ENTRIES as u64 + 20) {
            list.opened(entry(n));
        }
        assert_eq!(list.entries.len(), MAX_ENTRIES);
        assert_eq!(list.entries[0], entry(MAX_ENTRIES as u64 + 19));
        assert_eq!(list.entries[MAX_ENTRIES - 1], entry(20), "the oldest went");
        // Reopened: moved to the front, not listed twice, its percent kept.
        list.read(&entry(50).location, 70);
        list.opened(Entry {
            opened: 9_999,
            ..entry(50)
        });
        assert_eq!(list.entries.len(), MAX_ENTRIES);
        assert_eq!(list.entries[0].location, entry(50).location);
        assert_eq!(list.entries[0].percent, 70);
        assert_eq!(list.entries[0].opened, 9_999);
        assert_eq!(
            list.entries
                .iter()
                .filter(|e| e.location == entry(50).location)
                .count(),
            1
        );
        assert!(list.forget(&entry(50).location));
        assert!(!list.forget(&entry(50).location));
        assert_eq!(list.entries.len(), MAX_ENTRIES - 1);
    }

    #[test]
    fn a_corrupt_or_foreign_list_is_reported_and_kept() {
        let file = temp_file("bad");
        std::fs::create_dir_all(file.path().parent().expect("dir")).expect("dir");
        let json = serde_json::to_string(&Recent::default()).expect("json");
        let foreign = json.replace("qari-recent", "other-app");
        let newer = json.replace("\"version\":1", "\"version\":7");
        for content in ["{\"format\":\"qari-rec", "\u{1b}[2J", &foreign, &newer, ""] {
            std::fs::write(file.path(), content).expect("write");
            let Loaded::Unusable(why) = file.load() else {
                panic!("{content:?} is not a list");
            };
            let msg = why.to_string();
            assert!(msg.contains("recent.json") && !msg.contains('\n'), "{msg}");
            let err = file
                .update(|l| {
                    l.opened(entry(1));
                    true
                })
                .expect_err("not written over");
            assert!(matches!(err, ListError::Unusable(_)), "{err:?}");
            assert_eq!(std::fs::read_to_string(file.path()).expect("kept"), content);
        }
    }

    #[test]
    fn titles_are_sanitized_and_bounded() {
        let e = Entry::new(
            &format!("a\u{1b}[2Jb{}", "x".repeat(500)),
            entry(1).location,
            0,
        );
        assert!(!e.title.contains('\u{1b}'), "{}", e.title);
        assert_eq!(e.title.chars().count(), TITLE_CHARS + 1);
    }

    #[test]
    fn times_read_as_dates() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_795_844_113), "2026-11-28T05:35:13Z");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        let now = 1_795_844_113;
        assert_eq!(relative_time(now - 5, now), "just now");
        assert_eq!(relative_time(now - 300, now), "5 min ago");
        assert_eq!(relative_time(now - 3 * 3600, now), "3 h ago");
        assert_eq!(relative_time(now - 86_400 - 5, now), "yesterday");
        assert_eq!(relative_time(now - 4 * 86_400, now), "4 days ago");
        assert_eq!(relative_time(now - 30 * 86_400, now), "2026-10-29");
        assert_eq!(relative_time(now + 86_400, now), "2026-11-29", "the future");
    }

    #[test]
    fn the_report_for_scripts_is_tab_separated() {
        let mut list = Recent::default();
        list.opened(Entry::new(
            "a\tb",
            Location::Url("https://x.example/".into()),
            0,
        ));
        list.read(&Location::Url("https://x.example/".into()), 7);
        assert_eq!(
            report(&list, 10, Report::Tabs),
            "1970-01-01T00:00:00Z\t7\ta b\thttps://x.example/\n"
        );
    }

    #[test]
    fn the_report_for_a_terminal_aligns_its_columns() {
        let mut list = Recent::default();
        list.opened(entry(1));
        list.opened(Entry::new(
            "A longer title",
            Location::Url("https://x.example/".into()),
            1_000 + 7_200,
        ));
        let report = report(&list, 1_000 + 7_300, Report::Table(Ordering::Logical));
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            "1 min ago    0%  A longer title  https://x.example/"
        );
        assert_eq!(
            lines[1],
            "2 h ago      0%  مقال 1          /docs/1.md  (missing)"
        );
        // Shaped and reordered when qari does bidi, the columns kept.
        let visual = super::report(&list, 1_000 + 7_300, Report::Table(Ordering::Visual));
        let lines: Vec<&str> = visual.lines().collect();
        assert_eq!(
            lines[1],
            "2 h ago      0%  1 ﻝﺎﻘﻣ          /docs/1.md  (missing)"
        );
    }
}
