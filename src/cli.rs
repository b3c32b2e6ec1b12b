//! The command line: options, and what `qari` does with them.

use crate::app::AppOptions;
use crate::app::ThemeName;
use crate::config::{self, Config, ConfigError};
use crate::dump::{self, DumpOptions};
use crate::import::LoadError;
use crate::labels::UiLang;
use crate::model::Article;
use crate::saved::SaveError;
use crate::source::Source;
use crate::source::url::FetchOptions;
use crate::terminal::{
    BidiMode, BidiSetting, BidiSwitch, DEFAULT_PROBE_TIMEOUT, Decision, Tweaks, decide, doctor,
    environment_facts, gather_facts,
};
use crate::text::{Digits, LayoutOptions, ParaDirMode};
use clap::{Parser, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

/// The groups of options in `qari --help` and in the manual page, in
/// the order they are shown (the order of their first option in [`Cli`]).
mod heading {
    /// What to read and how an address is fetched.
    pub const INPUT: &str = "Input";
    /// The laid-out text on standard output.
    pub const DUMP: &str = "Dump";
    /// How the text is laid out and drawn, in the reader and the dump.
    pub const DISPLAY: &str = "Display";
    /// Files qari reads and writes besides the article.
    pub const STATE: &str = "Files and state";
    /// Setting qari up: terminal diagnosis, config, completions, manual.
    pub const SETUP: &str = "Setup";
}

/// A terminal reader for Arabic and other right-to-left articles.
#[derive(Debug, Parser)]
#[command(name = "qari", version, about, long_about = None)]
// -h and -V in the Setup group rather than alone under "Options".
#[command(disable_help_flag = true, disable_version_flag = true)]
pub struct Cli {
    /// Article to read: .json (qari's schema), .md/.markdown, .txt, .html,
    /// .epub, an http:// or https:// address, or - for standard input.
    /// Without it, the bundled article.
    #[arg(value_name = "FILE | URL")]
    pub file: Option<PathBuf>,
    /// For an address: seconds allowed to connect (DNS and TLS included).
    #[arg(help_heading = heading::INPUT, long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    pub connect_timeout: Duration,
    /// For an address: seconds allowed for the whole fetch (redirects and
    /// body included).
    #[arg(help_heading = heading::INPUT, long, value_name = "SECS", default_value = "30", value_parser = seconds)]
    pub timeout: Duration,
    /// For an address: the largest page accepted, in MiB (checked while
    /// it is read).
    #[arg(help_heading = heading::INPUT, long, value_name = "MB", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_size: u64,
    /// Print the laid-out article to standard output instead of opening the
    /// reader (the default when standard output is not a terminal).
    #[arg(help_heading = heading::DUMP, long)]
    pub dump: bool,
    /// Width in columns for --dump (default: the terminal's, else 80).
    #[arg(help_heading = heading::DUMP, short, long, value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
    /// Threads laying out --dump output (default: one per core); the
    /// output is the same for any number.
    #[arg(help_heading = heading::DUMP, long, value_name = "N", env = "QARI_THREADS",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Colours in --dump output.
    #[arg(help_heading = heading::DUMP, long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// How a paragraph's base direction is chosen: by counting its words
    /// (words, the default: the document's direction unless the other
    /// direction's words outnumber its own more than 2 to 1), by the
    /// majority of its strong letters, by the first one (plain UAX #9
    /// P2–P3), or always the document's.
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub para_dir: Option<ParaDirMode>,
    /// Who does bidi: qari (app: shaped, visual order), the terminal
    /// (terminal: logical order, unshaped, in isolates), or decide from the
    /// terminal (auto, the default; --dump uses app unless told otherwise).
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub bidi: Option<BidiSetting>,
    /// Links as OSC 8 hyperlinks in the reader (app mode only): auto (in
    /// terminals known to support them), always or never.
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub hyperlinks: Option<crate::terminal::HyperlinkSetting>,
    /// Widest article column in the reader, in cells (default 80).
    #[arg(help_heading = heading::DISPLAY, long, value_parser = clap::value_parser!(u16).range(20..))]
    pub max_width: Option<u16>,
    /// Do not shape Arabic letters (for terminals that shape themselves).
    #[arg(help_heading = heading::DISPLAY, long)]
    pub no_shaping: bool,
    /// Language of qari's own labels (default: follows the article).
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub ui_lang: Option<UiLang>,
    /// Colours of the reader: dark (the default), light or mono
    /// (monochrome is used whenever NO_COLOR is set).
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub theme: Option<ThemeName>,
    /// Digits to show numbers in: arabic (٠١٢), persian (۰۱۲), latin (012) or
    /// keep them as written (the default). Display only, mapped before bidi.
    #[arg(help_heading = heading::DISPLAY, long, value_enum)]
    pub digits: Option<Digits>,
    /// Justify right-to-left lines with kashida (tatweel between joined
    /// letters); `J` toggles it in the reader.
    #[arg(help_heading = heading::DISPLAY, long)]
    pub justify: bool,
    /// Hide tashkeel (harakat, shadda, sukun), for fonts that place marks
    /// badly; `v` toggles it in the reader. Display only.
    #[arg(help_heading = heading::DISPLAY, long)]
    pub no_tashkeel: bool,
    /// Read settings from FILE instead of ~/.config/qari/config.toml.
    #[arg(help_heading = heading::STATE, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where `y` writes the paragraph, for terminals without OSC 52
    /// clipboard support (the file is replaced each time).
    #[arg(help_heading = heading::STATE, long, value_name = "FILE")]
    pub copy_to: Option<PathBuf>,
    /// Start at the top, ignoring the remembered reading position.
    #[arg(help_heading = heading::STATE, long)]
    pub fresh: bool,
    /// Print the documents read lately, newest first, and exit: aligned
    /// columns on a terminal, else one tab-separated line each
    /// (last-opened ISO 8601 UTC, percent read, title, path or address).
    #[arg(help_heading = heading::STATE, long)]
    pub recent: bool,
    /// Print what qari detects about this terminal, the bidi mode it would
    /// use, the fix for known terminals, and a sample in both modes.
    #[arg(help_heading = heading::SETUP, long)]
    pub doctor: bool,
    /// Print the default config file and exit.
    #[arg(help_heading = heading::SETUP, long)]
    pub print_config: bool,
    /// Print the shell completion script for SHELL and exit.
    ///
    /// Save it where the shell looks: bash,
    /// ~/.local/share/bash-completion/completions/qari; zsh, _qari in a
    /// directory on $fpath; fish, ~/.config/fish/completions/qari.fish.
    #[arg(help_heading = heading::SETUP, long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,
    /// Print the manual page (roff) and exit: `qari --man | man -l -`.
    #[arg(help_heading = heading::SETUP, long)]
    pub man: bool,
    /// Print help (a summary with -h).
    #[arg(help_heading = heading::SETUP, short, long, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// Print the version.
    #[arg(help_heading = heading::SETUP, short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

/// A positive number of seconds (`1`, `0.5`).
fn seconds(arg: &str) -> Result<Duration, String> {
    let secs: f64 = arg
        .parse()
        .map_err(|_| format!("not a number of seconds: {arg}"))?;
    if secs.is_finite() && secs > 0.0 && secs <= 86_400.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err("seconds must be more than 0 and at most 86400".into())
    }
}

impl Cli {
    /// How an address is fetched.
    fn fetch_options(&self) -> FetchOptions {
        FetchOptions {
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_mib: self.max_size,
            progress: true,
        }
    }
}

/// When to colour the dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Why a run failed; each shows as one line on standard error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The article could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Standard output failed (other than a closed pipe).
    #[error("standard output: cannot write: {0}")]
    Output(#[source] std::io::Error),
    /// The terminal could not be set up or read.
    #[error("terminal: {0}")]
    Terminal(#[source] std::io::Error),
    /// The config file is wrong (the message names the file and line).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The list of recent documents cannot be read.
    #[error(transparent)]
    Recent(#[from] crate::saved::StateError),
}

/// The options in force: the command line over the config file over the
/// defaults.
#[derive(Clone, Debug)]
struct Settings {
    bidi: BidiSetting,
    max_width: u16,
    theme: ThemeName,
    digits: Digits,
    para_dir: ParaDirMode,
    tashkeel: bool,
    justify: bool,
    ui_lang: Option<UiLang>,
    config: Config,
    /// Config problems that are not errors (unknown keys), one line each.
    warnings: Vec<String>,
}

impl Settings {
    fn resolve(cli: &Cli) -> Result<Settings, RunError> {
        let (config, warnings) = match (&cli.config, config::default_path()) {
            // A file named on the command line must be there (the usual
            // one need not): a mistyped --config is said, not ignored.
            (Some(p), _) => match std::fs::metadata(p) {
                Err(source) => {
                    let path = p.clone();
                    return Err(RunError::Config(ConfigError::Read { path, source }));
                }
                Ok(_) => config::load(p).map_err(RunError::Config)?,
            },
            // The usual file, unreadable (not ours, say): said, not fatal;
            // a wrong value in it still is.
            (None, Some(p)) => match config::load(&p) {
                Err(e) if !p.is_file() || std::fs::File::open(&p).is_err() => {
                    (Config::default(), vec![e.to_string()])
                }
                other => other.map_err(RunError::Config)?,
            },
            (None, None) => Default::default(),
        };
        Ok(Settings {
            bidi: cli.bidi.or(config.bidi).unwrap_or_default(),
            max_width: cli.max_width.or(config.max_width).unwrap_or(80),
            theme: cli.theme.or(config.theme).unwrap_or_default(),
            digits: cli.digits.or(config.digits).unwrap_or_default(),
            para_dir: cli.para_dir.or(config.para_dir).unwrap_or_default(),
            tashkeel: !cli.no_tashkeel && config.tashkeel.unwrap_or(true),
            justify: cli.justify || config.justify.unwrap_or(false),
            ui_lang: cli.ui_lang.or(config.ui_lang),
            config,
            warnings,
        })
    }
}

/// Runs qari; the error is one line for standard error.
pub fn run(cli: &Cli) -> Result<(), RunError> {
    if cli.print_config {
        return print(&config::defaults());
    }
    if let Some(shell) = cli.completions {
        return print(&crate::manual::completions(shell));
    }
    if cli.man {
        return print(&crate::manual::man_page());
    }
    let settings = Settings::resolve(cli)?;
    if cli.recent {
        return print_recent(&settings);
    }
    if cli.doctor {
        let facts = gather_facts(DEFAULT_PROBE_TIMEOUT);
        return print(&doctor::report(&facts, settings.bidi));
    }
    let tty = std::io::stdout().is_terminal();
    let dump = cli.dump || !tty;
    // A dump to a terminal is shown by it like the reader's rows: decided
    // the same way.
    let probe = tty && settings.bidi == BidiSetting::Auto;
    // The terminal's answer to the probe takes a round trip (up to the
    // timeout for a terminal that never answers): load meanwhile. The
    // probe takes the other thread, not the load: glibc grows a thread's
    // heap a page at a time (an mprotect each), which cost a 10 MB book's
    // import ~25 ms of system time.
    let (article, facts) = std::thread::scope(|scope| {
        // A forced mode still needs the terminal's name for its tweaks
        // (mlterm's own switch in app mode); the environment gives it.
        let probing = probe.then(|| scope.spawn(|| gather_facts(DEFAULT_PROBE_TIMEOUT)));
        // The reader takes a book in parts (first chapters first); the
        // dump takes a big Markdown file in pieces, parsed on one thread
        // while the others lay out.
        let source = Source::from_arg(cli.file.as_deref());
        let article = if dump {
            source.open_pieces(&cli.fetch_options())
        } else {
            source.open(&cli.fetch_options(), true)
        };
        let facts = match probing {
            Some(probing) => probing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => environment_facts(),
        };
        (article, facts)
    });
    // A page's address after redirects: links are resolved against it.
    let mut opened = article?;
    let pieces = std::mem::take(&mut opened.pieces);
    let later = opened.later.take();
    let (article, page_url) = (&opened.article, opened.url.clone());
    if dump {
        for w in &settings.warnings {
            eprintln!("qari: {w}");
        }
        let decision = if tty {
            let mut d = decide(settings.bidi, &facts);
            if d.tweaks.mlterm_ctl_off {
                // mlterm lays every line out again when its switch is put
                // back at exit, reversing a visual dump; its own bidi reads
                // a logical one right.
                d.mode = BidiMode::Terminal;
                d.tweaks = Tweaks::default();
            }
            d
        } else {
            // For a file or a pipe: visual order unless told otherwise.
            let mode = match settings.bidi {
                BidiSetting::Terminal => BidiMode::Terminal,
                BidiSetting::App | BidiSetting::Auto => BidiMode::App,
            };
            Decision {
                mode,
                tweaks: Tweaks::default(),
                reason: String::new(),
            }
        };
        let dumped = dump_to_stdout(cli, &settings, article, pieces, later, &decision);
        // The process ends now: freeing a book's blocks one by one would
        // cost a dump of 10 MB ~2 % more time for nothing.
        std::mem::forget(opened);
        return dumped;
    }
    let decision = decide(settings.bidi, &facts);
    let opts = AppOptions {
        max_width: usize::from(settings.max_width),
        layout: layout_options(cli, &settings, &decision),
        ui_lang: settings.ui_lang,
        bidi_note: format!("{} — {}", mode_name(decision.mode), decision.reason),
        theme: settings.theme,
        copy_to: cli.copy_to.clone(),
        keymap: settings.config.keymap.clone(),
        reverse_rtl_runs: kitty_font(&decision, &settings),
        hyperlinks: crate::terminal::hyperlinks(
            cli.hyperlinks
                .or(settings.config.hyperlinks)
                .unwrap_or_default(),
            decision.mode,
            &facts,
        ),
        // Relative links are read from the file's directory.
        doc_path: cli
            .file
            .clone()
            .filter(|p| p.as_os_str() != "-" && page_url.is_none())
            .map(|p| std::path::absolute(&p).unwrap_or(p)),
        doc_url: page_url.clone(),
    };
    let (resume, moved) = resume(article, page_url.as_deref(), cli.fresh);
    // A state that could not be moved to the new key says why first.
    let notice = moved
        .err()
        .map(|e| e.to_string())
        .or_else(|| settings.warnings.first().cloned());
    crate::tui::run(
        opened,
        opts,
        decision.mode,
        decision.tweaks,
        resume,
        notice,
        crate::tui::Web {
            fetch: FetchOptions {
                progress: false,
                ..cli.fetch_options()
            },
            fragment: page_url
                .as_ref()
                .and(cli.file.as_deref())
                .and_then(|arg| arg.to_str()?.split_once('#'))
                .map(|(_, fragment)| fragment.to_owned())
                .filter(|f| !f.is_empty()),
        },
    )
    .map_err(|e| match e {
        crate::tui::ReaderError::Terminal(e) => RunError::Terminal(e),
        crate::tui::ReaderError::Load(e) => RunError::Load(e),
    })
}

/// Where the reader remembers `article`, if there is a home for it. State
/// saved under the key earlier qari gave the article is moved to its key
/// first (unless `fresh`, which leaves the saved state as it is); the
/// result says whether that failed. A web page is remembered by its
/// address too ([`crate::saved::url_key`]), so that it resumes once it
/// has changed.
fn resume(
    article: &Article,
    url: Option<&str>,
    fresh: bool,
) -> (Option<crate::tui::Resume>, Result<(), SaveError>) {
    let Some(store) = crate::saved::Store::default_location() else {
        return (None, Ok(()));
    };
    let key = crate::saved::article_key(article);
    let moved = if fresh {
        Ok(())
    } else {
        let legacy = crate::saved::legacy_article_key(article);
        store.migrate(&key, &legacy).map(|_| ())
    };
    let resume = crate::tui::Resume {
        store,
        key,
        fresh,
        url_key: url.map(crate::saved::url_key),
        recent: crate::recent::RecentFile::default_location(),
    };
    (Some(resume), moved)
}

fn mode_name(mode: BidiMode) -> &'static str {
    match mode {
        BidiMode::App => "app",
        BidiMode::Terminal => "terminal",
    }
}

/// `--recent`: the list of recent documents (see [`crate::recent::report`]).
/// On a terminal the titles are shaped and reordered, or not, as a dump
/// to it would be.
fn print_recent(settings: &Settings) -> Result<(), RunError> {
    use crate::recent::Report;
    use crate::text::Ordering;
    let list = match crate::recent::RecentFile::default_location() {
        Some(file) => file.load().list()?,
        None => crate::recent::Recent::default(),
    };
    let how = if !std::io::stdout().is_terminal() {
        Report::Tabs
    } else {
        let facts = match settings.bidi {
            BidiSetting::Auto => gather_facts(DEFAULT_PROBE_TIMEOUT),
            _ => environment_facts(),
        };
        let d = decide(settings.bidi, &facts);
        // mlterm with its own bidi switched off for qari reverses what it
        // gets at exit (see the dump): its own bidi reads logical order.
        if d.mode == BidiMode::App && !d.tweaks.mlterm_ctl_off {
            Report::Table(Ordering::Visual)
        } else {
            Report::Table(Ordering::Logical)
        }
    };
    print(&crate::recent::report(&list, crate::recent::now(), how))
}

/// Prints `text`, treating a closed pipe as success.
fn print(text: &str) -> Result<(), RunError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(RunError::Output(e)),
        Ok(()) => Ok(()),
    }
}

