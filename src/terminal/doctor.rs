//! `--doctor`: what qari detected about the terminal, the bidi mode it
//! would use and why, the one-line fix for the detected terminal, and a
//! sample laid out in both modes so a person can see which reads correctly.
//!
//! Pure: facts in, text out. The only RTL text printed is qari's own fixed
//! sample, never article text; environment values are printed with their
//! control characters replaced, so a hostile `TERM` cannot inject escapes.

use super::bidi_mode::{BidiMode, BidiSetting, Decrqm, ENV_VARS, TerminalFacts, decide};
use super::known::KnownTerminal;
use crate::text::{Direction, LayoutOptions, ParaDirMode, VisualLine, layout_str};

/// The sample: «The director said that 25 companies use Linux». A number
/// and a Latin word inside Arabic show both reordering faults at once: a
/// double reversal prints «52» or moves «Linux» to the wrong end.
pub const SAMPLE: &str = "قال المدير إن 25 شركة تستخدم Linux";

/// Width of the sample's column: narrow enough to wrap into two lines, since
/// lines are reordered one by one.
const SAMPLE_WIDTH: usize = 24;

/// RIGHT-TO-LEFT ISOLATE and POP DIRECTIONAL ISOLATE (UAX #9 §2.4):
/// terminal mode wraps each line in them so the label beside it cannot
/// change its order.
const RLI: char = '\u{2067}';
const PDI: char = '\u{2069}';

/// The doctor's report, as lines of text joined with `\n`.
pub fn report(facts: &TerminalFacts, setting: BidiSetting) -> String {
    let mut lines = vec!["qari terminal report".to_owned(), String::new()];
    lines.extend(detected(facts));
    lines.push(String::new());
    lines.extend(decision(facts, setting));
    lines.push(String::new());
    lines.push("Fix:".to_owned());
    lines.push(format!("  {}", fix(facts.terminal())));
    lines.push(String::new());
    lines.extend(samples());
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The environment variables found, the terminal they name, and the DECRQM
/// answer.
fn detected(facts: &TerminalFacts) -> Vec<String> {
    let mut lines = vec!["Detected:".to_owned()];
    for (name, value) in &facts.env {
        lines.push(format!("  {name}={}", printable(value)));
    }
    let missing: Vec<&str> = ENV_VARS
        .iter()
        .copied()
        .filter(|name| facts.var(name).is_none())
        .collect();
    if !missing.is_empty() {
        lines.push(format!("  not set: {}", missing.join(", ")));
    }
    lines.push(format!(
        "  XTVERSION: {}",
        facts
            .xtversion
            .as_deref()
            .map_or("no reply".to_owned(), printable)
    ));
    lines.push(format!(
        "  DA2: {}",
        facts.da2.as_ref().map_or("no reply".to_owned(), |p| {
            p.iter().map(u32::to_string).collect::<Vec<_>>().join(";")
        })
    ));
    let terminal = facts
        .terminal()
        .map_or("not recognised", KnownTerminal::name);
    lines.push(format!("  terminal: {terminal}"));
    lines.push(format!(
        "  DECRQM mode 8 (BDSM): {}",
        describe_decrqm(facts.decrqm_mode8)
    ));
    for (mode, what, answer) in [
        (2500, "box drawing mirrored", facts.decrqm_2500),
        (2501, "direction autodetected", facts.decrqm_2501),
    ] {
        if answer != Decrqm::NoReply {
            lines.push(format!(
                "  DECRQM mode ?{mode} ({what}): {}",
                describe_switch(answer)
            ));
        }
    }
    lines
}

fn describe_decrqm(answer: Decrqm) -> &'static str {
    match answer {
        Decrqm::NoReply => "no reply (not a terminal, no DECRQM support, or too slow)",
        Decrqm::NotRecognized => "0, not recognised: the terminal has no bidi switch",
        Decrqm::Set => "1, set: implicit (the terminal reorders), can be switched",
        Decrqm::Reset => "2, reset: explicit (no reordering), can be switched",
        Decrqm::PermanentlySet => "3, permanently set: the terminal always reorders",
        Decrqm::PermanentlyReset => "4, permanently reset: the terminal never reorders",
    }
}

/// A DECRQM answer about an on/off mode other than BDSM.
fn describe_switch(answer: Decrqm) -> &'static str {
    match answer {
        Decrqm::NoReply => "no reply",
        Decrqm::NotRecognized => "0, not recognised",
        Decrqm::Set => "1, on",
        Decrqm::Reset => "2, off",
        Decrqm::PermanentlySet => "3, always on",
        Decrqm::PermanentlyReset => "4, always off",
    }
}

