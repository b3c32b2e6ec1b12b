//! Arabic shaping: contextual presentation forms and the lam-alef ligature.
//!
//! Runs in logical order over a whole paragraph, before measuring, because the
//! lam-alef ligature changes widths. Joining types come from the
//! `unicode-joining-type` crate (ArabicShaping.txt); the forms come from
//! [`super::forms_table`], generated from UnicodeData.txt by
//! `examples/gen_forms.rs`.
//!
//! Hand-written because no maintained crate does this well: ar-reshaper panics
//! on «ه‍لا» and on text starting with a haraka, and is slower than this table
//! walk.

use super::cluster::is_bidi_control;
use super::forms_table::{FORMS, LAM_ALEF};
use unicode_joining_type::{JoiningType, get_joining_type};

pub(crate) const LAM: char = '\u{0644}';

/// Text after shaping, with each shaped char's logical source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shaped {
    /// The shaped text, still in logical order.
    pub text: String,
    /// For each char of `text`, the byte range `start..end` it came from in the
    /// logical text (a lam-alef ligature spans from the lam to the alef).
    pub source: Vec<(u32, u32)>,
}

impl Shaped {
    /// The text unchanged (shaping switched off, for terminals that shape).
    pub fn identity(logical: &str) -> Shaped {
        let source = logical
            .char_indices()
            .map(|(i, c)| (i as u32, (i + c.len_utf8()) as u32))
            .collect();
        Shaped {
            text: logical.to_owned(),
            source,
        }
    }

    fn with_capacity(len: usize) -> Shaped {
        Shaped {
            text: String::with_capacity(len),
            source: Vec::with_capacity(len),
        }
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        self.text.push(c);
        self.source.push((start as u32, end as u32));
    }
}

/// The joining behaviour of a char, per ArabicShaping.txt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Join {
    /// Non-joining.
    U,
    /// Joins only the char before it (in logical order).
    R,
    /// Joins only the char after it.
    L,
    /// Joins both sides.
    D,
    /// Join-causing: ZWJ, tatweel.
    C,
    /// Transparent: marks are skipped when looking for neighbours.
    T,
}

pub(crate) fn join_of(c: char) -> Join {
    if c.is_ascii() {
        return Join::U;
    }
    match get_joining_type(c) {
        JoiningType::NonJoining => Join::U,
        JoiningType::RightJoining => Join::R,
        JoiningType::LeftJoining => Join::L,
        JoiningType::DualJoining => Join::D,
        JoiningType::JoinCausing => Join::C,
        JoiningType::Transparent => Join::T,
        // The enum is non-exhaustive; a future type is safest as non-joining.
        _ => Join::U,
    }
}

/// Joins towards the following char when that char accepts it.
fn joins_forward(j: Join) -> bool {
    matches!(j, Join::L | Join::D | Join::C)
}

/// Joins towards the preceding char when that char offers it.
fn joins_backward(j: Join) -> bool {
    matches!(j, Join::R | Join::D | Join::C)
}

/// Index into a table row: isolated, final, initial, medial.
pub(crate) fn form_index(joins_prev: bool, joins_next: bool) -> usize {
    match (joins_prev, joins_next) {
        (false, false) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (true, true) => 3,
    }
}

fn lookup(table: &[(char, [char; 4])], c: char) -> Option<&[char; 4]> {
    table
        .binary_search_by_key(&c, |(k, _)| *k)
        .ok()
        .map(|i| &table[i].1)
}

/// First and last letters of [`FORMS`].
const FORMS_FIRST: u32 = FORMS[0].0 as u32;
const FORMS_LAST: u32 = FORMS[FORMS.len() - 1].0 as u32;

/// [`FORMS`]' rows indexed by letter (all `'\0'` where a letter has no
/// forms): a direct lookup for the letter of every Arabic cell, instead of
/// a search.
static FORMS_BY_LETTER: [[char; 4]; (FORMS_LAST - FORMS_FIRST + 1) as usize] = {
    let mut rows = [['\0'; 4]; (FORMS_LAST - FORMS_FIRST + 1) as usize];
    let mut i = 0;
    while i < FORMS.len() {
        rows[(FORMS[i].0 as u32 - FORMS_FIRST) as usize] = FORMS[i].1;
        i += 1;
    }
    rows
};

/// The presentation form of `c`, or `c` itself when Unicode has none.
pub(crate) fn form_of(c: char, form: usize) -> char {
    let row = (c as u32)
        .checked_sub(FORMS_FIRST)
        .and_then(|k| FORMS_BY_LETTER.get(k as usize));
    match row {
        Some(row) if row[form & 3] != '\0' => row[form & 3],
        _ => c,
    }
}

