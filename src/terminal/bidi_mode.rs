//! Who does the bidi: qari or the terminal, and how qari's output is
//! adjusted for the terminal. Pure decision logic over facts gathered
//! elsewhere ([`super::probe`]); no I/O.
//!
//! A terminal that reorders text (implicit bidi) reverses again any text an
//! application has already put in visual order, and one that does not
//! reorder shows logical-order Arabic backwards. So qari must know which
//! kind it runs in. With [`BidiSetting::Auto`], [`decide`] goes:
//!
//! 1. **DECRQM says mode 8 (BDSM) is set or reset** → [`BidiMode::App`].
//!    The terminal knows BDSM and lets it be changed (VTE, iTerm2, mintty,
//!    WezTerm): qari sends `CSI 8 l` so the terminal stops reordering, and
//!    then reorders and shapes itself. This answer beats the environment,
//!    since it comes from the terminal itself.
//! 2. **Permanently reset** (explicit for good) → App: it never reorders.
//!    **Permanently set** (implicit for good) → [`BidiMode::Terminal`].
//! 3. **The terminal by name** (its XTVERSION or DA2 reply first, the
//!    environment after; see [`TerminalFacts::terminal`]):
//!    - **Konsole, macOS Terminal** → Terminal: they reorder every row and
//!      cannot be told not to, so qari sends each row's text in logical
//!      order (shaped into presentation forms, which they keep) inside an
//!      isolate.
//!    - **mlterm** → App, with mlterm's own switch (`OSC 5379 ;
//!      use_ctl=false`) turning its bidi off while qari runs: it ignores
//!      BDSM, and its cells for FSI/PDI (one column each, drawn as boxes)
//!      made terminal mode shift every row there.
//!    - **kitty** → App, with the cells of each right-to-left word sent in
//!      reverse: kitty shapes each run of cells between spaces with
//!      HarfBuzz in the run's own direction, which reverses an Arabic word
//!      in its cells; sending it reversed makes kitty put it right.
//!    - **tmux/screen** → they do no bidi, hide the outer terminal and drop
//!      `CSI 8 l`: Terminal when the environment names a VTE (0.58 or
//!      later) or Konsole outside, which would reorder app mode's rows
//!      again (seen with tmux in VTE 0.70), else App.
//! 4. **Everything else** → App: xterm, Alacritty, Windows Terminal,
//!    Ghostty, foot… show cells as sent.
//!
//! What was seen in each terminal: README, "Terminals".

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

    /// Whether qari shapes Arabic itself: in both modes. In terminal mode
    /// the presentation forms go out in logical order: the terminals that
    /// reorder keep them (Konsole's ICU turns them back into letters and
    /// shapes them again, one cell each), whereas unshaped lam + alef
    /// became one glyph and a blank cell in Konsole, and one cell less in
    /// mlterm, shifting the rest of the row.
    pub fn shaping(self) -> bool {
        true
    }
}

/// How qari's output is adjusted for one terminal, beyond [`BidiMode`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tweaks {
    /// kitty: the cells of each right-to-left run (between spaces) are
    /// sent in reverse, mirrored, since kitty reverses them when it shapes.
    pub reverse_rtl_runs: bool,
    /// mlterm: its complex text layout is turned off while qari runs
    /// (`OSC 5379 ; use_ctl=false`), in app mode.
    pub mlterm_ctl_off: bool,
    /// Konsole: it reorders but does not mirror, so in terminal mode qari
    /// sends the brackets of right-to-left text mirrored.
    pub mirror_logical: bool,
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
    /// Its answer about VTE's private mode 2500 (box drawing mirrored in
    /// RTL rows). Reported only: it acts on mirrored rows, and qari's rows
    /// are explicit left-to-right.
    pub decrqm_2500: Decrqm,
    /// Its answer about VTE's private mode 2501 (paragraph direction
    /// detected). Reported only: VTE reads it in implicit mode alone.
    pub decrqm_2501: Decrqm,
    /// Its name and version from XTVERSION (`DCS > | text ST`), controls
    /// removed.
    pub xtversion: Option<String>,
    /// The parameters of its DA2 reply (`CSI > Pp ; Pv ; Pc c`).
    pub da2: Option<Vec<u32>>,
}

