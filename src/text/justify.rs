//! Kashida justification: widening a laid-out line to its full column the way
//! Arabic typesetting does, by stretching joins with tatweel (ـ U+0640), and
//! only failing that by widening spaces.
//!
//! Pure and after layout: it works on a [`VisualLine`] whose Arabic letters
//! are already presentation forms, so a glyph's form says how it joins:
//! initial and medial forms join the letter after them (in reading order),
//! medial and final forms the letter before. A tatweel goes only between a
//! glyph that joins forward and its neighbour that joins backward, so the
//! forms on both sides stay correct with the tatweel between them and nothing
//! has to be shaped again. That rules out, by construction, a tatweel after a
//! non-joining letter (alef, dal, reh, waw, teh marbuta, … have only isolated
//! and final forms), inside a lam-alef (one glyph) or after one (its forms are
//! isolated and final), and next to anything that is not an Arabic letter
//! (space, digit, punctuation, Latin, a letter without presentation form).
//! Marks belong to their letter's glyph; the glyph's first char is its base.
//!
//! The forms are those the shaper emits: the inverse of
//! [`super::forms_table`], itself generated from UnicodeData.txt (a test
//! checks the inverse against UnicodeData.txt's `<initial>`… tags). A tatweel
//! already in the text joins both ways and counts as a medial form.
//!
//! # Where: the priority classes
//!
//! Each joinable gap gets a class, lower is better. Classes 1–4, 6 and 7 are
//! the rules Internet Explorer 5.5 used (described in "The big kashida
//! secret", khtt.net, and followed by LibreOffice); class 5 is changed from
//! "before a medial beh followed by reh or yeh" to the simpler "after an
//! initial or medial beh-like letter", and class 8 is added so that a word
//! with no classical position can still take one when nothing else can.
//!
//! 1. after a tatweel the text already has;
//! 2. after seen, sheen, sad, dad (س ش ص ض);
//! 3. before a final teh marbuta, heh or dal/thal (ة ه د ذ);
//! 4. before a final alef (any hamza or madda), tah/zah, lam, kaf or gaf;
//! 5. after a beh-like letter (ب ت ث ن ي ئ ى and their Persian/Urdu kin);
//! 6. before a final waw, ain/ghain, qaf or feh;
//! 7. before any other final form (reh, zain, meem, a final lam-alef, …);
//! 8. any other join (between two medial forms, say).
//!
//! # How much, and where spaces come in
//!
//! Classical typesetting stretches a word once: each word (a run of glyphs
//! between spaces) offers only its best position, the lowest class, and of
//! equals the one latest in reading order. The cells needed are dealt out
//! evenly over those positions (every one gets ⌊n/k⌋, and the n mod k extra
//! cells go to the best classes first, spread evenly along the line within
//! the last class reached), so no two positions differ by more than one. A
//! position takes at most [`MAX_KASHIDA`] tatweel; whatever is left widens
//! the spaces between words, evenly in the same way. A line with no joinable
//! position is widened by its spaces alone.
//!
//! A line without a space between words is one word: then every joinable
//! position of it is used (same dealing, classes first) and there is no
//! limit, since nothing else can take the width. A line with neither a
//! joinable position nor a space between words is returned as it is.
//!
//! # What is inserted
//!
//! Tatweel and extra spaces are new glyphs of width 1 with an *empty* source
//! range at the logical position they are inserted at (a tatweel at the end
//! of the letter before it in reading order, a space at the end of the space
//! it follows) and that letter's or space's style. Glyphs made by layout
//! always show some source text, so [`is_inserted`] tells them apart even
//! where the article has tatweel of its own, and [`strip_justification`]
//! gives the unjustified line back. Extra spaces come right after (in `text`
//! order) the space they widen.

use super::cluster::is_bidi_control;
use super::forms_table::{FORMS, LAM_ALEF};
use super::visual::{Glyph, ParagraphLayout, VisualLine};
use std::sync::OnceLock;

/// ARABIC TATWEEL, the kashida.
pub const TATWEEL: char = '\u{0640}';

/// The most tatweel put at one position when spaces can take the rest.
pub const MAX_KASHIDA: usize = 3;

/// A presentation form's position in its word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Isolated,
    Final,
    Initial,
    Medial,
}

