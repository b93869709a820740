//! Self-test of the harness: `fixtures/_selftest` driven through core-http directly, one test
//! case per fixture, exactly as a vendor crate's `tests/contract.rs` runs its fixtures.

mod common;

fn main() {
    let spec =
        contract::VendorSpec::new("_selftest", common::OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    contract::main(spec, common::dispatch)
}
