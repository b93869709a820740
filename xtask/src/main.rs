//! `cargo xtask`: project tasks.
//!
//! - `cargo xtask contract [--accept] [--update-readme]`: runs every crate's contract test
//!   (`crates/*/tests/contract.rs`), prints the vendor table, and fails on any failed fixture,
//!   operation without a fixture, fixture without a test, unreferenced or pending snapshot,
//!   fixture lint error, or a stale README coverage table.
//! - `cargo xtask lint-fixtures [--fix]`: checks (or re-prints) every fixture file: shape,
//!   redaction, names, and a `provenance` (docs, captured, recorded, secondary, synthetic) with
//!   its `source` line.
//! - `cargo xtask tidy [--no-build]`: the dependency arrows of ARCHITECTURE.md (from `cargo
//!   metadata`), every library crate built with `--no-default-features` (and Resource Guru
//!   with only `webhooks`), and no comment under `crates/` citing "reference §" or a path
//!   that is not in the repository.
//! - `cargo xtask bench [pacing|overhead|paging|build|contract]`: builds the `bench` package
//!   with `--release` and runs every benchmark (P1 to P5), or the one named, each in a
//!   process of its own; prints one table, writes `target/bench/report.json` and the pacing
//!   chart `target/bench/pacing.svg`. Prints numbers; never fails on them.

mod bench;
mod coverage;
mod run;
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
    /// Run every benchmark (P1 to P5) or the one named, built with --release (numbers never
    /// fail); a table on stdout and target/bench/report.json.
    Bench {
        #[command(subcommand)]
        bench: Option<bench::Bench>,
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
        Command::Bench { bench } => bench::run(&root, bench.as_ref()),
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
