//! Running every fixture of a vendor through its client, with snapshots and a report.

use std::collections::BTreeSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::fixture::{Fixture, load_dir, vendor_dir};
use crate::mock::serve;
use crate::unified::{UNIFIED_SUFFIX, Unified, unified_snapshot_name};

/// Environment variable naming the folder the runner writes its [`Report`] to, as
/// `<folder>/<package>.json` (set by xtask).
pub const REPORT_DIR_ENV: &str = "BOOKBRIDGE_CONTRACT_REPORTS";

/// What a vendor's contract test covers.
#[derive(Clone, Debug)]
pub struct VendorSpec {
    /// Vendor name = fixtures folder name.
    pub vendor: &'static str,
    /// Every public operation of the vendor crate (each needs at least one fixture).
    pub operations: &'static [&'static str],
    /// Where fixtures live (default `fixtures/<vendor>` of the workspace).
    pub fixtures_dir: PathBuf,
    /// Where snapshots live (`<crate>/tests/snapshots`).
    pub snapshot_dir: PathBuf,
    /// The unified projection ([`VendorSpec::with_unified`]): when set, every fixture it maps
    /// also has the snapshot `<fixture>.unified`; when not set (a vendor crate built without
    /// its `domain` feature), `*.unified.snap` files are neither checked nor reported.
    pub unified: Option<Unified>,
}

impl VendorSpec {
    /// A spec for `vendor`, whose crate lives at `crate_dir` (pass `env!("CARGO_MANIFEST_DIR")`).
    pub fn new(vendor: &'static str, operations: &'static [&'static str], crate_dir: &str) -> Self {
        VendorSpec {
            vendor,
            operations,
            fixtures_dir: vendor_dir(vendor),
            snapshot_dir: Path::new(crate_dir).join("tests").join("snapshots"),
            unified: None,
        }
    }

    /// Adds the unified projection: `project(fixture)` is the adapter's mapping of the
    /// bookings the fixture's responses hold (see [`crate::unified_bookings`]), or `None` for a
    /// fixture without bookings. Each fixture it maps is snapshotted a second time, as
    /// `<fixture>.unified.snap`.
    pub fn with_unified(
        mut self,
        project: impl Fn(&Fixture) -> Option<Value> + Send + Sync + 'static,
    ) -> Self {
        self.unified = Some(Unified::new(project));
        self
    }
}

/// The result of one fixture.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FixtureResult {
    /// Fixture name (file stem).
    pub name: String,
    /// Operation.
    pub operation: String,
    /// Whether everything matched.
    pub passed: bool,
    /// What went wrong.
    pub problems: Vec<String>,
    /// Fields and enum values the models kept without knowing them ([`crate::drift`]).
    #[serde(default, skip_serializing_if = "crate::drift::Drift::is_empty")]
    pub drift: crate::drift::Drift,
}

/// The summary of one vendor's contract run (the row of `cargo xtask contract`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    /// Vendor name.
    pub vendor: String,
    /// Package whose contract test produced the report (from cargo's `CARGO_PKG_NAME`).
    pub package: String,
    /// Public operations of the vendor crate.
    pub operations: usize,
    /// Fixtures found.
    pub fixtures: usize,
    /// Fixtures that passed.
    pub passed: usize,
    /// Fixtures that failed (mismatched request, unused exchange, snapshot difference).
    pub failed: usize,
    /// Public operations without a fixture.
    pub operations_without_fixture: Vec<String>,
    /// Fixtures whose operation the test does not dispatch.
    pub fixtures_without_test: Vec<String>,
    /// Snapshot files no fixture produced.
    pub unreferenced_snapshots: Vec<String>,
    /// Fixture lint errors.
    pub lint_errors: Vec<String>,
    /// Per-fixture results.
    pub results: Vec<FixtureResult>,
}

impl Report {
    /// Whether the run is clean.
    pub fn ok(&self) -> bool {
        self.failed == 0
            && self.operations_without_fixture.is_empty()
            && self.fixtures_without_test.is_empty()
            && self.unreferenced_snapshots.is_empty()
            && self.lint_errors.is_empty()
    }

    /// A readable summary of every problem.
    pub fn problems(&self) -> String {
        let mut out = String::new();
        for r in self.results.iter().filter(|r| !r.passed) {
            out.push_str(&format!("\n  {}:", r.name));
            for p in &r.problems {
                out.push_str(&format!("\n    - {p}"));
            }
        }
        for (label, list) in [
            (
                "operation without fixture",
                &self.operations_without_fixture,
            ),
            ("fixture without test", &self.fixtures_without_test),
            ("unreferenced snapshot", &self.unreferenced_snapshots),
            ("lint error", &self.lint_errors),
        ] {
            for item in list {
                out.push_str(&format!("\n  {label}: {item}"));
            }
        }
        out
    }
}

