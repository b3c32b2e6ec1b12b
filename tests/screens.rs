//! Whole-screen snapshots of the reader on the bundled article, drawn on
//! ratatui's TestBackend. Each snapshot was read by a person: the layout is
//! mirrored (navigator right, FAQ left), the text is shaped and reordered,
//! the scrollbar is on the left and the progress bar fills from the right.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use qari::app::keymap::action_for_key;
use qari::app::{App, AppOptions, update};
use qari::model::Article;
use qari::ui::{draw, theme::Theme};
use ratatui::{Terminal, backend::TestBackend};

fn screen(w: u16, h: u16, keys: &[KeyCode]) -> Terminal<TestBackend> {
    let article: Article =
        serde_json::from_str(include_str!("../assets/article.json")).expect("article");
    let opts = AppOptions {
        max_width: 80,
        layout: Default::default(),
        ui_lang: None,
        bidi_note: "app".into(),
    };
    let mut app = App::new(article, opts, (w, h));
    for &code in keys {
        if let Some(a) = action_for_key(&KeyEvent::new(code, KeyModifiers::NONE), app.help) {
            update(&mut app, a);
        }
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| draw(f, &app, &Theme { color: false }))
        .expect("draw");
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
