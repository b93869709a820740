//! P5, contract speed: wall time of `cargo xtask contract` when its test binaries are already
//! built (warm). A first step builds them (`cargo test --workspace --all-features --test
//! contract --no-run`, timed apart: on a warm target dir it is a no-op).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::json;

use crate::Report;

/// Options of `bench contract`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Timed runs (the figure is the fastest).
    #[arg(long, default_value_t = 1)]
    runs: u32,
}

/// Runs the benchmark.
pub fn run(options: &Options, report: &mut Report) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let start = Instant::now();
    let built = Command::new(&cargo)
        .current_dir(&root)
        .args(["test", "--quiet", "--workspace", "--all-features"])
        .args(["--test", "contract", "--no-run"])
        .stdout(Stdio::null())
        .status()
        .context("building the contract tests")?;
    let warmup = start.elapsed().as_secs_f64();
    println!("warm-up (build the contract test binaries): {warmup:.1} s");
    let mut times = Vec::new();
    let mut passed = built.success();
    for _ in 0..options.runs.max(1) {
        let start = Instant::now();
        let status = Command::new(&cargo)
            .current_dir(&root)
            .args(["xtask", "contract"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("running cargo xtask contract")?;
        let seconds = start.elapsed().as_secs_f64();
        passed &= status.success();
        println!(
            "cargo xtask contract (warm): {seconds:.1} s, {}",
            if status.success() { "passed" } else { "FAILED" }
        );
        times.push(seconds);
    }
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    report.row(
        "P5 cargo xtask contract, warm".to_owned(),
        format!(
            "{best:.1} s ({}; warm-up build {warmup:.1} s)",
            if passed { "passed" } else { "FAILED" }
        ),
        "(measured)".to_owned(),
        None,
    );
    report.details =
        json!({"warm_s": times, "best_s": best, "warmup_build_s": warmup, "passed": passed});
    Ok(())
}