impl Form {
    /// Joins the letter after it in reading order.
    fn joins_next(self) -> bool {
        matches!(self, Form::Initial | Form::Medial)
    }

    /// Joins the letter before it in reading order.
    fn joins_prev(self) -> bool {
        matches!(self, Form::Final | Form::Medial)
    }
}

/// Column order of [`FORMS`] and [`LAM_ALEF`] rows.
const ROW_FORMS: [Form; 4] = [Form::Isolated, Form::Final, Form::Initial, Form::Medial];

/// A presentation form: the letter it shows (for a lam-alef ligature, the
/// ligature itself, which no class names) and its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Letter {
    letter: char,
    form: Form,
}

/// Every presentation form the shaper emits, sorted by form: the inverse of
/// [`FORMS`] and [`LAM_ALEF`].
fn inverse_forms() -> &'static [(char, Letter)] {
    static TABLE: OnceLock<Vec<(char, Letter)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Vec::new();
        for (letter, row) in FORMS.iter() {
            for (&f, &form) in row.iter().zip(ROW_FORMS.iter()) {
                if f != '\0' {
                    t.push((
                        f,
                        Letter {
                            letter: *letter,
                            form,
                        },
                    ));
                }
            }
        }
        for (_, row) in LAM_ALEF.iter() {
            for (&f, &form) in row.iter().zip(ROW_FORMS.iter()) {
                if f != '\0' {
                    t.push((f, Letter { letter: f, form }));
                }
            }
        }
        t.sort_by_key(|(f, _)| *f);
        t.dedup_by_key(|(f, _)| *f);
        t
    })
}

/// The letter and form a glyph shows, from its base (first char, skipping
/// bidi controls carried by a line's first glyph in logical order).
fn letter_of(glyph_text: &str) -> Option<Letter> {
    let base = glyph_text.chars().find(|&c| !is_bidi_control(c))?;
    if base == TATWEEL {
        return Some(Letter {
            letter: TATWEEL,
            form: Form::Medial,
        });
    }
    let t = inverse_forms();
    t.binary_search_by_key(&base, |(f, _)| *f)
        .ok()
        .map(|i| t[i].1)
}

const SEEN_SAD: &[char] = &[
    '\u{0633}', '\u{0634}', '\u{0635}', '\u{0636}', // س ش ص ض
];
const TEH_MARBUTA_HEH_DAL: &[char] = &[
    '\u{0629}', '\u{0647}', '\u{06C1}', '\u{06C0}', '\u{062F}', '\u{0630}', '\u{0688}', '\u{068C}',
    '\u{068D}', '\u{068E}', // ة ه ہ ۀ د ذ ڈ ڌ ڍ ڎ
];
const ALEF_TAH_LAM_KAF: &[char] = &[
    '\u{0627}', '\u{0622}', '\u{0623}', '\u{0625}', '\u{0671}', // ا آ أ إ ٱ
    '\u{0637}', '\u{0638}', // ط ظ
    '\u{0644}', // ل
    '\u{0643}', '\u{06A9}', '\u{06AD}', '\u{06AF}', '\u{06B1}',
    '\u{06B3}', // ك ک ڭ گ ڱ ڳ
];
const BEH_LIKE: &[char] = &[
    '\u{0628}', '\u{062A}', '\u{062B}', '\u{0646}', '\u{064A}', '\u{0626}',
    '\u{0649}', // ب ت ث ن ي ئ ى
    '\u{067E}', '\u{0679}', '\u{067A}', '\u{067B}', '\u{067F}',
    '\u{0680}', // پ ٹ ٺ ٻ ٿ ڀ
    '\u{06CC}', '\u{06D0}', '\u{06BB}', // ی ې ڻ
];
const WAW_AIN_QAF_FEH: &[char] = &[
    '\u{0648}', '\u{0624}', '\u{06C5}', '\u{06C6}', '\u{06C7}', '\u{06C8}', '\u{06C9}',
    '\u{06CB}', // و ؤ ۅ ۆ ۇ ۈ ۉ ۋ
    '\u{0639}', '\u{063A}', // ع غ
    '\u{0642}', // ق
    '\u{0641}', '\u{06A4}', '\u{06A6}', // ف ڤ ڦ
];

