//! Helpers shared by the integration tests (each test binary uses a part of them).
#![allow(dead_code)]

use httpmock::Mock;
use httpmock::prelude::*;
use resource_guru::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::json;

/// A builder for the account `acme-studio` at `base_url`, with the transport timers off and no
/// credentials yet.
pub fn account_builder(base_url: impl Into<String>) -> ClientBuilder {
    Client::builder("acme-studio")
        .base_url(base_url)
        .without_transport_timers()
}

/// [`account_builder`] with the access token `t`.
pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
    account_builder(base_url).access_token("t")
}

/// [`builder`] against `server`, built.
pub fn client(server: &MockServer) -> Client {
    builder(server.base_url()).build().unwrap()
}

/// [`builder`] at `base_url` that never retries, built: a refused input shows as the first
/// error, and a test server sees each request once.
pub fn client_without_retry(base_url: impl Into<String>) -> Client {
    builder(base_url)
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
}

/// The field a `Validation` error names; panics on any other error.
pub fn field(err: Error) -> String {
    match err {
        Error::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The field named by the `Validation` error `call` must fail with (nothing is sent then).
pub async fn refused_field<T: std::fmt::Debug>(
    call: impl std::future::Future<Output = resource_guru::Result<T>>,
) -> String {
    field(call.await.unwrap_err())
}

/// `GET /v1/me` answered with a minimal user.
pub async fn me(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/me");
            then.status(200).json_body(json!({"id": 27}));
        })
        .await
}

/// `GET /v1/me` answered with `X-RateLimit-Remaining: 0` of 200, and `Retry-After` when given.
pub async fn me_with_nothing_remaining<'a>(
    server: &'a MockServer,
    retry_after: Option<&str>,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/me");
            let mut then = then
                .status(200)
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-limit", "200");
            if let Some(seconds) = retry_after {
                then = then.header("retry-after", seconds);
            }
            then.json_body(json!({"id": 27}));
        })
        .await
}
