//! qari — a terminal reader for Arabic and other right-to-left articles.
//!
//! Module groups:
//! - `model`: the article model and its importers (JSON, Markdown, plain text).
//! - `text`: the pure text engine (shape → bidi → wrap → visual lines); no terminal I/O.
//! - `dump`: the non-interactive output mode built on `text`.

pub mod app;
pub mod cli;
pub mod doc;
pub mod dump;
pub mod labels;
pub mod model;
pub mod terminal;
pub mod text;
pub mod tui;
pub mod ui;
