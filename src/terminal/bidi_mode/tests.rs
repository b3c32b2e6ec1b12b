//! Tests of the bidi decision and of the DECRPM parser.

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

fn auto(env: &[(&str, &str)], decrqm: Decrqm) -> BidiMode {
    decide(BidiSetting::Auto, &facts(env, decrqm)).mode
}

#[test]
fn terminals_that_answer_bdsm_get_app_mode() {
    // VTE answers "set" (implicit by default) and can be switched.
    assert_eq!(auto(&[("VTE_VERSION", "7600")], Decrqm::Set), BidiMode::App);
    assert_eq!(
        auto(&[("TERM_PROGRAM", "iTerm.app")], Decrqm::Reset),
        BidiMode::App
    );
    assert_eq!(auto(&[], Decrqm::PermanentlyReset), BidiMode::App);
}

#[test]
fn the_terminals_own_answer_beats_its_environment() {
    // A future Konsole that learns BDSM is switched, not trusted to reorder.
    assert_eq!(
        auto(&[("KONSOLE_VERSION", "250400")], Decrqm::Set),
        BidiMode::App
    );
}

#[test]
fn permanently_implicit_leaves_the_bidi_to_the_terminal() {
    assert_eq!(auto(&[], Decrqm::PermanentlySet), BidiMode::Terminal);
}

#[test]
fn terminals_that_reorder_and_ignore_bdsm_get_terminal_mode() {
    for env in [
        [("KONSOLE_VERSION", "230805")],
        [("TERM_PROGRAM", "Apple_Terminal")],
    ] {
        for answer in [Decrqm::NoReply, Decrqm::NotRecognized] {
            assert_eq!(auto(&env, answer), BidiMode::Terminal, "{env:?} {answer:?}");
        }
    }
}

#[test]
fn terminals_without_bidi_get_app_mode() {
    for env in [
        vec![("TERM", "alacritty")],
        vec![("WT_SESSION", "abc")],
        vec![("TERM_PROGRAM", "ghostty")],
        vec![("TERM_PROGRAM", "vscode")],
        vec![("TERM", "foot")],
        vec![("TERM", "xterm-256color")],
        vec![],
    ] {
        assert_eq!(auto(&env, Decrqm::NotRecognized), BidiMode::App, "{env:?}");
    }
}

#[test]
fn old_vte_without_an_answer_gets_app_mode() {
    // VTE before 0.57.3 has no bidi at all.
    assert_eq!(
        auto(&[("VTE_VERSION", "5202")], Decrqm::NoReply),
        BidiMode::App
    );
}

#[test]
fn kitty_is_app_mode_and_the_reason_names_force_ltr() {
    let d = decide(
        BidiSetting::Auto,
        &facts(&[("KITTY_WINDOW_ID", "1")], Decrqm::NoReply),
    );
    assert_eq!(d.mode, BidiMode::App);
    assert!(d.reason.contains("force_ltr"), "{}", d.reason);
}

#[test]
fn force_ltr_is_only_mentioned_for_kitty() {
    let d = decide(
        BidiSetting::Auto,
        &facts(&[("TERM", "alacritty")], Decrqm::NoReply),
    );
    assert!(!d.reason.contains("force_ltr"), "{}", d.reason);
}

#[test]
fn tmux_gets_app_mode_with_a_hint_about_the_outer_terminal() {
    let env = [
        ("TMUX", "/tmp/tmux-0/default,1,0"),
        ("TERM", "tmux-256color"),
    ];
    let d = decide(BidiSetting::Auto, &facts(&env, Decrqm::NoReply));
    assert_eq!(d.mode, BidiMode::App);
    assert!(d.reason.contains("outer terminal"), "{}", d.reason);
}

