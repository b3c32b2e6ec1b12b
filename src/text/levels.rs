//! UAX #9 resolved levels ([`char_levels`]), with a resolver of qari's own
//! for the common paragraph: one without explicit formatting characters,
//! boundary neutrals or separators (no LRE…PDI, BN, B or S), so that the
//! whole paragraph is one isolating run sequence at the paragraph level and
//! rules X1–X10 change nothing. Rules W1–W7, N0–N2 and
//! I1–I2 (<https://www.unicode.org/reports/tr9/#Resolving_Weak_Types>)
//! follow unicode-bidi 0.3's `implicit` module step by step, char by char.
//!
//! Hand-written because unicode-bidi works byte by byte, allocates per
//! paragraph and scans its bracket table linearly for every ON character:
//! it was the largest single cost of laying out Arabic news text. Tests
//! compare the two on random text; any other paragraph still goes to
//! unicode-bidi.

use unicode_bidi::BidiClass::{self, *};
use unicode_bidi::data_source::BidiDataSource;
use unicode_bidi::{Level, ParagraphBidiInfo};

use super::bidi_class::{FastBidiData, bidi_class};
use super::direction::Direction;
use super::props::{BRACKET, props};

/// The deepest embedding stack UAX #9 allows (`max_depth`, BD2): openers
/// beyond it are dropped by the sanitizer and by logical-order lines.
pub const MAX_BIDI_DEPTH: usize = 125;

