//! Shell completion scripts and the manual page, made from the clap
//! definition ([`crate::cli::Cli`]) so that they never fall behind it.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// The completion script for `shell` (`qari --completions SHELL`).
pub fn completions(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "qari", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page in roff (`qari --man | man -l -`): clap's sections
/// (one per group of options), then what `--help` has no room for.
pub fn man_page() -> String {
    let cmd = Cli::command().long_about(DESCRIPTION);
    let man = Man::new(cmd).title("QARI").manual("qari manual");
    let mut out = Vec::new();
    // Writing to a Vec does not fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    let _ = extra_sections().to_writer(&mut out);
    let _ = man.render_version_section(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The DESCRIPTION section; a blank line starts a paragraph.
const DESCRIPTION: &str = "\
qari reads Arabic and other right-to-left articles in a terminal. It joins \
the letters (contextual forms, lam-alef), orders each wrapped line by the \
Unicode Bidirectional Algorithm (UAX #9), mirrors brackets, keeps numbers \
and Latin words left-to-right inside Arabic lines, and right-aligns \
right-to-left paragraphs.

It reads qari's JSON, Markdown, plain text, HTML, EPUB, standard input and \
web pages (http and https). On a terminal it opens the reader: the article \
with a section navigator and a pane of frequently asked questions; press ? \
there for every key. Otherwise, or with --dump, it prints the laid-out \
article.";

/// Keys, files, environment and exit status, after the options.
fn extra_sections() -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["KEYS"]);
    for (keys, what) in KEYS {
        roff.control("TP", [])
            .text([bold(*keys)])
            .text([roman(*what)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, what) in FILES {
        roff.control("TP", [])
            .text([bold(*path)])
            .text([roman(*what)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (var, what) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(*var)])
            .text([roman(*what)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "0 on success; 2 when the article, the config file or the terminal \
         fails, with one line on standard error: qari: SOURCE: problem.",
    )]);
    roff
}

/// The reader's main keys; `?` in the reader lists them all.
const KEYS: &[(&str, &str)] = &[
    ("j k, Down Up", "a line down / up"),
    ("Space b, PgDn PgUp", "a page down / up"),
    ("g G, Home End", "top / end"),
    ("] [", "next / previous section"),
    ("/ n N", "search; next / previous match"),
    ("m '", "bookmark the paragraph on top / list the bookmarks"),
    ("Tab", "next pane (navigator, article, questions)"),
    (
        "Enter",
        "go to the navigator's entry; open or close an answer",
    ),
    ("L Backspace", "list the links on screen / go back"),
    ("?", "help: every key, and the bidi mode in use"),
    ("q Esc", "quit (Esc first closes what is open)"),
];

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/qari/config.toml",
        "settings (by default ~/.config/qari/config.toml); qari --print-config prints the defaults",
    ),
    (
        "$XDG_STATE_HOME/qari/articles/",
        "the reading place, open answers and bookmarks of each article \
         (by default ~/.local/state/qari/articles/)",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("NO_COLOR", "when set and not empty, no colour at all"),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "the proxy for web pages (either case)",
    ),
    (
        "SSL_CERT_FILE",
        "a bundle of CA certificates to use instead of the system's",
    ),
];
