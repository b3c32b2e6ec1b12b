//! Syntax highlighting of code blocks with syntect's default syntaxes (the
//! Sublime Text grammars bat uses, run on a pure-Rust regex engine): each
//! line's byte ranges classified into a few [`Token`]s from the scope
//! stack, so that the theme picks the colours.
//!
//! The syntaxes are loaded once, on the first code block that names a
//! language, never for an article without one. Loading is cheap (syntect
//! keeps each grammar serialized until it is used); a grammar's first use is
//! not: deserializing it and compiling the regexes a block needs took ~35 ms
//! per language in a release build (Rust, Python). So the reader asks with
//! [`SyntaxColors::IfReady`]: a language not used yet is warmed up on a
//! thread while its blocks are shown plain, and the reader redraws them in
//! colour when [`generation`] moves. The dump waits ([`SyntaxColors::Wait`]);
//! the background measurer never highlights (tokens change no row count). Highlighting a block stops at [`MAX_BYTES`] of its text or at a
//! line longer than [`MAX_LINE`], and the rest is plain: the grammars run
//! backtracking regexes, and a giant block must not stall the reader.

use super::Token;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
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

/// Whether code blocks are coloured while composing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyntaxColors {
    /// Highlight, using a grammar for the first time if need be (the dump).
    #[default]
    Wait,
    /// Highlight in the languages already used; warm up the others on a
    /// thread and leave their blocks plain for now (the reader).
    IfReady,
    /// Never (measuring row counts).
    Off,
}

/// Languages (syntect's syntax names) by the state of their grammar.
#[derive(Default)]
struct Languages {
    /// Used at least once: highlighting in them is quick.
    ready: HashSet<String>,
    /// Being warmed up on a thread.
    warming: HashSet<String>,
}

static LANGUAGES: Mutex<Option<Languages>> = Mutex::new(None);
/// Warm-up threads running.
static WARMING: AtomicUsize = AtomicUsize::new(0);
/// Moves each time a warm-up finishes.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Counts finished warm-ups: when it moves, blocks composed plain under
/// [`SyntaxColors::IfReady`] can be composed again in colour.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// True while a grammar is being warmed up.
pub fn warming() -> bool {
    WARMING.load(Ordering::Acquire) > 0
}

fn with_languages<T>(f: impl FnOnce(&mut Languages) -> T) -> T {
    let mut guard = LANGUAGES.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(Languages::default))
}

/// The tokens of each of `lines` (the block's lines as written) in language
/// `lang` (a name or file extension, any case), or `None` when syntect
/// knows no such language, or (under [`SyntaxColors::IfReady`]) its grammar
/// is still warming up. Lines past the caps get no tokens.
pub(super) fn highlight(
    lang: &str,
    lines: &[String],
    colors: SyntaxColors,
) -> Option<Vec<LineTokens>> {
    if colors == SyntaxColors::Off {
        return None;
    }
    let g = grammars();
    let syntax = g.syntaxes.find_syntax_by_token(lang)?;
    if colors == SyntaxColors::IfReady {
        // Whether this call starts the warm-up, when one is needed.
        let start = with_languages(|l| {
            (!l.ready.contains(&syntax.name)).then(|| l.warming.insert(syntax.name.clone()))
        });
        match start {
            None => {}
            Some(true) => {
                warm_up(syntax.name.clone(), lang.to_owned(), lines.to_vec());
                return None;
            }
            Some(false) => return None,
        }
    }
    let out = tokens(g, syntax, lines);
    with_languages(|l| l.ready.insert(syntax.name.clone()));
    Some(out)
}

/// Uses the grammar of `name` on `lines` on a thread, so that its first
/// use is paid off the reader's thread; then moves the generation.
fn warm_up(name: String, lang: String, lines: Vec<String>) {
    WARMING.fetch_add(1, Ordering::AcqRel);
    let warmed = name.clone();
    let spawned = std::thread::Builder::new()
        .name("qari-syntax".into())
        .spawn(move || {
            let g = grammars();
            if let Some(syntax) = g.syntaxes.find_syntax_by_token(&lang) {
                tokens(g, syntax, &lines);
            }
            finish(&warmed);
        });
    if spawned.is_err() {
        finish(&name);
    }
}

/// Marks `name` ready and moves the generation.
fn finish(name: &str) {
    with_languages(|l| {
        l.warming.remove(name);
        l.ready.insert(name.to_owned());
    });
    GENERATION.fetch_add(1, Ordering::AcqRel);
    WARMING.fetch_sub(1, Ordering::AcqRel);
}

/// The tokens of `lines` under `syntax` (see [`highlight`]).
fn tokens(
    g: &Grammars,
    syntax: &syntect::parsing::SyntaxReference,
    lines: &[String],
) -> Vec<LineTokens> {
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
    out
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
        let tokens = highlight(lang, &ls, SyntaxColors::Wait).expect("known language");
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
        let tokens = highlight("rs", &ls, SyntaxColors::Wait).expect("rust");
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
        assert_eq!(
            highlight("no-such-language", &lines("x"), SyntaxColors::Wait),
            None
        );
    }

    #[test]
    fn highlighting_stops_at_the_caps() {
        let long = "x".repeat(MAX_LINE + 1);
        let ls = vec!["let a = 1;".to_owned(), long, "let b = 2;".to_owned()];
        assert_eq!(
            highlight("rust", &ls, SyntaxColors::Wait).map(|t| t.len()),
            Some(1)
        );
        let many = vec!["let a = 1;".to_owned(); MAX_BYTES / 10];
        let n = highlight("rust", &many, SyntaxColors::Wait).map_or(0, |t| t.len());
        assert!(n < many.len() && n > many.len() / 2, "{n}");
    }
}
