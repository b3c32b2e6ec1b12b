//! Properties of the text engine over random mixed-script text, widths
//! 1..=120, both orderings and shaping on and off: no panic, no line wider
//! than the width, every logical character shown exactly once (a lam-alef
//! ligature counts as its two letters), each visual line a permutation of the
//! same line in logical order, shaping only turning Arabic letters into
//! presentation forms of the same letters, and never a control character in
//! the output.

use proptest::prelude::*;
use qari::text::cluster::{is_bidi_control, is_breaking_space};
use qari::text::{Direction, LayoutOptions, Ordering, ParaDirMode, ParagraphLayout, layout_str};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Pieces random paragraphs are built from: Arabic, Persian and Urdu letters,
/// every lam-alef, tashkeel, tatweel, ZWJ/ZWNJ, digits of three kinds, Latin,
/// brackets and quotes, Arabic punctuation, CJK, emoji and bidi controls.
const PIECES: &[&str] = &[
    "ب", "ت", "ل", "ا", "أ", "إ", "آ", "ه", "ة", "ى", "ي", "د", "و", "ع", "پ", "گ", "ے", "ی",
    "\u{64E}", "\u{651}", "\u{652}", "\u{640}", "\u{200D}", "\u{200C}", "12", "٣٤", "۵", "abc",
    "X", " ", " ", " ", "(", ")", "[", "«", "»", "،", "؟", ".", "-", "中", "👍🏽", "\u{202E}",
    "\u{2067}", "\u{2069}", "\u{202C}", "\u{200F}",
];

/// What hostile or careless input adds: C0 controls (NUL, ESC, the
/// separators U+001C–U+001F that the engine breaks at), DEL, C1 controls
/// (NEL, CSI), tabs, CR and CRLF, wide CJK and a full-width space, and 50
/// combining marks stacked on one letter (a width-1 cluster of 101 bytes).
const HOSTILE: &[&str] = &[
    "\u{0}",
    "\u{1B}",
    "\u{1B}[31m",
    "\u{7}",
    "\u{1F}",
    "\u{7F}",
    "\u{85}",
    "\u{9B}",
    "\u{9F}",
    "\t",
    "\r",
    "\r\n",
    "漢字",
    "ｗ",
    "\u{3000}",
    "한",
];

