//! What qari remembers of each article between runs: the reading position,
//! the open FAQ answers and the bookmarks, in one small JSON file per
//! article in the XDG state directory (`~/.local/state/qari/articles/`),
//! named by a hash of the article's text — the same article read from
//! another path or format resumes too. A web page is also saved under its
//! address ([`url_key`]), read when its text has changed.
//!
//! Positions are paragraphs (part and block), not rows, so they hold at any
//! width. Files are replaced atomically (written beside, then renamed), and
//! a file that cannot be read as ours is reported and left as it is: never
//! fatal, never overwritten.

use crate::model::{Article, Block, Text};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The `format` tag of qari's state files.
const FORMAT: &str = "qari-state";
/// The layout of the state files written by this qari.
const VERSION: u32 = 1;

/// A paragraph of the article: the title part (`section` none) or a block of
/// a section, as numbered in [`crate::doc::Anchor::block`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Index in the article's sections; none for the title and lead.
    pub section: Option<usize>,
    /// Block (paragraph or list) within the section; 0 for its heading.
    pub block: u32,
}

/// A bookmark: a place and the start of its text, to recognise it by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Where it points.
    pub place: Place,
    /// The beginning of the paragraph, as written.
    pub label: String,
}

/// Everything remembered of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// Always [`FORMAT`]: a file that says otherwise is not ours.
    pub format: String,
    /// The file layout's version.
    pub version: u32,
    /// [`article_key`] of the article.
    pub key: String,
    /// The paragraph at the top of the view.
    pub position: Option<Place>,
    /// FAQ answers left open.
    #[serde(default)]
    pub open_answers: Vec<usize>,
    /// Bookmarks in the order they were set.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

impl Saved {
    /// Nothing remembered yet of the article with `key`.
    pub fn new(key: &str) -> Saved {
        Saved {
            format: FORMAT.to_owned(),
            version: VERSION,
            key: key.to_owned(),
            position: None,
            open_answers: Vec::new(),
            bookmarks: Vec::new(),
        }
    }
}

/// The key of an article: a hash of its title, texts and their order in
/// reading order ([`crate::model::walk::texts`]); the same article in JSON
/// or Markdown has the same key.
pub fn article_key(article: &Article) -> String {
    key_of(crate::model::walk::texts(article))
}

/// The key of a web page by its address (without the `#fragment`): the
/// state of a page is saved under its [`article_key`] and under this one,
/// so that a page that has changed since (another hash) still resumes,
/// at the nearest place that is still there.
pub fn url_key(url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let hash = xxhash_rust::xxh3::xxh3_64(url.as_bytes());
    format!("url-{hash:016x}")
}

/// The key earlier qari gave the article, hashing its texts in the order of
/// [`legacy_texts`]. It equals [`article_key`] whenever the two orders
/// agree: every article without quotes, and every one in which each quote
/// is the last block of the list it stands in.
/// [`Store::migrate`] moves the state saved under it.
pub fn legacy_article_key(article: &Article) -> String {
    let mut texts = Vec::new();
    legacy_texts(article, &mut |t| texts.push(t));
    key_of(texts)
}

/// The hash of `texts` in their order, as a key.
fn key_of<'a>(texts: impl IntoIterator<Item = &'a Text>) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for t in texts {
        for span in &t.spans {
            hasher.update(span.text.as_bytes());
        }
        // A separator no text holds, so that moving a boundary changes the key.
        hasher.update(&[0xFF]);
    }
    format!("{:016x}", hasher.digest())
}

