//! Composition of rows: markers and indents on the reading-start side,
//! quote bars, numbering, the FAQ pane's disclosure marks, anchors.

use qari::doc::{Anchor, ComposeOptions, FaqMode, HEADING, Part, compose_article, compose_faq};
use qari::labels::{Labels, UiLang};
use qari::model::{Article, Block, FaqEntry, Section, Text};
use qari::text::LayoutOptions;

fn opts(width: usize, faq: FaqMode) -> ComposeOptions {
    ComposeOptions {
        width,
        layout: LayoutOptions::default(),
        labels: Labels::of(UiLang::En),
        faq,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    }
}

fn article(blocks: Vec<Block>) -> Article {
    Article {
        title: Text::plain("T"),
        faq: vec![
            FaqEntry {
                question: Text::plain("Why?"),
                answer: vec![Block::Paragraph(Text::plain("Because."))],
            },
            FaqEntry {
                question: Text::plain("How?"),
                answer: vec![Block::Bullets(vec![Text::plain("So.")])],
            },
        ],
        sections: vec![Section {
            level: 0,
            heading: Some(Text::plain("Part")),
            blocks,
        }],
        ..Article::default()
    }
}

fn texts(a: &Article, o: &ComposeOptions) -> Vec<String> {
    compose_article(a, o)
        .rows
        .into_iter()
        .map(|r| r.text)
        .collect()
}

#[test]
fn ltr_markers_on_the_left() {
    let a = article(vec![
        Block::Bullets(vec![Text::plain("one two three")]),
        Block::Numbered(vec![Text::plain("first")]),
        Block::Quote(vec![Block::Paragraph(Text::plain("said"))]),
    ]);
    let rows = texts(&a, &opts(9, FaqMode::Omit));
    assert_eq!(
        rows,
        [
            "T",
            "═",
            "",
            "Part",
            "────",
            "",
            "• one two",
            "  three",
            "",
            "1. first",
            "",
            "│ said"
        ]
    );
}

#[test]
fn rtl_markers_on_the_right_and_numbers_read_right() {
    // بيت: U+FE96 U+FEF4 U+FE91 in visual order.
    let bayt = "\u{FE96}\u{FEF4}\u{FE91}";
    let a = Article {
        title: Text::plain("بيت"),
        sections: vec![Section {
            level: 0,
            heading: None,
            blocks: vec![
                Block::Bullets(vec![Text::plain("بيت")]),
                Block::Numbered((0..12).map(|_| Text::plain("بيت")).collect()),
                Block::Quote(vec![Block::Paragraph(Text::plain("بيت"))]),
            ],
        }],
        ..Article::default()
    };
    let rows = texts(&a, &opts(10, FaqMode::Omit));
    assert_eq!(rows[0], format!("       {bayt}"));
    assert_eq!(rows[1], "       ═══");
    assert!(rows.contains(&format!("     {bayt} •")));
    assert!(rows.contains(&format!("    {bayt} .1")));
    assert!(rows.contains(&format!("   {bayt} .12")));
    assert_eq!(
        rows.last().map(String::as_str),
        Some(format!("     {bayt} │").as_str())
    );
}

#[test]
fn expanded_faq_in_the_dump_layout() {
    let a = article(vec![]);
    let rows = texts(&a, &opts(20, FaqMode::Expanded));
    assert_eq!(
        rows,
        [
            "T",
            "═",
            "",
            "FAQ",
            "───",
            "",
            "Why?",
            "  Because.",
            "",
            "How?",
            "  • So.",
            "",
            "Part",
            "────"
        ]
    );
}

#[test]
fn faq_pane_marks_and_open_answers() {
    let a = article(vec![]);
    let pane = compose_faq(&a, &opts(20, FaqMode::Omit), &[false, true], None);
    let rows: Vec<&str> = pane.rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(rows, ["▸ Why?", "▾ How?", "  • So."]);
    assert_eq!(pane.rows[2].anchor.part, Part::Faq(1));
}

#[test]
fn rtl_faq_pane_points_left_on_the_right() {
    let mut a = article(vec![]);
    a.faq[0].question = Text::plain("لماذا؟");
    a.meta.direction = qari::model::DirectionSetting::Rtl;
    let pane = compose_faq(&a, &opts(12, FaqMode::Omit), &[false, false], None);
    assert!(pane.rows[0].text.ends_with(" ◂"), "{:?}", pane.rows[0].text);
    assert_eq!(pane.rows[0].width, 12);
}

#[test]
fn anchors_follow_parts_and_blocks() {
    let a = article(vec![
        Block::Paragraph(Text::plain("a")),
        Block::Paragraph(Text::plain("b")),
    ]);
    let c = compose_article(&a, &opts(20, FaqMode::Omit));
    let b = c.rows.iter().find(|r| r.text == "b").expect("row b");
    assert_eq!(
        b.anchor,
        Anchor {
            part: Part::Section(0),
            block: 2,
            line: 0
        }
    );
    let heading = c.first_row_of(Part::Section(0)).expect("section rows");
    assert_eq!(c.rows[heading].anchor.block, HEADING);
    assert_eq!(
        c.row_at_or_after(b.anchor),
        c.rows.iter().position(|r| r.text == "b").unwrap_or(0)
    );
}

