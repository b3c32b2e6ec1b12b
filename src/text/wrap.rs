//! Line breaking in logical order, before reordering (UAX #9 §3.4: "reordering
//! is done after wrapping each paragraph into lines").
//!
//! Greedy, like a terminal reader should be: break at white space, following
//! UAX #14 where it matters for Arabic and Latin prose (no line starts with
//! closing punctuation such as ، ؛ ؟ . » — LB13/LB15 — and none ends with
//! an opening bracket or quote — LB14); a word is split, between grapheme
//! clusters, only when it is wider than the line. Hand-written because
//! break opportunities must be computed on the shaped clusters and reordered
//! per line afterwards, which textwrap's string API does not allow.

use super::cluster::{Cluster, ClusterKind};
use std::ops::Range;

/// Characters that never start a line (closing punctuation, UAX #14 CL/CP/IS/EX).
pub(crate) fn no_break_before(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '»'
            | '›'
            | '”'
            | '’'
            | '.'
            | ','
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '…'
            | '،'
            | '؛'
            | '؟'
            | '۔'
            | '٪'
            | '\u{FE50}'..='\u{FE57}'
    )
}

/// Characters that never end a line (opening punctuation, UAX #14 OP).
pub(crate) fn no_break_after(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«' | '‹' | '“' | '‘')
}

fn first_char(text: &str, c: &Cluster) -> char {
    text[c.start as usize..].chars().next().unwrap_or(' ')
}

fn last_char(text: &str, c: &Cluster) -> char {
    text[..c.end as usize].chars().next_back().unwrap_or(' ')
}

/// Greedy line filling; state of the line being built.
struct Filler<'a> {
    clusters: &'a [Cluster],
    width: usize,
    lines: &'a mut Vec<Range<usize>>,
    /// The open line: cluster range of its content, and its width.
    open: Option<(Range<usize>, usize)>,
}

impl Filler<'_> {
    fn close(&mut self) {
        if let Some((range, _)) = self.open.take() {
            self.lines.push(range);
        }
    }

    /// Adds the word whose content (trailing spaces excluded) is the
    /// clusters `word`, `content` cells wide, after `gap` cells of spaces
    /// that end the previous word.
    fn add(&mut self, word: Range<usize>, content: usize, gap: usize) {
        if let Some((range, used)) = &mut self.open {
            if *used + gap + content <= self.width {
                *used += gap + content;
                range.end = word.end;
                return;
            }
            self.close();
        }
        if content <= self.width {
            self.open = Some((word, content));
        } else {
            self.split(word);
        }
    }

    /// Breaks a word wider than the line between clusters; the last piece
    /// stays open. Spaces inside the word (kept by a no-break rule) neither end
    /// nor start a piece.
    fn split(&mut self, range: Range<usize>) {
        let is_space = |k: usize| self.clusters[k].kind == ClusterKind::Space;
        let mut start = range.start;
        let mut used = 0;
        for k in range.clone() {
            let w = usize::from(self.clusters[k].width);
            if used + w > self.width && k > start {
                let mut end = k;
                while end > start && is_space(end - 1) {
                    end -= 1;
                }
                self.lines.push(start..end);
                start = k;
                used = 0;
            }
            if k == start && k > range.start && is_space(k) {
                start = k + 1;
                continue;
            }
            used += w;
        }
        self.open = Some((start..range.end, used));
    }
}

/// Breaks a paragraph's clusters into lines no wider than `width` (at least 1).
/// Each line is a range of cluster indices without its trailing spaces. A
/// cluster wider than the whole line gets a line of its own (the caller shows
/// a narrower substitute).
pub fn wrap(text: &str, clusters: &[Cluster], width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    wrap_with(
        clusters,
        width,
        |k| no_break_before(first_char(text, &clusters[k])),
        |k| no_break_after(last_char(text, &clusters[k])),
        &mut lines,
    );
    lines
}

