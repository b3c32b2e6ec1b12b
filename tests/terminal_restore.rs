//! The terminal is restored on every exit path, checked end to end in a
//! pseudo-terminal (see tests/terminal_pty): the entering and restoring
//! sequences in order, the final screen as a vt100 parser sees it, the
//! pty's termios after the child exits, and the exit status.
#![cfg(unix)]

mod terminal_pty;

use portable_pty::ExitStatus;
use rustix::process::Signal;
use terminal_pty::{COLS, PtyChild, READY, ROWS, contains, find_from};

/// The child's entry point (see tests/terminal_pty).
#[test]
fn smoke_child() {
    terminal_pty::child_entry();
}

/// Asserts the entering and restoring sequences of a session in `out`, in
/// order around the first frame, and the terminal state they leave.
fn assert_entered_and_restored(p: &PtyChild, app: bool) {
    let out = &p.output;
    let text = p.text();
    let enter = find_from(out, b"\x1b[?1049h", 0).unwrap_or_else(|| panic!("no enter: {text:?}"));
    let ready = find_from(out, READY.as_bytes(), enter).expect("frame after entering");
    let mut restoring: Vec<&[u8]> = vec![b"\x1b[?1000l", b"\x1b[?1049l", b"\x1b[?25h"];
    if app {
        // Before the alternate screen: VTE gives its rows the flags current
        // when it is entered.
        for seq in [&b"\x1b[8l"[..], b"\x1b[1 k"] {
            let at = find_from(out, seq, 0).unwrap_or_else(|| panic!("{seq:?}: {text:?}"));
            assert!(at < enter, "{seq:?} after entering the alternate screen");
        }
        // After leaving it, so the shell's rows are implicit again.
        restoring.extend([&b"\x1b[0 k"[..], b"\x1b[8h"]);
    } else {
        for seq in [&b"\x1b[8l"[..], b"\x1b[8h", b"\x1b[1 k", b"\x1b[0 k"] {
            assert!(!contains(out, seq), "terminal mode sent {seq:?}");
        }
    }
    let mut at = ready;
    for seq in restoring {
        at = find_from(out, seq, at).unwrap_or_else(|| panic!("{seq:?} not after {at}: {text:?}"));
    }
    let nonzero = |n| std::num::NonZeroU16::new(n).expect("non-zero size");
    let mut screen = vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0);
    screen.process(out);
    let screen = screen.screen();
    assert!(!screen.alternate_screen(), "left on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor left hidden");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(
        !screen.contents().contains(READY),
        "the frame leaked to the main screen"
    );
    assert!(p.cooked(), "raw mode left on");
}

/// Runs a session scenario; with `signal`, sends it once the frame is up.
fn run_session(scenario: &str, signal: Option<Signal>) -> (PtyChild, ExitStatus) {
    let mut p = PtyChild::spawn(scenario);
    if let Some(signal) = signal {
        p.wait_for(READY.as_bytes());
        p.signal(signal);
    }
    let status = p.wait_exit();
    (p, status)
}

#[test]
fn normal_quit_restores_and_exits_0() {
    let (p, status) = run_session("app:quit", None);
    assert_eq!(status.exit_code(), 0, "{}", p.text());
    assert_entered_and_restored(&p, true);
}

#[test]
fn terminal_mode_never_touches_bdsm() {
    let (p, status) = run_session("terminal:quit", None);
    assert_eq!(status.exit_code(), 0, "{}", p.text());
    assert_entered_and_restored(&p, false);
}

#[test]
fn panic_restores_before_the_message_and_exits_101() {
    let (p, status) = run_session("app:panic", None);
    assert_eq!(status.exit_code(), 101, "{}", p.text());
    assert_entered_and_restored(&p, true);
    // The chained default hook printed the message after the restore, so
    // it is on the main screen where a person can read it.
    let left = find_from(&p.output, b"\x1b[?1049l", 0).expect("restored");
    assert!(
        find_from(&p.output, b"smoke panic", left).is_some(),
        "{}",
        p.text()
    );
}

#[test]
fn sigterm_restores_and_exits_143() {
    let (p, status) = run_session("app:wait", Some(Signal::TERM));
    assert_eq!(
        status.signal(),
        None,
        "killed instead of exiting: {}",
        p.text()
    );
    assert_eq!(status.exit_code(), 128 + 15, "{}", p.text());
    assert_entered_and_restored(&p, true);
}

#[test]
fn sighup_restores_and_exits_129() {
    let (p, status) = run_session("app:wait", Some(Signal::HUP));
    assert_eq!(
        status.signal(),
        None,
        "killed instead of exiting: {}",
        p.text()
    );
    assert_eq!(status.exit_code(), 128 + 1, "{}", p.text());
    assert_entered_and_restored(&p, true);
}