/// The mode qari would use and why.
fn decision(facts: &TerminalFacts, setting: BidiSetting) -> Vec<String> {
    let d = decide(setting, facts);
    let setting = match setting {
        BidiSetting::Auto => "auto",
        BidiSetting::App => "app",
        BidiSetting::Terminal => "terminal",
    };
    let mode = match d.mode {
        BidiMode::App => "app: qari reorders and shapes (line A below)",
        BidiMode::Terminal => "terminal: qari shapes, the terminal reorders (line T below)",
    };
    let mut lines = vec![
        format!("Bidi (--bidi {setting}):"),
        format!("  mode: {mode}"),
        format!("  why: {}", d.reason),
    ];
    if d.tweaks.reverse_rtl_runs {
        lines.push("  kitty: right-to-left words are sent reversed (line K below)".to_owned());
    }
    lines
}

/// The one-line fix for `terminal`: what was seen in the real-terminal rig
/// (tests/terminals/shoot.sh) for the terminals it has.
fn fix(terminal: Option<KnownTerminal>) -> &'static str {
    use KnownTerminal as T;
    match terminal {
        Some(T::Kitty) => {
            "kitty: nothing to do; qari sends each Arabic word so that kitty's own shaping turns \
             it the right way, and hides harakat, which kitty draws a cell off (v shows them; \
             `tashkeel = true` in the config keeps them). If kitty.conf has `force_ltr yes`, \
             use --bidi app instead."
        }
        Some(T::Konsole) => {
            "Konsole: nothing to do; it reorders each row itself (keep \"Bi-Directional text \
             rendering\" on in the profile), qari sends shaped text in logical order."
        }
        Some(T::Vte) => {
            "VTE (GNOME Terminal…): nothing to do; qari switches its bidi to explicit mode \
             before entering its screen and back to implicit on the way out."
        }
        Some(T::Mlterm) => {
            "mlterm: nothing to do; qari turns mlterm's own bidi off (OSC 5379 use_ctl) while it \
             runs and back on at exit."
        }
        Some(T::AppleTerminal) => {
            "macOS Terminal: nothing to do; --bidi terminal is used, since it always reorders."
        }
        Some(T::Multiplexer) => {
            "tmux/screen: they do not pass the bidi switch on. qari uses terminal mode when the \
             environment names VTE or Konsole outside, app mode otherwise; if rows read backwards, \
             try the other --bidi mode."
        }
        Some(T::ITerm2 | T::WezTerm | T::Mintty) => {
            "nothing to do; qari switches the terminal's bidi (if enabled) to explicit mode."
        }
        Some(_) => "nothing to do: this terminal shows cells as sent, and qari does the bidi.",
        None => "none known; if line T reads correctly and line A does not, use --bidi terminal.",
    }
}

/// The sample laid out in both modes, each line labelled.
fn samples() -> Vec<String> {
    let mut lines = vec![
        "Sample («The director said that 25 companies use Linux»):".to_owned(),
        "  which reads right to left, with 25 and Linux in place?".to_owned(),
        "  A = app mode (--bidi app): qari reorders and shapes".to_owned(),
    ];
    for (i, line) in sample_lines(BidiMode::App).iter().enumerate() {
        lines.push(format!("    A{} | {}", i + 1, line.text));
    }
    lines.push(
        "  T = terminal mode (--bidi terminal): logical order, the terminal reorders".to_owned(),
    );
    for (i, line) in sample_lines(BidiMode::Terminal).iter().enumerate() {
        lines.push(format!("    T{} | {RLI}{}{PDI}", i + 1, line.text));
    }
    lines.push(
        "  K = kitty (--bidi auto in kitty): app mode with each word sent reversed, for a font \
         without Arabic (`kitty_font_has_arabic` in the config says otherwise)"
            .to_owned(),
    );
    for (i, line) in sample_lines(BidiMode::App).iter().enumerate() {
        lines.push(format!(
            "    K{} | {}",
            i + 1,
            crate::text::rtl_runs::reversed_for_kitty(&line.text, Default::default())
        ));
    }
    lines.push(
        "  In terminals that honour the bidi switch (VTE, iTerm2, mintty) line A can look wrong \
         here and still be right in the reader, which switches their reordering off."
            .to_owned(),
    );
    lines.push(
        "  Letters shown as boxes or unjoined mean the font lacks Arabic: pick one that has it."
            .to_owned(),
    );
    lines
}

/// [`SAMPLE`] laid out by qari's engine as `mode` needs it.
fn sample_lines(mode: BidiMode) -> Vec<VisualLine> {
    let opts = LayoutOptions {
        width: SAMPLE_WIDTH,
        shaping: mode.shaping(),
        ordering: mode.ordering(),
        para_dir: ParaDirMode::Words,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    layout_str(SAMPLE, &opts).lines
}

/// `value` with control characters replaced by U+FFFD.
fn printable(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests;
