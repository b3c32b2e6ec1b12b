//! `--bidi terminal` as a bidi-capable terminal shows it: the same letters
//! in the same cells as `--bidi app`.
//!
//! In app mode qari writes every row already in visual order (UAX #9 run by
//! qari, brackets mirrored, Arabic shaped into presentation forms). In
//! terminal mode it writes the rows in logical order (shaped too) with each
//! pane's text row, and each segment of the status line, in an isolate
//! (RLI or LRI by the row's direction … PDI), and leaves the reordering to
//! the terminal. A terminal such as Konsole runs
//! the Unicode Bidirectional Algorithm on each screen line, left to right
//! outside the isolates (the lines start with borders or blanks), reorders
//! whole cells, and mirrors mirrored characters at odd levels.
//!
//! This test runs the real binary in a pseudo-terminal in both modes on the
//! bundled article (120x35 and 70x24, with the first FAQ answer closed and
//! open, with qari's labels in Arabic, the article's language, and English),
//! replays what the terminal received into a grid of cells, plays the
//! terminal's part on every terminal-mode line, and compares the result,
//! cell by cell, with the app-mode screen. No X display is needed.
//!
//! The grid: vt100 (used by the other pty tests) keeps a zero-width
//! character such as RLI or PDI with the cell before it, like terminals do,
//! but it drops one written in column 0 (nothing to attach it to), where
//! qari puts the opener in front of the first cell's own symbol. So the bytes
//! are replayed into the small grid below, which keeps such a mark as a
//! prefix of the cell written next in column 0; it is checked against vt100
//! cell by cell (bidi controls aside), so it cannot drift from the screen
//! the other tests see. Every mark that only this grid keeps is
//! reported on the failing row (`col-0 marks`).
//!
//! When GNU FriBidi's command line tool is installed (CI installs
//! `libfribidi-bin`), every terminal-mode line also goes through
//! `fribidi --ltr` as a second, independent UBA implementation, which must
//! agree with both app mode and the model above (FriBidi before 1.0.9 gets
//! consecutive isolates wrong, so there each isolate goes through on its
//! own; see [`fribidi_display`]).
//!
//! `QARI_UBA_SHOW=1 cargo test --test terminal_uba -- --nocapture` prints
//! every line of both modes: app, the terminal's display, what it received.
#![cfg(unix)]

mod qari_pty;

use qari_pty::{Reader, find_from, rfind};
use std::io::Write;
use std::process::{Command, Stdio};
use unicode_bidi::{BidiInfo, Level};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

const PDI: char = '\u{2069}';
/// What stands for a cell nothing was written to.
const EMPTY: &str = " ";

/// LRI, RLI, FSI: each opens an isolate that a PDI closes.
fn is_isolate_opener(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2068}')
}

/// Explicit bidi formatting characters and marks: removed by the UBA (X9)
/// and never drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !is_bidi_control(*c)).collect()
}

// ---------------------------------------------------------------------------
// The grid: what the terminal received, cell by cell.
// ---------------------------------------------------------------------------

/// One cell: its text (a base character and the zero-width characters
/// that came after it), or the second half of a wide character.
#[derive(Clone, Debug, Default, PartialEq)]
struct Cell {
    text: String,
    /// The right half of the wide character in the cell before.
    continuation: bool,
}

/// A screen fed with the bytes a terminal received: cursor moves, erases
/// and text; colours and modes are ignored. Zero-width characters join the
/// cell before the cursor (the wide character's own cell for its right
/// half); in column 0 they wait for the next cell written there.
struct Grid {
    cols: usize,
    cells: Vec<Vec<Cell>>,
    row: usize,
    col: usize,
    /// Zero-width characters written in column 0 of `row`.
    pending: String,
    /// How many zero-width characters were kept from column 0.
    col0_marks: Vec<(usize, usize)>,
}

