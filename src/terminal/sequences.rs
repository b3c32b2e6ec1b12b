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

/// Primary Device Attributes, `CSI c`. Every terminal answers it
/// (`CSI ? … c`), and answers queries in order, so its reply arriving marks
/// the end of the replies to what was sent before it: the probe need not
/// wait for its timeout on terminals that ignore DECRQM.
pub const DA1: &str = "\x1b[c";

/// Writes what qari sends when it does the bidi itself: BDSM explicit, then
/// SCP LTR. Sent after entering the alternate screen, because terminals
/// record the paragraph direction per line.
pub fn write_app_bidi_on(out: &mut impl Write) -> io::Result<()> {
    out.write_all(BDSM_EXPLICIT.as_bytes())?;
    out.write_all(SCP_LTR.as_bytes())
}

/// Writes the undo of [`write_app_bidi_on`], in reverse order: SCP default,
/// then BDSM implicit.
pub fn write_app_bidi_off(out: &mut impl Write) -> io::Result<()> {
    out.write_all(SCP_DEFAULT.as_bytes())?;
    out.write_all(BDSM_IMPLICIT.as_bytes())
}

/// Writes the DECRQM query for mode 8 followed by DA1 as the sentinel.
pub fn write_decrqm_query(out: &mut impl Write) -> io::Result<()> {
    out.write_all(DECRQM_BDSM.as_bytes())?;
    out.write_all(DA1.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: fn(&mut Vec<u8>) -> io::Result<()>) -> Vec<u8> {
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
        assert_eq!(written(write_app_bidi_on), b"\x1b[8l\x1b[1 k");
        assert_eq!(written(write_app_bidi_off), b"\x1b[0 k\x1b[8h");
    }

    #[test]
    fn query_puts_the_sentinel_last() {
        assert_eq!(written(write_decrqm_query), b"\x1b[8$p\x1b[c");
    }
}
