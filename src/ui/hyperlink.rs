//! OSC 8 hyperlinks on the cells of links (app mode, terminals that know
//! them: see `crate::terminal::hyperlinks`).
//!
//! Each cell of a link carries the whole sequence in its symbol:
//! `ESC ] 8 ; id=… ; URL ESC \`, the cell's character, `ESC ] 8 ; ; ESC \`.
//! Open and close ride on the same cell, so ratatui can rewrite any cell of
//! a link alone (its diff sends only what changed) and a link never leaks
//! into the cells written after it. The printable bytes of the sequence
//! would count in unicode-width's width of the symbol, so the cell's
//! width is forced ([`CellDiffOption::ForcedWidth`]) to its character's:
//! the diff then steps over the right cells (tests/osc8.rs feeds a frame
//! to a terminal emulator to check it). The `id` (a hash of the URL) lets
//! a terminal highlight the whole link on hover.
//!
//! The URL is percent-encoded to printable ASCII: no ESC, BEL or other
//! control from a document can reach the terminal through it.

use crate::doc::Row;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use std::num::NonZeroU16;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The longest URL sent, in bytes once encoded.
pub const MAX_URL_BYTES: usize = 2048;

const OPEN: &str = "\x1b]8;";
const CLOSE: &str = "\x1b]8;;\x1b\\";

/// The URL sent for a link's target: only `http:`, `https:`, `mailto:` and
/// `file:` targets (a relative target names nothing the terminal can
/// open), every byte outside `!`..=`~` percent-encoded; `None` otherwise
/// or when longer than [`MAX_URL_BYTES`].
pub fn osc8_url(href: &str) -> Option<String> {
    let scheme = crate::model::sanitize::href_scheme(href)?.to_ascii_lowercase();
    if !["http", "https", "mailto", "file"].contains(&scheme.as_str()) {
        return None;
    }
    let mut url = String::with_capacity(href.len());
    for b in href.bytes() {
        if (0x21..=0x7e).contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
        if url.len() > MAX_URL_BYTES {
            return None;
        }
    }
    Some(url)
}

/// `symbol` inside an OSC 8 hyperlink to `url` (already encoded), with
/// the hover id `id`.
fn wrap(symbol: &str, url: &str, id: u64) -> String {
    format!("{OPEN}id=q{id:x};{url}\x1b\\{symbol}{CLOSE}")
}

/// The character of a cell's symbol without the hyperlink around it.
pub fn inner_symbol(symbol: &str) -> &str {
    split(symbol).map_or(symbol, |(_, inner)| inner)
}

/// (opening sequence, inner symbol) of a wrapped symbol.
fn split(symbol: &str) -> Option<(&str, &str)> {
    let rest = symbol.strip_prefix(OPEN)?;
    let body_at = rest.find("\x1b\\")? + 2;
    let inner = rest[body_at..].strip_suffix(CLOSE)?;
    Some((&symbol[..OPEN.len() + body_at], inner))
}

/// A wrapped symbol with its inner symbol mapped by `f` (kitty's mirrored
/// brackets), the hyperlink kept; a plain symbol mapped as it is.
pub fn map_inner(symbol: &str, f: impl Fn(&str) -> String) -> String {
    match split(symbol) {
        Some((open, inner)) => format!("{open}{}{CLOSE}", f(inner)),
        None => f(symbol),
    }
}

/// Puts the row's links (drawn on line `y` of `area` by `rows::draw_row`)
/// in OSC 8 hyperlinks, clipped to the area.
pub fn ride_links(buf: &mut Buffer, area: Rect, y: u16, row: &Row) {
    if y >= area.height {
        return;
    }
    let y = area.y + y;
    for run in &row.runs {
        let Some(url) = run.link.as_deref().and_then(osc8_url) else {
            continue;
        };
        let id = xxhash_rust::xxh3::xxh3_64(url.as_bytes()) & 0xffff_ffff;
        let mut x = usize::from(area.x) + row.text[..run.range.start].width();
        for g in row.text[run.range.clone()].graphemes(true) {
            let w = g.width();
            if x + w > usize::from(area.right()) {
                break;
            }
            let Some(width) = NonZeroU16::new(w as u16) else {
                continue;
            };
            if let Some(cell) = buf.cell_mut((x as u16, y)) {
                let s = wrap(cell.symbol(), &url, id);
                cell.set_symbol(&s);
                cell.set_diff_option(CellDiffOption::ForcedWidth(width));
            }
            x += w;
        }
    }
}

/// Once everything is drawn: a cell whose hyperlink was drawn over (by a
/// pane or an overlay) gets its own width back.
pub fn drop_stale(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        if matches!(cell.diff_option, CellDiffOption::ForcedWidth(_))
            && split(cell.symbol()).is_none()
        {
            cell.set_diff_option(CellDiffOption::None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_followable_schemes_and_only_printable_ascii() {
        assert_eq!(
            osc8_url("https://x.example/a b?q=ق").as_deref(),
            Some("https://x.example/a%20b?q=%D9%82")
        );
        assert_eq!(osc8_url("mailto:a@b").as_deref(), Some("mailto:a@b"));
        assert_eq!(
            osc8_url("FILE:///tmp/a.md").as_deref(),
            Some("FILE:///tmp/a.md")
        );
        for bad in ["#x", "other.md", "javascript:x", "data:x", "ftp://x"] {
            assert_eq!(osc8_url(bad), None, "{bad}");
        }
        // Whatever slipped past the model's sanitizer, no control goes out.
        let url = osc8_url("https://x/\u{1b}]52;c;x\u{7}\u{9b}").expect("encoded");
        assert!(url.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{url}");
        assert_eq!(osc8_url(&format!("https://x/{}", "a".repeat(3000))), None);
        assert_eq!(osc8_url(&format!("https://x/{}", "ب".repeat(700))), None);
    }

    #[test]
    fn wrapped_symbols_unwrap_and_map_inside() {
        let s = wrap("(", "https://x", 7);
        assert_eq!(inner_symbol(&s), "(");
        assert_eq!(inner_symbol("("), "(");
        let m = map_inner(&s, |_| ")".to_owned());
        assert_eq!(inner_symbol(&m), ")");
        assert!(m.starts_with("\x1b]8;id=q7;https://x\x1b\\"));
    }
}
