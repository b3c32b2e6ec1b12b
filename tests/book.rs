//! The reader on a book: the article is composed lazily around the view and
//! measured by a worker, and what it shows must be exactly what composing
//! the whole article gives, before and after the measurement completes.

use crossterm::event::KeyCode;
use qari::app::state::MEASURE_AT_ONCE_BYTES;
use qari::app::{Action, App, update};
use qari::doc::{Composed, Part};
use qari::model::{Article, Block, Section, Text};

const PROSE: &[&str] = &[
    "تتجه العلاقات العسكرية بين قطر والمغرب نحو مزيد من التنسيق والتكامل.",
    "وَلَمَّا جَاءَ الرَّبِيعُ أَزْهَرَتِ الْأَشْجَارُ، وَغَرَّدَتِ الطُّيُورُ فَوْقَ الْأَغْصَانِ.",
    "أعلنت شركة Apple يوم 12 مارس 2024 عن نمو إيراداتها بنسبة 8.5% (وفق Reuters).",
    "قصير.",
];

/// A book of `chapters` headed sections (the first without a heading) with
/// paragraphs, lists and quotes of varied length.
fn book(chapters: usize) -> Article {
    let mut sections = Vec::new();
    let mut n = 0usize;
    for c in 0..chapters {
        let mut blocks = Vec::new();
        for p in 0..12 {
            n += 1;
            let text: Vec<&str> = (0..1 + n % 5)
                .map(|k| PROSE[(n + k) % PROSE.len()])
                .collect();
            let text = Text::plain(text.join(" "));
            blocks.push(match p % 6 {
                4 => Block::Bullets(vec![text.clone(), Text::plain(PROSE[n % 4])]),
                5 => Block::Quote(vec![
                    Block::Paragraph(text),
                    Block::Numbered(vec![Text::plain("واحد")]),
                ]),
                _ => Block::Paragraph(text),
            });
        }
        sections.push(Section {
            level: 0,
            heading: (c > 0).then(|| Text::plain(format!("الفصل {c}"))),
            blocks,
        });
    }
    Article {
        title: Text::plain("كتاب طويل"),
        sections,
        ..Article::default()
    }
}

mod reader;

use reader::{first_text_anchor, press, reader, whole};

/// The screen's rows are the whole composition's rows at the top index.
fn assert_view_is_exact(app: &App, whole: &Composed, what: &str) {
    let top = app.article_scroll();
    let shown: Vec<&str> = app.visible_rows().map(|r| r.text.as_str()).collect();
    let expected: Vec<&str> = whole.rows[top..]
        .iter()
        .take(app.article_view.height)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(shown, expected, "after {what} (top row {top})");
    assert_eq!(
        shown.len(),
        app.article_view.height.min(whole.rows.len()),
        "{what}: view full"
    );
}

fn text_bytes(a: &Article) -> usize {
    qari::model::walk::texts(a)
        .map(|t| t.to_plain().len())
        .sum()
}

#[test]
fn the_test_book_is_measured_by_the_worker() {
    let b = book(100);
    assert!(
        text_bytes(&b) > MEASURE_AT_ONCE_BYTES,
        "{} bytes",
        text_bytes(&b)
    );
    let a = reader(b, 100, 30);
    assert!(a.is_measuring() || a.article_words().is_some());
}

#[test]
fn every_move_shows_exactly_the_rows_of_the_whole_composition() {
    let mut a = reader(book(100), 100, 30);
    a.finish_measuring();
    let whole = whole(&a);
    assert_eq!(a.article_rows(), whole.rows.len(), "measured rows");
    assert_view_is_exact(&a, &whole, "opening");
    let moves: &[(&str, KeyCode)] = &[
        ("j", KeyCode::Char('j')),
        ("PgDn", KeyCode::PageDown),
        ("]", KeyCode::Char(']')),
        ("]", KeyCode::Char(']')),
        ("k", KeyCode::Char('k')),
        ("G", KeyCode::Char('G')),
        ("k", KeyCode::Char('k')),
        ("PgUp", KeyCode::PageUp),
        ("[", KeyCode::Char('[')),
        ("j", KeyCode::Char('j')),
        ("g", KeyCode::Char('g')),
    ];
    for (name, key) in moves {
        let before = a.article_scroll();
        press(&mut a, *key);
        if *name == "g" {
            press(&mut a, KeyCode::Char('g'));
        }
        assert_view_is_exact(&a, &whole, name);
        match *name {
            "j" => assert_eq!(a.article_scroll(), before + 1),
            "k" => assert_eq!(a.article_scroll(), before - 1),
            "PgDn" => assert_eq!(a.article_scroll(), before + a.article_view.height - 1),
            "G" => assert_eq!(a.article_scroll(), whole.rows.len() - a.article_view.height),
            "g" => assert_eq!(a.article_scroll(), 0),
            "]" | "[" => {
                let part = a.current_part();
                assert!(matches!(part, Part::Section(_)), "{name}: {part:?}");
                assert_eq!(Some(a.article_scroll()), whole.first_row_of(part), "{name}");
            }
            _ => {}
        }
    }
    // Digit 5: the fifth section, wherever the view is.
    update(&mut a, Action::Section(5));
    assert_eq!(
        Some(a.article_scroll()),
        whole.first_row_of(Part::Section(4))
    );
    assert_view_is_exact(&a, &whole, "5");
}

#[test]
fn the_first_screen_is_right_before_the_book_is_measured() {
    // Jump far before the worker can have finished: the view is composed
    // on demand and must already be the right rows; measuring then refines
    // the counts without moving the reader.
    let mut a = reader(book(200), 90, 25);
    // Counts only arrive when taken in, so nothing is measured yet but what
    // was composed for the screen.
    assert!(!a.article_view.pages.is_measured());
    update(&mut a, Action::Section(100));
    update(&mut a, Action::ScrollArticle(7));
    let anchor = a.visible_rows().next().expect("a row").anchor;
    let shown: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    a.finish_measuring();
    assert_eq!(a.visible_rows().next().expect("a row").anchor, anchor);
    let whole = whole(&a);
    let first = whole.first_row_of(Part::Section(99)).expect("section 100");
    assert_eq!(a.article_scroll(), first + 7);
    let expected: Vec<String> = whole.rows[first + 7..][..shown.len()]
        .iter()
        .map(|r| r.text.clone())
        .collect();
    assert_eq!(shown, expected);
    assert!(a.article_words().is_some_and(|w| w > 10_000));
}

#[test]
fn resizing_a_book_keeps_the_paragraph() {
    let mut a = reader(book(100), 120, 30);
    update(&mut a, Action::Section(30));
    update(&mut a, Action::ScrollArticle(9));
    let before = first_text_anchor(&a);
    update(&mut a, Action::Resize(70, 20));
    let after = first_text_anchor(&a);
    assert_eq!((after.part, after.block), (before.part, before.block));
    assert_eq!(after.line, 0, "the paragraph's first line is on top");
    a.finish_measuring();
    assert_view_is_exact(&a, &whole(&a), "resize");
}
