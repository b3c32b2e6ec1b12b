//! Dump mode: the composed article printed as plain lines, for `qari --dump`
//! and for output that is not a terminal. No terminal control beyond optional
//! SGR colours.
//!
//! Layout: title (underlined with ═), source, the FAQ with every answer open,
//! then the sections with their headings (underlined with ─); a blank line
//! between blocks (see [`crate::doc`]).
//!
//! Links are listed as a text-mode browser lists them: the link's text is
//! followed by `[n]`, and the paragraph, list or heading holding it by
//! rows `[n] target`. The numbers run through the whole document, not per
//! block: the units are laid out in parallel, but counting a unit's links
//! needs no layout, so every unit's first number is counted in order first
//! (see [`crate::doc::compose_unit_numbered`]).

use crate::doc::{
    ComposeOptions, FaqMode, Role, Row, Token, Unit, article_direction, compose_unit_numbered_each,
    unit_links, units,
};
use crate::labels::{Labels, UiLang};
use crate::model::{Article, Style};
use crate::text::{Direction, LayoutOptions};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{TrySendError, sync_channel};

/// How to dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DumpOptions {
    /// Output width in cells.
    pub width: usize,
    /// Emit SGR colour and weight codes.
    pub color: bool,
    /// Engine options (their `width` and `document_dir` are set per block).
    pub layout: LayoutOptions,
    /// Language of qari's own labels; `None` follows the article's direction.
    pub ui_lang: Option<UiLang>,
    /// Send right-to-left words reversed, for kitty (see
    /// [`crate::text::rtl_runs`]).
    pub reverse_rtl_runs: Option<crate::text::rtl_runs::KittyFont>,
}

