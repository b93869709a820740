//! `cargo xtask tidy`: the rules of ARCHITECTURE.md that a compiler does not check.
//!
//! 1. Dependency arrows, read from `cargo metadata`: [`violation`] encodes the "Arrows"
//!    section of ARCHITECTURE.md (keep the two in step).
//! 2. Every library crate builds with its minimal features (`--no-default-features`), and
//!    Resource Guru with only `webhooks` (its webhook verification must not need core-http).
//! 3. No comment in `crates/**/*.rs` cites a file that does not ship: no "reference §" (the
//!    vendor reference folder is not part of the repository) and no path such as
//!    `docs/vendors/x.md` that does not exist.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::TaskResult;

/// The vendor crates (ARCHITECTURE.md, "Crates").
pub const VENDORS: &[&str] = &["resos", "launch27", "resource-guru", "rightech"];

/// Extra minimal builds beyond `--no-default-features` for every library crate.
const FEATURE_BUILDS: &[(&str, &str)] = &[("resource-guru", "webhooks")];

/// The kind of a dependency edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `[dependencies]` (optional ones included).
    Normal,
    /// `[dev-dependencies]`.
    Dev,
    /// `[build-dependencies]`.
    Build,
}

/// One dependency of a workspace crate on another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The user.
    pub from: String,
    /// The crate used.
    pub to: String,
    /// How it is used.
    pub kind: Kind,
}

/// The arrows between workspace crates in `cargo metadata --no-deps` output.
pub fn arrows(metadata: &Value) -> Vec<Arrow> {
    let packages = metadata
        .get("packages")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = packages
        .iter()
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    let mut out = Vec::new();
    for p in &packages {
        let Some(from) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        for d in p
            .get("dependencies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(to) = d.get("name").and_then(Value::as_str) else {
                continue;
            };
            if !names.contains(&to) {
                continue;
            }
            let kind = match d.get("kind").and_then(Value::as_str) {
                Some("dev") => Kind::Dev,
                Some("build") => Kind::Build,
                _ => Kind::Normal,
            };
            let arrow = Arrow {
                from: from.to_owned(),
                to: to.to_owned(),
                kind,
            };
            if !out.contains(&arrow) {
                out.push(arrow);
            }
        }
    }
    out
}

/// Why an arrow is forbidden, or `None` when it is allowed. This is ARCHITECTURE.md's
/// "Arrows" section ("Never: ..."); change both together.
pub fn violation(a: &Arrow) -> Option<String> {
    let (from, to) = (a.from.as_str(), a.to.as_str());
    let vendor = |n: &str| VENDORS.contains(&n);
    let why = if from == "core-http" && (vendor(to) || to == "booking-domain" || to == "contract") {
        "core-http knows no vendor, no booking-domain and no contract harness"
    } else if from == "model-kit" {
        "model-kit depends on no workspace crate (no HTTP: Resource Guru's webhooks use it alone)"
    } else if from == "booking-domain" && vendor(to) {
        "booking-domain knows no vendor crate"
    } else if from == "booking-domain"
        && a.kind == Kind::Normal
        && to != "core-http"
        && to != "model-kit"
    {
        "booking-domain depends only on core-http and model-kit"
    } else if vendor(from) && vendor(to) && from != to {
        "a vendor crate never depends on another vendor crate"
    } else if to == "contract" && a.kind != Kind::Dev && from != "xtask" {
        "contract is a dev-dependency only (xtask excepted)"
    } else if from == "sandbox" && vendor(to) && a.kind != Kind::Dev {
        "the sandbox fakes the wire, not our clients: vendor crates are its dev-dependencies only"
    } else if to == "sandbox" && a.kind != Kind::Dev && from != "cli" && from != "bench" {
        "only cli and bench use the sandbox as a normal dependency (libraries: dev only)"
    } else if to == "xtask" || to == "bench" {
        "nothing depends on the xtask or bench binaries (xtask runs them as processes)"
    } else {
        return None;
    };
    let kind = match a.kind {
        Kind::Normal => "",
        Kind::Dev => " (dev)",
        Kind::Build => " (build)",
    };
    Some(format!("{from} -> {to}{kind}: {why}"))
}

/// The forbidden arrows of a `cargo metadata` graph.
pub fn forbidden_arrows(metadata: &Value) -> Vec<String> {
    arrows(metadata).iter().filter_map(violation).collect()
}

