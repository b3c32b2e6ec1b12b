//! The command line: options, and what `qari` does with them.

use crate::app::AppOptions;
use crate::dump::{self, DumpOptions};
use crate::labels::UiLang;
use crate::model::Article;
use crate::model::{self as load, LoadError};
use crate::terminal::{BidiMode, BidiSetting, DEFAULT_PROBE_TIMEOUT, decide, doctor, gather_facts};
use crate::text::{Digits, LayoutOptions, ParaDirMode};
use crate::ui::theme::ThemeName;
use clap::{Parser, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// A terminal reader for Arabic and other right-to-left articles.
#[derive(Debug, Parser)]
#[command(name = "qari", version, about, long_about = None)]
pub struct Cli {
    /// Article to read: .json (qari's schema), .md/.markdown, .txt, or - for
    /// standard input. Without it, the bundled article.
    pub file: Option<PathBuf>,
    /// Print the laid-out article to standard output instead of opening the
    /// reader (the default when standard output is not a terminal).
    #[arg(long)]
    pub dump: bool,
    /// Width in columns for --dump (default: the terminal's, else 80).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
    /// Colours in --dump output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// How a paragraph's base direction is chosen: by the majority of its
    /// strong letters, or by the first one (plain UAX #9 P2–P3).
    #[arg(long, value_enum, default_value_t = ParaDir::Majority)]
    pub para_dir: ParaDir,
    /// Who does bidi: qari (app: shaped, visual order), the terminal
    /// (terminal: logical order, unshaped, in isolates), or decide from the
    /// terminal (auto; --dump uses app unless told otherwise).
    #[arg(long, value_enum, default_value_t = BidiSetting::Auto)]
    pub bidi: BidiSetting,
    /// Widest article column in the reader, in cells.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
    pub max_width: u16,
    /// Print what qari detects about this terminal, the bidi mode it would
    /// use, the fix for known terminals, and a sample in both modes.
    #[arg(long)]
    pub doctor: bool,
    /// Do not shape Arabic letters (for terminals that shape themselves).
    #[arg(long)]
    pub no_shaping: bool,
    /// Language of qari's own labels (default: follows the article).
    #[arg(long, value_enum)]
    pub ui_lang: Option<UiLang>,
    /// Colours of the reader (monochrome whenever NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// Digits to show numbers in: arabic (٠١٢), persian (۰۱۲), latin (012) or
    /// keep them as written. Display only, mapped before bidi.
    #[arg(long, value_enum, default_value_t = Digits::Keep)]
    pub digits: Digits,
    /// Hide tashkeel (harakat, shadda, sukun), for fonts that place marks
    /// badly; `v` toggles it in the reader. Display only.
    #[arg(long)]
    pub no_tashkeel: bool,
    /// Where `y` writes the paragraph, for terminals without OSC 52
    /// clipboard support (the file is replaced each time).
    #[arg(long, value_name = "FILE")]
    pub copy_to: Option<PathBuf>,
    /// Start at the top, ignoring the remembered reading position.
    #[arg(long)]
    pub fresh: bool,
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

/// Paragraph direction rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParaDir {
    /// Majority of strong letters.
    Majority,
    /// First strong letter (UAX #9 P2–P3).
    FirstStrong,
}

/// Why a run failed; each shows as one line on standard error.
#[derive(Debug)]
pub enum RunError {
    /// The article could not be read.
    Load(LoadError),
    /// Standard output failed (other than a closed pipe).
    Output(std::io::Error),
    /// The terminal could not be set up or read.
    Terminal(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Load(e) => e.fmt(f),
            RunError::Output(e) => write!(f, "cannot write the output: {e}"),
            RunError::Terminal(e) => write!(f, "terminal: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<LoadError> for RunError {
    fn from(e: LoadError) -> Self {
        RunError::Load(e)
    }
}

/// Runs qari; the error is one line for standard error.
pub fn run(cli: &Cli) -> Result<(), RunError> {
    if cli.doctor {
        let facts = gather_facts(DEFAULT_PROBE_TIMEOUT);
        return print(&doctor::report(&facts, cli.bidi));
    }
    let article = match &cli.file {
        Some(path) => load::load_path(path)?,
        None => load::bundled(),
    };
    if cli.dump || !std::io::stdout().is_terminal() {
        let mode = match cli.bidi {
            BidiSetting::Terminal => BidiMode::Terminal,
            BidiSetting::App | BidiSetting::Auto => BidiMode::App,
        };
        return dump_to_stdout(cli, &article, mode);
    }
    let facts = if cli.bidi == BidiSetting::Auto {
        gather_facts(DEFAULT_PROBE_TIMEOUT)
    } else {
        Default::default()
    };
    let decision = decide(cli.bidi, &facts);
    let opts = AppOptions {
        max_width: usize::from(cli.max_width),
        layout: layout_options(cli, decision.mode),
        ui_lang: cli.ui_lang,
        bidi_note: format!("{} — {}", mode_name(decision.mode), decision.reason),
        theme: cli.theme,
        copy_to: cli.copy_to.clone(),
    };
    let resume = crate::saved::Store::default_location().map(|store| crate::tui::Resume {
        store,
        key: crate::saved::article_key(&article),
        fresh: cli.fresh,
    });
    crate::tui::run(article, opts, decision.mode, resume).map_err(RunError::Terminal)
}

fn mode_name(mode: BidiMode) -> &'static str {
    match mode {
        BidiMode::App => "app",
        BidiMode::Terminal => "terminal",
    }
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

fn layout_options(cli: &Cli, mode: BidiMode) -> LayoutOptions {
    LayoutOptions {
        shaping: !cli.no_shaping && mode.shaping(),
        ordering: mode.ordering(),
        para_dir: match cli.para_dir {
            ParaDir::Majority => ParaDirMode::Majority,
            ParaDir::FirstStrong => ParaDirMode::FirstStrong,
        },
        digits: cli.digits,
        tashkeel: !cli.no_tashkeel,
        ..LayoutOptions::default()
    }
}

fn dump_to_stdout(cli: &Cli, article: &Article, mode: BidiMode) -> Result<(), RunError> {
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
        layout: layout_options(cli, mode),
        ui_lang: cli.ui_lang,
    };
    let mut lock = stdout.lock();
    match dump::write(article, &opts, &mut lock).and_then(|()| lock.flush()) {
        // `qari --dump | head`: the reader went away; that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(RunError::Output(e)),
        Ok(()) => Ok(()),
    }
}