/// [`wrap`] into `lines` (cleared first), with the punctuation facts of
/// cluster `k` given by `no_break_before(k)` (its first char never starts a
/// line) and `no_break_after(k)` (its last char never ends one): the
/// layout knows them from its character table. Words are found at UAX
/// #14-style break opportunities and handed to the filler as they come.
pub(crate) fn wrap_with(
    clusters: &[Cluster],
    width: usize,
    no_break_before: impl Fn(usize) -> bool,
    no_break_after: impl Fn(usize) -> bool,
    lines: &mut Vec<Range<usize>>,
) {
    lines.clear();
    let mut filler = Filler {
        clusters,
        width: width.max(1),
        lines,
        open: None,
    };
    // The word being read: its first cluster, the end of its content, the
    // widths of its content and of all of it, and the trailing spaces of
    // the word before it. Words are ranges of clusters that are never
    // broken inside (unless too wide), found at UAX #14-style break
    // opportunities; widths are summed as the clusters go by.
    let mut start = 0;
    let mut content_end = 0;
    let mut content = 0;
    let mut total = 0;
    let mut gap = 0;
    // The last non-space cluster before the current run of spaces.
    let mut last_content: Option<usize> = None;
    let mut after_space = false;
    for (k, c) in clusters.iter().enumerate() {
        let width = usize::from(c.width);
        if c.kind == ClusterKind::Space {
            total += width;
            after_space = true;
            continue;
        }
        if std::mem::take(&mut after_space)
            && k > start
            && !no_break_before(k)
            && !last_content.is_some_and(&no_break_after)
        {
            filler.add(start..content_end, content, gap);
            gap = total - content;
            start = k;
            total = 0;
        }
        total += width;
        content = total;
        content_end = k + 1;
        last_content = Some(k);
    }
    if start < clusters.len() {
        filler.add(start..content_end.max(start), content, gap);
    }
    filler.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::cluster::clusters;
    use proptest::prelude::*;

    /// The wrapping as first written, a list of words then greedy filling
    /// that sums each word's widths again: the reference for the
    /// incremental version.
    fn reference(text: &str, clusters: &[Cluster], width: usize) -> Vec<Range<usize>> {
        let is_space = |i: usize| clusters[i].kind == ClusterKind::Space;
        let width_of =
            |r: Range<usize>| -> usize { clusters[r].iter().map(|c| usize::from(c.width)).sum() };
        let word = |start: usize, end: usize| {
            let mut content_end = end;
            while content_end > start && is_space(content_end - 1) {
                content_end -= 1;
            }
            start..content_end
        };
        let mut words = Vec::new();
        let mut start = 0;
        let mut last_content: Option<usize> = None;
        for k in 0..clusters.len() {
            if is_space(k) {
                continue;
            }
            let after_space = k > 0 && is_space(k - 1);
            let opener_before =
                last_content.is_some_and(|i| no_break_after(last_char(text, &clusters[i])));
            if after_space
                && k > start
                && !no_break_before(first_char(text, &clusters[k]))
                && !opener_before
            {
                words.push(word(start, k));
                start = k;
            }
            last_content = Some(k);
        }
        if start < clusters.len() {
            words.push(word(start, clusters.len()));
        }
        let mut lines = Vec::new();
        let mut filler = Filler {
            clusters,
            width: width.max(1),
            lines: &mut lines,
            open: None,
        };
        for w in words {
            let content = width_of(w.clone());
            let gap = match &filler.open {
                Some((range, _)) => width_of(range.end..w.start),
                None => 0,
            };
            filler.add(w, content, gap);
        }
        filler.close();
        lines
    }

    const PIECES: &[&str] = &[
        "ab",
        "c",
        "بيت",
        "ب\u{64E}",
        " ",
        "  ",
        "\t",
        "\u{3000}",
        "中",
        "،",
        ".",
        "»",
        "«",
        "(",
        ")",
        "\u{64E}",
        "abcdefghijkl",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_the_reference(v in prop::collection::vec(prop::sample::select(PIECES), 0..40), width in 1usize..20) {
            let text = v.concat();
            let c = clusters(&text);
            prop_assert_eq!(wrap(&text, &c, width), reference(&text, &c, width), "{:?}", text);
        }
    }

    fn wrapped(s: &str, width: usize) -> Vec<String> {
        let c = clusters(s);
        wrap(s, &c, width)
            .into_iter()
            .map(|r| {
                if r.is_empty() {
                    return String::new();
                }
                s[c[r.start].start as usize..c[r.end - 1].end as usize].to_string()
            })
            .collect()
    }

    #[test]
    fn breaks_at_spaces_greedily() {
        assert_eq!(wrapped("aa bb cc dd", 5), ["aa bb", "cc dd"]);
    }

    #[test]
    fn exact_fit_and_trailing_spaces_dropped() {
        assert_eq!(wrapped("abc   def", 3), ["abc", "def"]);
    }

    #[test]
    fn long_word_is_split_only_when_wider_than_line() {
        assert_eq!(wrapped("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrapped("ab abcdefgh", 5), ["ab", "abcde", "fgh"]);
    }

    #[test]
    fn arabic_comma_never_starts_a_line() {
        // "كلمة ، أخرى": the space before ، is not a break opportunity.
        assert_eq!(wrapped("كلمة ، أخرى", 5), ["كلمة", "،", "أخرى"]);
        assert_eq!(wrapped("كلمة ، أخرى", 6), ["كلمة ،", "أخرى"]);
    }

    #[test]
    fn opening_quote_never_ends_a_line() {
        assert_eq!(wrapped("قال « نعم »", 5), ["قال", "« نعم", "»"]);
    }

    #[test]
    fn marks_never_split_from_their_letter() {
        // Four letters each with a fatha, width 2: two letters a line.
        let s = "ب\u{64E}ت\u{64E}ث\u{64E}ج\u{64E}";
        assert_eq!(wrapped(s, 2), ["ب\u{64E}ت\u{64E}", "ث\u{64E}ج\u{64E}"]);
    }

    #[test]
    fn wide_characters_respect_width() {
        assert_eq!(wrapped("中文字", 4), ["中文", "字"]);
        // A cluster wider than the line gets its own line.
        assert_eq!(wrapped("中文", 1), ["中", "文"]);
    }

    #[test]
    fn empty_and_blank_paragraphs() {
        assert!(wrapped("", 10).is_empty());
        assert_eq!(wrapped("   ", 10), [""]);
    }
}