/// The texts in the order keys were hashed in before [`crate::model::walk`]
/// (title, questions and answers, headings and blocks; within blocks, each
/// quote after its siblings and the last quote first: `a [q1 [q2]] b` read
/// `a b q1 q2`, `a [q1] [q2]` read `a q2 q1`). Frozen: only for finding the
/// files saved under those keys.
fn legacy_texts<'a>(article: &'a Article, f: &mut dyn FnMut(&'a Text)) {
    let blocks = |blocks: &'a [Block], f: &mut dyn FnMut(&'a Text)| {
        let mut stack: Vec<&[Block]> = vec![blocks];
        while let Some(list) = stack.pop() {
            for block in list {
                match block {
                    Block::Paragraph(t) => f(t),
                    Block::Bullets(items) | Block::Numbered(items) => {
                        items.iter().for_each(&mut *f)
                    }
                    Block::Quote(inner) => stack.push(inner),
                    // Not in the model when these keys were made.
                    _ => {}
                }
            }
        }
    };
    f(&article.title);
    for entry in &article.faq {
        f(&entry.question);
        blocks(&entry.answer, f);
    }
    for section in &article.sections {
        if let Some(h) = &section.heading {
            f(h);
        }
        blocks(&section.blocks, f);
    }
}

/// What reading the state of an article found.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing saved yet.
    Nothing,
    /// The saved state.
    Found(Saved),
    /// A file is there but cannot be used; the error says why (one line).
    /// It is left as it is, and not written over.
    Unusable(StateError),
}

/// Why a state file that is there cannot be used; each shows as one line
/// naming the file.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", shown(path))]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: io::Error,
    },
    /// Not JSON, or not the fields of a state file (truncated, say).
    #[error("{} is not a qari state file ({source}); left as is", shown(path))]
    NotState {
        /// The file.
        path: PathBuf,
        /// Where decoding stopped.
        source: serde_json::Error,
    },
    /// Another program's file, or another article's.
    #[error("{} belongs to another article or program; left as is", shown(path))]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// Written by a qari with another layout of the file.
    #[error("{} is from another qari version ({version}); left as is", shown(path))]
    Version {
        /// The file.
        path: PathBuf,
        /// The version the file says it has.
        version: u32,
    },
}

/// Equal when they name the same problem with the same file; of the
/// causes only their kinds are compared (I/O errors are not comparable).
impl PartialEq for StateError {
    fn eq(&self, other: &Self) -> bool {
        use StateError::{Foreign, NotState, Read, Version};
        match (self, other) {
            (Read { path, source }, Read { path: p, source: s }) => {
                path == p && source.kind() == s.kind()
            }
            (NotState { path, source }, NotState { path: p, source: s }) => {
                path == p && source.classify() == s.classify()
            }
            (Foreign { path }, Foreign { path: p }) => path == p,
            (
                Version { path, version },
                Version {
                    path: p,
                    version: v,
                },
            ) => path == p && version == v,
            _ => false,
        }
    }
}

impl Eq for StateError {}

/// Why the state of an article was not written; one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The store's folder cannot be made.
    #[error("cannot create the folder of {}: {source}", shown(path))]
    CreateFolder {
        /// The file that was to be written.
        path: PathBuf,
        /// Why not.
        source: io::Error,
    },
    /// The state cannot be encoded as JSON.
    #[error("cannot encode state: {0}")]
    Encode(#[source] serde_json::Error),
    /// Writing the file beside it, or renaming it over it, failed.
    #[error("cannot write {}: {source}", shown(path))]
    Write {
        /// The file.
        path: PathBuf,
        /// Why not.
        source: io::Error,
    },
}

