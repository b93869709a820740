//! `cargo xtask fuzz --seconds N [--target NAME]`: runs each cargo-fuzz target of `fuzz/` for
//! N seconds, seeded with the fixtures' response bodies.
//!
//! Fuzzing needs a nightly toolchain (`cargo +nightly`) and cargo-fuzz (`cargo install
//! cargo-fuzz`). Where either is missing the task prints what is missing and succeeds without
//! fuzzing (so a stable-only machine can run it); `--require` makes that a failure.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::TaskResult;

/// The targets of `fuzz/Cargo.toml`, with the vendor whose fixture bodies seed them (`None`:
/// seeded from every vendor's fixture files).
pub const TARGETS: &[(&str, Option<&str>)] = &[
    ("decode_resos", Some("resos")),
    ("decode_launch27", Some("launch27")),
    ("decode_resource_guru", Some("resource-guru")),
    ("decode_rightech", Some("rightech")),
    ("fixture_loader", None),
    ("custom_query", None),
    ("redact", None),
];

/// Whether fuzzing can run here: `Err` names what is missing.
pub fn availability(succeeds: &dyn Fn(&[&str]) -> bool) -> std::result::Result<(), String> {
    if !succeeds(&["+nightly", "--version"]) {
        return Err(
            "no nightly toolchain (`cargo +nightly --version` failed); install one with \
             `rustup toolchain install nightly`"
                .into(),
        );
    }
    if !succeeds(&["+nightly", "fuzz", "--version"]) {
        return Err(
            "cargo-fuzz is not installed (`cargo +nightly fuzz --version` failed); install it \
             with `cargo install cargo-fuzz`"
                .into(),
        );
    }
    Ok(())
}

fn cargo_succeeds(args: &[&str]) -> bool {
    Command::new("cargo")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the task.
pub fn run(root: &Path, seconds: u64, only: Option<&str>, require: bool) -> TaskResult {
    let targets: Vec<&(&str, Option<&str>)> = TARGETS
        .iter()
        .filter(|(name, _)| only.is_none_or(|o| o == *name))
        .collect();
    if targets.is_empty() {
        println!(
            "xtask fuzz: no target named {:?}; targets: {}",
            only.unwrap_or_default(),
            TARGETS.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
        );
        return Ok(false);
    }
    if let Err(missing) = availability(&cargo_succeeds) {
        println!("xtask fuzz: skipped, {missing}.");
        println!(
            "xtask fuzz: the same properties run on stable as proptest: `cargo test --test properties`."
        );
        return Ok(!require);
    }
    let mut ok = true;
    for (name, vendor) in targets {
        let corpus = root.join("target").join("fuzz-corpus").join(name);
        seed(root, &corpus, *vendor)?;
        println!(
            "== fuzz {name} for {seconds} s (corpus {})",
            corpus.display()
        );
        let status = Command::new("cargo")
            .current_dir(root)
            .args(["+nightly", "fuzz", "run", name])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .status()
            .with_context(|| format!("running cargo fuzz run {name}"))?;
        if !status.success() {
            println!("xtask fuzz: {name} failed (crash input under fuzz/artifacts/{name}/)");
            ok = false;
        }
    }
    Ok(ok)
}

/// Writes the seeds of a target into `corpus` (fixture response bodies, or whole fixture
/// files).
fn seed(root: &Path, corpus: &Path, vendor: Option<&str>) -> Result<()> {
    std::fs::create_dir_all(corpus).with_context(|| format!("creating {}", corpus.display()))?;
    let fixtures = root.join("fixtures");
    let mut n = 0;
    for dir in std::fs::read_dir(&fixtures)? {
        let dir = dir?.path();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !dir.is_dir() || vendor.is_some_and(|v| v != name) {
            continue;
        }
        for file in std::fs::read_dir(&dir)? {
            let path = file?.path();
            let text = std::fs::read_to_string(&path)?;
            let seeds: Vec<Vec<u8>> = match vendor {
                None => vec![text.into_bytes()],
                Some(_) => {
                    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                    value
                        .get("exchanges")
                        .and_then(serde_json::Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|e| e.pointer("/response/body"))
                        .filter_map(|b| serde_json::to_vec(b).ok())
                        .collect()
                }
            };
            for s in seeds {
                std::fs::write(corpus.join(format!("seed-{n}")), s)?;
                n += 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_with_a_clear_message_without_nightly_or_cargo_fuzz() {
        let no_nightly = availability(&|_| false).unwrap_err();
        assert!(no_nightly.contains("nightly"), "{no_nightly}");
        let no_fuzz = availability(&|args| !args.contains(&"fuzz")).unwrap_err();
        assert!(no_fuzz.contains("cargo-fuzz"), "{no_fuzz}");
        assert_eq!(availability(&|_| true), Ok(()));
    }

    #[test]
    fn every_target_has_a_file_and_a_bin_entry() {
        let root = crate::workspace_root();
        let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap_or_default();
        for (name, _) in TARGETS {
            assert!(
                root.join("fuzz/fuzz_targets")
                    .join(format!("{name}.rs"))
                    .is_file(),
                "{name}"
            );
            assert!(manifest.contains(&format!("name = \"{name}\"")), "{name}");
        }
    }
}
