//! Base direction of a paragraph and of a document.
//!
//! qari's default ([`ParaDirMode::Words`]) counts *words*: a paragraph takes
//! the document's direction unless it has no word of that direction, or the
//! words of the other direction outnumber them more than 2 to 1; so in an
//! Arabic document «تعريب Hermes Desktop» stays RTL and «The word كتاب means
//! book» is LTR. URLs, e-mail addresses, paths, file names and inline code
//! are not counted ([`WordScan`]). The direction of the majority of strong
//! characters ([`ParaDirMode::Majority`]) and UAX #9 P2–P3 (first strong
//! character, <https://www.unicode.org/reports/tr9/#P2>,
//! [`ParaDirMode::FirstStrong`]) are the alternatives.

use super::bidi_class::bidi_class;
use std::sync::OnceLock;
use unicode_bidi::BidiClass;

/// A base direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// True for right to left.
    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }

    /// The other direction.
    pub fn flipped(self) -> Direction {
        match self {
            Direction::Ltr => Direction::Rtl,
            Direction::Rtl => Direction::Ltr,
        }
    }
}

/// How a paragraph's base direction is chosen (`--para-dir` and the config's
/// `para_dir`: `words`, `majority`, `first-strong`, `document`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParaDirMode {
    /// The document's direction unless the paragraph has no word of that
    /// direction or the other direction's words outnumber them more than
    /// 2 to 1 (qari's default).
    #[default]
    Words,
    /// The direction of most strong characters; a tie takes the document's.
    Majority,
    /// The first strong character outside isolates (UAX #9 P2–P3).
    FirstStrong,
    /// Always the document's direction (as interface labels are laid out:
    /// they follow the interface's side whatever they contain).
    Document,
}

/// How many strong characters of each direction a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StrongCounts {
    /// Characters of class L.
    pub ltr: usize,
    /// Characters of class R or AL.
    pub rtl: usize,
}

impl StrongCounts {
    /// Counts the strong characters of `text`.
    pub fn of(text: &str) -> StrongCounts {
        let mut counts = StrongCounts::default();
        counts.add(text);
        counts
    }

    /// Adds the strong characters of `text`.
    pub fn add(&mut self, text: &str) {
        // This runs over whole books (the document's direction), so it
        // decodes one- and two-byte characters (Latin, Arabic) itself,
        // without a branch between the two (ASCII spaces come between all
        // words), and adds both counts at once from a table of packed
        // counts; other characters take the general lookup.
        let table = strong_below_0x800();
        let bytes = text.as_bytes();
        let mut packed = 0u64;
        let mut rest = 0u64;
        let mut i = 0;
        while i + 1 < bytes.len() {
            let (b, b1) = (bytes[i], bytes[i + 1]);
            if b >= 0xE0 {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                rest += packed_count(bidi_class(c));
                continue;
            }
            // Valid UTF-8: `b` is ASCII or the lead byte of a two-byte char.
            let two = b >= 0x80;
            let u = if two {
                usize::from(b & 0x1F) << 6 | usize::from(b1 & 0x3F)
            } else {
                usize::from(b)
            };
            packed += table[u & 0x7FF];
            i += 1 + usize::from(two);
        }
        if let Some(&b) = bytes.get(i) {
            // A last ASCII byte.
            packed += table[usize::from(b) & 0x7F];
        }
        packed += rest;
        self.ltr += (packed & u64::from(u32::MAX)) as usize;
        self.rtl += (packed >> 32) as usize;
    }

    /// The majority direction, or `None` on a tie.
    pub fn majority(&self) -> Option<Direction> {
        match self.rtl.cmp(&self.ltr) {
            std::cmp::Ordering::Greater => Some(Direction::Rtl),
            std::cmp::Ordering::Less => Some(Direction::Ltr),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// A char's share of [`StrongCounts::add`]'s packed counts: 1 for class L,
/// 1 << 32 for R or AL (a text has fewer than 2^32 chars: inputs are
/// limited to 512 MiB).
fn packed_count(class: BidiClass) -> u64 {
    match class {
        BidiClass::L => 1,
        BidiClass::R | BidiClass::AL => 1 << 32,
        _ => 0,
    }
}

/// The packed counts of U+0000–U+07FF.
fn strong_below_0x800() -> &'static [u64; 0x800] {
    static TABLE: OnceLock<[u64; 0x800]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0; 0x800];
        for (u, count) in table.iter_mut().enumerate() {
            *count = char::from_u32(u as u32).map_or(0, |c| packed_count(bidi_class(c)));
        }
        table
    })
}

