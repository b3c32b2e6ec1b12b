//! Kashida justification through the public API, on lines laid out by the
//! real engine: justified lines are exactly the column wide, removing what
//! was inserted gives the line back, and every inserted tatweel sits where
//! the letters on both sides join. Where a tatweel may go is checked against
//! the *logical* text and the joining types of ArabicShaping.txt (the
//! `unicode-joining-type` crate), not against the presentation forms the
//! implementation reads, so the two derivations check each other.

use proptest::prelude::*;
use qari::model::Block;
use qari::source::bundled;
use qari::text::justify::{MAX_KASHIDA, TATWEEL};
use qari::text::{
    Direction, LayoutOptions, ParagraphLayout, VisualLine, is_inserted, justify_paragraph,
    layout_paragraph, layout_str, strip_justification,
};
use std::collections::BTreeMap;
use unicode_joining_type::{JoiningType, get_joining_type};
use unicode_width::UnicodeWidthStr;

const PROSE: &str =
    "تتجه العلاقات العسكرية بين قطر والمغرب نحو مزيد من التنسيق والتكامل، في ظل تنامي التحديات";
const VOWELLED: &str =
    "وَلَمَّا جَاءَ الرَّبِيعُ أَزْهَرَتِ الْأَشْجَارُ وَغَنَّتِ الطُّيُورُ فِي الْبَسَاتِينِ، وَخَرَجَ النَّاسُ إِلَى الْحُقُولِ";

