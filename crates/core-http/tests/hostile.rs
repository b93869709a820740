//! Hostile servers: header values that used to panic, pauses that used to stop a client for
//! years, and bodies that used to be buffered whole (issue "Hardening: hostile servers",
//! points 1 to 4).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use core_http::auth::Token;
use core_http::pacing::{
    FixedWindow, HeaderFeedback, Pacing, RequestKind, TokenBucket, TokenBuckets, instant_after,
};
use core_http::{Client, Error, RetryPolicy};
use httpmock::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::time::Instant;

const MIB: u64 = 1024 * 1024;

fn no_jitter() -> RetryPolicy {
    RetryPolicy {
        jitter: false,
        ..RetryPolicy::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Point 1: no panic on any header value, no unchecked instant arithmetic.

const HOSTILE_WAITS: &[&str] = &[
    "1e19",
    "1.8e19",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999",
    "1e308",
    "-1e308",
    "-5",
    "-0",
    "inf",
    "NaN",
    "0.0000000001",
    "garbage",
    "",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Mon, 99 Foo 2024 99:99:99 GMT",
];

#[tokio::test(start_paused = true)]
async fn hostile_retry_after_values_never_panic() {
    let server = MockServer::start_async().await;
    for (i, value) in HOSTILE_WAITS.iter().enumerate() {
        for status in [429, 503] {
            let path = format!("/ra/{status}/{i}");
            let v = (*value).to_owned();
            let p = path.clone();
            server
                .mock_async(move |when, then| {
                    when.path(p.as_str());
                    then.status(status)
                        .header("retry-after", v.as_str())
                        .header("x-ratelimit-remaining", "0")
                        .header("x-ratelimit-reset", v.as_str());
                })
                .await;
            for unit_ms in [false, true] {
                let feedback = if unit_ms {
                    HeaderFeedback::with_unit(core_http::pacing::TimeUnit::Milliseconds)
                } else {
                    HeaderFeedback::default()
                };
                let client = Client::builder(server.base_url())
                    .without_transport_timers()
                    .feedback(feedback)
                    .retry(no_jitter())
                    .build()
                    .unwrap();
                let err = client.get(&path).send_unit().await.unwrap_err();
                assert!(
                    err.status() == Some(status) || matches!(err, Error::RateLimited { .. }),
                    "{value:?} on {status}: {err:?}"
                );
                // The client is still usable: the pause it was given is bounded.
                tokio::time::sleep(client.max_server_pause()).await;
                assert!(client.pacing().paused_until().is_none(), "{value:?}");
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_1e19_on_429_fails_the_request_with_the_vendor_value() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/x");
            then.status(429).header("retry-after", "1e19");
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    let err = client.get("/x").send_unit().await.unwrap_err();
    match err {
        Error::RateLimited {
            retry_after: Some(wait),
            api: Some(api),
        } => {
            assert_eq!(wait, Duration::from_secs_f64(1e19));
            assert_eq!(api.status, 429);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn unbounded_durations_in_config_never_panic() {
    // Token lifetimes, windows, bucket intervals and budgets of any size.
    let token = Token::new("t").expires_in(Duration::MAX);
    assert!(token.time_left().unwrap() > Duration::from_secs(50 * 365 * 24 * 3600));

    let bucket = TokenBucket::new(1, Duration::MAX);
    bucket.acquire().await;
    assert!(
        tokio::time::timeout(Duration::from_secs(3600), bucket.acquire())
            .await
            .is_err(),
        "the second token is (practically) never there"
    );
    let window = FixedWindow::new(1, Duration::MAX);
    window.acquire().await;
    assert!(
        tokio::time::timeout(Duration::from_secs(3600), window.acquire())
            .await
            .is_err()
    );

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/ok");
            then.status(200);
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .retry(RetryPolicy {
            budget: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        })
        .pacing(Pacing::token_buckets(TokenBuckets::same(
            u32::MAX,
            Duration::MAX,
        )))
        .build()
        .unwrap();
    client.get("/ok").send_unit().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Point 2: a server cannot shut a client down.

async fn unavailable_for_years_then_ok() -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/x");
            then.status(503)
                .header("retry-after", "99999999999")
                .up_to_n_times(1);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/x");
            then.status(200).body("\"ok\"");
        })
        .await;
    server
}

#[tokio::test(start_paused = true)]
async fn a_pause_of_years_fails_one_request_and_is_clamped_for_the_others() {
    let server = unavailable_for_years_then_ok().await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .max_server_pause(Duration::from_secs(30))
        .build()
        .unwrap();
    let clone = client.clone();
    let t0 = Instant::now();
    let err = client.get("/x").send_unit().await.unwrap_err();
    match &err {
        Error::RateLimited {
            retry_after: Some(wait),
            api: Some(api),
        } => {
            assert_eq!(
                *wait,
                Duration::from_secs(99_999_999_999),
                "the vendor's value"
            );
            assert_eq!(api.status, 503);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(t0.elapsed(), Duration::ZERO, "failed at once");
    let ok: String = clone.get("/x").send_json().await.unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(
        t0.elapsed(),
        Duration::from_secs(30),
        "the clone waited the clamped pause, not 3000 years"
    );
}

#[tokio::test(start_paused = true)]
async fn default_maximum_pause_is_five_minutes() {
    let server = unavailable_for_years_then_ok().await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    assert_eq!(client.max_server_pause(), Duration::from_secs(300));
    assert!(client.get("/x").send_unit().await.is_err());
    // Within the pause, beyond the 60 s retry budget: refused at once, without a request.
    let err = client.get("/x").send_unit().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::RateLimited {
                retry_after: Some(w),
                api: None
            } if w <= Duration::from_secs(300)
        ),
        "{err:?}"
    );
    tokio::time::sleep(Duration::from_secs(300)).await;
    client.get("/x").send_unit().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Point 3: pauses seen by waiting tasks; remaining 0 waits for the reset; POST 429 retried.

#[tokio::test(start_paused = true)]
async fn a_pause_ordered_while_a_task_waits_on_the_window_is_honoured() {
    let pacing = Arc::new(Pacing::fixed_window(1, Duration::from_secs(10)));
    let t0 = Instant::now();
    pacing.acquire(RequestKind::Read).await;
    let waiter = {
        let pacing = pacing.clone();
        tokio::spawn(async move {
            pacing.acquire(RequestKind::Read).await; // waits for the next window, at 10 s
            t0.elapsed()
        })
    };
    tokio::task::yield_now().await;
    // While it waits, the vendor orders a pause of 25 s.
    pacing.pause_until(instant_after(t0, Duration::from_secs(25)));
    let started = waiter.await.unwrap();
    assert!(
        started >= Duration::from_secs(25),
        "the waiting task went at {started:?}, inside the pause"
    );
}

#[tokio::test(start_paused = true)]
async fn a_pause_ordered_while_a_task_waits_on_a_bucket_is_honoured() {
    let pacing = Arc::new(Pacing::token_buckets(TokenBuckets::same(
        1,
        Duration::from_secs(1),
    )));
    let t0 = Instant::now();
    pacing.acquire(RequestKind::Write).await;
    let waiter = {
        let pacing = pacing.clone();
        tokio::spawn(async move {
            pacing.acquire(RequestKind::Write).await;
            t0.elapsed()
        })
    };
    tokio::task::yield_now().await;
    pacing.pause_until(instant_after(t0, Duration::from_secs(5)));
    assert!(waiter.await.unwrap() >= Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_waits_until_the_reset_header() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.path("/a");
            then.status(200)
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "20");
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    let t0 = Instant::now();
    client.get("/a").send_unit().await.unwrap();
    client.get("/a").send_unit().await.unwrap();
    assert_eq!(t0.elapsed(), Duration::from_secs(20));
    assert_eq!(m.calls_async().await, 2);
}

#[tokio::test(start_paused = true)]
async fn remaining_zero_without_reset_waits_the_vendor_window() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/a");
            then.status(200).header("x-ratelimit-remaining", "0");
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .feedback(HeaderFeedback::default().with_window(Duration::from_secs(10)))
        .build()
        .unwrap();
    let t0 = Instant::now();
    client.get("/a").send_unit().await.unwrap();
    client.get("/a").send_unit().await.unwrap();
    assert_eq!(t0.elapsed(), Duration::from_secs(10), "the window, not 1 s");
}

#[tokio::test(start_paused = true)]
async fn a_post_answered_429_is_retried_after_the_wait() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.method(POST).path("/bookings");
            then.status(429).header("retry-after", "2").up_to_n_times(1);
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST).path("/bookings");
            then.status(201).body("{\"id\":\"b1\"}");
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .retry(no_jitter())
        .build()
        .unwrap();
    let t0 = Instant::now();
    let body: serde_json::Value = client
        .post("/bookings")
        .json(&serde_json::json!({"people": 2}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(body["id"], "b1");
    assert_eq!(t0.elapsed(), Duration::from_secs(2));
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(created.calls_async().await, 1);
}

// ---------------------------------------------------------------------------------------------
// Point 4: bounded memory. A tiny loopback server streams what no httpmock mock would.

/// What the hostile server saw.
#[derive(Default)]
struct Seen {
    requests: AtomicUsize,
    written: AtomicU64,
    finished: AtomicBool,
    stopped: AtomicBool,
}

/// Serves every request with `head` and then `total` bytes of `chunk` repeated, counting what
/// it managed to write, then closes the connection (holds it open when `total` is 0).
async fn hostile_server(head: String, chunk: Vec<u8>, total: u64) -> (SocketAddr, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let state = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = state.clone();
            let head = head.clone();
            let chunk = chunk.clone();
            tokio::spawn(async move {
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                seen.requests.fetch_add(1, Ordering::SeqCst);
                if socket.write_all(head.as_bytes()).await.is_err() {
                    seen.stopped.store(true, Ordering::SeqCst);
                    return;
                }
                let mut sent = 0u64;
                while sent < total {
                    let n = (total - sent).min(chunk.len() as u64) as usize;
                    if socket.write_all(&chunk[..n]).await.is_err() {
                        seen.stopped.store(true, Ordering::SeqCst);
                        return;
                    }
                    sent += n as u64;
                    seen.written.store(sent, Ordering::SeqCst);
                }
                seen.finished.store(true, Ordering::SeqCst);
                seen.stopped.store(true, Ordering::SeqCst);
                if total == 0 {
                    // Announced a body and sent none: keep the connection open, as a slow
                    // server would.
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                // Otherwise closing the connection ends a close-delimited body.
            });
        }
    });
    (addr, seen)
}

fn limited_client(addr: SocketAddr, limit: u64) -> Client {
    Client::builder(format!("http://{addr}"))
        .max_response_size(limit)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

/// Waits (at most 1000 polls of 20 ms) for the server to stop writing.
async fn wait_until_stopped(seen: &Seen) {
    for _ in 0..1000 {
        if seen.stopped.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_1_gib_body_is_cut_off_at_the_limit_and_not_retried() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let (addr, seen) = hostile_server(head.into(), vec![b' '; 64 * 1024], 1024 * MIB).await;
    let client = limited_client(addr, MIB);
    let err = tokio::time::timeout(Duration::from_secs(20), client.get("/big").send())
        .await
        .expect("the client stops reading instead of taking the whole body")
        .unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit } if limit == MIB),
        "{err:?}"
    );
    wait_until_stopped(&seen).await;
    let written = seen.written.load(Ordering::SeqCst);
    assert!(
        !seen.finished.load(Ordering::SeqCst),
        "the server could write it all"
    );
    assert!(
        written < 64 * MIB,
        "the client kept reading: the server wrote {written} bytes"
    );
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn an_announced_content_length_over_the_limit_fails_before_reading() {
    // The server announces 1 GiB and sends nothing: the client must not wait for it.
    let head = "HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n";
    let (addr, seen) = hostile_server(head.into(), Vec::new(), 0).await;
    let client = limited_client(addr, 32 * MIB);
    let err = tokio::time::timeout(Duration::from_secs(20), client.get("/big").send())
        .await
        .expect("refused on the header, without waiting for the body")
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn an_error_body_is_limited_too() {
    let head = "HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n";
    let (addr, seen) = hostile_server(head.into(), vec![b'x'; 64 * 1024], 1024 * MIB).await;
    let client = limited_client(addr, MIB);
    let err = tokio::time::timeout(Duration::from_secs(20), client.get("/big").send())
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1, "not retried");
}

/// 64 MiB of zeros, gzip-compressed (about 64 KiB).
fn gzip_bomb() -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; MIB as usize];
    for _ in 0..64 {
        encoder.write_all(&zeros).unwrap();
    }
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_gzip_bomb_is_cut_off_after_decompression() {
    let bomb = gzip_bomb();
    assert!(bomb.len() < 256 * 1024, "{}", bomb.len());
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
        bomb.len()
    );
    let len = bomb.len() as u64;
    let (addr, seen) = hostile_server(head, bomb, len).await;
    let client = limited_client(addr, MIB);
    let err = tokio::time::timeout(Duration::from_secs(20), client.get("/bomb").send())
        .await
        .expect("decompression stops at the limit")
        .unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit } if limit == MIB),
        "{err:?}"
    );
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn a_large_file_streams_past_the_limit() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\nconnection: close\r\n\r\n";
    let (addr, seen) = hostile_server(head.into(), vec![b'a'; 64 * 1024], 8 * MIB).await;
    let client = limited_client(addr, MIB);
    let stream = client.get("/export").send_stream().await.unwrap();
    assert_eq!(stream.header("content-type"), Some("text/csv"));
    let mut sink = tokio::io::sink();
    let written = stream.write_to(&mut sink).await.unwrap();
    assert_eq!(written, 8 * MIB);
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1);

    // The same body through `send` is refused; through `collect` with a bigger limit it fits.
    let err = client.get("/export").send().await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    let all = client
        .get("/export")
        .send_stream()
        .await
        .unwrap()
        .collect(16 * MIB)
        .await
        .unwrap();
    assert_eq!(all.len() as u64, 8 * MIB);
    let err = client
        .get("/export")
        .send_stream()
        .await
        .unwrap()
        .collect(MIB)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
}
