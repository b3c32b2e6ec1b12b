//! Links in the reader, driven without a terminal: the list (`L`),
//! following an anchor, a footnote, a local file, an address, and
//! `Backspace` back to the same place.

use crossterm::event::KeyCode;
use qari::app::{App, AppOptions, Mode};
use qari::doc::Part;
use qari::model::{Block, Notes, Text};

mod reader;

use reader::{keys, press};

fn filler(n: usize) -> String {
    (0..n)
        .map(|i| format!("فقرة رقم {i} من النص الذي يملأ الشاشة.\n\n"))
        .collect()
}

fn doc() -> String {
    format!(
        "# الدليل\n\nاقرأ [الخاتمة](#الخاتمة) و[الملف](other.md#ثان) و[الموقع](https://example.com/a) \
         و[الحاشية](#fn-2) و[مفقود](#لا-شيء).\n\n## مقدمة\n\n{}## الخاتمة\n\nالنهاية.\n\n{}",
        filler(30),
        filler(10)
    )
}

fn open(src: &str, path: Option<&std::path::Path>) -> App {
    let mut article = qari::import::markdown::parse(src);
    // Notes come from another importer's work: put some in by hand.
    if let Some(last) = article.sections.last_mut() {
        last.blocks.push(Block::Notes(Notes {
            start: 1,
            // Enough notes below the second that it can be scrolled to the top.
            items: ["أولى", "ثانية"]
                .into_iter()
                .map(Text::plain)
                .chain((3..40).map(|i| Text::plain(format!("ملاحظة {i}"))))
                .collect(),
        }));
    }
    let opts = AppOptions {
        doc_path: path.map(ToOwned::to_owned),
        ..AppOptions::default()
    };
    App::new(article, opts, (100, 20))
}

/// Opens the list and presses Enter on link `n` (from 0).
fn follow(app: &mut App, n: usize) {
    keys(app, "L");
    for _ in 0..n {
        keys(app, "j");
    }
    press(app, KeyCode::Enter);
}

#[test]
fn the_list_shows_the_links_on_screen_and_the_status_line_the_target() {
    let mut a = open(&doc(), None);
    keys(&mut a, "L");
    assert_eq!(a.mode, Mode::Links(0));
    let links = a.visible_links();
    let texts: Vec<&str> = links.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["الخاتمة", "الملف", "الموقع", "الحاشية", "مفقود"]);
    assert_eq!(a.message.as_deref(), Some("#الخاتمة"));
    keys(&mut a, "jj");
    assert_eq!(a.mode, Mode::Links(2));
    assert_eq!(a.message.as_deref(), Some("https://example.com/a"));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Up);
    assert_eq!(a.mode, Mode::Links(2));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Reading);
    assert!(!a.quit);
    // Scrolled past the paragraph: no link on screen.
    keys(&mut a, "jjjjjjjj");
    keys(&mut a, "L");
    assert_eq!(a.mode, Mode::Reading);
}

#[test]
fn an_anchor_jumps_to_its_heading_and_backspace_returns_to_the_same_row() {
    let mut a = open(&doc(), None);
    keys(&mut a, "j");
    let before = a.article_view.top;
    follow(&mut a, 0);
    assert_eq!(a.mode, Mode::Reading);
    let conclusion = qari::doc::Part::Section(
        a.article
            .sections
            .iter()
            .position(|s| {
                s.heading
                    .as_ref()
                    .is_some_and(|h| h.to_plain() == "الخاتمة")
            })
            .expect("heading"),
    );
    assert_eq!(a.current_part(), conclusion);
    assert_ne!(a.article_view.top, before);
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article_view.top, before);
    // Nothing left to go back to: said, not quit.
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article_view.top, before);
    assert!(a.message.is_some() && !a.quit);
}

