//! One test case per fixture: a vendor's `tests/contract.rs` as a libtest-mimic harness.
//!
//! [`main`] turns every fixture of a vendor into its own test case named after the fixture file
//! (`bookings.create--invalid`), and each suite-level check into a case of its own:
//!
//! | case | fails when |
//! |---|---|
//! | `<fixture name>` | a request differs, an exchange is unused, the snapshot (or, with a unified projection, the `<fixture>.unified` snapshot) differs, `dispatch` knows no such operation, or the file fails the lint |
//! | `suite::lint` | any fixture file of the vendor fails the lint |
//! | `suite::operations_without_fixture` | a public operation has no fixture |
//! | `suite::fixtures_without_test` | a fixture's operation is not one of the vendor's operations |
//! | `suite::unreferenced_snapshots` | a snapshot file belongs to no fixture |
//!
//! Filters work as for any cargo test: `cargo test -p resos --test contract bookings.create`
//! runs every case whose name contains `bookings.create` (all fixtures of that operation);
//! `-- --exact bookings.create` runs exactly the fixture `bookings.create.json`.
//!
//! Each fixture runs on its own current-thread tokio runtime with the clock paused (as
//! `#[tokio::test(start_paused = true)]` did), so cases run in parallel like ordinary tests.
//! The report for `cargo xtask contract` ([`crate::REPORT_DIR_ENV`]) is written only after an
//! unfiltered run: a filtered run never replaces the full report with a partial one.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

use crate::fixture::{Fixture, load_dir_partial};
use crate::runner::{FixtureResult, Report, VendorSpec, run_fixture, unreferenced, write_report};

/// Prefix of the suite-level cases.
pub const SUITE_PREFIX: &str = "suite::";

/// What the fixture cases found, for the report.
#[derive(Debug, Default)]
struct Outcomes {
    results: Vec<FixtureResult>,
    without_test: Vec<String>,
}

/// The test cases of a vendor, and the shared state their outcomes go to.
pub struct Suite {
    /// Every case: one per fixture file, then the suite-level checks.
    pub trials: Vec<Trial>,
    report: Report,
    outcomes: Arc<Mutex<Outcomes>>,
}

impl Suite {
    /// Builds the cases of `spec`: `dispatch(fixture, server_base_url)` calls the operation
    /// named by the fixture and returns its outcome as JSON (see [`crate::outcome`]), or `None`
    /// for an operation it does not know.
    pub fn new<F, Fut>(spec: &VendorSpec, dispatch: F) -> Suite
    where
        F: Fn(Fixture, String) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Option<Value>>,
    {
        let (fixtures, lint_errors) = load_dir_partial(&spec.fixtures_dir);
        let outcomes: Arc<Mutex<Outcomes>> = Arc::default();
        let mut trials = Vec::new();

        for fixture in &fixtures {
            let spec = spec.clone();
            let fixture = fixture.clone();
            let dispatch = dispatch.clone();
            let outcomes = outcomes.clone();
            trials.push(Trial::test(fixture.name.clone(), move || {
                run_case(&spec, &fixture, &dispatch, &outcomes)
            }));
        }
        // A file that fails the lint is a failing case under its own name, too.
        let parsed: BTreeSet<&str> = fixtures.iter().map(|f| f.name.as_str()).collect();
        let mut broken: Vec<(String, Vec<String>)> = Vec::new();
        for e in &lint_errors {
            let stem = e
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if stem.is_empty() || parsed.contains(stem.as_str()) {
                continue;
            }
            match broken.iter_mut().find(|(n, _)| *n == stem) {
                Some((_, list)) => list.push(e.to_string()),
                None => broken.push((stem, vec![e.to_string()])),
            }
        }
        for (name, errors) in broken {
            trials.push(Trial::test(name.clone(), move || {
                Err(format!("fixture {name} fails the lint:\n  {}", errors.join("\n  ")).into())
            }));
        }

        let covered: BTreeSet<&str> = fixtures.iter().map(|f| f.operation.as_str()).collect();
        let operations_without_fixture: Vec<String> = spec
            .operations
            .iter()
            .filter(|op| !covered.contains(**op))
            .map(|op| (*op).to_owned())
            .collect();
        let unlisted: Vec<String> = fixtures
            .iter()
            .filter(|f| !spec.operations.contains(&f.operation.as_str()))
            .map(|f| f.name.clone())
            .collect();
        let unreferenced_snapshots = unreferenced(spec, &fixtures);
        let lint: Vec<String> = lint_errors.iter().map(ToString::to_string).collect();

        let vendor = spec.vendor;
        trials.push(check(
            "lint",
            &lint,
            format!("fixture files of {vendor} that fail the lint"),
        ));
        trials.push(check(
            "operations_without_fixture",
            &operations_without_fixture,
            format!("public operations of {vendor} without a fixture"),
        ));
        trials.push(check(
            "fixtures_without_test",
            &unlisted,
            format!("fixtures of {vendor} whose operation is not in OPERATIONS"),
        ));
        trials.push(check(
            "unreferenced_snapshots",
            &unreferenced_snapshots,
            format!("snapshots of {vendor} that no fixture produces"),
        ));

        let report = Report {
            vendor: vendor.to_owned(),
            package: std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
            operations: spec.operations.len(),
            fixtures: fixtures.len() + broken_count(&lint_errors, &parsed),
            operations_without_fixture,
            fixtures_without_test: unlisted,
            unreferenced_snapshots,
            lint_errors: lint,
            ..Report::default()
        };
        Suite {
            trials,
            report,
            outcomes,
        }
    }

