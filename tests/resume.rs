//! Resume and bookmarks: the reader returns to the same paragraph (at any
//! width), keeps open answers and bookmarks; the real binary does it across
//! runs through its state file, and `--fresh` starts at the top.

use crossterm::event::KeyCode;
use qari::app::{App, AppOptions};
use qari::saved::Place;

mod reader;

use reader::{app, first_text_anchor, keys, press};

/// Part and block of the first row with text on screen.
fn top_paragraph(app: &App) -> (qari::doc::Part, u32) {
    let anchor = first_text_anchor(app);
    (anchor.part, anchor.block)
}

#[test]
fn a_snapshot_restores_the_paragraph_at_another_width() {
    let mut a = app(120, 35);
    keys(&mut a, "]jjjj");
    let before = top_paragraph(&a);
    let saved = a.snapshot("key");
    assert_eq!(
        saved.position,
        Some(Place {
            section: Some(1),
            block: before.1
        })
    );
    for (w, h) in [(120, 35), (70, 20), (50, 15)] {
        let mut b = app(w, h);
        b.restore(&saved);
        assert_eq!(top_paragraph(&b), before, "at {w}x{h}");
        assert_eq!(
            first_text_anchor(&b).line,
            0,
            "the paragraph's first line on top"
        );
    }
}

#[test]
fn open_answers_and_bookmarks_come_back() {
    let mut a = app(120, 35);
    keys(&mut a, "o");
    keys(&mut a, "]m]m");
    assert_eq!(a.bookmarks.len(), 2);
    let saved = a.snapshot("key");
    assert_eq!(saved.open_answers, [0, 1]);
    let mut b = app(120, 35);
    b.restore(&saved);
    assert_eq!(b.faq.open, [true, true]);
    assert_eq!(b.bookmarks, a.bookmarks);
}

#[test]
fn bookmark_list_jumps_and_deletes() {
    let mut a = app(120, 35);
    keys(&mut a, "]");
    let first = top_paragraph(&a);
    keys(&mut a, "m");
    assert!(a.message.is_some(), "setting a bookmark says so");
    keys(&mut a, "m");
    assert_eq!(a.bookmarks.len(), 1, "one bookmark per paragraph");
    keys(&mut a, "]m");
    let second = top_paragraph(&a);
    assert_ne!(first, second);
    keys(&mut a, "g'");
    assert_eq!(a.mode.bookmark(), Some(0));
    keys(&mut a, "j");
    assert_eq!(
        a.mode.bookmark(),
        Some(1),
        "j moves in the list, not the article"
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode.bookmark(), None);
    assert_eq!(top_paragraph(&a), second);
    // The list opens on the first; d deletes it and selects what follows.
    keys(&mut a, "g'd");
    assert_eq!(a.bookmarks.len(), 1);
    assert_eq!(a.mode.bookmark(), Some(0));
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        top_paragraph(&a),
        second,
        "the first was deleted; the second is left"
    );
    keys(&mut a, "'");
    press(&mut a, KeyCode::Esc);
    assert!(
        a.mode.bookmark().is_none() && !a.quit,
        "Esc closes the list only"
    );
}

/// The bug: with `[keys] down = ["x"]`, `x` moved the article but did
/// nothing in the bookmark list, whose keys were the defaults whatever the
/// config file said.
#[test]
fn config_keys_work_in_the_bookmark_list() {
    let text = "[keys]\ndown = [\"x\"]\ndelete_bookmark = [\"X\"]\n";
    let (config, warnings) = qari::config::parse(text, "c.toml").expect("config");
    assert!(warnings.is_empty(), "{warnings:?}");
    let opts = AppOptions {
        keymap: config.keymap,
        bidi_note: "app".into(),
        ..AppOptions::default()
    };
    let mut a = App::new(reader::bundled(), opts, (120, 35));
    keys(&mut a, "]m]m'");
    assert_eq!((a.bookmarks.len(), a.mode.bookmark()), (2, Some(0)));
    keys(&mut a, "x");
    assert_eq!(a.mode.bookmark(), Some(1), "x is down in the list too");
    keys(&mut a, "j");
    assert_eq!(a.mode.bookmark(), Some(1), "j is down no more");
    keys(&mut a, "d");
    assert_eq!(a.bookmarks.len(), 2, "d deletes no more");
    keys(&mut a, "X");
    assert_eq!(a.bookmarks.len(), 1, "X deletes");
    assert_eq!(a.mode.bookmark(), Some(0));
}

#[test]
fn without_bookmarks_the_list_says_so() {
    let mut a = app(120, 35);
    keys(&mut a, "'");
    assert!(a.mode.bookmark().is_none());
    assert!(a.message.as_deref().is_some_and(|m| m.contains('m')));
    keys(&mut a, "j");
    assert!(a.message.is_none(), "a message lasts until the next key");
}

#[cfg(unix)]
mod qari_pty;

