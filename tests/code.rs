//! Code blocks composed: a framed block of contiguous rows, left to right
//! and left-aligned in any document, Arabic in it reordered within the LTR
//! line, indentation kept, long lines wrapped with a mark, highlighted
//! tokens on the runs, search hits marked, giant blocks bounded.

use qari::doc::{
    ComposeOptions, FaqMode, Highlight, Hit, Row, Token, compose_article, compose_unit_highlighted,
    units,
};
use qari::import::markdown::parse;
use qari::labels::{Labels, UiLang};
use qari::search::Query;
use qari::text::{Direction, LayoutOptions, Ordering, layout_str};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

fn opts(width: usize) -> ComposeOptions {
    ComposeOptions {
        width,
        layout: LayoutOptions::default(),
        labels: Labels::of(UiLang::En),
        faq: FaqMode::Expanded,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    }
}

fn rows(src: &str, o: &ComposeOptions) -> Vec<Row> {
    compose_article(&parse(src), o).rows
}

/// The rows from the first top of a frame to the bottom after it.
fn code_rows(rows: &[Row]) -> Vec<Row> {
    let start = rows
        .iter()
        .position(|r| r.text.contains('┌'))
        .expect("a frame");
    let len = rows[start..]
        .iter()
        .position(|r| r.text.contains('└'))
        .expect("a frame's end");
    rows[start..=start + len].to_vec()
}

fn texts(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.text.as_str()).collect()
}

const RTL_DOC: &str = "# عنوان\n\nنص عربي قبل الشيفرة.\n\n\
    ```python\ndef f(x):\n\n    return x  # سلام عليكم\n```\n\nنص عربي بعدها.\n";

#[test]
fn a_framed_block_of_contiguous_rows_with_blank_lines_kept() {
    let rows = rows(RTL_DOC, &opts(30));
    let code = code_rows(&rows);
    assert_eq!(code[0].text, format!("┌─ python {}", "─".repeat(20)));
    assert_eq!(code[1].text, "│ def f(x):");
    assert_eq!(code[2].text, "│");
    assert!(
        code[3].text.starts_with("│     return x  # "),
        "{:?}",
        code[3]
    );
    assert_eq!(code[4].text, format!("└{}", "─".repeat(29)));
    assert_eq!(code.len(), 5);
}

#[test]
fn no_language_gives_a_bare_top() {
    let rows = rows("# T\n\n    indented\n", &opts(12));
    assert_eq!(
        texts(&code_rows(&rows)),
        ["┌───────────", "│ indented", "└───────────"]
    );
}

#[test]
fn code_is_ltr_and_left_aligned_in_an_rtl_document() {
    for ordering in [Ordering::Visual, Ordering::Logical] {
        let mut o = opts(40);
        o.layout.ordering = ordering;
        let rows = rows(RTL_DOC, &o);
        let prose = rows.iter().find(|r| r.text.contains('.')).expect("prose");
        assert_eq!(prose.direction, Direction::Rtl);
        assert!(prose.text.starts_with(' '), "prose is right-aligned");
        for r in code_rows(&rows) {
            assert_eq!(r.direction, Direction::Ltr, "{ordering:?} {r:?}");
            assert!(!r.text.starts_with(' '), "{ordering:?} {r:?}");
        }
    }
}

