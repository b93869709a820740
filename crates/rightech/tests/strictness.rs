//! Contract strictness: requests the vendor would refuse are refused before anything is sent
//! (a catch-all mock that must see zero calls), typed request fields refuse bad JSON, DELETE
//! and the body-less POSTs send no body, and answers meaning "not done" are errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt;
use httpmock::MockServer;
use rightech::jiff::Timestamp;
use rightech::{
    BuildReport, Error, NewObject, NewTask, NewUser, ObjectEventsQuery, ObjectId, PacketQuery,
    SendCommand, UserSearch,
};

mod common;

use common::{catch_all, client};

fn id(text: &str) -> ObjectId {
    ObjectId::new(text).unwrap()
}

fn ms(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap()
}

fn is_validation(err: &Error, field: &str) -> bool {
    matches!(err, Error::Validation { field: f, .. } if f == field)
}

#[tokio::test]
async fn windows_that_end_before_they_start_send_nothing() {
    let server = MockServer::start_async().await;
    let any = catch_all(&server).await;
    let client = client(&server);
    let object = id("64b000000000000000000001");
    let backwards = ObjectEventsQuery::between(ms(2_000), ms(1_000));

    let err = client
        .objects()
        .list_events_page(&object, &backwards)
        .await
        .unwrap_err();
    assert!(is_validation(&err, "from"), "{err:?}");
    let err = client
        .objects()
        .list_events(&object, &backwards)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(is_validation(&err, "from"), "{err:?}");

    let build = BuildReport::new(ms(2_000), ms(1_000), vec![object.clone()]);
    let err = client
        .reports()
        .build(&id("6ba000000000000000000001"), &build)
        .await
        .unwrap_err();
    assert!(is_validation(&err, "period"), "{err:?}");

    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn empty_searches_and_oversized_pages_send_nothing() {
    let server = MockServer::start_async().await;
    let any = catch_all(&server).await;
    let client = client(&server);

    let err = client
        .users()
        .search_page(&UserSearch::new(" "))
        .await
        .unwrap_err();
    assert!(is_validation(&err, "search"), "{err:?}");
    let err = client
        .users()
        .search(&UserSearch::new(""))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(is_validation(&err, "search"), "{err:?}");

    let object = id("64b000000000000000000001");
    let err = client
        .objects()
        .list_packets_page(&object, &PacketQuery::new().limit(10_001))
        .await
        .unwrap_err();
    assert!(is_validation(&err, "limit"), "{err:?}");

    assert_eq!(any.calls_async().await, 0);
}

#[test]
fn typed_request_fields_refuse_what_the_vendor_would_refuse() {
    // Required fields cannot be left out of fixture input either.
    let no_object = r#"{"kind":"k","name":"n","priority":1}"#;
    assert!(serde_json::from_str::<NewTask>(no_object).is_err());
    let bad_priority =
        r#"{"kind":"k","name":"n","object":"64b000000000000000000001","priority":0}"#;
    assert!(serde_json::from_str::<NewTask>(bad_priority).is_err());
    let bad_assignee = r#"{"kind":"k","name":"n","object":"64b000000000000000000001","priority":1,"assignee":"ann"}"#;
    assert!(serde_json::from_str::<NewTask>(bad_assignee).is_err());

    let bad_role = r#"{"role":"admin","name":"A","email":"a@x","login":"a","password":"p"}"#;
    assert!(serde_json::from_str::<NewUser>(bad_role).is_err());
    let messages_object = r#"{"role":"68b000000000000000000001","name":"A","email":"a@x","login":"a","password":"p","messages":{"sms":true}}"#;
    assert!(serde_json::from_str::<NewUser>(messages_object).is_err());

    // Per-model settings and command parameters are JSON objects, not any JSON value.
    let config_array =
        r#"{"model":"64c000000000000000000001","id":"pump-1","name":"P","config":[1]}"#;
    assert!(serde_json::from_str::<NewObject>(config_array).is_err());
    let params_text = r#"{"object":"64b000000000000000000001","command":"open","params":"now"}"#;
    assert!(serde_json::from_str::<SendCommand>(params_text).is_err());

    // A window bound that is not a time is an error, not a silently dropped bound.
    assert!(serde_json::from_str::<ObjectEventsQuery>(r#"{"from":"soon"}"#).is_err());
    let q: ObjectEventsQuery = serde_json::from_str(r#"{"from":1700000000000}"#).unwrap();
    assert_eq!(q.from.unwrap().as_millisecond(), 1_700_000_000_000);
}

#[tokio::test]
async fn delete_and_bodyless_posts_send_no_body() {
    let server = MockServer::start_async().await;
    let delete = server
        .mock_async(|when, then| {
            when.method("DELETE")
                .path("/api/v1/objects/64b000000000000000000001")
                .header_missing("content-type")
                .body("");
            then.status(200)
                .body(r#"{"_id":"64b000000000000000000001"}"#);
        })
        .await;
    let cancel = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/api/v1/reports/builds/6bb000000000000000000003/cancel")
                .header_missing("content-type")
                .body("");
            then.status(200)
                .body(r#"{"_id":"6bb000000000000000000003","status":"cancelled"}"#);
        })
        .await;
    let client = client(&server);
    client
        .objects()
        .delete(&id("64b000000000000000000001"))
        .await
        .unwrap();
    client
        .reports()
        .cancel_build(&id("6bb000000000000000000003"))
        .await
        .unwrap();
    assert_eq!(delete.calls_async().await, 1);
    assert_eq!(cancel.calls_async().await, 1);
}

#[tokio::test]
async fn a_cancel_that_did_not_cancel_returns_the_build_with_its_status() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/api/v1/reports/builds/6bb000000000000000000002/cancel");
            then.status(200)
                .body(r#"{"_id":"6bb000000000000000000002","status":"completed","format":"xlsx"}"#);
        })
        .await;
    let build = client(&server)
        .reports()
        .cancel_build(&id("6bb000000000000000000002"))
        .await
        .unwrap();
    let status = build.status.expect("a status");
    assert_eq!(status.as_str(), Some("completed"));
    assert_ne!(status.as_str(), Some(rightech::reports::STATUS_CANCELLED));
}