#[test]
fn a_footnote_link_goes_to_its_note_and_a_missing_anchor_is_said() {
    let mut a = open(&doc(), None);
    let before = a.article_view.top;
    follow(&mut a, 3);
    // The note opens over the text, which stays where it was.
    assert_eq!(
        a.mode,
        Mode::Note {
            number: 2,
            scroll: 0
        }
    );
    assert_eq!(a.article_view.top, before);
    let popup: Vec<String> = a.note_rows().iter().map(|r| r.text.clone()).collect();
    assert_eq!(popup.len(), 1, "{popup:?}");
    assert!(popup[0].contains("ﺔﻴﻧﺎﺛ"), "{popup:?}");
    // Esc closes it; following again and Enter goes to the note itself.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Reading);
    assert!(a.history.is_empty());
    follow(&mut a, 3);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Reading);
    let last = a.article.sections.len() - 1;
    assert_eq!(a.current_part(), Part::Section(last));
    // The note itself is the top row, not its block's rule.
    let top = a.visible_rows().next().expect("a row");
    assert!(
        top.text.contains("ﺔﻴﻧﺎﺛ") || top.text.contains("ثانية"),
        "{:?}",
        top.text
    );
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article_view.top, before);
    follow(&mut a, 4);
    assert_eq!(a.article_view.top, before);
    assert!(a.message.as_deref().is_some_and(|m| m.contains("#لا-شيء")));
    assert!(a.history.is_empty());
}

#[test]
fn an_address_is_copied_and_shown() {
    let mut a = open(&doc(), None);
    follow(&mut a, 2);
    assert_eq!(a.copy_request.as_deref(), Some("https://example.com/a"));
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.ends_with("https://example.com/a"))
    );
    assert!(a.open_request.is_none() && a.history.is_empty());
}

/// What the loop does with an open request (tui.rs), without a terminal.
fn serve(app: &mut App) {
    let request = app.open_request.take().expect("an open request");
    match qari::source::load_path(&request.path) {
        Ok(article) => app.open_document(article, &request),
        Err(e) => app.message = Some(e.to_string()),
    }
}

#[test]
fn a_local_file_opens_at_its_anchor_and_backspace_returns_to_the_first() {
    let dir = std::env::temp_dir().join(format!("qari-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let first = dir.join("index.md");
    std::fs::write(&first, doc()).expect("write");
    let other = format!(
        "# آخر\n\n## أول\n\n{}## ثان\n\n[عودة](#أول) هنا.\n\n{}",
        filler(30),
        filler(10)
    );
    std::fs::write(dir.join("other.md"), &other).expect("write");

    let mut a = open(&doc(), Some(&first));
    keys(&mut a, "j");
    let before = a.article_view.top;
    let title = a.article.title.to_plain();
    follow(&mut a, 1);
    serve(&mut a);
    assert_eq!(a.article.title.to_plain(), "آخر");
    assert_eq!(a.current_part(), Part::Section(1), "at «ثان»");
    assert_eq!(a.home().article.title.to_plain(), title);
    // An anchor in the second file, then back twice.
    let there = a.article_view.top;
    follow(&mut a, 0);
    assert_eq!(a.current_part(), Part::Section(0));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article.title.to_plain(), "آخر");
    assert_eq!(a.article_view.top, there);
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article.title.to_plain(), title);
    assert_eq!(a.article_view.top, before);
    assert!(a.history.is_empty());

    // A file that is not there: one status-line message, same document.
    std::fs::remove_file(dir.join("other.md")).expect("remove");
    follow(&mut a, 1);
    serve(&mut a);
    assert_eq!(a.article.title.to_plain(), title);
    assert!(a.message.as_deref().is_some_and(|m| m.contains("other.md")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_note_popup_is_drawn_over_the_text_with_its_number() {
    use qari::ui::{draw, theme::Theme};
    use ratatui::{Terminal, backend::TestBackend};
    let mut a = open(&doc(), None);
    follow(&mut a, 3);
    let mut term = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
    term.draw(|f| draw(f, &a, &Theme::mono())).expect("draw");
    let screen: Vec<String> = term
        .backend()
        .buffer()
        .content()
        .chunks(100)
        .map(|row| row.iter().map(|c| c.symbol()).collect())
        .collect();
    let framed = screen
        .iter()
        .position(|l| l.contains("[2]"))
        .expect("the popup's title");
    assert!(
        screen[framed + 1].contains("ﺔﻴﻧﺎﺛ"),
        "the note under its title: {:?}",
        &screen[framed..framed + 2]
    );
}