/// The composer, the units, `block_text` and `unit_texts` number and order
/// leaves alike: document order, quotes in place (`model::walk`).
#[test]
fn every_walk_numbers_quoted_leaves_alike() {
    let p = |s: &str| Block::Paragraph(Text::plain(s));
    let mut a = article(vec![
        p("a"),
        Block::Quote(vec![
            p("q1"),
            Block::Quote(vec![Block::Bullets(vec!["x".into(), "y".into()])]),
            p("q3"),
        ]),
        p("b"),
        Block::Quote(vec![p("q4")]),
    ]);
    a.faq[0].answer = vec![Block::Quote(vec![p("fa")]), p("fb")];
    let c = compose_article(&a, &opts(40, FaqMode::Expanded));
    let mut leaves: Vec<(Part, u32, String)> = Vec::new();
    for row in c.rows.iter().filter(|r| r.anchor.block != HEADING) {
        if row.anchor.line == 0 && !row.text.is_empty() {
            let text = row.text.trim_start_matches(['│', '•', ' ']).to_owned();
            leaves.push((row.anchor.part, row.anchor.block, text));
        }
    }
    let s0 = Part::Section(0);
    let expected = [
        (Part::Faq(0), 1, "fa"),
        (Part::Faq(0), 2, "fb"),
        (Part::Faq(1), 1, "So."),
        (s0, 1, "a"),
        (s0, 2, "q1"),
        (s0, 3, "x"),
        (s0, 4, "q3"),
        (s0, 5, "b"),
        (s0, 6, "q4"),
    ];
    let got: Vec<(Part, u32, &str)> = leaves
        .iter()
        .map(|(p, b, t)| (*p, *b, t.as_str()))
        .collect();
    assert_eq!(got, expected);
    for (part, block, text) in expected {
        let copied = qari::doc::block_text(&a, part, block).expect("a leaf");
        assert!(copied.starts_with(text), "{part:?} {block}: {copied}");
    }
    assert_eq!(qari::doc::block_text(&a, s0, 3).as_deref(), Some("x\ny"));
    let mut order = Vec::new();
    for unit in qari::doc::units(&a, FaqMode::Expanded) {
        qari::doc::unit_texts(&a, unit, &mut |t| order.push(t.to_plain()));
    }
    let walked: Vec<String> = qari::model::walk::texts(&a).map(Text::to_plain).collect();
    assert_eq!(order, walked);
    assert_eq!(
        order,
        [
            "T", "Why?", "fa", "fb", "How?", "So.", "Part", "a", "q1", "x", "y", "q3", "b", "q4"
        ]
    );
}

#[test]
fn a_declared_direction_wins() {
    let mut a = Article {
        title: Text::plain("تتجه العلاقات العسكرية"),
        ..Article::default()
    };
    assert!(qari::doc::article_direction(&a).is_rtl());
    a.meta.direction = qari::model::DirectionSetting::Ltr;
    assert!(!qari::doc::article_direction(&a).is_rtl());
}

/// Regression (found by the `import_markdown` fuzz target, input `>`` at
/// width 1): the text of a quote always got at least one cell, but the quote
/// bars, list marker and FAQ indent were added in full, so a quote in a
/// column narrower than its bars gave rows wider than the column (`"│ `"` at
/// width 1). Now the prefix gives way: indent first, then bars, then marker.
#[test]
fn quote_bars_wider_than_the_column() {
    use qari::import::{Format, load_bytes};
    use qari::model::DirectionSetting;
    use qari::text::{Direction, Ordering};
    let crash = load_bytes(b">`", Format::Markdown, "crash").expect("loads");
    let deep = |dir| {
        let mut a = article(vec![Block::Quote(vec![Block::Quote(vec![Block::Quote(
            vec![
                Block::Paragraph(Text::plain("x")),
                Block::Numbered((0..12).map(|_| Text::plain("ab")).collect()),
                Block::Bullets(vec![Text::plain("بيت")]),
            ],
        )])])]);
        a.meta.direction = dir;
        a
    };
    let articles = [
        crash,
        deep(DirectionSetting::Ltr),
        deep(DirectionSetting::Rtl),
    ];
    for a in &articles {
        for width in 1..=12 {
            for ordering in [Ordering::Visual, Ordering::Logical] {
                let mut o = opts(width, FaqMode::Expanded);
                o.layout.ordering = ordering;
                o.layout.document_dir = Direction::Rtl;
                let open = vec![true; a.faq.len()];
                for c in [compose_article(a, &o), compose_faq(a, &o, &open, None)] {
                    for row in &c.rows {
                        let cells = row.text.chars().count();
                        assert!(
                            row.width <= width && cells <= width,
                            "{:?} at {width} ({ordering:?})",
                            row.text
                        );
                    }
                }
            }
        }
    }
    // Room for one bar and the text: the outer bar stays, the others go.
    let rows = texts(&articles[1], &opts(4, FaqMode::Omit));
    assert!(rows.contains(&"│ x".to_owned()), "{rows:?}");
    // Room for the marker only: "12. " (4 cells) and one cell of text.
    let rows = texts(&articles[1], &opts(5, FaqMode::Omit));
    assert!(rows.iter().any(|r| r.starts_with("12. ")), "{rows:?}");
}

#[test]
fn labels_never_exceed_tiny_widths() {
    use qari::doc::{Role, label_row};
    use qari::text::Direction;
    let o = opts(1, FaqMode::Omit);
    for width in 1..6 {
        for marker in ["", "▸ ", "├ "] {
            for dir in [Direction::Ltr, Direction::Rtl] {
                for text in ["abc", "أسئلة شائعة", "x"] {
                    let row = label_row(&Text::plain(text), width, marker, Role::Body, &o, dir);
                    assert!(
                        row.width <= width,
                        "{text:?} {marker:?} at {width}: {:?}",
                        row.text
                    );
                }
            }
        }
    }
}
