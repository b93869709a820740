//! `bench`: the benchmarks behind `cargo xtask bench` (design.md §9). Run through xtask, which
//! builds this binary with `--release` and runs each benchmark in a process of its own:
//!
//! - `pacing` (P1): our clients with 1 and 8 tasks and a naive reqwest loop against each
//!   vendor's rate-limit policy in the sandbox; Launch27 mixed read/write load; the chart
//!   ([`pacing`], [`chart`]).
//! - `overhead [--rounds N] [--iters N]` (P2): CPU time per request of our clients against raw
//!   reqwest + serde_json decoding into the same model type, over loopback ([`overhead`]).
//! - `paging` (P3): 100,000 and 1,000,000 resOS bookings streamed from the sandbox by our
//!   `list()` and by raw paging by hand; peak RSS of each in a child process, items/s
//!   ([`paging`]).
//! - `build` (P4): `cargo tree` of each vendor crate, cold build of one vendor crate against
//!   the workspace, and the two rustls providers' build times ([`selective`]).
//! - `contract` (P5): `cargo xtask contract`, warm ([`contract`]).
//! - `shared-pacing-serve` / `shared-pacing-worker`: the sandbox and the worker processes of
//!   `cargo xtask bench shared-pacing` (driven by xtask, [`shared_pacing`]).
//!
//! With `--json <file>` a benchmark also writes its summary rows and details as JSON (xtask
//! gathers them into `report.json`). Benchmarks print numbers; they never fail on them.

mod chart;
mod contract;
mod metrics;
mod overhead;
mod pacing;
mod paging;
mod selective;
mod server;
mod shared_pacing;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "bench",
    about = "bookbridge benchmarks (run them with `cargo xtask bench`)"
)]
struct Cli {
    /// Also write the benchmark's summary and details to this JSON file.
    #[arg(long, global = true)]
    json: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// P1: pacing against each vendor's limit policy in the sandbox, ours vs a naive client.
    Pacing(pacing::Options),
    /// P2: CPU time per request: our clients against raw reqwest + serde_json, same model type.
    Overhead(overhead::Options),
    /// P3: paging memory and speed, ours against raw paging by hand (children measure).
    Paging(paging::Options),
    /// P3's measuring child (one side, one size); prints one JSON line.
    #[command(hide = true)]
    PagingChild(paging::ChildOptions),
    /// P4: selective build (dependency trees, cold build times, rustls providers).
    Build(selective::Options),
    /// P5: `cargo xtask contract`, warm.
    Contract(contract::Options),
    /// Shared pacing: the sandbox one worker process set runs against (driven by xtask).
    #[command(hide = true)]
    SharedPacingServe(shared_pacing::ServeOptions),
    /// Shared pacing: one worker process (driven by xtask).
    #[command(hide = true)]
    SharedPacingWorker(shared_pacing::WorkerOptions),
}

/// A benchmark's summary rows (for xtask's table) and details (for `report.json`).
#[derive(Debug, Default)]
pub struct Report {
    /// `(measure, value, goal, met)` rows.
    rows: Vec<(String, String, String, Option<bool>)>,
    /// Everything measured, for `report.json`.
    pub details: Value,
}

impl Report {
    /// Adds a summary row: what, the figure, the goal, and whether the goal is met (`None`:
    /// no goal, or a baseline).
    pub fn row(&mut self, measure: String, value: String, goal: String, met: Option<bool>) {
        self.rows.push((measure, value, goal, met));
    }

    fn to_json(&self, name: &str) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|(measure, value, goal, met)| {
                json!({"measure": measure, "value": value, "goal": goal, "met": met})
            })
            .collect();
        json!({"benchmark": name, "summary": rows, "details": self.details})
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut report = Report::default();
    let (name, result) = match &cli.command {
        Command::Pacing(options) => ("pacing", pacing::run(options, &mut report)),
        Command::Overhead(options) => ("overhead", overhead::run(options, &mut report)),
        Command::Paging(options) => ("paging", paging::run(options, &mut report)),
        Command::PagingChild(options) => ("paging-child", paging::child(options)),
        Command::Build(options) => ("build", selective::run(options, &mut report)),
        Command::Contract(options) => ("contract", contract::run(options, &mut report)),
        Command::SharedPacingServe(options) => {
            ("shared-pacing-serve", shared_pacing::serve(options))
        }
        Command::SharedPacingWorker(options) => {
            ("shared-pacing-worker", shared_pacing::worker(options))
        }
    };
    let written = match (&result, &cli.json) {
        (Ok(()), Some(path)) => serde_json::to_vec_pretty(&report.to_json(name))
            .map_err(anyhow::Error::from)
            .and_then(|bytes| std::fs::write(path, bytes).map_err(anyhow::Error::from)),
        _ => Ok(()),
    };
    match result.and(written) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
