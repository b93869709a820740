//! The `contract` and `lint-fixtures` tasks (`contract` also checks README's capability
//! matrix).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use contract::Report;

use crate::TaskResult;
use crate::coverage::{Row, check_or_update_readme, render_table};

/// A crate with a contract test.
#[derive(Debug)]
struct ContractCrate {
    package: String,
}

fn contract_crates(root: &Path) -> Result<Vec<ContractCrate>> {
    let mut out = Vec::new();
    let crates = root.join("crates");
    for entry in
        std::fs::read_dir(&crates).with_context(|| format!("reading {}", crates.display()))?
    {
        let dir = entry?.path();
        if !dir.join("tests").join("contract.rs").is_file() {
            continue;
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
            .with_context(|| format!("reading {}/Cargo.toml", dir.display()))?;
        let package = package_name(&manifest)
            .with_context(|| format!("no package name in {}/Cargo.toml", dir.display()))?;
        out.push(ContractCrate { package });
    }
    out.sort_by(|a, b| a.package.cmp(&b.package));
    Ok(out)
}

/// The `name = "..."` of a manifest's `[package]` table.
pub fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if in_package && let Some(rest) = line.strip_prefix("name") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

/// Whether a set of reports (plus the extra checks) passes.
pub fn verdict(
    reports: &[Report],
    test_failures: &[String],
    pending: &[PathBuf],
    orphan_fixture_dirs: &[String],
) -> bool {
    reports.iter().all(Report::ok)
        && test_failures.is_empty()
        && pending.is_empty()
        && orphan_fixture_dirs.is_empty()
}

pub fn contract(root: &Path, accept: bool, update_readme: bool) -> TaskResult {
    // 1. Lint every fixture first: a malformed file fails fast with a clear message.
    let mut ok = lint(root)?;

    // 2. Run every crate's contract test in one cargo invocation (it reuses the workspace test
    //    build), then collect one report per crate.
    let report_dir = root.join("target").join("contract");
    let _ = std::fs::remove_dir_all(&report_dir);
    std::fs::create_dir_all(&report_dir)?;
    let crates = contract_crates(root)?;
    println!(
        "running the contract tests of {} ...",
        crates
            .iter()
            .map(|c| c.package.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "test",
            "--quiet",
            "--workspace",
            "--all-features",
            "--no-fail-fast",
            "--test",
            "contract",
            // Unfiltered on purpose: a suite writes its report only after a run of every case.
            "--",
            "--quiet",
        ])
        .env(contract::REPORT_DIR_ENV, &report_dir)
        .env("INSTA_UPDATE", if accept { "always" } else { "no" })
        // Snapshot mismatches are caught panics; insta's diff says what differs, a
        // backtrace of the harness would only bury it.
        .env("RUST_BACKTRACE", "0")
        .status()
        .context("running cargo test")?;
    let mut reports = Vec::new();
    let mut test_failures = Vec::new();
    for c in &crates {
        let path = report_dir.join(format!("{}.json", c.package));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let report: Report = serde_json::from_str(&text)
                    .with_context(|| format!("reading report {}", path.display()))?;
                reports.push(report);
            }
            Err(_) => test_failures.push(format!(
                "{}: the contract test wrote no report (did it build? does it call contract::run_and_assert?)",
                c.package
            )),
        }
    }
    if !status.success() && test_failures.is_empty() && reports.iter().all(Report::ok) {
        test_failures.push("cargo test failed outside the fixtures (see its output above)".into());
    }
    reports.sort_by(|a, b| a.vendor.cmp(&b.vendor));

    // 3. Fixture folders that no crate tests.
    let tested: Vec<&str> = reports.iter().map(|r| r.vendor.as_str()).collect();
    let mut orphan_dirs = Vec::new();
    for entry in std::fs::read_dir(root.join("fixtures"))? {
        let path = entry?.path();
        if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && path.is_dir()
            && !tested.contains(&name)
        {
            orphan_dirs.push(name.to_owned());
        }
    }

    // 4. Snapshots left pending (`.snap.new`, `.pending-snap`) anywhere under crates/.
    let pending = pending_snapshots(&root.join("crates"));

    // 5. The table.
    let rows: Vec<Row> = reports.iter().map(Row::from).collect();
    println!();
    println!("{}", render_table(&rows));
    for r in &reports {
        if !r.ok() {
            println!("{}:{}", r.vendor, r.problems());
        }
    }
    for f in &test_failures {
        println!("{f}");
    }
    for p in &pending {
        println!("pending snapshot: {}", p.display());
    }
    for d in &orphan_dirs {
        println!("fixtures/{d}: fixtures without a test (no crate runs them)");
    }
    ok &= verdict(&reports, &test_failures, &pending, &orphan_dirs);

    // 6. README's coverage table (only the vendor rows; the self-test is not a vendor).
    let vendor_rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| !r.vendor.starts_with('_'))
        .collect();
    ok &= check_or_update_readme(&root.join("README.md"), &vendor_rows, update_readme)?;

    // 7. README's capability matrix, from the adapters' capabilities().
    ok &= crate::capabilities::check_or_write_readme(
        &root.join("README.md"),
        &crate::capabilities::providers(),
        false,
    )?;

    // 8. Drift: reported, never a failure.
    println!("\n{}", crate::drift::summary(&reports));

    println!(
        "{}",
        if ok {
            "contract: OK"
        } else {
            "contract: FAILED"
        }
    );
    Ok(ok)
}