/// UAX #9 P2: the first L, R or AL character, skipping isolates.
pub fn first_strong(text: &str) -> Option<Direction> {
    let mut isolate_depth = 0usize;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::LRI | BidiClass::RLI | BidiClass::FSI => isolate_depth += 1,
            BidiClass::PDI => isolate_depth = isolate_depth.saturating_sub(1),
            BidiClass::L if isolate_depth == 0 => return Some(Direction::Ltr),
            BidiClass::R | BidiClass::AL if isolate_depth == 0 => return Some(Direction::Rtl),
            _ => {}
        }
    }
    None
}

/// Counts the words of a paragraph by direction, one char at a time, for
/// [`ParaDirMode::Words`]: one pass, no allocation.
///
/// A word is a maximal run of letters (classes L, R, AL, with the marks and
/// joiners, NSM and BN, inside it); its direction is that of its first
/// letter. Not counted: words that start in inline code, and every word of
/// a whitespace-delimited token that looks like a URL, a path, an e-mail
/// address or a file name: one holding `/` or `\`, or a `.` or `@` with a
/// letter on both sides (`www.example.com`, `notes.md`, `a@b.org`).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordScan {
    /// Words of the tokens already ended.
    words: StrongCounts,
    /// Words of the current token.
    token: StrongCounts,
    /// The current token is not counted.
    skip_token: bool,
    /// The previous char belongs to a word.
    in_word: bool,
    /// The previous char is a `.` or `@` right after a letter.
    joint: bool,
}

impl WordScan {
    /// Adds the next char, of bidi class `class`; `code` when it is inside
    /// inline code.
    pub fn push(&mut self, c: char, class: BidiClass, code: bool) {
        use BidiClass::*;
        match class {
            L | R | AL => {
                self.skip_token |= self.joint;
                if !self.in_word && !code {
                    if class == L {
                        self.token.ltr += 1;
                    } else {
                        self.token.rtl += 1;
                    }
                }
                self.in_word = true;
                self.joint = false;
            }
            NSM | BN if self.in_word => {}
            WS | B | S => {
                self.end_token();
                self.in_word = false;
                self.joint = false;
            }
            _ => {
                self.skip_token |= c == '/' || c == '\\';
                self.joint = self.in_word && (c == '.' || c == '@');
                self.in_word = false;
            }
        }
    }

    fn end_token(&mut self) {
        if !self.skip_token {
            self.words.ltr += self.token.ltr;
            self.words.rtl += self.token.rtl;
        }
        self.token = StrongCounts::default();
        self.skip_token = false;
    }

    /// The counted words, by direction.
    pub fn finish(mut self) -> StrongCounts {
        self.end_token();
        self.words
    }
}

/// [`ParaDirMode::Words`]: `document` unless `words` (as counted by
/// [`WordScan`]) has none of that direction but some of the other, or more
/// than twice as many of the other.
pub fn words_direction(words: StrongCounts, document: Direction) -> Direction {
    let (own, other) = match document {
        Direction::Rtl => (words.rtl, words.ltr),
        Direction::Ltr => (words.ltr, words.rtl),
    };
    if other > own.saturating_mul(2) {
        document.flipped()
    } else {
        document
    }
}

/// The words of `text` by direction ([`WordScan`], with no inline code).
pub fn word_counts(text: &str) -> StrongCounts {
    let mut scan = WordScan::default();
    for c in text.chars() {
        scan.push(c, bidi_class(c), false);
    }
    scan.finish()
}

