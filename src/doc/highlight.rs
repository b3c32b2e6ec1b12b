//! Syntax highlighting of code blocks with syntect's default syntaxes (the
//! Sublime Text grammars bat uses, run on a pure-Rust regex engine): each
//! line's byte ranges classified into a few [`Token`]s from the scope
//! stack, so that the theme picks the colours.
//!
//! The syntaxes are loaded once, on the first code block that names a
//! language (a few milliseconds; see README), never for an article without
//! one. Highlighting a block stops at [`MAX_BYTES`] of its text or at a
//! line longer than [`MAX_LINE`], and the rest is plain: the grammars run
//! backtracking regexes, and a giant block must not stall the reader.

use super::Token;
use std::ops::Range;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};

/// Bytes of a block highlighted at most; the lines after are plain.
pub(super) const MAX_BYTES: usize = 256 * 1024;

/// A line longer than this (in bytes) ends the highlighting of its block.
pub(super) const MAX_LINE: usize = 4096;

/// The token ranges of one line: logical byte ranges of its text, sorted,
/// apart, covering it.
pub(super) type LineTokens = Vec<(Range<usize>, Token)>;

/// The loaded syntaxes and the scopes tokens are told by.
struct Grammars {
    syntaxes: SyntaxSet,
    /// Scope prefixes, first match wins (checked innermost scope first).
    classes: Vec<(Scope, Token)>,
    comment: Scope,
    string: Scope,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| {
        let scope = |s: &str| Scope::new(s).unwrap_or_default();
        let classes = [
            ("keyword.operator.word", Token::Keyword),
            ("keyword.operator", Token::Operator),
            ("keyword", Token::Keyword),
            // `let`, `fn` and primitive types (`usize`) alike: Rust's
            // grammar gives them the same scope.
            ("storage", Token::Keyword),
            ("constant", Token::Constant),
            ("entity.name.function", Token::Function),
            ("support.function", Token::Function),
            ("variable.function", Token::Function),
            ("support.macro", Token::Function),
            ("entity.name", Token::Type),
            ("support.type", Token::Type),
            ("support.class", Token::Type),
            ("entity.other.inherited-class", Token::Type),
            ("variable.language", Token::Keyword),
            ("punctuation", Token::Operator),
        ]
        .into_iter()
        .map(|(s, t)| (scope(s), t))
        .collect();
        Grammars {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            classes,
            comment: scope("comment"),
            string: scope("string"),
        }
    })
}

/// Loads the syntaxes now (for measuring the cost of the first code block).
pub fn load_syntaxes() {
    grammars();
}

/// The tokens of each of `lines` (the block's lines as written) in language
/// `lang` (a name or file extension, any case), or `None` when syntect
/// knows no such language. Lines past the caps get no tokens.
pub(super) fn highlight(lang: &str, lines: &[String]) -> Option<Vec<LineTokens>> {
    let g = grammars();
    let syntax = g.syntaxes.find_syntax_by_token(lang)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut budget = MAX_BYTES;
    let mut out = Vec::with_capacity(lines.len());
    let mut buf = String::new();
    for line in lines {
        if line.len() > MAX_LINE || line.len() >= budget {
            break;
        }
        budget -= line.len() + 1;
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let Ok(ops) = state.parse_line(&buf, &g.syntaxes) else {
            break;
        };
        let mut tokens: LineTokens = Vec::new();
        let mut at = 0;
        for (pos, op) in ops {
            push_token(&mut tokens, at..pos.min(line.len()), g.classify(&stack));
            at = at.max(pos.min(line.len()));
            if stack.apply(&op).is_err() {
                break;
            }
        }
        push_token(&mut tokens, at..line.len(), g.classify(&stack));
        out.push(tokens);
    }
    Some(out)
}

/// Appends `range` as `token`, merged with the range before it when the
/// token is the same.
fn push_token(tokens: &mut LineTokens, range: Range<usize>, token: Token) {
    if range.is_empty() {
        return;
    }
    match tokens.last_mut() {
        Some((last, t)) if *t == token && last.end == range.start => last.end = range.end,
        _ => tokens.push((range, token)),
    }
}