/// How kitty's runs are modelled, when qari sends them reversed for it.
fn kitty_font(
    decision: &Decision,
    settings: &Settings,
) -> Option<crate::text::rtl_runs::KittyFont> {
    decision
        .tweaks
        .reverse_rtl_runs
        .then(|| crate::text::rtl_runs::KittyFont {
            has_arabic: settings.config.kitty_font_has_arabic.unwrap_or(false),
        })
}

fn layout_options(cli: &Cli, settings: &Settings, decision: &Decision) -> LayoutOptions {
    let mode = decision.mode;
    // kitty 0.26 draws a haraka in a right-to-left run a cell off and can
    // drop a letter next to it (seen in the rig): there harakat are hidden
    // unless the config file asks for them (`v` shows them).
    let kitty_marks = decision.tweaks.reverse_rtl_runs && settings.config.tashkeel.is_none();
    LayoutOptions {
        shaping: !cli.no_shaping && mode.shaping(),
        ordering: mode.ordering(),
        para_dir: settings.para_dir,
        digits: settings.digits,
        tashkeel: settings.tashkeel && !kitty_marks,
        mirror_logical: decision.tweaks.mirror_logical,
        justify: settings.justify,
        ..LayoutOptions::default()
    }
}

fn dump_to_stdout(
    cli: &Cli,
    settings: &Settings,
    article: &Article,
    pieces: Vec<crate::import::markdown::Piece>,
    later: Option<crate::source::Later>,
    decision: &Decision,
) -> Result<(), RunError> {
    let mode = decision.mode;
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let width = cli.width.map(usize::from).unwrap_or_else(|| {
        let term = if tty {
            crossterm::terminal::size().ok()
        } else {
            None
        };
        term.map_or(80, |(w, _)| usize::from(w))
    });
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let opts = DumpOptions {
        width,
        color,
        layout: layout_options(cli, settings, decision),
        ui_lang: settings.ui_lang,
        reverse_rtl_runs: kitty_font(decision, settings),
    };
    // Put back when dropped, after the last row is flushed.
    let _switch = BidiSwitch::start(mode, decision.tweaks).map_err(RunError::Terminal)?;
    let mut lock = stdout.lock();
    let threads = cli.threads.map_or_else(dump::cores, usize::from);
    fn parsed(pieces: Vec<crate::import::markdown::Piece>) -> Vec<dump::Piece<'static>> {
        pieces
            .into_iter()
            .map(|piece| Box::new(move || piece.parse()) as dump::Piece)
            .collect()
    }
    let written = match later {
        None => dump::write_pieces(article, parsed(pieces), &opts, threads, &mut lock),
        Some(later) => {
            // The beginning is laid out while the rest is read; when the
            // rest says otherwise (or cannot be read), nothing was written.
            let otherwise = std::sync::Mutex::new(None);
            let read: dump::Later<'_> = Box::new(|| match later.read() {
                Ok(Ok(rest)) => Some(parsed(rest)),
                other => {
                    *otherwise.lock().unwrap_or_else(|e| e.into_inner()) = Some(other);
                    None
                }
            });
            let written = dump::write_after(article, read, &opts, threads, &mut lock);
            match (
                written,
                otherwise.into_inner().unwrap_or_else(|e| e.into_inner()),
            ) {
                (Ok(false), Some(Err(e))) => return Err(RunError::Load(e)),
                (Ok(false), Some(Ok(Err(whole)))) => {
                    dump::write_pieces(&whole.first, parsed(whole.rest), &opts, threads, &mut lock)
                }
                (written, _) => written.map(|_| ()),
            }
        }
    };
    match written.and_then(|()| lock.flush()) {
        // `qari --dump | head`: the reader went away; that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(RunError::Output(e)),
        Ok(()) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn run_errors_are_one_line_and_keep_their_cause() {
        let io = || std::io::Error::other("disk full");
        let e = RunError::Output(io());
        assert_eq!(e.to_string(), "standard output: cannot write: disk full");
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("disk full")
        );
        assert_eq!(RunError::Terminal(io()).to_string(), "terminal: disk full");
        let narrow = config::parse("max_width = 5\n", "c.toml").expect_err("narrow");
        let e = RunError::from(narrow);
        assert_eq!(e.to_string(), "c.toml:1: max_width must be at least 20");
        assert!(matches!(e, RunError::Config(ConfigError::MaxWidth { .. })));
    }
}
