//! Bytes → `load_bytes(…, Format::Html, …)` → composed rows at a width from
//! the input's first two bytes: no panic, no row wider than the width, no
//! control character in any row (see `qari_fuzz::import`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qari::import::Format;

fuzz_target!(|data: &[u8]| qari_fuzz::import(data, Format::Html));
