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
    let article: Article =
        serde_json::from_str(include_str!("../assets/article.json")).expect("article");
    let opts = AppOptions {
        max_width: 80,
        layout: LayoutOptions {
            ordering: Ordering::Logical,
            shaping: false,
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
    // The title row of the article: logical, unshaped, opened by FSI and
    // closed by PDI; nothing in presentation forms anywhere on the screen.
    let art = app.rects.article_text;
    let title: String = (art.x..art.right())
        .map(|x| buf[(x, art.y)].symbol().to_string())
        .collect();
    let opened = title.find('\u{2068}').expect("FSI");
    let closed = title.find('\u{2069}').expect("PDI");
    assert!(opened < closed);
    assert!(
        title[opened..closed].contains("ما أهمية تعزيز التعاون"),
        "{title}"
    );
    for y in 0..35 {
        assert!(
            !row(y)
                .chars()
                .any(|c| ('\u{FB50}'..='\u{FEFF}').contains(&c)),
            "shaped text on row {y}"
        );
    }
    // Every pane title and the status line are isolated too.
    assert_eq!(
        row(0).matches('\u{2068}').count(),
        2,
        "FAQ and contents titles: {}",
        row(0)
    );
    assert!(row(34).contains('\u{2068}') && row(34).contains('\u{2069}'));
}