#[test]
fn arabic_in_a_comment_is_shaped_and_reordered_inside_the_ltr_line() {
    let rows = rows(RTL_DOC, &opts(40));
    let line = &code_rows(&rows)[3].text;
    let arabic = layout_str("سلام عليكم", &LayoutOptions::default());
    let visual = &arabic.lines[0].text;
    assert_eq!(*line, format!("│     return x  # {visual}"));
    // Shaped: presentation forms, no base letters; reordered: the second
    // word's last letter (م, final form U+FEE2) comes first.
    assert!(!line.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
    assert!(visual.starts_with('\u{FEE2}'), "{visual:?}");
}

#[test]
fn in_terminal_mode_code_rows_stay_logical_and_ltr() {
    let mut o = opts(40);
    o.layout.ordering = Ordering::Logical;
    o.layout.shaping = false;
    let rows = rows(RTL_DOC, &o);
    let code = code_rows(&rows);
    assert_eq!(code[3].text, "│     return x  # سلام عليكم");
    assert!(code.iter().all(|r| r.direction == Direction::Ltr));
}

#[test]
fn indentation_and_inner_spaces_are_kept() {
    let src = "# T\n\n```\nfn a() {\n        deep();\n    x  =   1;\n\tt();\n}\n```\n";
    let rows = rows(src, &opts(40));
    assert_eq!(
        texts(&code_rows(&rows)[1..5]),
        [
            "│ fn a() {",
            "│         deep();",
            "│     x  =   1;",
            "│     t();"
        ]
    );
}

#[test]
fn a_long_line_wraps_with_a_mark_and_loses_nothing() {
    let long = "let total = first_value + second_value * third_value - fourth(\"نص عربي\");";
    let src = format!("# T\n\n```rust\n{long}\nend();\n```\n");
    for width in [12, 20, 33, 60] {
        let mut o = opts(width);
        o.layout.ordering = Ordering::Logical;
        o.layout.shaping = false;
        let code = code_rows(&rows(&src, &o));
        let body = &code[1..code.len() - 2];
        assert!(body.len() > 1, "{width}: {body:?}");
        assert!(body[0].text.starts_with("│ "));
        assert!(
            body[1..].iter().all(|r| r.text.starts_with("│↪")),
            "{body:?}"
        );
        let joined: String = body.iter().flat_map(|r| r.text.chars().skip(2)).collect();
        let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
        assert_eq!(squeeze(&joined), squeeze(long), "{width}");
        assert_eq!(code[code.len() - 2].text, "│ end();");
    }
}

#[test]
fn no_row_is_wider_than_the_column() {
    let fixture = include_str!("fixtures/code.md");
    let quoted = "> ```rust\n> let a = \"نص\"; // تعليق طويل بعض الشيء\n> ```\n";
    let faq = "# T\n\n## FAQ\n\n### س؟\n\n```\nanswer_code(1, 2, 3);\n```\n";
    for src in [fixture, quoted, faq, RTL_DOC] {
        for width in (1..=9).chain(10..=120) {
            for ordering in [Ordering::Visual, Ordering::Logical] {
                let mut o = opts(width);
                o.layout.ordering = ordering;
                for r in rows(src, &o) {
                    assert!(r.width <= width, "{width} {ordering:?} {r:?}");
                    assert!(r.text.width() <= width, "{width} {ordering:?} {r:?}");
                    assert_eq!(r.text.width(), r.width, "{r:?}");
                }
            }
        }
    }
}

#[test]
fn a_quoted_block_keeps_its_bars_on_the_reading_start_side() {
    let src = "# عنوان\n\n> قال:\n>\n> ```\n> x = 1\n> ```\n";
    let code = code_rows(&rows(src, &opts(20)));
    assert_eq!(
        texts(&code),
        [
            "┌───────────────── │",
            "│ x = 1            │",
            "└───────────────── │"
        ]
    );
    let ltr = code_rows(&rows(
        "# T\n\n> said:\n>\n> ```\n> x = 1\n> ```\n",
        &opts(20),
    ));
    assert_eq!(
        texts(&ltr),
        ["│ ┌─────────────────", "│ │ x = 1", "│ └─────────────────"]
    );
}

/// The tokens on the runs of the rows holding `word`.
fn token_of(rows: &[Row], word: &str) -> Option<Token> {
    rows.iter().find_map(|r| {
        let at = r.text.find(word)?;
        r.runs
            .iter()
            .find(|run| run.range.contains(&at))
            .and_then(|run| run.token)
    })
}

#[test]
fn a_known_language_is_highlighted_and_an_unknown_one_is_not() {
    let src = "# T\n\n```rust\n// note\nfn main() { let s = \"hi\"; }\n```\n\n\
               ```no-such-lang\nfn main() { let s = \"hi\"; }\n```\n";
    let rows = rows(src, &opts(60));
    let first = code_rows(&rows);
    assert_eq!(token_of(&first, "note"), Some(Token::Comment));
    assert_eq!(token_of(&first, "fn"), Some(Token::Keyword));
    assert_eq!(token_of(&first, "hi"), Some(Token::String));
    assert_eq!(token_of(&first, "main"), Some(Token::Function));
    // The frame is decoration, never a token.
    assert_eq!(token_of(&first, "┌"), None);
    let after = rows.iter().position(|r| r.text.starts_with('└')).unwrap() + 1;
    let second = code_rows(&rows[after..]);
    assert!(
        second
            .iter()
            .all(|r| r.runs.iter().all(|x| x.token.is_none()))
    );
}

#[test]
fn search_hits_inside_code_are_marked_in_order() {
    let src = "# T\n\nfoo here.\n\n```\nfoo(1);\n\nbar(foo);\n```\n";
    let article = parse(src);
    let o = opts(40);
    let query = Query::new("foo").unwrap();
    let all = units(&article, FaqMode::Expanded);
    let unit = all.len() - 1;
    let highlight = Highlight {
        query,
        current: Some((unit, 1)),
    };
    let rows = compose_unit_highlighted(
        &article,
        all[unit],
        &o,
        Direction::Ltr,
        Some((&highlight, unit)),
    );
    let hits: Vec<(&str, Hit)> = rows
        .iter()
        .flat_map(|r| {
            r.runs
                .iter()
                .filter(|x| x.hit != Hit::No)
                .map(|x| (&r.text[x.range.clone()], x.hit))
        })
        .collect();
    assert_eq!(
        hits,
        [("foo", Hit::Match), ("foo", Hit::Current)],
        "{rows:?}"
    );
}

/// Generous bounds: these catch a hang, not a slowdown.
#[test]
fn giant_blocks_neither_hang_nor_panic() {
    let line = "x = \"سلام\" + y; ".repeat(1 << 16);
    let one_line = format!("# T\n\n```python\n{line}\n```\n");
    let many = format!(
        "# T\n\n```rust\n{}```\n",
        "let a = \"نص\"; // تعليق\n".repeat(50_000)
    );
    for src in [one_line, many] {
        let start = Instant::now();
        let rows = rows(&src, &opts(80));
        assert!(rows.len() > 1000);
        assert!(rows.iter().all(|r| r.width <= 80));
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{:?}",
            start.elapsed()
        );
    }
}