/// The resolved embedding level (UAX #9 rules P–I, before the line rules
/// L1–L4) of each char of `text`, one paragraph whose base direction is
/// `direction`. By qari's resolver when it can, else by unicode-bidi.
pub fn char_levels(text: &str, direction: Direction) -> Vec<u8> {
    let para_level = u8::from(direction.is_rtl());
    let chars: Vec<(char, BidiClass)> = text.chars().map(|c| (c, bidi_class(c))).collect();
    let mut levels = Vec::with_capacity(chars.len());
    if chars
        .iter()
        .all(|&(_, class)| UNSUPPORTED & (1 << class as u32) == 0)
    {
        let classes: Vec<BidiClass> = chars.iter().map(|&(_, class)| class).collect();
        Resolver::default().resolve(&classes, |i| chars[i].0, para_level, &mut levels);
    } else {
        let base = if para_level == 1 {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let info = ParagraphBidiInfo::new_with_data_source(&FastBidiData, text, Some(base));
        levels.extend(text.char_indices().map(|(i, _)| info.levels[i].number()));
    }
    levels
}

/// The classes this module cannot take (bits `1 << class`).
pub(crate) const UNSUPPORTED: u32 =
    class_set(&[LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI, BN, B, S]);

/// The set (bits `1 << class`) of `classes`.
pub(crate) const fn class_set(classes: &[BidiClass]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < classes.len() {
        set |= 1 << classes[i] as u32;
        i += 1;
    }
    set
}

/// The deepest bracket nesting BD16 follows.
const MAX_BRACKET_DEPTH: usize = 63;

/// What a char of class ON does to BD16's stack of open brackets.
pub(crate) enum BracketStep {
    /// It closes the pair opened at this position.
    Closes(usize),
    /// It opens one past [`MAX_BRACKET_DEPTH`]: BD16 stops here.
    Overflow,
    /// Nothing (not a bracket, an opening one pushed, a closing one
    /// without its opening).
    Other,
}

/// One step of BD16 for the char `c` of class ON at position `at`, on
/// `stack` (each open bracket's canonical opening char and position).
pub(crate) fn bracket_step(stack: &mut Vec<(char, usize)>, at: usize, c: char) -> BracketStep {
    // The table's flag spares most ON chars (« », quotes, !) the linear
    // search of unicode-bidi's bracket table.
    if !props(c).has(BRACKET) {
        return BracketStep::Other;
    }
    let Some(bracket) = FastBidiData.bidi_matched_opening_bracket(c) else {
        return BracketStep::Other;
    };
    if bracket.is_open {
        if stack.len() >= MAX_BRACKET_DEPTH {
            return BracketStep::Overflow;
        }
        stack.push((bracket.opening, at));
    } else if let Some(k) = stack.iter().rposition(|s| s.0 == bracket.opening) {
        let open = stack[k].1;
        stack.truncate(k);
        return BracketStep::Closes(open);
    }
    BracketStep::Other
}

/// Buffers reused from one paragraph to the next.
#[derive(Default)]
pub(crate) struct Resolver {
    classes: Vec<BidiClass>,
    pairs: Vec<(usize, usize)>,
    stack: Vec<(char, usize)>,
}

fn is_ni(c: BidiClass) -> bool {
    matches!(c, B | S | WS | ON | FSI | LRI | RLI | PDI)
}

impl Resolver {
    /// Resolves the level of each char, the `i`-th of class `classes[i]`
    /// (none of them [`UNSUPPORTED`]) and character `ch(i)`, in a
    /// paragraph at `para_level` (0 or 1); writes them to `levels`.
    pub(crate) fn resolve(
        &mut self,
        classes: &[BidiClass],
        ch: impl Fn(usize) -> char,
        para_level: u8,
        levels: &mut Vec<u8>,
    ) {
        let n = classes.len();
        let e = if para_level % 2 == 1 { R } else { L };
        // One run at the paragraph level: sos and eos are its direction.
        let (sos, eos) = (e, e);
        let pc = &mut self.classes;
        pc.clear();
        pc.reserve(n);
        // Brackets, which keep their class ON through the W rules.
        let stack = &mut self.stack;
        stack.clear();
        self.pairs.clear();

        // W1–W7 in one pass, keeping the classes each rule saw before; `pc`
        // gets each char's class after W7 (pending ETs are settled later).
        let mut prev_w1 = sos;
        let mut prev_w4 = sos;
        let mut prev_w5 = sos;
        let mut last_strong_is_al = false;
        let mut last_strong_is_l = sos == L;
        // W7 on a class that W1–W6 gave.
        let w7 = |c: BidiClass, last_strong_is_l: bool| {
            if c == EN && last_strong_is_l { L } else { c }
        };
        // The run of ETs waiting for an EN (W5), from this index to `i`.
        let mut ets: Option<usize> = None;
        let mut brackets = false;
        for i in 0..n {
            let original = classes[i];
            debug_assert!(UNSUPPORTED & (1 << original as u32) == 0);
            let mut c = original;
            // W1.
            if c == NSM {
                c = prev_w1;
            }
            let w2 = c;
            prev_w1 = c;
            // W2, W3.
            match c {
                EN if last_strong_is_al => c = AN,
                AL => c = R,
                _ => {}
            }
            match w2 {
                L | R => last_strong_is_al = false,
                AL => last_strong_is_al = true,
                _ => {}
            }
            let before_w4 = c;
            match c {
                // W5: ETs before an EN.
                EN => {
                    if let Some(start) = ets.take() {
                        pc[start..i].fill(w7(EN, last_strong_is_l));
                    }
                }
                // W4, and W6 for separators. The next char is read as it
                // was before W1, as unicode-bidi does.
                ES | CS => {
                    let mut next = classes.get(i + 1).copied().unwrap_or(eos);
                    if next == EN && last_strong_is_al {
                        next = AN;
                    }
                    c = match (prev_w4, c, next) {
                        (EN, ES | CS, EN) => EN,
                        (AN, CS, AN) => AN,
                        _ => ON,
                    };
                }
                // W5: ETs after an EN.
                ET if prev_w5 == EN => c = EN,
                ET => {
                    ets.get_or_insert(i);
                }
                ON => brackets |= props(ch(i)).has(BRACKET),
                _ => {}
            }
            prev_w5 = c;
            // W6 for terminators no EN follows.
            if c != ET
                && let Some(start) = ets.take()
            {
                pc[start..i].fill(ON);
            }
            prev_w4 = before_w4;
            pc.push(w7(c, last_strong_is_l));
            match c {
                L => last_strong_is_l = true,
                R => last_strong_is_l = false,
                _ => {}
            }
        }
        if let Some(start) = ets {
            pc[start..n].fill(ON);
        }

        // N0: bracket pairs (BD16), in order of their opening bracket.
        if brackets {
            self.bracket_pairs(classes, &ch, e, sos);
        }
        let pc = &self.classes;

        // N1, N2 (runs of neutrals take the direction around them, or e)
        // and I1, I2.
        let level = |c: BidiClass| {
            para_level
                + match (para_level % 2 == 1, c) {
                    (false, AN | EN) => 2,
                    (false, R) | (true, L | EN | AN) => 1,
                    _ => 0,
                }
        };
        let n1 = |prev: BidiClass, next: BidiClass| match (prev, next) {
            (L, L) => L,
            (R | AN | EN, R | AN | EN) => R,
            _ => e,
        };
        levels.clear();
        levels.reserve(n);
        let mut prev = sos;
        let mut neutrals: Option<usize> = None;
        for (i, &c) in pc.iter().enumerate() {
            if is_ni(c) {
                neutrals.get_or_insert(i);
                levels.push(para_level);
                continue;
            }
            if let Some(start) = neutrals.take() {
                levels[start..i].fill(level(n1(prev, c)));
            }
            levels.push(level(c));
            prev = c;
        }
        if let Some(start) = neutrals {
            levels[start..n].fill(level(n1(prev, eos)));
        }
    }

    /// Rule N0 on `self.classes`: brackets that pair (BD16) take the
    /// direction found inside them, or before them.
    fn bracket_pairs(
        &mut self,
        classes: &[BidiClass],
        ch: impl Fn(usize) -> char,
        e: BidiClass,
        sos: BidiClass,
    ) {
        let pc = &mut self.classes;
        let n = pc.len();
        let not_e = if e == L { R } else { L };
        for (i, &c) in pc.iter().enumerate() {
            if c != ON {
                continue;
            }
            match bracket_step(&mut self.stack, i, ch(i)) {
                BracketStep::Closes(open) => self.pairs.push((open, i)),
                BracketStep::Overflow => break,
                BracketStep::Other => {}
            }
        }
        self.pairs.sort_unstable();
        for &(open, close) in &self.pairs {
            let mut found_e = false;
            let mut found_not_e = false;
            for &c in &pc[open + 1..close] {
                // EN and AN count as R here.
                let c = if matches!(c, EN | AN) { R } else { c };
                if c == e {
                    found_e = true;
                    break;
                }
                found_not_e |= c == not_e;
            }
            let set = if found_e {
                e
            } else if found_not_e {
                // The strong type before the pair gives the context.
                match pc[..open]
                    .iter()
                    .rev()
                    .find(|c| matches!(c, L | R | EN | AN))
                {
                    Some(L) => L,
                    Some(_) => R,
                    None => sos,
                }
            } else {
                continue;
            };
            pc[open] = set;
            pc[close] = set;
            // NSMs (before W1) after either bracket follow it.
            for start in [open + 1, close + 1] {
                for k in start..n {
                    if classes[k] != NSM {
                        break;
                    }
                    pc[k] = set;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of every class the resolver takes, brackets (with canonical
    /// equivalents) and the marks that follow them.
    const PIECES: &[&str] = &[
        "ب", "ت", "ا", "א", "ab", "X", "12", "٣", "٫", "٬", "۱", "\u{64E}", "\u{301}", " ",
        "\u{A0}", "(", ")", "[", "]", "{", "}", "«", "»", "\u{2329}", "\u{232A}", "\u{3008}",
        "\u{3009}", "%", "$", "€", "٪", "#", "+", "-", ",", ".", ":", "/", "،", "!", "?", "\"",
        "\u{600}",
    ];

    fn ours(text: &str, para_level: u8) -> Vec<u8> {
        let direction = if para_level == 1 {
            Direction::Rtl
        } else {
            Direction::Ltr
        };
        char_levels(text, direction)
    }

    fn theirs(text: &str, para_level: u8) -> Vec<u8> {
        let base = if para_level == 1 {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let info = ParagraphBidiInfo::new(text, Some(base));
        text.char_indices()
            .map(|(i, _)| info.levels[i].number())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_unicode_bidi(v in prop::collection::vec(prop::sample::select(PIECES), 0..40), rtl in any::<bool>()) {
            let text = v.concat();
            let level = u8::from(rtl);
            prop_assert!(text.chars().all(|c| UNSUPPORTED & (1 << bidi_class(c) as u32) == 0));
            prop_assert_eq!(ours(&text, level), theirs(&text, level), "{:?}", text);
        }
    }

    #[test]
    fn news_sentences() {
        for text in [
            "أعلنت شركة Apple يوم 12 مارس 2024 عن نمو إيراداتها بنسبة 8.5% لتبلغ 94 مليار دولار، وفق بيان نشرته Reuters.",
            "وقال المتحدث باسم وزارة الخارجية (في مؤتمر صحفي) إن «المفاوضات مستمرة» منذ عام 1998، مشيراً إلى اجتماع قمة G20 المقبل.",
            "سجّل مؤشر السوق ١٢٣٤٥ نقطة في تداولات الأحد، بارتفاع ٣٫٢٪ مقارنة بالأسبوع الماضي، بحسب بيانات Bloomberg.",
            "He said (قال [a] b) 1,2.3 -4 +5 $6 7% ٨٪ a(b)c",
        ] {
            for level in [0, 1] {
                assert_eq!(ours(text, level), theirs(text, level), "{text}");
            }
        }
    }
}
