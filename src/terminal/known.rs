//! Which terminal the environment names, from its variables alone. Pure.
//!
//! Child processes inherit these variables, so a kitty started from a GNOME
//! Terminal shell still has `VTE_VERSION`. The checks therefore go from the
//! variables a terminal overwrites (`TERM_PROGRAM`, `TERM`) to those it only
//! adds (`KITTY_WINDOW_ID`, `KONSOLE_VERSION`, `VTE_VERSION`, …). A
//! multiplexer comes first: inside tmux or screen the outer terminal is
//! hidden, whatever its variables say.

/// A terminal whose bidi behaviour qari knows (see
/// `shared/READERS-AND-TERMINALS.md` §2 for the evidence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KnownTerminal {
    /// tmux or GNU screen: does no bidi, and does not pass BDSM on.
    Multiplexer,
    /// VTE-based (GNOME Terminal, Tilix, xfce4-terminal…): honours BDSM.
    Vte,
    /// Konsole: reorders each row (ICU) and ignores BDSM.
    Konsole,
    /// mlterm: reorders each row and ignores BDSM, but has its own switch.
    Mlterm,
    /// macOS Terminal.app: reorders each row and ignores BDSM.
    AppleTerminal,
    /// iTerm2: bidi is opt-in, and then honours BDSM.
    ITerm2,
    /// WezTerm: bidi is opt-in.
    WezTerm,
    /// mintty: honours BDSM.
    Mintty,
    /// kitty: no reordering, but it reverses each RTL word in its cells
    /// unless `force_ltr` is set.
    Kitty,
    /// Windows Terminal: no bidi.
    WindowsTerminal,
    /// Ghostty: no bidi.
    Ghostty,
    /// Alacritty: no bidi.
    Alacritty,
    /// foot: no bidi.
    Foot,
    /// xterm.js (VS Code's terminal): no bidi.
    XtermJs,
}

impl KnownTerminal {
    /// The terminal named by `var` (an environment lookup), if any.
    pub fn identify(var: impl Fn(&str) -> Option<String>) -> Option<KnownTerminal> {
        let term = var("TERM").unwrap_or_default();
        if var("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
            return Some(KnownTerminal::Multiplexer);
        }
        if let Some(t) = var("TERM_PROGRAM").and_then(|p| from_term_program(&p)) {
            return Some(t);
        }
        if let Some(t) = from_term(&term) {
            return Some(t);
        }
        // Variables a terminal adds but never overwrites, most specific first.
        const ADDED: [(&str, KnownTerminal); 5] = [
            ("KITTY_WINDOW_ID", KnownTerminal::Kitty),
            ("WT_SESSION", KnownTerminal::WindowsTerminal),
            ("KONSOLE_VERSION", KnownTerminal::Konsole),
            ("MLTERM", KnownTerminal::Mlterm),
            ("VTE_VERSION", KnownTerminal::Vte),
        ];
        ADDED
            .iter()
            .find(|(name, _)| var(name).is_some())
            .map(|(_, t)| *t)
    }

    /// The terminal an XTVERSION reply names (`VTE(7600)`, `kitty(0.26.5)`,
    /// `mlterm(3.9.3)`, `Konsole 22.12.3`, `tmux 3.3a`, `XTerm(379)`…).
    pub fn from_xtversion(reply: &str) -> Option<KnownTerminal> {
        const NAMES: [(&str, KnownTerminal); 10] = [
            ("vte", KnownTerminal::Vte),
            ("kitty", KnownTerminal::Kitty),
            ("mlterm", KnownTerminal::Mlterm),
            ("konsole", KnownTerminal::Konsole),
            ("tmux", KnownTerminal::Multiplexer),
            ("wezterm", KnownTerminal::WezTerm),
            ("iterm2", KnownTerminal::ITerm2),
            ("ghostty", KnownTerminal::Ghostty),
            ("foot", KnownTerminal::Foot),
            ("alacritty", KnownTerminal::Alacritty),
        ];
        let lower = reply.to_ascii_lowercase();
        NAMES
            .iter()
            .find(|(name, _)| lower.starts_with(name))
            .map(|(_, t)| *t)
    }

    /// The terminal a DA2 reply names, for the few whose first parameter
    /// is their own: VTE (65 up to 0.74, 61 after), mlterm (24), tmux (84),
    /// GNU screen (83), and Konsole (1;115). Others answer like a VT220 or
    /// like xterm, which names nothing.
    pub fn from_da2(params: &[u32]) -> Option<KnownTerminal> {
        match params {
            [65 | 61, version, ..] if *version >= 100 => Some(KnownTerminal::Vte),
            [24, ..] => Some(KnownTerminal::Mlterm),
            [84 | 83, ..] => Some(KnownTerminal::Multiplexer),
            [1, 115, ..] => Some(KnownTerminal::Konsole),
            _ => None,
        }
    }

    /// A name to show people.
    pub fn name(self) -> &'static str {
        match self {
            KnownTerminal::Multiplexer => "tmux/screen",
            KnownTerminal::Vte => "a VTE terminal (GNOME Terminal, Tilix, xfce4-terminal…)",
            KnownTerminal::Konsole => "Konsole",
            KnownTerminal::Mlterm => "mlterm",
            KnownTerminal::AppleTerminal => "macOS Terminal",
            KnownTerminal::ITerm2 => "iTerm2",
            KnownTerminal::WezTerm => "WezTerm",
            KnownTerminal::Mintty => "mintty",
            KnownTerminal::Kitty => "kitty",
            KnownTerminal::WindowsTerminal => "Windows Terminal",
            KnownTerminal::Ghostty => "Ghostty",
            KnownTerminal::Alacritty => "Alacritty",
            KnownTerminal::Foot => "foot",
            KnownTerminal::XtermJs => "xterm.js (VS Code)",
        }
    }

    /// True for terminals that reorder text themselves and cannot be told
    /// not to (they ignore `CSI 8 l` and have no switch of their own), so
    /// visual-order output would be reversed twice. mlterm reorders too but
    /// has its own switch ([`super::sequences::MLTERM_CTL_OFF`]).
    pub fn reorders_regardless(self) -> bool {
        matches!(self, KnownTerminal::Konsole | KnownTerminal::AppleTerminal)
    }
}

