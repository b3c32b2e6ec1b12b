//! Whole-screen snapshots of the reader on the bundled article, drawn on
//! ratatui's TestBackend. Each snapshot was read by a person: the layout is
//! mirrored (navigator right, FAQ left), the text is shaped and reordered,
//! the scrollbar is on the left and the progress bar fills from the right.

use crossterm::event::KeyCode;
use qari::app::{App, AppOptions};
use qari::model::Article;
use qari::ui::{draw, theme::Theme};
use ratatui::{Terminal, backend::TestBackend};

mod reader;

fn screen(w: u16, h: u16, keys: &[KeyCode]) -> Terminal<TestBackend> {
    let mut app = reader::app(w, h);
    for &code in keys {
        reader::press(&mut app, code);
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| draw(f, &app, &Theme::mono())).expect("draw");
    term
}

#[test]
fn wide_faq_closed() {
    insta::assert_snapshot!(screen(120, 35, &[]).backend());
}

#[test]
fn wide_faq_open() {
    use KeyCode::{Char, Enter, Tab};
    insta::assert_snapshot!(screen(120, 35, &[Tab, Enter, Char('j'), Enter]).backend());
}

#[test]
fn narrow() {
    insta::assert_snapshot!(screen(50, 20, &[]).backend());
}

#[test]
fn narrow_after_next_section() {
    insta::assert_snapshot!(screen(50, 20, &[KeyCode::Char(']')]).backend());
}

#[test]
fn help_overlay() {
    insta::assert_snapshot!(screen(60, 20, &[KeyCode::Char('?')]).backend());
}

#[test]
fn search_hit_and_bookmark_list() {
    // Two bookmarks, the second selected; a search's count on the status line.
    let mut keys: Vec<KeyCode> = "]m]m/".chars().map(KeyCode::Char).collect();
    keys.extend("الامن".chars().map(KeyCode::Char));
    keys.extend([KeyCode::Enter, KeyCode::Char('\''), KeyCode::Char('j')]);
    insta::assert_snapshot!(screen(80, 24, &keys).backend());
}

#[test]
fn terminal_bidi_mode_writes_logical_text_in_isolates() {
    use qari::text::{LayoutOptions, Ordering};
    use unicode_normalization::UnicodeNormalization;
    let article: Article =
        serde_json::from_str(include_str!("../assets/article.json")).expect("article");
    let opts = AppOptions {
        max_width: 80,
        layout: LayoutOptions {
            ordering: Ordering::Logical,
            shaping: true,
            ..LayoutOptions::default()
        },
        ui_lang: None,
        bidi_note: "terminal".into(),
        ..AppOptions::default()
    };
    let app = App::new(article, opts, (120, 35));
    let mut term = Terminal::new(TestBackend::new(120, 35)).expect("terminal");
    term.draw(|f| draw(f, &app, &Theme::mono())).expect("draw");
    let buf = term.backend().buffer();
    let row = |y: u16| -> String { (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect() };
    // The title row of the article: logical, shaped into presentation forms
    // (which the terminals that reorder keep), opened by RLI and closed by
    // PDI.
    let art = app.rects.article_text;
    let title: String = (art.x..art.right())
        .map(|x| buf[(x, art.y)].symbol().to_string())
        .collect();
    let opened = title.find('\u{2067}').expect("RLI");
    let closed = title.find('\u{2069}').expect("PDI");
    assert!(opened < closed);
    let inside = &title[opened..closed];
    assert!(
        inside
            .chars()
            .any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)),
        "{title}"
    );
    let folded: String = inside.nfkc().collect();
    assert!(folded.contains("ما أهمية تعزيز التعاون"), "{title}");
    // The direction is given, never guessed (FSI).
    for y in 0..35 {
        assert!(!row(y).contains('\u{2068}'), "FSI on row {y}");
    }
    // Every pane title is isolated, and each segment of the status line.
    assert_eq!(
        row(0).matches('\u{2067}').count(),
        2,
        "FAQ and contents titles: {}",
        row(0)
    );
    // The progress segment is built in visual order: a left-to-right one.
    let status = row(34);
    let openers = status.matches(['\u{2066}', '\u{2067}']).count();
    assert!(openers >= 4, "{status}");
    assert_eq!(status.matches('\u{2066}').count(), 1, "{status}");
    assert_eq!(openers, status.matches('\u{2069}').count(), "{status}");
}

/// The picker of recent documents (`O`) over the article, in Arabic: each
/// title shaped and right-aligned with its percent and when, a missing
/// file marked, the filter on the first line.
#[test]
fn recent_picker() {
    use qari::app::recent::Listed;
    use qari::recent::{Entry, Location};
    let listed = |title: &str, path: &str, opened: u64, percent: u8, missing: bool| Listed {
        entry: Entry {
            percent,
            ..Entry::new(title, Location::File(path.into()), opened)
        },
        missing,
    };
    let mut app = reader::app(80, 14);
    reader::keys(&mut app, "O");
    app.show_recent(
        Ok(vec![
            listed(
                "ما أهمية التعاون العسكري",
                "/docs/qatar.md",
                999_900,
                35,
                false,
            ),
            listed(
                "Notes on Rust",
                "/docs/rust.md",
                1_000_000 - 7_200,
                100,
                false,
            ),
            listed(
                "مقالة قديمة",
                "/gone/old.md",
                1_000_000 - 3 * 86_400,
                10,
                true,
            ),
        ]),
        1_000_000,
    );
    reader::keys(&mut app, "/ال");
    let mut term = Terminal::new(TestBackend::new(80, 14)).expect("terminal");
    term.draw(|f| draw(f, &app, &Theme::mono())).expect("draw");
    insta::assert_snapshot!(term.backend());
}
