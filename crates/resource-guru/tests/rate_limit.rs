//! The rate-limit window is settable (issue "Hardening: hostile servers", point 11), and
//! `X-RateLimit-Remaining: 0` pauses until that window ends (point 3).
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use httpmock::prelude::*;
use resource_guru::{Client, DEFAULT_RATE_LIMIT_WINDOW, REQUESTS_PER_MINUTE};
use tokio::time::Instant;

mod common;

fn client(server: &MockServer, window: Option<Duration>) -> Client {
    let mut b = common::builder(server.base_url());
    if let Some(w) = window {
        b = b.rate_limit_window(w);
    }
    b.build().unwrap()
}

#[tokio::test(start_paused = true)]
async fn the_window_is_settable_on_the_builder() {
    let server = MockServer::start_async().await;
    let me = common::me(&server).await;
    let c = client(&server, Some(Duration::from_secs(2)));
    let window = c.http().pacing().window().unwrap();
    assert_eq!(window.window(), Duration::from_secs(2));
    assert_eq!(window.limit(), REQUESTS_PER_MINUTE);
    let t0 = Instant::now();
    for _ in 0..=REQUESTS_PER_MINUTE {
        c.users().me_summary().await.unwrap();
    }
    // 200 in the first window, the 201st at the start of the second: 2 s, not a minute.
    assert!(
        t0.elapsed() >= Duration::from_secs(2) && t0.elapsed() < Duration::from_secs(4),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(me.calls_async().await, 201);

    let default = client(&server, None);
    assert_eq!(
        default.http().pacing().window().unwrap().window(),
        DEFAULT_RATE_LIMIT_WINDOW
    );
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_without_retry_after_pauses_until_the_window_ends() {
    let server = MockServer::start_async().await;
    common::me_with_nothing_remaining(&server, None).await;
    for (window, expected) in [
        (None, DEFAULT_RATE_LIMIT_WINDOW),
        (Some(Duration::from_secs(7)), Duration::from_secs(7)),
    ] {
        let c = client(&server, window);
        let t0 = Instant::now();
        c.users().me_summary().await.unwrap();
        c.users().me_summary().await.unwrap();
        assert_eq!(t0.elapsed(), expected, "the window, not a fixed 1 s");
    }
}

#[tokio::test(start_paused = true)]
async fn builder_passes_the_limits_through() {
    let c = Client::builder("acme-studio")
        .max_response_size(1234)
        .max_server_pause(Duration::from_secs(9))
        .build()
        .unwrap();
    assert_eq!(c.http().max_response_size(), 1234);
    assert_eq!(c.http().max_server_pause(), Duration::from_secs(9));
}
