//! Prints a paragraph of the bundled article justified with kashida, each
//! line between bars so the column edge shows.
//!
//! Usage: `cargo run --example justify -- [WIDTH] [PARAGRAPH]` (defaults: 50,
//! 0 = the first lead paragraph; paragraphs are counted over all sections).

use qari::model::Block;
use qari::source::bundled;
use qari::text::{Direction, LayoutOptions, justify_paragraph, layout_paragraph};

fn main() {
    let mut args = std::env::args().skip(1);
    let width: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let nth: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let article = bundled();
    let Some(text) = article
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t),
            _ => None,
        })
        .nth(nth)
    else {
        eprintln!("no paragraph {nth}");
        std::process::exit(1);
    };
    let opts = LayoutOptions {
        width,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    let laid = layout_paragraph(text, &opts);
    for (plain, justified) in laid
        .lines
        .iter()
        .zip(&justify_paragraph(&laid, width).lines)
    {
        println!("|{}|", plain.padded());
        println!("|{}|", justified.padded());
    }
}
