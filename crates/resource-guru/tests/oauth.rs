//! OAuth2 flows against a mock token endpoint: grants, refresh before expiry and after a 401,
//! single-flight under concurrency, rotated tokens handed to the callback, and error bodies.
#![cfg(feature = "client")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use httpmock::Mock;
use httpmock::prelude::*;
use resource_guru::oauth::{RefreshedTokens, authorize_url};
use resource_guru::secrecy::ExposeSecret;
use resource_guru::{Client, Error, OAuth};
use serde_json::json;

mod common;

type Seen = Arc<Mutex<Vec<(String, String, Option<String>)>>>;

fn recorder() -> (Seen, impl Fn(&RefreshedTokens) + Send + Sync + 'static) {
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    let f = move |t: &RefreshedTokens| {
        sink.lock().unwrap().push((
            t.grant_type.to_owned(),
            t.access_token.expose_secret().to_owned(),
            t.refresh_token
                .as_ref()
                .map(|r| r.expose_secret().to_owned()),
        ));
    };
    (seen, f)
}

fn me_body() -> serde_json::Value {
    json!({"id": 27, "first_name": "Priya", "email": "priya@acme-studio.test"})
}

/// A `GET` of `path` answered with [`me_body`]; with `bearer`, only for that access token.
async fn me_mock<'a>(server: &'a MockServer, path: &str, bearer: Option<&str>) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            let when = when.method(GET).path(path);
            if let Some(token) = bearer {
                when.header("authorization", format!("Bearer {token}"));
            }
            then.status(200).json_body(me_body());
        })
        .await
}

/// The token endpoint answering a refresh-token grant for `refresh_token` with `answer`.
async fn refresh_mock<'a>(
    server: &'a MockServer,
    refresh_token: &str,
    answer: serde_json::Value,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .form_urlencoded_tuple("grant_type", "refresh_token")
                .form_urlencoded_tuple("refresh_token", refresh_token);
            then.status(200).json_body(answer);
        })
        .await
}

/// A token callback that keeps every [`RefreshedTokens`] it is handed.
fn token_sink() -> (
    Arc<Mutex<Vec<RefreshedTokens>>>,
    impl Fn(&RefreshedTokens) + Send + Sync + 'static,
) {
    let seen: Arc<Mutex<Vec<RefreshedTokens>>> = Arc::default();
    let sink = seen.clone();
    (seen, move |t: &RefreshedTokens| {
        sink.lock().unwrap().push(t.clone())
    })
}

fn client(server: &MockServer, oauth: OAuth) -> Client {
    common::account_builder(server.base_url())
        .oauth(oauth)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn password_grant_then_refresh_before_expiry() {
    let server = MockServer::start_async().await;
    let password = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("grant_type", "password")
                .form_urlencoded_tuple("username", "priya@acme-studio.test")
                .form_urlencoded_tuple("password", "pw-1")
                .form_urlencoded_tuple("client_id", "app")
                .form_urlencoded_tuple("client_secret", "app-secret");
            then.status(200).json_body(json!({
                "access_token": "access-1", "refresh_token": "refresh-1",
                "token_type": "Bearer", "expires_in": 604800
            }));
        })
        .await;
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        json!({
            "access_token": "access-2", "refresh_token": "refresh-2",
            "token_type": "bearer", "expires_in": 604800
        }),
    )
    .await;
    let me1 = me_mock(&server, "/v1/me", Some("access-1")).await;
    let me2 = me_mock(&server, "/v1/me", Some("access-2")).await;

    let (seen, callback) = recorder();
    let c = client(
        &server,
        OAuth::password("app", "app-secret", "priya@acme-studio.test", "pw-1").on_tokens(callback),
    );
    c.users().me_summary().await.unwrap();
    c.users().me_summary().await.unwrap();
    assert_eq!(
        password.calls_async().await,
        1,
        "token cached between calls"
    );
    assert_eq!(me1.calls_async().await, 2);

    // Seven days later (minus the 5-minute margin) the token is refreshed before use.
    tokio::time::advance(Duration::from_secs(604_800 - 200)).await;
    c.users().me_summary().await.unwrap();
    assert_eq!(refresh.calls_async().await, 1);
    assert_eq!(me2.calls_async().await, 1);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (
                "password".to_owned(),
                "access-1".to_owned(),
                Some("refresh-1".to_owned())
            ),
            (
                "refresh_token".to_owned(),
                "access-2".to_owned(),
                Some("refresh-2".to_owned())
            ),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn concurrent_401s_refresh_once_and_replay() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/acme-studio/users/me")
                .header("authorization", "Bearer old-access");
            then.status(401)
                .json_body(json!({"error": "invalid_token"}));
        })
        .await;
    let refresh = refresh_mock(
        &server,
        "old-refresh",
        json!({
            "access_token": "new-access", "refresh_token": "new-refresh", "expires_in": 604800
        }),
    )
    .await;
    let ok = me_mock(&server, "/v1/acme-studio/users/me", Some("new-access")).await;

    let (seen, callback) = recorder();
    let oauth = OAuth::refresh_token("app", "app-secret", "old-refresh")
        .with_access_token("old-access", None)
        .on_tokens(callback);
    let c = client(&server, oauth);
    let calls = (0..5).map(|_| {
        let c = c.clone();
        async move { c.users().me().await }
    });
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(refresh.calls_async().await, 1, "single-flight refresh");
    assert_eq!(ok.calls_async().await, 5);
    assert!(refused.calls_async().await >= 1);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].2.as_deref(), Some("new-refresh"));
}

