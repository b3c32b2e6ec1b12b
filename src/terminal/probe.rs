//! Gathers [`TerminalFacts`]: the environment variables that name the
//! terminal, and the terminal's answers: DECRQM about BDSM (mode 8) and
//! VTE's modes 2500/2501, XTVERSION and DA2 (queries in
//! [`super::sequences::PROBE_QUERY`]).
//!
//! # How the reply is read, and why not through crossterm
//!
//! The probe writes its queries and then `CSI c` (DA1) to `/dev/tty`, and
//! reads the replies itself from a `/dev/tty` handle with `poll(2)`, in raw
//! mode, until the DA1 reply arrives or the timeout ends:
//! - crossterm has no DECRQM API, and its event parser has no rule for
//!   DECRPM: `CSI 8 ; 2 $ y` is taken for a modified key, fails to parse and
//!   is dropped, so `event::read` could never return it. Worse, the private
//!   form `CSI ? 8 ; 2 $ y` is held as an unfinished sequence until a `u` or
//!   `c` arrives, swallowing the keys typed next.
//! - Reading the replies here consumes them, so nothing is left over for the
//!   reader's event loop. crossterm reads the terminal only inside
//!   `event::poll`/`event::read` (it has no reader thread), so as long as the
//!   probe runs before the event loop nothing competes for the bytes.
//! - DA1 is answered by every terminal, and replies come in order: once its
//!   reply is in, every reply is in, and terminals that ignore DECRQM cost
//!   one round trip instead of the whole timeout. The timeout is only for
//!   terminals that answer nothing at all.
//!
//! Keys typed during the probe (a fraction of a second at start-up) are read
//! and dropped with the replies. Call [`gather_facts`] right before
//! [`super::TerminalSession::start`]: a reply later than the timeout then
//! most likely lands in raw mode, where crossterm drops it, rather than in
//! cooked mode, where the line discipline would echo it.

use super::bidi_mode::{Decrqm, ENV_VARS, TerminalFacts, decrpm_replies, parse_decrpm_body};
use std::io::{self, IsTerminal};
use std::time::Duration;

/// A timeout for [`probe_decrqm`] that is long enough for local terminals
/// and short enough that a terminal answering nothing does not delay the
/// first frame noticeably. Terminals that answer DA1 end the probe sooner.
pub const DEFAULT_PROBE_TIMEOUT: Duration = Duration::from_millis(150);

/// Reads the environment and asks the terminal (see [`probe_terminal`]).
pub fn gather_facts(timeout: Duration) -> TerminalFacts {
    let mut facts = probe_terminal(timeout);
    facts.env = env_facts(|name| std::env::var(name).ok());
    facts
}

/// The environment alone, without asking the terminal (for a forced
/// `--bidi`, where only the tweaks depend on the terminal).
pub fn environment_facts() -> TerminalFacts {
    TerminalFacts {
        env: env_facts(|name| std::env::var(name).ok()),
        ..TerminalFacts::default()
    }
}

/// The terminal's answers in `bytes`, as facts (the environment left empty).
pub fn facts_from_replies(bytes: &[u8]) -> TerminalFacts {
    let private = |wanted: u16| {
        private_decrpm_replies(bytes)
            .find(|(mode, _)| *mode == wanted)
            .map_or(Decrqm::NoReply, |(_, answer)| answer)
    };
    TerminalFacts {
        env: Vec::new(),
        decrqm_mode8: mode8_answer(bytes),
        decrqm_2500: private(2500),
        decrqm_2501: private(2501),
        xtversion: xtversion_reply(bytes),
        da2: da2_reply(bytes),
    }
}

/// The [`ENV_VARS`] that `var` knows, in the order of that list.
fn env_facts(var: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    ENV_VARS
        .iter()
        .filter_map(|name| var(name).map(|value| (name.to_string(), value)))
        .collect()
}

/// Asks the terminal its questions and waits at most `timeout` for the
/// answers (plus a short grace if a reply is cut in half). Answers nothing
/// at once when stdin or stdout is not a terminal, and on any I/O error.
/// Enables raw mode for the read if it was off, and turns it off again
/// before returning, panics included.
pub fn probe_terminal(timeout: Duration) -> TerminalFacts {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return TerminalFacts::default();
    }
    #[cfg(unix)]
    {
        tty::probe(timeout).map_or_else(|_| TerminalFacts::default(), |b| facts_from_replies(&b))
    }
    #[cfg(not(unix))]
    {
        let _ = timeout;
        TerminalFacts::default()
    }
}

/// The terminal's answer about BDSM alone (see [`probe_terminal`]).
pub fn probe_decrqm(timeout: Duration) -> Decrqm {
    probe_terminal(timeout).decrqm_mode8
}

