//! Errors a caller can act on: `Error::is_retryable` and the redacted `source()` chain of
//! transport errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::error::Error as _;
use std::time::Duration;

use core_http::{ApiError, Client, Error, RetryPolicy};
use httpmock::MockServer;

const SECRET: &str = "sekret-query-key-123";

fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

/// A connection error keeps reqwest's cause chain (reqwest → hyper → I/O) as `source()`,
/// every layer redacted like the message.
#[tokio::test]
async fn a_transport_error_keeps_its_cause_chain_redacted() {
    let client = Client::builder(format!("http://127.0.0.1:{}", closed_port()))
        .secret(SECRET)
        .retry(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let err = client
        .get("/items")
        .query("key", SECRET)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { sent: false, .. }),
        "{err:?}"
    );
    let mut layers = Vec::new();
    let mut next = err.source();
    while let Some(layer) = next {
        layers.push(layer.to_string());
        next = layer.source();
    }
    assert!(layers.len() >= 2, "{layers:?}");
    // The top layer is reqwest's own error (it names the URL, whose key is redacted) ...
    assert!(layers[0].contains("127.0.0.1"), "{layers:?}");
    assert!(layers[0].contains("key=[redacted]"), "{layers:?}");
    // ... and the bottom one the operating system's refusal.
    assert!(
        layers
            .last()
            .unwrap()
            .to_ascii_lowercase()
            .contains("refused"),
        "{layers:?}"
    );
    let everything = format!("{err} {err:?} {layers:?}");
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(err.is_retryable());
}

fn api(status: u16) -> Error {
    Error::Api(Box::new(ApiError::new(status)))
}

#[test]
fn is_retryable_follows_the_documented_rule() {
    for status in [429, 502, 503, 504] {
        assert!(api(status).is_retryable(), "{status}");
    }
    for status in [400, 401, 403, 404, 409, 422, 500, 501] {
        assert!(!api(status).is_retryable(), "{status}");
    }
    let transient = [
        Error::Timeout,
        Error::Transport {
            message: "reset".into(),
            sent: true,
            source: None,
        },
        Error::Transport {
            message: "refused".into(),
            sent: false,
            source: None,
        },
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(1)),
            api: None,
        },
    ];
    for e in &transient {
        assert!(e.is_retryable(), "{e:?}");
    }
    let permanent = [
        Error::Unauthorized(Box::new(ApiError::new(401))),
        Error::NotFound(Box::new(ApiError::new(404))),
        Error::validation("id", "empty"),
        Error::Decode {
            path: ".".into(),
            message: "x".into(),
            snippet: String::new(),
        },
        Error::EmptyBody { status: Some(204) },
        Error::Config("bad".into()),
        Error::BodyTooLarge { limit: 1 },
    ];
    for e in &permanent {
        assert!(!e.is_retryable(), "{e:?}");
    }
    let gave_up = |last: Error| Error::RetriesExhausted {
        attempts: 4,
        elapsed: Duration::from_secs(9),
        last: Box::new(last),
    };
    assert!(gave_up(api(503)).is_retryable());
    assert!(gave_up(Error::Timeout).is_retryable());
    assert!(!gave_up(api(500)).is_retryable());
}

/// The statuses the client itself retries are exactly the ones `is_retryable` reports: a 503
/// that outlives the retry budget still says "try again later", a 500 does not.
#[tokio::test(start_paused = true)]
async fn what_the_client_gives_up_on_is_still_retryable() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/busy");
            then.status(503);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/broken");
            then.status(500);
        })
        .await;
    let client = Client::builder(server.base_url())
        .without_transport_timers()
        .retry(RetryPolicy {
            max_attempts: 2,
            jitter: false,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let busy = client.get("/busy").send().await.unwrap_err();
    assert!(
        matches!(busy, Error::RetriesExhausted { attempts: 2, .. }),
        "{busy:?}"
    );
    assert!(busy.is_retryable());
    let broken = client.get("/broken").send().await.unwrap_err();
    assert!(!broken.is_retryable(), "{broken:?}");
}
