//! Pacing through a real client against httpmock, in virtual time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use core_http::pacing::{HeaderFeedback, Pacing, TimeUnit, TokenBucket, TokenBuckets};
use core_http::{Client, Error, RetryPolicy};
use httpmock::prelude::*;
use tokio::time::Instant;

fn no_jitter() -> RetryPolicy {
    RetryPolicy {
        jitter: false,
        ..RetryPolicy::default()
    }
}

#[tokio::test(start_paused = true)]
async fn fixed_window_never_exceeds_limit_and_all_finish() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/bookings");
            then.status(200).body("[]");
        })
        .await;
    let window = Duration::from_secs(60);
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .pacing(Pacing::fixed_window(100, window))
        .build()
        .unwrap();
    let t0 = Instant::now();
    let tasks: Vec<_> = (0..250)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                c.get("/bookings").send_unit().await.unwrap();
                t0.elapsed()
            })
        })
        .collect();
    let mut done = Vec::new();
    for t in tasks {
        done.push(t.await.unwrap());
    }
    done.sort();
    assert_eq!(done.len(), 250, "all finish");
    assert_eq!(m.calls_async().await, 250);
    // A request completes after it started, so completions by the end of window k are at most
    // the starts in windows 0..=k; with the limit honoured that is 100 per window.
    for (i, at) in done.iter().enumerate() {
        let window_index = (at.as_nanos() / window.as_nanos()) as usize;
        assert!(
            i < 100 * (window_index + 1),
            "completion #{i} at {at:?} is in window {window_index}"
        );
    }
    // 250 requests need three windows: the last ones start in the third, and nothing waits longer.
    // (Under paused time the clock may jump to the next window while sockets are busy, so the
    // first hundred can complete "late"; starts are what the limiter controls.)
    assert!(
        done[249] >= 2 * window && done[249] < 3 * window,
        "{:?}",
        done[249]
    );
}

#[tokio::test(start_paused = true)]
async fn token_bucket_burst_then_one_per_interval() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/x");
            then.status(200);
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .pacing(Pacing::token_buckets(TokenBuckets::new(
            TokenBucket::new(30, Duration::from_millis(500)),
            TokenBucket::new(10, Duration::from_millis(500)),
        )))
        .build()
        .unwrap();
    let t0 = Instant::now();
    for _ in 0..30 {
        client.get("/x").send_unit().await.unwrap();
    }
    assert_eq!(
        t0.elapsed(),
        Duration::ZERO,
        "the burst of 30 passes at once"
    );
    for n in 1..=3u32 {
        client.get("/x").send_unit().await.unwrap();
        assert_eq!(t0.elapsed(), Duration::from_millis(500) * n);
    }
}

async fn rate_limited_then_ok(retry_after: &str) -> MockServer {
    let server = MockServer::start_async().await;
    let ra = retry_after.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/slow");
            then.status(429)
                .header("retry-after", ra.as_str())
                .up_to_n_times(1);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/slow");
            then.status(200).body("\"done\"");
        })
        .await;
    server
}

#[tokio::test(start_paused = true)]
async fn retry_after_in_milliseconds_waits_exactly_that() {
    let server = rate_limited_then_ok("1500").await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .feedback(HeaderFeedback::with_unit(TimeUnit::Milliseconds))
        .retry(no_jitter())
        .build()
        .unwrap();
    let t0 = Instant::now();
    let s: String = client.get("/slow").send_json().await.unwrap();
    assert_eq!(s, "done");
    assert_eq!(t0.elapsed(), Duration::from_millis(1500));
}

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_waits_when_within_budget() {
    let server = rate_limited_then_ok("1500").await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .max_server_pause(Duration::from_secs(2000))
        .retry(RetryPolicy {
            budget: Duration::from_secs(2000),
            ..no_jitter()
        })
        .build()
        .unwrap();
    let t0 = Instant::now();
    client.get("/slow").send_unit().await.unwrap();
    assert_eq!(t0.elapsed(), Duration::from_secs(1500));
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_budget_returns_rate_limited_at_once() {
    let server = rate_limited_then_ok("1500").await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .retry(no_jitter()) // budget 60 s
        .build()
        .unwrap();
    let t0 = Instant::now();
    let err = client.get("/slow").send_unit().await.unwrap_err();
    match &err {
        Error::RateLimited { retry_after, api } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(1500)));
            assert_eq!(api.as_ref().unwrap().status, 429);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(t0.elapsed(), Duration::ZERO);
    // The pause is shared: the next request refuses at once too instead of hiding a 25-minute wait.
    let again = client.get("/slow").send_unit().await.unwrap_err();
    assert!(
        matches!(again, Error::RateLimited { api: None, .. }),
        "{again:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_pauses_all_clones() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/a");
            then.status(200)
                .header("x-ratelimit-remaining", "0")
                .header("retry-after", "2");
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    let other = client.clone();
    let t0 = Instant::now();
    client.get("/a").send_unit().await.unwrap();
    assert_eq!(t0.elapsed(), Duration::ZERO);
    other.get("/a").send_unit().await.unwrap();
    assert_eq!(
        t0.elapsed(),
        Duration::from_secs(2),
        "the clone waited for the reset"
    );
}