/// The answer about mode 8 among the replies, skipping replies about other
/// modes.
fn mode8_answer(bytes: &[u8]) -> Decrqm {
    decrpm_replies(bytes)
        .find(|(mode, _)| *mode == 8)
        .map_or(Decrqm::NoReply, |(_, answer)| answer)
}

/// Replies in the DEC private form, `CSI ? Pa ; Ps $ y`.
fn private_decrpm_replies(bytes: &[u8]) -> impl Iterator<Item = (u16, Decrqm)> + '_ {
    (0..bytes.len()).filter_map(|i| parse_decrpm_body(bytes[i..].strip_prefix(b"\x1b[?")?))
}

/// The text of an XTVERSION reply, `DCS > | text ST` (DCS is `ESC P`, ST
/// is `ESC \` or BEL as some terminals end it), with anything that is not
/// printable ASCII dropped and at most 64 characters kept.
fn xtversion_reply(bytes: &[u8]) -> Option<String> {
    let start = bytes.windows(4).position(|w| w == b"\x1bP>|")? + 4;
    let rest = &bytes[start..];
    let end = rest
        .iter()
        .position(|&b| b == 0x1b || b == 0x07 || b == 0x9c)?;
    let text: String = rest[..end]
        .iter()
        .filter(|b| (0x20..0x7f).contains(*b))
        .take(64)
        .map(|&b| char::from(b))
        .collect();
    Some(text)
}

/// The parameters of a DA2 reply, `CSI > Pp ; Pv ; Pc c`.
fn da2_reply(bytes: &[u8]) -> Option<Vec<u32>> {
    (0..bytes.len()).find_map(|i| {
        let rest = bytes[i..].strip_prefix(b"\x1b[>")?;
        let n = rest
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        (rest.get(n) == Some(&b'c')).then_some(())?;
        std::str::from_utf8(&rest[..n])
            .ok()?
            .split(';')
            .map(|p| p.parse().ok())
            .collect()
    })
}

/// Whether the DA1 reply (`CSI ? Ps ; … c`) is in `bytes`: the sentinel
/// that ends the probe.
fn has_da1_reply(bytes: &[u8]) -> bool {
    bytes.windows(3).enumerate().any(|(i, w)| {
        w == b"\x1b[?" && {
            let params = &bytes[i + 3..];
            let n = params
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b';')
                .count();
            params.get(n) == Some(&b'c')
        }
    })
}

/// Whether `bytes` ends inside an unfinished escape sequence: an ESC, or a
/// CSI whose final byte (0x40–0x7E) has not arrived.
fn ends_inside_sequence(bytes: &[u8]) -> bool {
    let Some(esc) = bytes.iter().rposition(|&b| b == 0x1b) else {
        return false;
    };
    match &bytes[esc + 1..] {
        [] => true,
        [b'[', rest @ ..] => rest.iter().all(|b| (0x20..=0x3f).contains(b)),
        _ => false,
    }
}