/// Library crates of the workspace (a `lib` target), xtask excluded.
pub fn library_crates(metadata: &Value) -> Vec<String> {
    let mut out: Vec<String> = metadata
        .get("packages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| {
            p.get("targets")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|t| {
                    t.get("kind")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .any(|k| k == "lib" || k == "proc-macro")
                })
        })
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .filter(|n| *n != "xtask")
        .map(str::to_owned)
        .collect();
    out.sort();
    out
}

/// Problems in one Rust file's comments: "reference §" citations and cited paths that do not
/// exist (`exists` answers for a path relative to the workspace root or to `crate_dir`).
pub fn citation_problems(file: &str, text: &str, exists: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(at) = line.find("//") else {
            continue;
        };
        let comment = line.get(at..).unwrap_or_default();
        let lineno = n + 1;
        if comment.contains("reference §") {
            out.push(format!(
                "{file}:{lineno}: cites \"reference §\" (that folder does not ship): cite docs/vendors/<vendor>.md §n"
            ));
        }
        for path in cited_paths(comment) {
            if !exists(&path) {
                out.push(format!(
                    "{file}:{lineno}: cites `{path}`, which is not in the repository"
                ));
            }
        }
    }
    out
}

/// Repository-looking paths in a comment: words with a `/` ending in a known file extension,
/// not part of a URL and without placeholders.
fn cited_paths(comment: &str) -> Vec<String> {
    const EXTENSIONS: &[&str] = &[".md", ".rs", ".toml", ".json", ".yml", ".yaml", ".snap"];
    comment
        .split(|c: char| c.is_whitespace() || "`()[]<>\"',;|*".contains(c))
        .map(|w| w.trim_end_matches(['.', ':', '!', '?']))
        .filter(|w| w.contains('/') && !w.contains("://") && !w.starts_with("//"))
        .filter(|w| !w.contains('{') && !w.contains('$') && !w.contains("..."))
        .filter(|w| EXTENSIONS.iter().any(|e| w.ends_with(e)))
        .map(|w| w.trim_start_matches("./").to_owned())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Citation problems of every `.rs` file under `crates/`.
pub fn citations(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let rel = file.strip_prefix(root).unwrap_or(&file);
        // The crate folder: crates/<name>
        let crate_dir = rel
            .components()
            .take(2)
            .fold(root.to_path_buf(), |p, c| p.join(c));
        let file_dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let exists = |p: &str| {
            root.join(p).exists()
                || crate_dir.join(p).exists()
                || file_dir.join(p).exists()
                || root.join("crates").join(p).exists()
        };
        out.extend(citation_problems(
            &rel.display().to_string(),
            &text,
            &exists,
        ));
    }
    out
}

fn metadata(root: &Path) -> Result<Value> {
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("running cargo metadata")?;
    anyhow::ensure!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).context("reading cargo metadata")
}

