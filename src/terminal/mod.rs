//! The terminal layer of the interactive reader: who does the bidi, the
//! handshake that finds out, and a session that always puts the terminal
//! back.
//!
//! Flow: [`gather_facts`] (environment + DECRQM probe) → [`decide`] (pure) →
//! [`TerminalSession::start`] (raw mode, BDSM explicit in app mode,
//! alternate screen, mouse) → the reader draws → the session's `Drop`, the
//! panic hook or the signal thread runs [`restore_terminal`].
//! `--doctor` prints [`doctor::report`].
//!
//! Files: `bidi_mode` (decision, pure), `known` (terminal from env, pure),
//! `sequences` (bytes and sources), `probe` (the only reads from the
//! terminal), `session` and `restore` (the only writes), `doctor` (pure).

pub mod bidi_mode;
pub mod doctor;
pub mod hyperlinks;
pub mod known;
pub mod probe;
pub mod restore;
pub mod scroll;
pub mod sequences;
pub mod session;

pub use bidi_mode::{
    BidiMode, BidiSetting, Decision, Decrqm, TerminalFacts, Tweaks, decide, parse_decrqm_reply,
};
pub use hyperlinks::{HyperlinkSetting, hyperlinks};
pub use known::KnownTerminal;
pub use probe::{
    DEFAULT_PROBE_TIMEOUT, environment_facts, gather_facts, probe_decrqm, probe_terminal,
};
#[cfg(unix)]
pub use restore::install_signal_handlers;
pub use restore::{install_panic_hook, restore_terminal};
pub use session::{BidiSwitch, TerminalSession};