/// The directory holding one state file per article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The store in the XDG state directory (`$XDG_STATE_HOME/qari/articles`,
    /// by default `~/.local/state/qari/articles`); `None` without a home.
    pub fn default_location() -> Option<Store> {
        let dirs = directories::ProjectDirs::from("", "", "qari")?;
        let base = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf();
        Some(Store::at(base.join("articles")))
    }

    /// The file of the article with `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// Reads the state of the article with `key`.
    pub fn load(&self, key: &str) -> Loaded {
        let path = self.path(key);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Nothing,
            Err(source) => return Loaded::Unusable(StateError::Read { path, source }),
        };
        let saved: Saved = match serde_json::from_slice(&bytes) {
            Ok(s) => s,
            Err(source) => return Loaded::Unusable(StateError::NotState { path, source }),
        };
        if saved.format != FORMAT || saved.key != key {
            Loaded::Unusable(StateError::Foreign { path })
        } else if saved.version != VERSION {
            Loaded::Unusable(StateError::Version {
                path,
                version: saved.version,
            })
        } else {
            Loaded::Found(saved)
        }
    }

    /// Moves the state of an article saved under its `legacy` key (see
    /// [`legacy_article_key`]) to its `key`, when nothing is under `key`
    /// yet: read, rewritten under `key` atomically, then the legacy file
    /// removed. Returns whether a state was moved.
    ///
    /// The legacy file is removed, not left: this qari never reads it again
    /// (the file under `key` is found first), so it would lie there for
    /// good, and it is removed only once the new file is in place, so a
    /// crash between the two leaves both and loses nothing. A legacy file
    /// that cannot be used is left as it is and not moved; the article then
    /// starts afresh under `key`.
    pub fn migrate(&self, key: &str, legacy: &str) -> Result<bool, SaveError> {
        if key == legacy || self.load(key) != Loaded::Nothing {
            return Ok(false);
        }
        let Loaded::Found(saved) = self.load(legacy) else {
            return Ok(false);
        };
        self.save(&Saved {
            key: key.to_owned(),
            ..saved
        })?;
        // Best effort: a leftover legacy file is never read again.
        let _ = std::fs::remove_file(self.path(legacy));
        Ok(true)
    }

    /// Writes `saved` atomically: to a file beside it, then renamed over it,
    /// so a crash leaves the old state or the new one, never half of one.
    pub fn save(&self, saved: &Saved) -> Result<(), SaveError> {
        let json = serde_json::to_vec_pretty(saved).map_err(SaveError::Encode)?;
        write_atomically(&self.path(&saved.key), &json)
    }
}

/// Writes `bytes` to `path` atomically: to a file beside it (`.NAME.PID.tmp`),
/// then renamed over it, so a crash leaves the old file or the new one,
/// never half of one. Makes the folder if need be.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(SaveError::Write {
            path: path.to_owned(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
        });
    };
    if let Err(source) = std::fs::create_dir_all(dir) {
        return Err(SaveError::CreateFolder {
            path: path.to_owned(),
            source,
        });
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(SaveError::Write {
            path: path.to_owned(),
            source: e,
        });
    }
    Ok(())
}