#[test]
fn an_explicit_setting_wins_over_everything() {
    let konsole = facts(&[("KONSOLE_VERSION", "230805")], Decrqm::NoReply);
    assert_eq!(decide(BidiSetting::App, &konsole).mode, BidiMode::App);
    let vte = facts(&[("VTE_VERSION", "7600")], Decrqm::Set);
    assert_eq!(decide(BidiSetting::Terminal, &vte).mode, BidiMode::Terminal);
}

#[test]
fn reason_names_the_detected_terminal() {
    let d = decide(
        BidiSetting::Auto,
        &facts(&[("MLTERM", "3.9.3")], Decrqm::NoReply),
    );
    assert!(d.reason.contains("mlterm"), "{}", d.reason);
}

#[test]
fn mode_maps_to_the_engine_options() {
    assert_eq!(BidiMode::App.ordering(), Ordering::Visual);
    assert!(BidiMode::App.shaping());
    assert_eq!(BidiMode::Terminal.ordering(), Ordering::Logical);
    // Presentation forms in logical order: kept by the terminals that
    // reorder (Konsole, mlterm), where unshaped lam-alef lost a cell.
    assert!(BidiMode::Terminal.shaping());
}

#[test]
fn parses_the_ansi_reply() {
    assert_eq!(parse_decrqm_reply(b"\x1b[8;2$y"), Some((8, Decrqm::Reset)));
    assert_eq!(parse_decrqm_reply(b"\x1b[8;1$y"), Some((8, Decrqm::Set)));
    assert_eq!(
        parse_decrqm_reply(b"\x1b[8;0$y"),
        Some((8, Decrqm::NotRecognized))
    );
}

#[test]
fn parses_the_private_form_and_the_8_bit_csi() {
    assert_eq!(
        parse_decrqm_reply(b"\x1b[?8;3$y"),
        Some((8, Decrqm::PermanentlySet))
    );
    assert_eq!(
        parse_decrqm_reply(b"\x9b8;4$y"),
        Some((8, Decrqm::PermanentlyReset))
    );
}

#[test]
fn reports_other_modes_by_number() {
    assert_eq!(
        parse_decrqm_reply(b"\x1b[?2026;2$y"),
        Some((2026, Decrqm::Reset))
    );
}

#[test]
fn skips_junk_and_other_replies_before_the_reply() {
    // A typed key, a stray ESC, a cursor report, then the reply and DA1.
    let bytes = b"q\x1b\x1b[12;40R\x1b[8;2$y\x1b[?62;22c";
    assert_eq!(parse_decrqm_reply(bytes), Some((8, Decrqm::Reset)));
}

#[test]
fn rejects_malformed_or_incomplete_replies() {
    assert_eq!(parse_decrqm_reply(b""), None);
    assert_eq!(parse_decrqm_reply(b"\x1b[?62;22c"), None); // DA1 only
    assert_eq!(parse_decrqm_reply(b"\x1b[8;2$"), None); // cut short
    assert_eq!(parse_decrqm_reply(b"\x1b[8;5$y"), None); // Ps out of range
    assert_eq!(parse_decrqm_reply(b"\x1b[8;2y"), None); // no `$`
    assert_eq!(parse_decrqm_reply(b"\x1b[;2$y"), None); // no mode
    assert_eq!(parse_decrqm_reply(b"\x1b[99999;2$y"), None); // mode overflows u16
}

#[test]
fn decrqm_from_ps_covers_exactly_0_to_4() {
    let known: Vec<u16> = (0..10)
        .filter(|&ps| Decrqm::from_ps(ps).is_some())
        .collect();
    assert_eq!(known, [0, 1, 2, 3, 4]);
}

#[test]
fn facts_lookup_finds_recorded_variables_only() {
    let f = facts(&[("TERM", "xterm-kitty")], Decrqm::NoReply);
    assert_eq!(f.var("TERM"), Some("xterm-kitty"));
    assert_eq!(f.var("VTE_VERSION"), None);
    assert_eq!(f.terminal(), Some(KnownTerminal::Kitty));
}

