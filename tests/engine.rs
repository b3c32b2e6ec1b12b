//! The text engine through its public API: hand-checked visual lines for bidi
//! cases (numbers, brackets, «», Latin words, tashkeel), wrapping, alignment and
//! the cell → logical map. Expected code points were worked out by hand from
//! the joining types and UAX #9, not copied from qari's output.

use qari::text::{Direction, LayoutOptions, Ordering, ParaDirMode, layout_str};

fn opts(width: usize) -> LayoutOptions {
    LayoutOptions {
        width,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    }
}

fn lines(s: &str, width: usize) -> Vec<String> {
    layout_str(s, &opts(width))
        .lines
        .into_iter()
        .map(|l| l.text)
        .collect()
}

#[test]
fn rtl_word_is_shaped_and_reversed() {
    assert_eq!(lines("بيت", 10), ["\u{FE96}\u{FEF4}\u{FE91}"]);
}

#[test]
fn rtl_line_is_right_aligned_ltr_left() {
    let rtl = layout_str("بيت", &opts(10));
    assert_eq!((rtl.direction, rtl.lines[0].indent), (Direction::Rtl, 7));
    let ltr = layout_str("house", &opts(10));
    assert_eq!((ltr.direction, ltr.lines[0].indent), (Direction::Ltr, 0));
    assert_eq!(rtl.lines[0].padded(), "       \u{FE96}\u{FEF4}\u{FE91}");
}

#[test]
fn number_keeps_left_to_right_order() {
    // عام 2010: ع initial, ا final, م isolated; the digits stay 2010.
    assert_eq!(lines("عام 2010", 20), ["2010 \u{FEE1}\u{FE8E}\u{FECB}"]);
}

#[test]
fn parentheses_are_mirrored_in_rtl() {
    // Logical ( بيت ) reversed gives ) … ( — mirrored back to ( … ).
    assert_eq!(lines("(بيت)", 10), ["(\u{FE96}\u{FEF4}\u{FE91})"]);
}

#[test]
fn guillemets_are_mirrored_in_rtl() {
    // «نعم»: ن initial, ع medial, م final; « and » mirrored after reversal.
    assert_eq!(lines("«نعم»", 10), ["«\u{FEE2}\u{FECC}\u{FEE7}»"]);
}

#[test]
fn latin_words_stay_left_to_right_inside_arabic() {
    // قالت الحكومة hello: Arabic is the majority, so the paragraph is RTL and
    // "hello" sits at the left end. قالت = ق initial, ا final, ل initial,
    // ت final; الحكومة = ا isolated, ل initial, ح medial, ك medial, و final,
    // م initial, ة final.
    assert_eq!(
        lines("قالت الحكومة hello", 30),
        [
            "hello \u{FE94}\u{FEE3}\u{FEEE}\u{FEDC}\u{FEA4}\u{FEDF}\u{FE8D} \u{FE96}\u{FEDF}\u{FE8E}\u{FED7}"
        ]
    );
    // Two Latin words to one Arabic word: not more than 2 to 1, so the
    // paragraph keeps the document's RTL and the Latin run sits at the left.
    assert_eq!(
        lines("قال hello world", 30),
        ["hello world \u{FEDD}\u{FE8E}\u{FED7}"]
    );
    // Three to one: the paragraph is LTR and قال stays first.
    assert_eq!(
        lines("قال hello big world", 30),
        ["\u{FEDD}\u{FE8E}\u{FED7} hello big world"]
    );
    // مرحبا gpt-5 (codex#34871's fixture): gpt-5 is one LTR run.
    assert_eq!(
        lines("مرحبا gpt-5", 30),
        ["gpt-5 \u{FE8E}\u{FE92}\u{FEA3}\u{FEAE}\u{FEE3}"]
    );
}

#[test]
fn arabic_word_inside_english_paragraph() {
    assert_eq!(
        lines("The word بيت here", 30),
        ["The word \u{FE96}\u{FEF4}\u{FE91} here"]
    );
}