#[tokio::test(start_paused = true)]
async fn authorization_code_is_exchanged_once() {
    let server = MockServer::start_async().await;
    let code = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .form_urlencoded_tuple("grant_type", "authorization_code")
                .form_urlencoded_tuple("code", "code-123")
                .form_urlencoded_tuple("redirect_uri", "https://app.example/callback");
            then.status(200).json_body(json!({
                "access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 60
            }));
        })
        .await;
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        json!({
            "access_token": "access-2", "refresh_token": "refresh-2", "expires_in": 604800
        }),
    )
    .await;
    let me = me_mock(&server, "/v1/me", None).await;
    let c = client(
        &server,
        OAuth::authorization_code(
            "app",
            "app-secret",
            "code-123",
            "https://app.example/callback",
        )
        .refresh_margin(Duration::from_secs(10)),
    );
    c.users().me_summary().await.unwrap();
    tokio::time::advance(Duration::from_secs(55)).await;
    c.users().me_summary().await.unwrap();
    assert_eq!(code.calls_async().await, 1, "a code is single-use");
    assert_eq!(refresh.calls_async().await, 1);
    assert_eq!(me.calls_async().await, 2);
}

#[tokio::test(start_paused = true)]
async fn token_errors_are_readable_and_secret_free() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth/token");
            then.status(400).json_body(json!({
                "error": "invalid_grant",
                "error_description": "The provided authorization grant is invalid"
            }));
        })
        .await;
    let c = client(
        &server,
        OAuth::password("app", "app-secret-xyz", "u@example.test", "pw-secret-xyz"),
    );
    let err = c.users().me_summary().await.unwrap_err();
    let api = err.api().expect("API error");
    assert_eq!(api.status, 400);
    assert_eq!(
        api.message,
        "The provided authorization grant is invalid (invalid_grant)"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("app-secret-xyz") && !shown.contains("pw-secret-xyz"),
        "{shown}"
    );
    assert!(matches!(err, Error::Api(_)));
}