/// Runs every fixture of `spec.vendor`: serves its exchanges, calls `dispatch(fixture,
/// server_base_url)`, checks that every exchange was used, and snapshots the returned JSON
/// (build it with [`crate::outcome`]). `dispatch` returns `None` for an operation it does not
/// know. Returns the [`Report`] (it writes nothing; see [`run_and_assert`]).
pub async fn run<F, Fut>(spec: &VendorSpec, dispatch: F) -> Report
where
    F: Fn(Fixture, String) -> Fut,
    Fut: Future<Output = Option<Value>>,
{
    let mut report = Report {
        vendor: spec.vendor.to_owned(),
        package: std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
        operations: spec.operations.len(),
        ..Report::default()
    };
    let fixtures = match load_dir(&spec.fixtures_dir) {
        Ok(f) => f,
        Err(errors) => {
            report.lint_errors = errors.iter().map(ToString::to_string).collect();
            return report;
        }
    };
    report.fixtures = fixtures.len();
    let covered: BTreeSet<&str> = fixtures.iter().map(|f| f.operation.as_str()).collect();
    report.operations_without_fixture = spec
        .operations
        .iter()
        .filter(|op| !covered.contains(**op))
        .map(|op| (*op).to_owned())
        .collect();

    for fixture in &fixtures {
        let _ = crate::drift::take();
        match run_fixture(spec, fixture, &dispatch).await {
            None => report.fixtures_without_test.push(fixture.name.clone()),
            Some(problems) => report.results.push(FixtureResult {
                name: fixture.name.clone(),
                operation: fixture.operation.clone(),
                passed: problems.is_empty(),
                problems,
                drift: crate::drift::take(),
            }),
        }
    }
    report.passed = report.results.iter().filter(|r| r.passed).count();
    report.failed = report.results.len() - report.passed;
    report.unreferenced_snapshots = unreferenced(spec, &fixtures);
    report
}

/// Runs one fixture: serves its exchanges, calls `dispatch`, checks every exchange was used and
/// compares the snapshot, and the unified snapshot when the spec has a projection that maps
/// this fixture. `None`: `dispatch` does not know the operation; otherwise the problems found
/// (empty: passed).
pub async fn run_fixture<F, Fut>(
    spec: &VendorSpec,
    fixture: &Fixture,
    dispatch: &F,
) -> Option<Vec<String>>
where
    F: Fn(Fixture, String) -> Fut,
    Fut: Future<Output = Option<Value>>,
{
    let (value, mut problems) = serve(fixture, |base| dispatch(fixture.clone(), base)).await;
    let value = value?;
    if let Err(msg) = snapshot(&spec.snapshot_dir, &fixture.name, &value) {
        problems.push(msg);
    }
    if let Some(unified) = spec.unified.as_ref().and_then(|u| u.project(fixture))
        && let Err(msg) = snapshot(
            &spec.snapshot_dir,
            &unified_snapshot_name(&fixture.name),
            &unified,
        )
    {
        problems.push(msg);
    }
    Some(problems)
}

/// Like [`run`], then writes the report where [`REPORT_DIR_ENV`] says (for `cargo xtask
/// contract`) and panics with every problem unless the run is clean.
pub async fn run_and_assert<F, Fut>(spec: &VendorSpec, dispatch: F)
where
    F: Fn(Fixture, String) -> Fut,
    Fut: Future<Output = Option<Value>>,
{
    let report = run(spec, dispatch).await;
    write_report(&report);
    println!(
        "contract {}: {} fixtures, {} passed, {} failed",
        report.vendor, report.fixtures, report.passed, report.failed
    );
    assert!(
        report.ok(),
        "contract test of {} failed:{}",
        report.vendor,
        report.problems()
    );
}

/// Compares `value` with the stored snapshot `name` (JSON, sorted keys). Returns the failure
/// message instead of panicking, so that one run reports every fixture.
pub fn snapshot(dir: &Path, name: &str, value: &Value) -> Result<(), String> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_sort_maps(true);
    settings.set_omit_expression(true);
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| {
            insta::assert_json_snapshot!(name.to_owned(), value);
        });
    }));
    outcome.map_err(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "snapshot assertion failed".to_owned());
        format!("snapshot `{name}` differs or is new: {msg}")
    })
}

/// Snapshot files in `spec.snapshot_dir` that none of `fixtures` produces: `<fixture>.snap`,
/// and `<fixture>.unified.snap` for each fixture the spec's unified projection maps. Without
/// a projection, `*.unified.snap` files are left alone (the crate was built without its
/// `domain` feature, so it cannot tell which are used).
pub fn unreferenced(spec: &VendorSpec, fixtures: &[Fixture]) -> Vec<String> {
    let mut used: BTreeSet<String> = fixtures
        .iter()
        .map(|f| format!("{}.snap", f.name))
        .collect();
    if let Some(unified) = &spec.unified {
        used.extend(
            fixtures
                .iter()
                .filter(|f| unified.project(f).is_some())
                .map(|f| format!("{}.snap", unified_snapshot_name(&f.name))),
        );
    }
    let Ok(entries) = std::fs::read_dir(&spec.snapshot_dir) else {
        return Vec::new();
    };
    let unified_suffix = format!("{UNIFIED_SUFFIX}.snap");
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".snap") && !used.contains(n))
        .filter(|n| spec.unified.is_some() || !n.ends_with(&unified_suffix))
        .collect();
    out.sort();
    out
}

/// Writes `report` to `<REPORT_DIR_ENV>/<package>.json` when that variable is set.
pub fn write_report(report: &Report) {
    let Ok(dir) = std::env::var(REPORT_DIR_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let name = if report.package.is_empty() {
        &report.vendor
    } else {
        &report.package
    };
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(text) = serde_json::to_string_pretty(report) {
        let _ = std::fs::write(dir.join(format!("{name}.json")), text);
    }
}
