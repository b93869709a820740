//! `bench`: the benchmarks behind `cargo xtask bench` (design.md §9). Run through xtask, which
//! builds this binary with `--release`:
//!
//! - `cargo xtask bench overhead [--rounds N] [--iters N]`: CPU time per request of our
//!   clients against raw reqwest + serde_json decoding into the same model type, over
//!   loopback ([`overhead`]).
//!
//! Benchmarks print numbers; they never fail on them.

mod overhead;
mod server;
mod shared_pacing;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "bench",
    about = "bookbridge benchmarks (run them with `cargo xtask bench`)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// CPU time per request: our clients against raw reqwest + serde_json, same model type.
    Overhead(overhead::Options),
    /// Shared pacing: the sandbox one worker process set runs against (driven by xtask).
    SharedPacingServe(shared_pacing::ServeOptions),
    /// Shared pacing: one worker process (driven by xtask).
    SharedPacingWorker(shared_pacing::WorkerOptions),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Overhead(options) => overhead::run(&options),
        Command::SharedPacingServe(options) => shared_pacing::serve(&options),
        Command::SharedPacingWorker(options) => shared_pacing::worker(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
