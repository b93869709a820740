//! P4, selective build: a user who adds one vendor crate compiles that vendor only.
//!
//! - The trees: `cargo tree -e normal -p <vendor>` (default features) of every vendor crate
//!   holds no other vendor crate and no package that only another vendor needs (a direct
//!   dependency of another vendor that is neither this vendor's nor in the shared base's tree:
//!   core-http and model-kit, which every vendor uses); see [`check_trees`].
//! - Cold build time of one vendor crate (`cargo build -p resos`, lib only) ÷ the whole
//!   workspace's libraries (`cargo build --workspace --lib`), each in a fresh target dir of
//!   its own under the report folder. Goal ≤ 0.6.
//! - The rustls crypto providers' build time: a probe crate that depends on rustls with
//!   `aws_lc_rs` and one with `ring` (the versions of the workspace's lock file), each built
//!   cold. The workspace's choice of provider is the lead's: this only reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::Report;
use crate::metrics::{Tree, TreeCheck, check_trees, ratio};

/// Goal: cold build of one vendor crate at most this fraction of the workspace's.
pub const GOAL_RATIO: f64 = 0.6;
/// The vendor crates.
const VENDORS: [&str; 4] = ["resos", "launch27", "resource-guru", "rightech"];
/// The shared crates every vendor uses.
const BASE: [&str; 2] = ["core-http", "model-kit"];
/// The vendor crate whose cold build is timed.
const TIMED_VENDOR: &str = "resos";

/// Options of `bench build`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Folder for the fresh target dirs and probe crates (default: `target/bench`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only the tree check (no builds).
    #[arg(long)]
    trees_only: bool,
}

/// The workspace root (this crate lives in `crates/bench`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs the benchmark.
pub fn run(options: &Options, report: &mut Report) -> Result<()> {
    let root = workspace_root();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("target").join("bench"));
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    let trees = trees(&root)?;
    println!(
        "{:<15} {:>8} {:>11} {:<30} dependencies only another vendor needs",
        "vendor", "packages", "beyond base", "other vendor crates"
    );
    for (vendor, check) in &trees {
        println!(
            "{:<15} {:>8} {:>11} {:<30} {}",
            vendor,
            check.packages,
            check.beyond_base.len(),
            list(&check.other_vendors),
            list(&check.foreign)
        );
        report.row(
            format!("P4 cargo tree -e normal -p {vendor}"),
            format!(
                "{} packages ({} beyond core-http + model-kit); other vendors: {}; only another \
                 vendor's: {}",
                check.packages,
                check.beyond_base.len(),
                list(&check.other_vendors),
                list(&check.foreign)
            ),
            "no other vendor, nothing only another vendor needs".to_owned(),
            Some(check.clean()),
        );
    }
    let tree_details: BTreeMap<&String, Value> = trees
        .iter()
        .map(|(vendor, c)| {
            (
                vendor,
                json!({
                    "packages": c.packages,
                    "beyond_base": c.beyond_base,
                    "other_vendors": c.other_vendors,
                    "only_another_vendor_needs": c.foreign,
                    "clean": c.clean(),
                }),
            )
        })
        .collect();
    if options.trees_only {
        report.details = json!({ "trees": tree_details });
        return Ok(());
    }

    let env = std::env::vars()
        .filter(|(k, _)| k.starts_with("CARGO_PROFILE") || k == "RUSTFLAGS")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>();
    let vendor_s = cold_build(
        &root,
        &out.join("p4-vendor"),
        &["build", "--quiet", "-p", TIMED_VENDOR],
    )?;
    println!("cold build -p {TIMED_VENDOR}: {vendor_s:.1} s");
    let workspace_s = cold_build(
        &root,
        &out.join("p4-workspace"),
        &["build", "--quiet", "--workspace", "--lib"],
    )?;
    println!("cold build --workspace --lib: {workspace_s:.1} s");
    let build_ratio = ratio(vendor_s, workspace_s);
    report.row(
        format!("P4 cold build -p {TIMED_VENDOR} ÷ --workspace --lib"),
        format!("{build_ratio:.3} ({vendor_s:.1} s vs {workspace_s:.1} s)"),
        format!("≤ {GOAL_RATIO}"),
        Some(build_ratio <= GOAL_RATIO),
    );

    let aws = probe(&root, &out, "aws-lc-rs", "aws_lc_rs", "aws_lc_rs")?;
    println!("cold build rustls + aws-lc-rs probe: {aws:.1} s");
    let ring = probe(&root, &out, "ring", "ring", "ring")?;
    println!("cold build rustls + ring probe: {ring:.1} s");
    // What the vendor ÷ workspace ratio would be with ring, if the provider's build time were
    // simply replaced (an estimate: the build graph's parallelism is not modelled).
    let swap = |t: f64| t - aws + ring;
    let estimate = ratio(swap(vendor_s), swap(workspace_s));
    report.row(
        "P4 rustls provider cold build: aws-lc-rs vs ring".to_owned(),
        format!(
            "{aws:.1} s vs {ring:.1} s; with ring, -p {TIMED_VENDOR} ÷ workspace ≈ {estimate:.2} \
             (estimate)"
        ),
        "report only (the lead chooses)".to_owned(),
        None,
    );
    report.details = json!({
        "trees": tree_details,
        "cold_build_s": {
            TIMED_VENDOR: vendor_s,
            "workspace_lib": workspace_s,
            "ratio": build_ratio,
        },
        "rustls_probe_cold_build_s": {"aws_lc_rs": aws, "ring": ring},
        "ratio_estimate_with_ring": estimate,
        "environment": env,
        "note": "debug profile of the workspace; fresh target dirs; the machine may be shared",
    });
    Ok(())
}

fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "none".to_owned()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// `cargo tree` of every vendor crate and the shared base, checked.
fn trees(root: &Path) -> Result<BTreeMap<String, TreeCheck>> {
    let tree_of = |package: &str| -> Result<Tree> {
        let output = Command::new(cargo())
            .current_dir(root)
            .args(["tree", "-e", "normal", "-p", package])
            .args(["--prefix", "depth", "--format", "{p}"])
            .output()
            .context("running cargo tree")?;
        if !output.status.success() {
            bail!(
                "cargo tree -p {package}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(Tree::parse(&String::from_utf8_lossy(&output.stdout)))
    };
    let mut base = BTreeSet::new();
    for package in BASE {
        base.extend(tree_of(package)?.all);
    }
    let mut vendors = BTreeMap::new();
    for vendor in VENDORS {
        if root.join("crates").join(vendor).join("Cargo.toml").exists() {
            vendors.insert(vendor.to_owned(), tree_of(vendor)?);
        }
    }
    Ok(check_trees(&vendors, &base))
}

/// Seconds of `cargo <args>` in the workspace with a fresh target dir `dir`.
fn cold_build(root: &Path, dir: &Path, args: &[&str]) -> Result<f64> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let start = Instant::now();
    let status = Command::new(cargo())
        .current_dir(root)
        .args(args)
        .env("CARGO_TARGET_DIR", dir)
        .status()
        .context("running cargo build")?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    // The build products are not needed afterwards (disk is limited).
    let _ = std::fs::remove_dir_all(dir);
    Ok(seconds)
}

/// Cold build time of a probe crate that depends on rustls with one crypto provider.
fn probe(root: &Path, out: &Path, name: &str, feature: &str, module: &str) -> Result<f64> {
    let dir = out.join(format!("p4-probe-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"probe-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nrustls = {{ version = \"0.23\", \
             default-features = false, features = [\"{feature}\", \"std\", \"tls12\"] }}\n\n\
             [workspace]\n"
        ),
    )?;
    std::fs::write(
        dir.join("src").join("lib.rs"),
        format!(
            "//! Build-time probe.\n/// The provider.\npub fn provider() -> \
             rustls::crypto::CryptoProvider {{\n    rustls::crypto::{module}::default_provider()\n}}\n"
        ),
    )?;
    // The workspace's lock file pins the same versions (cargo drops the unused entries).
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    let seconds = cold_build(&dir, &dir.join("target"), &["build", "--quiet", "--lib"])?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(seconds)
}
