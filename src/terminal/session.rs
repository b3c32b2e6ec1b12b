//! The interactive session: raw mode, alternate screen, mouse reporting and
//! (in app mode) the terminal's bidi switched off, for as long as a
//! [`TerminalSession`] lives. All undoing goes through
//! [`super::restore::restore_terminal`].

use super::bidi_mode::{BidiMode, Tweaks};
use super::restore::{install_panic_hook, mark_modified, restore_terminal};
use super::sequences::write_app_bidi_on;
use crossterm::event::EnableMouseCapture;
use crossterm::queue;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};
use std::io::{self, IsTerminal, Write};

/// The terminal set up for the reader; put back when dropped.
///
/// ```no_run
/// use qari::terminal::{BidiSetting, TerminalSession, decide, gather_facts, DEFAULT_PROBE_TIMEOUT};
///
/// # fn main() -> std::io::Result<()> {
/// let facts = gather_facts(DEFAULT_PROBE_TIMEOUT);
/// let decision = decide(BidiSetting::Auto, &facts);
/// let (session, mut terminal) = TerminalSession::start(decision.mode, decision.tweaks)?;
/// terminal.draw(|frame| { /* … */ })?;
/// drop(session); // or let it go out of scope, on `?` too
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct TerminalSession {
    mode: BidiMode,
    active: bool,
}

impl TerminalSession {
    /// Sets the terminal up and returns the session with a ratatui terminal
    /// drawing to stdout. In order: raw mode, for [`BidiMode::App`] BDSM
    /// explicit (`CSI 8 l`), SCP LTR (`CSI 1 SP k`) and, with
    /// `tweaks.mlterm_ctl_off`, mlterm's own switch; then the alternate
    /// screen, cleared, and mouse capture. Installs the panic hook and, on Unix, the signal
    /// thread first, so the terminal is restored on every exit path.
    ///
    /// Fails without touching the terminal when stdout is not a terminal,
    /// or when a session is already active; if a later step fails, what was
    /// done is undone before the error is returned.
    pub fn start(mode: BidiMode, tweaks: Tweaks) -> io::Result<(TerminalSession, DefaultTerminal)> {
        if !io::stdout().is_terminal() {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "stdout is not a terminal",
            ));
        }
        install_panic_hook();
        #[cfg(unix)]
        super::restore::install_signal_handlers()?;
        if !mark_modified(mode, tweaks, true) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a terminal session is already active",
            ));
        }
        // From here on, dropping `session` (on `?`) restores the terminal.
        let session = TerminalSession { mode, active: true };
        enter(mode, tweaks)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((session, terminal))
    }

    /// Who does the bidi in this session.
    pub fn mode(&self) -> BidiMode {
        self.mode
    }

    /// Puts the terminal back now. Idempotent; `Drop` calls it too.
    pub fn restore(&mut self) {
        if self.active {
            self.active = false;
            restore_terminal();
        }
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        self.restore();
    }
}

/// The terminal's own bidi switched off (app mode) around a dump written to
/// it, put back when dropped, on a signal or a panic: a visual-order dump
/// in VTE's implicit mode was reversed again. Rows keep the mode they were
/// written in, so the dump stays readable after the switch is put back.
#[derive(Debug)]
pub struct BidiSwitch {
    active: bool,
}

impl BidiSwitch {
    /// Switches the terminal's bidi off when qari does it (`mode` is App)
    /// and stdout is a terminal; otherwise does nothing.
    pub fn start(mode: BidiMode, tweaks: Tweaks) -> io::Result<BidiSwitch> {
        if mode != BidiMode::App || !io::stdout().is_terminal() {
            return Ok(BidiSwitch { active: false });
        }
        install_panic_hook();
        #[cfg(unix)]
        super::restore::install_signal_handlers()?;
        if !mark_modified(mode, tweaks, false) {
            return Ok(BidiSwitch { active: false });
        }
        let switch = BidiSwitch { active: true };
        let mut out = io::stdout().lock();
        write_app_bidi_on(&mut out, tweaks.mlterm_ctl_off)?;
        out.flush()?;
        Ok(switch)
    }
}

impl Drop for BidiSwitch {
    fn drop(&mut self) {
        if std::mem::take(&mut self.active) {
            restore_terminal();
        }
    }
}

/// Writes the entering sequences (see [`TerminalSession::start`]).
fn enter(mode: BidiMode, tweaks: Tweaks) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout().lock();
    out.write_all(&entering_bytes(mode, tweaks))?;
    out.flush()
}

/// The bytes that set the terminal up. The bidi switch comes first: VTE
/// gives the alternate screen's rows the flags current when `?1049h`
/// arrives (see [`super::sequences::write_app_bidi_on`]). The screen is
/// cleared after entering it as well (`CSI 2 J` remakes every row with the
/// current flags), for terminals that keep rows from an earlier visit.
pub(crate) fn entering_bytes(mode: BidiMode, tweaks: Tweaks) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    if mode == BidiMode::App {
        let _ = write_app_bidi_on(&mut out, tweaks.mlterm_ctl_off);
    }
    let _ = queue!(
        out,
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_refuses_when_stdout_is_not_a_terminal() {
        // Under `cargo test` stdout is usually a pipe; the pty test in
        // tests/terminal_restore.rs covers the terminal case.
        if io::stdout().is_terminal() {
            return;
        }
        let err = TerminalSession::start(BidiMode::App, Tweaks::default())
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }

    fn position(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {haystack:?}"))
    }

    #[test]
    fn bidi_switch_comes_before_the_alternate_screen_which_is_cleared() {
        let mlterm = Tweaks {
            mlterm_ctl_off: true,
            ..Tweaks::default()
        };
        let bytes = entering_bytes(BidiMode::App, mlterm);
        let bdsm = position(&bytes, b"\x1b[8l");
        let scp = position(&bytes, b"\x1b[1 k");
        let ctl = position(&bytes, b"\x1b]5379;use_ctl=false\x07");
        let screen = position(&bytes, b"\x1b[?1049h");
        let clear = position(&bytes, b"\x1b[2J");
        assert!(bdsm < scp && scp < ctl && ctl < screen && screen < clear);
    }

    #[test]
    fn terminal_mode_sends_no_bidi_switch() {
        let bytes = entering_bytes(BidiMode::Terminal, Tweaks::default());
        assert!(!bytes.windows(4).any(|w| w == b"\x1b[8l"));
        assert!(!bytes.windows(6).any(|w| w == b"\x1b]5379"));
        position(&bytes, b"\x1b[?1049h");
    }
}
