//! # contract
//!
//! The contract-test harness of bookbridge (a dev-dependency only). It proves, against
//! recorded HTTP fixtures and insta snapshots, that a vendor client sends exactly the requests
//! the vendor expects and understands every response the vendor sends.
//!
//! - [`fixture`]: the fixture format of design §6 (`fixtures/<vendor>/<operation>[--<case>].json`),
//!   loading and linting (unknown keys, unredacted credentials, pretty-printing, names).
//! - [`serve`]: serves a fixture's exchanges from an httpmock server, matching method, path,
//!   exact query, required headers and JSON body; identical requests are answered in order;
//!   reports unused exchanges and unexpected requests.
//! - [`run`] / [`run_and_assert`]: runs every fixture of a vendor through a dispatch function,
//!   snapshots each outcome (JSON, sorted keys) and writes the report `cargo xtask contract`
//!   turns into its table.
//!
//! - [`VendorSpec::with_unified`] / [`unified_bookings`]: with a vendor's `domain` adapter,
//!   every fixture whose responses hold bookings also snapshots the adapter's mapping of them
//!   to the vendor-neutral model, as `<fixture>.unified.snap`.
//! - [`props`]: proptest strategies (arbitrary JSON, mutated fixture bodies) and the
//!   decoding property the vendor crates' `tests/properties.rs` check.
//! - [`trace`]: with `BOOKBRIDGE_TRACE_DIR` set, every fixture case's `tracing` output is
//!   written there for `cargo xtask scan-secrets`.
//!
//! - [`main`] / [`Suite`]: the same, as one test case per fixture (libtest-mimic), so that
//!   `cargo test -p resos --test contract bookings.create` runs the fixtures of one operation
//!   and a failure names its fixture; the suite-level checks are cases of their own.
//!
//! A vendor crate's `tests/contract.rs` (declared `[[test]] name = "contract" harness = false`
//! in its `Cargo.toml`) looks like this (here with a bare core-http client standing in for a
//! vendor client):
//!
//! ```no_run
//! const OPERATIONS: &[&str] = &["healthcheck"];
//!
//! async fn dispatch(fixture: contract::Fixture, base: String) -> Option<serde_json::Value> {
//!     let client = core_http::Client::builder(format!("{base}/v1"))
//!         .without_transport_timers()
//!         .build()
//!         .ok()?;
//!     Some(match fixture.operation.as_str() {
//!         "healthcheck" => contract::outcome(client.get("/healthcheck").send_text().await),
//!         _ => return None,
//!     })
//! }
//!
//! fn main() {
//!     let spec = contract::VendorSpec::new("resos", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
//!     contract::main(spec, dispatch)
//! }
//! ```
#![allow(clippy::panic)] // a test harness reports failures by panicking, on purpose

pub mod drift;
pub mod fixture;
pub mod issued;
mod mock;
mod outcome;
pub mod props;
mod runner;
mod suite;
pub mod trace;
mod unified;

pub use fixture::{
    Exchange, Fixture, LintError, Provenance, QueryValue, RecordedRequest, RecordedResponse,
};
/// The test-harness crate behind [`main`] (for [`Suite::trials`] and [`is_unfiltered`]).
pub use libtest_mimic;
pub use mock::{UNMATCHED_STATUS, query_matches, serve};
pub use outcome::{error_json, outcome};
pub use runner::{
    FixtureResult, REPORT_DIR_ENV, Report, VendorSpec, run, run_and_assert, run_fixture, snapshot,
    unreferenced, write_report,
};
pub use suite::{SUITE_PREFIX, Suite, is_unfiltered, main};
pub use trace::TRACE_DIR_ENV;
pub use unified::{UNIFIED_SUFFIX, Unified, unified_bookings, unified_snapshot_name};

/// Decodes a fixture's `input` into an operation's request type, or renders the decode error
/// as an outcome (so a fixture with bad input fails its snapshot rather than the whole run).
pub fn input<T: serde::de::DeserializeOwned>(fixture: &Fixture) -> Result<T, serde_json::Value> {
    serde_json::from_value(fixture.input.clone())
        .map_err(|e| serde_json::json!({ "bad_input": e.to_string() }))
}
