//! What qari remembers of each article between runs: the reading position,
//! the open FAQ answers and the bookmarks, in one small JSON file per
//! article in the XDG state directory (`~/.local/state/qari/articles/`),
//! named by a hash of the article's text — the same article read from
//! another path or format resumes too.
//!
//! Positions are paragraphs (part and block), not rows, so they hold at any
//! width. Files are replaced atomically (written beside, then renamed), and
//! a file that cannot be read as ours is reported and left as it is: never
//! fatal, never overwritten.

use crate::model::Article;
use serde::{Deserialize, Serialize};
use std::io::Write;
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

/// The key of an article: a hash of its title, texts and their order (the
/// same article in JSON or Markdown has the same key).
pub fn article_key(article: &Article) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    crate::model::walk::for_each_text(article, &mut |t| {
        for span in &t.spans {
            hasher.update(span.text.as_bytes());
        }
        // A separator no text holds, so that moving a boundary changes the key.
        hasher.update(&[0xFF]);
    });
    format!("{:016x}", hasher.digest())
}

/// What reading the state of an article found.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing saved yet.
    Nothing,
    /// The saved state.
    Found(Saved),
    /// A file is there but cannot be used; the message says why (one line).
    /// It is left as it is, and not written over.
    Unusable(String),
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
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Nothing,
            Err(e) => return Loaded::Unusable(format!("cannot read {}: {e}", shown(&path))),
        };
        let saved: Saved = match serde_json::from_slice(&bytes) {
            Ok(s) => s,
            Err(e) => {
                return Loaded::Unusable(format!(
                    "{} is not a qari state file ({e}); left as is",
                    shown(&path)
                ));
            }
        };
        if saved.format != FORMAT || saved.key != key {
            Loaded::Unusable(format!(
                "{} belongs to another article or program; left as is",
                shown(&path)
            ))
        } else if saved.version != VERSION {
            Loaded::Unusable(format!(
                "{} is from another qari version ({}); left as is",
                shown(&path),
                saved.version
            ))
        } else {
            Loaded::Found(saved)
        }
    }

    /// Writes `saved` atomically: to a file beside it, then renamed over it,
    /// so a crash leaves the old state or the new one, never half of one.
    pub fn save(&self, saved: &Saved) -> Result<(), String> {
        let path = self.path(&saved.key);
        let fail = |what: &str, e: std::io::Error| format!("cannot {what} {}: {e}", shown(&path));
        std::fs::create_dir_all(&self.dir).map_err(|e| fail("create the folder of", e))?;
        let tmp = self
            .dir
            .join(format!(".{}.json.{}.tmp", saved.key, std::process::id()));
        let json =
            serde_json::to_vec_pretty(saved).map_err(|e| format!("cannot encode state: {e}"))?;
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(&json)?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail("write", e));
        }
        Ok(())
    }
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
                Loaded::Unusable(msg) => {
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
        assert!(err.contains("articles") && !err.contains('\n'), "{err}");
        assert!(matches!(
            store.load("k"),
            Loaded::Unusable(_) | Loaded::Nothing
        ));
    }

    #[test]
    fn the_key_follows_the_text_not_its_format() {
        let a = crate::model::load::bundled();
        let mut b = a.clone();
        assert_eq!(article_key(&a), article_key(&b));
        b.title.spans[0].text.push('!');
        assert_ne!(article_key(&a), article_key(&b));
    }
}