#[test]
fn tashkeel_follows_its_letter_after_reversal() {
    assert_eq!(lines("بَيت", 10), ["\u{FE96}\u{FEF4}\u{FE91}\u{64E}"]);
}

#[test]
fn wrapped_rtl_lines_are_reordered_one_by_one() {
    let l = layout_str("بيت دار", &opts(4));
    let texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
    // First line holds the first word (rightmost when read), second the next.
    // دار: three right-joining letters, all isolated.
    assert_eq!(
        texts,
        ["\u{FE96}\u{FEF4}\u{FE91}", "\u{FEAD}\u{FE8D}\u{FEA9}"]
    );
    assert_eq!(l.lines[0].indent, 1);
}

#[test]
fn numbers_and_latin_across_a_wrapped_arabic_paragraph() {
    // At width 9 "في يناير 2010 تم" breaks after يناير (2+1+5 cells); the year
    // starts line 2, at its right end since the paragraph is RTL.
    // في = ف initial, ي final; يناير = ي initial, ن medial, ا final, ي initial,
    // ر final; تم = ت initial, م final.
    assert_eq!(
        lines("في يناير 2010 تم", 9),
        [
            "\u{FEAE}\u{FEF3}\u{FE8E}\u{FEE8}\u{FEF3} \u{FEF2}\u{FED3}",
            "\u{FEE2}\u{FE97} 2010"
        ]
    );
}

#[test]
fn cell_map_points_back_to_logical_text() {
    // لا + space + ب: the ligature cell maps to both letters.
    let text = "لا ب";
    let l = layout_str(text, &opts(10));
    let line = &l.lines[0];
    // Visual: ب (isolated) at the left, space, then the ligature.
    assert_eq!(line.text, "\u{FE8F} \u{FEFB}");
    let sources: Vec<&str> = line.glyphs.iter().map(|g| &text[g.source()]).collect();
    assert_eq!(sources, ["ب", " ", "لا"]);
    assert_eq!(
        line.sources_in_cells(2..3),
        vec![std::ops::Range { start: 0, end: 4 }]
    );
}

#[test]
fn first_strong_mode_uses_the_first_letter() {
    let o = LayoutOptions {
        para_dir: ParaDirMode::FirstStrong,
        ..opts(30)
    };
    let l = layout_str("iPhone هو الهاتف", &o);
    assert_eq!(l.direction, Direction::Ltr);
    let m = layout_str("iPhone هو الهاتف", &opts(30));
    assert_eq!(m.direction, Direction::Rtl);
}

#[test]
fn logical_ordering_and_no_shaping_leave_text_as_written() {
    let o = LayoutOptions {
        ordering: Ordering::Logical,
        shaping: false,
        ..opts(30)
    };
    assert_eq!(layout_str("قال (hello)", &o).lines[0].text, "قال (hello)");
}

#[test]
fn controls_never_reach_the_output() {
    let got = lines("a\u{1B}[2Jb\u{9B}c\u{202E}d", 30);
    assert_eq!(got, ["a\u{241B}[2Jb\u{FFFD}cd"]);
}

#[test]
fn width_one_never_overflows() {
    let l = layout_str("中文 بيت", &opts(1));
    assert!(l.lines.iter().all(|l| l.width <= 1), "{:?}", l.lines);
}

/// The base direction `layout_str` gives `text` under the default rule
/// ([`ParaDirMode::Words`]) in a document of direction `document`.
fn words_dir(text: &str, document: Direction) -> Direction {
    let o = LayoutOptions {
        document_dir: document,
        ..opts(80)
    };
    assert_eq!(o.para_dir, ParaDirMode::Words, "words is the default");
    layout_str(text, &o).direction
}

