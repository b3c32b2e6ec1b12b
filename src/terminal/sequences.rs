//! The control sequences qari sends for bidi, with their sources, and tiny
//! writers for the pairs that are always sent together.
//!
//! Sources:
//! - ECMA-48, 5th edition (1991): BDSM is mode 8 (§7.2.1), SCP is
//!   `CSI Ps1 ; Ps2 SP k` (§8.3.111), DA is `CSI c` (§8.3.24);
//!   <https://ecma-international.org/publications-and-standards/standards/ecma-48/>.
//! - The terminal-wg bidi recommendation (Egmont Koblinger, implemented in
//!   VTE 0.57.3+, iTerm2, mintty), which gives BDSM and SCP their meaning
//!   for terminal emulators and adds `SCP 0` = back to the default;
//!   <https://terminal-wg.pages.freedesktop.org/bidi/recommendation/escape-sequences.html>.
//! - DECRQM/DECRPM, DEC STD 070 and the VT510 manual: `CSI Ps $ p` asks for
//!   ANSI mode `Ps`, the reply is `CSI Ps ; Pm $ y`.
//!
//! Everything here is plain ASCII, so it can be written to any `Write`.

use std::io::{self, Write};

/// BDSM reset, `CSI 8 l`: **explicit** mode. The terminal shows cells in the
/// order they are written and does no bidi of its own, so text qari has
/// already reordered is not reversed a second time.
pub const BDSM_EXPLICIT: &str = "\x1b[8l";

/// BDSM set, `CSI 8 h`: **implicit** mode, the terminal's default, in which
/// it runs the Unicode bidi algorithm on each paragraph. Restored on exit.
pub const BDSM_IMPLICIT: &str = "\x1b[8h";

/// SCP 1, `CSI 1 SP k`: left-to-right character path. qari lays out whole
/// rows itself (right-aligning RTL lines), so the terminal's paragraph
/// direction must be plain LTR or it would mirror the row again.
pub const SCP_LTR: &str = "\x1b[1 k";

/// SCP 0, `CSI 0 SP k`: the terminal's default paragraph direction
/// (terminal-wg; ECMA-48 leaves 0 undefined). Restored on exit.
pub const SCP_DEFAULT: &str = "\x1b[0 k";

/// DECRQM for ANSI mode 8, `CSI 8 $ p`: "is BDSM known, and is it set?".
/// The reply is `CSI 8 ; Ps $ y` (see [`super::bidi_mode::Decrqm`]).
pub const DECRQM_BDSM: &str = "\x1b[8$p";

/// DECRQM for VTE's private modes 2500 (mirror box drawing in RTL rows)
/// and 2501 (detect each paragraph's direction): `CSI ? Ps $ p`, answered
/// `CSI ? Ps ; Pm $ y`. Asked so `--doctor` can report them; qari's rows
/// are explicit left-to-right, where VTE reads neither.
pub const DECRQM_VTE_BOX_MIRROR: &str = "\x1b[?2500$p";
/// See [`DECRQM_VTE_BOX_MIRROR`].
pub const DECRQM_VTE_AUTODETECT: &str = "\x1b[?2501$p";

/// XTVERSION, `CSI > 0 q`: the terminal's name and version, answered
/// `DCS > | text ST` (xterm, kitty, mlterm ≥ 3.9.2, Konsole ≥ 22.04,
/// VTE 0.68 and ≥ 0.76, tmux, WezTerm…). It names the terminal better than
/// environment variables, which every program started from it inherits.
pub const XTVERSION: &str = "\x1b[>0q";

/// Secondary Device Attributes, `CSI > c`, answered `CSI > Pp ; Pv ; Pc c`:
/// names VTE (65 or 61), mlterm (24), tmux (84) and Konsole (1;115) by
/// their first parameters, where XTVERSION is not answered.
pub const DA2: &str = "\x1b[>c";

/// Primary Device Attributes, `CSI c`. Every terminal answers it
/// (`CSI ? … c`), and answers queries in order, so its reply arriving marks
/// the end of the replies to what was sent before it: the probe need not
/// wait for its timeout on terminals that ignore DECRQM.
pub const DA1: &str = "\x1b[c";

/// mlterm's own switch for its complex text layout (bidi and shaping):
/// `OSC 5379 ; use_ctl=false BEL` sets a configuration key from the
/// terminal side (mlterm's doc/en/PROTOCOL; not gated, unlike its
/// `5383` save). mlterm knows no BDSM (it answers DECRQM 8 with 0), so
/// this is how qari gets cells shown as sent there.
pub const MLTERM_CTL_OFF: &str = "\x1b]5379;use_ctl=false\x07";