#[test]
fn authorize_url_and_debug() {
    let url = authorize_url(
        resource_guru::DEFAULT_BASE_URL,
        "app id",
        "http://localhost:8080/cb",
        None,
    );
    assert_eq!(
        url,
        "https://api.resourceguruapp.com/oauth/authorize?client_id=app%20id&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&response_type=code"
    );
    let oauth = OAuth::refresh_token("app", "app-secret-1", "refresh-secret-2")
        .with_access_token("access-secret-3", None);
    let shown = format!("{oauth:?}");
    for secret in ["app-secret-1", "refresh-secret-2", "access-secret-3"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let builder = Client::builder("acme").oauth(oauth);
    let shown = format!("{builder:?}");
    assert!(!shown.contains("secret-"), "{shown}");
    let built = builder.build().unwrap();
    let shown = format!("{built:?}");
    assert!(!shown.contains("secret-"), "{shown}");
}

/// Hardening: the token answer's `token_type`, its `expires_in` as sent and its unknown fields
/// reach the callback; `Debug` names the unknown fields without their values.
#[tokio::test(start_paused = true)]
async fn token_answer_keeps_token_type_and_unknown_fields() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/token")
                .form_urlencoded_tuple("grant_type", "password");
            then.status(200).json_body(json!({
                "access_token": "access-1", "refresh_token": "refresh-1",
                "token_type": "Bearer", "expires_in": "7200",
                "scope": "", "created_at": 1714637500, "id_token": "id-SECRET-3"
            }));
        })
        .await;
    let me = me_mock(&server, "/v1/me", Some("access-1")).await;
    let (seen, sink) = token_sink();
    let oauth =
        OAuth::password("app", "app-secret", "priya@acme-studio.test", "pw-1").on_tokens(sink);
    client(&server, oauth).users().me_summary().await.unwrap();
    token.assert_async().await;
    me.assert_async().await;

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let t = &seen[0];
    assert_eq!(t.token_type.as_deref(), Some("Bearer"));
    assert_eq!(t.expires_in_sent, Some(7200));
    assert_eq!(t.expires_in, Duration::from_secs(7200));
    assert_eq!(
        serde_json::Value::Object(t.extra.clone()),
        json!({"scope": "", "created_at": 1714637500, "id_token": "id-SECRET-3"})
    );
    let shown = format!("{t:?}");
    assert!(shown.contains("created_at"), "{shown}");
    assert!(shown.contains("Bearer"), "{shown}");
    for secret in ["access-1", "refresh-1", "id-SECRET-3"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// Without `expires_in` the default lifetime applies, and the callback can tell it was not sent.
#[tokio::test(start_paused = true)]
async fn token_answer_without_optional_fields() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth/token");
            then.status(200)
                .json_body(json!({"access_token": "access-1"}));
        })
        .await;
    me_mock(&server, "/v1/me", None).await;
    let (seen, sink) = token_sink();
    let oauth =
        OAuth::password("app", "app-secret", "priya@acme-studio.test", "pw-1").on_tokens(sink);
    client(&server, oauth).users().me_summary().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].token_type, None);
    assert_eq!(seen[0].expires_in_sent, None);
    assert_eq!(
        seen[0].expires_in,
        resource_guru::oauth::DEFAULT_TOKEN_LIFETIME
    );
    assert!(seen[0].extra.is_empty());
}

/// The async callback is awaited before the new token is used: a slow store (10 s in virtual
/// time) has finished by the time the first call returns, and a concurrent call waits too.
#[tokio::test(start_paused = true)]
async fn async_token_callback_is_awaited_before_the_token_is_used() {
    let server = MockServer::start_async().await;
    let refresh = refresh_mock(
        &server,
        "stored-refresh",
        json!({
            "access_token": "access-9", "refresh_token": "rotated-refresh",
            "token_type": "bearer", "expires_in": 604800
        }),
    )
    .await;
    let me = me_mock(&server, "/v1/me", Some("access-9")).await;
    let stored = Arc::new(tokio::sync::Mutex::new(String::from("stored-refresh")));
    let db = stored.clone();
    let oauth = OAuth::refresh_token("app", "app-secret", "stored-refresh").on_tokens_async(
        move |t: RefreshedTokens| {
            let db = db.clone();
            async move {
                tokio::time::sleep(Duration::from_secs(10)).await;
                *db.lock().await = t.refresh_token.unwrap().expose_secret().to_owned();
            }
        },
    );
    let c = client(&server, oauth);
    let users = c.users();
    let (a, b) = tokio::join!(users.me_summary(), users.me_summary());
    a.unwrap();
    b.unwrap();
    assert_eq!(*stored.lock().await, "rotated-refresh");
    refresh.assert_calls_async(1).await;
    me.assert_calls_async(2).await;
}
