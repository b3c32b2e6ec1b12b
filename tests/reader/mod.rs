//! The reader driven without a terminal, shared by the state-machine tests:
//! the bundled article, a reader on it, and keys pressed through the event
//! loop's router (`app::input`).
#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use qari::app::input::action_for_event;
use qari::app::{App, AppOptions, update};
use qari::doc::{Anchor, ComposeOptions, Composed, FaqMode, compose_article};
use qari::model::Article;

/// The bundled article.
pub fn bundled() -> Article {
    serde_json::from_str(include_str!("../../assets/article.json")).expect("bundled article")
}

/// A reader on `article` in a `w`×`h` terminal, default options.
pub fn reader(article: Article, w: u16, h: u16) -> App {
    let opts = AppOptions {
        bidi_note: "app".into(),
        ..AppOptions::default()
    };
    App::new(article, opts, (w, h))
}

/// A reader on the bundled article.
pub fn app(w: u16, h: u16) -> App {
    reader(bundled(), w, h)
}

/// One key press, mapped by the event loop's router.
pub fn press(app: &mut App, code: KeyCode) {
    let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(a) = action_for_event(&ev, app) {
        update(app, a);
    }
}

/// Each character of `s` pressed in turn.
pub fn keys(app: &mut App, s: &str) {
    s.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

/// The article composed whole at the reader's width, as the dump would.
pub fn whole(app: &App) -> Composed {
    let opts = ComposeOptions {
        width: app.article_view.width,
        layout: app.opts.layout,
        labels: app.labels,
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    };
    compose_article(&app.article, &opts)
}

/// The anchor of the first row with text on screen (the top row may be a
/// blank separator).
pub fn first_text_anchor(app: &App) -> Anchor {
    app.visible_rows()
        .find(|r| !r.is_blank())
        .expect("a row with text on screen")
        .anchor
}