impl Grid {
    fn new(cols: u16, rows: u16) -> Grid {
        let (cols, rows) = (usize::from(cols), usize::from(rows));
        Grid {
            cols,
            cells: vec![vec![Cell::default(); cols]; rows],
            row: 0,
            col: 0,
            pending: String::new(),
            col0_marks: Vec::new(),
        }
    }

    fn move_to(&mut self, row: usize, col: usize) {
        self.row = row.min(self.cells.len() - 1);
        self.col = col.min(self.cols - 1);
        self.pending.clear();
    }

    fn erase(&mut self, row: usize, from: usize, to: usize) {
        for cell in &mut self.cells[row][from.min(self.cols)..to.min(self.cols)] {
            *cell = Cell::default();
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\x1b' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut fin = '\0';
                        for c in chars.by_ref() {
                            if ('\x40'..='\x7e').contains(&c) {
                                fin = c;
                                break;
                            }
                            params.push(c);
                        }
                        self.csi(&params, fin);
                    }
                    // OSC, DCS, APC, PM, SOS: skipped up to BEL or ST.
                    Some(']' | 'P' | '_' | '^' | 'X') => {
                        while let Some(c) = chars.next() {
                            if c == '\x07' {
                                break;
                            }
                            if c == '\x1b' && chars.peek() == Some(&'\\') {
                                chars.next();
                                break;
                            }
                        }
                    }
                    // Character set designations take one more character.
                    Some('(' | ')' | '*' | '+' | '#' | '%') => {
                        chars.next();
                    }
                    _ => {}
                },
                '\r' => self.move_to(self.row, 0),
                '\n' => {
                    let col = self.col;
                    self.move_to((self.row + 1).min(self.cells.len() - 1), col);
                }
                '\x08' => self.move_to(self.row, self.col.saturating_sub(1)),
                c if (c as u32) < 0x20 || c == '\x7f' => {}
                c => self.text(c),
            }
        }
    }

    fn csi(&mut self, params: &str, fin: char) {
        if params.starts_with(['?', '>', '<', '=']) {
            return;
        }
        let nums: Vec<usize> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let n = |i: usize, default: usize| match nums.get(i) {
            Some(&0) | None => default,
            Some(&v) => v,
        };
        match fin {
            'H' | 'f' => self.move_to(n(0, 1) - 1, n(1, 1) - 1),
            'G' | '`' => self.move_to(self.row, n(0, 1) - 1),
            'd' => self.move_to(n(0, 1) - 1, self.col),
            'A' => self.move_to(self.row.saturating_sub(n(0, 1)), self.col),
            'B' => self.move_to(self.row + n(0, 1), self.col),
            'C' => self.move_to(self.row, self.col + n(0, 1)),
            'D' => self.move_to(self.row, self.col.saturating_sub(n(0, 1))),
            'J' => {
                let (row, col) = (self.row, self.col);
                let rows = self.cells.len();
                match nums.first().copied().unwrap_or(0) {
                    0 => {
                        self.erase(row, col, self.cols);
                        (row + 1..rows).for_each(|r| self.erase(r, 0, self.cols));
                    }
                    1 => {
                        (0..row).for_each(|r| self.erase(r, 0, self.cols));
                        self.erase(row, 0, col + 1);
                    }
                    _ => (0..rows).for_each(|r| self.erase(r, 0, self.cols)),
                }
            }
            'K' => {
                let (row, col) = (self.row, self.col);
                match nums.first().copied().unwrap_or(0) {
                    0 => self.erase(row, col, self.cols),
                    1 => self.erase(row, 0, col + 1),
                    _ => self.erase(row, 0, self.cols),
                }
            }
            'X' => {
                let (row, col) = (self.row, self.col);
                self.erase(row, col, col + n(0, 1));
            }
            // Colours, modes, scrolling regions: nothing qari's frames need.
            _ => {}
        }
    }

    fn text(&mut self, c: char) {
        let width = c.width().unwrap_or(0);
        if width == 0 {
            if self.col == 0 {
                self.pending.push(c);
                return;
            }
            let mut x = (self.col - 1).min(self.cols - 1);
            if self.cells[self.row][x].continuation && x > 0 {
                x -= 1;
            }
            self.cells[self.row][x].text.push(c);
            return;
        }
        if self.col + width > self.cols {
            // Auto-wrap; qari never writes past the last column.
            self.move_to((self.row + 1).min(self.cells.len() - 1), 0);
        }
        let (row, col) = (self.row, self.col);
        // Overwriting half of a wide character clears its other half.
        if self.cells[row][col].continuation && col > 0 {
            self.cells[row][col - 1] = Cell::default();
        }
        if col + 1 < self.cols && self.cells[row][col + 1].continuation {
            self.cells[row][col + 1] = Cell::default();
        }
        let mut text = std::mem::take(&mut self.pending);
        if !text.is_empty() {
            self.col0_marks.push((row, text.chars().count()));
        }
        text.push(c);
        self.cells[row][col] = Cell {
            text,
            continuation: false,
        };
        if width == 2 && col + 1 < self.cols {
            if col + 2 < self.cols && self.cells[row][col + 2].continuation {
                self.cells[row][col + 2] = Cell::default();
            }
            self.cells[row][col + 1] = Cell {
                text: String::new(),
                continuation: true,
            };
        }
        // The cursor may rest just past the last column (pending wrap).
        self.col = col + width;
    }

    /// Line `y` as cells, from the left.
    fn line(&self, y: usize) -> Vec<Cell> {
        self.cells[y].clone()
    }
}