#[test]
fn words_rule_keeps_arabic_lines_with_english_names_rtl() {
    // Issue: Latin product names and URLs turned Arabic lines LTR.
    for text in [
        "تعريب Hermes Desktop",
        "افتح PowerShell:",
        "- تعريب Tools & Keys.",
        "المشروع الأصلي: https://github.com/NousResearch/hermes-agent",
        "Hermes Desktop هو تطبيق سطح مكتب لإدارة الوكلاء",
        "راجع www.example.com/ar و user@example.org و config.toml",
        "2010 - 2024",
    ] {
        assert_eq!(words_dir(text, Direction::Rtl), Direction::Rtl, "{text}");
    }
}

#[test]
fn words_rule_turns_english_paragraphs_ltr_in_an_arabic_document() {
    for text in [
        "Hermes is a desktop application for managing agents, written in Rust.",
        "**Section:** Combinatorial Game Theory",
        "The word كتاب means book in Arabic",
    ] {
        assert_eq!(words_dir(text, Direction::Rtl), Direction::Ltr, "{text}");
    }
}

#[test]
fn words_rule_mirrors_in_an_english_document() {
    assert_eq!(words_dir("كتاب Linux", Direction::Ltr), Direction::Ltr);
    assert_eq!(
        words_dir("هذا نص عربي كامل", Direction::Ltr),
        Direction::Rtl
    );
    assert_eq!(
        words_dir("قال المدير إن الشركة تستخدم Linux", Direction::Ltr),
        Direction::Rtl
    );
    // Arabic only in a path: no counted word, so the document's direction.
    assert_eq!(
        words_dir("/home/مستخدم/ملف", Direction::Ltr),
        Direction::Ltr
    );
}

#[test]
fn words_rule_skips_inline_code() {
    use qari::text::{Span, Style, Text, layout_paragraph};
    let code = Style {
        code: true,
        ..Style::default()
    };
    let text = Text {
        spans: vec![
            Span {
                href: None,
                text: "شغّل ".into(),
                style: Style::default(),
            },
            Span {
                href: None,
                text: "cargo build --release".into(),
                style: code,
            },
        ],
    };
    let l = layout_paragraph(&text, &opts(80));
    assert_eq!(l.direction, Direction::Rtl);
    // The same words as plain text outnumber the Arabic one 3 to 1.
    assert_eq!(
        words_dir("شغّل cargo build release", Direction::Rtl),
        Direction::Ltr
    );
}

#[test]
fn document_mode_always_takes_the_document_direction() {
    let o = LayoutOptions {
        para_dir: ParaDirMode::Document,
        ..opts(80)
    };
    assert_eq!(
        layout_str("The word كتاب means book", &o).direction,
        Direction::Rtl
    );
}

#[test]
fn logical_order_mirrors_brackets_at_rtl_levels_when_asked() {
    // For Konsole, which reorders but does not mirror: the characters stay
    // in logical order, and only brackets resolved right to left turn.
    let konsole = |s: &str| {
        let o = LayoutOptions {
            width: 80,
            document_dir: Direction::Rtl,
            shaping: false,
            ordering: Ordering::Logical,
            mirror_logical: true,
            ..LayoutOptions::default()
        };
        layout_str(s, &o).lines[0].text.clone()
    };
    assert_eq!(konsole("قال (كتاب) هنا"), "قال )كتاب( هنا");
    // An English paragraph's brackets are at an LTR level: untouched.
    // Around a Latin word inside Arabic, UAX #9 N0 gives them the Arabic
    // paragraph's direction, so they turn.
    assert_eq!(konsole("The (word) here"), "The (word) here");
    assert_eq!(konsole("قال (Linux) هنا"), "قال )Linux( هنا");
    // Without the option, logical order leaves every bracket alone.
    let plain = LayoutOptions {
        width: 80,
        document_dir: Direction::Rtl,
        shaping: false,
        ordering: Ordering::Logical,
        ..LayoutOptions::default()
    };
    assert_eq!(
        layout_str("قال (كتاب) هنا", &plain).lines[0].text,
        "قال (كتاب) هنا"
    );
}
