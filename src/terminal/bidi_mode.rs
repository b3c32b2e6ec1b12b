//! Who does the bidi: qari or the terminal. Pure decision logic over facts
//! gathered elsewhere ([`super::probe`]); no I/O.
//!
//! A terminal that reorders text (implicit bidi) reverses again any text an
//! application has already put in visual order, and one that does not
//! reorder shows logical-order Arabic backwards. So qari must know which
//! kind it runs in. With [`BidiSetting::Auto`], [`decide`] goes:
//!
//! 1. **DECRQM says mode 8 (BDSM) is set or reset** → [`BidiMode::App`].
//!    The terminal knows BDSM and lets it be changed (VTE, iTerm2, mintty,
//!    WezTerm): qari sends `CSI 8 l` so the terminal stops reordering, and
//!    then reorders and shapes itself, which is right for any content, box
//!    drawing included. This answer beats the environment, since it comes
//!    from the terminal itself.
//! 2. **Permanently reset** (explicit for good) → App: it never reorders.
//!    **Permanently set** (implicit for good) → [`BidiMode::Terminal`]: it
//!    always reorders and cannot be told not to.
//! 3. **Konsole, mlterm, macOS Terminal** (by `KONSOLE_VERSION`, `MLTERM`,
//!    `TERM_PROGRAM=Apple_Terminal`) → Terminal: they reorder on their own
//!    and ignore `CSI 8 l` (terminal-wg 2019 survey), so qari sends logical
//!    text in FSI…PDI isolates and lets them do the bidi and the shaping.
//! 4. **Everything else** → App. Alacritty, kitty, Windows Terminal,
//!    Ghostty, xterm.js, foot, tmux… do no bidi, so only qari can. kitty is
//!    App too, but it flips the letters inside RTL words unless `force_ltr`
//!    is set in kitty.conf, and the reason says so.
//!
//! Evidence for each terminal: `shared/READERS-AND-TERMINALS.md` §2.

use super::known::KnownTerminal;
use crate::text::Ordering;

/// Who reorders (and shapes) right-to-left text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BidiMode {
    /// qari: visual order and presentation forms, terminal in explicit mode.
    #[default]
    App,
    /// The terminal: qari writes logical order, unshaped, in isolates.
    Terminal,
}

impl BidiMode {
    /// The text engine's ordering for this mode.
    pub fn ordering(self) -> Ordering {
        match self {
            BidiMode::App => Ordering::Visual,
            BidiMode::Terminal => Ordering::Logical,
        }
    }

    /// Whether qari shapes Arabic itself: only when it also reorders, since
    /// the terminals that reorder also shape (and shaping is done in logical
    /// order, so it cannot be left to a terminal that sees visual text).
    pub fn shaping(self) -> bool {
        self == BidiMode::App
    }
}

/// The user's choice (`--bidi`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BidiSetting {
    /// Decide from the terminal's answer and the environment.
    #[default]
    Auto,
    /// qari does the bidi.
    App,
    /// The terminal does the bidi.
    Terminal,
}

/// A terminal's reply to DECRQM for mode 8 (`CSI 8 ; Ps $ y`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Decrqm {
    /// No reply: not a terminal, an old terminal, or too slow.
    #[default]
    NoReply,
    /// Ps = 0: the terminal does not know mode 8.
    NotRecognized,
    /// Ps = 1: set, i.e. implicit (the terminal reorders), changeable.
    Set,
    /// Ps = 2: reset, i.e. explicit (no reordering), changeable.
    Reset,
    /// Ps = 3: permanently set: always reorders.
    PermanentlySet,
    /// Ps = 4: permanently reset: never reorders.
    PermanentlyReset,
}

impl Decrqm {
    /// The value for a DECRPM `Ps` parameter, if it is one of 0–4.
    pub fn from_ps(ps: u16) -> Option<Decrqm> {
        Some(match ps {
            0 => Decrqm::NotRecognized,
            1 => Decrqm::Set,
            2 => Decrqm::Reset,
            3 => Decrqm::PermanentlySet,
            4 => Decrqm::PermanentlyReset,
            _ => return None,
        })
    }
}

/// The environment variables that name a terminal (see [`KnownTerminal`]).
pub const ENV_VARS: [&str; 8] = [
    "VTE_VERSION",
    "KONSOLE_VERSION",
    "TERM_PROGRAM",
    "TERM",
    "MLTERM",
    "KITTY_WINDOW_ID",
    "WT_SESSION",
    "TMUX",
];

/// What qari knows about its terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TerminalFacts {
    /// The [`ENV_VARS`] that are set, with their values.
    pub env: Vec<(String, String)>,
    /// The terminal's answer about mode 8 (BDSM).
    pub decrqm_mode8: Decrqm,
}

impl TerminalFacts {
    /// The value of environment variable `name`, if it was recorded.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The terminal the environment names.
    pub fn terminal(&self) -> Option<KnownTerminal> {
        KnownTerminal::identify(|name| self.var(name).map(str::to_owned))
    }
}

