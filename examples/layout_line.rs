//! Prints qari's one-line layout of each stdin line as `DIR<TAB>visual text`
//! (no wrapping, no padding): the form compared with `fribidi --nobreak`.

use qari::text::{Direction, LayoutOptions, layout_str};
use std::io::BufRead;

fn main() {
    let opts = LayoutOptions {
        width: usize::MAX / 2,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let l = layout_str(&line, &opts);
        let dir = if l.direction.is_rtl() { "rtl" } else { "ltr" };
        let text: Vec<&str> = l.lines.iter().map(|v| v.text.as_str()).collect();
        println!("{dir}\t{}", text.join(""));
    }
}
