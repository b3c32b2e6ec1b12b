//! TUI benchmark: qari against `less` in a pseudo-terminal, on the same files.
//!
//! ```text
//! cargo run --release --example tui_bench -- [--qari PATH] [--less PATH]
//!     [--small FILE] [--runs N] [--timeout-ms MS] [--no-less] [--first-frames]
//!     [--debug] FILE
//! ```
//!
//! Each program runs in a pty (120x35, TERM=xterm-256color); every byte it
//! writes is read by a thread that stamps it with the time it arrived, and is
//! fed to a vt100 screen. The harness answers the terminal queries a real
//! terminal would (DA1, DECRQM, DSR) as soon as they are written, so qari's
//! start-up probe (`--bidi auto`) ends after one round trip.
//!
//! When is a frame complete?
//! - qari (ratatui) ends every draw by hiding the cursor (`CSI ? 25 l`): the
//!   screen is checked at each such point of the byte stream, never in the
//!   middle of a frame, and a frame counts only if its content is what the
//!   measurement waits for (the status line with its progress bar; for a
//!   key, rows above the status line changed; for `G`, 100 %).
//! - less does not hide its cursor; it writes its prompt last, so its screen
//!   counts when a read ends with the prompt on the bottom row and the cursor
//!   right after it (and, for a key, the screen changed).
//!
//! Figures: time from spawn to the first complete frame, per-key latency
//! (time from writing the key to the arrival of the last byte of the frame
//! that shows its effect; median and p95), resize (time to the first
//! complete frame at the new size, then the latency of `j` pressed at once),
//! resize and `j` written together (time to the first screen showing the
//! final view: is input blocked while the document is laid out again?),
//! and peak RSS (VmHWM from /proc just before `q`). Every wait has a
//! deadline; a miss is reported with the screen, never a hang.

#[cfg(not(unix))]
fn main() {
    eprintln!("tui_bench needs a Unix pseudo-terminal");
}

#[cfg(unix)]
fn main() {
    std::process::exit(bench::main());
}

#[cfg(unix)]
mod bench {
    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::num::NonZeroU16;
    use std::path::PathBuf;
    use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
    use std::time::{Duration, Instant};

    const COLS: u16 = 120;
    const ROWS: u16 = 35;
    const SMALL_COLS: u16 = 80;
    const SMALL_ROWS: u16 = 30;
    /// ratatui's last write in every draw.
    const FRAME_END: &[u8] = b"\x1b[?25l";
    /// SGR mouse report: wheel down at column 60, row 10 (the article).
    const WHEEL_DOWN: &[u8] = b"\x1b[<65;60;10M";
    const PGDN: &[u8] = b"\x1b[6~";

    struct Args {
        qari: PathBuf,
        less: Option<PathBuf>,
        small: Option<PathBuf>,
        file: PathBuf,
        runs: usize,
        timeout: Duration,
        debug: bool,
        /// Only the first frames, qari's and less's runs taking turns.
        first_only: bool,
    }

    fn usage() -> ! {
        eprintln!(
            "usage: tui_bench [--qari PATH] [--less PATH] [--no-less] [--small FILE] \
             [--runs N] [--timeout-ms MS] [--first-frames] [--debug] FILE"
        );
        std::process::exit(2);
    }