/// The bidi mode to use, and why, in words for `--doctor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Who does the bidi.
    pub mode: BidiMode,
    /// Why, in one or two sentences.
    pub reason: String,
}

/// Chooses the bidi mode (rules in the module doc).
pub fn decide(setting: BidiSetting, facts: &TerminalFacts) -> Decision {
    let terminal = facts.terminal();
    let (mode, mut reason) = match setting {
        BidiSetting::App => (BidiMode::App, "chosen with --bidi app.".to_owned()),
        BidiSetting::Terminal => (
            BidiMode::Terminal,
            "chosen with --bidi terminal.".to_owned(),
        ),
        BidiSetting::Auto => decide_auto(facts.decrqm_mode8, terminal),
    };
    if mode == BidiMode::App && terminal == Some(KnownTerminal::Kitty) {
        reason.push_str(
            " kitty flips the letters inside right-to-left words unless `force_ltr yes` \
             is in kitty.conf.",
        );
    }
    Decision { mode, reason }
}

fn decide_auto(decrqm: Decrqm, terminal: Option<KnownTerminal>) -> (BidiMode, String) {
    let answer = match decrqm {
        Decrqm::Set | Decrqm::Reset => Some((
            BidiMode::App,
            "the terminal reports mode 8 (BDSM) as changeable, so qari switches it to \
             explicit mode and does the bidi itself.",
        )),
        Decrqm::PermanentlyReset => Some((
            BidiMode::App,
            "the terminal reports mode 8 (BDSM) as permanently explicit: it never reorders.",
        )),
        Decrqm::PermanentlySet => Some((
            BidiMode::Terminal,
            "the terminal reports mode 8 (BDSM) as permanently implicit: it always \
             reorders, so qari leaves the bidi to it.",
        )),
        Decrqm::NoReply | Decrqm::NotRecognized => None,
    };
    if let Some((mode, why)) = answer {
        return (mode, why.to_owned());
    }
    match terminal {
        Some(t) if t.reorders_regardless() => (
            BidiMode::Terminal,
            format!(
                "{} reorders right-to-left text itself and ignores the switch to \
                 explicit mode, so qari sends logical text and lets it do the bidi.",
                t.name()
            ),
        ),
        Some(KnownTerminal::Multiplexer) => (
            BidiMode::App,
            "tmux/screen does no bidi and hides the outer terminal, so qari does the \
             bidi; if the outer terminal reorders too, turn its bidi off or use \
             --bidi terminal."
                .to_owned(),
        ),
        Some(t) => (
            BidiMode::App,
            format!("{} does not reorder text, so qari does the bidi.", t.name()),
        ),
        None => (
            BidiMode::App,
            "no terminal that reorders text was detected, so qari does the bidi.".to_owned(),
        ),
    }
}

/// Finds a DECRQM reply (DECRPM) in `bytes`: `CSI Pa ; Ps $ y` (the ANSI
/// form, the reply to qari's query) or `CSI ? Pa ; Ps $ y` (the DEC private
/// form, accepted too since qari sends no private query that it could be
/// confused with). CSI is `ESC [` or the 8-bit 0x9B. Bytes before the reply
/// (other replies, typed keys) are skipped. Returns the mode `Pa` and the
/// answer, or `None` when no well-formed reply with `Ps` in 0–4 is found.
pub fn parse_decrqm_reply(bytes: &[u8]) -> Option<(u16, Decrqm)> {
    decrpm_replies(bytes).next()
}

/// Every DECRQM reply in `bytes`, in order (see [`parse_decrqm_reply`]).
pub(crate) fn decrpm_replies(bytes: &[u8]) -> impl Iterator<Item = (u16, Decrqm)> + '_ {
    (0..bytes.len()).filter_map(|i| {
        let rest = match bytes[i..] {
            [0x1b, b'[', ..] => &bytes[i + 2..],
            [0x9b, ..] => &bytes[i + 1..],
            _ => return None,
        };
        parse_decrpm_body(rest.strip_prefix(b"?").unwrap_or(rest))
    })
}

/// Parses `Pa ; Ps $ y` at the start of `body`.
fn parse_decrpm_body(body: &[u8]) -> Option<(u16, Decrqm)> {
    let (mode, rest) = leading_number(body)?;
    let (ps, rest) = leading_number(rest.strip_prefix(b";")?)?;
    rest.starts_with(b"$y").then_some(())?;
    Some((mode, Decrqm::from_ps(ps)?))
}

/// A decimal number at the start of `bytes`, and what follows it.
fn leading_number(bytes: &[u8]) -> Option<(u16, &[u8])> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let text = std::str::from_utf8(&bytes[..digits]).ok()?;
    Some((text.parse().ok()?, &bytes[digits..]))
}

#[cfg(test)]
mod tests;
