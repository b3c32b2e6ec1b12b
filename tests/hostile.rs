//! "Nothing breaks it": the real `qari` binary against hostile articles,
//! extreme text, bad input and terminal faults, in dump mode and in a
//! pseudo-terminal whose every byte is captured.
//!
//! Fixtures are generated here, once per format (.json, .md, .txt), from one
//! description ([`Doc`]); nothing binary is committed. The pty tests wait for
//! what the screen should show with a deadline (`QARI_TEST_WAIT_MS`, default
//! 30 s), never for a fixed time.
#![cfg(unix)]

mod qari_pty;
use qari_pty::*;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------
// Fixtures: one article description written in the three formats.
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum B {
    Para(String),
    Bullets(Vec<String>),
    Quote(String),
}

/// An article as the three importers can all express it. The plain-text
/// rules shape the content: questions end in `?`/`؟`, paragraphs end in
/// punctuation (else a short one would read as a heading), headings are
/// short and unpunctuated.
#[derive(Clone, Debug)]
struct Doc {
    title: String,
    /// JSON only: neither Markdown nor plain text has a source field.
    source: Option<String>,
    faq: Vec<(String, String)>,
    lead: Vec<B>,
    sections: Vec<(String, Vec<B>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fmt {
    Json,
    Md,
    Txt,
}

const FORMATS: [Fmt; 3] = [Fmt::Json, Fmt::Md, Fmt::Txt];

impl Fmt {
    fn ext(self) -> &'static str {
        match self {
            Fmt::Json => "json",
            Fmt::Md => "md",
            Fmt::Txt => "txt",
        }
    }
}

fn block_json(b: &B) -> serde_json::Value {
    match b {
        B::Para(p) => serde_json::json!({ "paragraph": p }),
        B::Bullets(items) => serde_json::json!({ "bullets": items }),
        B::Quote(q) => serde_json::json!({ "quote": [{ "paragraph": q }] }),
    }
}

impl Doc {
    fn render(&self, fmt: Fmt) -> String {
        match fmt {
            Fmt::Json => self.json(),
            Fmt::Md => self.markdown(),
            Fmt::Txt => self.plain(),
        }
    }

    fn json(&self) -> String {
        let mut sections = Vec::new();
        if !self.lead.is_empty() {
            let blocks: Vec<_> = self.lead.iter().map(block_json).collect();
            sections.push(serde_json::json!({ "blocks": blocks }));
        }
        for (h, blocks) in &self.sections {
            let blocks: Vec<_> = blocks.iter().map(block_json).collect();
            sections.push(serde_json::json!({ "heading": h, "blocks": blocks }));
        }
        let faq: Vec<_> = self
            .faq
            .iter()
            .map(|(q, a)| serde_json::json!({ "question": q, "answer": [{ "paragraph": a }] }))
            .collect();
        let mut doc = serde_json::json!({ "title": self.title, "faq": faq, "sections": sections });
        if let Some(source) = &self.source {
            doc["meta"] = serde_json::json!({ "source": source });
        }
        // serde_json writes C0 controls as \u escapes, as JSON requires.
        serde_json::to_string_pretty(&doc).expect("serialise")
    }

    fn markdown(&self) -> String {
        fn blocks(out: &mut String, bs: &[B]) {
            for b in bs {
                match b {
                    B::Para(p) => out.push_str(&format!("{p}\n\n")),
                    B::Bullets(items) => {
                        items.iter().for_each(|i| out.push_str(&format!("- {i}\n")));
                        out.push('\n');
                    }
                    B::Quote(q) => out.push_str(&format!("> {q}\n\n")),
                }
            }
        }
        let mut out = format!("# {}\n\n", self.title);
        blocks(&mut out, &self.lead);
        if !self.faq.is_empty() {
            out.push_str("## FAQ\n\n");
            for (q, a) in &self.faq {
                out.push_str(&format!("### {q}\n\n{a}\n\n"));
            }
        }
        for (h, bs) in &self.sections {
            out.push_str(&format!("## {h}\n\n"));
            blocks(&mut out, bs);
        }
        out
    }

    fn plain(&self) -> String {
        fn blocks(out: &mut String, bs: &[B]) {
            for b in bs {
                match b {
                    B::Para(p) => out.push_str(&format!("{p}\n")),
                    B::Bullets(items) => {
                        items.iter().for_each(|i| out.push_str(&format!("- {i}\n")))
                    }
                    B::Quote(q) => out.push_str(&format!("> {q}\n")),
                }
            }
        }
        let mut out = format!("{}\n\n", self.title);
        for (q, a) in &self.faq {
            out.push_str(&format!("{q}\n{a}\n"));
        }
        out.push('\n');
        blocks(&mut out, &self.lead);
        for (h, bs) in &self.sections {
            out.push_str(&format!("\n{h}\n"));
            blocks(&mut out, bs);
        }
        out
    }

    /// Writes the article as `dir/stem.ext`.
    fn write(&self, dir: &Path, stem: &str, fmt: Fmt) -> PathBuf {
        write(
            dir,
            &format!("{stem}.{}", fmt.ext()),
            self.render(fmt).as_bytes(),
        )
    }

    /// The same article with `f` applied to every string.
    fn map(&self, f: impl Fn(&str) -> String) -> Doc {
        let block = |b: &B| match b {
            B::Para(p) => B::Para(f(p)),
            B::Bullets(items) => B::Bullets(items.iter().map(|i| f(i)).collect()),
            B::Quote(q) => B::Quote(f(q)),
        };
        Doc {
            title: f(&self.title),
            source: self.source.as_deref().map(&f),
            faq: self.faq.iter().map(|(q, a)| (f(q), f(a))).collect(),
            lead: self.lead.iter().map(block).collect(),
            sections: self
                .sections
                .iter()
                .map(|(h, bs)| (f(h), bs.iter().map(block).collect()))
                .collect(),
        }
    }
}

/// A fresh scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("qari-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Scratch(dir)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

// ---------------------------------------------------------------------------
// Running the binary without a terminal.
// ---------------------------------------------------------------------------

const QARI: &str = env!("CARGO_BIN_EXE_qari");

fn qari(args: &[&str]) -> Output {
    Command::new(QARI)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run qari")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Dumps `path` with `extra` options; asserts exit 0 and a silent stderr.
fn dump(path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["--dump", path_str(path)];
    args.extend(extra);
    let o = qari(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{args:?}: {:?} {err}", o.status);
    assert!(err.is_empty(), "{args:?}: stderr {err}");
    String::from_utf8(o.stdout).expect("dump is UTF-8")
}

/// Exit 2, nothing on stdout, one line on stderr naming `name`, no panic.
fn assert_one_line_error(o: &Output, name: &str, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{what}: {err}");
    assert!(o.stdout.is_empty(), "{what}: output on stdout");
    assert_eq!(err.lines().count(), 1, "{what}: {err:?}");
    assert!(err.starts_with("qari: "), "{what}: {err:?}");
    assert!(err.contains(name), "{what}: {err:?} does not name {name}");
    for panic_text in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!err.contains(panic_text), "{what}: {err:?}");
    }
}

// ---------------------------------------------------------------------------
// What may reach a terminal.
// ---------------------------------------------------------------------------

/// Bidi formatting characters: embeddings, overrides, isolates, their
/// terminators, and the marks LRM, RLM, ALM.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks that the bidi controls of one row nest properly and all close:
/// PDF closes an embedding or override, PDI an isolate.
fn bidi_balanced(row: &str) -> Result<(), String> {
    let mut open = Vec::new();
    for c in row.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}'..='\u{2068}' => open.push('\u{2069}'),
            // A terminator closes (pops) the innermost opener, of its kind.
            '\u{202C}' | '\u{2069}' if open.pop() != Some(c) => {
                return Err(format!(
                    "{c:?} does not close the innermost opener in {row:?}"
                ));
            }
            _ => {}
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("{} left open in {row:?}", open.len()))
    }
}