/// Checks the grid against vt100's screen fed with the same bytes: the
/// same characters in every cell, bidi controls (which vt100 drops in
/// column 0) aside.
fn check_grid_against_vt100(grid: &Grid, screen: &vt100::Screen, what: &str) {
    let (rows, cols) = screen.size();
    for y in 0..rows.get() {
        for x in 0..cols.get() {
            let cell = screen.cell(y, x).expect("cell in range");
            let theirs = strip_controls(cell.contents());
            let ours = &grid.cells[usize::from(y)][usize::from(x)];
            let ours_text = strip_controls(&ours.text);
            let same = if ours.continuation {
                cell.is_wide_continuation()
            } else {
                // vt100 puts a space in front of a mark in an empty cell.
                theirs.trim() == ours_text.trim()
            };
            assert!(
                same,
                "{what}: the replayed grid and vt100 disagree at row {y}, column {x}: \
                 {ours:?} vs {:?}",
                cell.contents()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The terminal's part: UAX #9 on one line, cell by cell.
// ---------------------------------------------------------------------------

/// The line's text as the terminal hands it to its bidi algorithm: every
/// cell's text (`EMPTY` for an empty one), the right halves of wide
/// characters left out. With it, for each cell taken, its column and the
/// byte range of its text.
fn line_text(cells: &[Cell]) -> (String, Vec<(usize, std::ops::Range<usize>)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (x, cell) in cells.iter().enumerate() {
        if cell.continuation {
            continue;
        }
        let start = text.len();
        // A cell holding only marks is still blank on the screen.
        if cell.text.chars().all(is_bidi_control) {
            text.push_str(&cell.text);
            text.push_str(EMPTY);
        } else {
            text.push_str(&cell.text);
        }
        spans.push((x, start..text.len()));
    }
    (text, spans)
}

/// How a terminal running UAX #9 (rules L1, L2 and L4) shows a line
/// received in logical order: its cells reordered as wholes (a base
/// character keeps its marks), mirrored at odd levels, bidi controls
/// removed. `base`: the paragraph level, `None` for the first strong
/// character (P2–P3, which skip isolates). Returns the columns, a wide
/// character's right half as an empty continuation cell.
fn terminal_display_with(cells: &[Cell], base: Option<Level>) -> Vec<Cell> {
    let (text, spans) = line_text(cells);
    let bidi = BidiInfo::new(&text, base);
    assert_eq!(
        bidi.paragraphs.len(),
        1,
        "a screen line holds one paragraph: {text:?}"
    );
    let para = &bidi.paragraphs[0];
    let levels = bidi.reordered_levels(para, para.range.clone());
    // A cell's level is its base character's; the controls riding on it
    // were removed by X9 and take whatever level their neighbour has.
    let cell_levels: Vec<Level> = spans
        .iter()
        .map(|(_, range)| {
            let base = text[range.clone()]
                .char_indices()
                .find(|(_, c)| !is_bidi_control(*c))
                .map_or(range.start, |(i, _)| range.start + i);
            levels[base]
        })
        .collect();
    let order = BidiInfo::reorder_visual(&cell_levels);
    let mut out = Vec::new();
    for logical in order {
        let (_, range) = &spans[logical];
        let rtl = cell_levels[logical].is_rtl();
        let shown: String = text[range.clone()]
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .map(|c| {
                if rtl {
                    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        let wide = shown.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>() > 1;
        out.push(Cell {
            text: shown,
            continuation: false,
        });
        if wide {
            out.push(Cell {
                text: String::new(),
                continuation: true,
            });
        }
    }
    out
}

/// [`terminal_display_with`] a left-to-right base direction, as Konsole.
fn terminal_display(cells: &[Cell]) -> Vec<Cell> {
    terminal_display_with(cells, Some(Level::ltr()))
}

/// An app-mode line as shown: empty cells as `EMPTY`.
fn app_display(cells: &[Cell]) -> Vec<Cell> {
    cells
        .iter()
        .map(|c| Cell {
            text: if c.text.is_empty() && !c.continuation {
                EMPTY.to_owned()
            } else {
                c.text.clone()
            },
            continuation: c.continuation,
        })
        .collect()
}

fn render(cells: &[Cell]) -> String {
    cells.iter().map(|c| c.text.as_str()).collect()
}

/// Presentation forms back to letters, to tell a joining-form difference
/// from a wrong letter.
fn unshaped(s: &str) -> String {
    s.nfkc().collect()
}

// ---------------------------------------------------------------------------
// Running qari.
// ---------------------------------------------------------------------------

/// The screens of one run: the grid and the vt100 screen after the last
/// whole frame.
struct Screen {
    grid: Grid,
    rows: u16,
}

/// Bytes up to the end of the last whole frame (ratatui hides the cursor
/// last in each draw).
fn whole_frames(output: &[u8]) -> &[u8] {
    let end = rfind(output, b"\x1b[?25l").expect("a frame was drawn") + 6;
    &output[..end]
}

/// `text` with the letters in logical or in visual order: the screen in
/// either mode contains the phrase one way or the other.
fn shows(screen_text: &str, phrase: &str) -> bool {
    let plain = unshaped(&strip_controls(screen_text));
    let reversed: String = phrase.chars().rev().collect();
    plain.contains(phrase) || plain.contains(&reversed)
}

/// The first lines of the first FAQ answer (no lam-alef, so reversing the
/// letters is their visual order).
const ANSWER: &str = "يسهم في تعزيز";

/// One run: the terminal's size, whether the first FAQ answer is opened
/// (Tab, Enter), and the language of qari's labels (`None`: the article's,
/// Arabic).
#[derive(Clone, Copy)]
struct Case {
    cols: u16,
    rows: u16,
    open_answer: bool,
    ui_lang: Option<&'static str>,
    /// The document read; `None`: the bundled article.
    file: Option<&'static str>,
}

impl Case {
    fn name(&self) -> String {
        format!(
            "{}x{}, {} labels{}{}",
            self.cols,
            self.rows,
            self.ui_lang.unwrap_or("ar"),
            if self.open_answer {
                ", first answer open"
            } else {
                ""
            },
            self.file.map_or(String::new(), |f| format!(", {f}"))
        )
    }
}

/// Runs qari on the bundled article with `--bidi mode` as `case` says and
/// replays the last screen.
fn run(mode: &str, case: Case) -> Screen {
    let Case {
        cols,
        rows,
        open_answer,
        ui_lang,
        file,
    } = case;
    let mut args = vec!["--fresh", "--bidi", mode];
    if let Some(lang) = ui_lang {
        args.extend(["--ui-lang", lang]);
    }
    args.extend(file);
    let mut r = Reader::start(&args, &[("NO_COLOR", "1")], cols, rows);
    let what = format!("--bidi {mode}, {}", case.name());
    r.wait_until(&format!("{what}: the first frame"), |r| {
        r.rows().last().is_some_and(|s| s.contains('%'))
    });
    if open_answer {
        assert!(!shows(&r.text(), ANSWER), "{what}: answer open at first");
        r.press(b"\t\r");
        r.wait_until(&format!("{what}: the first answer"), |r| {
            shows(&r.text(), ANSWER)
        });
    }
    // Quit and take everything written before the terminal was restored.
    let before_quit = r.output.len();
    r.press(b"q");
    let status = r.wait_exit();
    assert!(status.success(), "{what}: {status:?}");
    let left = find_from(&r.output, b"\x1b[?1049l", before_quit)
        .or_else(|| rfind(&r.output, b"\x1b[?1049l"))
        .expect("left the alternate screen");
    let frames = whole_frames(&r.output[..left]);
    let mut grid = Grid::new(cols, rows);
    grid.feed(frames);
    let mut screen = vt100::Parser::new(qari_pty::nz(rows), qari_pty::nz(cols), 0);
    screen.process(frames);
    check_grid_against_vt100(&grid, screen.screen(), &what);
    Screen { grid, rows }
}

/// Compares every line; returns a description of each difference.
fn compare(app: &Screen, term: &Screen, what: &str) -> Vec<String> {
    let mut diffs = Vec::new();
    for y in 0..usize::from(app.rows) {
        let want = app_display(&app.grid.line(y));
        let received = term.grid.line(y);
        let got = terminal_display(&received);
        // A terminal that takes the line's direction from its first strong
        // character sees none outside the isolates, so it agrees.
        let first_strong = terminal_display_with(&received, None);
        if first_strong != got {
            diffs.push(format!(
                "{what}, row {y}: a first-strong terminal shows it otherwise:\n  \
                 base LTR:     {:?}\n  first strong: {:?}",
                render(&got),
                render(&first_strong)
            ));
        }
        if got == want {
            continue;
        }
        let cells: Vec<String> = want
            .iter()
            .zip(&got)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(x, (a, b))| format!("{x}: app {:?} terminal {:?}", a.text, b.text))
            .take(12)
            .collect();
        let kind = if unshaped(&render(&want)) == unshaped(&render(&got)) {
            "joining forms only (same letters after NFKC)"
        } else {
            "letters or order"
        };
        let marks: usize = term
            .grid
            .col0_marks
            .iter()
            .filter(|(row, _)| *row == y)
            .map(|(_, n)| n)
            .sum();
        diffs.push(format!(
            "{what}, row {y} ({kind}; {} vs {} cells; col-0 marks: {marks}):\n  \
             app:               {:?}\n  \
             terminal shows:    {:?}\n  \
             terminal received: {:?}\n  \
             differing cells:   {}",
            want.len(),
            got.len(),
            render(&want),
            render(&got),
            line_text(&received).0,
            cells.join("; ")
        ));
    }
    diffs
}

// ---------------------------------------------------------------------------
// GNU FriBidi as the terminal.
// ---------------------------------------------------------------------------

/// The installed FriBidi's version, if `fribidi` runs.
fn fribidi_version() -> Option<(u32, u32, u32)> {
    let out = Command::new("fribidi").arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    // "fribidi (GNU FriBidi) 1.0.8"
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.lines().next()?.rsplit(' ').next()?;
    let mut parts = version.split('.').map(|p| p.parse().unwrap_or(0));
    Some((
        parts.next()?,
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    ))
}

/// `fribidi --ltr` on each line: visual order, mirrored, explicit marks
/// removed (`--clean`). FriBidi keeps marks after their base (it reorders
/// NSMs) and shapes only unshaped letters, which qari's lines do not have.
fn fribidi_lines(lines: &[String]) -> Vec<String> {
    let mut child = Command::new("fribidi")
        .args(["--nopad", "--nobreak", "--clean", "--ltr"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run fribidi");
    let mut stdin = child.stdin.take().expect("stdin");
    for line in lines {
        writeln!(stdin, "{line}").expect("write to fribidi");
    }
    drop(stdin);
    let out = child.wait_with_output().expect("fribidi output");
    assert!(out.status.success(), "fribidi failed: {:?}", out.status);
    let shown: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(shown.len(), lines.len(), "fribidi line count");
    shown
}

/// A line cut into its top-level isolates (opener to matching PDI) and the
/// text between them; `None` when the text outside the isolates has a
/// right-to-left or Arabic-number character, so that the pieces would not
/// be laid out independently.
fn isolate_pieces(line: &str) -> Option<Vec<(bool, String)>> {
    use unicode_bidi::BidiClass::{AL, AN, R};
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in line.chars() {
        if depth == 0 && is_isolate_opener(c) && !current.is_empty() {
            pieces.push((false, std::mem::take(&mut current)));
        }
        if depth == 0 && !is_bidi_control(c) && matches!(unicode_bidi::bidi_class(c), R | AL | AN) {
            return None;
        }
        current.push(c);
        if is_isolate_opener(c) {
            depth += 1;
        } else if c == PDI && depth > 0 {
            depth -= 1;
            if depth == 0 {
                pieces.push((true, std::mem::take(&mut current)));
            }
        }
    }
    if !current.is_empty() {
        pieces.push((depth > 0, current));
    }
    Some(pieces)
}

/// Lines through FriBidi. Before 1.0.9 FriBidi gave wrong levels to an
/// isolate that follows another one (fribidi/fribidi#141: a trailing space
/// stays at the isolate's end, "RLI 4 min left PDI" is not reordered), and
/// Ubuntu 22.04 ships 1.0.8; with such a FriBidi each top-level isolate
/// goes through on its own, which gives the same display when the text
/// between them is left to right (borders and blanks), as it is here.
fn fribidi_display(lines: &[String], whole_lines: bool) -> Vec<String> {
    const AFTER: char = '!';
    if whole_lines {
        return fribidi_lines(lines);
    }
    let split: Vec<Option<Vec<(bool, String)>>> = lines.iter().map(|l| isolate_pieces(l)).collect();
    let mut input = Vec::new();
    for (line, pieces) in lines.iter().zip(&split) {
        match pieces {
            Some(pieces) => input.extend(
                pieces
                    .iter()
                    .filter(|(isolate, _)| *isolate)
                    // Not the end of the line (rule L1 would move the
                    // isolate's trailing blanks): a neutral follows it.
                    .map(|(_, p)| format!("{p}{AFTER}")),
            ),
            None => input.push(line.clone()),
        }
    }
    let mut shown = fribidi_lines(&input).into_iter();
    split
        .iter()
        .map(|pieces| match pieces {
            Some(pieces) => pieces
                .iter()
                .map(|(isolate, p)| {
                    if *isolate {
                        let shown = shown.next().expect("a line per isolate");
                        let inner = shown.strip_suffix(AFTER);
                        inner.expect("the neutral after the isolate").to_owned()
                    } else {
                        strip_controls(p)
                    }
                })
                .collect(),
            None => shown.next().expect("a line per line"),
        })
        .collect()
}

fn compare_with_fribidi(app: &Screen, term: &Screen, what: &str, whole_lines: bool) -> Vec<String> {
    let received: Vec<String> = (0..usize::from(term.rows))
        .map(|y| line_text(&term.grid.line(y)).0)
        .collect();
    let shown = fribidi_display(&received, whole_lines);
    let mut diffs = Vec::new();
    for (y, got) in shown.iter().enumerate() {
        let want = render(&app_display(&app.grid.line(y)));
        let model = render(&terminal_display(&term.grid.line(y)));
        let (to_app, to_model) = (got.trim_end() != want.trim_end(), got != &model);
        if to_app || to_model {
            diffs.push(format!(
                "{what}, row {y} (fribidi{}; differs from {}):\n  app:          {want:?}\n  \
                 fribidi:      {got:?}\n  unicode-bidi: {model:?}\n  received:     {:?}",
                if whole_lines {
                    ""
                } else {
                    ", isolate by isolate"
                },
                match (to_app, to_model) {
                    (true, true) => "app mode and from unicode-bidi",
                    (true, false) => "app mode",
                    _ => "unicode-bidi only",
                },
                received[y]
            ));
        }
    }
    diffs
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

const CASES: [Case; 5] = [
    Case {
        cols: 120,
        rows: 35,
        open_answer: false,
        ui_lang: None,
        file: None,
    },
    Case {
        cols: 120,
        rows: 35,
        open_answer: true,
        ui_lang: None,
        file: None,
    },
    Case {
        cols: 70,
        rows: 24,
        open_answer: false,
        ui_lang: None,
        file: None,
    },
    Case {
        cols: 120,
        rows: 35,
        open_answer: true,
        ui_lang: Some("en"),
        file: None,
    },
    // A table in an RTL document: Arabic, English and code cells, numbers
    // aligned with `---:`, cells wrapped in their columns. Each cell goes
    // in an isolate of its own inside the row's (see ui/rows.rs).
    Case {
        cols: 100,
        rows: 30,
        open_answer: false,
        ui_lang: None,
        file: Some(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/table.md"
        )),
    },
];

/// Both modes of every case, run side by side.
fn screens() -> Vec<(String, Screen, Screen)> {
    let runs: Vec<_> = CASES
        .iter()
        .map(|&case| {
            let app = std::thread::spawn(move || run("app", case));
            let term = std::thread::spawn(move || run("terminal", case));
            (case.name(), app, term)
        })
        .collect();
    runs.into_iter()
        .map(|(what, app, term)| {
            let app = app.join().expect("app-mode run");
            let term = term.join().expect("terminal-mode run");
            (what, app, term)
        })
        .collect()
}

#[test]
fn terminal_mode_reordered_by_the_terminal_matches_app_mode() {
    let fribidi = fribidi_version();
    let mut diffs = Vec::new();
    let mut fribidi_diffs = Vec::new();
    let mut isolates = 0;
    for (what, app, term) in screens() {
        // Terminal mode did send isolates, and app mode none.
        let received: String = (0..usize::from(term.rows))
            .map(|y| line_text(&term.grid.line(y)).0)
            .collect();
        let openers = received.chars().filter(|c| is_isolate_opener(*c)).count();
        isolates += openers;
        assert_eq!(
            openers,
            received.matches(PDI).count(),
            "{what}: unbalanced isolates"
        );
        let app_text: String = (0..usize::from(app.rows))
            .map(|y| render(&app.grid.line(y)))
            .collect();
        assert!(
            !app_text.chars().any(is_bidi_control),
            "{what}: bidi control in app mode"
        );
        assert!(
            app.grid.col0_marks.is_empty(),
            "{what}: app mode wrote a zero-width character in column 0"
        );
        if std::env::var_os("QARI_UBA_SHOW").is_some() {
            for y in 0..usize::from(app.rows) {
                let shown = render(&terminal_display(&term.grid.line(y)));
                let app_line = render(&app_display(&app.grid.line(y)));
                let received = line_text(&term.grid.line(y)).0;
                eprintln!("{what} {y:2} app  {app_line}");
                eprintln!("{what} {y:2} term {shown}");
                eprintln!("{what} {y:2} recv {received:?}");
            }
        }
        diffs.extend(compare(&app, &term, &what));
        if let Some(version) = fribidi {
            let whole_lines = version >= (1, 0, 9);
            fribidi_diffs.extend(compare_with_fribidi(&app, &term, &what, whole_lines));
        }
    }
    assert!(isolates > 0, "terminal mode sent no isolates");
    if std::env::var_os("CI").is_some() {
        assert!(
            fribidi.is_some(),
            "CI must install fribidi (libfribidi-bin)"
        );
    }
    assert!(
        diffs.is_empty() && fribidi_diffs.is_empty(),
        "terminal mode, reordered as a terminal would, differs from app mode \
         ({} rows by unicode-bidi, {} by fribidi):\n{}\n{}",
        diffs.len(),
        fribidi_diffs.len(),
        diffs.join("\n"),
        fribidi_diffs.join("\n")
    );
}

/// The terminal's part on small made-up lines, so that a fault in it is
/// not mistaken for one in qari.
#[test]
fn the_modelled_terminal_reorders_cells_and_mirrors() {
    let cells = |s: &[&str]| -> Vec<Cell> {
        s.iter()
            .map(|t| Cell {
                text: (*t).to_owned(),
                continuation: false,
            })
            .collect()
    };
    // │ FSI ( سَ ل ) PDI │ : the isolate is right to left; the harakat
    // stays on its letter and the brackets are mirrored.
    let line = cells(&[
        "│",
        " \u{2068}",
        "(",
        "س\u{64E}",
        "ل",
        ")\u{2069}",
        " ",
        "│",
    ]);
    let shown = render(&terminal_display(&line));
    assert_eq!(shown, "│ (لس\u{64E}) │");
    // Outside an isolate the line stays left to right: the numbers of a
    // left-to-right status line do not move.
    let line = cells(&[" ", "5", "0", "%", " ", "│", " ", "a", "b"]);
    assert_eq!(render(&terminal_display(&line)), " 50% │ ab");
    // A mark in an otherwise empty cell is blank there.
    let (text, spans) = line_text(&cells(&["a", "\u{2068}", "b\u{2069}"]));
    assert_eq!(text, "a\u{2068} b\u{2069}");
    assert_eq!(spans.len(), 3);
}

/// The replayed grid keeps marks where a terminal attaches them.
#[test]
fn the_grid_attaches_zero_width_characters_like_a_terminal() {
    let mut grid = Grid::new(6, 2);
    grid.feed("\x1b[1;1H\u{2068}ab\u{2069}\x1b[2;3H中\u{2069}x".as_bytes());
    let line = |grid: &Grid, y: usize| -> Vec<String> {
        grid.line(y).into_iter().map(|c| c.text).collect()
    };
    assert_eq!(line(&grid, 0), ["\u{2068}a", "b\u{2069}", "", "", "", ""]);
    assert_eq!(line(&grid, 1), ["", "", "中\u{2069}", "", "x", ""]);
    assert_eq!(grid.col0_marks, [(0, 1)]);
    // Rewriting a cell drops what rode on it.
    grid.feed("\x1b[1;2Hc".as_bytes());
    assert_eq!(line(&grid, 0)[1], "c");
}

/// The pieces FriBidi before 1.0.9 gets one by one.
#[test]
fn a_line_is_cut_into_its_top_level_isolates() {
    let line = "\u{2502} \u{2067}a \u{2066}b\u{2069}\u{2069} \u{2502} \u{2066}c\u{2069}";
    let pieces = isolate_pieces(line).expect("left to right outside");
    let want = [
        (false, "\u{2502} "),
        (true, "\u{2067}a \u{2066}b\u{2069}\u{2069}"),
        (false, " \u{2502} "),
        (true, "\u{2066}c\u{2069}"),
    ];
    let want: Vec<(bool, String)> = want.iter().map(|(i, p)| (*i, (*p).to_owned())).collect();
    assert_eq!(pieces, want);
    // Right-to-left text outside the isolates: the line goes through whole.
    assert_eq!(isolate_pieces("\u{0633} \u{2067}a\u{2069}"), None);
}
