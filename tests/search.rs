//! Searching the article: `/`, typing, Enter, `n`/`N`, Esc; hits marked on
//! the cells of the matched letters after shaping and reordering.

use crossterm::event::KeyCode;
use qari::app::App;
use qari::doc::{ComposeOptions, FaqMode, Highlight, Hit, Row, Unit, compose_unit_highlighted};
use qari::labels::Labels;
use qari::model::{Article, Block, Section, Text};
use qari::search::Query;
use qari::text::Direction;
use unicode_normalization::UnicodeNormalization;

mod reader;

use reader::{app, press};

fn search(app: &mut App, what: &str) {
    press(app, KeyCode::Char('/'));
    for c in what.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
}

/// What a run shows, read back in logical order with the presentation
/// forms undone: visual RTL text reversed, then NFKC (ﻷ → لأ).
fn logical(visual: &str) -> String {
    let reversed: String = visual.chars().rev().collect();
    reversed.nfkc().collect()
}

fn runs_with(rows: &[&Row], hit: Hit) -> Vec<String> {
    rows.iter()
        .flat_map(|r| {
            r.runs
                .iter()
                .filter(move |run| run.hit == hit)
                .map(move |run| r.text[run.range.clone()].to_owned())
        })
        .collect()
}

fn count(app: &App) -> (Option<usize>, usize) {
    let s = app.search.as_ref().expect("a search");
    (s.current, s.total)
}

#[test]
fn alef_without_hamza_finds_the_word_with_it_and_marks_its_cells() {
    let mut a = app(120, 35);
    search(&mut a, "الامن");
    assert!(a.mode.prompt().is_none());
    // Counted by hand in assets/article.json: «الأمن» appears 7 times in
    // the title and sections (أ folded to ا).
    assert_eq!(count(&a), (Some(0), 7));
    let rows: Vec<&Row> = a.visible_rows().collect();
    let current = runs_with(&rows, Hit::Current);
    assert_eq!(current.len(), 1, "one current hit on screen");
    assert_eq!(logical(&current[0]), "الأمن");
    for other in runs_with(&rows, Hit::Match) {
        assert_eq!(logical(&other), "الأمن");
    }
}

#[test]
fn n_and_shift_n_walk_the_matches_and_wrap() {
    let mut a = app(120, 35);
    search(&mut a, "الامن");
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(count(&a), (Some(1), 7));
    press(&mut a, KeyCode::Char('N'));
    press(&mut a, KeyCode::Char('N'));
    assert_eq!(
        count(&a),
        (Some(6), 7),
        "N before the first wraps to the last"
    );
    // The current hit is always on screen.
    let rows: Vec<&Row> = a.visible_rows().collect();
    assert_eq!(runs_with(&rows, Hit::Current).len(), 1);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(count(&a), (Some(0), 7));
}

#[test]
fn latin_digits_find_arabic_text_numbers_and_esc_clears() {
    let mut a = app(120, 35);
    search(&mut a, "٢٠١٠");
    assert_eq!(count(&a).1, 2, "2010 is written twice in ASCII digits");
    let rows: Vec<&Row> = a.visible_rows().collect();
    assert_eq!(runs_with(&rows, Hit::Current), ["2010"]);
    press(&mut a, KeyCode::Esc);
    assert!(a.search.is_none() && !a.quit);
    let rows: Vec<&Row> = a.visible_rows().collect();
    assert!(runs_with(&rows, Hit::Current).is_empty());
}

#[test]
fn esc_in_the_prompt_cancels_and_backspace_edits() {
    let mut a = app(120, 35);
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Char('ق'));
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.mode.prompt(), Some("ق"));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(
        a.mode.prompt(),
        Some("قj"),
        "keys type while the prompt is open"
    );
    press(&mut a, KeyCode::Esc);
    assert!(a.mode.prompt().is_none() && a.search.is_none() && !a.quit);
}

#[test]
fn nothing_found_says_so_and_moves_nothing() {
    let mut a = app(120, 35);
    keys_j(&mut a, 3);
    let before = a.article_scroll();
    search(&mut a, "zzzz");
    assert_eq!(count(&a), (None, 0));
    assert_eq!(a.article_scroll(), before);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.article_scroll(), before);
}

fn keys_j(a: &mut App, n: usize) {
    for _ in 0..n {
        press(a, KeyCode::Char('j'));
    }
}

#[test]
fn a_match_split_by_wrapping_is_marked_on_both_lines() {
    let text = "تتجه العلاقات العسكرية بين قطر والمغرب نحو مزيد من التنسيق";
    let article = Article {
        title: Text::plain("عنوان"),
        sections: vec![Section {
            level: 0,
            heading: None,
            blocks: vec![Block::Paragraph(Text::plain(text))],
        }],
        ..Article::default()
    };
    let opts = ComposeOptions {
        width: 16,
        layout: Default::default(),
        labels: Labels::of(qari::labels::UiLang::Ar),
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    };
    let highlight = Highlight {
        query: Query::new("العلاقات العسكرية").expect("query"),
        current: Some((1, 0)),
    };
    let unit = Unit::Block {
        section: 0,
        block: 0,
        first: 1,
    };
    let rows =
        compose_unit_highlighted(&article, unit, &opts, Direction::Rtl, Some((&highlight, 1)));
    let marked: Vec<(usize, String)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.runs
                .iter()
                .filter(|run| run.hit == Hit::Current)
                .map(move |run| (i, logical(&r.text[run.range.clone()])))
        })
        .collect();
    // Width 16: «تتجه العلاقات» then «العسكرية بين» (each line's text read
    // back in logical order); the hit covers the end of one and the start
    // of the next.
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert_eq!(marked[0].1, "العلاقات");
    assert_eq!(marked[1].1, "العسكرية");
    assert_eq!(marked[1].0, marked[0].0 + 1, "consecutive rows");
}
