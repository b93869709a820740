//! Retries, error mapping, decoding and paging through a real client against httpmock.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use core_http::http::Method;
use core_http::paging::offset_pages;
use core_http::{ApiErrorKind, Client, Error, RetryPolicy};
use futures::TryStreamExt;
use httpmock::prelude::*;
use tokio::time::Instant;

mod common;
use common::{KEY, key_builder, no_jitter};

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    key_builder(server).retry(retry).build().unwrap()
}

/// `method path` on `server` always answered with `status` and `body`.
async fn always<'a>(
    server: &'a MockServer,
    method: &str,
    path: &str,
    status: u16,
    body: &str,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status).body(body);
        })
        .await
}

/// The error a body-less `method path` on `server` ends with, retried without jitter.
async fn failed_call(server: &MockServer, method: &str, path: &str) -> Error {
    client(server, no_jitter())
        .request(Method::from_bytes(method.as_bytes()).unwrap(), path)
        .send_unit()
        .await
        .unwrap_err()
}

#[tokio::test(start_paused = true)]
async fn get_is_retried_on_503_then_succeeds() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/tables");
            then.status(503).up_to_n_times(2);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET).path("/tables");
            then.status(200).body("[1,2]");
        })
        .await;
    let t0 = Instant::now();
    let v: Vec<u8> = client(&server, no_jitter())
        .get("/tables")
        .send_json()
        .await
        .unwrap();
    assert_eq!(v, vec![1, 2]);
    assert_eq!(failing.calls_async().await, 2);
    assert_eq!(ok.calls_async().await, 1);
    assert_eq!(
        t0.elapsed(),
        Duration::from_millis(250 + 500),
        "backoff 250 ms, then 500 ms"
    );
}

#[tokio::test(start_paused = true)]
async fn post_after_500_is_not_retried() {
    let server = MockServer::start_async().await;
    let m = always(&server, "POST", "/bookings", 500, "boom").await;
    let err = client(&server, no_jitter())
        .post("/bookings")
        .json(&serde_json::json!({"people": 2}))
        .send_unit()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.kind(), Some(&ApiErrorKind::Server));
    assert_eq!(m.calls_async().await, 1);
}

#[tokio::test(start_paused = true)]
async fn post_after_503_is_not_retried_either() {
    let server = MockServer::start_async().await;
    let m = always(&server, "POST", "/bookings", 503, "").await;
    let err = failed_call(&server, "POST", "/bookings").await;
    assert_eq!(err.status(), Some(503));
    assert_eq!(m.calls_async().await, 1);
}

#[tokio::test(start_paused = true)]
async fn attempt_budget_exhaustion_is_reported() {
    let server = MockServer::start_async().await;
    let m = always(&server, "GET", "/flaky", 502, "bad gateway").await;
    let err = failed_call(&server, "GET", "/flaky").await;
    match &err {
        Error::RetriesExhausted { attempts, last, .. } => {
            assert_eq!(*attempts, 4);
            assert_eq!(last.status(), Some(502));
        }
        other => panic!("expected RetriesExhausted, got {other:?}"),
    }
    assert_eq!(m.calls_async().await, 4);
}

#[tokio::test(start_paused = true)]
async fn time_budget_exhaustion_is_reported() {
    let server = MockServer::start_async().await;
    let m = always(&server, "GET", "/flaky", 504, "").await;
    let policy = RetryPolicy {
        max_attempts: 10,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(8),
        budget: Duration::from_secs(5),
        jitter: false,
    };
    let t0 = Instant::now();
    let err = client(&server, policy)
        .get("/flaky")
        .send_unit()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RetriesExhausted { attempts: 3, .. }),
        "{err:?}"
    );
    // waits of 1 s and 2 s fit in 5 s; the next 4 s would not.
    assert_eq!(t0.elapsed(), Duration::from_secs(3));
    assert_eq!(m.calls_async().await, 3);
}

#[tokio::test(start_paused = true)]
async fn post_is_retried_when_the_connection_was_refused() {
    // A port with nothing listening: the request provably never left.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .without_transport_timers()
        .retry(RetryPolicy {
            max_attempts: 3,
            ..no_jitter()
        })
        .build()
        .unwrap();
    let err = client.post("/bookings").send_unit().await.unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts, last, .. } => {
            assert_eq!(*attempts, 3);
            assert!(
                matches!(**last, Error::Transport { sent: false, .. }),
                "{last:?}"
            );
        }
        other => panic!("expected RetriesExhausted, got {other:?}"),
    }
}

#[tokio::test]
async fn decode_error_names_the_path_and_hides_the_key() {
    let server = MockServer::start_async().await;
    let ok = r#"{"guest":{"phone":"4511111111"}}"#;
    let body = format!(
        r#"{{"bookings":[{ok},{ok},{ok},{{"echo":"{KEY}","guest":{{"phone":4511111111}}}}]}}"#
    );
    server
        .mock_async(move |when, then| {
            when.path("/bookings");
            then.status(200).body(body.as_str());
        })
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        bookings: Vec<Booking>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Booking {
        guest: Guest,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Guest {
        phone: String,
    }
    let err = client(&server, no_jitter())
        .get("/bookings")
        .send_json::<Page>()
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, snippet, .. } => {
            assert_eq!(path, "bookings[3].guest.phone");
            assert!(snippet.contains("[redacted]"), "{snippet}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[tokio::test]
async fn error_body_never_shows_the_key() {
    let server = MockServer::start_async().await;
    always(&server, "GET", "/x", 400, &format!("bad key {KEY}")).await;
    let err = failed_call(&server, "GET", "/x").await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert_eq!(err.api().unwrap().message, "bad key [redacted]");
}

#[tokio::test]
async fn paging_three_full_pages_then_a_short_one() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (skip, n) in [(0u32, 100u32), (100, 100), (200, 100), (300, 7)] {
        let items: Vec<u32> = (skip..skip + n).collect();
        mocks.push(
            server
                .mock_async(move |when, then| {
                    when.path("/items")
                        .query_param("skip", skip.to_string())
                        .query_param("limit", "100");
                    then.status(200).json_body(serde_json::json!(items));
                })
                .await,
        );
    }
    let c = client(&server, no_jitter());
    // Ask for 500 per page: clamped to the vendor maximum of 100.
    let items: Vec<u32> = offset_pages(500, 100, 0, move |p| {
        let c = c.clone();
        async move {
            c.get("/items")
                .query("skip", p.offset)
                .query("limit", p.limit)
                .send_page::<u32>()
                .await
        }
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items, (0..307).collect::<Vec<_>>());
    for m in &mocks {
        assert_eq!(m.calls_async().await, 1);
    }
    // No request beyond the short page (the fallback would have returned 404 and an error).
}

#[tokio::test]
async fn retry_after_on_a_validation_error_is_not_a_wait() {
    // resOS sends Retry-After (time to the window reset) on every response.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/bookings");
            then.status(422)
                .header("retry-after", "60000")
                .body("unknown key");
        })
        .await;
    let err = failed_call(&server, "POST", "/bookings").await;
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.retry_after(), None);
}
