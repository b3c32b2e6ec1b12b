//! Tests of the doctor's report: the right fix per terminal, both samples,
//! and no raw control characters.

use super::*;

fn facts(env: &[(&str, &str)], decrqm_mode8: Decrqm) -> TerminalFacts {
    TerminalFacts {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        decrqm_mode8,
        ..TerminalFacts::default()
    }
}

/// The sample lines labelled `prefix` (e.g. "A"), without their labels.
fn sample(report: &str, prefix: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| {
            let (label, text) = l.trim_start().split_once(" | ")?;
            let n = label.strip_prefix(prefix)?;
            n.parse::<usize>().ok().map(|_| text.to_owned())
        })
        .collect()
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || is_presentation_form(c)
}

fn is_presentation_form(c: char) -> bool {
    ('\u{FB50}'..='\u{FDFF}').contains(&c) || ('\u{FE70}'..='\u{FEFF}').contains(&c)
}

#[test]
fn kitty_gets_the_force_ltr_fix_only() {
    let r = report(
        &facts(&[("KITTY_WINDOW_ID", "1")], Decrqm::NoReply),
        BidiSetting::Auto,
    );
    assert!(r.contains("force_ltr yes"), "{r}");
    assert!(r.contains("kitty.conf"), "{r}");
    assert!(!r.contains("Bi-Directional text rendering"), "{r}");
}

#[test]
fn konsole_keeps_its_bidi_and_gets_terminal_mode() {
    let r = report(
        &facts(&[("KONSOLE_VERSION", "230805")], Decrqm::NoReply),
        BidiSetting::Auto,
    );
    assert!(
        r.contains("keep \"Bi-Directional text rendering\" on"),
        "{r}"
    );
    assert!(r.contains("mode: terminal"), "{r}");
    assert!(!r.contains("force_ltr"), "{r}");
}

#[test]
fn vte_needs_nothing_and_uses_app_mode() {
    let r = report(
        &facts(&[("VTE_VERSION", "7600")], Decrqm::Set),
        BidiSetting::Auto,
    );
    assert!(
        r.contains("nothing to do; qari switches its bidi to explicit mode before entering"),
        "{r}"
    );
    assert!(r.contains("mode: app"), "{r}");
}

#[test]
fn the_setting_is_honoured_in_the_report() {
    let r = report(
        &facts(&[("VTE_VERSION", "7600")], Decrqm::Set),
        BidiSetting::Terminal,
    );
    assert!(r.contains("mode: terminal"), "{r}");
    assert!(r.contains("--bidi terminal"), "{r}");
}

#[test]
fn detected_facts_are_listed() {
    let f = facts(
        &[("TERM", "xterm-kitty"), ("KITTY_WINDOW_ID", "7")],
        Decrqm::Reset,
    );
    let r = report(&f, BidiSetting::Auto);
    assert!(r.contains("TERM=xterm-kitty"), "{r}");
    assert!(r.contains("KITTY_WINDOW_ID=7"), "{r}");
    assert!(r.contains("terminal: kitty"), "{r}");
    assert!(r.contains("2, reset"), "{r}");
    // Variables not set are named as such, and set ones are not among them.
    let not_set = r
        .lines()
        .find(|l| l.contains("not set:"))
        .unwrap_or_default();
    assert!(
        not_set.contains("VTE_VERSION") && !not_set.contains("KITTY"),
        "{not_set}"
    );
}

#[test]
fn control_characters_in_the_environment_are_not_printed() {
    let r = report(
        &facts(&[("TERM", "x\x1b[2Jy")], Decrqm::NoReply),
        BidiSetting::Auto,
    );
    assert!(!r.chars().any(|c| c.is_control() && c != '\n'), "{r:?}");
    assert!(r.contains("x\u{FFFD}[2Jy"), "{r}");
}

#[test]
fn both_samples_are_present_and_wrapped() {
    let r = report(&TerminalFacts::default(), BidiSetting::Auto);
    let (app, term) = (sample(&r, "A"), sample(&r, "T"));
    assert!(app.len() >= 2, "the sample should wrap: {app:?}");
    assert_eq!(app.len(), term.len());
}

#[test]
fn app_sample_is_shaped_and_in_visual_order() {
    let r = report(&TerminalFacts::default(), BidiSetting::Auto);
    let app = sample(&r, "A");
    let all: String = app.concat();
    assert!(all.chars().any(is_presentation_form), "{app:?}");
    assert!(!all.contains([RLI, PDI]), "{app:?}");
    assert!(all.contains("25") && !all.contains("52"), "{app:?}");
    // «Linux» ends the sentence, so in an RTL line it is leftmost.
    let line = app.iter().find(|l| l.contains("Linux")).expect("Linux");
    assert!(line.trim_start().starts_with("Linux"), "{line}");
}

#[test]
fn terminal_sample_is_logical_shaped_and_isolated() {
    let r = report(&TerminalFacts::default(), BidiSetting::Auto);
    let term = sample(&r, "T");
    for line in &term {
        assert!(line.starts_with(RLI) && line.ends_with(PDI), "{line:?}");
        assert!(line.chars().any(is_presentation_form), "{line:?}");
    }
    // Logical order: the text reads as written, Arabic first, «Linux» last
    // (compared with the presentation forms folded back to letters).
    let joined: String = term
        .iter()
        .map(|l| l.trim_matches([RLI, PDI]).trim())
        .collect::<Vec<_>>()
        .join(" ");
    let folded: String =
        unicode_normalization::UnicodeNormalization::nfkc(joined.as_str()).collect();
    assert_eq!(folded, SAMPLE);
    let line = term.iter().find(|l| l.contains("Linux")).expect("Linux");
    assert!(line.chars().nth(1).is_some_and(is_arabic_letter), "{line}");
}

#[test]
fn every_known_terminal_has_a_fix() {
    let fixes: Vec<&str> = [
        KnownTerminal::Kitty,
        KnownTerminal::Konsole,
        KnownTerminal::Vte,
        KnownTerminal::Mlterm,
        KnownTerminal::AppleTerminal,
        KnownTerminal::Multiplexer,
    ]
    .into_iter()
    .map(|t| fix(Some(t)))
    .collect();
    // Each of these has its own advice.
    for (i, a) in fixes.iter().enumerate() {
        assert!(fixes[i + 1..].iter().all(|b| a != b), "{a}");
    }
}