fn pending_snapshots(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(pending_snapshots(&path));
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && (name.ends_with(".snap.new") || name.ends_with(".pending-snap"))
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn lint(root: &Path) -> Result<bool> {
    match contract::fixture::lint_all(&root.join("fixtures")) {
        Ok(n) => {
            println!("lint-fixtures: {n} fixtures OK");
            Ok(true)
        }
        Err(errors) => {
            for e in &errors {
                println!("lint-fixtures: {e}");
            }
            println!("lint-fixtures: {} problems", errors.len());
            Ok(false)
        }
    }
}

pub fn lint_fixtures(root: &Path, fix: bool) -> TaskResult {
    if fix {
        let mut fixed = 0;
        for dir in std::fs::read_dir(root.join("fixtures"))?.flatten() {
            if !dir.path().is_dir() {
                continue;
            }
            for file in std::fs::read_dir(dir.path())?.flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path)?;
                    if let Ok(pretty) = contract::fixture::pretty(&text)
                        && pretty != text
                    {
                        std::fs::write(&path, pretty)?;
                        fixed += 1;
                    }
                }
            }
        }
        println!("lint-fixtures: re-printed {fixed} files");
    }
    lint(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_read_from_the_package_table() {
        let m =
            "[package]\nname = \"resource-guru\"\nversion = \"1\"\n[dependencies]\nname = \"x\"\n";
        assert_eq!(package_name(m).as_deref(), Some("resource-guru"));
        assert_eq!(package_name("[workspace]\n"), None);
    }

    #[test]
    fn a_failed_fixture_fails_the_run() {
        let good = Report {
            vendor: "resos".into(),
            fixtures: 2,
            passed: 2,
            ..Report::default()
        };
        assert!(verdict(std::slice::from_ref(&good), &[], &[], &[]));
        let broken_snapshot = Report {
            failed: 1,
            passed: 1,
            ..good.clone()
        };
        assert!(!verdict(&[good.clone(), broken_snapshot], &[], &[], &[]));
        let uncovered = Report {
            operations_without_fixture: vec!["bookings.get".into()],
            ..good.clone()
        };
        assert!(!verdict(&[uncovered], &[], &[], &[]));
        assert!(!verdict(
            std::slice::from_ref(&good),
            &[],
            &[PathBuf::from("a.snap.new")],
            &[]
        ));
        assert!(!verdict(
            std::slice::from_ref(&good),
            &[],
            &[],
            &["rightech".into()]
        ));
    }
}