/// The base direction of one paragraph; `document` settles ties.
pub fn paragraph_direction(text: &str, mode: ParaDirMode, document: Direction) -> Direction {
    let found = match mode {
        ParaDirMode::Words => Some(words_direction(word_counts(text), document)),
        ParaDirMode::Majority => StrongCounts::of(text).majority(),
        ParaDirMode::FirstStrong => first_strong(text),
        ParaDirMode::Document => None,
    };
    found.unwrap_or(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_word_at_start_of_arabic_paragraph_is_rtl() {
        let d = paragraph_direction(
            "iPhone هو الهاتف الذي",
            ParaDirMode::Majority,
            Direction::Ltr,
        );
        assert_eq!(d, Direction::Rtl);
    }

    #[test]
    fn first_strong_follows_the_first_letter() {
        let d = paragraph_direction(
            "iPhone هو الهاتف الذي",
            ParaDirMode::FirstStrong,
            Direction::Rtl,
        );
        assert_eq!(d, Direction::Ltr);
    }

    #[test]
    fn english_quote_in_arabic_document_is_ltr() {
        let d = paragraph_direction(
            "He said «مرحبا» to everyone here",
            ParaDirMode::Majority,
            Direction::Rtl,
        );
        assert_eq!(d, Direction::Ltr);
    }

    #[test]
    fn tie_or_no_strong_takes_document_direction() {
        assert_eq!(
            paragraph_direction("2010 - 2024", ParaDirMode::Majority, Direction::Rtl),
            Direction::Rtl
        );
        assert_eq!(
            paragraph_direction("ab بت", ParaDirMode::Majority, Direction::Ltr),
            Direction::Ltr
        );
        assert_eq!(
            paragraph_direction("123", ParaDirMode::FirstStrong, Direction::Rtl),
            Direction::Rtl
        );
    }

    #[test]
    fn counts_agree_with_the_class_of_every_char() {
        let mut text = String::new();
        for u in (0..0x3_0000).chain(0xE_0000..0xE_1000) {
            text.extend(char::from_u32(u));
        }
        let mut expected = StrongCounts::default();
        for c in text.chars() {
            match unicode_bidi::bidi_class(c) {
                BidiClass::L => expected.ltr += 1,
                BidiClass::R | BidiClass::AL => expected.rtl += 1,
                _ => {}
            }
        }
        assert_eq!(StrongCounts::of(&text), expected);
    }

    fn words(text: &str) -> (usize, usize) {
        let w = word_counts(text);
        (w.ltr, w.rtl)
    }

    #[test]
    fn words_are_runs_of_letters_with_their_marks() {
        assert_eq!(words("كَتَبَ الولدُ"), (0, 2));
        assert_eq!(words("Hermes-agent, v2"), (3, 0));
        // A mixed word goes by its first letter.
        assert_eq!(words("iPhoneهو"), (1, 0));
        assert_eq!(words(""), (0, 0));
    }

    #[test]
    fn urls_paths_mail_and_file_names_are_not_words() {
        assert_eq!(words("انظر https://github.com/a/b"), (0, 1));
        assert_eq!(words("انظر www.example.com"), (0, 1));
        assert_eq!(words("راسل a@b.org أو C:\\Users\\x"), (0, 2));
        assert_eq!(words("افتح notes.md الآن"), (0, 2));
        // A full stop before a space or the end is punctuation.
        assert_eq!(words("Keys. Tools."), (2, 0));
    }

    #[test]
    fn words_rule_thresholds() {
        let w = |ltr, rtl| StrongCounts { ltr, rtl };
        assert_eq!(words_direction(w(2, 1), Direction::Rtl), Direction::Rtl);
        assert_eq!(words_direction(w(3, 1), Direction::Rtl), Direction::Ltr);
        assert_eq!(words_direction(w(1, 0), Direction::Rtl), Direction::Ltr);
        assert_eq!(words_direction(w(0, 0), Direction::Rtl), Direction::Rtl);
        assert_eq!(words_direction(w(1, 2), Direction::Ltr), Direction::Ltr);
        assert_eq!(words_direction(w(1, 3), Direction::Ltr), Direction::Rtl);
        assert_eq!(words_direction(w(0, 0), Direction::Ltr), Direction::Ltr);
    }

    #[test]
    fn first_strong_skips_isolates() {
        assert_eq!(
            first_strong("\u{2067}abc\u{2069} بيت"),
            Some(Direction::Rtl)
        );
    }
}