#[cfg(unix)]
mod tty {
    use super::{ends_inside_sequence, has_da1_reply};
    use crate::terminal::sequences::write_probe_query;
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode, is_raw_mode_enabled};
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use std::fs::{File, OpenOptions};
    use std::io::{self, Read, Write};
    use std::time::{Duration, Instant};

    /// Extra wait, once, when the timeout ends in the middle of a reply:
    /// the rest would otherwise reach the event loop as bogus key presses.
    const GRACE: Duration = Duration::from_millis(50);

    /// Raw mode for the probe's lifetime, if it was not on already.
    struct RawModeGuard {
        enabled_here: bool,
    }

    impl RawModeGuard {
        fn enable() -> io::Result<RawModeGuard> {
            let enabled_here = !is_raw_mode_enabled()?;
            if enabled_here {
                enable_raw_mode()?;
            }
            Ok(RawModeGuard { enabled_here })
        }
    }

    impl Drop for RawModeGuard {
        fn drop(&mut self) {
            if self.enabled_here {
                let _ = disable_raw_mode();
            }
        }
    }

    /// Sends the query and returns every byte read back.
    pub(super) fn probe(timeout: Duration) -> io::Result<Vec<u8>> {
        let mut tty = OpenOptions::new().read(true).write(true).open("/dev/tty")?;
        // Raw mode first: no echo of the replies, and bytes are readable
        // one by one rather than a line at a time.
        let _raw = RawModeGuard::enable()?;
        write_probe_query(&mut tty)?;
        tty.flush()?;
        read_replies(&tty, timeout)
    }

    fn read_replies(tty: &File, timeout: Duration) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut deadline = Instant::now() + timeout;
        let mut extended = false;
        while !has_da1_reply(&bytes) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                if extended || !ends_inside_sequence(&bytes) {
                    break;
                }
                extended = true;
                deadline = Instant::now() + GRACE;
                continue;
            }
            if readable(tty, left)? {
                let mut chunk = [0u8; 256];
                match (&*tty).read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => bytes.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(bytes)
    }

    /// Waits up to `wait` for input; false on timeout or a signal.
    fn readable(tty: &File, wait: Duration) -> io::Result<bool> {
        let wait = Timespec::try_from(wait).map_err(io::Error::other)?;
        let mut fds = [PollFd::new(tty, PollFlags::IN)];
        match poll(&mut fds, Some(&wait)) {
            Ok(n) => Ok(n > 0),
            Err(rustix::io::Errno::INTR) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode8_answer_skips_replies_about_other_modes() {
        let bytes = b"\x1b[?2026;2$y\x1b[8;1$y\x1b[?62c";
        assert_eq!(mode8_answer(bytes), Decrqm::Set);
        assert_eq!(mode8_answer(b"\x1b[?2026;2$y"), Decrqm::NoReply);
        assert_eq!(mode8_answer(b""), Decrqm::NoReply);
    }

    #[test]
    fn replies_of_the_rig_terminals_become_facts() {
        // VTE 0.70: mode 8 set, 2500/2501 reset, no XTVERSION, DA2 65.
        let vte = facts_from_replies(
            b"\x1b[8;1$y\x1b[?2500;2$y\x1b[?2501;2$y\x1b[>65;7002;1c\x1b[?65;1;9c",
        );
        assert_eq!(vte.decrqm_mode8, Decrqm::Set);
        assert_eq!(vte.decrqm_2500, Decrqm::Reset);
        assert_eq!(vte.decrqm_2501, Decrqm::Reset);
        assert_eq!(vte.xtversion, None);
        assert_eq!(vte.da2, Some(vec![65, 7002, 1]));
        // kitty: XTVERSION, modes unknown.
        let kitty = facts_from_replies(
            b"\x1b[8;0$y\x1b[?2500;0$y\x1b[?2501;0$y\x1bP>|kitty(0.26.5)\x1b\\\x1b[>1;4000;26c\x1b[?62;c",
        );
        assert_eq!(kitty.decrqm_mode8, Decrqm::NotRecognized);
        assert_eq!(kitty.decrqm_2501, Decrqm::NotRecognized);
        assert_eq!(kitty.xtversion.as_deref(), Some("kitty(0.26.5)"));
        // A hostile reply cannot smuggle controls into --doctor.
        let odd = facts_from_replies(b"\x1bP>|x\x9b2J\x07");
        assert_eq!(odd.xtversion.as_deref(), Some("x2J"));
        assert_eq!(facts_from_replies(b"\x1b[>1;x;0c").da2, None);
    }

    #[test]
    fn da1_reply_is_found_after_other_bytes() {
        assert!(has_da1_reply(b"\x1b[8;2$y\x1b[?62;22c"));
        assert!(has_da1_reply(b"\x1b[?1;2c"));
        assert!(has_da1_reply(b"\x1b[?c"));
    }

    #[test]
    fn da1_reply_must_be_complete_and_private() {
        assert!(!has_da1_reply(b"\x1b[?62;22"));
        assert!(!has_da1_reply(b"\x1b[62;22c"));
        // DECRPM in private form is not DA1, though it starts alike.
        assert!(!has_da1_reply(b"\x1b[?8;2$y"));
    }

    #[test]
    fn unfinished_sequences_are_detected() {
        assert!(ends_inside_sequence(b"\x1b"));
        assert!(ends_inside_sequence(b"\x1b[8;2$y\x1b[?62;"));
        assert!(ends_inside_sequence(b"\x1b[8;2$"));
    }

    #[test]
    fn finished_sequences_and_plain_bytes_are_not() {
        assert!(!ends_inside_sequence(b""));
        assert!(!ends_inside_sequence(b"abc"));
        assert!(!ends_inside_sequence(b"\x1b[8;2$y"));
        assert!(!ends_inside_sequence(b"\x1b[?62;22c"));
    }

    #[test]
    fn env_facts_keeps_only_set_variables_in_list_order() {
        let env = [
            ("TERM", "xterm-kitty"),
            ("VTE_VERSION", "7600"),
            ("HOME", "/x"),
        ];
        let got = env_facts(|name| {
            env.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        });
        let want = [("VTE_VERSION", "7600"), ("TERM", "xterm-kitty")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn probe_without_a_terminal_answers_at_once() {
        // Under `cargo test` stdout is a pipe or captured; when it is not a
        // terminal the probe must not write the query nor wait.
        if io::stdout().is_terminal() && io::stdin().is_terminal() {
            return;
        }
        let start = std::time::Instant::now();
        assert_eq!(probe_decrqm(Duration::from_secs(5)), Decrqm::NoReply);
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