/// The class of the gap between `before` and `after` (reading order), or
/// `None` when a tatweel may not go there. See the module documentation.
fn gap_class(before: Letter, after: Letter) -> Option<u8> {
    if !(before.form.joins_next() && after.form.joins_prev()) {
        return None;
    }
    let final_in = |set: &[char]| after.form == Form::Final && set.contains(&after.letter);
    let class = if before.letter == TATWEEL {
        1
    } else if SEEN_SAD.contains(&before.letter) {
        2
    } else if final_in(TEH_MARBUTA_HEH_DAL) {
        3
    } else if final_in(ALEF_TAH_LAM_KAF) {
        4
    } else if BEH_LIKE.contains(&before.letter) {
        5
    } else if final_in(WAW_AIN_QAF_FEH) {
        6
    } else if after.form == Form::Final {
        7
    } else {
        8
    };
    Some(class)
}

/// A gap of a line where tatweel may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Gap {
    /// Index in `glyphs` of the glyph the tatweel go before (in `text` order).
    at: usize,
    class: u8,
    /// Its word: how many spaces come before it in `text`.
    word: usize,
    /// Logical offset: the end of the letter before it in reading order.
    source: u32,
    /// Index in `glyphs` of that letter, whose style the tatweel take.
    style_of: usize,
}

fn is_space(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b == b' ')
}

/// Every gap of `line` where tatweel may go, in `text` order.
fn gaps(line: &VisualLine) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut word = 0;
    let mut prev: Option<Option<Letter>> = None;
    for i in 0..line.glyphs.len() {
        let text = line.glyph_text(i);
        let here = letter_of(text);
        if let (Some(Some(left)), Some(right)) = (prev, here) {
            let (a, b) = (&line.glyphs[i - 1], &line.glyphs[i]);
            // Which of the two comes first in reading order: the right one
            // in a visual RTL line, the left one in a logical line.
            let pair = if b.source_end <= a.source_start {
                Some((right, left, b.source_end, i))
            } else if a.source_end <= b.source_start {
                Some((left, right, a.source_end, i - 1))
            } else {
                None
            };
            if let Some((before, after, source, style_of)) = pair
                && let Some(class) = gap_class(before, after)
            {
                out.push(Gap {
                    at: i,
                    class,
                    word,
                    source,
                    style_of,
                });
            }
        }
        if is_space(text) {
            word += 1;
        }
        prev = Some(here);
    }
    out
}

/// The spaces of `line` between two other glyphs (not leading or trailing).
fn inner_spaces(line: &VisualLine) -> Vec<usize> {
    let spaces: Vec<bool> = (0..line.glyphs.len())
        .map(|i| is_space(line.glyph_text(i)))
        .collect();
    let (Some(first), Some(last)) = (
        spaces.iter().position(|s| !s),
        spaces.iter().rposition(|s| !s),
    ) else {
        return Vec::new();
    };
    (first..last).filter(|&i| spaces[i]).collect()
}

/// Each word's best gap: lowest class, then latest in reading order.
fn best_per_word(gaps: &[Gap]) -> Vec<Gap> {
    let mut best: Vec<Gap> = Vec::new();
    for g in gaps {
        match best.iter_mut().find(|b| b.word == g.word) {
            Some(b)
                if (g.class, std::cmp::Reverse(g.source))
                    < (b.class, std::cmp::Reverse(b.source)) =>
            {
                *b = *g
            }
            Some(_) => {}
            None => best.push(*g),
        }
    }
    best
}

/// Deals `n` cells over positions of the given classes (in line order):
/// ⌊n/k⌋ each, then one more to the best classes first, spread evenly along
/// the line within the last class reached.
fn deal(n: usize, classes: &[u8]) -> Vec<usize> {
    let k = classes.len();
    if k == 0 {
        return Vec::new();
    }
    let mut counts = vec![n / k; k];
    let mut left = n % k;
    let mut order: Vec<u8> = classes.to_vec();
    order.sort_unstable();
    order.dedup();
    for class in order {
        if left == 0 {
            break;
        }
        let idx: Vec<usize> = (0..k).filter(|&i| classes[i] == class).collect();
        let m = idx.len();
        if m <= left {
            idx.iter().for_each(|&i| counts[i] += 1);
            left -= m;
        } else {
            // `left` of `m`, evenly spaced: the middles of `left` equal parts.
            (0..left).for_each(|j| counts[idx[(2 * j + 1) * m / (2 * left)]] += 1);
            left = 0;
        }
    }
    counts
}

