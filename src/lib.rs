//! qari — a terminal reader for Arabic and other right-to-left articles.
//!
//! Module groups:
//! - `model`: the article model (pure data), its sanitizing and its walk.
//! - `import`: bytes in a format (JSON, Markdown, plain text) → an article;
//!   one outline policy (title, FAQ, sections) for the formats read as a
//!   stream of headings and blocks.
//! - `source`: where the bytes come from (a file, standard input, the
//!   bundled article), with the size limit.
//! - `text`: the pure text engine (shape → bidi → wrap → visual lines); no terminal I/O.
//! - `doc`: the article composed into display rows (markers, indents, anchors); pure.
//! - `dump`: the non-interactive output mode built on `doc`.
//! - `geometry`: where each pane goes on the screen (pure; used by `app` and `ui`).
//! - `app`: the reader's state machine, its modes, and the one router of
//!   terminal events → actions (keys per mode from one table, mouse); no I/O.
//! - `ui`: widgets that draw the app state; `tui`: the event loop.
//! - `terminal`: terminal setup, restore, bidi-mode detection, `--doctor`.
//! - `saved`: what is remembered per article (position, answers, bookmarks);
//!   `recent`: the documents read lately (`--recent`, the `O` picker).
//! - `search`: Arabic-aware matching (folding tashkeel, hamza, digits, case).
//! - `config`: the config file (theme, widths, display options, keys).
//! - `labels`: every string of qari's own interface; `cli`: the command line;
//!   `manual`: shell completions and the man page made from it.

pub mod app;
pub mod cli;
pub mod config;
pub mod doc;
pub mod dump;
pub mod geometry;
pub mod import;
pub mod labels;
pub mod manual;
pub mod model;
pub mod recent;
pub mod saved;
pub mod search;
pub mod source;
pub mod terminal;
pub mod text;
pub mod tui;
pub mod ui;
