//! The `bench` task: builds the `bench` package with `--release` and runs one benchmark.
//! Benchmarks print numbers and never fail on them; the task fails only when the benchmark
//! could not run.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::TaskResult;

/// Which benchmark, with its options.
#[derive(Debug, clap::Subcommand)]
pub enum Bench {
    /// P2: CPU time per request of our clients against raw reqwest + serde_json decoding into
    /// the same model type, over loopback (resOS 100 bookings, Resource Guru 50 bookings).
    /// Prints ours, raw, the median ratio over rounds, and the goal (≤ 1.10).
    Overhead {
        /// Measured rounds (default 15).
        #[arg(long)]
        rounds: Option<u32>,
        /// Requests per call, side and round (default 200).
        #[arg(long)]
        iters: Option<u32>,
    },
    /// Worker processes sharing one key through Redis vs pacing each alone, against the
    /// sandbox's resOS, Launch27 and Resource Guru limits (see `shared_pacing.rs`).
    SharedPacing(crate::shared_pacing::Options),
}

/// `cargo run --release -p bench -- <benchmark> [options]` in the workspace at `root`.
pub fn run(root: &Path, bench: &Bench) -> TaskResult {
    let mut args: Vec<String> = Vec::new();
    match bench {
        Bench::SharedPacing(options) => return crate::shared_pacing::run(root, options),
        Bench::Overhead { rounds, iters } => {
            args.push("overhead".into());
            if let Some(rounds) = rounds {
                args.extend(["--rounds".into(), rounds.to_string()]);
            }
            if let Some(iters) = iters {
                args.extend(["--iters".into(), iters.to_string()]);
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--release", "--quiet", "--package", "bench", "--"])
        .args(&args)
        .status()
        .context("running cargo")?;
    Ok(status.success())
}