/// Widens `line` to exactly `width` cells with kashida, or spaces where no
/// kashida can go (see the module documentation for the rules), with indent 0.
///
/// `line` is a laid-out line, normally visual RTL (the reading start on the
/// right); logical-order lines work too, since reading order is taken from
/// the glyphs' source offsets. A line already `width` wide or wider, or one
/// with neither a joinable position nor a space between words, is returned
/// unchanged (indent included).
pub fn justify_line(line: &VisualLine, width: usize) -> VisualLine {
    if line.width >= width {
        return line.clone();
    }
    let need = width - line.width;
    let all_gaps = gaps(line);
    let spaces = inner_spaces(line);
    let (gaps, kashida, spare) = if spaces.is_empty() {
        let counts = deal(need, &all_gaps.iter().map(|g| g.class).collect::<Vec<_>>());
        (all_gaps, counts, 0)
    } else {
        let best = best_per_word(&all_gaps);
        let take = need.min(best.len() * MAX_KASHIDA);
        let counts = deal(take, &best.iter().map(|g| g.class).collect::<Vec<_>>());
        (best, counts, need - take)
    };
    if gaps.is_empty() && spaces.is_empty() {
        return line.clone();
    }
    let mut before = vec![0usize; line.glyphs.len()];
    let mut tatweel_gap = vec![None; line.glyphs.len()];
    for (g, &n) in gaps.iter().zip(&kashida) {
        before[g.at] = n;
        tatweel_gap[g.at] = Some(*g);
    }
    let mut after = vec![0usize; line.glyphs.len()];
    for (&s, n) in spaces.iter().zip(deal(spare, &vec![0; spaces.len()])) {
        after[s] = n;
    }

    let mut out = VisualLine {
        text: String::with_capacity(line.text.len() + 2 * need),
        width: 0,
        indent: 0,
        glyphs: Vec::with_capacity(line.glyphs.len() + need),
    };
    let push = |out: &mut VisualLine, s: &str, glyph: Glyph| {
        out.text.push_str(s);
        out.width += usize::from(glyph.width);
        out.glyphs.push(Glyph {
            end: out.text.len() as u32,
            ..glyph
        });
    };
    let inserted = |at: u32, style_of: &Glyph| Glyph {
        end: 0,
        source_start: at,
        source_end: at,
        width: 1,
        style: style_of.style,
    };
    let mut tatweel = [0u8; 4];
    let tatweel: &str = TATWEEL.encode_utf8(&mut tatweel);
    for (i, g) in line.glyphs.iter().enumerate() {
        if let Some(gap) = tatweel_gap[i] {
            for _ in 0..before[i] {
                push(
                    &mut out,
                    tatweel,
                    inserted(gap.source, &line.glyphs[gap.style_of]),
                );
            }
        }
        push(&mut out, line.glyph_text(i), *g);
        for _ in 0..after[i] {
            push(&mut out, " ", inserted(g.source_end, g));
        }
    }
    out
}

/// True for a glyph [`justify_line`] inserted (it shows no source text).
pub fn is_inserted(glyph: &Glyph) -> bool {
    glyph.source_start == glyph.source_end
}

/// `line` without the tatweel and spaces [`justify_line`] inserted: the
/// unjustified line's text, glyphs and width (the indent is kept as it is).
pub fn strip_justification(line: &VisualLine) -> VisualLine {
    let mut out = VisualLine {
        indent: line.indent,
        ..VisualLine::default()
    };
    for (i, g) in line.glyphs.iter().enumerate() {
        if is_inserted(g) {
            continue;
        }
        out.text.push_str(line.glyph_text(i));
        out.width += usize::from(g.width);
        out.glyphs.push(Glyph {
            end: out.text.len() as u32,
            ..*g
        });
    }
    out
}

