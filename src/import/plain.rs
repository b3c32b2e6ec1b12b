//! The plain-text adapter, for articles laid out like the seed: one block
//! per line, no markup except list and quote markers. Its lines are
//! classified here and handed to the [`Outline`] with their roles (title,
//! question, section heading), so the outline's heading policy (an `FAQ`
//! heading) does not apply: a line reading `FAQ` is a section heading.
//!
//! Layout, after splitting on `\n` (a trailing `\r` and a leading BOM are
//! tolerated), trimming each line and skipping blank lines:
//!
//! 1. The first line is the title.
//! 2. Right after it, FAQ entries repeat while a *question* line (one that
//!    ends in `؟` or `?`) is followed either by one or more bullet lines (the
//!    answer is that list) or by one line that is neither a question nor a
//!    bullet nor a quote line (the answer is that paragraph).
//! 3. In the body, a *heading* is a short line without final punctuation
//!    (see [`is_heading`]); it starts a new section. Lines before the first
//!    heading form the lead (a section without heading).
//! 4. Consecutive bullet lines (`- `, `* ` or `• `) form one bullet list,
//!    consecutive `> ` lines one quote (a paragraph per line); every other
//!    line is a paragraph.

use super::outline::Outline;
use super::{LoadError, decode_text};
use crate::model::{Article, Block, Text};

/// A heading has at most this many characters…
pub const HEADING_MAX_CHARS: usize = 60;
/// …and at most this many whitespace-separated words.
pub const HEADING_MAX_WORDS: usize = 8;

/// Characters that end a sentence or clause (or close a quotation or
/// bracket that does); a line ending in one of them is never a heading.
pub const FINAL_PUNCTUATION: &[char] = &[
    '.', '!', '?', '؟', '،', ',', ':', ';', '؛', '…', '۔', '»', '«', '”', '“', '"', '\'', '’', ')',
    ']', '}',
];

const BULLET_MARKERS: [&str; 3] = ["- ", "* ", "• "];
const QUOTE_MARKER: &str = "> ";

/// Decodes `bytes` as UTF-8 (see [`decode_text`]) and reads them as a
/// plain-text article; `name` is used in error messages.
pub fn import(bytes: &[u8], name: &str) -> Result<Article, LoadError> {
    decode_text(bytes, name).map(parse)
}

/// Reads a plain-text article and sanitizes it.
pub fn parse(text: &str) -> Article {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut outline = Outline::new(false);
    if let Some((title, rest)) = lines.split_first() {
        outline.title(Text::plain(*title));
        let body = read_faq(rest, &mut outline);
        outline.end_faq();
        read_body(body, &mut outline);
    }
    outline.finish()
}

/// True for a line that ends in `?` or `؟`.
fn is_question(line: &str) -> bool {
    line.ends_with('?') || line.ends_with('؟')
}

/// The item text when `line` is a bullet line.
fn bullet(line: &str) -> Option<&str> {
    BULLET_MARKERS
        .iter()
        .find_map(|m| line.strip_prefix(m))
        .map(str::trim)
}

/// The quoted text when `line` is a quote line.
fn quote(line: &str) -> Option<&str> {
    line.strip_prefix(QUOTE_MARKER).map(str::trim)
}

/// True for a body line that starts a section: not a list or quote line, at
/// most [`HEADING_MAX_CHARS`] characters and [`HEADING_MAX_WORDS`] words, and
/// not ending in one of [`FINAL_PUNCTUATION`].
pub fn is_heading(line: &str) -> bool {
    bullet(line).is_none()
        && quote(line).is_none()
        && line.chars().count() <= HEADING_MAX_CHARS
        && line.split_whitespace().count() <= HEADING_MAX_WORDS
        && !line.ends_with(FINAL_PUNCTUATION)
}