/// The lam-alef ligature forms for `alef`, if it makes one with lam.
pub(crate) fn lam_alef_forms(alef: char) -> Option<&'static [char; 4]> {
    lookup(&LAM_ALEF, alef)
}

/// Shapes `logical`: every joining letter takes its contextual form, lam +
/// alef become one ligature (marks between them follow it), marks stay.
pub fn shape(logical: &str) -> Shaped {
    if logical.is_ascii() {
        return Shaped::identity(logical);
    }
    let chars: Vec<(usize, char)> = logical.char_indices().collect();
    let joins: Vec<Join> = chars.iter().map(|&(_, c)| join_of(c)).collect();
    let (joins_prev, joins_next) = neighbours(&joins);
    let mut out = Shaped::with_capacity(logical.len());
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let end = start + c.len_utf8();
        if c == LAM
            && let Some((j, row)) = lam_alef_at(&chars, &joins, i)
        {
            let (alef_start, alef) = chars[j];
            let lig = row[form_index(joins_prev[i], false)];
            out.push(lig, start, alef_start + alef.len_utf8());
            // Marks between lam and alef follow the ligature, in order.
            for &(s, m) in &chars[i + 1..j] {
                out.push(m, s, s + m.len_utf8());
            }
            i = j + 1;
            continue;
        }
        let shaped = match joins[i] {
            Join::R | Join::L | Join::D => form_of(c, form_index(joins_prev[i], joins_next[i])),
            Join::U | Join::C | Join::T => c,
        };
        out.push(shaped, start, end);
        i += 1;
    }
    out
}

/// For each char: does it join the previous / next non-transparent char?
fn neighbours(joins: &[Join]) -> (Vec<bool>, Vec<bool>) {
    let n = joins.len();
    let mut prev = vec![false; n];
    let mut next = vec![false; n];
    let mut last = Join::U;
    for (i, &j) in joins.iter().enumerate() {
        if j == Join::T {
            continue;
        }
        prev[i] = joins_backward(j) && joins_forward(last);
        last = j;
    }
    let mut following = Join::U;
    for (i, &j) in joins.iter().enumerate().rev() {
        if j == Join::T {
            continue;
        }
        next[i] = joins_forward(j) && joins_backward(following);
        following = j;
    }
    (prev, next)
}

