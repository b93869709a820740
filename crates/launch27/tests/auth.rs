//! Login behaviour: single-flight, renewal before `exp`, re-login after a 401, anonymous mode.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use base64::Engine;
use httpmock::prelude::*;
use launch27::Client;
use serde_json::json;

fn jwt(exp: i64, marker: &str) -> String {
    let b64 = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&v).unwrap())
    };
    format!(
        "{}.{}.c2ln",
        b64(json!({"alg": "HS256", "typ": "JWT"})),
        b64(json!({"email": "pat@example.com", "exp": exp, "iss": "Launch27", "m": marker}))
    )
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .credentials("pat@example.com", "test-password")
        .without_transport_timers()
        .pacing(core_http::pacing::Pacing::none())
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn fifty_concurrent_calls_log_in_once() {
    let server = MockServer::start_async().await;
    let token = jwt(4_102_444_800, "one");
    let login = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/login")
                .header("content-type", "application/json")
                .json_body(json!({"email": "pat@example.com", "password": "test-password"}));
            then.status(200)
                .json_body(json!({"id": 42, "type": "Tenant::Customer", "bearer": token}));
        })
        .await;
    let count = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/customer/bookings/count")
                .header("authorization", format!("Bearer {token}"));
            then.status(200).json_body(json!({"count": 3}));
        })
        .await;
    let client = client(&server);
    let calls = (0..50).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.customer_bookings().count().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().count, 3);
    }
    assert_eq!(login.calls_async().await, 1, "exactly one login");
    assert_eq!(count.calls_async().await, 50);
    let shown = format!("{client:?}");
    assert!(!shown.contains(&token), "the JWT must not show: {shown}");
    assert!(!shown.contains("test-password"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn renews_before_exp_claim() {
    let server = MockServer::start_async().await;
    // Expires two minutes from now (wall clock); the client renews 60 s before that.
    let exp = jiff::Timestamp::now().as_second() + 120;
    let token = jwt(exp, "short");
    let login = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/login");
            then.status(200)
                .json_body(json!({"id": 42, "bearer": token}));
        })
        .await;
    let profile = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/profile");
            then.status(200).json_body(json!({"user_id": 42}));
        })
        .await;
    let client = client(&server);
    client.account().profile().await.unwrap();
    client.account().profile().await.unwrap();
    assert_eq!(login.calls_async().await, 1, "token still fresh");
    tokio::time::advance(Duration::from_secs(61)).await;
    client.account().profile().await.unwrap();
    assert_eq!(login.calls_async().await, 2, "renewed inside the margin");
    assert_eq!(profile.calls_async().await, 3);
}

#[tokio::test(start_paused = true)]
async fn concurrent_401s_cause_one_relogin() {
    let server = MockServer::start_async().await;
    let old = jwt(4_102_444_800, "old");
    let new = jwt(4_102_444_800, "new");
    let login = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/login");
            then.status(200).json_body(json!({"id": 42, "bearer": new}));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/profile")
                .header("authorization", format!("Bearer {old}"));
            then.status(401).body("Unauthorized");
        })
        .await;
    let accepted = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/profile")
                .header("authorization", format!("Bearer {new}"));
            then.status(200).json_body(json!({"user_id": 42}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .credentials("pat@example.com", "test-password")
        .token(old.clone())
        .without_transport_timers()
        .pacing(core_http::pacing::Pacing::none())
        .build()
        .unwrap();
    let calls = (0..10).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.account().profile().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().user_id.get(), 42);
    }
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(accepted.calls_async().await, 10);
    assert!(refused.calls_async().await >= 1);
}

#[tokio::test(start_paused = true)]
async fn anonymous_client_sends_no_credentials_and_refused_login_is_an_error() {
    let server = MockServer::start_async().await;
    let wrong_method = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/policy/booking");
            then.status(500);
        })
        .await;
    let policy = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/policy/booking")
                .header_missing("authorization");
            then.status(200).json_body(json!({"custom": false}));
        })
        .await;
    let anonymous = Client::builder()
        .base_url(server.base_url())
        .without_transport_timers()
        .build()
        .unwrap();
    assert!(!anonymous.policies().booking().await.unwrap().custom);
    assert_eq!(policy.calls_async().await, 1);
    assert_eq!(wrong_method.calls_async().await, 0);

    // With credentials the vendor refuses, the call fails with Unauthorized, no loop.
    let login = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/login");
            then.status(401).body("Unauthorized");
        })
        .await;
    let client = client(&server);
    let err = client.account().profile().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(login.calls_async().await, 1);
}

#[tokio::test]
async fn password_never_shows_in_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/login");
            then.status(422).json_body(json!({"password": [{"type": "invalid", "message": "password hunter2-secret is too weak", "value": "hunter2-secret"}]}));
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .credentials("pat@example.com", "hunter2-secret")
        .build()
        .unwrap();
    let err = client.account().profile().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert_eq!(err.api().unwrap().field_errors[0].field, "password");
}
