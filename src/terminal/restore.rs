//! The one routine that puts the terminal back, and the hooks that make
//! every exit path reach it: normal return ([`super::TerminalSession`]'s
//! `Drop`), error return (the same `Drop`), panic ([`install_panic_hook`])
//! and SIGTERM/SIGHUP/SIGINT ([`install_signal_handlers`]).
//!
//! Invariant: a global state records whether the terminal is modified and in
//! which bidi mode. [`restore_terminal`] swaps it back to "clean" before
//! writing, so it may run from several paths, on several threads, any
//! number of times, and the restoring bytes are written once.

use super::bidi_mode::{BidiMode, Tweaks};
use super::sequences::write_app_bidi_off;
use crossterm::cursor::Show;
use crossterm::event::DisableMouseCapture;
use crossterm::queue;
use crossterm::terminal::{LeaveAlternateScreen, disable_raw_mode};
use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicU8, Ordering};

/// The terminal as qari left it. One atomic for "modified", the mode and
/// the tweaks together, so no reader can see one updated without the other.
static STATE: AtomicU8 = AtomicU8::new(CLEAN);
const CLEAN: u8 = 0;
const MODIFIED: u8 = 1;
const APP_BIDI: u8 = 2;
const MLTERM_CTL_OFF: u8 = 4;
const SCREEN: u8 = 8;

/// Records that the terminal is about to be modified, in `mode` with
/// `tweaks`, and with the alternate screen, mouse and raw mode (`screen`;
/// without them for a dump). Returns false if it already is (one session
/// at a time).
pub(crate) fn mark_modified(mode: BidiMode, tweaks: Tweaks, screen: bool) -> bool {
    let mut state = MODIFIED;
    if screen {
        state |= SCREEN;
    }
    if mode == BidiMode::App {
        state |= APP_BIDI;
        if tweaks.mlterm_ctl_off {
            state |= MLTERM_CTL_OFF;
        }
    }
    STATE
        .compare_exchange(CLEAN, state, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

/// The bytes that undo a session, in reverse order of entering: mouse
/// reporting off, main screen, cursor shown, then (app mode only) mlterm's
/// switch, SCP default and BDSM implicit — after leaving the alternate
/// screen, since they were sent before entering it.
pub(crate) fn restore_bytes(app_bidi: bool, mlterm: bool, screen: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and nothing useful could be done if it did.
    if screen {
        let _ = queue!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    }
    if app_bidi {
        let _ = write_app_bidi_off(&mut out, mlterm);
    }
    out
}

/// Puts the terminal back if qari modified it, and turns raw mode off
/// (crossterm does nothing if it did not turn it on). Errors are ignored:
/// this runs on the way out, where nothing better can be done.
pub fn restore_terminal() {
    restore_to(&mut io::stdout().lock());
}

/// [`restore_terminal`] writing to `out`, which the caller may keep locked.
fn restore_to(out: &mut impl Write) {
    let state = STATE.swap(CLEAN, Ordering::SeqCst);
    if state != CLEAN {
        let _ = out.write_all(&restore_bytes(
            state & APP_BIDI != 0,
            state & MLTERM_CTL_OFF != 0,
            state & SCREEN != 0,
        ));
        let _ = out.flush();
    }
    let _ = disable_raw_mode();
}

/// Installs a panic hook that restores the terminal and then calls the hook
/// that was installed before (by default, the one printing the message), so
/// the message lands on the main screen and is not lost. Installs once;
/// later calls do nothing. Install other hooks (color-eyre) before this one.
pub fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
    });
}

/// Starts a thread that, on SIGTERM, SIGHUP or SIGINT, restores the terminal
/// and exits with status 128 + the signal number. Raw mode turns Ctrl-C into
/// a key, so SIGINT only comes from `kill`. Installs once; later calls do
/// nothing.
#[cfg(unix)]
pub fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    use std::sync::atomic::AtomicBool;

    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    // signal-hook's handler only writes to a pipe (async-signal-safe); the
    // restoring, which takes locks and writes, happens on this thread.
    let spawned = Signals::new([SIGTERM, SIGHUP, SIGINT]).and_then(|mut signals| {
        std::thread::Builder::new()
            .name("qari-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    exit_on_signal(signal);
                }
            })
    });
    if spawned.is_err() {
        INSTALLED.store(false, Ordering::SeqCst);
    }
    spawned.map(drop)
}

/// Restores the terminal and exits with 128 + `signal`.
#[cfg(unix)]
fn exit_on_signal(signal: i32) -> ! {
    use std::time::Duration;

    let code = 128 + signal;
    // A thread stuck writing to a frozen terminal would hold stdout's lock
    // for ever; the signal must still end the process.
    let _ = std::thread::Builder::new().spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        let _ = disable_raw_mode();
        std::process::exit(code)
    });
    // Keep stdout locked through `exit`, so no other thread can draw a frame
    // after the restoring bytes.
    let mut out = io::stdout().lock();
    restore_to(&mut out);
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or_else(|| panic!("{:?} not in {:?}", needle, haystack))
    }

    #[test]
    fn restore_undoes_entering_in_reverse_order() {
        let bytes = restore_bytes(true, true, true);
        let mouse = position(&bytes, b"\x1b[?1000l");
        let screen = position(&bytes, b"\x1b[?1049l");
        let cursor = position(&bytes, b"\x1b[?25h");
        let mlterm = position(&bytes, b"\x1b]5379;use_ctl=true\x07");
        let scp = position(&bytes, b"\x1b[0 k");
        let bdsm = position(&bytes, b"\x1b[8h");
        assert!(mouse < screen && screen < cursor && cursor < mlterm);
        assert!(mlterm < scp && scp < bdsm);
        assert!(
            !restore_bytes(true, false, true)
                .windows(6)
                .any(|w| w == b"\x1b]5379")
        );
    }

    #[test]
    fn terminal_mode_leaves_bdsm_and_scp_alone() {
        let bytes = restore_bytes(false, false, true);
        assert!(!bytes.windows(4).any(|w| w == b"\x1b[8h"));
        assert!(!bytes.windows(5).any(|w| w == b"\x1b[0 k"));
        position(&bytes, b"\x1b[?1049l");
    }

    #[test]
    fn state_is_claimed_once_and_restored_once() {
        // The only test touching STATE, so no other test races with it.
        let mlterm = Tweaks {
            mlterm_ctl_off: true,
            ..Tweaks::default()
        };
        assert!(mark_modified(BidiMode::App, mlterm, true));
        assert!(
            !mark_modified(BidiMode::Terminal, Tweaks::default(), true),
            "a second session"
        );
        let mut first = Vec::new();
        restore_to(&mut first);
        assert_eq!(first, restore_bytes(true, true, true));
        let mut second = Vec::new();
        restore_to(&mut second);
        assert!(second.is_empty(), "restored twice: {second:?}");
        assert!(
            mark_modified(BidiMode::Terminal, mlterm, true),
            "clean again after restore"
        );
        let mut third = Vec::new();
        restore_to(&mut third);
        assert_eq!(third, restore_bytes(false, false, true));
        // A dump's switch: only the bidi modes are put back.
        assert!(mark_modified(BidiMode::App, Tweaks::default(), false));
        let mut fourth = Vec::new();
        restore_to(&mut fourth);
        assert_eq!(fourth, b"\x1b[0 k\x1b[8h");
    }
}
