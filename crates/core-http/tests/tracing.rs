//! Every attempt is traced with method, path template, attempt, status and elapsed time, and
//! no secret reaches the logs, even at TRACE level.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use httpmock::prelude::*;

mod common;
use common::{KEY, KEY_B64, key_builder, no_jitter};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn spans_name_the_request_and_never_the_key() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/bookings/b1");
            then.status(503).up_to_n_times(1);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/bookings/b1");
            then.status(200).body(format!(r#"{{"echo":"{KEY}"}}"#));
        })
        .await;
    let client = key_builder(&server)
        .vendor("resos")
        .retry(no_jitter())
        .build()
        .unwrap();
    client
        .get("/bookings/{id}")
        .path_param("id", "b1")
        .send_unit()
        .await
        .unwrap();

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    common::write_trace("core-http/spans_name_the_request_and_never_the_key", &logs);
    assert!(logs.contains("http.request"), "{logs}");
    assert!(logs.contains("path=/bookings/{id}"), "{logs}");
    assert!(
        logs.contains("attempt=2"),
        "the retry is its own attempt: {logs}"
    );
    assert!(
        logs.contains("status=503") && logs.contains("status=200"),
        "{logs}"
    );
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(KEY), "{logs}");
    assert!(!logs.contains(KEY_B64), "{logs}");
}
