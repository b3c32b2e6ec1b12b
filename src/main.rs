//! qari's entry point: parse the command line, run, report one-line errors.

use clap::Parser;
use qari::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qari: {e}");
            ExitCode::from(2)
        }
    }
}