#[test]
fn mlterm_gets_app_mode_with_its_own_switch_off_even_when_forced() {
    for setting in [BidiSetting::Auto, BidiSetting::App] {
        let d = decide(
            setting,
            &facts(&[("MLTERM", "3.9.3")], Decrqm::NotRecognized),
        );
        assert_eq!(d.mode, BidiMode::App);
        assert!(d.tweaks.mlterm_ctl_off, "{setting:?}");
        assert!(!d.tweaks.reverse_rtl_runs);
    }
    let d = decide(
        BidiSetting::Terminal,
        &facts(&[("MLTERM", "3.9.3")], Decrqm::NotRecognized),
    );
    assert_eq!(d.tweaks, Tweaks::default());
}

#[test]
fn kitty_gets_its_words_reversed_only_in_auto() {
    let kitty = facts(&[("TERM", "xterm-kitty")], Decrqm::NotRecognized);
    let d = decide(BidiSetting::Auto, &kitty);
    assert_eq!(d.mode, BidiMode::App);
    assert!(d.tweaks.reverse_rtl_runs);
    // Forced app mode is plain visual order, for `force_ltr yes`.
    assert!(!decide(BidiSetting::App, &kitty).tweaks.reverse_rtl_runs);
}

#[test]
fn replies_name_the_terminal_before_inherited_variables() {
    // kitty started from a Konsole shell: KONSOLE_VERSION is inherited,
    // but kitty answers XTVERSION.
    let mut f = facts(&[("KONSOLE_VERSION", "221203")], Decrqm::NotRecognized);
    f.xtversion = Some("kitty(0.26.5)".to_owned());
    assert_eq!(f.terminal(), Some(KnownTerminal::Kitty));
    assert!(decide(BidiSetting::Auto, &f).tweaks.reverse_rtl_runs);
    // mlterm by its DA2 alone.
    let mut m = facts(&[], Decrqm::NotRecognized);
    m.da2 = Some(vec![24, 279, 0]);
    assert!(decide(BidiSetting::Auto, &m).tweaks.mlterm_ctl_off);
}

#[test]
fn tmux_inside_a_reordering_terminal_gets_terminal_mode() {
    let tmux = ("TMUX", "/tmp/tmux-0/default,1,0");
    for outer in [("VTE_VERSION", "7006"), ("KONSOLE_VERSION", "221203")] {
        let d = decide(BidiSetting::Auto, &facts(&[tmux, outer], Decrqm::NoReply));
        assert_eq!(d.mode, BidiMode::Terminal, "{outer:?}");
        assert!(
            d.reason.contains("does not pass the bidi switch on"),
            "{}",
            d.reason
        );
    }
    // VTE before 0.58 has no bidi; an unknown outer terminal is left to
    // app mode.
    for env in [vec![tmux, ("VTE_VERSION", "5202")], vec![tmux]] {
        let d = decide(BidiSetting::Auto, &facts(&env, Decrqm::NoReply));
        assert_eq!(d.mode, BidiMode::App, "{env:?}");
    }
    // Forced app mode is honoured inside tmux too.
    let d = decide(
        BidiSetting::App,
        &facts(&[tmux, ("VTE_VERSION", "7006")], Decrqm::NoReply),
    );
    assert_eq!(d.mode, BidiMode::App);
}

#[test]
fn konsole_gets_brackets_mirrored_in_terminal_mode_only() {
    let konsole = facts(&[("KONSOLE_VERSION", "221203")], Decrqm::NotRecognized);
    let d = decide(BidiSetting::Terminal, &konsole);
    assert_eq!(d.mode, BidiMode::Terminal);
    assert!(d.tweaks.mirror_logical);
    assert!(!decide(BidiSetting::App, &konsole).tweaks.mirror_logical);
    let vte = facts(&[("VTE_VERSION", "7006")], Decrqm::NotRecognized);
    assert!(!decide(BidiSetting::Terminal, &vte).tweaks.mirror_logical);
}
