//! The shared vocabulary: handles named after their resource, streams that are lazy, and the
//! unpaged endpoints' stream form making exactly one request.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use rightech::{ListQuery, ObjectEventsQuery, ObjectId, Objects, Tasks};

mod common;

use common::client;

#[tokio::test]
async fn unpaged_streams_make_one_request_and_only_when_polled() {
    let server = MockServer::start_async().await;
    let kinds = server
        .mock_async(|when, then| {
            when.method("GET").path("/api/v1/tasks/kinds");
            then.status(200).body(
                r#"[{"_id":"6ab000000000000000000001","name":"Inspection"},
                    {"_id":"6ab000000000000000000002","name":"Repair"}]"#,
            );
        })
        .await;
    let events = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/objects/64b000000000000000000001/events")
                .query_param("from", "1700000000000")
                .query_param_missing("offset")
                .query_param_missing("limit");
            then.status(200)
                .body(r#"[{"event":"object-packet","time":1700000000123}]"#);
        })
        .await;
    let client = client(&server);
    let tasks: Tasks = client.tasks();

    let stream = tasks.list_kinds();
    assert_eq!(kinds.calls_async().await, 0, "a stream is lazy");
    let all: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(kinds.calls_async().await, 1);
    assert_eq!(tasks.list_kinds_page().await.unwrap().len(), 2);

    let objects: Objects = client.objects();
    let id = ObjectId::new("64b000000000000000000001").unwrap();
    let query = ObjectEventsQuery {
        from: Some(rightech::jiff::Timestamp::from_millisecond(1_700_000_000_000).unwrap()),
        to: None,
    };
    let mut stream = std::pin::pin!(objects.list_events(&id, &query));
    assert_eq!(events.calls_async().await, 0, "a stream is lazy");
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.is_none());
    assert_eq!(events.calls_async().await, 1);
}

#[tokio::test]
async fn list_is_the_stream_and_list_page_one_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/roles")
                .query_param("offset", "0")
                .query_param("limit", "1");
            then.status(200)
                .body(r#"[{"_id":"68b000000000000000000001"}]"#);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/roles")
                .query_param("offset", "1")
                .query_param("limit", "1");
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    let query = ListQuery::new().limit(1);

    let all: Vec<_> = client.roles().list(&query).try_collect().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (first.calls_async().await, second.calls_async().await),
        (1, 1)
    );

    let page = client
        .roles()
        .list_page(&query.clone().offset(0))
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(
        (first.calls_async().await, second.calls_async().await),
        (2, 1)
    );
}

#[tokio::test]
async fn transport_settings_of_the_shared_builder_reach_the_request() {
    let server = MockServer::start_async().await;
    let agent = format!("bookbridge-rightech/{} my-app/1", env!("CARGO_PKG_VERSION"));
    let roles = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/roles")
                .header("user-agent", agent.as_str());
            then.status(200).body("[]");
        })
        .await;
    let client = common::builder(&server)
        .token("tok")
        .user_agent_suffix("my-app/1")
        .max_response_size(4096)
        .build()
        .unwrap();
    assert!(
        client
            .roles()
            .list_page(&ListQuery::new())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(roles.calls_async().await, 1);
    assert_eq!(client.http().max_response_size(), 4096);
}
