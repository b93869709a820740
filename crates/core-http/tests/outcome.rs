//! Safe creates (issue "Reliability and security", point 2): a request that is not idempotent
//! is never sent twice once it may have reached the server, and then fails with
//! `Error::OutcomeUnknown`; the same failures on an idempotent request are retried.
//! Hostile loopback servers written here count every request they read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use core_http::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does once it has read a whole request.
#[derive(Clone, Copy)]
enum Answer {
    /// Closes the connection without a byte.
    Close,
    /// A `201` head announcing 100 bytes, one byte of body, then closes.
    CutBody,
    /// This status with an empty body.
    Status(u16),
}

/// A server that reads requests (head and `Content-Length` body) and answers each with
/// `answer`; the counter counts the requests read.
async fn server(answer: Answer) -> (SocketAddr, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicU64::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                loop {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    // The head, then the body its Content-Length announces.
                    let complete = loop {
                        let Ok(n) = socket.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        let text = String::from_utf8_lossy(&buf).to_string();
                        if let Some(end) = text.find("\r\n\r\n") {
                            let length = text[..end]
                                .lines()
                                .find_map(|l| {
                                    let (k, v) = l.split_once(':')?;
                                    k.eq_ignore_ascii_case("content-length")
                                        .then(|| v.trim().parse::<usize>().ok())?
                                })
                                .unwrap_or(0);
                            if buf.len() >= end + 4 + length {
                                break true;
                            }
                        }
                    };
                    if !complete {
                        return;
                    }
                    seen.fetch_add(1, Ordering::SeqCst);
                    match answer {
                        Answer::Close => return,
                        Answer::CutBody => {
                            let _ = socket
                                .write_all(
                                    b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
                                )
                                .await;
                            return;
                        }
                        Answer::Status(status) => {
                            let head = format!(
                                "HTTP/1.1 {status} Oops\r\ncontent-type: text/plain\r\ncontent-length: 0\r\n\r\n"
                            );
                            if socket.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    (addr, count)
}

fn client(addr: SocketAddr) -> Client {
    Client::builder(format!("http://{addr}"))
        .without_transport_timers()
        .retry(RetryPolicy {
            max_attempts: 4,
            jitter: false,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_create_whose_connection_closes_after_the_request_is_sent_once_and_outcome_unknown() {
    let (addr, count) = server(Answer::Close).await;
    let err = client(addr)
        .post("/bookings")
        .json(&serde_json::json!({"name": "Ada"}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 1, "sent twice: {err:?}");
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(!err.is_retryable(), "{err:?}");
    match &err {
        Error::OutcomeUnknown {
            method,
            path,
            attempts,
            status,
            cause,
            ..
        } => {
            assert_eq!((method.as_str(), path.as_str()), ("POST", "/bookings"));
            assert_eq!((*attempts, *status), (1, None));
            assert!(
                matches!(**cause, Error::Transport { sent: true, .. }),
                "{cause:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with("outcome unknown: POST /bookings"),
        "{text}"
    );

    // The same failure on a read is retried up to the policy's attempts.
    let (addr, count) = server(Answer::Close).await;
    let err = client(addr).get("/bookings").send().await.unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 4);
    assert!(
        matches!(err, Error::RetriesExhausted { attempts: 4, .. }),
        "{err:?}"
    );
    assert!(!err.is_outcome_unknown());
}

#[tokio::test(start_paused = true)]
async fn a_create_whose_answer_is_cut_after_the_status_says_which_status_arrived() {
    let (addr, count) = server(Answer::CutBody).await;
    let err = client(addr)
        .post("/bookings")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(
        matches!(
            err,
            Error::OutcomeUnknown {
                status: Some(201),
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_gateway_failure_on_a_create_is_outcome_unknown_and_a_503_is_an_api_error() {
    for status in [502, 504] {
        let (addr, count) = server(Answer::Status(status)).await;
        let err = client(addr)
            .post("/bookings")
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap_err();
        assert_eq!(count.load(Ordering::SeqCst), 1);
        assert!(err.is_outcome_unknown(), "{status}: {err:?}");
        // The gateway's answer stays reachable.
        assert_eq!(err.status(), Some(status));
    }
    // 503 means "not processed": not an unknown outcome, and not repeated for a POST.
    let (addr, count) = server(Answer::Status(503)).await;
    let err = client(addr)
        .post("/bookings")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(
        matches!(&err, Error::Api(api) if api.status == 503),
        "{err:?}"
    );
    assert!(!err.is_outcome_unknown());
    // A read on a 504 is retried, never "outcome unknown".
    let (addr, count) = server(Answer::Status(504)).await;
    let err = client(addr).get("/bookings").send().await.unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 4);
    assert!(!err.is_outcome_unknown(), "{err:?}");
}
