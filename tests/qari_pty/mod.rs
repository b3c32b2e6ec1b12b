//! The real `qari` binary in a pseudo-terminal, shared by tests/hostile.rs
//! and tests/reader_pty.rs: every byte it writes is kept and fed to a vt100
//! screen; waits have a deadline (`QARI_TEST_WAIT_MS`, default 30 s), never
//! a fixed sleep.
// Each test binary uses only part of this module.
#![allow(dead_code)]

#[path = "../pty_output/mod.rs"]
mod pty_output;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

pub fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub fn patience() -> Duration {
    let ms = std::env::var("QARI_TEST_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(30_000))
}

pub fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("non-zero size")
}

pub fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// `qari` running in a pseudo-terminal: every byte it wrote, and a vt100
/// screen fed with them.
pub struct Reader {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    chunks: Receiver<Vec<u8>>,
    /// Every byte qari wrote.
    pub output: Vec<u8>,
    /// The screen those bytes draw.
    pub screen: vt100::Parser,
    /// The text of every screen a `wait_until` accepted.
    pub seen: String,
}

impl Reader {
    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Reader {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_qari"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Each reader remembers its positions in a folder of its own, so
        // tests neither see each other's nor the machine's.
        static READERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = READERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let state = std::env::temp_dir().join(format!("qari-pty-state-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        cmd.env("XDG_STATE_HOME", &state);
        // Nor the machine's config file.
        cmd.env("XDG_CONFIG_HOME", &state);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn qari");
        // Only the child may hold the slave, so reads end when it exits.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let chunks = pty_output::spawn_reader(reader);
        Reader {
            child,
            master: pair.master,
            writer,
            chunks,
            output: Vec::new(),
            screen: vt100::Parser::new(nz(rows), nz(cols), 0),
            seen: String::new(),
        }
    }

    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    pub fn rows(&self) -> Vec<String> {
        let (rows, cols) = self.screen.screen().size();
        (0..rows.get())
            .map(|r| self.screen.screen().contents_between(r, 0, r, cols.get()))
            .collect()
    }

    pub fn take(&mut self, chunk: Vec<u8>) {
        self.screen.process(&chunk);
        self.output.extend(chunk);
    }

    /// Waits until a whole frame is on the screen (ratatui hides the cursor
    /// last in each draw) and the screen satisfies `ok`; remembers what it
    /// showed.
    pub fn wait_until(&mut self, what: &str, ok: impl Fn(&Reader) -> bool) {
        let deadline = Instant::now() + patience();
        while !(self.output.ends_with(b"\x1b[?25l") && ok(self)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.take(chunk),
                Err(_) => panic!("screen never showed {what}:\n{}", self.text()),
            }
        }
        let text = self.text();
        self.seen.push_str(&text);
        self.seen.push('\n');
    }

    /// Waits until `needle` has been written at or after byte `from`.
    pub fn wait_output(&mut self, needle: &[u8], from: usize) -> usize {
        let deadline = Instant::now() + patience();
        loop {
            if let Some(p) = find_from(&self.output, needle, from) {
                return p;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.take(chunk),
                Err(_) => panic!(
                    "{:?} never written after byte {from}; the output ends with {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&self.output[self.output.len().saturating_sub(300)..])
                ),
            }
        }
    }

    pub fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(pty_size(cols, rows)).expect("resize");
        self.screen.screen_mut().set_size(nz(rows), nz(cols));
    }

    pub fn signal(&self, signal: rustix::process::Signal) {
        let pid = self.child.process_id().expect("pid");
        let pid = rustix::process::Pid::from_raw(pid as i32).expect("non-zero pid");
        rustix::process::kill_process(pid, signal).expect("kill");
    }

    /// Waits for the exit and for the rest of the output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + patience();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "qari did not exit");
            if let Ok(chunk) = self.chunks.recv_timeout(Duration::from_millis(20)) {
                self.take(chunk);
            }
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.take(chunk),
                Err(RecvTimeoutError::Disconnected) => break status,
                Err(RecvTimeoutError::Timeout) => panic!("output never ended"),
            }
        }
    }

    /// Whether the pty is back in canonical mode with echo (raw mode off).
    pub fn cooked(&self) -> bool {
        use rustix::termios::{LocalModes, tcgetattr};
        let path = self.master.tty_name().expect("pty name");
        let tty = std::fs::File::open(path).expect("open pty slave");
        let modes = tcgetattr(&tty).expect("tcgetattr").local_modes;
        modes.contains(LocalModes::ICANON | LocalModes::ECHO)
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        // A failed assertion must not leave the child running.
        let _ = self.child.kill();
    }
}