    /// The report of the cases run so far (call after [`libtest_mimic::run`]).
    pub fn report(&self) -> Report {
        let mut report = self.report.clone();
        if let Ok(o) = self.outcomes.lock() {
            let mut results = o.results.clone();
            results.sort_by(|a, b| a.name.cmp(&b.name));
            report.results = results;
            for name in &o.without_test {
                if !report.fixtures_without_test.contains(name) {
                    report.fixtures_without_test.push(name.clone());
                }
            }
            report.fixtures_without_test.sort();
        }
        report.passed = report.results.iter().filter(|r| r.passed).count();
        report.failed = report.results.len() - report.passed;
        report
    }
}

fn broken_count(errors: &[crate::LintError], parsed: &BTreeSet<&str>) -> usize {
    errors
        .iter()
        .filter_map(|e| e.path.file_stem().and_then(|s| s.to_str()))
        .filter(|s| !parsed.contains(s))
        .collect::<BTreeSet<_>>()
        .len()
}

fn check(name: &str, items: &[String], what: String) -> Trial {
    let items = items.to_vec();
    Trial::test(format!("{SUITE_PREFIX}{name}"), move || {
        if items.is_empty() {
            Ok(())
        } else {
            Err(format!("{what}:\n  {}", items.join("\n  ")).into())
        }
    })
}

fn run_case<F, Fut>(
    spec: &VendorSpec,
    fixture: &Fixture,
    dispatch: &F,
    outcomes: &Mutex<Outcomes>,
) -> Result<(), Failed>
where
    F: Fn(Fixture, String) -> Fut,
    Fut: Future<Output = Option<Value>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .map_err(|e| format!("fixture {}: cannot start a runtime: {e}", fixture.name))?;
    let _ = crate::drift::take();
    let problems = crate::trace::capture(&format!("{}/{}", spec.vendor, fixture.name), || {
        runtime.block_on(run_fixture(spec, fixture, dispatch))
    });
    let drift = crate::drift::take();
    let mut o = outcomes.lock().unwrap_or_else(|p| p.into_inner());
    let Some(problems) = problems else {
        o.without_test.push(fixture.name.clone());
        return Err(format!(
            "fixture {} ({}): the contract test dispatches no operation `{}`",
            fixture.name,
            fixture.path.display(),
            fixture.operation
        )
        .into());
    };
    o.results.push(FixtureResult {
        name: fixture.name.clone(),
        operation: fixture.operation.clone(),
        passed: problems.is_empty(),
        problems: problems.clone(),
        drift,
    });
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fixture {} ({}):\n  - {}",
            fixture.name,
            fixture.path.display(),
            problems.join("\n  - ")
        )
        .into())
    }
}

/// Whether `args` select every case (no filter, no skip, not `--ignored`, not `--list`): only
/// then is the report complete enough to be written.
pub fn is_unfiltered(args: &Arguments) -> bool {
    args.filter.is_none() && args.skip.is_empty() && !args.ignored && !args.list
}

/// The whole `main` of a vendor's `tests/contract.rs` (declared with `harness = false`):
/// parses the test arguments, runs one case per fixture plus the suite-level checks, writes
/// the report for `cargo xtask contract` after an unfiltered run, and exits with libtest's
/// status.
///
/// ```no_run
/// # async fn dispatch(_: contract::Fixture, _: String) -> Option<serde_json::Value> { None }
/// const OPERATIONS: &[&str] = &["bookings.get"];
/// fn main() {
///     let spec = contract::VendorSpec::new("resos", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
///     contract::main(spec, dispatch)
/// }
/// ```
pub fn main<F, Fut>(spec: VendorSpec, dispatch: F) -> !
where
    F: Fn(Fixture, String) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Option<Value>>,
{
    let args = Arguments::from_args();
    let mut suite = Suite::new(&spec, dispatch);
    let trials = std::mem::take(&mut suite.trials);
    let conclusion = libtest_mimic::run(&args, trials);
    if is_unfiltered(&args) {
        let report = suite.report();
        write_report(&report);
        println!(
            "contract {}: {} fixtures, {} passed, {} failed",
            report.vendor, report.fixtures, report.passed, report.failed
        );
    }
    conclusion.exit()
}