/// A path for a one-line message, with control characters neutralised.
fn shown(path: &Path) -> String {
    crate::model::sanitize::string(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("qari-saved-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn sample(key: &str) -> Saved {
        Saved {
            position: Some(Place {
                section: Some(2),
                block: 3,
            }),
            open_answers: vec![1],
            bookmarks: vec![Bookmark {
                place: Place {
                    section: None,
                    block: 1,
                },
                label: "تتجه العلاقات".into(),
            }],
            ..Saved::new(key)
        }
    }

    #[test]
    fn pages_are_keyed_by_address_without_fragment() {
        let a = url_key("https://x.example/a#top");
        assert_eq!(a, url_key("https://x.example/a"));
        assert_ne!(a, url_key("https://x.example/b"));
        assert!(a.starts_with("url-") && a.len() == 20, "{a}");
        let store = Store::at(temp_dir("url"));
        store.save(&sample(&a)).expect("save");
        assert_eq!(store.load(&a), Loaded::Found(sample(&a)));
    }

    #[test]
    fn saves_and_loads_back() {
        let store = Store::at(temp_dir("roundtrip"));
        assert_eq!(store.load("abc"), Loaded::Nothing);
        store.save(&sample("abc")).expect("save");
        assert_eq!(store.load("abc"), Loaded::Found(sample("abc")));
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(&store.dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["abc.json"]);
    }

    #[test]
    fn truncated_corrupt_or_foreign_files_are_reported_and_kept() {
        let store = Store::at(temp_dir("bad"));
        std::fs::create_dir_all(&store.dir).expect("dir");
        let json = serde_json::to_string(&sample("k")).expect("json");
        let foreign = json.replace("qari-state", "other-app");
        let newer = json.replace("\"version\":1", "\"version\":9");
        let wrong_key = json.replace("\"key\":\"k\"", "\"key\":\"zz\"");
        for (what, content) in [
            ("truncated", &json[..json.len() / 2]),
            ("corrupt", "\u{1b}[2J not json"),
            ("foreign", &foreign),
            ("newer", &newer),
            ("wrong key", &wrong_key),
            ("empty", ""),
        ] {
            std::fs::write(store.path("k"), content).expect("write");
            match store.load("k") {
                Loaded::Unusable(err) => {
                    let msg = err.to_string();
                    assert!(
                        !msg.contains('\n') && !msg.contains('\u{1b}'),
                        "{what}: {msg}"
                    );
                    assert!(msg.contains("k.json"), "{what}: {msg}");
                }
                other => panic!("{what}: {other:?}"),
            }
            assert_eq!(
                std::fs::read_to_string(store.path("k")).expect("kept"),
                content
            );
        }
    }

    #[test]
    fn each_unusable_file_says_why_in_one_line() {
        let store = Store::at(temp_dir("why"));
        std::fs::create_dir_all(&store.dir).expect("dir");
        let path = store.path("k");
        let json = serde_json::to_string(&sample("k")).expect("json");
        let unusable = |content: &str| {
            std::fs::write(&path, content).expect("write");
            match store.load("k") {
                Loaded::Unusable(err) => err,
                other => panic!("{content}: {other:?}"),
            }
        };
        let err = unusable(&json.replace("qari-state", "other-app"));
        assert_eq!(err, StateError::Foreign { path: path.clone() });
        assert_eq!(
            err.to_string(),
            format!(
                "{} belongs to another article or program; left as is",
                path.display()
            )
        );
        let err = unusable(&json.replace("\"version\":1", "\"version\":9"));
        assert_eq!(
            err.to_string(),
            format!(
                "{} is from another qari version (9); left as is",
                path.display()
            )
        );
        let err = unusable("{");
        let StateError::NotState { source, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(
            err.to_string(),
            format!(
                "{} is not a qari state file ({source}); left as is",
                path.display()
            )
        );
        // A folder where the file should be: unreadable even for root.
        std::fs::remove_file(&path).expect("remove");
        std::fs::create_dir(&path).expect("folder");
        let Loaded::Unusable(err) = store.load("k") else {
            panic!("a folder is not a state file");
        };
        let StateError::Read { source, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(
            err.to_string(),
            format!("cannot read {}: {source}", path.display())
        );
    }

    #[test]
    fn a_writer_killed_midway_leaves_the_old_state() {
        // What a killed writer leaves: its temporary file, never a torn state.
        let store = Store::at(temp_dir("killed"));
        store.save(&sample("k")).expect("save");
        let tmp = store.dir.join(".k.json.99999.tmp");
        std::fs::write(&tmp, "{\"format\":\"qari-st").expect("partial");
        assert_eq!(store.load("k"), Loaded::Found(sample("k")));
    }

    #[test]
    fn an_unwritable_store_is_an_error_not_a_panic() {
        // A file where the folder should be: fails even for root.
        let base = temp_dir("unwritable");
        std::fs::create_dir_all(&base).expect("dir");
        std::fs::write(base.join("articles"), "").expect("file");
        let store = Store::at(base.join("articles"));
        let err = store.save(&sample("k")).expect_err("cannot save");
        assert!(matches!(err, SaveError::CreateFolder { .. }), "{err:?}");
        let source = std::error::Error::source(&err).expect("the I/O error");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot create the folder of {}: {source}",
                store.path("k").display()
            )
        );
        let err = err.to_string();
        assert!(err.contains("articles") && !err.contains('\n'), "{err}");
        assert!(matches!(
            store.load("k"),
            Loaded::Unusable(_) | Loaded::Nothing
        ));
    }

    #[test]
    fn the_key_follows_the_text_not_its_format() {
        let a = crate::source::bundled();
        let mut b = a.clone();
        assert_eq!(article_key(&a), article_key(&b));
        b.title.spans[0].text.push('!');
        assert_ne!(article_key(&a), article_key(&b));
    }

    /// Texts in an order the legacy walk reads differently: `qb qa` in the
    /// answer, `a b i1 i2 q1 q3 q2` in the section.
    fn quoted() -> Article {
        let p = |s: &str| Block::Paragraph(Text::plain(s));
        Article {
            title: Text::plain("t"),
            faq: vec![crate::model::FaqEntry {
                question: Text::plain("q"),
                answer: vec![Block::Quote(vec![p("qa")]), p("qb")],
            }],
            sections: vec![crate::model::Section {
                level: 0,
                heading: None,
                blocks: vec![
                    p("a"),
                    Block::Quote(vec![p("q1"), Block::Quote(vec![p("q2")]), p("q3")]),
                    p("b"),
                    Block::Bullets(vec![Text::plain("i1"), Text::plain("i2")]),
                ],
            }],
            ..Article::default()
        }
    }

    #[test]
    fn legacy_keys_are_the_ones_earlier_qari_saved_under() {
        // Computed by qari before the one reading-order walk (59535da).
        assert_eq!(legacy_article_key(&quoted()), "852c2416b6b348ab");
        assert_ne!(article_key(&quoted()), legacy_article_key(&quoted()));
    }

    #[test]
    fn without_quotes_the_key_has_not_changed() {
        let bundled = crate::source::bundled();
        assert_eq!(article_key(&bundled), "ab977bee772d2884");
        assert_eq!(legacy_article_key(&bundled), article_key(&bundled));
    }

    #[test]
    fn a_state_under_the_legacy_key_is_found_and_saved_under_the_new_one() {
        let store = Store::at(temp_dir("legacy"));
        let (key, legacy) = (article_key(&quoted()), legacy_article_key(&quoted()));
        store.save(&sample(&legacy)).expect("save");
        assert_eq!(store.load(&key), Loaded::Nothing);
        assert!(store.migrate(&key, &legacy).expect("moved"));
        assert_eq!(store.load(&key), Loaded::Found(sample(&key)));
        assert_eq!(store.load(&legacy), Loaded::Nothing, "the old file is gone");
        // Done once: the next open finds the new file.
        assert!(!store.migrate(&key, &legacy).expect("nothing to move"));
        assert_eq!(store.load(&key), Loaded::Found(sample(&key)));
    }

    #[test]
    fn a_state_under_the_new_key_wins_over_a_legacy_one() {
        let store = Store::at(temp_dir("both"));
        let mut newer = sample("new");
        newer.bookmarks.clear();
        store.save(&newer).expect("save");
        store.save(&sample("old")).expect("save");
        assert!(!store.migrate("new", "old").expect("nothing moved"));
        assert_eq!(store.load("new"), Loaded::Found(newer));
        assert_eq!(store.load("old"), Loaded::Found(sample("old")));
    }

    #[test]
    fn an_unusable_legacy_file_is_left_and_not_moved() {
        let store = Store::at(temp_dir("legacy-bad"));
        std::fs::create_dir_all(&store.dir).expect("dir");
        std::fs::write(store.path("old"), "{ truncated").expect("write");
        assert!(!store.migrate("new", "old").expect("nothing moved"));
        assert_eq!(store.load("new"), Loaded::Nothing);
        assert_eq!(
            std::fs::read_to_string(store.path("old")).expect("kept"),
            "{ truncated"
        );
    }
}
