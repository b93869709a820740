//! Hostile `x-rate-limit-*` values never panic and never stall the client (issue "Hardening:
//! hostile servers", point 1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use httpmock::prelude::*;
use launch27::Client;
use serde_json::json;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn hostile_rate_limit_headers_never_panic_or_stall() {
    let hostile = [
        "1e19s",
        "1e19",
        "1.8e19",
        "1e308m",
        "99999999999",
        "-1",
        "inf",
        "NaN",
        "0",
        "",
        "30.00",
        "1e19ms",
    ];
    for value in hostile {
        let server = MockServer::start_async().await;
        server
            .mock_async(move |when, then| {
                when.method(GET).path("/v1/policy/booking");
                then.status(200)
                    .header("x-rate-limit-read-limit", value)
                    .header("x-rate-limit-read-ttl", value)
                    .header("x-rate-limit-write-limit", value)
                    .header("x-rate-limit-write-ttl", value)
                    .header("x-rate-limit-limit", value)
                    .header("x-rate-limit-limit", value)
                    .header("x-rate-limit-duration", value)
                    .header("retry-after", value)
                    .json_body(json!({"custom": false}));
            })
            .await;
        let client = Client::builder()
            .base_url(server.base_url())
            .without_transport_timers()
            .build()
            .unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            client.policies().booking().await.unwrap();
        }
        assert!(
            t0.elapsed() <= Duration::from_secs(1),
            "{value:?} stalled the client for {:?}",
            t0.elapsed()
        );
        let limits = client.rate_limits();
        assert!(
            limits.read_interval <= launch27::MAX_ANNOUNCED_INTERVAL,
            "{value:?}: {limits:?}"
        );
    }
}
