//! Bytes → `load_bytes(…, Format::Epub, …)` → composed rows at a width from
//! the input's first two bytes: no panic, no hang, no row wider than the
//! width, no control character in any row (see `qari_fuzz::import`). The
//! seeds are small books (fuzz/seeds/import_epub, made by
//! fuzz/make_epub_seeds.py), so mutations start from a valid zip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::import::Format;

fuzz_target!(|data: &[u8]| qari_fuzz::import(data, Format::Epub));