/// `ب` under 50 fathas and shaddas.
fn stacked_marks() -> String {
    let mut s = String::from("ب");
    for i in 0..50 {
        s.push(if i % 2 == 0 { '\u{64E}' } else { '\u{651}' });
    }
    s
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_owned),
        2 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => Just(stacked_marks()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

/// Narrow widths, where wrapping and splitting happen, get half the cases.
fn width() -> impl Strategy<Value = usize> {
    prop_oneof![1usize..=12, 1usize..=120]
}

fn options() -> impl Strategy<Value = LayoutOptions> {
    (
        width(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(
            &[
                ParaDirMode::Words,
                ParaDirMode::Majority,
                ParaDirMode::FirstStrong,
                ParaDirMode::Document,
            ][..],
        ),
    )
        .prop_map(|(width, shaping, logical, rtl, para_dir)| LayoutOptions {
            width,
            shaping,
            ordering: if logical {
                Ordering::Logical
            } else {
                Ordering::Visual
            },
            para_dir,
            document_dir: if rtl { Direction::Rtl } else { Direction::Ltr },
            // Display forms change characters on purpose: not checked here.
            ..LayoutOptions::default()
        })
}

/// Characters that are not shown as such: white space (shown as spaces, or
/// dropped where a line breaks) and bidi controls (removed by X9).
fn is_hidden(c: char) -> bool {
    c.is_whitespace() || is_breaking_space(c) || is_bidi_control(c)
}

/// U+0000–U+001F and U+007F–U+009F, spelt out rather than `char::is_control`
/// so the test does not lean on the same predicate as the engine.
fn is_c0_c1(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// A bracket compares equal to its mirror image.
fn unmirror(c: char) -> char {
    c.min(unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
}

fn counts(s: impl Iterator<Item = char>) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in s {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Each line's glyph source ranges, sorted (a multiset), leaving out the
/// bidi controls that logical order shows and visual order removes.
fn line_sources(text: &str, layout: &ParagraphLayout) -> Vec<Vec<(u32, u32)>> {
    layout
        .lines
        .iter()
        .map(|line| {
            let mut v: Vec<(u32, u32)> = line
                .glyphs
                .iter()
                .filter(|g| !text[g.source()].chars().all(is_bidi_control))
                .map(|g| (g.source_start, g.source_end))
                .collect();
            v.sort_unstable();
            v
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lines_fit_and_every_character_appears_once(text in paragraph(), opts in options()) {
        let layout = layout_str(&text, &opts);
        let mut shown: Vec<usize> = Vec::new();
        for line in &layout.lines {
            let cells: usize = line.glyphs.iter().map(|g| usize::from(g.width)).sum();
            prop_assert_eq!(cells, line.width);
            prop_assert!(line.indent + line.width <= opts.width, "line {:?} too wide for {}", line.text, opts.width);
            for g in &line.glyphs {
                shown.extend(text[g.source()].char_indices().map(|(i, _)| g.source_start as usize + i));
            }
        }
        // Every visible logical character is covered by exactly one glyph.
        let expected: Vec<usize> = text.char_indices().filter(|&(_, c)| !is_hidden(c)).map(|(i, _)| i).collect();
        let mut shown_visible: Vec<usize> = shown
            .into_iter()
            .filter(|&i| text[i..].chars().next().is_some_and(|c| !is_hidden(c)))
            .collect();
        shown_visible.sort_unstable();
        prop_assert_eq!(shown_visible, expected);
    }

    /// Wrapping happens in logical order, so both orderings break at the
    /// same places, and reordering only permutes a line's clusters: nothing
    /// is lost, doubled or moved to another line.
    #[test]
    fn each_visual_line_permutes_its_logical_line(text in paragraph(), opts in options()) {
        let visual = layout_str(&text, &LayoutOptions { ordering: Ordering::Visual, ..opts });
        let logical = layout_str(&text, &LayoutOptions { ordering: Ordering::Logical, ..opts });
        prop_assert_eq!(visual.direction, logical.direction);
        prop_assert_eq!(line_sources(&text, &visual), line_sources(&text, &logical));
        // Logical order is the input order.
        for line in line_sources(&text, &logical) {
            prop_assert!(line.windows(2).all(|w| w[0].1 <= w[1].0), "overlapping glyphs {:?}", line);
        }
    }

    #[test]
    fn shaping_only_swaps_in_presentation_forms(text in paragraph(), opts in options()) {
        let layout = layout_str(&text, &opts);
        for line in &layout.lines {
            for (i, g) in line.glyphs.iter().enumerate() {
                // In logical order a line repeats or closes the bidi controls
                // still open (to stay balanced on its own) on its first and
                // last glyphs: they are not part of what the glyph shows.
                let bidi = |c: &char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
                let shown_owned: String = line.glyph_text(i).chars().filter(|c| !bidi(c)).collect();
                let shown = shown_owned.as_str();
                let source = &text[g.source()];
                if source.chars().any(is_c0_c1) && !source.chars().all(is_hidden) {
                    // A control: its picture (␛ for ESC, ␡ for DEL) or U+FFFD.
                    let c = shown.chars().next();
                    prop_assert!(
                        shown.chars().count() == 1
                            && c.is_some_and(|c| matches!(c, '\u{2400}'..='\u{2421}' | '\u{FFFD}')),
                        "control {:?} shown as {:?}", source, shown
                    );
                    continue;
                }
                if shown.trim().is_empty() {
                    prop_assert!(source.chars().all(is_hidden), "{:?} shown blank", source);
                    continue;
                }
                if shown == "\u{FFFD}" {
                    // A cluster wider than the whole line.
                    prop_assert!(g.width == 1 && opts.width < 2, "{:?} replaced at width {}", source, opts.width);
                    continue;
                }
                // NFKC maps each presentation form back to its letter(s).
                let got = counts(shown.nfkc().map(unmirror).filter(|&c| !is_hidden(c)));
                let want = counts(source.nfkc().map(unmirror).filter(|&c| !is_hidden(c)));
                prop_assert_eq!(got, want, "glyph {:?} for {:?}", shown, source);
                if !opts.shaping {
                    // Unshaped text is the input itself, brackets and bidi
                    // controls aside.
                    let got: String = shown.chars().filter(|c| !bidi(c)).map(unmirror).collect();
                    let want: String = source.chars().filter(|c| !bidi(c)).map(unmirror).collect();
                    prop_assert_eq!(got, want);
                }
            }
        }
    }

    #[test]
    fn output_never_holds_a_control_character(text in paragraph(), opts in options()) {
        let layout = layout_str(&text, &opts);
        for line in &layout.lines {
            prop_assert!(!line.text.chars().any(is_c0_c1), "control in {:?}", line.text);
            if opts.ordering == Ordering::Visual {
                prop_assert!(!line.text.chars().any(is_bidi_control), "bidi control in {:?}", line.text);
            }
        }
    }
}
