//! Pacing under virtual time: independent read and write buckets, resized from the vendor's
//! headers, and a pause after a 429.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use httpmock::prelude::*;
use launch27::{Client, FindLocation, RateLimits};
use serde_json::json;
use tokio::time::Instant;

fn anonymous(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap()
}

async fn mock_reads_and_writes(server: &MockServer) {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/policy/booking");
            then.status(200).json_body(json!({"custom": false}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/fspay/token");
            then.status(200)
                .json_body(json!({"authentication_key": "k"}));
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_writes_does_not_slow_reads() {
    let server = MockServer::start_async().await;
    mock_reads_and_writes(&server).await;
    let client = anonymous(&server);

    let t0 = Instant::now();
    for _ in 0..12 {
        client.payments().fspay_token().await.unwrap();
    }
    // Burst of 10, then one write per 500 ms.
    assert_eq!(t0.elapsed(), Duration::from_millis(1000));

    let t1 = Instant::now();
    for _ in 0..30 {
        client.policies().booking().await.unwrap();
    }
    assert_eq!(t1.elapsed(), Duration::ZERO, "30 reads pass at once");
    client.policies().booking().await.unwrap();
    assert_eq!(
        t1.elapsed(),
        Duration::from_millis(500),
        "the 31st read waits"
    );
}

#[tokio::test(start_paused = true)]
async fn reads_sent_as_post_use_the_read_bucket() {
    let server = MockServer::start_async().await;
    mock_reads_and_writes(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/booking/location");
            then.status(200).json_body(json!({"id": 1, "name": "Main"}));
        })
        .await;
    let client = anonymous(&server);
    for _ in 0..10 {
        client.payments().fspay_token().await.unwrap();
    }
    let t0 = Instant::now();
    for _ in 0..20 {
        client
            .booking()
            .location(&FindLocation::zip("62701"))
            .await
            .unwrap();
    }
    assert_eq!(t0.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn documented_headers_resize_the_write_bucket() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/fspay/token");
            then.status(200)
                .header("x-rate-limit-read-limit", "30")
                .header("x-rate-limit-read-ttl", "500ms")
                .header("x-rate-limit-write-limit", "2")
                .header("x-rate-limit-write-ttl", "1s")
                .json_body(json!({"authentication_key": "k"}));
        })
        .await;
    let client = anonymous(&server);
    client.payments().fspay_token().await.unwrap();
    let limits = client.rate_limits();
    assert_eq!(limits.write_burst, 2);
    assert_eq!(limits.write_interval, Duration::from_secs(1));
    assert_eq!(limits.read_burst, 30);

    // The bucket now holds at most 2 tokens and refills one per second.
    tokio::time::advance(Duration::from_secs(10)).await;
    let t0 = Instant::now();
    for _ in 0..4 {
        client.payments().fspay_token().await.unwrap();
    }
    assert_eq!(t0.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn observed_dialect_is_read_from_repeated_headers() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/countries");
            then.status(200)
                .header("x-rate-limit-limit", "20.00")
                .header("x-rate-limit-limit", "5.00")
                .header("x-rate-limit-duration", "1")
                .header("x-rate-limit-duration", "1")
                .json_body(json!([]));
        })
        .await;
    let client = anonymous(&server);
    client.account().list_countries_page().await.unwrap();
    let limits = client.rate_limits();
    assert_eq!((limits.read_burst, limits.write_burst), (20, 5));
    assert_eq!(limits.observed_duration, Some(Duration::from_secs(1)));
    assert_eq!(limits.read_interval, RateLimits::default().read_interval);
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_then_the_read_succeeds() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/policy/location");
            then.status(429)
                .header("retry-after", "2")
                .body("Too Many Requests");
        })
        .await;
    let client = anonymous(&server);
    let t0 = Instant::now();
    let handle = {
        let c = client.clone();
        tokio::spawn(async move { c.policies().location().await })
    };
    // Let the first attempt be refused, then serve the retry.
    while refused.calls_async().await == 0 {
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    refused.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/policy/location");
            then.status(200)
                .json_body(json!({"prevent_booking": false}));
        })
        .await;
    let policy = handle.await.unwrap().unwrap();
    assert!(!policy.prevent_booking);
    assert!(
        t0.elapsed() >= Duration::from_secs(2),
        "waited for Retry-After"
    );
}
