//! The resOS client's fixed window follows the sandbox's fixed boundaries (`Retry-After` in ms
//! on every answer), so a client that starts mid-window never draws a 429.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use resos::{Client, ListBookings, RetryPolicy};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;

#[tokio::test(start_paused = true)]
async fn a_client_starting_mid_window_never_gets_429() {
    let window = Duration::from_secs(60);
    let sandbox = Sandbox::start(
        Vendor::Resos,
        SandboxOptions::default().rate_limit_window(window),
    )
    .await
    .unwrap();
    let key = sandbox.credentials().api_key().unwrap().expose_secret();
    // The vendor's limit and window (the client's defaults), retries off: a 429 is an Err.
    let client = Client::builder()
        .api_key(key)
        .base_url(sandbox.base_url())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let list = ListBookings::new().limit(1);

    // The client starts half-way through the server's window.
    tokio::time::sleep(window / 2).await;
    let mut refused = Vec::new();
    for i in 0..50 {
        if let Err(e) = client.bookings().list_page(&list).await {
            refused.push((i, e));
        }
    }
    // 0.7 W later: past the server's boundary, still inside a window counted from our start.
    tokio::time::sleep(window.mul_f64(0.7)).await;
    for i in 50..300 {
        if let Err(e) = client.bookings().list_page(&list).await {
            refused.push((i, e));
        }
    }
    assert!(
        refused.is_empty(),
        "{} refused, first: {:?}",
        refused.len(),
        refused.first()
    );
    assert_eq!(sandbox.hits("GET /v1/bookings"), 300, "each request once");
}
