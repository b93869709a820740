//! Helpers shared by the integration tests (each test binary uses a part of them).
#![allow(dead_code)]

use core_http::auth::Basic;
use core_http::{Client, ClientBuilder, RetryPolicy};
use httpmock::MockServer;

/// The API key of the resOS documentation's examples.
pub const KEY: &str = "aIcCpRKQqKPg9zVL0a7-RJt2_zx8jPq8jR20XWp_pZN";
/// [`KEY`] as the documented `Basic` credential (`base64("<key>:")`).
pub const KEY_B64: &str = "YUljQ3BSS1FxS1BnOXpWTDBhNy1SSnQyX3p4OGpQcThqUjIwWFdwX3BaTjo=";

/// A builder against `server`, authenticated with [`KEY`], with the transport timers off.
pub fn key_builder(server: &MockServer) -> ClientBuilder {
    Client::builder(server.base_url())
        .without_transport_timers()
        .auth(Basic::api_key(KEY))
}

/// The default retry policy without jitter, so that waits are exact.
pub fn no_jitter() -> RetryPolicy {
    RetryPolicy {
        jitter: false,
        ..RetryPolicy::default()
    }
}

/// Writes a test's captured logs to `$BOOKBRIDGE_TRACE_DIR/<name>.log` when that variable is
/// set, for `cargo xtask scan-secrets` (the same convention as `contract::trace`, which
/// core-http's tests cannot depend on).
pub fn write_trace(name: &str, logs: &str) {
    let Some(dir) = std::env::var_os("BOOKBRIDGE_TRACE_DIR").filter(|v| !v.is_empty()) else {
        return;
    };
    let path = std::path::Path::new(&dir).join(format!("{name}.log"));
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::write(&path, logs) {
        eprintln!("trace capture: cannot write {}: {e}", path.display());
    }
}
