//! The `faults` task: runs the fault matrix (`crates/sandbox/tests/faults_matrix.rs`: every
//! vendor's client against its sandbox fake, one fault class at a time, scaled timings) and
//! prints its Markdown table. Fails when the matrix test fails (a cell differs from
//! `crates/sandbox/tests/faults_matrix.md`), a client panicked, or a create was stored twice.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::TaskResult;

/// Runs the matrix and prints the table; `update` rewrites the expected table instead of
/// checking it (review the diff).
pub fn run(root: &Path, update: bool) -> TaskResult {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from);
    let dir = target.join("faults");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let out = dir.join("table.md");
    let _ = std::fs::remove_file(&out);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args([
            "test",
            "--quiet",
            "--package",
            "sandbox",
            "--all-features",
            "--test",
            "faults_matrix",
        ])
        .env("FAULTS_TABLE_OUT", &out);
    if update {
        command.env("FAULTS_MATRIX_UPDATE", "1");
    }
    println!("running the fault matrix (4 vendors, scaled timings) ...");
    let status = command.status().context("running cargo test")?;
    let table = std::fs::read_to_string(&out).unwrap_or_default();
    if table.is_empty() {
        eprintln!("xtask faults: the matrix wrote no table (it did not finish)");
        return Ok(false);
    }
    println!("\n## Fault matrix\n\n{table}");
    let problems = problems(&table);
    for p in &problems {
        eprintln!("xtask faults: {p}");
    }
    if !status.success() {
        eprintln!(
            "xtask faults: the matrix test failed (a cell differs from crates/sandbox/tests/faults_matrix.md; see above)"
        );
    }
    Ok(status.success() && problems.is_empty())
}

/// Cells that fail the task whatever the expected table says: a panic, a create stored more
/// than once.
pub fn problems(table: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in table.lines().skip(2) {
        let mut cells = line.trim_matches('|').split(" | ").map(str::trim);
        let class = cells.next().unwrap_or_default();
        for cell in cells {
            if cell.contains("PANIC") {
                out.push(format!("{class}: a client panicked"));
            }
            if let Some(n) = cell.split("duplicates ").nth(1)
                && n.trim() != "0"
            {
                out.push(format!("{class}: duplicate create ({cell})"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_and_duplicates_are_problems_other_cells_are_not() {
        let table = "| fault class | a | b |\n|---|---|---|\n\
                     | 500 | Api 500 · 1 req | PANIC |\n\
                     | create: x | ok · POSTs 1 · stored 1 · duplicates 0 | ok · POSTs 2 · stored 2 · duplicates 1 |\n";
        let found = problems(table);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("panicked"));
        assert!(found[1].contains("duplicate create"));
        assert!(problems("| h |\n|---|\n| 500 | ok after 2 |\n").is_empty());
    }
}
