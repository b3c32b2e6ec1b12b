//! Links the `qari` binary as a position-dependent executable on Linux.
//!
//! A position-independent one is relocated by the dynamic loader at every
//! start: ~42 000 relocations over ~800 KB of tables, half a millisecond of
//! the reader's first frame (`qari --version` 1.5 ms against 1.0 ms, and
//! `less --version` 1.0 ms). Address randomisation of the code is what is
//! given up; the heap, stack and libraries are still randomised.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
