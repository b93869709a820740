//! Helpers shared by the integration tests (each test binary uses a part of them).
#![allow(dead_code)]

use httpmock::{Mock, MockServer};
use rightech::{Client, ClientBuilder};

/// A builder against `server`, with the transport timers off and no credentials yet.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .without_transport_timers()
}

/// A token client against `server`, with the transport timers off.
pub fn client(server: &MockServer) -> Client {
    builder(server)
        .token("tok")
        .build()
        .expect("a loopback client builds")
}

/// Answers any request with an empty list; a test that expects nothing sent asserts that it
/// saw no call.
pub async fn catch_all(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("[]");
        })
        .await
}

/// `GET path` answered with an empty list, only when the request carries `header: value`.
pub async fn empty_list<'a>(
    server: &'a MockServer,
    path: &str,
    header: &str,
    value: &str,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method("GET").path(path).header(header, value);
            then.status(200).body("[]");
        })
        .await
}
