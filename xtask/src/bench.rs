//! The `bench` task: builds the `bench` package with `--release`, runs each benchmark in a
//! process of its own, prints one table of every benchmark's figures and writes
//! `target/bench/report.json` (with the chart `target/bench/pacing.svg`). Benchmarks print
//! numbers and never fail on them; the task fails only when a benchmark could not run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use serde_json::{Value, json};

use crate::TaskResult;

/// Which benchmark, with its options (none: all of them, P1 to P5).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Bench {
    /// P1: our clients (1 and 8 tasks) and a naive reqwest loop against each vendor's
    /// rate-limit policy in the sandbox (windows scaled): achieved ÷ allowed, 429s, requests
    /// per success; Launch27 reads with and without writes; draws `pacing.svg`. Goal for ours
    /// ≥ 0.98 with no 429.
    #[command(alias = "p1")]
    Pacing,
    /// P2: CPU time per request of our clients against raw reqwest + serde_json decoding into
    /// the same model type, over loopback (resOS 100 bookings, Resource Guru 50 bookings).
    /// Prints ours, raw, the median ratio over rounds, and the goal (≤ 1.10).
    #[command(alias = "p2")]
    Overhead {
        /// Measured rounds (default 15).
        #[arg(long)]
        rounds: Option<u32>,
        /// Requests per call, side and round (default 200).
        #[arg(long)]
        iters: Option<u32>,
    },
    /// P3: 100,000 and 1,000,000 resOS bookings streamed from the sandbox by our `list()` and
    /// by raw paging by hand: peak RSS (each in a child process) and items/s. Goals: RSS ≤
    /// 1.1 × raw and flat, speed ≥ 0.9 × raw.
    #[command(alias = "p3")]
    Paging,
    /// P4: `cargo tree` of each vendor crate (no other vendor, nothing only another vendor
    /// needs), cold build of `-p resos` ÷ `--workspace --lib` (goal ≤ 0.6), and the rustls
    /// providers' (aws-lc-rs, ring) cold build times. Takes minutes: it builds from scratch.
    #[command(alias = "p4")]
    Build,
    /// P5: `cargo xtask contract`, warm (wall time).
    #[command(alias = "p5")]
    Contract,
    /// Worker processes sharing one key through Redis vs pacing each alone, against the
    /// sandbox's resOS, Launch27 and Resource Guru limits (see `shared_pacing.rs`; not part
    /// of the default run).
    SharedPacing(crate::shared_pacing::Options),
}

impl Bench {
    /// Every benchmark, in the order `cargo xtask bench` runs them.
    fn all() -> Vec<Bench> {
        vec![
            Bench::Pacing,
            Bench::Overhead {
                rounds: None,
                iters: None,
            },
            Bench::Paging,
            Bench::Build,
            Bench::Contract,
        ]
    }

    /// The `bench` binary's subcommand name.
    fn name(&self) -> &'static str {
        match self {
            Bench::Pacing => "pacing",
            Bench::Overhead { .. } => "overhead",
            Bench::Paging => "paging",
            Bench::Build => "build",
            Bench::Contract => "contract",
            Bench::SharedPacing(_) => "shared-pacing",
        }
    }

    /// The subcommand and its options, writing into `out`.
    fn args(&self, out: &Path) -> Vec<String> {
        let mut args = vec![
            "--json".to_owned(),
            out.join(format!("{}.json", self.name()))
                .display()
                .to_string(),
            self.name().to_owned(),
        ];
        match self {
            Bench::Overhead { rounds, iters } => {
                if let Some(rounds) = rounds {
                    args.extend(["--rounds".into(), rounds.to_string()]);
                }
                if let Some(iters) = iters {
                    args.extend(["--iters".into(), iters.to_string()]);
                }
            }
            Bench::Pacing => {
                args.extend([
                    "--chart".into(),
                    out.join("pacing.svg").display().to_string(),
                ]);
            }
            Bench::Build => args.extend(["--out".into(), out.display().to_string()]),
            Bench::Paging | Bench::Contract | Bench::SharedPacing(_) => {}
        }
        args
    }
}

