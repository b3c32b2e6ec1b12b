//! Shared by the pty tests (tests/terminal_restore.rs, tests/terminal_probe.rs):
//! a child in a pseudo-terminal whose every byte is captured, and the
//! scenarios the child plays.
//!
//! The child is the calling test binary itself, run again with
//! `QARI_TERMINAL_SMOKE` set; its `smoke_child` test calls [`child_entry`],
//! which plays one scenario (start a session, then quit, panic or wait for
//! a signal; or run the DECRQM probe against the test acting as the
//! terminal). Without the variable it does nothing.
//!
//! No fixed sleeps for synchronisation: the parent waits for output or exit
//! with a deadline (`QARI_TEST_WAIT_MS`, default 30 s, generous for a
//! loaded 2-core CI).
// Each test binary uses only part of this module.
#![allow(dead_code)]

#[path = "../pty_output/mod.rs"]
mod pty_output;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The variable that makes the test binary a child.
pub const SCENARIO: &str = "QARI_TERMINAL_SMOKE";
/// The text of the child's first frame.
pub const READY: &str = "SMOKE-READY";
/// The pty's size.
pub const ROWS: u16 = 24;
/// The pty's size.
pub const COLS: u16 = 80;

/// Plays the scenario in `QARI_TERMINAL_SMOKE`, if set (in the child).
pub fn child_entry() {
    if let Ok(scenario) = std::env::var(SCENARIO) {
        child::run(&scenario);
    }
}

mod child {
    use super::READY;
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode, is_raw_mode_enabled};
    use qari::terminal::{BidiMode, TerminalSession, Tweaks, probe_decrqm};
    use ratatui::widgets::Paragraph;
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use std::time::{Duration, Instant};

    pub fn run(scenario: &str) {
        match scenario.split_once(':') {
            Some(("probe", ms)) => probe(ms.parse().expect("timeout in ms")),
            Some((mode, action)) => session(mode, action),
            None => panic!("bad scenario {scenario}"),
        }
    }

    fn session(mode: &str, action: &str) {
        let mode = if mode == "app" {
            BidiMode::App
        } else {
            BidiMode::Terminal
        };
        let (session, mut terminal) =
            TerminalSession::start(mode, Tweaks::default()).expect("start");
        terminal
            .draw(|f| f.render_widget(Paragraph::new(READY), f.area()))
            .expect("draw");
        match action {
            "quit" => drop((terminal, session)),
            "panic" => panic!("smoke panic"),
            _ => loop {
                std::thread::sleep(Duration::from_secs(60));
            },
        }
    }

    /// Probes, then reports the answer, the time taken, whether raw mode
    /// was left on, and whether any reply byte was left unread.
    fn probe(timeout_ms: u64) {
        let start = Instant::now();
        let answer = probe_decrqm(Duration::from_millis(timeout_ms));
        let elapsed = start.elapsed().as_millis();
        let raw = is_raw_mode_enabled().expect("raw mode state");
        // In raw mode every queued byte is readable, not just whole lines.
        enable_raw_mode().expect("raw mode");
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let wait = Timespec::try_from(Duration::from_millis(200)).expect("timespec");
        let leftover = poll(&mut fds, Some(&wait)).expect("poll") > 0;
        disable_raw_mode().expect("raw mode off");
        println!("PROBE={answer:?} ELAPSED_MS={elapsed} RAW={raw} LEFTOVER={leftover};");
    }
}

/// How long to wait for output or exit.
pub fn patience() -> Duration {
    let ms = std::env::var("QARI_TEST_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(30_000))
}

pub fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find_from(haystack, needle, 0).is_some()
}

/// A child running in a pseudo-terminal, and everything it wrote.
pub struct PtyChild {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    chunks: Receiver<Vec<u8>>,
    /// Every byte the child wrote so far.
    pub output: Vec<u8>,
}

impl PtyChild {
    pub fn spawn(scenario: &str) -> PtyChild {
        let size = PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("openpty");
        let mut cmd = CommandBuilder::new(std::env::current_exe().expect("test binary"));
        cmd.args(["--exact", "smoke_child", "--nocapture", "--test-threads=1"]);
        cmd.env(SCENARIO, scenario);
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(std::env::current_dir().expect("cwd"));
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        // Only the child may hold the slave, so reads end when it exits.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let chunks = pty_output::spawn_reader(reader);
        PtyChild {
            child,
            master: pair.master,
            writer,
            chunks,
            output: Vec::new(),
        }
    }

    /// Waits until `needle` has been written; returns where it starts.
    pub fn wait_for(&mut self, needle: &[u8]) -> usize {
        let deadline = Instant::now() + patience();
        loop {
            if let Some(p) = find_from(&self.output, needle, 0) {
                return p;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.output.extend(chunk),
                Err(_) => panic!(
                    "no {:?} in output:\n{}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&self.output)
                ),
            }
        }
    }

    /// Waits for the child to exit and for the rest of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + patience();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "child still running");
            if let Ok(chunk) = self.chunks.recv_timeout(Duration::from_millis(20)) {
                self.output.extend(chunk);
            }
        };
        // The reader ends once the slave is closed: then all output is in.
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.output.extend(chunk),
                Err(RecvTimeoutError::Disconnected) => break status,
                Err(RecvTimeoutError::Timeout) => panic!("output never ended"),
            }
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn signal(&self, signal: rustix::process::Signal) {
        let pid = self.child.process_id().expect("pid");
        let pid = rustix::process::Pid::from_raw(pid as i32).expect("non-zero pid");
        rustix::process::kill_process(pid, signal).expect("kill");
    }

    /// Whether the pty is back in canonical mode with echo (raw mode off).
    pub fn cooked(&self) -> bool {
        use rustix::termios::{LocalModes, tcgetattr};
        let path = self.master.tty_name().expect("pty name");
        let tty = std::fs::File::open(path).expect("open pty slave");
        let modes = tcgetattr(&tty).expect("tcgetattr").local_modes;
        modes.contains(LocalModes::ICANON | LocalModes::ECHO)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

impl Drop for PtyChild {
    fn drop(&mut self) {
        // A failed assertion must not leave the child running.
        let _ = self.child.kill();
    }
}