/// What a stream written to a terminal may contain besides text.
#[derive(Clone, Copy)]
struct Allowed {
    /// `CSI 2 J` (ratatui clears the screen when the size changes).
    clear: bool,
    /// Cursor moves and the modes qari and crossterm set and reset.
    reader: bool,
    /// SGR colours and weights.
    sgr: bool,
    /// Newlines (dump output).
    newline: bool,
    /// Bidi formatting characters (only `--bidi terminal` sends them).
    bidi: bool,
}

const READER_APP: Allowed = Allowed {
    clear: false,
    reader: true,
    sgr: true,
    newline: false,
    bidi: false,
};

/// The modes the reader sets and resets: alternate screen, cursor, the
/// mouse reports crossterm enables, and BDSM (mode 8).
const MODES: [&str; 8] = [
    "?1049", "?25", "?1000", "?1002", "?1003", "?1015", "?1006", "8",
];

/// Parses `out` as a terminal would and fails on anything not in `allowed`:
/// an OSC, DCS or other ESC sequence, an unknown CSI (a hostile `CSI ? 2004 h`,
/// `CSI 7777 m`…), a C0 control other than ESC (and LF for dumps), a C1
/// control (U+0080–U+009F, in UTF-8 `C2 80`–`C2 9F`), or invalid UTF-8 (a
/// lone 8-bit 0x9B would be one). Byte 0x9B itself is legitimate inside
/// UTF-8 (ﺛ is EF BA 9B), so the stream is checked as characters.
fn assert_only_allowed(out: &[u8], allowed: Allowed, what: &str) {
    let text = std::str::from_utf8(out)
        .unwrap_or_else(|e| panic!("{what}: invalid UTF-8 at byte {}", e.valid_up_to()));
    let context = |i: usize| {
        let mut start = i.saturating_sub(40);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (i + 40).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        format!("{:?}", &text[start..end])
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b {
            assert_eq!(
                bytes.get(i + 1),
                Some(&b'['),
                "{what}: ESC not followed by [ (OSC/DCS/…): {}",
                context(i)
            );
            let mut j = i + 2;
            while j < bytes.len() && (0x30..=0x3f).contains(&bytes[j]) {
                j += 1;
            }
            let params = &text[i + 2..j];
            let inter_start = j;
            while j < bytes.len() && (0x20..=0x2f).contains(&bytes[j]) {
                j += 1;
            }
            let inter = &text[inter_start..j];
            let fin = *bytes.get(j).unwrap_or_else(|| panic!("{what}: cut CSI"));
            let numbers_ok = |max: u32| {
                params
                    .split(';')
                    .all(|p| p.is_empty() || p.parse::<u32>().is_ok_and(|n| n <= max))
            };
            let ok = match (fin, inter) {
                (b'H', "") => allowed.reader && numbers_ok(u32::from(u16::MAX)),
                (b'm', "") => allowed.sgr && numbers_ok(255),
                (b'h' | b'l', "") => allowed.reader && MODES.contains(&params),
                (b'k', " ") => allowed.reader && (params == "0" || params == "1"),
                // The reader clears the alternate screen once on entering it.
                (b'J', "") => (allowed.clear || allowed.reader) && params == "2",
                _ => false,
            };
            assert!(
                ok,
                "{what}: unexpected CSI {:?}: {}",
                &text[i..=j],
                context(i)
            );
            i = j + 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char");
        let control = matches!(c, '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}');
        assert!(
            !control || (c == '\n' && allowed.newline),
            "{what}: control {c:?} written: {}",
            context(i)
        );
        assert!(
            allowed.bidi || !is_bidi_control(c),
            "{what}: bidi control {c:?} written: {}",
            context(i)
        );
        i += c.len_utf8();
    }
}

/// The English status hint: the first frame is complete once it shows.
const HELP_HINT: &str = "? help";

/// The status line (the last row) is drawn.
fn status_drawn(r: &Reader) -> bool {
    r.rows().last().is_some_and(|s| s.contains(HELP_HINT))
}

/// Opens `path` in the reader, waits for the first frame, scrolls to the
/// end (`G`), opens every answer (`o`) and quits (`q`); returns the reader
/// after exit status 0.
fn read_through(path: &Path, bidi: &str, cols: u16, rows: u16) -> Reader {
    let args = [path_str(path), "--bidi", bidi, "--ui-lang", "en"];
    let mut r = Reader::start(&args, &[], cols, rows);
    r.wait_until("the first frame", status_drawn);
    r.press(b"G");
    r.wait_until("the end of the article", |r| {
        r.rows().last().is_some_and(|s| s.contains("100%"))
    });
    r.press(b"o");
    r.wait_until("open answers", |r| r.text().contains('▾'));
    r.press(b"q");
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    r
}

/// `out` ends with the terminal put back: mouse reporting off, main screen,
/// cursor shown, (app mode) SCP default and BDSM implicit — after leaving
/// the alternate screen, as BDSM explicit came before entering it — and
/// nothing is drawn after that; a vt100 screen fed with it agrees, and (`cooked`) the
/// pty is out of raw mode.
fn assert_restored(out: &[u8], cooked: bool, app: bool) {
    let text = String::from_utf8_lossy(out);
    let enter =
        find_from(out, b"\x1b[?1049h", 0).unwrap_or_else(|| panic!("never entered: {text:?}"));
    let mut restoring: Vec<&[u8]> = vec![b"\x1b[?1000l", b"\x1b[?1049l", b"\x1b[?25h"];
    if app {
        // VTE gives the alternate screen's rows the flags current when it
        // is entered: the switch must come first.
        let explicit = find_from(out, b"\x1b[8l", 0).expect("BDSM explicit in app mode");
        assert!(explicit < enter, "BDSM explicit after entering the screen");
        assert!(
            rfind(out, b"\x1b[8h").is_some_and(|p| p > explicit),
            "no ESC[8h after ESC[8l"
        );
        restoring.extend([&b"\x1b[0 k"[..], b"\x1b[8h"]);
    } else {
        assert!(rfind(out, b"\x1b[8l").is_none(), "terminal mode sent BDSM");
    }
    // The restoring sequences are the last thing written, in order; only a
    // repeated "cursor shown" (ratatui's terminal, dropped after) may follow.
    let start = rfind(out, restoring[0]).expect("mouse reporting turned off");
    let expected = restoring.concat();
    let mut tail = &out[start..];
    while tail.len() > expected.len() && tail.ends_with(b"\x1b[?25h") {
        tail = &tail[..tail.len() - 6];
    }
    assert_eq!(
        String::from_utf8_lossy(tail),
        String::from_utf8_lossy(&expected),
        "the output does not end with the restoring sequences"
    );
    let mut screen = vt100::Parser::new(nz(24), nz(80), 0);
    screen.process(out);
    let screen = screen.screen();
    assert!(!screen.alternate_screen(), "left on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor left hidden");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(cooked, "raw mode left on");
}

/// Replays `out` on a `cols`×`rows` vt100 screen and, after every frame
/// (ratatui hides the cursor last in each draw), checks that the bidi
/// controls of every screen row are balanced. Like terminals, vt100 keeps a
/// zero-width character with the cell before it and drops it when that cell
/// is written again, so stale or half-overwritten isolates show up here.
fn assert_rows_balanced(out: &[u8], cols: u16, rows: u16, what: &str) {
    let mut screen = vt100::Parser::new(nz(rows), nz(cols), 0);
    let (mut at, mut frames) = (0, 0);
    while let Some(end) = find_from(out, b"\x1b[?25l", at) {
        screen.process(&out[at..end + 6]);
        at = end + 6;
        frames += 1;
        for y in 0..rows {
            let row = screen.screen().contents_between(y, 0, y, cols);
            bidi_balanced(&row).unwrap_or_else(|e| panic!("{what}: frame {frames}, row {y}: {e}"));
        }
    }
    assert!(frames > 0, "{what}: no frame");
}

// ---------------------------------------------------------------------------
// 1. Hostile text never reaches the terminal.
// ---------------------------------------------------------------------------

/// Payloads, each unique so that a leak is recognised: clear screen, an SGR
/// no terminal uses, OSC 0/2 titles, an OSC 52 clipboard write, an OSC 8
/// link, DECSET toggles, 8-bit CSI and OSC, NUL, DEL, BEL, backspace and
/// carriage-return overwrites.
const PAYLOADS: [&str; 16] = [
    "\x1b[2J",
    "\x1b[7777m",
    "\x1b]0;PWNED\x07",
    "\x1b]2;PWNED2\x1b\\",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[?1049h",
    "\x1b[?1000h",
    "\x1b[?2004h",
    "\u{9b}6666m",
    "\u{9d}0;C1PWN\u{9c}",
    "nul\0nul",
    "del\x7fdel",
    "bel\x07bel",
    "abc\x08\x08\x08xyz",
    "safe\rEVIL",
];

/// An English article with the payloads in every kind of text.
fn hostile_doc() -> Doc {
    let all = PAYLOADS.join(" ");
    let p = |i: usize| PAYLOADS[i % PAYLOADS.len()];
    Doc {
        title: format!("Title {} {}", p(0), p(2)),
        source: Some(format!("Source {}", p(4))),
        faq: vec![
            (
                format!("Question {} {}?", p(1), p(3)),
                format!("Answer {all}."),
            ),
            (
                format!("Second {}?", p(9)),
                format!("Reply {} {}.", p(10), p(11)),
            ),
        ],
        lead: vec![
            B::Para(format!("Lead {all}.")),
            B::Bullets(vec![
                format!("Item {} {}.", p(5), p(6)),
                format!("Item {}.", p(7)),
            ]),
        ],
        sections: vec![
            (
                format!("Heading {}", p(8)),
                vec![
                    B::Para(format!("Body {} {} {}.", p(12), p(13), p(14))),
                    B::Quote(format!("Quoted {} {}.", p(15), p(9))),
                ],
            ),
            ("Last part".into(), vec![B::Para(format!("End {all}."))]),
        ],
    }
}

/// The visible stand-ins every format must show (NUL is U+FFFD in Markdown,
/// as CommonMark requires, and ␀ elsewhere; C1 controls are U+FFFD, which
/// vt100 does not put on its screen, so `c1` is the text expected for
/// "\u{9b}6666m"). CR becomes a space by design (sanitize.rs), so "safe" and
/// "EVIL" are both shown instead of one overwriting the other.
fn assert_visible_replacements(shown: &str, fmt: Fmt, c1: &str, what: &str) {
    let mut expected = vec![
        "␛[2J",
        "␛[7777m",
        "␛]0;PWNED␇",
        "␛[?2004h",
        "␡",
        "abc␈␈␈xyz",
        c1,
    ];
    if fmt != Fmt::Md {
        expected.push("nul␀nul");
    }
    for s in expected {
        assert!(shown.contains(s), "{what}: {s:?} not shown in\n{shown}");
    }
    assert!(
        shown.contains("safe") && shown.contains("EVIL"),
        "{what}: CR trick"
    );
}

/// Asserts that none of the payloads' distinctive sequences is in `out`.
fn assert_no_payload(out: &[u8], what: &str) {
    for needle in [
        &b"\x1b]"[..],
        b"\x1b[7777m",
        b"\x1b[?2004h",
        b"\xc2\x9b",
        b"\xc2\x9d",
        b"\xc2\x9c",
        b"\0",
        b"\x08",
        b"\x07",
        b"\r",
        b"\x7f",
    ] {
        assert!(
            !out.windows(needle.len()).any(|w| w == needle),
            "{what}: {needle:?} written"
        );
    }
}

#[test]
fn dump_never_emits_hostile_sequences_in_any_format() {
    let dir = scratch("dump-hostile");
    for fmt in FORMATS {
        let path = hostile_doc().write(&dir, "hostile", fmt);
        for bidi in ["app", "terminal"] {
            let what = format!("{fmt:?} --bidi {bidi}");
            let plain = dump(
                &path,
                &["--width", "60", "--color", "never", "--bidi", bidi],
            );
            let dump_only = Allowed {
                clear: false,
                reader: false,
                sgr: false,
                newline: true,
                bidi: bidi == "terminal",
            };
            assert_only_allowed(plain.as_bytes(), dump_only, &what);
            assert!(!plain.contains('\x1b'), "{what}: ESC without colour");
            assert_no_payload(plain.as_bytes(), &what);
            assert_visible_replacements(&plain, fmt, "\u{FFFD}6666m", &what);
            // With colour, only qari's own SGR codes are added.
            let coloured = dump(
                &path,
                &["--width", "60", "--color", "always", "--bidi", bidi],
            );
            let sgr = Allowed {
                sgr: true,
                ..dump_only
            };
            assert_only_allowed(coloured.as_bytes(), sgr, &format!("{what} --color always"));
            assert_no_payload(coloured.as_bytes(), &what);
        }
    }
}

/// Reads the hostile article in every format with `--bidi mode`; checks
/// every byte written to the terminal and the screens shown.
fn reader_never_emits_hostile_sequences(bidi: &str) {
    let dir = scratch(&format!("pty-hostile-{bidi}"));
    for fmt in FORMATS {
        let what = format!("{fmt:?} --bidi {bidi}");
        let path = hostile_doc().write(&dir, "hostile", fmt);
        let r = read_through(&path, bidi, 120, 40);
        let allowed = Allowed {
            bidi: bidi == "terminal",
            ..READER_APP
        };
        // No resize happened, so ratatui never cleared the screen: the one
        // CSI 2 J is qari's own, right after entering the alternate
        // screen; any other would be the article's.
        assert_only_allowed(&r.output, allowed, &what);
        assert_no_payload(&r.output, &what);
        assert_eq!(count(&r.output, b"\x1b[2J"), 1, "{what}");
        assert_eq!(count(&r.output, b"\x1b[?1049h\x1b[2J"), 1, "{what}");
        // qari itself enters the alternate screen and enables mouse
        // reporting exactly once; the payloads' copies never arrive.
        assert_eq!(count(&r.output, b"\x1b[?1049h"), 1, "{what}");
        assert_eq!(count(&r.output, b"\x1b[?1000h"), 1, "{what}");
        assert_visible_replacements(&r.seen, fmt, " 6666m", &what);
        assert!(
            String::from_utf8_lossy(&r.output).contains('\u{FFFD}'),
            "{what}: no U+FFFD"
        );
        if bidi == "terminal" {
            assert_rows_balanced(&r.output, 120, 40, &what);
        }
        assert_restored(&r.output, r.cooked(), bidi == "app");
    }
}

#[test]
fn reader_never_emits_hostile_sequences_in_app_mode() {
    reader_never_emits_hostile_sequences("app");
}

#[test]
fn reader_never_emits_hostile_sequences_in_terminal_mode() {
    reader_never_emits_hostile_sequences("terminal");
}

// ---------------------------------------------------------------------------
// 2. Bidi spoofing (Trojan Source, CVE-2021-42574) stays in its paragraph.
// ---------------------------------------------------------------------------

const LRE: char = '\u{202A}';
const RLE: char = '\u{202B}';
const PDF: char = '\u{202C}';
const LRO: char = '\u{202D}';
const RLO: char = '\u{202E}';
const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// An Arabic article whose texts marked `H-…` hold unbalanced (and some
/// balanced) embeddings, overrides and isolates; every text marked
/// `AFTER-n` comes right after one of them and holds none.
fn spoof_doc() -> Doc {
    // Every line of the long overridden paragraph shows an H- word.
    let long_words = "كلمة H-w ".repeat(30);
    Doc {
        title: "عنوان المقال".into(),
        source: Some("مصدر".into()),
        faq: vec![
            (
                format!("سؤال {RLO}H-QRLO abc؟"),
                format!("جواب {LRO}H-ALRO def 456."),
            ),
            ("سؤال نظيف؟".into(), "جواب AFTER-1 abc 123 نص.".into()),
        ],
        lead: vec![
            B::Para(format!("أول {RLO}H-RLO abc 123 نص.")),
            B::Para("بعد AFTER-2 abc 123 نص.".into()),
        ],
        sections: vec![
            (
                format!("قسم {RLE}H-RLE"),
                vec![
                    B::Para(format!(
                        "نص {LRO}H-LRO xyz 789 {PDF}{PDF}{PDF} {PDI} {LRE}مفتوح."
                    )),
                    B::Para("بعد AFTER-3 abc 123 نص.".into()),
                ],
            ),
            (
                "قسم ثان".into(),
                vec![
                    B::Bullets(vec![
                        format!("بند {RLI}H-RLI abc."),
                        "بند AFTER-4 abc 123 نص.".into(),
                    ]),
                    B::Quote(format!("اقتباس {FSI}H-FSI {PDI}{PDI} {LRI}H-LRI abc 123.")),
                    B::Para("بعد AFTER-5 abc 123 نص.".into()),
                    B::Para(format!("متوازن {RLE}H-BAL abc{PDF} {LRI}def{PDI} نص.")),
                    B::Para(format!("طويل {RLO}H-LONG {long_words}نهاية.")),
                    B::Para("بعد AFTER-6 abc 123 نص.".into()),
                ],
            ),
            (
                "خاتمة".into(),
                vec![B::Para("آخر AFTER-7 abc 123 نص.".into())],
            ),
        ],
    }
}

const AFTER: [&str; 7] = [
    "AFTER-1 abc 123",
    "AFTER-2 abc 123",
    "AFTER-3 abc 123",
    "AFTER-4 abc 123",
    "AFTER-5 abc 123",
    "AFTER-6 abc 123",
    "AFTER-7 abc 123",
];

/// The spoofing article without any bidi control: what every text not
/// marked `H-` must look like.
fn control_doc() -> Doc {
    spoof_doc().map(|s| s.chars().filter(|c| !is_bidi_control(*c)).collect())
}

/// Lines of `hostile` and `control` (one per row) must be equal wherever the
/// control's line holds no `H-` text.
fn assert_same_outside_hostile(hostile: &[String], control: &[String], what: &str) {
    assert_eq!(hostile.len(), control.len(), "{what}: row counts differ");
    let mut compared = 0;
    for (i, (h, c)) in hostile.iter().zip(control).enumerate() {
        if !c.contains("H-") {
            assert_eq!(h, c, "{what}: row {i} reordered or changed");
            compared += usize::from(!c.trim().is_empty());
        }
    }
    assert!(compared >= 5, "{what}: only {compared} rows compared");
}

#[test]
fn dump_bidi_spoofing_stays_in_its_paragraph() {
    let dir = scratch("dump-spoof");
    for fmt in FORMATS {
        let hostile = spoof_doc().write(&dir, "spoof", fmt);
        let control = control_doc().write(&dir, "control", fmt);
        for width in ["80", "30"] {
            for bidi in ["app", "terminal"] {
                let what = format!("{fmt:?} --bidi {bidi} --width {width}");
                let opts = ["--width", width, "--bidi", bidi];
                let h = dump(&hostile, &opts);
                let c = dump(&control, &opts);
                let hl: Vec<String> = h.lines().map(String::from).collect();
                let cl: Vec<String> = c.lines().map(String::from).collect();
                assert_same_outside_hostile(&hl, &cl, &what);
                for marker in AFTER {
                    // Reversed by a leaked override it would read "321 cba …".
                    assert!(
                        h.contains(marker),
                        "{what}: {marker} not shown in order:\n{h}"
                    );
                }
                if bidi == "app" {
                    assert!(
                        !h.chars().any(is_bidi_control),
                        "{what}: bidi control in app mode"
                    );
                } else {
                    assert!(h.chars().any(is_bidi_control), "{what}: controls were kept");
                    for line in h.lines() {
                        bidi_balanced(line).unwrap_or_else(|e| panic!("{what}: {e}"));
                    }
                }
            }
        }
    }
}

/// Reads the spoofing and control articles in the reader and compares the
/// screens at the top and at the end.
fn reader_bidi_spoofing_stays_in_its_paragraph(bidi: &str) {
    let dir = scratch(&format!("pty-spoof-{bidi}"));
    for fmt in FORMATS {
        let what = format!("{fmt:?} --bidi {bidi}");
        let mut screens = Vec::new();
        for (stem, doc) in [("spoof", spoof_doc()), ("control", control_doc())] {
            let path = doc.write(&dir, stem, fmt);
            let args = [path_str(&path), "--bidi", bidi, "--ui-lang", "en"];
            let mut r = Reader::start(&args, &[], 120, 40);
            r.wait_until("the first frame", status_drawn);
            let top = r.rows();
            r.press(b"G");
            r.wait_until("the end", |r| {
                r.rows().last().is_some_and(|s| s.contains("100%"))
            });
            let end = r.rows();
            r.press(b"q");
            assert_eq!(r.wait_exit().exit_code(), 0, "{what}");
            if bidi == "app" {
                let text = String::from_utf8_lossy(&r.output);
                assert!(
                    !text.chars().any(is_bidi_control),
                    "{what}: bidi control written"
                );
            } else {
                assert_rows_balanced(&r.output, 120, 40, &format!("{what} {stem}"));
            }
            screens.push((top, end, std::mem::take(&mut r.seen)));
        }
        let (control, hostile) = (
            screens.pop().expect("control"),
            screens.pop().expect("hostile"),
        );
        assert_same_outside_hostile(&hostile.0, &control.0, &format!("{what}, top"));
        assert_same_outside_hostile(&hostile.1, &control.1, &format!("{what}, end"));
        // The status lines (title, section, progress, hint) hold no H- text.
        for (h, c) in [(&hostile.0, &control.0), (&hostile.1, &control.1)] {
            let (hs, cs) = (h.last().expect("status"), c.last().expect("status"));
            assert!(cs.contains(HELP_HINT) && !cs.contains("H-"), "{what}: {cs}");
            assert_eq!(hs, cs, "{what}: status line");
        }
        for marker in ["AFTER-2 abc 123", "AFTER-3 abc 123", "AFTER-7 abc 123"] {
            assert!(
                hostile.2.contains(marker),
                "{what}: {marker} not shown in order"
            );
        }
    }
}

#[test]
fn reader_bidi_spoofing_stays_in_its_paragraph_in_app_mode() {
    reader_bidi_spoofing_stays_in_its_paragraph("app");
}

#[test]
fn reader_bidi_spoofing_stays_in_its_paragraph_in_terminal_mode() {
    reader_bidi_spoofing_stays_in_its_paragraph("terminal");
}

// ---------------------------------------------------------------------------
// 3. Extreme text: no panic, and no line wider than the width.
// ---------------------------------------------------------------------------

const WIDTHS: [usize; 6] = [1, 2, 3, 7, 40, 80];

/// Dumps `path` at each of `widths` in both bidi modes, checking exit 0, a
/// silent stderr and every line's width; returns the app-mode dump at the
/// first width.
fn assert_dumps_within_width(path: &Path, widths: &[usize], what: &str) -> String {
    let mut narrowest = String::new();
    for &w in widths {
        for bidi in ["app", "terminal"] {
            let ws = w.to_string();
            let out = dump(path, &["--width", &ws, "--bidi", bidi, "--color", "never"]);
            assert!(!out.trim().is_empty(), "{what} width {w}: empty dump");
            for (n, line) in out.lines().enumerate() {
                assert!(
                    line.width() <= w,
                    "{what} --bidi {bidi}: line {n} is {} cells wide at width {w}: {line:?}",
                    line.width()
                );
            }
            if w == widths[0] && bidi == "app" {
                narrowest = out;
            }
        }
    }
    narrowest
}

/// Combining stacks, emoji sequences, wide CJK, tabs, Arabic with harakat,
/// ideographic spaces, a 200-letter word, list markers, a quote and FAQ
/// answers (whose prefixes alone are wider than the narrowest widths).
fn extreme_doc() -> Doc {
    let stacked = format!("e{}", "\u{301}".repeat(50));
    let harakat = format!("ب{}", "\u{64E}\u{651}".repeat(25));
    let emoji = "👨\u{200D}👩\u{200D}👧\u{200D}👦 👩🏽\u{200D}💻 🏳\u{FE0F}\u{200D}🌈 🇶🇦";
    let cjk = "中文字符测试漢字カタカナ한국어 ＡＢＣ";
    Doc {
        title: format!("Extreme {stacked} 中文"),
        source: Some(format!("tab\there {emoji}")),
        faq: vec![(
            format!("Why {cjk}?"),
            format!("Because\t{stacked} {harakat}."),
        )],
        lead: vec![
            B::Para(format!("Stacked {stacked} and {harakat} end.")),
            B::Para(format!("Emoji {emoji} end.")),
            B::Para(format!("Wide {cjk}\u{3000}ideographic\u{3000}space end.")),
            B::Para("Tabs\tbetween\t\twords\tend.".into()),
            B::Bullets(vec![format!("{cjk}."), format!("{emoji}."), "a.".into()]),
        ],
        sections: vec![(
            "Arabic".into(),
            vec![
                B::Para("نص عربي طويل لا يحتوي على «علامات» (أقواس) ٢٠٢٥ و 2025 كلمات.".into()),
                B::Quote(format!("{stacked} {cjk} {emoji}.")),
                B::Bullets(vec!["لا لا لا.".into(), "x".repeat(200) + "."]),
            ],
        )],
    }
}

/// CRLF line ends and a UTF-8 BOM.
fn crlf_with_bom(s: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(s.replace('\n', "\r\n").into_bytes());
    out
}

#[test]
fn extreme_text_dumps_within_every_width_in_every_format() {
    let dir = scratch("extreme");
    for fmt in FORMATS {
        let doc = extreme_doc();
        let path = write(
            &dir,
            &format!("extreme.{}", fmt.ext()),
            &crlf_with_bom(&doc.render(fmt)),
        );
        let what = format!("{fmt:?}");
        let narrow = assert_dumps_within_width(&path, &WIDTHS, &what);
        // A CJK character (2 cells) cannot fit 1 cell: U+FFFD by design.
        assert!(
            narrow.contains('\u{FFFD}'),
            "{what}: no stand-in at width 1"
        );
        let wide = dump(&path, &["--width", "80"]);
        assert!(wide.contains("中文字符"), "{what}: {wide}");
        assert!(
            !wide.contains('\r') && !wide.contains('\u{FEFF}'),
            "{what}: CR or BOM shown"
        );
        assert!(!wide.contains('\t'), "{what}: tab written");
    }
    // Markdown nesting the engine must flatten: 100 quote levels and lists.
    let deep = format!(
        "# Deep\n\n{} deep quote.\n\n{}deep list.\n",
        ">".repeat(100),
        "- ".repeat(100)
    );
    let path = write(&dir, "deep.md", deep.as_bytes());
    assert_dumps_within_width(&path, &WIDTHS, "deep Markdown");
}

/// The bug: list markers ("• ", "12. "), quote bars ("│ ") and the FAQ
/// answers' indent were laid out even when wider than the whole width, so
/// `--width 1` printed "• x" (3 cells) and a quote 3 deep at width 7 "│ │ │ x".
#[test]
fn narrow_dump_prefixes_never_exceed_the_width() {
    let dir = scratch("prefix");
    let doc = Doc {
        title: "T".into(),
        source: None,
        faq: vec![("Q?".into(), "answer.".into())],
        lead: vec![
            B::Bullets(vec!["bullet item.".into()]),
            B::Quote("quoted.".into()),
        ],
        sections: vec![],
    };
    let md = format!(
        "{}\n> > > > three deep.\n\n{}\n",
        doc.markdown(),
        (1..=12)
            .map(|n| format!("{n}. item.\n"))
            .collect::<String>()
    );
    let path = write(&dir, "prefix.md", md.as_bytes());
    let narrow = assert_dumps_within_width(&path, &[1, 2, 3, 7], "prefixes");
    // The text itself is still all there.
    for c in ['b', 'q', 'a', 't'] {
        assert!(
            narrow.lines().any(|l| l == c.to_string()),
            "{c} missing:\n{narrow}"
        );
    }
}

/// A 2 MB single paragraph (Arabic and Latin words) in plain text.
fn two_megabyte_paragraph() -> Doc {
    let word = "كلمة word ";
    let paragraph = word.repeat(2 * 1024 * 1024 / word.len()) + "نهاية.";
    assert!(paragraph.len() >= 2 * 1024 * 1024 - word.len());
    Doc {
        title: "Big".into(),
        source: None,
        faq: vec![],
        lead: vec![B::Para(paragraph)],
        sections: vec![],
    }
}

/// 100 000 tiny paragraphs.
fn hundred_thousand_paragraphs() -> Doc {
    Doc {
        title: "Many".into(),
        source: None,
        faq: vec![],
        lead: (0..100_000).map(|i| B::Para(format!("p{i}."))).collect(),
        sections: vec![],
    }
}

/// Dumps `doc` as `fmt` at each of `widths` (app mode), checking every
/// line's width; prints the time each dump took (see it with `--nocapture`).
fn dump_big(doc: &Doc, fmt: Fmt, widths: &[usize], name: &str) {
    let dir = scratch(name);
    let path = doc.write(&dir, name, fmt);
    for &w in widths {
        let start = Instant::now();
        let ws = w.to_string();
        let out = dump(&path, &["--width", &ws]);
        let lines = out.lines().count();
        assert!(
            out.lines().all(|l| l.width() <= w),
            "{name} {fmt:?}: a line wider than {w}"
        );
        eprintln!(
            "{name} {fmt:?} width {w}: {lines} lines in {:?}",
            start.elapsed()
        );
    }
}

// Measured in debug on 2 shared cores: 2 MB at width 1 ≈ 6 s, at width 80
// ≈ 3.3 s; 100 000 paragraphs ≈ 1.6–3.3 s per dump. One format each here,
// the full matrix below.
#[test]
fn two_megabyte_paragraph_dumps_within_width() {
    dump_big(&two_megabyte_paragraph(), Fmt::Txt, &[1, 80], "big");
}

#[test]
fn hundred_thousand_paragraphs_dump_within_width() {
    dump_big(&hundred_thousand_paragraphs(), Fmt::Md, &[1, 80], "many");
}

#[test]
#[ignore = "100 s in debug (3 formats × 6 widths × 2 inputs, 1.2–5.4 s a dump); run with --ignored"]
fn big_inputs_dump_within_every_width_in_every_format() {
    for fmt in FORMATS {
        dump_big(&two_megabyte_paragraph(), fmt, &WIDTHS, "big-all");
        dump_big(&hundred_thousand_paragraphs(), fmt, &WIDTHS, "many-all");
    }
}

// ---------------------------------------------------------------------------
// 4. Bad input and faults (tests/cli.rs covers missing files, directories,
//    invalid UTF-8, malformed JSON, some empty files and --width 0).
// ---------------------------------------------------------------------------

#[test]
fn bad_inputs_fail_with_one_line_naming_the_file() {
    let dir = scratch("bad");
    // serde_json stops at 128 levels ("recursion limit exceeded").
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated.json",
            br#"{"title": "x", "sections": [{"blocks": [{"para"#.to_vec(),
        ),
        ("wrong-type.json", br#"{"title": 3}"#.to_vec()),
        (
            "wrong-block.json",
            br#"{"title": "x", "sections": [{"blocks": [{"paragraph": {"a": 1}}]}]}"#.to_vec(),
        ),
        (
            "deep-array.json",
            format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes(),
        ),
        (
            "deep-title.json",
            format!("{{\"title\": {}", "[".repeat(n)).into_bytes(),
        ),
        (
            "deep-quote.json",
            format!(
                r#"{{"title": "x", "sections": [{{"blocks": [{}"#,
                r#"{"quote": ["#.repeat(n)
            )
            .into_bytes(),
        ),
        ("empty.json", vec![]),
        ("empty.md", vec![]),
        ("empty.txt", vec![]),
        ("blank.json", b" \r\n\t\n".to_vec()),
        ("blank.md", b"\xEF\xBB\xBF\n\n   \n".to_vec()),
        ("blank.txt", b"\t \r\n \n".to_vec()),
        ("headings-only.md", b"#\n\n##\n\n###   \n".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = write(&dir, name, &bytes);
        assert_one_line_error(&qari(&["--dump", path_str(&path)]), name, name);
    }
}

#[test]
fn fifo_is_refused_without_blocking() {
    let dir = scratch("fifo");
    let path = dir.join("pipe.md");
    let made = Command::new("mkfifo").arg(&path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    // Nobody ever writes to the FIFO: opening it would block for ever.
    let mut child = Command::new(QARI)
        .args(["--dump", path_str(&path)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + patience();
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("qari blocked on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().expect("output");
    assert_one_line_error(&o, "pipe.md", "FIFO");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
}

#[test]
fn unreadable_file_is_refused_with_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("perm");
    let path = write(&dir, "secret.txt", "عنوان\nنص.\n".as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&*dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
    let mut cmd = Command::new(QARI);
    cmd.args(["--dump", path_str(&path)]).stdin(Stdio::null());
    // root reads any file: run qari as "nobody" then (allowed to root).
    if rustix::process::getuid().is_root() {
        cmd.uid(65534).gid(65534);
    }
    let o = cmd.output().expect("run qari");
    assert_one_line_error(&o, "secret.txt", "no permission");
    assert!(String::from_utf8_lossy(&o.stderr).contains("permission denied"));
}

#[test]
fn deep_markdown_and_text_load_within_width() {
    let dir = scratch("deep");
    let n = 100_000;
    let cases = [
        ("quotes.md", format!("# T\n\n{} deep.\n", ">".repeat(n))),
        ("lists.md", format!("# T\n\n{}deep.\n", "- ".repeat(n))),
        (
            "brackets.md",
            format!("# T\n\n{}x{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "emphasis.md",
            format!("# T\n\n{}x{}\n", "*".repeat(n), "*".repeat(n)),
        ),
        (
            "html.md",
            format!("# T\n\n{}\n\nafter.\n", "<div>".repeat(n)),
        ),
        ("quotes.txt", format!("T\n{}x.\n", "> ".repeat(n))),
    ];
    for (name, src) in cases {
        let path = write(&dir, name, src.as_bytes());
        let start = Instant::now();
        assert_dumps_within_width(&path, &[7, 40], name);
        assert!(
            start.elapsed() < patience(),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn closed_stdout_ends_quietly_with_status_0() {
    let dir = scratch("head");
    // Far more than a pipe holds (64 KiB), so qari is still writing when the
    // reader goes away and gets EPIPE.
    let doc = Doc {
        title: "Head".into(),
        source: None,
        faq: vec![],
        lead: (0..5000)
            .map(|i| B::Para(format!("paragraph {i} {}.", "word ".repeat(20))))
            .collect(),
        sections: vec![],
    };
    for fmt in FORMATS {
        let path = doc.write(&dir, "head", fmt);
        let mut child = Command::new(QARI)
            .args(["--dump", "--width", "40", path_str(&path)])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("first line");
        // The BufReader (and the pipe's read end) is dropped here, as `head -1` exits.
        assert_eq!(first, "Head\n");
        let o = child.wait_with_output().expect("wait");
        assert_eq!(o.status.code(), Some(0), "{fmt:?}: {:?}", o.status);
        assert!(
            o.stderr.is_empty(),
            "{fmt:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

// ---------------------------------------------------------------------------
// 5. Terminal faults with the real binary in a pty.
// ---------------------------------------------------------------------------

/// The bundled article in app mode, first frame drawn.
fn start_bundled(args: &[&str], env: &[(&str, &str)]) -> Reader {
    let mut r = Reader::start(args, env, 100, 30);
    r.wait_until("the first frame", |r| {
        r.rows().last().is_some_and(|s| s.contains('%'))
    });
    r
}

/// Resizes, then waits until qari has drawn at that size: ratatui clears
/// the screen (CSI 2 J) when it sees a new size, then draws the frame
/// (ending with "cursor hidden").
fn resize_and_wait(r: &mut Reader, cols: u16, rows: u16) {
    let mark = r.output.len();
    r.resize(cols, rows);
    let clear = r.wait_output(b"\x1b[2J", mark);
    r.wait_output(b"\x1b[?25l", clear);
}

/// Also the bug of a resize right after the first frame being lost: crossterm
/// only listened for SIGWINCH from the reader's first wait for a key on.
#[test]
fn resize_to_one_cell_right_after_the_first_frame_and_back() {
    let mut r = start_bundled(&["--bidi", "app"], &[]);
    resize_and_wait(&mut r, 1, 1);
    resize_and_wait(&mut r, 2, 3);
    resize_and_wait(&mut r, 100, 30);
    r.wait_until("the full frame again", |r| {
        r.rows().last().is_some_and(|s| s.contains('%'))
    });
    r.press(b"q");
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    let allowed = Allowed {
        clear: true,
        ..READER_APP
    };
    assert_only_allowed(&r.output, allowed, "resize to 1x1");
    assert_restored(&r.output, r.cooked(), true);
}

/// The bug: the reader laid out at the size of the last Resize event while
/// ratatui draws at the size the terminal has when drawing; in a burst of
/// resizes the event could be larger than the frame, and drawing outside
/// the buffer panicked ("index outside of buffer"). Sizes alternate large
/// and small to make such stale events likely.
#[test]
fn resize_storm_never_draws_at_a_stale_size_and_restores() {
    let mut r = start_bundled(&["--bidi", "terminal"], &[]);
    for i in 0..100u16 {
        if i % 2 == 0 {
            r.resize(100 + i % 40, 30 + i % 13);
        } else {
            r.resize(1 + i % 20, 1 + i % 8);
        }
    }
    // No storm size is 43 rows high, so a status line on row 43 can only
    // come from a frame drawn at the final size.
    r.resize(97, 43);
    r.wait_until("a frame at 97×43", |r| r.rows()[42].contains('%'));
    r.press(b"q");
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    let allowed = Allowed {
        clear: true,
        bidi: true,
        ..READER_APP
    };
    assert_only_allowed(&r.output, allowed, "resize storm");
    assert!(
        !String::from_utf8_lossy(&r.output).contains("panicked"),
        "{}",
        r.text()
    );
    assert_restored(&r.output, r.cooked(), false);
}

/// Sends `signal` once the first frame is up; expects 128 + its number.
fn signal_restores(signal: rustix::process::Signal, number: u32, bidi: &str) {
    let mut r = start_bundled(&["--bidi", bidi], &[]);
    r.signal(signal);
    let status = r.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "killed instead of exiting: {status:?}"
    );
    assert_eq!(status.exit_code(), 128 + number, "{status:?}");
    assert_restored(&r.output, r.cooked(), bidi == "app");
}

#[test]
fn sigterm_while_reading_restores_and_exits_143() {
    signal_restores(rustix::process::Signal::TERM, 15, "app");
}

#[test]
fn sighup_while_reading_restores_and_exits_129() {
    signal_restores(rustix::process::Signal::HUP, 1, "terminal");
}

#[test]
fn panic_inside_a_frame_restores_then_reports_and_exits_101() {
    // The hook panics in the draw closure after the frame was drawn into
    // the buffer, before ratatui writes it.
    let mut r = Reader::start(
        &["--bidi", "app"],
        // No backtrace: it would scroll the message off the screen.
        &[("QARI_TEST_PANIC_IN_DRAW", "1"), ("RUST_BACKTRACE", "0")],
        100,
        30,
    );
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 101, "{status:?}");
    // The message comes after the terminal was put back, on the main screen.
    let left = rfind(&r.output, b"\x1b[?1049l").expect("left the alternate screen");
    let mut message = find_from(&r.output, b"thread 'main'", left)
        .unwrap_or_else(|| panic!("no panic message: {}", String::from_utf8_lossy(&r.output)));
    assert!(find_from(&r.output, b"QARI_TEST_PANIC_IN_DRAW", message).is_some());
    assert!(
        r.text().contains("panicked"),
        "not on the main screen: {}",
        r.text()
    );
    // The default hook starts its message on a new line.
    while matches!(r.output[message - 1], b'\r' | b'\n') {
        message -= 1;
    }
    assert_restored(&r.output[..message], r.cooked(), true);
}

/// Presses `keys` and waits until a frame has been drawn after them.
fn press_and_wait_frame(r: &mut Reader, keys: &[u8]) {
    let mark = r.output.len();
    r.press(keys);
    r.wait_output(b"\x1b[?25l", mark);
}

/// The bug: in `--bidi terminal` mode each row's FSI rode in front of its
/// first cell and its PDI on its last cell. Terminals attach a zero-width
/// character to the cell before it, so an FSI stayed behind on screen when
/// the row moved (scrolling right-aligned rows); a PDI on the second half
/// of a wide character was never written (ratatui skips that cell); and an
/// overlay (help, navigator) covering one end of a row left the other
/// unmatched. Any of them leaves an isolate open to the end of the screen
/// line, pulling borders and neighbouring panes into the row.
#[test]
fn terminal_mode_isolates_stay_balanced_with_wide_characters_overlays_and_scrolling() {
    let dir = scratch("isolates");
    let mut varied: Vec<B> = (1..30)
        .map(|i| B::Para(format!("{} 中文.", "نص عربي ".repeat(i % 7 + 1))))
        .collect();
    varied.push(B::Para("خاتمة 中文".into()));
    let doc = Doc {
        title: "عنوان 中文".into(),
        source: None,
        faq: vec![("سؤال 中文؟".into(), "جواب 中文.".into())],
        lead: vec![B::Para("中文 ".repeat(60) + "中文")],
        sections: vec![("قسم 中文".into(), varied)],
    };
    let path = doc.write(&dir, "isolates", Fmt::Json);
    for (cols, overlay) in [(120u16, b"?"), (50, b"t")] {
        let what = format!("{cols} columns");
        let args = [path_str(&path), "--bidi", "terminal"];
        let mut r = Reader::start(&args, &[], cols, 30);
        r.wait_until("the first frame", |r| r.rows()[29].contains('%'));
        for _ in 0..8 {
            press_and_wait_frame(&mut r, b"j");
        }
        press_and_wait_frame(&mut r, overlay);
        press_and_wait_frame(&mut r, overlay);
        press_and_wait_frame(&mut r, b"G");
        // A row ending in a wide character is still closed right after it.
        assert!(r.text().contains("中文\u{2069}"), "{what}: {}", r.text());
        r.press(b"q");
        assert_eq!(r.wait_exit().exit_code(), 0, "{what}");
        assert_rows_balanced(&r.output, cols, 30, &what);
    }
}

// ---------------------------------------------------------------------------
// Links: a hostile target never reaches the terminal; OSC 8 is qari's own.
// ---------------------------------------------------------------------------

/// The OSC 8 sequences in `out` (their URLs, empty for a close), each
/// checked to be qari's form: `ESC ] 8 ; id=q<hex> ; <printable ASCII> ESC \`
/// or `ESC ] 8 ; ; ESC \`; and `out` with them taken out.
fn take_osc8(out: &[u8]) -> (Vec<String>, Vec<u8>) {
    let mut urls = Vec::new();
    let mut rest = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if out[i..].starts_with(b"\x1b]8;") {
            let end = out[i..]
                .windows(2)
                .position(|w| w == b"\x1b\\")
                .unwrap_or_else(|| panic!("OSC 8 without ST at {i}"));
            let body = std::str::from_utf8(&out[i + 4..i + end]).expect("ASCII");
            let (params, url) = body.split_once(';').expect("params;url");
            assert!(
                url.bytes().all(|b| (0x21..=0x7e).contains(&b)),
                "not printable ASCII: {url:?}"
            );
            if url.is_empty() {
                assert!(params.is_empty(), "close with params: {body:?}");
            } else {
                let id = params.strip_prefix("id=q").expect("id");
                assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{body:?}");
            }
            urls.push(url.to_owned());
            i += end + 2;
        } else {
            rest.push(out[i]);
            i += 1;
        }
    }
    (urls, rest)
}

#[test]
fn hostile_link_targets_never_reach_the_terminal() {
    let dir = scratch("pty-links");
    let src = "# روابط\n\n\
        [أ](<https://x.example/\u{1b}]52;c;cHduZWQ=\u{7}>) \
        [ب](javascript:alert(1)) [ج](data:text/html,x) \
        [د](<https://x.example/\u{9b}2J>) [هـ](<https://x.example/\u{2067}x>) \
        [و](<https://ok.example/ق ok>) [ز](https://good.example/a) \
        [ح](other.md) [ط](#روابط).\n";
    let path = write(&dir, "links.md", src.as_bytes());
    let args = [
        path_str(&path),
        "--bidi",
        "app",
        "--hyperlinks",
        "always",
        "--ui-lang",
        "en",
    ];
    let mut r = Reader::start(&args, &[], 100, 20);
    r.wait_until("the first frame", status_drawn);
    r.press(b"L");
    r.wait_until("the link list", |r| r.text().contains("good.example"));
    r.press(b"\x1b");
    r.press(b"q");
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    let (urls, rest) = take_osc8(&r.output);
    let opened: std::collections::BTreeSet<&str> = urls
        .iter()
        .map(String::as_str)
        .filter(|u| !u.is_empty())
        .collect();
    assert_eq!(
        opened.into_iter().collect::<Vec<_>>(),
        ["https://good.example/a", "https://ok.example/%D9%82%20ok"]
    );
    // Every open is closed on the same cell.
    assert_eq!(urls.iter().filter(|u| u.is_empty()).count() * 2, urls.len());
    assert_only_allowed(&rest, READER_APP, "links");
    assert_no_payload(&rest, "links");
    assert!(!String::from_utf8_lossy(&r.output).contains("cHduZWQ"));
}
