//! The interactive session: raw mode, alternate screen, mouse reporting and
//! (in app mode) the terminal's bidi switched off, for as long as a
//! [`TerminalSession`] lives. All undoing goes through
//! [`super::restore::restore_terminal`].

use super::bidi_mode::BidiMode;
use super::restore::{install_panic_hook, mark_modified, restore_terminal};
use super::sequences::write_app_bidi_on;
use crossterm::event::EnableMouseCapture;
use crossterm::queue;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
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
/// let (session, mut terminal) = TerminalSession::start(decision.mode)?;
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
    /// drawing to stdout. In order: raw mode, alternate screen, mouse
    /// capture, and for [`BidiMode::App`] BDSM explicit (`CSI 8 l`) and SCP
    /// LTR (`CSI 1 SP k`). Installs the panic hook and, on Unix, the signal
    /// thread first, so the terminal is restored on every exit path.
    ///
    /// Fails without touching the terminal when stdout is not a terminal,
    /// or when a session is already active; if a later step fails, what was
    /// done is undone before the error is returned.
    pub fn start(mode: BidiMode) -> io::Result<(TerminalSession, DefaultTerminal)> {
        if !io::stdout().is_terminal() {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "stdout is not a terminal",
            ));
        }
        install_panic_hook();
        #[cfg(unix)]
        super::restore::install_signal_handlers()?;
        if !mark_modified(mode) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a terminal session is already active",
            ));
        }
        // From here on, dropping `session` (on `?`) restores the terminal.
        let session = TerminalSession { mode, active: true };
        enter(mode)?;
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

/// Writes the entering sequences (see [`TerminalSession::start`]).
fn enter(mode: BidiMode) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout().lock();
    queue!(out, EnterAlternateScreen, EnableMouseCapture)?;
    if mode == BidiMode::App {
        // After the alternate screen: terminals keep the direction per line.
        write_app_bidi_on(&mut out)?;
    }
    out.flush()
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
        let err = TerminalSession::start(BidiMode::App)
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }
}
