//! The drift section of `cargo xtask contract`: per vendor and operation, the fields the
//! models kept only in `extra` and the enum values that landed in `Unknown`, collected by
//! the contract harness from every fixture's decoded result ([`contract::drift`]). It
//! reports; it never fails the run.

use std::collections::BTreeMap;

use contract::Report;
use contract::drift::Drift;

/// The section's text: one line per vendor and operation with drift, naming its fixtures.
pub fn summary(reports: &[Report]) -> String {
    let mut per_operation: BTreeMap<(String, String), (Drift, Vec<String>)> = BTreeMap::new();
    for report in reports {
        for result in report.results.iter().filter(|r| !r.drift.is_empty()) {
            let entry = per_operation
                .entry((report.vendor.clone(), result.operation.clone()))
                .or_default();
            entry.0.merge(result.drift.clone());
            entry.1.push(result.name.clone());
        }
    }
    let mut out = String::from(
        "drift (fields kept only in `extra`, enum values in `Unknown`; reported, never fails):\n",
    );
    if per_operation.is_empty() {
        out.push_str("  none\n");
    }
    for ((vendor, operation), (drift, fixtures)) in per_operation {
        out.push_str(&format!(
            "  {vendor} {} (fixtures: {})\n",
            drift.summary(&operation).trim_start_matches("drift: "),
            fixtures.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_is_listed_per_operation_with_its_fixtures() {
        let report: Report = serde_json::from_value(serde_json::json!({
            "vendor": "resos", "package": "resos", "operations": 2, "fixtures": 3,
            "passed": 3, "failed": 0, "operations_without_fixture": [],
            "fixtures_without_test": [], "unreferenced_snapshots": [], "lint_errors": [],
            "results": [
                {"name": "bookings.get--extra-fields", "operation": "bookings.get", "passed": true,
                 "problems": [], "drift": {"fields": ["colour"]}},
                {"name": "bookings.get--unknown-status", "operation": "bookings.get", "passed": true,
                 "problems": [], "drift": {"values": ["pending_payment"]}},
                {"name": "bookings.list", "operation": "bookings.list", "passed": true, "problems": []}
            ]
        }))
        .unwrap_or_default();
        let text = summary(&[report]);
        assert!(
            text.contains("  resos bookings.get: unknown fields [colour] unknown enum values [pending_payment] (fixtures: bookings.get--extra-fields, bookings.get--unknown-status)"),
            "{text}"
        );
        assert!(!text.contains("bookings.list"), "{text}");
        assert!(summary(&[]).contains("  none"));
    }
}