fn check_build(root: &Path, package: &str, features: Option<&str>) -> Result<bool> {
    let mut args = vec![
        "check",
        "--quiet",
        "-p",
        package,
        "--lib",
        "--no-default-features",
    ];
    if let Some(f) = features {
        args.extend(["--features", f]);
    }
    println!("tidy: cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(&args)
        .status()
        .context("running cargo check")?;
    Ok(status.success())
}

/// Runs every check; `build: false` skips the minimal-feature builds (slow).
pub fn run(root: &Path, build: bool) -> TaskResult {
    let mut ok = true;
    let meta = metadata(root)?;

    let bad = forbidden_arrows(&meta);
    for b in &bad {
        println!("tidy: forbidden dependency: {b}");
    }
    println!(
        "tidy: dependency arrows: {} checked, {} forbidden",
        arrows(&meta).len(),
        bad.len()
    );
    ok &= bad.is_empty();

    let cites = citations(root);
    for c in &cites {
        println!("tidy: {c}");
    }
    println!("tidy: citations: {} problems", cites.len());
    ok &= cites.is_empty();

    if build {
        let mut failed = Vec::new();
        for package in library_crates(&meta) {
            if !check_build(root, &package, None)? {
                failed.push(format!("{package} --no-default-features"));
            }
        }
        for (package, features) in FEATURE_BUILDS {
            if !check_build(root, package, Some(features))? {
                failed.push(format!(
                    "{package} --no-default-features --features {features}"
                ));
            }
        }
        for f in &failed {
            println!("tidy: does not build: {f}");
        }
        ok &= failed.is_empty();
    }
    println!("{}", if ok { "tidy: OK" } else { "tidy: FAILED" });
    Ok(ok)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    fn package(name: &str, deps: &[(&str, Option<&str>)], kind: &str) -> Value {
        json!({
            "name": name,
            "dependencies": deps.iter().map(|(n, k)| json!({"name": n, "kind": k})).collect::<Vec<_>>(),
            "targets": [{"kind": [kind]}]
        })
    }

    /// Today's graph, roughly: every arrow allowed.
    fn allowed() -> Vec<Value> {
        vec![
            package(
                "core-http",
                &[("reqwest", None), ("model-kit", None)],
                "lib",
            ),
            package("model-kit", &[("serde", None)], "lib"),
            package("contract", &[("core-http", None)], "lib"),
            package(
                "resos",
                &[("core-http", None), ("contract", Some("dev"))],
                "lib",
            ),
            package(
                "resource-guru",
                &[
                    ("core-http", None),
                    ("model-kit", None),
                    ("contract", Some("dev")),
                ],
                "lib",
            ),
            package("sandbox", &[("axum", None), ("resos", Some("dev"))], "lib"),
            package("bench", &[("resos", None), ("core-http", None)], "bin"),
            package("xtask", &[("contract", None)], "bin"),
            package(
                "booking-domain",
                &[("core-http", None), ("model-kit", None), ("futures", None)],
                "lib",
            ),
        ]
    }

    #[test]
    fn the_real_shape_has_no_forbidden_arrow() {
        let meta = json!({ "packages": allowed() });
        assert_eq!(forbidden_arrows(&meta), Vec::<String>::new());
        assert_eq!(
            library_crates(&meta),
            [
                "booking-domain",
                "contract",
                "core-http",
                "model-kit",
                "resos",
                "resource-guru",
                "sandbox"
            ]
        );
        // External crates are not arrows.
        assert!(arrows(&meta).iter().all(|a| a.to != "reqwest"));
    }

    #[test]
    fn a_planted_forbidden_arrow_fails() {
        for (from, to, kind, expected) in [
            ("resos", "launch27", None, "another vendor"),
            ("resos", "launch27", Some("dev"), "another vendor"),
            ("core-http", "resos", None, "knows no vendor"),
            ("core-http", "contract", Some("dev"), "knows no vendor"),
            ("resos", "contract", None, "dev-dependency only"),
            ("model-kit", "core-http", None, "no HTTP"),
            ("booking-domain", "rightech", None, "no vendor crate"),
            ("booking-domain", "resos", None, "no vendor crate"),
            ("booking-domain", "launch27", Some("dev"), "no vendor crate"),
            (
                "booking-domain",
                "contract",
                None,
                "only on core-http and model-kit",
            ),
            ("resos", "xtask", Some("dev"), "nothing depends"),
            ("sandbox", "launch27", None, "fakes the wire"),
            ("resos", "sandbox", None, "only cli and bench"),
        ] {
            let mut packages = allowed();
            packages.push(package("launch27", &[], "lib"));
            packages.push(package("rightech", &[], "lib"));
            let planted = packages.iter_mut().find(|p| p["name"] == from).unwrap();
            planted["dependencies"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": to, "kind": kind}));
            let bad = forbidden_arrows(&json!({ "packages": packages }));
            assert_eq!(bad.len(), 1, "{from} -> {to}: {bad:?}");
            assert!(
                bad[0].starts_with(&format!("{from} -> {to}")) && bad[0].contains(expected),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn citations_of_files_that_do_not_ship_fail() {
        let exists = |p: &str| p == "docs/vendors/resos.md" || p == "src/request.rs";
        let text = "\
//! Limits: see docs/vendors/resos.md §3.
/// Paging (reference §6) is offset based.
// See docs/vendors/launch27.md §2 and `src/request.rs`.
/// <https://github.com/resourceguru/api-docs/blob/master/README.md>
/// `fixtures/<vendor>/<operation>.json` is the format.
let s = \"reference § in a string, not a comment\";
";
        let problems = citation_problems("crates/x/src/lib.rs", text, &exists);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains(":2:") && problems[0].contains("reference §"));
        assert!(problems[1].contains(":3:") && problems[1].contains("docs/vendors/launch27.md"));
    }
}
