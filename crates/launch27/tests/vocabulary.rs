//! The shared vocabulary of the bookbridge clients (issue "One vocabulary"): handles own a clone
//! of the client, `list` is a lazy stream and `list_page` one page, and `Error`, `Result` and
//! `jiff` are reachable from the crate root.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use launch27::{Client, CustomerBookings, Error, ListCustomerBookings, PageParams, Result};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .token("jwt")
        .pacing(core_http::pacing::Pacing::none())
        .build()
        .unwrap()
}

/// A handle outlives the client it came from and moves into a task (it owns a clone).
#[tokio::test]
async fn handles_own_a_client_clone() {
    let server = MockServer::start_async().await;
    let count = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/customer/bookings/count");
            then.status(200).json_body(serde_json::json!({"count": 3}));
        })
        .await;
    let handle: CustomerBookings = {
        let client = client(&server);
        client.customer_bookings()
    };
    let task = tokio::spawn(async move { handle.count().await });
    let answer: Result<launch27::Count> = task.await.unwrap();
    assert_eq!(answer.unwrap().count, 3);
    count.assert_async().await;
}

/// `list` sends nothing until polled, pages with `limit`/`offset`, and ends on a short page;
/// `list_page` sends exactly one request.
#[tokio::test]
async fn list_is_a_lazy_stream_and_list_page_one_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/staff/checklists")
                .query_param("limit", "2")
                .query_param("offset", "0");
            then.status(200)
                .json_body(serde_json::json!([{"id": 1}, {"id": 2}]));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/staff/checklists")
                .query_param("limit", "2")
                .query_param("offset", "2");
            then.status(200).json_body(serde_json::json!([{"id": 3}]));
        })
        .await;
    let c = client(&server);
    let page = PageParams::new(2, 0);
    let stream = c.staff().list_checklists(&page);
    assert_eq!(
        first.calls_async().await,
        0,
        "nothing is sent before the first poll"
    );
    let all: Vec<serde_json::Value> = stream.try_collect().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        (first.calls_async().await, second.calls_async().await),
        (1, 1)
    );

    let one = c.staff().list_checklists_page(&page).await.unwrap();
    assert_eq!(one.len(), 2);
    assert_eq!(first.calls_async().await, 2);
    assert_eq!(second.calls_async().await, 1);
}

/// The stream form of a list the vendor does not page makes one request, on the first poll.
#[tokio::test]
async fn unpaged_list_streams_one_answer() {
    let server = MockServer::start_async().await;
    let countries = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/countries");
            then.status(200).json_body(serde_json::json!([
                {"code": "US"}, {"code": "DE"}
            ]));
        })
        .await;
    let c = client(&server);
    let mut stream = Box::pin(c.account().list_countries());
    assert_eq!(countries.calls_async().await, 0);
    let us = stream.next().await.unwrap().unwrap();
    assert_eq!(us.code, "US");
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(countries.calls_async().await, 1);
}

/// A failing page ends the stream with the error (nothing after it).
#[tokio::test]
async fn stream_errors_are_items() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/customer/bookings");
            then.status(403).body("User is not a customer");
        })
        .await;
    let c = client(&server);
    let items: Vec<Result<_>> = c
        .customer_bookings()
        .list(&ListCustomerBookings::default())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    let err: &Error = items[0].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.kind(), Some(&launch27::ApiErrorKind::Forbidden));
    assert_eq!(err.api().unwrap().message, "User is not a customer");
}

/// The shared transport setters (`core_http::transport_setters!`) reach the request: the
/// user agent suffix is sent after the crate's own agent, and the response size limit holds.
#[tokio::test]
async fn transport_setters_reach_the_request() {
    let server = MockServer::start_async().await;
    let agent = format!("bookbridge-launch27/{} my-app/1", env!("CARGO_PKG_VERSION"));
    let settings = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/settings")
                .header("user-agent", agent.as_str());
            then.status(200)
                .json_body(serde_json::json!({"name": "Acme", "plans": "x".repeat(4096)}));
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .user_agent_suffix("my-app/1")
        .request_timeout(Some(std::time::Duration::from_secs(5)))
        .pacing(core_http::pacing::Pacing::none())
        .build()
        .unwrap();
    assert_eq!(
        c.account().settings().await.unwrap().name.as_deref(),
        Some("Acme")
    );
    settings.assert_async().await;

    let small = Client::builder()
        .base_url(server.base_url())
        .user_agent_suffix("my-app/1")
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = small.account().settings().await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
}