impl Grammars {
    /// The token of text under `stack`: anything in a comment or a string
    /// is that (their delimiters too); else the innermost scope that names
    /// a class.
    fn classify(&self, stack: &ScopeStack) -> Token {
        let scopes = stack.as_slice();
        if scopes.iter().any(|s| self.comment.is_prefix_of(*s)) {
            return Token::Comment;
        }
        if scopes.iter().any(|s| self.string.is_prefix_of(*s)) {
            return Token::String;
        }
        scopes
            .iter()
            .rev()
            .find_map(|s| {
                self.classes
                    .iter()
                    .find(|(prefix, _)| prefix.is_prefix_of(*s))
                    .map(|(_, t)| *t)
            })
            .unwrap_or(Token::Plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<String> {
        src.lines().map(str::to_owned).collect()
    }

    /// The tokens of the text `word` at its first occurrence on line `n`.
    fn token_of(src: &str, lang: &str, n: usize, word: &str) -> Token {
        let ls = lines(src);
        let tokens = highlight(lang, &ls).expect("known language");
        let at = ls[n].find(word).expect("word on the line");
        tokens[n]
            .iter()
            .find(|(r, _)| r.contains(&at))
            .map(|(_, t)| *t)
            .expect("covered")
    }

    #[test]
    fn rust_keywords_strings_comments_numbers_and_functions() {
        let src = "// تعليق\nfn main() {\n    let s = \"سلام\";\n    let n = 42;\n    println!(\"{s}\");\n}\n";
        assert_eq!(token_of(src, "rust", 0, "تعليق"), Token::Comment);
        assert_eq!(token_of(src, "rust", 1, "fn"), Token::Keyword);
        assert_eq!(token_of(src, "rust", 1, "main"), Token::Function);
        assert_eq!(token_of(src, "rust", 2, "let"), Token::Keyword);
        assert_eq!(token_of(src, "rust", 2, "سلام"), Token::String);
        assert_eq!(token_of(src, "rust", 3, "42"), Token::Constant);
        assert_eq!(token_of(src, "rust", 3, "n"), Token::Plain);
        assert_eq!(token_of(src, "rust", 2, "="), Token::Operator);
    }

    #[test]
    fn python_by_name_or_extension() {
        let src = "def f(x):\n    return 'نص'  # تعليق\n";
        for lang in ["python", "py", "Python"] {
            assert_eq!(token_of(src, lang, 0, "def"), Token::Keyword, "{lang}");
            assert_eq!(token_of(src, lang, 1, "return"), Token::Keyword);
            assert_eq!(token_of(src, lang, 1, "نص"), Token::String);
            assert_eq!(token_of(src, lang, 1, "تعليق"), Token::Comment);
        }
    }

    #[test]
    fn tokens_cover_each_line_in_order() {
        let ls = lines("fn a() -> u8 { 1 }\n\n/* x */ struct S;\n");
        let tokens = highlight("rs", &ls).expect("rust");
        for (line, tokens) in ls.iter().zip(&tokens) {
            let mut at = 0;
            for (r, _) in tokens {
                assert_eq!(r.start, at);
                at = r.end;
            }
            assert_eq!(at, line.len());
        }
    }

    #[test]
    fn unknown_language_is_none() {
        assert_eq!(highlight("no-such-language", &lines("x")), None);
    }

    #[test]
    fn highlighting_stops_at_the_caps() {
        let long = "x".repeat(MAX_LINE + 1);
        let ls = vec!["let a = 1;".to_owned(), long, "let b = 2;".to_owned()];
        assert_eq!(highlight("rust", &ls).map(|t| t.len()), Some(1));
        let many = vec!["let a = 1;".to_owned(); MAX_BYTES / 10];
        let n = highlight("rust", &many).map_or(0, |t| t.len());
        assert!(n < many.len() && n > many.len() / 2, "{n}");
    }
}