    fn parse_args() -> Args {
        let mut args = Args {
            qari: PathBuf::from("target/release/qari"),
            less: Some(PathBuf::from("less")),
            small: None,
            file: PathBuf::new(),
            runs: 5,
            timeout: Duration::from_secs(10),
            debug: false,
            first_only: false,
        };
        let mut file = None;
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            let mut value = || it.next().unwrap_or_else(|| usage());
            match a.as_str() {
                "--qari" => args.qari = value().into(),
                "--less" => args.less = Some(value().into()),
                "--no-less" => args.less = None,
                "--small" => args.small = Some(value().into()),
                "--runs" => args.runs = value().parse().unwrap_or_else(|_| usage()),
                "--timeout-ms" => {
                    args.timeout =
                        Duration::from_millis(value().parse().unwrap_or_else(|_| usage()))
                }
                "--debug" => args.debug = true,
                "--first-frames" => args.first_only = true,
                "-h" | "--help" => usage(),
                _ if a.starts_with('-') => usage(),
                _ => file = Some(PathBuf::from(a)),
            }
        }
        args.file = file.unwrap_or_else(|| usage());
        args.runs = args.runs.max(1);
        args
    }

    // ---------------------------------------------------------------- pty

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Kind {
        Qari,
        Less,
    }

    /// Why a wait ended without what it waited for.
    #[derive(Debug)]
    enum Miss {
        /// Complete frames came, but the screen did not change.
        Unchanged,
        /// Nothing acceptable before the deadline.
        Timeout(String),
    }

    /// What the screen looked like before a key: its rows of text, and the
    /// text of qari's focused pane.
    #[derive(Clone, PartialEq, Eq)]
    struct Snap {
        rows: Vec<String>,
        pane: Option<Pane>,
    }

    struct Pty {
        kind: Kind,
        child: Box<dyn Child + Send + Sync>,
        master: Box<dyn MasterPty + Send>,
        writer: Box<dyn Write + Send>,
        chunks: Receiver<(Instant, Vec<u8>)>,
        /// Every byte written by the child.
        out: Vec<u8>,
        /// How much of `out` the vt100 screen has seen.
        fed: usize,
        /// Where the query scanner resumes.
        scanned: usize,
        parser: vt100::Parser,
        spawned: Instant,
        timeout: Duration,
        queries_answered: Vec<String>,
    }

    fn nz(n: u16) -> NonZeroU16 {
        NonZeroU16::new(n).expect("non-zero size")
    }

    fn size(cols: u16, rows: u16) -> PtySize {
        PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        }
    }

    impl Pty {
        fn spawn(
            kind: Kind,
            program: &std::path::Path,
            args: &[&str],
            timeout: Duration,
        ) -> Result<Pty, String> {
            let pair = native_pty_system()
                .openpty(size(COLS, ROWS))
                .map_err(|e| format!("openpty: {e}"))?;
            let mut cmd = CommandBuilder::new(program);
            cmd.args(args);
            // portable-pty starts in $HOME otherwise; relative paths are ours.
            if let Ok(cwd) = std::env::current_dir() {
                cmd.cwd(cwd);
            }
            cmd.env("TERM", "xterm-256color");
            cmd.env("LANG", "C.UTF-8");
            cmd.env("LC_ALL", "C.UTF-8");
            cmd.env("LESSHISTFILE", "-");
            // A bare terminal: nothing that names a terminal emulator (qari's
            // `auto` would read it) and no less options or preprocessors.
            for var in [
                "LESS",
                "LESSOPEN",
                "LESSCLOSE",
                "LESSCHARSET",
                "VTE_VERSION",
                "KONSOLE_VERSION",
                "TERM_PROGRAM",
                "MLTERM",
                "KITTY_WINDOW_ID",
                "WT_SESSION",
                "TMUX",
                "NO_COLOR",
                "COLUMNS",
                "LINES",
            ] {
                cmd.env_remove(var);
            }
            // The reader runs before the spawn so no byte waits for it.
            let mut reader = pair
                .master
                .try_clone_reader()
                .map_err(|e| format!("pty reader: {e}"))?;
            let (tx, chunks) = channel();
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 1 << 16];
                // Until the child's side closes; a read interrupted by a signal
                // (EINTR) is retried, not taken for the end of the output.
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                                break;
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
            });
            let writer = pair
                .master
                .take_writer()
                .map_err(|e| format!("pty writer: {e}"))?;
            let spawned = Instant::now();
            let child = pair
                .slave
                .spawn_command(cmd)
                .map_err(|e| format!("spawn {}: {e}", program.display()))?;
            // Only the child holds the slave: reads end when it exits.
            drop(pair.slave);
            Ok(Pty {
                kind,
                child,
                master: pair.master,
                writer,
                chunks,
                out: Vec::new(),
                fed: 0,
                scanned: 0,
                parser: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
                spawned,
                timeout,
                queries_answered: Vec::new(),
            })
        }

        fn screen(&self) -> &vt100::Screen {
            self.parser.screen()
        }

        fn snap(&self) -> Snap {
            Snap {
                rows: rows(self.screen()),
                pane: focused_pane(self.screen()),
            }
        }

        fn send(&mut self, bytes: &[u8]) -> Instant {
            let t = Instant::now();
            // A failed write shows up as a timeout with the screen.
            let _ = self.writer.write_all(bytes);
            let _ = self.writer.flush();
            t
        }

        /// Answers the terminal queries in the output not yet scanned, as a
        /// terminal would: DA1, DECRQM (mode not recognised), DSR (cursor
        /// position).
        fn answer_queries(&mut self) {
            let mut i = self.scanned;
            let mut replies: Vec<Vec<u8>> = Vec::new();
            while let Some(p) = find(&self.out[i..], b"\x1b[") {
                let start = i + p;
                let body = &self.out[start + 2..];
                // Parameter and intermediate bytes, then the final byte.
                let n = body
                    .iter()
                    .take_while(|b| (0x20..=0x3f).contains(*b))
                    .count();
                let Some(&fin) = body.get(n) else {
                    // Unfinished: scan it again when more arrives.
                    self.scanned = start;
                    self.send_replies(replies);
                    return;
                };
                let params = &body[..n];
                match (params, fin) {
                    (b"" | b"0", b'c') => replies.push(b"\x1b[?62;22c".to_vec()),
                    (b">" | b">0", b'c') => replies.push(b"\x1b[>1;10;0c".to_vec()),
                    (b"6", b'n') => {
                        let (r, c) = self.parser.screen().cursor_position();
                        replies.push(format!("\x1b[{};{}R", r + 1, c + 1).into_bytes());
                    }
                    (q, b'p') if q.ends_with(b"$") => {
                        // DECRQM `CSI [?] Pa $ p` → `CSI [?] Pa ; 0 $ y`.
                        let mode = &q[..q.len() - 1];
                        let mut r = b"\x1b[".to_vec();
                        r.extend_from_slice(mode);
                        r.extend_from_slice(b";0$y");
                        replies.push(r);
                    }
                    _ => {}
                }
                i = start + 2 + n + 1;
            }
            // Keep a lone trailing ESC for the next scan.
            self.scanned = if self.out.last() == Some(&0x1b) {
                self.out.len() - 1
            } else {
                self.out.len()
            };
            self.send_replies(replies);
        }

        fn send_replies(&mut self, replies: Vec<Vec<u8>>) {
            for r in replies {
                self.queries_answered
                    .push(String::from_utf8_lossy(&r).replace('\x1b', "ESC"));
                self.send(&r);
            }
        }

        /// Takes the next chunk, waiting until `deadline`.
        fn recv(&mut self, deadline: Instant) -> Result<Instant, RecvTimeoutError> {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, chunk) = self.chunks.recv_timeout(left)?;
            self.out.extend_from_slice(&chunk);
            self.answer_queries();
            Ok(at)
        }

        /// Feeds the screen up to `end` of `out`.
        fn feed_to(&mut self, end: usize) {
            if end > self.fed {
                self.parser.process(&self.out[self.fed..end]);
                self.fed = end;
            }
        }

        /// Waits for a complete screen that satisfies `ok`, and returns when
        /// its last byte arrived. qari: checked at each frame end (`CSI ?25l`)
        /// written after `since` bytes of output; less: at the end of each
        /// read that leaves the prompt on the bottom row with the cursor
        /// after it. If complete screens come but all are `unchanged` from
        /// `before` and then output stops for `grace`, gives up with
        /// [`Miss::Unchanged`].
        fn wait(
            &mut self,
            what: &str,
            since: usize,
            before: Option<&Snap>,
            grace: Duration,
            ok: &dyn Fn(&vt100::Screen) -> bool,
        ) -> Result<Instant, Miss> {
            let deadline = Instant::now() + self.timeout;
            let mut saw_unchanged = false;
            loop {
                let quiet = if saw_unchanged {
                    (Instant::now() + grace).min(deadline)
                } else {
                    deadline
                };
                let at = match self.recv(quiet) {
                    Ok(at) => at,
                    Err(RecvTimeoutError::Timeout)
                        if saw_unchanged && Instant::now() < deadline =>
                    {
                        self.feed_to(self.out.len());
                        return Err(Miss::Unchanged);
                    }
                    Err(e) => {
                        self.feed_to(self.out.len());
                        let why = match e {
                            RecvTimeoutError::Timeout => {
                                format!("no such screen within {:?}", self.timeout)
                            }
                            RecvTimeoutError::Disconnected => "the program exited".into(),
                        };
                        let mut shown = rows(self.screen());
                        while shown.last().is_some_and(|r| r.trim().is_empty()) {
                            shown.pop();
                        }
                        return Err(Miss::Timeout(format!(
                            "{:?}: {what}: {why}; the screen shows:\n{}\nlast output: {:?}",
                            self.kind,
                            shown.join("\n"),
                            String::from_utf8_lossy(
                                &self.out[self.out.len().saturating_sub(200)..]
                            )
                        )));
                    }
                };
                // Check points in the new bytes.
                let mut points = Vec::new();
                match self.kind {
                    Kind::Qari => {
                        let mut from = self.fed.saturating_sub(FRAME_END.len() - 1).max(since);
                        while let Some(p) = find(&self.out[from..], FRAME_END) {
                            points.push(from + p + FRAME_END.len());
                            from += p + FRAME_END.len();
                        }
                    }
                    Kind::Less => points.push(self.out.len()),
                }
                for end in points {
                    self.feed_to(end);
                    let screen = self.parser.screen();
                    let complete = match self.kind {
                        Kind::Qari => true,
                        Kind::Less => less_prompt_ready(screen),
                    };
                    if !complete {
                        continue;
                    }
                    let changed = before.is_none_or(|b| changed(self.kind, b, screen));
                    if changed && ok(screen) {
                        self.feed_to(self.out.len());
                        return Ok(at);
                    }
                    if !changed {
                        saw_unchanged = true;
                    }
                }
                self.feed_to(self.out.len());
            }
        }

        /// Every complete screen written after `since` bytes of output, from
        /// the first (waited for up to `max`) until no output comes for
        /// `quiet` (at most `max` in all): when its last byte arrived, and
        /// what it showed.
        fn screens_until_quiet(
            &mut self,
            since: usize,
            quiet: Duration,
            max: Duration,
        ) -> Vec<(Instant, Snap)> {
            let end = Instant::now() + max;
            let mut seen: Vec<(Instant, Snap)> = Vec::new();
            loop {
                let wait = if seen.is_empty() {
                    end
                } else {
                    (Instant::now() + quiet).min(end)
                };
                let Ok(at) = self.recv(wait) else { break };
                let mut points = Vec::new();
                match self.kind {
                    Kind::Qari => {
                        let mut from = self.fed.saturating_sub(FRAME_END.len() - 1).max(since);
                        while let Some(p) = find(&self.out[from..], FRAME_END) {
                            points.push(from + p + FRAME_END.len());
                            from += p + FRAME_END.len();
                        }
                    }
                    Kind::Less => points.push(self.out.len()),
                }
                for p in points {
                    self.feed_to(p);
                    if self.kind == Kind::Qari || less_prompt_ready(self.screen()) {
                        seen.push((at, self.snap()));
                    }
                }
                self.feed_to(self.out.len());
            }
            seen
        }

        /// Reads output until none comes for `quiet` (at most `max`).
        fn settle(&mut self, quiet: Duration, max: Duration) {
            let end = Instant::now() + max;
            while Instant::now() < end {
                if self.recv((Instant::now() + quiet).min(end)).is_err() {
                    break;
                }
            }
            self.feed_to(self.out.len());
        }

        fn resize(&mut self, cols: u16, rows: u16) -> Instant {
            let t = Instant::now();
            let _ = self.master.resize(size(cols, rows));
            self.feed_to(self.out.len());
            self.parser.screen_mut().set_size(nz(rows), nz(cols));
            t
        }

        /// Peak and current resident set of the child, in KiB.
        fn rss_kb(&self) -> Option<(u64, u64)> {
            let pid = self.child.process_id()?;
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let field = |name: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(name))?
                    .split_whitespace()
                    .nth(1)?
                    .parse()
                    .ok()
            };
            Some((field("VmHWM:")?, field("VmRSS:")?))
        }

        /// Presses `q` and waits for the exit; kills the child if it stays.
        fn quit(mut self) {
            self.send(b"q");
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                let _ = self.recv(Instant::now() + Duration::from_millis(20));
            }
            eprintln!("{:?} did not quit on q; killed", self.kind);
            let _ = self.child.kill();
        }
    }

    impl Drop for Pty {
        fn drop(&mut self) {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    fn rows(screen: &vt100::Screen) -> Vec<String> {
        let (_, cols) = screen.size();
        screen.rows(0, cols.get()).collect()
    }

    /// qari's focused pane (the one with the thick border, the article
    /// unless Tab moved the focus): its columns and the text inside.
    #[derive(Clone, PartialEq, Eq)]
    struct Pane {
        left: u16,
        right: u16,
        bottom: u16,
        text: Vec<String>,
    }

    fn focused_pane(screen: &vt100::Screen) -> Option<Pane> {
        let (rows, cols) = screen.size();
        let cell = |r: u16, c: u16| {
            screen
                .cell(r, c)
                .map(|x| x.contents().to_string())
                .unwrap_or_default()
        };
        let top = (0..rows.get()).find(|&r| (0..cols.get()).any(|c| cell(r, c) == "┏"))?;
        let left = (0..cols.get()).find(|&c| cell(top, c) == "┏")?;
        let right = (left..cols.get()).find(|&c| cell(top, c) == "┓")?;
        let bottom = (top + 1..rows.get()).find(|&r| cell(r, left) == "┗")?;
        let text = (top + 1..bottom)
            .map(|r| (left + 1..right).map(|c| cell(r, c)).collect())
            .collect();
        Some(Pane {
            left,
            right,
            bottom,
            text,
        })
    }

    /// Whether the view moved since `before`. qari: its focused pane changed
    /// (navigator or status updates made in the background do not count),
    /// or, without a focused pane at the same place, any row above the
    /// status line. less: any row.
    fn changed(kind: Kind, before: &Snap, screen: &vt100::Screen) -> bool {
        let now = Snap {
            rows: rows(screen),
            pane: focused_pane(screen),
        };
        !same_view(kind, before, &now)
    }

    fn same_view(kind: Kind, before: &Snap, now: &Snap) -> bool {
        if now.rows.len() != before.rows.len() {
            return false;
        }
        if kind == Kind::Qari
            && let (Some(b), Some(n)) = (&before.pane, &now.pane)
            && (b.left, b.right, b.text.len()) == (n.left, n.right, n.text.len())
        {
            return b.text == n.text;
        }
        let body = match kind {
            Kind::Qari => now.rows.len().saturating_sub(1),
            Kind::Less => now.rows.len(),
        };
        now.rows[..body] == before.rows[..body]
    }

    /// The bottom row of the screen.
    fn bottom(screen: &vt100::Screen) -> String {
        rows(screen).pop().unwrap_or_default()
    }

    /// less has finished a screen: the cursor is on the bottom row, right
    /// after a non-empty prompt.
    fn less_prompt_ready(screen: &vt100::Screen) -> bool {
        let (r, c) = screen.cursor_position();
        let (rows, _) = screen.size();
        let prompt = bottom(screen);
        let prompt = prompt.trim_end();
        r + 1 == rows.get()
            && !prompt.is_empty()
            && usize::from(c) == unicode_width::UnicodeWidthStr::width(prompt)
    }

    /// qari's status line: the bottom row, with the progress bar.
    fn qari_status(screen: &vt100::Screen) -> Option<String> {
        let s = bottom(screen);
        (s.contains('%') && (s.contains('░') || s.contains('█'))).then_some(s)
    }

    /// A qari frame: the status line with its progress bar, or at least the
    /// focused pane's thick border all round (in case a lazily laid out
    /// document shows no progress yet).
    fn qari_frame(screen: &vt100::Screen) -> bool {
        let rows = screen.size().0.get();
        qari_status(screen).is_some() || focused_pane(screen).is_some_and(|p| p.bottom + 3 >= rows)
    }

    /// The percentage next to qari's progress bar.
    fn qari_percent(screen: &vt100::Screen) -> Option<u32> {
        let s = qari_status(screen)?;
        let chars: Vec<char> = s.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            if ch != '%' {
                continue;
            }
            let digits: String = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let near_bar = chars[i.saturating_sub(digits.len() + 3)..(i + 4).min(chars.len())]
                .iter()
                .any(|c| *c == '░' || *c == '█');
            if !digits.is_empty() && near_bar {
                return digits.chars().rev().collect::<String>().parse().ok();
            }
        }
        None
    }

    /// Enough text on the screen to be a page of the document.
    fn has_text(screen: &vt100::Screen) -> bool {
        rows(screen).iter().filter(|r| !r.trim().is_empty()).count() >= 5
    }

    fn first_screen_ok(kind: Kind, screen: &vt100::Screen) -> bool {
        has_text(screen)
            && match kind {
                Kind::Qari => screen.alternate_screen() && qari_frame(screen),
                Kind::Less => true,
            }
    }

    fn at_end(kind: Kind, screen: &vt100::Screen) -> bool {
        match kind {
            Kind::Qari => qari_percent(screen) == Some(100),
            Kind::Less => bottom(screen).contains("(END)"),
        }
    }

    fn at_top(kind: Kind, screen: &vt100::Screen) -> bool {
        match kind {
            Kind::Qari => qari_percent(screen) == Some(0),
            Kind::Less => rows(screen)[0].starts_with("# "),
        }
    }

    // -------------------------------------------------------------- figures

    #[derive(Default)]
    struct Stats {
        samples: Vec<Duration>,
        /// Bytes written in answer to each sample.
        bytes: Vec<usize>,
        unchanged: usize,
        error: Option<String>,
    }

    impl Stats {
        fn sorted(&self) -> Vec<Duration> {
            let mut s = self.samples.clone();
            s.sort();
            s
        }
        fn median(&self) -> Option<Duration> {
            let s = self.sorted();
            (!s.is_empty()).then(|| s[(s.len() - 1) / 2])
        }
        fn median_bytes(&self) -> Option<usize> {
            let mut b = self.bytes.clone();
            b.sort();
            (!b.is_empty()).then(|| b[(b.len() - 1) / 2])
        }
        fn p95(&self) -> Option<Duration> {
            let s = self.sorted();
            (!s.is_empty()).then(|| s[((s.len() * 95).div_ceil(100)).max(1) - 1])
        }
    }

    /// Whether a figure could not be measured (the exit status is then 1).
    static FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    fn fmt(d: Duration) -> String {
        let us = d.as_secs_f64() * 1e6;
        if us < 1000.0 {
            format!("{us:.0} µs")
        } else if us < 1e6 {
            format!("{:.2} ms", us / 1e3)
        } else {
            format!("{:.3} s", us / 1e6)
        }
    }

    fn stats_line(label: &str, s: &Stats, target: &str) {
        match (s.median(), s.p95()) {
            (Some(m), Some(p)) => {
                let mut skipped = String::new();
                if let Some(b) = s.median_bytes() {
                    skipped += &format!(", {b} B/frame");
                }
                if s.unchanged > 0 {
                    skipped += &format!(", {} presses at the end not counted", s.unchanged);
                }
                println!(
                    "{label:<36} median {:>9}  p95 {:>9}  first {:>9}  (n={}{skipped}){target}",
                    fmt(m),
                    fmt(p),
                    fmt(s.samples[0]),
                    s.samples.len()
                );
            }
            _ => {
                FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
                println!(
                    "{label:<36} FAILED: {}{target}",
                    s.error
                        .as_deref()
                        .map(|e| e.lines().next().unwrap_or(""))
                        .unwrap_or("no sample")
                )
            }
        }
        if let Some(e) = &s.error {
            eprintln!("--- {label}: {e}");
        }
    }

    /// What one program did on one file.
    #[derive(Default)]
    struct Run {
        first: Stats,
        first_app: Stats,
        keys: Vec<(&'static str, Stats)>,
        resize: Stats,
        j_after_resize: Stats,
        resize_with_j: Stats,
        /// 200 `j` written at once: to the last byte of output.
        burst: Stats,
        rss_kb: Option<(u64, u64)>,
        /// What the harness answered to the program's terminal queries.
        replies: Vec<String>,
    }

    impl Run {
        fn key(&self, name: &str) -> Option<Duration> {
            self.keys
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, s)| s.median())
        }
        /// The first press of `name` (a cold `G` reads or lays out the rest
        /// of the document).
        fn first_key(&self, name: &str) -> Option<Duration> {
            self.keys
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, s)| s.samples.first().copied())
        }
    }

    struct Key {
        name: &'static str,
        bytes: &'static [u8],
        presses: usize,
        /// Condition beyond "the view changed".
        goal: Goal,
        /// Pressed (unmeasured) when the key no longer moves the view.
        reset: &'static [u8],
    }

    #[derive(Clone, Copy)]
    enum Goal {
        Moved,
        End,
        Top,
    }

    fn qari_keys() -> Vec<Key> {
        vec![
            Key {
                name: "j",
                bytes: b"j",
                presses: 50,
                goal: Goal::Moved,
                reset: b"g",
            },
            Key {
                name: "PgDn",
                bytes: PGDN,
                presses: 30,
                goal: Goal::Moved,
                reset: b"g",
            },
            Key {
                name: "]",
                bytes: b"]",
                presses: 20,
                goal: Goal::Moved,
                reset: b"g",
            },
            Key {
                name: "wheel down",
                bytes: WHEEL_DOWN,
                presses: 30,
                goal: Goal::Moved,
                reset: b"g",
            },
        ]
    }

    fn less_keys() -> Vec<Key> {
        vec![
            Key {
                name: "j",
                bytes: b"j",
                presses: 50,
                goal: Goal::Moved,
                reset: b"g",
            },
            Key {
                name: "PgDn",
                bytes: PGDN,
                presses: 30,
                goal: Goal::Moved,
                reset: b"g",
            },
            // `]` in less: the next match of /^## (searched once first).
            Key {
                name: "]",
                bytes: b"n",
                presses: 20,
                goal: Goal::Moved,
                reset: b"g",
            },
        ]
    }

    /// Time from spawn to the first complete screen.
    fn start(
        kind: Kind,
        program: &std::path::Path,
        args: &[&str],
        a: &Args,
    ) -> Result<(Pty, Duration), String> {
        let mut pty = Pty::spawn(kind, program, args, a.timeout)?;
        let at = pty
            .wait("the first screen", 0, None, Duration::ZERO, &|s| {
                first_screen_ok(kind, s)
            })
            .map_err(|m| match m {
                Miss::Timeout(e) => e,
                Miss::Unchanged => "unchanged".into(),
            })?;
        let t = at.duration_since(pty.spawned);
        if a.debug {
            eprintln!(
                "{kind:?} first screen after {} (replies sent: {:?}):\n{}",
                fmt(t),
                pty.queries_answered,
                rows(pty.screen()).join("\n")
            );
        }
        Ok((pty, t))
    }

    /// Presses `key` `presses` times and times each press.
    fn measure_key(pty: &mut Pty, key: &Key) -> Stats {
        let mut stats = Stats::default();
        let kind = pty.kind;
        let mut attempts = 0;
        while stats.samples.len() < key.presses && attempts < key.presses * 3 {
            attempts += 1;
            pty.settle(Duration::from_millis(15), Duration::from_secs(1));
            let before = pty.snap();
            let since = pty.out.len();
            let t0 = pty.send(key.bytes);
            let goal = key.goal;
            match pty.wait(
                key.name,
                since,
                Some(&before),
                Duration::from_millis(300),
                &|s| match goal {
                    Goal::Moved => true,
                    Goal::End => at_end(kind, s),
                    Goal::Top => at_top(kind, s),
                },
            ) {
                Ok(at) => {
                    stats.samples.push(at.duration_since(t0));
                    stats.bytes.push(pty.out.len() - since);
                }
                Err(Miss::Unchanged) => {
                    stats.unchanged += 1;
                    // The end of the document: back to the top, unmeasured.
                    pty.send(key.reset);
                    pty.settle(Duration::from_millis(50), Duration::from_secs(5));
                }
                Err(Miss::Timeout(e)) => {
                    stats.error = Some(e);
                    break;
                }
            }
        }
        stats
    }

    /// How many `j` one burst writes at once (a held key, a paste).
    const BURST: usize = 200;

    /// Writes `presses` `j` at once, `runs` times from the top: the time
    /// from the write to the last byte of output (once none has come for
    /// 200 ms), and the bytes written.
    fn measure_burst(pty: &mut Pty, presses: usize, runs: usize) -> Stats {
        let mut stats = Stats::default();
        let keys = vec![b'j'; presses];
        for _ in 0..runs {
            pty.send(b"g");
            pty.settle(Duration::from_millis(100), Duration::from_secs(5));
            let since = pty.out.len();
            let t0 = pty.send(&keys);
            let screens =
                pty.screens_until_quiet(since, Duration::from_millis(200), Duration::from_secs(10));
            match screens.last() {
                Some((at, _)) => {
                    stats.samples.push(at.duration_since(t0));
                    stats.bytes.push(pty.out.len() - since);
                }
                None => {
                    stats.error = Some("no screen after the burst".into());
                    break;
                }
            }
        }
        pty.send(b"g");
        pty.settle(Duration::from_millis(100), Duration::from_secs(5));
        stats
    }

    /// `G` and `g` alternately, from the top.
    fn measure_ends(pty: &mut Pty, presses: usize) -> (Stats, Stats) {
        let end = Key {
            name: "G",
            bytes: b"G",
            presses: 1,
            goal: Goal::End,
            reset: b"g",
        };
        let top = Key {
            name: "g",
            bytes: b"g",
            presses: 1,
            goal: Goal::Top,
            reset: b"G",
        };
        let mut both = [Stats::default(), Stats::default()];
        'presses: for _ in 0..presses {
            for (key, stats) in [&end, &top].into_iter().zip(both.iter_mut()) {
                let s = measure_key(pty, key);
                stats.samples.extend(s.samples);
                stats.bytes.extend(s.bytes);
                stats.unchanged += s.unchanged;
                if s.error.is_some() {
                    stats.error = s.error;
                    break 'presses;
                }
            }
        }
        let [g_end, g_top] = both;
        (g_end, g_top)
    }

    /// Resizes back and forth; each time the first complete frame at the
    /// new size, then `j` at once.
    /// Resizes and writes `j` at once, without waiting for a frame; once
    /// the output has been quiet for 300 ms, the time from the resize to
    /// the first screen that already showed the final view (the new size,
    /// moved by `j`). A reader that relays the whole document out before it
    /// reads the key answers only after the relayout.
    fn measure_resize_with_key(pty: &mut Pty, cycles: usize) -> Stats {
        let mut stats = Stats::default();
        for i in 0..cycles * 2 {
            let (cols, rows_n) = if i % 2 == 0 {
                (SMALL_COLS, SMALL_ROWS)
            } else {
                (COLS, ROWS)
            };
            pty.settle(Duration::from_millis(30), Duration::from_secs(2));
            let since = pty.out.len();
            let t0 = pty.resize(cols, rows_n);
            pty.send(b"j");
            let screens = pty.screens_until_quiet(since, Duration::from_millis(300), pty.timeout);
            let kind = pty.kind;
            let Some((_, last)) = screens.last() else {
                stats.error = Some(format!(
                    "{kind:?}: no complete screen after a resize to {cols}x{rows_n} and j"
                ));
                break;
            };
            let (at, _) = screens
                .iter()
                .find(|(_, s)| same_view(kind, s, last))
                .expect("the last screen matches itself");
            stats.samples.push(at.duration_since(t0));
        }
        stats
    }

    fn measure_resize(pty: &mut Pty, cycles: usize) -> (Stats, Stats) {
        let (mut resize, mut j) = (Stats::default(), Stats::default());
        let kind = pty.kind;
        for i in 0..cycles * 2 {
            let (cols, rows_n) = if i % 2 == 0 {
                (SMALL_COLS, SMALL_ROWS)
            } else {
                (COLS, ROWS)
            };
            pty.settle(Duration::from_millis(30), Duration::from_secs(2));
            let since = pty.out.len();
            let t0 = pty.resize(cols, rows_n);
            let r = pty.wait(
                &format!("the first frame at {cols}x{rows_n}"),
                since,
                None,
                Duration::ZERO,
                &|s| {
                    let (r, c) = s.size();
                    r.get() == rows_n
                        && c.get() == cols
                        && has_text(s)
                        && match kind {
                            Kind::Qari => qari_frame(s),
                            Kind::Less => true,
                        }
                },
            );
            match r {
                Ok(at) => resize.samples.push(at.duration_since(t0)),
                Err(Miss::Timeout(e)) => {
                    resize.error = Some(e);
                    break;
                }
                Err(Miss::Unchanged) => unreachable!("no `before` screen"),
            }
            // At once: no settling; the view must move by a line.
            let before = pty.snap();
            let since = pty.out.len();
            let t0 = pty.send(b"j");
            match pty.wait(
                "j after a resize",
                since,
                Some(&before),
                Duration::from_millis(300),
                &|_| true,
            ) {
                Ok(at) => j.samples.push(at.duration_since(t0)),
                Err(Miss::Unchanged) => j.unchanged += 1,
                Err(Miss::Timeout(e)) => {
                    j.error = Some(e);
                    break;
                }
            }
        }
        (resize, j)
    }

    fn first_frames(
        kind: Kind,
        program: &std::path::Path,
        args: &[&str],
        a: &Args,
        runs: usize,
    ) -> Stats {
        let mut s = Stats::default();
        for _ in 0..runs {
            match start(kind, program, args, a) {
                Ok((pty, t)) => {
                    s.samples.push(t);
                    pty.quit();
                }
                Err(e) => {
                    s.error = Some(e);
                    break;
                }
            }
        }
        s
    }

    /// `--first-frames`: qari's and less's first frames on `file`, runs
    /// taking turns (a change in the machine's load hits both alike).
    fn first_frames_only(a: &Args, lbl: &str, file: &str) {
        let (mut q, mut l) = (Stats::default(), Stats::default());
        for _ in 0..a.runs {
            let s = first_frames(Kind::Qari, &a.qari, &[file], a, 1);
            q.samples.extend(s.samples);
            q.error = q.error.take().or(s.error);
            if let Some(less) = &a.less {
                let s = first_frames(Kind::Less, less, &[file], a, 1);
                l.samples.extend(s.samples);
                l.error = l.error.take().or(s.error);
            }
        }
        stats_line(
            &format!("qari {lbl} first frame"),
            &q,
            "   [target <= 20 ms]",
        );
        if a.less.is_some() {
            stats_line(&format!("less {lbl} first frame"), &l, "");
            ratio(
                &format!("qari first frame / less first frame ({lbl})"),
                q.median(),
                l.median(),
                "   [target <= 3]",
            );
        }
    }

    fn run_qari(a: &Args, file: &str) -> Run {
        let mut run = Run::default();
        // `--bidi app` and the default alternately, so a change in the
        // machine's load hits both alike; the last default run stays open
        // for the keys.
        for i in 0..a.runs {
            let s = first_frames(Kind::Qari, &a.qari, &["--bidi", "app", file], a, 1);
            run.first_app.samples.extend(s.samples);
            run.first_app.error = run.first_app.error.take().or(s.error);
            if i + 1 < a.runs {
                let s = first_frames(Kind::Qari, &a.qari, &[file], a, 1);
                run.first.samples.extend(s.samples);
                run.first.error = run.first.error.take().or(s.error);
            }
        }
        let (mut pty, t) = match start(Kind::Qari, &a.qari, &[file], a) {
            Ok(x) => x,
            Err(e) => {
                run.first.error = Some(e);
                return run;
            }
        };
        run.first.samples.push(t);
        run.replies = pty.queries_answered.clone();
        interact(&mut pty, &mut run, qari_keys());
        pty.quit();
        run
    }

    fn run_less(a: &Args, less: &std::path::Path, file: &str) -> Run {
        let mut run = Run {
            first: first_frames(Kind::Less, less, &[file], a, a.runs.saturating_sub(1)),
            ..Run::default()
        };
        let (mut pty, t) = match start(Kind::Less, less, &[file], a) {
            Ok(x) => x,
            Err(e) => {
                run.first.error = Some(e);
                return run;
            }
        };
        run.first.samples.push(t);
        // Arm `n` (next section) with a search for the headings, from the top.
        pty.send(b"/^## \r");
        pty.settle(Duration::from_millis(100), Duration::from_secs(5));
        pty.send(b"g");
        pty.settle(Duration::from_millis(50), Duration::from_secs(5));
        interact(&mut pty, &mut run, less_keys());
        pty.quit();
        run
    }

    fn interact(pty: &mut Pty, run: &mut Run, keys: Vec<Key>) {
        for key in &keys {
            let s = measure_key(pty, key);
            run.keys.push((key.name, s));
            pty.send(b"g");
            pty.settle(Duration::from_millis(50), Duration::from_secs(5));
        }
        run.burst = measure_burst(pty, BURST, 5);
        let (end, top) = measure_ends(pty, 10);
        run.keys.push(("G", end));
        run.keys.push(("g", top));
        let (resize, j) = measure_resize(pty, 3);
        run.resize = resize;
        run.j_after_resize = j;
        run.resize_with_j = measure_resize_with_key(pty, 3);
        pty.settle(Duration::from_millis(50), Duration::from_secs(5));
        run.rss_kb = pty.rss_kb();
    }

    fn target_for(key: &str) -> &'static str {
        match key {
            "G" => "   [target <= 50 ms]",
            "g" => "",
            _ => "   [target <= 2 ms]",
        }
    }

    fn report(name: &str, label: &str, run: &Run, file_bytes: u64) {
        let first_target = if name == "qari" {
            "   [target <= 60 ms]"
        } else {
            ""
        };
        stats_line(
            &format!("{name} {label} first frame"),
            &run.first,
            first_target,
        );
        if !run.first_app.samples.is_empty() || run.first_app.error.is_some() {
            stats_line(
                &format!("{name} {label} first frame --bidi app"),
                &run.first_app,
                first_target,
            );
        }
        if !run.replies.is_empty() {
            println!(
                "{name} {label}: the harness answered its terminal queries with {}",
                run.replies.join(" ")
            );
        }
        for (key, s) in &run.keys {
            let target = if name == "qari" { target_for(key) } else { "" };
            stats_line(&format!("{name} {label} key {key}"), s, target);
        }
        stats_line(
            &format!("{name} {label} resize {COLS}x{ROWS}<->{SMALL_COLS}x{SMALL_ROWS}"),
            &run.resize,
            "",
        );
        stats_line(
            &format!("{name} {label} j right after resize"),
            &run.j_after_resize,
            if name == "qari" {
                "   [target <= 2 ms]"
            } else {
                ""
            },
        );
        stats_line(
            &format!("{name} {label} burst of {BURST} j"),
            &run.burst,
            if name == "qari" {
                "   [target <= 1.5x less]"
            } else {
                ""
            },
        );
        stats_line(
            &format!("{name} {label} resize+j, to j's view"),
            &run.resize_with_j,
            "",
        );
        match run.rss_kb {
            Some((hwm, rss)) => println!(
                "{:<36} {:.1} MB (now {:.1} MB) = {:.2}x the file{}",
                format!("{name} {label} peak RSS"),
                hwm as f64 / 1024.0,
                rss as f64 / 1024.0,
                hwm as f64 * 1024.0 / file_bytes.max(1) as f64,
                if name == "qari" && file_bytes >= 1_000_000 {
                    "   [target < 4x]"
                } else {
                    ""
                }
            ),
            None => println!("{name} {label} peak RSS: unavailable"),
        }
    }

    fn label(bytes: u64) -> String {
        if bytes >= 1_000_000 {
            format!("{:.1} MB", bytes as f64 / 1e6)
        } else {
            format!("{:.1} KB", bytes as f64 / 1e3)
        }
    }

    fn ratio(what: &str, a: Option<Duration>, b: Option<Duration>, target: &str) {
        match (a, b) {
            (Some(a), Some(b)) if !b.is_zero() => println!(
                "ratio: {what} = {:.2} ({} / {}){target}",
                a.as_secs_f64() / b.as_secs_f64(),
                fmt(a),
                fmt(b)
            ),
            _ => println!("ratio: {what} = n/a (a figure is missing){target}"),
        }
    }

    pub fn main() -> i32 {
        let a = parse_args();
        if !a.qari.exists() {
            eprintln!(
                "tui_bench: {} not found (cargo build --release)",
                a.qari.display()
            );
            return 2;
        }
        let mut files = vec![a.file.clone()];
        files.extend(a.small.clone());
        let mut results = Vec::new();
        for f in &files {
            let bytes = match std::fs::metadata(f) {
                Ok(m) => m.len(),
                Err(e) => {
                    eprintln!("tui_bench: {}: {e}", f.display());
                    return 2;
                }
            };
            let lbl = label(bytes);
            let path = f.to_string_lossy().into_owned();
            println!(
                "== {} ({bytes} bytes), pty {COLS}x{ROWS}, TERM=xterm-256color",
                f.display()
            );
            if a.first_only {
                first_frames_only(&a, &lbl, &path);
                continue;
            }
            let q = run_qari(&a, &path);
            report("qari", &lbl, &q, bytes);
            let l = a.less.as_ref().map(|less| {
                let l = run_less(&a, less, &path);
                report("less", &lbl, &l, bytes);
                l
            });
            results.push((lbl, bytes, q, l));
        }
        println!("== ratios");
        for (lbl, bytes, q, l) in &results {
            if let Some(l) = l {
                ratio(
                    &format!("qari first frame / less first frame ({lbl})"),
                    q.first.median(),
                    l.first.median(),
                    "   [target <= 3]",
                );
                for key in ["j", "PgDn", "]", "G"] {
                    ratio(
                        &format!("qari {key} / less {key} ({lbl})"),
                        q.key(key),
                        l.key(key),
                        "",
                    );
                }
                ratio(
                    &format!("qari burst of {BURST} j / less ({lbl})"),
                    q.burst.median(),
                    l.burst.median(),
                    "   [target <= 1.5]",
                );
                let j_bytes = |r: &Run| {
                    r.keys
                        .iter()
                        .find(|(k, _)| *k == "j")
                        .and_then(|(_, s)| s.median_bytes())
                };
                if let (Some(qb), Some(lb)) = (j_bytes(q), j_bytes(l)) {
                    println!(
                        "bytes per j ({lbl}): qari {qb} B, less {lb} B, ratio {:.1}   \
                         [target: qari <= 2048 B]",
                        qb as f64 / lb.max(1) as f64
                    );
                }
                ratio(
                    &format!("qari first G / less first G ({lbl})"),
                    q.first_key("G"),
                    l.first_key("G"),
                    "",
                );
                if let (Some((qh, _)), Some((lh, _))) = (q.rss_kb, l.rss_kb) {
                    println!(
                        "ratio: qari peak RSS / less peak RSS ({lbl}) = {:.1}",
                        qh as f64 / lh.max(1) as f64
                    );
                }
            }
            if let Some((hwm, _)) = q.rss_kb {
                println!(
                    "ratio: qari peak RSS / file size ({lbl}) = {:.2}{}",
                    hwm as f64 * 1024.0 / *bytes.max(&1) as f64,
                    if *bytes >= 1_000_000 {
                        "   [target < 4]"
                    } else {
                        ""
                    }
                );
            }
        }
        if let [(big, _, qb, _), (small, _, qs, _), ..] = &results[..] {
            ratio(
                &format!("qari frame cost: j {big} / j {small}"),
                qb.key("j"),
                qs.key("j"),
                "   [target 0.80..1.20]",
            );
            ratio(
                &format!("qari frame cost: PgDn {big} / PgDn {small}"),
                qb.key("PgDn"),
                qs.key("PgDn"),
                "   [target 0.80..1.20]",
            );
        }
        i32::from(FAILED.load(std::sync::atomic::Ordering::Relaxed))
    }
}
