//! The text engine alone: the first two bytes choose width (1..=300),
//! shaping, ordering and paragraph-direction mode; the rest, as lossy
//! UTF-8, is laid out with `layout_str`. Every line must fit
//! (`indent + width ≤ width`), its glyph widths must add up to its width,
//! and no control character may be in its text (see
//! `qari_fuzz::check_layout`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (h, rest) = qari_fuzz::header(data);
    let text = String::from_utf8_lossy(rest);
    let layout = qari::text::layout_str(&text, &h.layout);
    qari_fuzz::check_layout(&text, &layout, &h.layout);
});