/// Justifies every line of an RTL paragraph but its last to `width` cells;
/// an LTR paragraph is returned unchanged.
pub fn justify_paragraph(layout: &ParagraphLayout, width: usize) -> ParagraphLayout {
    let mut out = layout.clone();
    if layout.direction.is_rtl()
        && let Some((_, init)) = out.lines.split_last_mut()
    {
        for line in init {
            *line = justify_line(line, width);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Direction, LayoutOptions, layout_str};

    fn lines(text: &str, width: usize) -> Vec<VisualLine> {
        let opts = LayoutOptions {
            width,
            document_dir: Direction::Rtl,
            ..LayoutOptions::default()
        };
        layout_str(text, &opts).lines
    }

    fn one_line(text: &str) -> VisualLine {
        let mut l = lines(text, 200);
        assert_eq!(l.len(), 1);
        l.remove(0)
    }

    /// The tatweel counts at each glyph gap (index of the glyph after it).
    fn inserted_tatweel(line: &VisualLine) -> Vec<usize> {
        (0..line.glyphs.len())
            .filter(|&i| is_inserted(&line.glyphs[i]) && line.glyph_text(i) == "\u{640}")
            .collect()
    }

    #[test]
    fn inverse_table_knows_beh_and_lam_alef() {
        let beh = letter_of("\u{FE91}").unwrap();
        assert_eq!((beh.letter, beh.form), ('\u{0628}', Form::Initial));
        let lam_alef = letter_of("\u{FEFC}").unwrap();
        assert_eq!((lam_alef.letter, lam_alef.form), ('\u{FEFC}', Form::Final));
        // The base decides, marks after it do not.
        assert_eq!(letter_of("\u{FE92}\u{64E}").unwrap().form, Form::Medial);
        assert_eq!(letter_of("\u{640}").unwrap().form, Form::Medial);
        assert_eq!(letter_of("\u{628}"), None);
        assert_eq!(letter_of(" "), None);
    }

    /// The inverse of the forms table agrees with UnicodeData.txt's
    /// `<isolated>`/`<final>`/`<initial>`/`<medial>` decompositions (skipped
    /// when the Debian `unicode-data` file is not installed).
    #[test]
    fn inverse_table_matches_unicode_data() {
        let Ok(data) = std::fs::read_to_string("/usr/share/unicode/UnicodeData.txt") else {
            eprintln!("UnicodeData.txt not found; skipped");
            return;
        };
        let mut checked = 0;
        for line in data.lines() {
            let f: Vec<&str> = line.split(';').collect();
            let Ok(code) = u32::from_str_radix(f[0], 16) else {
                continue;
            };
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let Some(l) = letter_of(c.encode_utf8(&mut [0; 4])) else {
                continue;
            };
            if c == TATWEEL {
                continue;
            }
            let mut d = f[5].split(' ');
            let tag = d.next().unwrap();
            let parts: Vec<u32> = d.map(|h| u32::from_str_radix(h, 16).unwrap()).collect();
            let form = match tag {
                "<isolated>" => Form::Isolated,
                "<final>" => Form::Final,
                "<initial>" => Form::Initial,
                "<medial>" => Form::Medial,
                _ => panic!("U+{code:04X} has no form tag"),
            };
            assert_eq!(l.form, form, "U+{code:04X}");
            match parts.as_slice() {
                [base] => assert_eq!(l.letter as u32, *base, "U+{code:04X}"),
                [0x644, _] => assert_eq!(l.letter, c, "U+{code:04X}"),
                _ => panic!("U+{code:04X}: {parts:?}"),
            }
            checked += 1;
        }
        assert_eq!(checked, inverse_forms().len());
    }

    #[test]
    fn classes_follow_the_table() {
        let l = |c: &str| letter_of(c).unwrap();
        // سـلام: after a medial seen.
        assert_eq!(gap_class(l("\u{FEB3}"), l("\u{FEE0}")), Some(2));
        // بـة: before a final teh marbuta (beh-like too, the better class wins).
        assert_eq!(gap_class(l("\u{FE92}"), l("\u{FE94}")), Some(3));
        // كـا: before a final alef.
        assert_eq!(gap_class(l("\u{FEDB}"), l("\u{FE8E}")), Some(4));
        // بـم (medial meem): after beh.
        assert_eq!(gap_class(l("\u{FE91}"), l("\u{FEE4}")), Some(5));
        // مـع: before a final ain.
        assert_eq!(gap_class(l("\u{FEE3}"), l("\u{FECA}")), Some(6));
        // مـر: before a final reh.
        assert_eq!(gap_class(l("\u{FEE3}"), l("\u{FEAE}")), Some(7));
        // مـلا: before a final lam-alef.
        assert_eq!(gap_class(l("\u{FEE3}"), l("\u{FEFC}")), Some(7));
        // لـم (medial meem): nothing better.
        assert_eq!(gap_class(l("\u{FEDF}"), l("\u{FEE4}")), Some(8));
        // After a tatweel of the text.
        assert_eq!(gap_class(l("\u{640}"), l("\u{FE90}")), Some(1));
        // Never after a form that does not join forward.
        for no in [
            "\u{FE8E}", "\u{FEAA}", "\u{FEAE}", "\u{FEEE}", "\u{FEFC}", "\u{FEFB}", "\u{FE90}",
        ] {
            assert_eq!(gap_class(l(no), l("\u{FE90}")), None, "{no:?}");
        }
        // Never before a form that does not join backward.
        assert_eq!(gap_class(l("\u{FE91}"), l("\u{FE91}")), None);
        assert_eq!(gap_class(l("\u{FE91}"), l("\u{FEFB}")), None);
    }

    #[test]
    fn deal_is_even_and_prefers_better_classes() {
        assert_eq!(deal(6, &[5, 2, 8]), [2, 2, 2]);
        assert_eq!(deal(4, &[5, 2, 8]), [1, 2, 1]);
        assert_eq!(deal(5, &[5, 2, 8]), [2, 2, 1]);
        // Two of six equals: spread, not bunched at one end.
        assert_eq!(deal(2, &[3; 6]), [0, 1, 0, 0, 1, 0]);
        assert_eq!(deal(3, &[3; 6]), [0, 1, 0, 1, 0, 1]);
        assert_eq!(deal(0, &[1, 2]), [0, 0]);
        assert!(deal(3, &[]).is_empty());
    }

    #[test]
    fn one_tatweel_after_seen_in_a_word() {
        // سلام: س initial, لا final ligature, م isolated (3 cells); the one
        // joinable gap is after the seen, never after the lam-alef.
        let line = one_line("سلام");
        assert_eq!(line.text, "\u{FEE1}\u{FEFC}\u{FEB3}");
        let j = justify_line(&line, 5);
        assert_eq!(j.text, "\u{FEE1}\u{FEFC}\u{640}\u{640}\u{FEB3}");
        assert_eq!((j.width, j.indent), (5, 0));
        let t = &j.glyphs[2];
        // Empty source at the end of the seen (2 bytes), its style.
        assert_eq!((t.source_start, t.source_end, t.width), (2, 2, 1));
        assert_eq!(strip_justification(&j).text, line.text);
        assert_eq!(strip_justification(&j).glyphs, line.glyphs);
    }

    #[test]
    fn one_position_per_word_and_spread_across_words() {
        // Four words, each with a joinable gap: 4 extra cells → one each.
        let line = one_line("بيت كتب سمك نجم");
        let j = justify_line(&line, line.width + 4);
        assert_eq!(j.width, line.width + 4);
        let words: Vec<usize> = inserted_tatweel(&j)
            .iter()
            .map(|&i| (0..i).filter(|&k| j.glyph_text(k) == " ").count())
            .collect();
        assert_eq!(words, [0, 1, 2, 3]);
        // 2 extra cells: two words, not both in one, and no space widened.
        let j = justify_line(&line, line.width + 2);
        let t = inserted_tatweel(&j);
        assert_eq!(t.len(), 2);
        assert!(t[1] > t[0] + 1, "{t:?}");
        assert_eq!(j.text.matches(' ').count(), 3);
    }

    #[test]
    fn beyond_the_limit_spaces_take_the_rest() {
        // Two words with one position each: 2 × MAX_KASHIDA tatweel, the rest
        // in the space between them.
        let line = one_line("بيت كتب");
        let extra = 2 * MAX_KASHIDA + 3;
        let j = justify_line(&line, line.width + extra);
        assert_eq!(j.width, line.width + extra);
        assert_eq!(inserted_tatweel(&j).len(), 2 * MAX_KASHIDA);
        assert_eq!(j.text.matches(' ').count(), 4);
    }

    #[test]
    fn one_word_uses_every_position_without_limit() {
        let line = one_line("تتجه");
        // ت ت ج ه: three gaps.
        let j = justify_line(&line, line.width + 7);
        assert_eq!(j.width, line.width + 7);
        let mut per_gap = std::collections::BTreeMap::new();
        for i in inserted_tatweel(&j) {
            *per_gap.entry(j.glyphs[i].source_start).or_insert(0) += 1;
        }
        let counts: Vec<i32> = per_gap.values().copied().collect();
        assert_eq!(counts.len(), 3);
        assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1);
    }

    #[test]
    fn no_joinable_position_widens_spaces_evenly() {
        // و دار ورد: only right-joining letters and isolated forms.
        let line = one_line("و دار ورد");
        let j = justify_line(&line, line.width + 3);
        assert_eq!(j.width, line.width + 3);
        assert!(!j.text.contains('\u{640}'));
        assert!(j.text.contains("   "), "{:?}", j.text);
        assert_eq!(j.text.matches(' ').count(), 5);
        assert_eq!(strip_justification(&j).text, line.text);
    }

    #[test]
    fn nothing_to_widen_is_returned_unchanged() {
        let line = lines("دار", 10).remove(0);
        assert_eq!(line.indent, 7);
        assert_eq!(justify_line(&line, 10), line);
        // Already full.
        let line = one_line("بيت");
        assert_eq!(justify_line(&line, line.width), line);
    }

    #[test]
    fn an_article_tatweel_is_kept_and_preferred() {
        // «كـتاب» has its own tatweel: the word's position is after it.
        let line = one_line("كـتاب قلم");
        let j = justify_line(&line, line.width + 2);
        let t = inserted_tatweel(&j);
        // The original tatweel plus one inserted next to it in the first word.
        assert_eq!(j.text.matches('\u{640}').count(), 3);
        assert_eq!(t.len(), 2);
        let own = j
            .glyphs
            .iter()
            .enumerate()
            .position(|(i, g)| !is_inserted(g) && j.glyph_text(i) == "\u{640}")
            .unwrap();
        assert!(t.contains(&(own - 1)), "{t:?} {own}");
        assert_eq!(strip_justification(&j).text, line.text);
    }

    #[test]
    fn vowelled_glyphs_keep_their_marks() {
        let line = one_line("بَيْتٌ");
        let j = justify_line(&line, line.width + 1);
        assert_eq!(strip_justification(&j).text, line.text);
        for i in inserted_tatweel(&j) {
            // A whole glyph on each side: the marks stay with their letters.
            assert!(letter_of(j.glyph_text(i + 1)).unwrap().form.joins_next());
            assert!(letter_of(j.glyph_text(i - 1)).unwrap().form.joins_prev());
        }
    }

    #[test]
    fn logical_order_lines_take_reading_order_from_the_sources() {
        // In logical order the earlier letter is on the left: بيت is
        // ﺑ ﻴ ﺖ left to right, and the tatweel still follows a joining form.
        let opts = LayoutOptions {
            width: 10,
            ordering: crate::text::Ordering::Logical,
            document_dir: Direction::Rtl,
            ..LayoutOptions::default()
        };
        let line = layout_str("بيت", &opts).lines.remove(0);
        assert_eq!(line.text, "\u{FE91}\u{FEF4}\u{FE96}");
        let j = justify_line(&line, 5);
        assert_eq!(j.text, "\u{FE91}\u{640}\u{FEF4}\u{640}\u{FE96}");
        assert_eq!((j.glyphs[1].source_start, j.glyphs[3].source_start), (2, 4));
    }

    #[test]
    fn paragraph_justifies_all_lines_but_the_last() {
        let opts = LayoutOptions {
            width: 30,
            document_dir: Direction::Rtl,
            ..LayoutOptions::default()
        };
        let text = "تتجه العلاقات العسكرية بين قطر والمغرب نحو مزيد من التنسيق والتكامل، في ظل تنامي التحديات";
        let layout = layout_str(text, &opts);
        let j = justify_paragraph(&layout, 30);
        let (last, init) = j.lines.split_last().unwrap();
        assert!(init.iter().all(|l| l.width == 30 && l.indent == 0));
        assert_eq!(last, layout.lines.last().unwrap());
    }
}