impl TerminalFacts {
    /// The value of environment variable `name`, if it was recorded.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Inside tmux or screen, the terminal outside it when the environment
    /// (inherited from where the multiplexer was started) names one that
    /// reorders rows itself and cannot be reached through the multiplexer
    /// to be told not to: VTE 0.58 or later (bidi since 0.57.3), Konsole.
    pub fn outer_reorders(&self) -> Option<KnownTerminal> {
        if self.terminal() != Some(KnownTerminal::Multiplexer) {
            return None;
        }
        let vte = self
            .var("VTE_VERSION")
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v >= 5800);
        if vte {
            Some(KnownTerminal::Vte)
        } else if self.var("KONSOLE_VERSION").is_some() {
            Some(KnownTerminal::Konsole)
        } else {
            None
        }
    }

    /// The terminal: the one its replies name (they come from the terminal
    /// itself, while variables are inherited by every program started from
    /// it), else the one the environment names.
    pub fn terminal(&self) -> Option<KnownTerminal> {
        self.xtversion
            .as_deref()
            .and_then(KnownTerminal::from_xtversion)
            .or_else(|| self.da2.as_deref().and_then(KnownTerminal::from_da2))
            .or_else(|| KnownTerminal::identify(|name| self.var(name).map(str::to_owned)))
    }
}

/// The bidi mode to use, how the output is adjusted, and why, in words for
/// `--doctor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Who does the bidi.
    pub mode: BidiMode,
    /// Adjustments for the terminal.
    pub tweaks: Tweaks,
    /// Why, in one or two sentences.
    pub reason: String,
}

/// Chooses the bidi mode and tweaks (rules in the module doc).
pub fn decide(setting: BidiSetting, facts: &TerminalFacts) -> Decision {
    let terminal = facts.terminal();
    let (mode, mut reason) = match setting {
        BidiSetting::App => (BidiMode::App, "chosen with --bidi app.".to_owned()),
        BidiSetting::Terminal => (
            BidiMode::Terminal,
            "chosen with --bidi terminal.".to_owned(),
        ),
        BidiSetting::Auto => decide_auto(facts.decrqm_mode8, terminal, facts.outer_reorders()),
    };
    let mut tweaks = Tweaks::default();
    if mode == BidiMode::App && terminal == Some(KnownTerminal::Mlterm) {
        // mlterm's way of being told not to reorder, forced app mode too.
        tweaks.mlterm_ctl_off = true;
        reason.push_str(" mlterm's own bidi is turned off while qari runs (OSC 5379).");
    }
    if mode == BidiMode::Terminal && terminal == Some(KnownTerminal::Konsole) {
        tweaks.mirror_logical = true;
        reason.push_str(
            " Konsole does not mirror brackets in right-to-left text, so qari sends them mirrored.",
        );
    }
    if mode == BidiMode::App && terminal == Some(KnownTerminal::Kitty) {
        if setting == BidiSetting::Auto {
            tweaks.reverse_rtl_runs = true;
            reason.push_str(
                " kitty reverses each right-to-left word in its cells when it shapes it, \
                 so qari sends those words reversed (with `force_ltr yes` in kitty.conf, \
                 use --bidi app instead).",
            );
        } else {
            reason.push_str(
                " Without `force_ltr yes` in kitty.conf kitty shows every Arabic word \
                 backwards in this mode; --bidi auto sends the words so that it does not.",
            );
        }
    }
    Decision {
        mode,
        tweaks,
        reason,
    }
}

fn decide_auto(
    decrqm: Decrqm,
    terminal: Option<KnownTerminal>,
    outer_reorders: Option<KnownTerminal>,
) -> (BidiMode, String) {
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
        Some(KnownTerminal::Mlterm) => (
            BidiMode::App,
            "mlterm reorders right-to-left text itself and ignores the switch to explicit \
             mode, but has its own switch, so qari does the bidi."
                .to_owned(),
        ),
        Some(KnownTerminal::Kitty) => (
            BidiMode::App,
            "kitty does not reorder rows, so qari does the bidi.".to_owned(),
        ),
        Some(KnownTerminal::Multiplexer) => match outer_reorders {
            // Seen with tmux in VTE 0.70: tmux drops `CSI 8 l`, VTE stays
            // implicit and reversed app mode's rows again; terminal mode read
            // right there.
            Some(outer) => (
                BidiMode::Terminal,
                format!(
                    "tmux/screen does not pass the bidi switch on, and the environment names \
                     {} outside it, which reorders rows itself, so qari sends logical text.",
                    outer.name()
                ),
            ),
            None => (
                BidiMode::App,
                "tmux/screen does no bidi and hides the outer terminal, so qari does the \
                 bidi; if the outer terminal reorders too, use --bidi terminal."
                    .to_owned(),
            ),
        },
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
pub(crate) fn parse_decrpm_body(body: &[u8]) -> Option<(u16, Decrqm)> {
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