/// The article as lines of text (no newlines).
pub fn render(article: &Article, opts: &DumpOptions) -> Vec<String> {
    let mut out = Vec::new();
    write_with(article, opts, 1, &mut out).expect("writing to memory");
    String::from_utf8(out)
        .expect("rows are text")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// `doc_dir` is the article's direction (the labels' language follows it).
fn compose_options(doc_dir: Direction, opts: &DumpOptions) -> ComposeOptions {
    let lang = opts.ui_lang.unwrap_or(if doc_dir.is_rtl() {
        UiLang::Ar
    } else {
        UiLang::En
    });
    ComposeOptions {
        width: opts.width,
        layout: LayoutOptions {
            // The rows' runs (from the glyphs) are read only for colour
            // and for kitty's reversed runs.
            glyphs: opts.color || opts.reverse_rtl_runs.is_some(),
            ..opts.layout
        },
        labels: Labels::of(lang),
        faq: FaqMode::Expanded,
        link_refs: true,
        syntax: crate::doc::SyntaxColors::Wait,
    }
}

/// Writes the dump to `out`, row by row as they are composed (a book is
/// never held in memory as text), laid out on every core.
pub fn write(article: &Article, opts: &DumpOptions, out: &mut dyn Write) -> io::Result<()> {
    write_with(article, opts, cores(), out)
}

/// The number of threads a dump uses by default: one per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Units laid out per batch handed to a thread: enough to make the hand-off
/// cheap, few enough to keep the output streaming.
const BATCH_UNITS: usize = 256;

/// Writes the dump with up to `threads` threads laying out batches of units
/// while this one writes them in order. Units are independent (see
/// [`crate::doc::Unit`]), so the output is the same for any `threads`.
pub fn write_with(
    article: &Article,
    opts: &DumpOptions,
    threads: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_pieces(article, Vec::new(), opts, threads, out)
}

/// A piece of a document after its beginning, parsed when called: its
/// sections follow the previous piece's (see
/// [`crate::import::markdown::Pieces`]).
pub type Piece<'a> = Box<dyn FnOnce() -> Article + Send + 'a>;

/// The pieces after a beginning taken on trust (see [`write_after`]):
/// `None` when the beginning turns out not to be the document's.
pub type Later<'a> = Box<dyn FnOnce() -> Option<Vec<Piece<'a>>> + Send + 'a>;

/// What follows the beginning.
enum Rest<'a> {
    Pieces(Vec<Piece<'a>>),
    Later(Later<'a>),
}

/// A laid-out batch's text is handed on in parts past this many bytes.
const FLUSH_BYTES: usize = 1 << 20;

/// What the writer is handed: a laid-out batch's text, or (after a
/// beginning taken on trust) whether to write at all.
enum Msg {
    Done(Done),
    Go(bool),
}

/// Text of a laid-out batch for the writer: all of it, or a part.
struct Done {
    /// The batch's place in the output.
    index: usize,
    text: String,
    /// The batch's last part.
    last: bool,
}

/// A batch of units to lay out: of the beginning (`None`) or of a piece.
struct Batch {
    /// Its place in the output.
    index: usize,
    piece: Option<std::sync::Arc<Article>>,
    /// Each unit with the number of its first link reference.
    units: Vec<(Unit, usize)>,
}

/// [`write_with`] for a document read as a beginning (`first`: its title,
/// FAQ and first sections) and pieces that each give the sections after
/// the last: on more than one thread, one of them parses the pieces in
/// order while the others lay out what is parsed, so that the parse no
/// longer comes before all the rest. The output is the dump of the whole.
pub fn write_pieces(
    first: &Article,
    rest: Vec<Piece<'_>>,
    opts: &DumpOptions,
    threads: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_rest(first, Rest::Pieces(rest), opts, threads, out).map(|_| ())
}

/// [`write_pieces`] for a beginning taken on trust, read from a file's
/// head before the rest: `later` reads the rest and gives its pieces, on
/// the parsing thread, while the others lay out the beginning; nothing is
/// written until it has. False (nothing written) when it gives none: the
/// beginning was not the document's (or the rest could not be read), and
/// the caller reads it again.
pub fn write_after(
    first: &Article,
    later: Later<'_>,
    opts: &DumpOptions,
    threads: usize,
    out: &mut dyn Write,
) -> io::Result<bool> {
    write_rest(first, Rest::Later(later), opts, threads, out)
}

/// [`write_pieces`] and [`write_after`]: true when written.
fn write_rest(
    first: &Article,
    rest: Rest<'_>,
    opts: &DumpOptions,
    threads: usize,
    out: &mut dyn Write,
) -> io::Result<bool> {
    // The direction is judged from the first 32 KB of prose, which the
    // beginning holds.
    let doc_dir = article_direction(first);
    let compose = compose_options(doc_dir, opts);
    let logical = opts.layout.ordering == crate::text::Ordering::Logical;
    // One row onto the batch's text.
    let write_row = |text: &mut String, row: &Row| {
        let reversed;
        let row = if let Some(font) = opts.reverse_rtl_runs {
            reversed = row.with_rtl_runs_reversed(font);
            &reversed
        } else {
            row
        };
        let marks = if logical {
            isolate_marks(row)
        } else {
            Vec::new()
        };
        let marked_row;
        let shown = if opts.color || !marks.is_empty() {
            marked_row = marked(row, opts.color, &marks);
            &marked_row
        } else {
            &row.text
        };
        if logical && !row.is_blank() {
            embed(text, shown, row);
        } else {
            text.push_str(shown);
        }
        text.push('\n');
    };
    // Rows are written out as they are built: a unit is never held as
    // rows, nor a paragraph as lines.
    // A batch's text past FLUSH_BYTES is handed to `flush` (and cleared) as
    // it grows: a huge paragraph's rows are not held whole either.
    let render_into = |text: &mut String, batch: &Batch, flush: &mut dyn FnMut(&mut String)| {
        let article = batch.piece.as_deref().unwrap_or(first);
        for &(unit, first_ref) in &batch.units {
            compose_unit_numbered_each(article, unit, &compose, doc_dir, first_ref, &mut |row| {
                write_row(text, row);
                if text.len() >= FLUSH_BYTES {
                    flush(text);
                }
            });
        }
    };
    // The batches of each part in order, numbered as they come: the link
    // references' numbers run on from one part to the next.
    let mut first_ref = 1;
    let mut index = 0;
    let mut batches_of = |piece: Option<std::sync::Arc<Article>>, send: &mut dyn FnMut(Batch)| {
        let article = piece.as_deref().unwrap_or(first);
        let mut units = units(article, compose.faq);
        if piece.is_some() {
            // A piece has no title of its own.
            units.retain(|u| *u != Unit::Title);
        }
        for chunk in units.chunks(BATCH_UNITS) {
            let numbered = chunk
                .iter()
                .map(|&u| {
                    let first = first_ref;
                    first_ref += unit_links(article, u);
                    (u, first)
                })
                .collect();
            send(Batch {
                index,
                piece: piece.clone(),
                units: numbered,
            });
            index += 1;
        }
    };
    let mut buf = io::BufWriter::with_capacity(1 << 16, out);
    if threads <= 1 {
        // Nothing to overlap: the rest is read first.
        let rest = match rest {
            Rest::Pieces(rest) => rest,
            Rest::Later(later) => match later() {
                Some(rest) => rest,
                None => return Ok(false),
            },
        };
        // One buffer for every batch.
        let mut text = String::new();
        let mut result = Ok(());
        let mut write = |batch: Batch| {
            if result.is_ok() {
                text.clear();
                let mut flush = |text: &mut String| {
                    if result.is_ok() {
                        result = buf.write_all(text.as_bytes());
                    }
                    text.clear();
                };
                render_into(&mut text, &batch, &mut flush);
                flush(&mut text);
            }
        };
        batches_of(None, &mut write);
        for piece in rest {
            batches_of(Some(std::sync::Arc::new(piece())), &mut write);
        }
        result?;
        return buf.flush().map(|()| true);
    }
    // After a beginning taken on trust, the writer waits for the word.
    let mut go = matches!(rest, Rest::Pieces(_));
    let stop = AtomicBool::new(false);
    // Bounded both ways: parsed text waiting to be laid out, and laid-out
    // text waiting to be written (a slow reader of the output holds the
    // workers back), do not pile up in memory.
    let (work_tx, work_rx) = sync_channel::<Batch>(4 * threads);
    let work_rx = std::sync::Mutex::new(work_rx);
    // A batch's text, or a part of it (the last one says so).
    let (done_tx, done_rx) = sync_channel::<Msg>(2 * threads);
    // Lays out one batch and hands it to the writer (none once stopped).
    let render = |batch: Batch, done_tx: &std::sync::mpsc::SyncSender<Msg>| {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let mut text = String::new();
        let mut flush = |text: &mut String| {
            let part = Done {
                index: batch.index,
                text: std::mem::take(text),
                last: false,
            };
            if done_tx.send(Msg::Done(part)).is_err() {
                stop.store(true, Ordering::Relaxed);
            }
        };
        render_into(&mut text, &batch, &mut flush);
        let done = Done {
            index: batch.index,
            text,
            last: true,
        };
        if done_tx.send(Msg::Done(done)).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
    };
    // A worker: batches until the queue is closed. Once stopped, the queue
    // is drained unread, so that the parser never waits on a full one.
    let work = |done_tx: std::sync::mpsc::SyncSender<Msg>| {
        loop {
            // The lock is held only to take the next batch.
            let next = work_rx.lock().map(|rx| rx.recv());
            let Ok(Ok(batch)) = next else { break };
            render(batch, &done_tx);
        }
    };
    std::thread::scope(|scope| {
        let stop = &stop;
        let work = &work;
        // The parser lays out too once the pieces are parsed: as many
        // threads as asked stay busy, not one more.
        let parser_done = done_tx.clone();
        let (work_rx, render) = (&work_rx, &render);
        scope.spawn(move || {
            let mut send = |mut batch: Batch| {
                // The queue full, the parser lays out a batch itself
                // rather than wait.
                while !stop.load(Ordering::Relaxed) {
                    match work_tx.try_send(batch) {
                        Err(TrySendError::Full(back)) => batch = back,
                        _ => break,
                    }
                    // Not `lock`: a worker waiting on an empty queue holds
                    // the lock until the parser sends (it would never come).
                    let next = work_rx.try_lock().map(|rx| rx.try_recv());
                    match next {
                        Ok(Ok(queued)) => render(queued, &parser_done),
                        Err(_) => std::thread::yield_now(),
                        Ok(Err(_)) => {}
                    }
                }
            };
            batches_of(None, &mut send);
            let rest = match rest {
                Rest::Pieces(rest) => rest,
                Rest::Later(later) => {
                    // Read while the others lay out the beginning.
                    let rest = later();
                    let _ = parser_done.send(Msg::Go(rest.is_some()));
                    rest.unwrap_or_default()
                }
            };
            for piece in rest {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                batches_of(Some(std::sync::Arc::new(piece())), &mut send);
            }
            drop(work_tx);
            work(parser_done);
        });
        for _ in 1..threads {
            let done_tx = done_tx.clone();
            scope.spawn(move || work(done_tx));
        }
        drop(done_tx);
        // The parts of batches after the one being written, until its turn
        // (the one being written goes out part by part as they come).
        let mut waiting: BTreeMap<usize, (Vec<String>, bool)> = BTreeMap::new();
        let mut due = 0;
        let result = (|| {
            for msg in &done_rx {
                match msg {
                    Msg::Done(done) => {
                        let entry = waiting.entry(done.index).or_default();
                        entry.0.push(done.text);
                        entry.1 |= done.last;
                    }
                    Msg::Go(true) => go = true,
                    // Nothing written: the others stop below.
                    Msg::Go(false) => return Ok(false),
                }
                if !go {
                    continue;
                }
                while let Some((parts, last)) = waiting.get_mut(&due) {
                    for part in parts.drain(..) {
                        buf.write_all(part.as_bytes())?;
                    }
                    if !*last {
                        break;
                    }
                    waiting.remove(&due);
                    due += 1;
                }
            }
            buf.flush().map(|()| go)
        })();
        // On a write error (a closed pipe) the parser and the workers stop
        // at their next batch; the batches queued are dropped unread.
        stop.store(true, Ordering::Relaxed);
        drop(done_rx);
        result
    })
}

/// Pushes `shown` (the row, coloured or not) with its text after the
/// padding in an embedding of the row's direction (RLE or LRE … PDF), for
/// `--bidi terminal`: a terminal that reorders each line from a
/// left-to-right base (Konsole) put an RTL line's final full stop on the
/// right. An embedding, not an isolate: mlterm 3.9 draws U+2066–U+2069 as
/// boxes a cell wide, but knows U+202A–U+202E as zero-width.
fn embed(out: &mut String, shown: &str, row: &Row) {
    let pad = row.text.len() - row.text.trim_start().len();
    out.push_str(&shown[..pad]);
    out.push(if row.direction.is_rtl() {
        '\u{202B}'
    } else {
        '\u{202A}'
    });
    out.push_str(&shown[pad..]);
    out.push('\u{202C}');
}

/// Where the row's own isolates ([`Row::isolates`], a table's cells) open
/// and close, as embeddings inside the row's one: LRM, RLE or LRE, the
/// text, PDF, LRM. The marks keep the borders between two right-to-left
/// cells left to right (without them the borders take the cells' direction
/// by rule N1 and the row's cells swap places).
fn isolate_marks(row: &Row) -> Vec<(usize, &'static str)> {
    let mut marks = Vec::with_capacity(2 * row.isolates.len());
    for isolate in &row.isolates {
        let open = if isolate.direction.is_rtl() {
            "\u{200E}\u{202B}"
        } else {
            "\u{200E}\u{202A}"
        };
        marks.push((isolate.range.start, open));
        marks.push((isolate.range.end, "\u{202C}\u{200E}"));
    }
    marks
}

/// The row with SGR codes around each styled run (if `color`) and `marks`
/// inserted at their byte offsets (sorted, at char boundaries, as run
/// ends are).
fn marked(row: &Row, color: bool, marks: &[(usize, &str)]) -> String {
    let mut out = String::with_capacity(row.text.len() + 16 * marks.len());
    let mut at = 0;
    let mut marks = marks.iter().peekable();
    let mut upto = |out: &mut String, end: usize, at: &mut usize| {
        while let Some((m, s)) = marks.next_if(|(m, _)| *m <= end) {
            out.push_str(&row.text[*at..*m]);
            out.push_str(s);
            *at = *m;
        }
        out.push_str(&row.text[*at..end]);
        *at = end;
    };
    for run in row.runs.iter().filter(|_| color) {
        upto(&mut out, run.range.start, &mut at);
        out.push_str(&sgr(run.role, run.style, run.token));
        // SGR codes are no characters to the bidi algorithm: which side of
        // a reset a mark goes does not matter.
        upto(&mut out, run.range.end, &mut at);
        out.push_str("\x1b[0m");
    }
    upto(&mut out, row.text.len(), &mut at);
    out
}

/// SGR parameters for a role, an inline style and a code token.
fn sgr(role: Role, style: Style, token: Option<Token>) -> String {
    let mut codes: Vec<&str> = Vec::new();
    match role {
        Role::Title | Role::Heading => codes.extend(["1", "36"]),
        Role::Question => codes.push("1"),
        Role::Meta | Role::Decoration => codes.push("2"),
        Role::Body => {}
    }
    if style.strong {
        codes.push("1");
    }
    if style.emphasis {
        codes.push("3");
    }
    match token {
        None if style.code => codes.push("33"),
        None | Some(Token::Plain) => {}
        Some(Token::Keyword) => codes.push("35"),
        Some(Token::Type) => codes.push("33"),
        Some(Token::Function) => codes.push("34"),
        Some(Token::String) => codes.push("32"),
        Some(Token::Constant) => codes.push("31"),
        Some(Token::Comment) => codes.extend(["2", "3"]),
        Some(Token::Operator) => codes.push("36"),
    }
    if style.link {
        codes.push("4");
    }
    if codes.is_empty() {
        codes.push("0");
    }
    format!("\x1b[{}m", codes.join(";"))
}
