//! End to end: the real `qari` binary in a pseudo-terminal, its output fed to
//! a vt100 screen. Keys are pressed as a person would; the test waits for
//! what the screen should show (no fixed sleeps), resizes, quits with `q`,
//! and checks the exit status and that the alternate screen was left.
#![cfg(unix)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use qari::text::{Direction, LayoutOptions, layout_str};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Reader {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    chunks: Receiver<Vec<u8>>,
    output: Vec<u8>,
    screen: vt100::Parser,
}

fn patience() -> Duration {
    let ms = std::env::var("QARI_TEST_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(30_000))
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("non-zero size")
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Reader {
    fn start(cols: u16, rows: u16) -> Reader {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_qari"));
        // app mode: no probe to answer; the screen shows shaped visual text.
        cmd.args(["--bidi", "app"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        let child = pair.slave.spawn_command(cmd).expect("spawn qari");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, chunks) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Reader {
            child,
            master: pair.master,
            writer,
            chunks,
            output: Vec::new(),
            screen: vt100::Parser::new(nz(rows), nz(cols), 0),
        }
    }

    fn text(&self) -> String {
        self.screen.screen().contents()
    }

    fn row(&self, r: u16) -> String {
        let cols = self.screen.screen().size().1.get();
        self.screen.screen().contents_between(r, 0, r, cols)
    }

    /// Waits until the screen satisfies `ok`.
    fn wait_until(&mut self, what: &str, ok: impl Fn(&Reader) -> bool) {
        let deadline = Instant::now() + patience();
        while !ok(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => {
                    self.screen.process(&chunk);
                    self.output.extend(chunk);
                }
                Err(_) => panic!("screen never showed {what}:\n{}", self.text()),
            }
        }
    }

    fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).expect("resize");
        self.screen.set_size(nz(rows), nz(cols));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + patience();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                while let Ok(chunk) = self.chunks.recv_timeout(Duration::from_millis(200)) {
                    self.output.extend(chunk);
                }
                return status;
            }
            assert!(Instant::now() < deadline, "qari did not exit");
            if let Ok(chunk) = self.chunks.recv_timeout(Duration::from_millis(20)) {
                self.output.extend(chunk);
            }
        }
    }
}

/// How the engine shows `text` on one line (what the screen must contain).
fn shown(text: &str) -> String {
    let opts = LayoutOptions {
        width: 200,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    layout_str(text, &opts).lines[0].text.clone()
}

fn last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn read_navigate_open_answers_resize_and_quit() {
    let mut r = Reader::start(120, 35);
    let heading = shown("مباحثات ثنائية");
    let contents = shown("المحتويات");
    r.wait_until("the navigator", |r| {
        r.text().contains(&contents) && r.text().contains(&heading)
    });

    // Every answer starts closed; Tab focuses the FAQ, Enter opens the first.
    let answer = shown("يسهم في تعزيز");
    assert!(!r.text().contains(&answer));
    r.press(b"\t\r");
    r.wait_until("the first answer", |r| r.text().contains(&answer));
    r.press(b"\r");
    r.wait_until("the answer closed again", |r| !r.text().contains(&answer));

    // Back to the article; `]` brings the first headed section to the top.
    r.press(b"\t\t\t");
    r.press(b"]");
    r.wait_until("the section heading on the first row", |r| {
        r.row(1).contains(&heading)
    });

    // Resize: the same section stays at the top.
    r.resize(60, 20);
    r.wait_until("a 60-column relayout", |r| {
        r.row(0).chars().count() <= 60 && r.row(1).contains(&heading) && r.row(19).contains('%')
    });

    // Help lists keys, then q quits.
    r.press(b"?");
    r.wait_until("the help overlay", |r| r.text().contains("Shift-Tab"));
    r.press(b"?");
    r.wait_until("help closed", |r| !r.text().contains("Shift-Tab"));
    r.press(b"q");
    let status = r.wait_exit();
    assert!(status.success(), "{status:?}");
    // The alternate screen was left after it was entered, and the cursor shown.
    let entered = last(&r.output, b"\x1b[?1049h").expect("entered the alternate screen");
    let left = last(&r.output, b"\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(last(&r.output, b"\x1b[?25h").is_some_and(|p| p > entered));
    // Bidi mode restored: implicit (CSI 8 h) after explicit (CSI 8 l).
    let explicit = last(&r.output, b"\x1b[8l").expect("explicit mode set");
    assert!(last(&r.output, b"\x1b[8h").is_some_and(|p| p > explicit));
}