/// The cargo target dir of the workspace at `root`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Runs `bench` (or all of them) in the workspace at `root`.
pub fn run(root: &Path, bench: Option<&Bench>) -> TaskResult {
    if let Some(Bench::SharedPacing(options)) = bench {
        return crate::shared_pacing::run(root, options);
    }
    let started = Instant::now();
    let target = target_dir(root);
    let out = target.join("bench");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "--package", "bench"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        return Ok(false);
    }
    let exe = target.join("release").join("bench");
    let benches = bench.map_or_else(Bench::all, |b| vec![b.clone()]);

    let mut ran = Vec::new();
    let mut ok = true;
    for bench in &benches {
        println!("== {} ==", bench.name());
        let json_path = out.join(format!("{}.json", bench.name()));
        let _ = std::fs::remove_file(&json_path);
        let start = Instant::now();
        let status = Command::new(&exe)
            .current_dir(root)
            .env("CARGO", &cargo)
            .args(bench.args(&out))
            .status()
            .with_context(|| format!("running {}", exe.display()))?;
        let seconds = start.elapsed().as_secs_f64();
        if !status.success() {
            eprintln!("xtask: benchmark {} did not run to the end", bench.name());
            ok = false;
            continue;
        }
        let text = std::fs::read_to_string(&json_path)
            .with_context(|| format!("reading {}", json_path.display()))?;
        let mut result: Value = serde_json::from_str(&text)?;
        if let Some(map) = result.as_object_mut() {
            map.insert("wall_s".into(), json!(seconds));
        }
        ran.push(result);
    }

    let total = started.elapsed().as_secs_f64();
    println!();
    print!("{}", table(&ran));
    println!("total wall time: {total:.0} s");

    let report_path = out.join("report.json");
    let report = merge(
        std::fs::read_to_string(&report_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok()),
        &ran,
        json!({
            "command": match bench {
                None => "cargo xtask bench".to_owned(),
                Some(b) => format!("cargo xtask bench {}", b.name()),
            },
            "wall_s": total,
            "cores": std::thread::available_parallelism().map_or(0, usize::from),
        }),
    );
    std::fs::write(&report_path, serde_json::to_vec_pretty(&report)?)
        .with_context(|| format!("writing {}", report_path.display()))?;
    println!("report: {}", report_path.display());
    Ok(ok)
}

/// The member `key` of a JSON object (`null` when absent).
fn field<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).unwrap_or(&Value::Null)
}

/// The Markdown table of every summary row of `results`.
pub fn table(results: &[Value]) -> String {
    let mut s = String::from("| measure | value | goal | met |\n|---|---|---|---|\n");
    for result in results {
        for row in field(result, "summary").as_array().into_iter().flatten() {
            let text = |key: &str| {
                field(row, key)
                    .as_str()
                    .unwrap_or_default()
                    .replace('|', "/")
            };
            let met = match field(row, "met").as_bool() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "–",
            };
            s.push_str(&format!(
                "| {} | {} | {} | {met} |\n",
                text("measure"),
                text("value"),
                text("goal")
            ));
        }
    }
    s
}

/// The new report: the previous one's benchmarks that did not run again, then this run's,
/// and this run's facts.
pub fn merge(previous: Option<Value>, ran: &[Value], run: Value) -> Value {
    let fresh: Vec<&str> = ran
        .iter()
        .filter_map(|r| field(r, "benchmark").as_str())
        .collect();
    let mut benchmarks: Vec<Value> = previous
        .as_ref()
        .and_then(|p| field(p, "benchmarks").as_array())
        .into_iter()
        .flatten()
        .filter(|b| {
            field(b, "benchmark")
                .as_str()
                .is_some_and(|name| !fresh.contains(&name))
        })
        .cloned()
        .collect();
    benchmarks.extend(ran.iter().cloned());
    json!({ "last_run": run, "benchmarks": benchmarks })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn the_table_has_one_line_per_summary_row() {
        let results = vec![json!({
            "benchmark": "pacing",
            "summary": [
                {"measure": "P1 resos ours×1", "value": "1.000", "goal": "≥ 0.98", "met": true},
                {"measure": "P1 resos naive×1", "value": "a|b", "goal": "(baseline)", "met": null},
            ]
        })];
        let t = table(&results);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2], "| P1 resos ours×1 | 1.000 | ≥ 0.98 | yes |");
        assert_eq!(lines[3], "| P1 resos naive×1 | a/b | (baseline) | – |");
    }

    #[test]
    fn a_single_benchmark_replaces_only_its_own_entry() {
        let previous = json!({"benchmarks": [
            {"benchmark": "pacing", "summary": [], "old": true},
            {"benchmark": "paging", "summary": []},
        ]});
        let ran = vec![json!({"benchmark": "pacing", "summary": []})];
        let merged = merge(Some(previous), &ran, json!({"command": "x"}));
        let names: Vec<&str> = merged["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["benchmark"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["paging", "pacing"]);
        assert!(merged["benchmarks"][1].get("old").is_none());
        assert_eq!(merged["last_run"]["command"], "x");
        assert_eq!(
            merge(None, &ran, json!({}))["benchmarks"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}
