//! `cargo xtask`: project tasks.
//!
//! - `cargo xtask contract [--accept] [--update-readme]`: runs every crate's contract test
//!   (`crates/*/tests/contract.rs`), prints the vendor table, and fails on any failed fixture,
//!   operation without a fixture, fixture without a test, unreferenced or pending snapshot,
//!   fixture lint error, or a stale README coverage table or capability matrix.
//! - `cargo xtask lint-fixtures [--fix]`: checks (or re-prints) every fixture file: shape,
//!   redaction, names, and a `provenance` (docs, captured, recorded, secondary, synthetic) with
//!   its `source` line.
//! - `cargo xtask tidy [--no-build]`: the dependency arrows of ARCHITECTURE.md (from `cargo
//!   metadata`), every library crate built with `--no-default-features` (and Resource Guru
//!   with only `webhooks`), and no comment under `crates/` citing "reference §" or a path
//!   that is not in the repository.
//! - `cargo xtask schemas [--check]`: writes (or checks) the JSON Schema of the unified model
//!   and of every vendor model to `schemas/<crate>/<Type>.json`.
//! - `cargo xtask capabilities [--write]`: prints the capability matrix of the booking-domain
//!   adapters as Markdown (with `--write`, also into README.md; `contract` checks README's copy).
//! - `cargo xtask bench [pacing|overhead|paging|build|contract]`: builds the `bench` package
//!   with `--release` and runs every benchmark (P1 to P5), or the one named, each in a
//!   process of its own; prints one table, writes `target/bench/report.json` and the pacing
//!   chart `target/bench/pacing.svg`. Prints numbers; never fails on them.
//! - `cargo xtask fuzz --seconds N [--target NAME] [--require]`: runs each cargo-fuzz target
//!   of `fuzz/` for N seconds with nightly and cargo-fuzz, or says what is missing and skips.
//! - `cargo xtask scan-secrets [--trace-dir DIR] [--no-traces]`: fails on a test credential or
//!   a live-looking key in fixtures, snapshots or the captured traces (`secrets.rs` says
//!   exactly what is scanned).
//! - `cargo xtask bench shared-pacing [--workers 8]`: worker processes on one key, pacing
//!   through Redis and each alone, against the sandbox's limits (`shared_pacing.rs`).
//! - `cargo xtask record --vendor X --operation Y [--input JSON] [--base-url URL]`: calls
//!   the vendor with credentials from the environment and writes
//!   `fixtures/<vendor>/<operation>--recorded-<n>.json`, secrets and personal data replaced,
//!   with a drift line (unknown fields and enum values).
//! - `cargo xtask faults [--update]`: the fault matrix (every vendor against its sandbox
//!   fake under each fault class) as a Markdown table; fails on a changed cell, a panic or
//!   a duplicate create.

mod bench;
mod capabilities;
mod coverage;
mod drift;
mod faults;
mod fuzz;
mod record;
mod run;
mod schemas;
mod secrets;
mod shared_pacing;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "bookbridge project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the contract tests of every vendor and print the coverage table.
    Contract {
        /// Accept new or changed snapshots (INSTA_UPDATE=always) instead of failing on them.
        #[arg(long)]
        accept: bool,
        /// Rewrite README's coverage table from this run instead of checking it.
        #[arg(long)]
        update_readme: bool,
    },
    /// Check every fixture (shape, redaction, pretty-printing, names, provenance and source).
    LintFixtures {
        /// Re-print files in the canonical pretty form.
        #[arg(long)]
        fix: bool,
    },
    /// Check ARCHITECTURE.md's rules: dependency arrows, minimal-feature builds, no comment
    /// citing a file that does not ship.
    Tidy {
        /// Skip the minimal-feature builds (`cargo check --no-default-features` per crate).
        #[arg(long)]
        no_build: bool,
    },
    /// Write the JSON Schemas of the unified and vendor models to `schemas/`.
    Schemas {
        /// Write nothing; fail when a file is stale, missing or extra.
        #[arg(long)]
        check: bool,
    },
    /// Print the capability matrix of the booking-domain adapters (Markdown).
    Capabilities {
        /// Also put it in README.md between the capability markers.
        #[arg(long)]
        write: bool,
    },
    /// Run the fault matrix and print its table (fails on a changed cell, a panic or a
    /// duplicate create).
    Faults {
        /// Rewrite the expected table (crates/sandbox/tests/faults_matrix.md) from this run.
        #[arg(long)]
        update: bool,
    },
    /// Record one live exchange as a fixture (credentials from the environment, secrets and
    /// personal data replaced); see README "Recording real exchanges".
    Record {
        /// `resos` or `resource-guru`.
        #[arg(long)]
        vendor: String,
        /// The operation, as in the contract tests (`bookings.list_page`).
        #[arg(long)]
        operation: String,
        /// The operation's arguments as JSON (default `{}`).
        #[arg(long)]
        input: Option<String>,
        /// The vendor's base URL (default: the vendor's own).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Run every benchmark (P1 to P5) or the one named, built with --release (numbers never
    /// fail); a table on stdout and target/bench/report.json.
    Bench {
        #[command(subcommand)]
        bench: Option<bench::Bench>,
    },
    /// Run each cargo-fuzz target for N seconds (needs nightly and cargo-fuzz; skips with a
    /// message where they are missing).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Only this target.
        #[arg(long)]
        target: Option<String>,
        /// Fail instead of skipping when nightly or cargo-fuzz is missing.
        #[arg(long)]
        require: bool,
    },
    /// Fail on a test credential or a live-looking key in fixtures, snapshots or captured
    /// traces (see xtask/src/secrets.rs for exactly what is scanned).
    ScanSecrets {
        /// The captured traces (default: $BOOKBRIDGE_TRACE_DIR, else target/trace-capture).
        #[arg(long)]
        trace_dir: Option<PathBuf>,
        /// Scan fixtures and snapshots only.
        #[arg(long)]
        no_traces: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::Contract {
            accept,
            update_readme,
        } => run::contract(&root, accept, update_readme),
        Command::LintFixtures { fix } => run::lint_fixtures(&root, fix),
        Command::Tidy { no_build } => tidy::run(&root, !no_build),
        Command::Schemas { check } => schemas::run(&root, check),
        Command::Capabilities { write } => capabilities::run(&root, write),
        Command::Bench { bench } => bench::run(&root, bench.as_ref()),
        Command::Fuzz {
            seconds,
            target,
            require,
        } => fuzz::run(&root, seconds, target.as_deref(), require),
        Command::ScanSecrets {
            trace_dir,
            no_traces,
        } => secrets::run(&root, trace_dir, no_traces),
        Command::Faults { update } => faults::run(&root, update),
        Command::Record {
            vendor,
            operation,
            input,
            base_url,
        } => record::run(&root, &vendor, &operation, input.as_deref(), base_url),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Result type of the tasks: `Ok(false)` means "ran, found problems".
pub type TaskResult = Result<bool>;