/// Reads FAQ entries from the start of `lines`; returns the lines after them.
fn read_faq<'a>(mut lines: &'a [&'a str], outline: &mut Outline) -> &'a [&'a str] {
    while let Some((question, answer, used)) = faq_entry(lines) {
        outline.question(question);
        outline.block(answer);
        lines = &lines[used..];
    }
    lines
}

/// One FAQ entry at the start of `lines` (question and answer) and how
/// many lines it used.
fn faq_entry(lines: &[&str]) -> Option<(Text, Block, usize)> {
    let (question, rest) = lines.split_first()?;
    if !is_question(question) || bullet(question).is_some() || quote(question).is_some() {
        return None;
    }
    let items: Vec<Text> = rest
        .iter()
        .map_while(|l| bullet(l))
        .map(Text::plain)
        .collect();
    let (answer, used) = if items.is_empty() {
        let line = rest.first().filter(|l| is_answer_line(l))?;
        (Block::Paragraph(Text::plain(*line)), 2)
    } else {
        let used = items.len() + 1;
        (Block::Bullets(items), used)
    };
    Some((Text::plain(*question), answer, used))
}

fn is_answer_line(line: &str) -> bool {
    !is_question(line) && bullet(line).is_none() && quote(line).is_none()
}

/// Hands body lines to the outline: headings start sections, consecutive
/// bullet or quote lines are grouped into one block.
fn read_body(lines: &[&str], outline: &mut Outline) {
    let mut pending: Option<Block> = None;
    for line in lines {
        if is_heading(line) {
            flush(&mut pending, outline);
            outline.section(2, Text::plain(*line));
        } else if let Some(block) = push_line(&mut pending, line) {
            outline.block(block);
        }
    }
    flush(&mut pending, outline);
}

/// Hands the pending block, if any, to the outline.
fn flush(pending: &mut Option<Block>, outline: &mut Outline) {
    if let Some(block) = pending.take() {
        outline.block(block);
    }
}

/// Extends the `pending` list or quote with a non-heading body line, or
/// starts a new pending block; returns the block this line ended, if any.
fn push_line(pending: &mut Option<Block>, line: &str) -> Option<Block> {
    match (pending.as_mut(), bullet(line), quote(line)) {
        (Some(Block::Bullets(items)), Some(item), _) => items.push(Text::plain(item)),
        (Some(Block::Quote(inner)), _, Some(quoted)) => {
            inner.push(Block::Paragraph(Text::plain(quoted)));
        }
        (_, Some(item), _) => return pending.replace(Block::Bullets(vec![Text::plain(item)])),
        (_, _, Some(quoted)) => {
            let para = Block::Paragraph(Text::plain(quoted));
            return pending.replace(Block::Quote(vec![para]));
        }
        _ => return pending.replace(Block::Paragraph(Text::plain(line))),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::{headed, lead, para};
    use crate::model::FaqEntry;

    #[test]
    fn title_faq_lead_and_sections() {
        let src = "\u{FEFF}العنوان؟\r\n\r\nسؤال أول؟\r\nجواب.\r\nسؤال ثان?\r\n- أ\r\n* ب\r\n\
                   • ج\r\nمقدمة طويلة.\r\nقسم\r\nنص القسم.\r\n";
        let a = parse(src);
        assert_eq!(a.title, Text::plain("العنوان؟"));
        assert_eq!(
            a.faq,
            vec![
                FaqEntry {
                    question: Text::plain("سؤال أول؟"),
                    answer: vec![para("جواب.")],
                },
                FaqEntry {
                    question: Text::plain("سؤال ثان?"),
                    answer: vec![Block::Bullets(vec!["أ".into(), "ب".into(), "ج".into()])],
                },
            ]
        );
        assert_eq!(
            a.sections,
            vec![
                lead(vec![para("مقدمة طويلة.")]),
                headed("قسم", vec![para("نص القسم.")]),
            ]
        );
    }

    #[test]
    fn question_without_answer_ends_the_faq() {
        let a = parse("T\nلماذا؟\nكيف؟\nجواب.");
        assert!(a.faq.is_empty());
        assert_eq!(a.sections[0].heading, None);
        assert_eq!(
            a.sections[0].blocks,
            vec![para("لماذا؟"), para("كيف؟"), para("جواب.")]
        );
    }

    #[test]
    fn no_lead_when_a_heading_comes_first() {
        let a = parse("T\nأول\n- x\n- y\n> قال\n> ثم\nنص.");
        assert_eq!(
            a.sections,
            vec![headed(
                "أول",
                vec![
                    Block::Bullets(vec!["x".into(), "y".into()]),
                    Block::Quote(vec![para("قال"), para("ثم")]),
                    para("نص."),
                ]
            )]
        );
    }

    #[test]
    fn heading_rules() {
        assert!(is_heading("أهمية التعاون"));
        assert!(is_heading("One two three four five six seven eight"));
        assert!(!is_heading("One two three four five six seven eight nine"));
        assert!(is_heading(&"ب".repeat(60)));
        assert!(!is_heading(&"ب".repeat(61)));
        for end in ["نص.", "نص،", "نص:", "«نص»", "“نص”", "(نص)", "نص…", "نص؛"]
        {
            assert!(!is_heading(end), "{end}");
        }
        assert!(!is_heading("- عنصر"));
        assert!(!is_heading("> قول"));
    }

    #[test]
    fn title_only_and_empty() {
        let a = parse("  وحده  \n\n");
        assert_eq!(a.title, Text::plain("وحده"));
        assert!(a.sections.is_empty() && a.faq.is_empty());
        assert_eq!(parse(" \n\t\n"), Article::default());
    }

    #[test]
    fn lines_are_sanitized() {
        let a = parse("T\x1b[1m\nنص\u{202E} مقلوب.");
        assert_eq!(a.title, Text::plain("T␛[1m"));
        assert_eq!(
            a.sections[0].blocks,
            vec![para("نص\u{202E} مقلوب.\u{202C}")]
        );
    }
}