/// When the lam at `i` is followed (past transparent marks) by an alef that
/// forms a ligature with it, that alef's index and the ligature's forms.
fn lam_alef_at(
    chars: &[(usize, char)],
    joins: &[Join],
    i: usize,
) -> Option<(usize, &'static [char; 4])> {
    // A bidi control between them (transparent for joining) blocks the
    // ligature, which would otherwise swallow it into one cell.
    let j = (i + 1..chars.len()).find(|&k| joins[k] != Join::T || is_bidi_control(chars[k].1))?;
    lookup(&LAM_ALEF, chars[j].1).map(|row| (j, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(s: &str) -> Vec<u32> {
        shape(s).text.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn lam_alef_is_one_ligature() {
        assert_eq!(shaped("لا"), [0xFEFB]);
    }

    #[test]
    fn bayt_takes_initial_medial_final() {
        assert_eq!(shaped("بيت"), [0xFE91, 0xFEF4, 0xFE96]);
    }

    #[test]
    fn isolated_letter() {
        assert_eq!(shaped("ب"), [0xFE8F]);
    }

    #[test]
    fn right_joining_letter_breaks_the_chain() {
        // دب: dal joins only backwards, so beh after it stands alone.
        assert_eq!(shaped("دب"), [0xFEA9, 0xFE8F]);
        // بد: beh initial, dal final.
        assert_eq!(shaped("بد"), [0xFE91, 0xFEAA]);
    }

    #[test]
    fn every_lam_alef_variant_isolated_and_final() {
        assert_eq!(shaped("لآ"), [0xFEF5]);
        assert_eq!(shaped("لأ"), [0xFEF7]);
        assert_eq!(shaped("لإ"), [0xFEF9]);
        assert_eq!(shaped("بلا"), [0xFE91, 0xFEFC]);
        assert_eq!(shaped("بلآ"), [0xFE91, 0xFEF6]);
        assert_eq!(shaped("بلأ"), [0xFE91, 0xFEF8]);
        assert_eq!(shaped("بلإ"), [0xFE91, 0xFEFA]);
    }

    #[test]
    fn haraka_between_lam_and_alef_keeps_the_ligature() {
        // لَا: lam, fatha, alef → ligature then fatha.
        assert_eq!(shaped("\u{644}\u{64E}\u{627}"), [0xFEFB, 0x064E]);
        // إِلَّا: alef-hamza-below, kasra, lam, shadda, fatha, alef.
        assert_eq!(
            shaped("\u{625}\u{650}\u{644}\u{651}\u{64E}\u{627}"),
            [0xFE87, 0x0650, 0xFEFB, 0x0651, 0x064E]
        );
        // الْآنَ: alef, lam, sukun, alef-madda, noon, fatha.
        assert_eq!(
            shaped("\u{627}\u{644}\u{652}\u{622}\u{646}\u{64E}"),
            [0xFE8D, 0xFEF5, 0x0652, 0xFEE5, 0x064E]
        );
    }

    #[test]
    fn ligature_maps_back_to_lam_and_alef() {
        let s = shape("\u{644}\u{64E}\u{627}");
        assert_eq!(s.source, [(0, 6), (2, 4)]);
    }

    #[test]
    fn tashkeel_does_not_break_joining() {
        // بَيْت with fatha and sukun.
        assert_eq!(
            shaped("\u{628}\u{64E}\u{64A}\u{652}\u{62A}"),
            [0xFE91, 0x064E, 0xFEF4, 0x0652, 0xFE96]
        );
    }

    #[test]
    fn zwj_joins_and_zwnj_breaks() {
        // ه‍ (heh + ZWJ) takes its initial form.
        assert_eq!(shaped("\u{647}\u{200D}"), [0xFEEB, 0x200D]);
        // ب‌ب: ZWNJ keeps both isolated.
        assert_eq!(shaped("\u{628}\u{200C}\u{628}"), [0xFE8F, 0x200C, 0xFE8F]);
        // ه‍لا: the lam-alef after ZWJ is the final ligature.
        assert_eq!(
            shaped("\u{647}\u{200D}\u{644}\u{627}"),
            [0xFEEB, 0x200D, 0xFEFC]
        );
    }

    #[test]
    fn tatweel_joins_both_sides() {
        // بـب: initial beh, tatweel, final beh.
        assert_eq!(shaped("\u{628}\u{640}\u{628}"), [0xFE91, 0x0640, 0xFE90]);
    }

    #[test]
    fn persian_and_urdu_letters() {
        // پیک (peh, farsi yeh, keheh): FB58 FBFF FB8F.
        assert_eq!(shaped("\u{67E}\u{6CC}\u{6A9}"), [0xFB58, 0xFBFF, 0xFB8F]);
        // گل (gaf, lam): FB94 FEDE.
        assert_eq!(shaped("\u{6AF}\u{644}"), [0xFB94, 0xFEDE]);
        // Urdu ے (yeh barree) after beh: final FBAF.
        assert_eq!(shaped("\u{628}\u{6D2}"), [0xFE91, 0xFBAF]);
    }

    #[test]
    fn letter_without_presentation_form_is_kept_and_still_joins() {
        // U+08A0 (beh with small v below) is dual-joining but has no form.
        assert_eq!(shaped("\u{628}\u{8A0}\u{628}"), [0xFE91, 0x08A0, 0xFE90]);
    }

    #[test]
    fn leading_haraka_and_lone_marks_do_not_panic() {
        assert_eq!(shaped("\u{64E}ب"), [0x064E, 0xFE8F]);
        assert_eq!(shaped("\u{64E}"), [0x064E]);
        assert_eq!(shaped("ل\u{64E}"), [0xFEDD, 0x064E]);
    }

    #[test]
    fn bidi_control_between_lam_and_alef_blocks_the_ligature() {
        // Found by the property test: the ligature swallowed the RLO's place.
        assert_eq!(shaped("\u{644}\u{202E}\u{627}"), [0xFEDF, 0x202E, 0xFE8E]);
    }

    #[test]
    fn direct_forms_index_agrees_with_the_table() {
        for u in 0..0x1_0000 {
            let Some(c) = char::from_u32(u) else { continue };
            for form in 0..4 {
                let expected = match lookup(&FORMS, c) {
                    Some(row) if row[form] != '\0' => row[form],
                    _ => c,
                };
                assert_eq!(form_of(c, form), expected, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn latin_is_untouched() {
        assert_eq!(shape("iPhone 15").text, "iPhone 15");
    }
}
