//! Login modes against a mock server: renewal before expiry (virtual time), single-flight
//! under concurrency, and validation that refuses requests before they are sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use httpmock::MockServer;
use rightech::{Error, ListQuery, ObjectId};
use serde_json::json;

mod common;
use common::{builder, catch_all, client, empty_list};

fn in_ms(from_now: Duration) -> i64 {
    (jiff::Timestamp::now() + jiff::SignedDuration::try_from(from_now).unwrap()).as_millisecond()
}

#[tokio::test(start_paused = true)]
async fn login_token_is_renewed_before_expires_at() {
    let server = MockServer::start_async().await;
    let login = server
        .mock_async(|when, then| {
            when.method("POST")
                .path("/api/v1/auth/token")
                .json_body(json!({"login": "u", "password": "pw-1"}));
            then.status(200).json_body(json!({
                "success": true, "type": "access", "token": "tok-abc",
                "issuedAt": in_ms(Duration::ZERO), "expiresAt": in_ms(Duration::from_secs(120))
            }));
        })
        .await;
    let list = empty_list(&server, "/api/v1/roles", "authorization", "Bearer tok-abc").await;
    let client = builder(&server).login_token("u", "pw-1").build().unwrap();

    client.roles().list_page(&ListQuery::new()).await.unwrap();
    client.roles().list_page(&ListQuery::new()).await.unwrap();
    assert_eq!(login.calls_async().await, 1, "token reused while valid");

    // 61 s later the token is within the 60 s renewal margin: log in again first.
    tokio::time::advance(Duration::from_secs(61)).await;
    client.roles().list_page(&ListQuery::new()).await.unwrap();
    assert_eq!(login.calls_async().await, 2);
    assert_eq!(list.calls_async().await, 3);
}

#[tokio::test(start_paused = true)]
async fn concurrent_calls_share_one_login() {
    let server = MockServer::start_async().await;
    let login = server
        .mock_async(|when, then| {
            when.method("POST").path("/api/v1/auth");
            then.status(200)
                .header("set-cookie", "sid=s-123; Path=/; Max-Age=3600; HttpOnly")
                .json_body(json!({"sucess": true}));
        })
        .await;
    let list = empty_list(&server, "/api/v1/groups", "cookie", "sid=s-123").await;
    let client = builder(&server).session("u", "pw-2").build().unwrap();

    let calls = (0..5).map(|_| {
        let c = client.clone();
        async move { c.groups().list_page(&ListQuery::new()).await }
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(login.calls_async().await, 1, "single-flight login");
    assert_eq!(list.calls_async().await, 5);

    // Max-Age=3600: still valid after 50 min, renewed after 59 min (60 s margin).
    tokio::time::advance(Duration::from_secs(50 * 60)).await;
    client.groups().list_page(&ListQuery::new()).await.unwrap();
    assert_eq!(login.calls_async().await, 1);
    tokio::time::advance(Duration::from_secs(9 * 60 + 1)).await;
    client.groups().list_page(&ListQuery::new()).await.unwrap();
    assert_eq!(login.calls_async().await, 2);
}

#[tokio::test(start_paused = true)]
async fn refused_login_is_an_unauthorized_error_without_the_password() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/api/v1/auth/token");
            then.status(401).json_body(json!({
                "success": false, "code": "401", "message": "Unauthorized: pw-SECRET-9 rejected",
                "tags": ["error_unauthorized"]
            }));
        })
        .await;
    let client = builder(&server)
        .login_token("u", "pw-SECRET-9")
        .build()
        .unwrap();
    let err = client
        .users()
        .list_page(&ListQuery::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("pw-SECRET-9"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn invalid_input_sends_nothing() {
    let server = MockServer::start_async().await;
    let any = catch_all(&server).await;
    let client = client(&server);
    let err = client
        .objects()
        .list_page(&ListQuery::new().limit(10_001))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "limit"));
    let err = client
        .store::<serde_json::Value>("bad name")
        .get(&ObjectId::new("64b000000000000000000001").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "store"));
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test(start_paused = true)]
async fn every_request_names_the_client_and_asks_for_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET")
                .path("/api/v1/scenes")
                .header(
                    "user-agent",
                    format!("bookbridge-rightech/{}", env!("CARGO_PKG_VERSION")),
                )
                .header("accept", "application/json")
                .header("authorization", "Bearer tok");
            then.status(200).body("[]");
        })
        .await;
    let client = client(&server);
    assert!(
        client
            .scenes()
            .list_page(&ListQuery::new())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn dot_store_names_cannot_climb_the_path() {
    let server = MockServer::start_async().await;
    let any = catch_all(&server).await;
    let client = client(&server);
    for name in ["..", ".", "objects/..", "../auth"] {
        let err = client
            .store::<serde_json::Value>(name)
            .list_page(&ListQuery::new())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    }
    assert!(ObjectId::new("..").is_err());
    assert_eq!(any.calls_async().await, 0);
}