/// The undo of [`MLTERM_CTL_OFF`]: mlterm's default (`use_ctl=true`). The
/// current value cannot be read back without the user's challenge file, so
/// the default is what is restored.
pub const MLTERM_CTL_ON: &str = "\x1b]5379;use_ctl=true\x07";

/// Writes what qari sends when it does the bidi itself: BDSM explicit, then
/// SCP LTR (and, for mlterm, its own switch). Sent **before** entering the
/// alternate screen: VTE gives each row the bidi flags current when the row
/// is made (`?1049h` makes the alternate screen's rows), and a later mode
/// change reaches only the cursor's row, and only in column 0 (vte.cc,
/// `maybe_apply_bidi_attributes`). Sent after `?1049h`, the rows stayed
/// implicit and VTE reversed qari's visual rows a second time.
pub fn write_app_bidi_on(out: &mut impl Write, mlterm: bool) -> io::Result<()> {
    out.write_all(BDSM_EXPLICIT.as_bytes())?;
    out.write_all(SCP_LTR.as_bytes())?;
    if mlterm {
        out.write_all(MLTERM_CTL_OFF.as_bytes())?;
    }
    Ok(())
}

/// Writes the undo of [`write_app_bidi_on`], in reverse order: mlterm's
/// switch, SCP default, then BDSM implicit. Sent after leaving the
/// alternate screen, so the main screen's row under the cursor (column 0
/// after the shell's newline) is implicit again for what the shell prints.
pub fn write_app_bidi_off(out: &mut impl Write, mlterm: bool) -> io::Result<()> {
    if mlterm {
        out.write_all(MLTERM_CTL_ON.as_bytes())?;
    }
    out.write_all(SCP_DEFAULT.as_bytes())?;
    out.write_all(BDSM_IMPLICIT.as_bytes())
}

/// The probe's questions, DA1 last as the sentinel: DECRQM for modes 8,
/// ?2500 and ?2501, XTVERSION, DA2, DA1.
pub const PROBE_QUERY: &str = "\x1b[8$p\x1b[?2500$p\x1b[?2501$p\x1b[>0q\x1b[>c\x1b[c";

/// Writes [`PROBE_QUERY`].
pub fn write_probe_query(out: &mut impl Write) -> io::Result<()> {
    out.write_all(PROBE_QUERY.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl Fn(&mut Vec<u8>) -> io::Result<()>) -> Vec<u8> {
        let mut out = Vec::new();
        f(&mut out).expect("writing to a Vec cannot fail");
        out
    }

    #[test]
    fn bdsm_is_ansi_mode_8_reset_for_explicit() {
        // ECMA-48: RM (`l`) resets, SM (`h`) sets; set means implicit.
        assert_eq!(BDSM_EXPLICIT.as_bytes(), b"\x1b[8l");
        assert_eq!(BDSM_IMPLICIT.as_bytes(), b"\x1b[8h");
    }

    #[test]
    fn scp_has_a_space_intermediate() {
        // Without the SP, `CSI 1 k` would be a different sequence (VPB).
        assert_eq!(SCP_LTR.as_bytes(), [0x1b, b'[', b'1', 0x20, b'k']);
        assert_eq!(SCP_DEFAULT.as_bytes(), [0x1b, b'[', b'0', 0x20, b'k']);
    }

    #[test]
    fn bidi_off_undoes_bidi_on_in_reverse_order() {
        assert_eq!(written(|o| write_app_bidi_on(o, false)), b"\x1b[8l\x1b[1 k");
        assert_eq!(
            written(|o| write_app_bidi_off(o, false)),
            b"\x1b[0 k\x1b[8h"
        );
        assert_eq!(
            written(|o| write_app_bidi_on(o, true)),
            b"\x1b[8l\x1b[1 k\x1b]5379;use_ctl=false\x07"
        );
        assert_eq!(
            written(|o| write_app_bidi_off(o, true)),
            b"\x1b]5379;use_ctl=true\x07\x1b[0 k\x1b[8h"
        );
    }

    #[test]
    fn query_puts_the_sentinel_last() {
        let parts = [
            DECRQM_BDSM,
            DECRQM_VTE_BOX_MIRROR,
            DECRQM_VTE_AUTODETECT,
            XTVERSION,
            DA2,
            DA1,
        ];
        assert_eq!(PROBE_QUERY, parts.concat());
        assert_eq!(written(write_probe_query), PROBE_QUERY.as_bytes());
    }
}