#[cfg(unix)]
#[test]
fn quitting_and_reopening_returns_to_the_same_place() {
    use qari::text::{Direction, LayoutOptions, layout_str};
    use qari_pty::Reader;
    let shown = |text: &str| {
        let opts = LayoutOptions {
            width: 200,
            document_dir: Direction::Rtl,
            ..LayoutOptions::default()
        };
        layout_str(text, &opts).lines[0].text.clone()
    };
    let state = std::env::temp_dir().join(format!("qari-resume-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let env = [
        ("XDG_STATE_HOME", state.to_str().expect("path")),
        ("NO_COLOR", "1"),
    ];
    let heading = shown("أهمية التعاون");
    let title = shown("ما أهمية تعزيز التعاون");

    let mut r = Reader::start(&["--bidi", "app"], &env, 120, 35);
    r.wait_until("the article", |r| r.text().contains(&title));
    r.press(b"]]");
    r.wait_until("the second section on top", |r| {
        r.rows()[1].contains(&heading)
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
    let saved = std::fs::read_dir(state.join("qari/articles"))
        .expect("state folder")
        .count();
    assert_eq!(saved, 1, "one state file");

    // Reopened narrower: the same section on top.
    let mut r = Reader::start(&["--bidi", "app"], &env, 90, 25);
    r.wait_until("the second section on top again", |r| {
        r.rows()[1].contains(&heading)
    });
    r.press(b"q");
    assert!(r.wait_exit().success());

    // --fresh: the top, and the saved place is left for next time.
    let mut r = Reader::start(&["--bidi", "app", "--fresh"], &env, 120, 35);
    r.wait_until("the title on top", |r| r.rows()[1].contains(&title));
    r.press(b"q");
    assert!(r.wait_exit().success());
    let mut r = Reader::start(&["--bidi", "app"], &env, 120, 35);
    r.wait_until("the second section after --fresh", |r| {
        r.rows()[1].contains(&heading)
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
}

/// The state is written once the reader has been idle a moment, so a
/// reader killed by a signal still reopens where it was.
#[cfg(unix)]
#[test]
fn an_idle_reader_has_saved_its_place_before_it_is_killed() {
    use qari_pty::Reader;
    let state = std::env::temp_dir().join(format!("qari-resume-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let env = [("XDG_STATE_HOME", state.to_str().expect("path"))];
    let mut r = Reader::start(&["--bidi", "app"], &env, 120, 35);
    r.wait_until("the article", |r| {
        r.rows().len() > 10 && r.text().contains('%')
    });
    r.press(b"]]m");
    let folder = state.join("qari/articles");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let saved = loop {
        let text = std::fs::read_dir(&folder)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| std::fs::read_to_string(e.ok()?.path()).ok());
        if let Some(t) = text.filter(|t| t.contains("\"section\": 2")) {
            break t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never saved while idle"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(
        saved.contains("\"bookmarks\"") && saved.contains("\"label\""),
        "{saved}"
    );
    r.signal(rustix::process::Signal::TERM);
    r.wait_exit();
    let file = std::fs::read_dir(&folder).expect("folder").count();
    assert_eq!(file, 1, "no temporary file left behind");
}

/// State saved under the key earlier qari gave an article with quotes (it
/// hashed quotes after their siblings) is found, and saved under the new key.
#[cfg(unix)]
#[test]
fn a_state_saved_under_the_legacy_key_is_found_and_moved() {
    use qari::saved::{Loaded, Place, Saved, Store, article_key, legacy_article_key};
    use qari::text::{Direction, LayoutOptions, layout_str};
    use qari_pty::Reader;
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample.md");
    let article = qari::source::load_path(std::path::Path::new(fixture)).expect("fixture");
    let (key, legacy) = (article_key(&article), legacy_article_key(&article));
    assert_ne!(key, legacy, "the fixture's quote is not its last block");
    let state = std::env::temp_dir().join(format!("qari-resume-legacy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let store = Store::at(state.join("qari/articles"));
    let heading_text = "آراء المشاركين";
    let section = article.sections.iter().position(|s| {
        s.heading
            .as_ref()
            .map(qari::model::Text::to_plain)
            .as_deref()
            == Some(heading_text)
    });
    let place = Place { section, block: 0 };
    store
        .save(&Saved {
            position: Some(place),
            ..Saved::new(&legacy)
        })
        .expect("legacy state");
    let opts = LayoutOptions {
        width: 200,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    let heading = layout_str(heading_text, &opts).lines[0].text.clone();
    let env = [("XDG_STATE_HOME", state.to_str().expect("path"))];
    // Ten rows: the article is short, its last section can only come to
    // the top in a short view.
    let mut r = Reader::start(&["--bidi", "app", fixture], &env, 120, 10);
    r.wait_until("the saved section on top", |r| {
        r.rows()[1].contains(&heading)
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
    match store.load(&key) {
        Loaded::Found(saved) => assert_eq!(saved.position, Some(place)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store.load(&legacy),
        Loaded::Nothing,
        "the legacy file is gone"
    );
}