fn from_term_program(program: &str) -> Option<KnownTerminal> {
    Some(match program {
        "tmux" | "screen" => KnownTerminal::Multiplexer,
        "Apple_Terminal" => KnownTerminal::AppleTerminal,
        "iTerm.app" => KnownTerminal::ITerm2,
        "WezTerm" => KnownTerminal::WezTerm,
        "mintty" => KnownTerminal::Mintty,
        "ghostty" => KnownTerminal::Ghostty,
        "vscode" => KnownTerminal::XtermJs,
        _ => return None,
    })
}

fn from_term(term: &str) -> Option<KnownTerminal> {
    Some(match term {
        "xterm-kitty" => KnownTerminal::Kitty,
        "xterm-ghostty" => KnownTerminal::Ghostty,
        "alacritty" | "alacritty-direct" => KnownTerminal::Alacritty,
        "mlterm" => KnownTerminal::Mlterm,
        t if t.starts_with("foot") => KnownTerminal::Foot,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identify(env: &[(&str, &str)]) -> Option<KnownTerminal> {
        KnownTerminal::identify(|name| {
            env.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn nothing_known_is_none() {
        assert_eq!(identify(&[("TERM", "xterm-256color")]), None);
        assert_eq!(identify(&[]), None);
    }

    #[test]
    fn each_added_variable_names_its_terminal() {
        assert_eq!(
            identify(&[("VTE_VERSION", "7600")]),
            Some(KnownTerminal::Vte)
        );
        assert_eq!(
            identify(&[("KONSOLE_VERSION", "230805")]),
            Some(KnownTerminal::Konsole)
        );
        assert_eq!(
            identify(&[("MLTERM", "3.9.3")]),
            Some(KnownTerminal::Mlterm)
        );
        assert_eq!(
            identify(&[("KITTY_WINDOW_ID", "1")]),
            Some(KnownTerminal::Kitty)
        );
        assert_eq!(
            identify(&[("WT_SESSION", "x")]),
            Some(KnownTerminal::WindowsTerminal)
        );
    }

    #[test]
    fn kitty_started_from_gnome_terminal_is_kitty() {
        // VTE_VERSION is inherited; kitty's own variables must win.
        let env = [("VTE_VERSION", "7600"), ("TERM", "xterm-kitty")];
        assert_eq!(identify(&env), Some(KnownTerminal::Kitty));
    }

    #[test]
    fn term_program_beats_inherited_konsole_version() {
        let env = [("KONSOLE_VERSION", "230805"), ("TERM_PROGRAM", "WezTerm")];
        assert_eq!(identify(&env), Some(KnownTerminal::WezTerm));
    }

    #[test]
    fn tmux_hides_the_outer_terminal() {
        let env = [
            ("KONSOLE_VERSION", "230805"),
            ("TMUX", "/tmp/tmux-0/default,1,0"),
        ];
        assert_eq!(identify(&env), Some(KnownTerminal::Multiplexer));
        assert_eq!(
            identify(&[("TERM", "screen-256color")]),
            Some(KnownTerminal::Multiplexer)
        );
    }

    #[test]
    fn replies_name_the_terminals_seen_in_the_rig() {
        // XTVERSION and DA2 as kitty 0.26.5, mlterm 3.9.3, Konsole 22.12,
        // VTE 0.70 and tmux answer them.
        assert_eq!(
            KnownTerminal::from_xtversion("kitty(0.26.5)"),
            Some(KnownTerminal::Kitty)
        );
        assert_eq!(
            KnownTerminal::from_xtversion("Konsole 22.12.3"),
            Some(KnownTerminal::Konsole)
        );
        assert_eq!(
            KnownTerminal::from_xtversion("VTE(7600)"),
            Some(KnownTerminal::Vte)
        );
        assert_eq!(
            KnownTerminal::from_xtversion("tmux 3.3a"),
            Some(KnownTerminal::Multiplexer)
        );
        assert_eq!(KnownTerminal::from_xtversion("XTerm(379)"), None);
        assert_eq!(
            KnownTerminal::from_da2(&[24, 279, 0]),
            Some(KnownTerminal::Mlterm)
        );
        assert_eq!(
            KnownTerminal::from_da2(&[65, 7002, 1]),
            Some(KnownTerminal::Vte)
        );
        assert_eq!(
            KnownTerminal::from_da2(&[1, 115, 0]),
            Some(KnownTerminal::Konsole)
        );
        // kitty and xterm name nothing by DA2.
        assert_eq!(KnownTerminal::from_da2(&[1, 4000, 26]), None);
        assert_eq!(KnownTerminal::from_da2(&[41, 379, 0]), None);
    }

    #[test]
    fn only_konsole_and_apple_terminal_reorder_regardless() {
        assert!(KnownTerminal::Konsole.reorders_regardless());
        assert!(KnownTerminal::AppleTerminal.reorders_regardless());
        assert!(!KnownTerminal::Mlterm.reorders_regardless());
        assert!(!KnownTerminal::Vte.reorders_regardless());
        assert!(!KnownTerminal::Kitty.reorders_regardless());
    }
}