fn layout(text: &str, width: usize) -> ParagraphLayout {
    let opts = LayoutOptions {
        width,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    layout_str(text, &opts)
}

fn is_transparent(c: char) -> bool {
    get_joining_type(c) == JoiningType::Transparent
}

/// The chars on both sides of logical offset `p` (marks skipped).
fn around(text: &str, p: usize) -> (Option<char>, Option<char>) {
    let before = text[..p].chars().rev().find(|&c| !is_transparent(c));
    let after = text[p..].chars().find(|&c| !is_transparent(c));
    (before, after)
}

const ALEFS: &[char] = &['\u{627}', '\u{622}', '\u{623}', '\u{625}'];
const NON_JOINING_LEFT: &[char] = &[
    '\u{627}', '\u{622}', '\u{623}', '\u{625}', '\u{62F}', '\u{630}', '\u{631}', '\u{632}',
    '\u{648}', '\u{624}', '\u{629}', '\u{621}',
];

/// A tatweel may go at logical offset `p`: the letter before joins forward
/// (dual-joining or join-causing), the one after joins backward, and they
/// are not lam + alef (one ligature).
fn joinable_at(text: &str, p: usize) -> bool {
    let (Some(x), Some(y)) = around(text, p) else {
        return false;
    };
    let forward = matches!(
        get_joining_type(x),
        JoiningType::DualJoining | JoiningType::JoinCausing
    );
    let backward = matches!(
        get_joining_type(y),
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    );
    forward && backward && !(x == '\u{644}' && ALEFS.contains(&y))
}

/// Checks one justified line against the line it came from.
fn check_line(logical: &str, before: &VisualLine, after: &VisualLine, width: usize) {
    // (1) exactly the column.
    let glyph_sum: usize = after.glyphs.iter().map(|g| usize::from(g.width)).sum();
    assert_eq!(
        (after.width, glyph_sum, after.text.width(), after.indent),
        (width, width, width, 0),
        "{:?}",
        after.text
    );
    assert_eq!(
        after.glyphs.last().map(|g| g.end as usize),
        Some(after.text.len())
    );
    // (2) removing what was inserted gives the line back.
    let stripped = strip_justification(after);
    assert_eq!(stripped.text, before.text);
    assert_eq!(stripped.glyphs, before.glyphs);
    assert_eq!(stripped.width, before.width);
    // (3), (4) every inserted tatweel between two letters that join.
    for (i, g) in after.glyphs.iter().enumerate() {
        if !is_inserted(g) || after.glyph_text(i) != TATWEEL.to_string() {
            continue;
        }
        let p = g.source_start as usize;
        assert!(joinable_at(logical, p), "tatweel at {p} in {logical:?}");
        let (x, y) = around(logical, p);
        assert!(!NON_JOINING_LEFT.contains(&x.unwrap()), "after {x:?}");
        assert!(!(x == Some('\u{644}') && ALEFS.contains(&y.unwrap())));
        // Visually: real letters on both sides of the run (RTL: the earlier
        // letter on the right), neither a lam-alef ligature on its right.
        let right = after.glyphs[i..]
            .iter()
            .position(|g| !is_inserted(g))
            .unwrap()
            + i;
        let left = after.glyphs[..i]
            .iter()
            .rposition(|g| !is_inserted(g))
            .unwrap();
        let base = |k: usize| after.glyph_text(k).chars().next().unwrap();
        assert!(!('\u{FEF5}'..='\u{FEFC}').contains(&base(right)));
        for k in [left, right] {
            let b = base(k);
            assert!(
                ('\u{FB50}'..='\u{FEFC}').contains(&b) || b == TATWEEL,
                "{b:?} next to an inserted tatweel"
            );
        }
        assert_eq!(after.glyphs[right].source_end as usize, p);
    }
}

/// Per line: the inserted tatweel counts by logical position, the words
/// (between inner spaces) of those positions, and which words have a
/// joinable gap at all.
struct Spread {
    counts: BTreeMap<usize, usize>,
    word_of: BTreeMap<usize, usize>,
    words_with_gap: Vec<bool>,
    extra_spaces: usize,
    inner_spaces: bool,
}

fn spread(logical: &str, before: &VisualLine, after: &VisualLine) -> Spread {
    let mut counts = BTreeMap::new();
    let mut extra_spaces = 0;
    for (i, g) in after.glyphs.iter().enumerate() {
        if is_inserted(g) {
            if after.glyph_text(i) == " " {
                extra_spaces += 1;
            } else {
                *counts.entry(g.source_start as usize).or_insert(0) += 1;
            }
        }
    }
    // Words of the unjustified line, by glyph; a gap is between glyph k+1
    // (earlier in reading) and k.
    let space: Vec<bool> = (0..before.glyphs.len())
        .map(|k| before.glyph_text(k).bytes().all(|b| b == b' '))
        .collect();
    let inner_spaces = match (
        space.iter().position(|s| !s),
        space.iter().rposition(|s| !s),
    ) {
        (Some(a), Some(b)) => space[a..b].iter().any(|s| *s),
        _ => false,
    };
    let mut word = 0;
    let mut words_with_gap = vec![false];
    let mut word_of = BTreeMap::new();
    for k in 0..before.glyphs.len() {
        if space[k] {
            word += 1;
            words_with_gap.push(false);
            continue;
        }
        if k + 1 < before.glyphs.len() && !space[k + 1] {
            let (l, r) = (&before.glyphs[k], &before.glyphs[k + 1]);
            let p = r.source_end as usize;
            if l.source_start == r.source_end && joinable_at(logical, p) {
                words_with_gap[word] = true;
                word_of.insert(p, word);
            }
        }
    }
    Spread {
        counts,
        word_of,
        words_with_gap,
        extra_spaces,
        inner_spaces,
    }
}

/// (5) the spreading rule of the module documentation, seen from outside.
fn check_spread(s: &Spread) {
    let used: Vec<usize> = s.counts.values().copied().collect();
    let (max, min) = (
        used.iter().max().copied().unwrap_or(0),
        used.iter().min().copied().unwrap_or(0),
    );
    assert!(max - min <= 1, "{:?}", s.counts);
    if s.inner_spaces {
        // One position per word, at most MAX_KASHIDA there.
        let mut words: Vec<usize> = s.counts.keys().map(|p| s.word_of[p]).collect();
        let n = words.len();
        words.dedup();
        assert_eq!(words.len(), n, "two positions in one word: {:?}", s.counts);
        assert!(max <= MAX_KASHIDA);
        // A word that could take a tatweel got none: nobody got two.
        let served = |w: usize| s.counts.keys().any(|p| s.word_of[p] == w);
        let starved = (0..s.words_with_gap.len()).any(|w| s.words_with_gap[w] && !served(w));
        if starved {
            assert!(max <= 1, "{:?}", s.counts);
        }
        // Spaces only once every word with a position is full.
        if s.extra_spaces > 0 {
            assert!((!starved && min == MAX_KASHIDA) || s.counts.is_empty());
        }
    } else {
        // One word: every joinable gap is used evenly.
        let all: Vec<usize> = s
            .word_of
            .keys()
            .map(|p| s.counts.get(p).copied().unwrap_or(0))
            .collect();
        if let (Some(a), Some(b)) = (all.iter().max(), all.iter().min()) {
            assert!(a - b <= 1, "{:?} of {:?}", s.counts, s.word_of);
        }
    }
}

fn check_paragraph(text: &str, width: usize) {
    let laid = layout(text, width);
    for l in &laid.lines {
        assert!(
            l.glyphs.iter().all(|g| !is_inserted(g)),
            "layout glyph without source"
        );
    }
    let justified = justify_paragraph(&laid, width);
    let n = laid.lines.len();
    assert_eq!(justified.lines.len(), n);
    assert_eq!(justified.lines[n - 1], laid.lines[n - 1]);
    for (before, after) in laid.lines.iter().zip(&justified.lines).take(n - 1) {
        let widenable = after != before;
        if widenable {
            check_line(text, before, after, width);
            check_spread(&spread(text, before, after));
        } else {
            // Unchanged only when full already, or nothing can widen it.
            let s = spread(text, before, after);
            assert!(
                before.width == width || (!s.inner_spaces && s.word_of.is_empty()),
                "{:?} left at {}",
                before.text,
                before.width
            );
        }
    }
}

#[test]
fn prose_at_many_widths() {
    for width in 8..=90 {
        check_paragraph(PROSE, width);
    }
}

#[test]
fn vowelled_text_at_many_widths() {
    for width in 8..=90 {
        check_paragraph(VOWELLED, width);
    }
}

#[test]
fn the_bundled_article_at_several_widths() {
    let article = bundled();
    for section in &article.sections {
        for block in &section.blocks {
            if let Block::Paragraph(text) = block {
                for width in [30, 50, 72] {
                    let opts = LayoutOptions {
                        width,
                        document_dir: Direction::Rtl,
                        ..LayoutOptions::default()
                    };
                    let laid = layout_paragraph(text, &opts);
                    let plain = text.to_plain();
                    let justified = justify_paragraph(&laid, width);
                    for (b, a) in laid.lines.iter().zip(&justified.lines) {
                        if a != b {
                            check_line(&plain, b, a, width);
                            check_spread(&spread(&plain, b, a));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn kashida_after_joining_letters_only() {
    // A line of words full of non-joining letters: no tatweel after them.
    check_paragraph("ودار وزراء الدولة أدركوا ذلك وردوا لا إلا دائما", 14);
}

#[test]
fn spaces_when_no_letter_joins() {
    let laid = layout("و دار ورد زاد دور", 40);
    let line = &laid.lines[0];
    let j = qari::text::justify_line(line, 40);
    assert_eq!(j.width, 40);
    assert!(!j.text.contains(TATWEEL));
    // Spread evenly: the four gaps between words differ by at most one.
    let runs: Vec<usize> = j
        .text
        .split(|c| c != ' ')
        .filter(|r| !r.is_empty())
        .map(str::len)
        .collect();
    assert_eq!(runs.len(), 4);
    assert!(runs.iter().max().unwrap() - runs.iter().min().unwrap() <= 1);
}

#[test]
fn neither_position_nor_space_leaves_the_line() {
    let line = &layout("أدوار", 12).lines[0];
    assert_eq!(qari::text::justify_line(line, 12), *line);
    let line = &layout("123", 12).lines[0];
    assert_eq!(qari::text::justify_line(line, 12), *line);
}

/// The article's first lead paragraph at 50 columns, for the eye.
#[test]
fn lead_paragraph_at_50() {
    let article = bundled();
    let Some(Block::Paragraph(text)) = article.sections[0].blocks.first() else {
        panic!("no lead paragraph");
    };
    let opts = LayoutOptions {
        width: 50,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    let justified = justify_paragraph(&layout_paragraph(text, &opts), 50);
    let shown: Vec<String> = justified
        .lines
        .iter()
        .map(|l| format!("|{}|", l.padded()))
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

const WORDS: &[&str] = &[
    "تتجه",
    "العلاقات",
    "العسكرية",
    "بين",
    "قطر",
    "والمغرب",
    "نحو",
    "مزيد",
    "من",
    "التنسيق",
    "والتكامل،",
    "في",
    "ظل",
    "تنامي",
    "التحديات.",
    "و",
    "دار",
    "لا",
    "إلا",
    "سلام",
    "مستشفى",
    "كـتاب",
    "وَلَمَّا",
    "جَاءَ",
    "الرَّبِيعُ",
    "أَزْهَرَتِ",
    "الْأَشْجَارُ",
    "بِسْمِ",
    "اللَّهِ",
    "«الخليج»",
    "(قطر)",
    "2024",
    "پیک",
    "گل",
    "ه\u{200D}لا",
    "ب\u{200C}ب",
    "؟",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn justified_lines_are_full_strippable_and_join(
        words in prop::collection::vec(prop::sample::select(WORDS), 1..40),
        width in 10usize..80,
    ) {
        check_paragraph(&words.join(" "), width);
    }
}
