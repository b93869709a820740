//! A fixed window that follows the vendor's reset (`Retry-After` on every response, resOS
//! style), through a real client against httpmock, in virtual time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use core_http::pacing::{HeaderFeedback, Pacing, TimeUnit};
use core_http::{Client, RetryPolicy};
use httpmock::prelude::*;
use tokio::time::Instant;

/// A server that answers 200 with `Retry-After: <value>` on every request.
async fn server_saying(value: &str) -> MockServer {
    let server = MockServer::start_async().await;
    let value = value.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/a");
            then.status(200)
                .header("retry-after", value.as_str())
                .body("[]");
        })
        .await;
    server
}

/// A client of 2 requests per `window`, reading `Retry-After` in ms as the time to the reset
/// when `aligned`.
fn client(server: &MockServer, window: Duration, aligned: bool) -> core_http::ClientBuilder {
    Client::builder(server.base_url())
        .without_transport_timers()
        .retry(RetryPolicy::never())
        .pacing(Pacing::fixed_window(2, window))
        .feedback(
            HeaderFeedback::with_unit(TimeUnit::Milliseconds).reset_on_every_response(aligned),
        )
}

/// When each of `n` sequential requests completed, from the first one's start.
async fn completions(client: &Client, n: usize) -> Vec<Duration> {
    let t0 = Instant::now();
    let mut at = Vec::new();
    for _ in 0..n {
        client.get("/a").send_unit().await.unwrap();
        at.push(t0.elapsed());
    }
    at
}

#[tokio::test(start_paused = true)]
async fn the_window_ends_when_the_vendor_says_it_resets() {
    let server = server_saying("4000").await;
    let window = Duration::from_secs(10);
    let aligned = client(&server, window, true).build().unwrap();
    let at = completions(&aligned, 5).await;
    let secs: Vec<u64> = at.iter().map(Duration::as_secs).collect();
    // Two at once (a `Retry-After` on a success is no pause), then the third at the vendor's
    // reset (4 s), not at the end of a window counted from our first request (10 s). Every
    // answer says "4 s to the reset" again, so the boundaries follow at 8 s.
    assert_eq!(secs, vec![0, 0, 4, 4, 8]);

    // Without the opt-in, `Retry-After` on a success changes nothing: the client's own window.
    let server = server_saying("4000").await;
    let plain = client(&server, window, false).build().unwrap();
    let secs: Vec<u64> = completions(&plain, 3)
        .await
        .iter()
        .map(Duration::as_secs)
        .collect();
    assert_eq!(secs, vec![0, 0, 10]);
}

#[tokio::test(start_paused = true)]
async fn a_zero_reset_means_now() {
    for zero in ["0", "-0", "0.0"] {
        let server = server_saying(zero).await;
        let c = client(&server, Duration::from_secs(10), true)
            .build()
            .unwrap();
        let at = completions(&c, 5).await;
        assert_eq!(at.last(), Some(&Duration::ZERO), "{zero}: {at:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_reset_is_clamped_by_the_max_server_pause() {
    // 100 s to the reset fits the 600 s window, but the client lets a vendor stop it 5 s at most.
    let server = server_saying("100000").await;
    let c = client(&server, Duration::from_secs(600), true)
        .max_server_pause(Duration::from_secs(5))
        .build()
        .unwrap();
    let secs: Vec<u64> = completions(&c, 3)
        .await
        .iter()
        .map(Duration::as_secs)
        .collect();
    assert_eq!(secs, vec![0, 0, 5]);
}

#[tokio::test(start_paused = true)]
async fn hostile_resets_neither_panic_nor_stall() {
    let window = Duration::from_secs(10);
    for value in [
        "-1",
        "10001",
        "99999999999",
        "1e19",
        "1e308",
        "18446744073709551616",
        "inf",
        "NaN",
        "soon",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        " ",
    ] {
        let server = server_saying(value).await;
        let c = client(&server, window, true).build().unwrap();
        let at = completions(&c, 3).await;
        // Ignored (unreadable, negative, or longer than the window): the client's own window.
        assert_eq!(at[2], window, "{value}: {at:?}");
    }
}
