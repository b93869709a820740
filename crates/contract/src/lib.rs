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
//! A vendor crate's `tests/contract.rs` looks like this (here with a bare core-http client
//! standing in for a vendor client):
//!
//! ```no_run
//! const OPERATIONS: &[&str] = &["healthcheck"];
//!
//! #[tokio::main(flavor = "current_thread", start_paused = true)]
//! async fn main() {
//!     let spec = contract::VendorSpec::new("resos", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
//!     contract::run_and_assert(&spec, |fixture, base| async move {
//!         let client = core_http::Client::builder(format!("{base}/v1"))
//!             .without_transport_timers()
//!             .build()
//!             .ok()?;
//!         Some(match fixture.operation.as_str() {
//!             "healthcheck" => contract::outcome(client.get("/healthcheck").send_text().await),
//!             _ => return None,
//!         })
//!     })
//!     .await;
//! }
//! ```
#![allow(clippy::panic)] // a test harness reports failures by panicking, on purpose

pub mod fixture;
mod mock;
mod outcome;
mod runner;

pub use fixture::{
    Exchange, Fixture, LintError, Provenance, QueryValue, RecordedRequest, RecordedResponse,
};
pub use mock::{UNMATCHED_STATUS, query_matches, serve};
pub use outcome::{error_json, outcome};
pub use runner::{
    FixtureResult, REPORT_DIR_ENV, Report, VendorSpec, run, run_and_assert, snapshot,
};

/// Decodes a fixture's `input` into an operation's request type, or renders the decode error
/// as an outcome (so a fixture with bad input fails its snapshot rather than the whole run).
pub fn input<T: serde::de::DeserializeOwned>(fixture: &Fixture) -> Result<T, serde_json::Value> {
    serde_json::from_value(fixture.input.clone())
        .map_err(|e| serde_json::json!({ "bad_input": e.to_string() }))
}
