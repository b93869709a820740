//! Auth schemes against an httpmock server: exact headers, single-flight login, 401 renewal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use core_http::auth::{Basic, Bearer, Login, LoginAuth, Placement, Token};
use core_http::{Client, Error};
use httpmock::prelude::*;

mod common;
use common::{KEY as SEED_KEY, KEY_B64};

fn builder(server: &MockServer) -> core_http::ClientBuilder {
    Client::builder(server.base_url()).without_transport_timers()
}

#[tokio::test]
async fn api_key_basic_sends_exactly_the_documented_header() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/ping")
                .header("authorization", format!("Basic {KEY_B64}"));
            then.status(200).body("true");
        })
        .await;
    let client = builder(&server)
        .auth(Basic::api_key(SEED_KEY))
        .build()
        .unwrap();
    let ok: bool = client.get("/ping").send_json().await.unwrap();
    assert!(ok);
    m.assert_async().await;
}

#[tokio::test]
async fn static_bearer_sends_bearer_header() {
    let server = MockServer::start_async().await;
    let m = server
        .mock_async(|when, then| {
            when.path("/me").header("authorization", "Bearer tok-123");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&server)
        .auth(Bearer::new("tok-123"))
        .build()
        .unwrap();
    client.get("/me").send_unit().await.unwrap();
    m.assert_async().await;
}

#[test]
fn debug_of_client_shows_no_secret() {
    let basic = Client::builder("https://api.example.com")
        .auth(Basic::api_key(SEED_KEY))
        .build()
        .unwrap();
    let bearer = Client::builder("https://api.example.com")
        .auth(Bearer::new("bearer-secret-value"))
        .secret("login-password")
        .build()
        .unwrap();
    let shown = format!("{basic:?} {bearer:?} {basic:#?}");
    assert!(!shown.contains(SEED_KEY), "{shown}");
    assert!(!shown.contains("YUljQ3BSS1FxS1Bn"), "{shown}");
    assert!(!shown.contains("bearer-secret-value"), "{shown}");
    assert!(!shown.contains("login-password"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

/// Logs in with `POST /login`, counting calls; tokens live `ttl`.
#[derive(Debug)]
struct CountingLogin {
    calls: Arc<AtomicUsize>,
    ttl: Duration,
}

#[async_trait]
impl Login for CountingLogin {
    async fn login(&self, client: &Client, _previous: Option<&Token>) -> core_http::Result<Token> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        #[derive(serde::Deserialize)]
        struct Answer {
            token: String,
        }
        let answer: Answer = client
            .post("/login")
            .without_auth()
            .json(&serde_json::json!({"email": "a@b.c", "password": "pw-secret"}))
            .send_json()
            .await?;
        Ok(Token::new(answer.token).expires_in(self.ttl))
    }

    fn secrets(&self) -> Vec<String> {
        vec!["pw-secret".into()]
    }
}

/// [`CountingLogin`] with the token sent as `Bearer`.
fn counting_bearer(calls: Arc<AtomicUsize>, ttl: Duration) -> LoginAuth<CountingLogin> {
    LoginAuth::new(CountingLogin { calls, ttl }, Placement::Bearer)
}

/// `POST /login` answered with `token`.
async fn login_answering<'a>(server: &'a MockServer, token: &str) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(POST).path("/login");
            then.status(200)
                .body(serde_json::json!({ "token": token }).to_string());
        })
        .await
}

/// `n` concurrent `GET /data` on `client`, each of which must answer `1`.
async fn get_data_concurrently(client: &Client, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.get("/data").send_json::<u32>().await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn fifty_concurrent_requests_with_expired_token_log_in_once() {
    let server = MockServer::start_async().await;
    let login = login_answering(&server, "fresh-token").await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/data")
                .header("authorization", "Bearer fresh-token");
            then.status(200).body("1");
        })
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let auth = counting_bearer(calls.clone(), Duration::from_secs(3600))
        .with_token(Token::new("stale-token").expires_in(Duration::ZERO));
    let client = builder(&server).auth(auth).build().unwrap();

    get_data_concurrently(&client, 50).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(data.calls_async().await, 50);
}

#[tokio::test(start_paused = true)]
async fn token_is_renewed_before_expiry() {
    let server = MockServer::start_async().await;
    login_answering(&server, "t").await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/data");
            then.status(200).body("1");
        })
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let auth = counting_bearer(calls.clone(), Duration::from_secs(600))
        .refresh_margin(Duration::from_secs(60));
    let client = builder(&server).auth(auth).build().unwrap();
    client.get("/data").send_unit().await.unwrap();
    tokio::time::advance(Duration::from_secs(500)).await;
    client.get("/data").send_unit().await.unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "still 100 s left: no login"
    );
    tokio::time::advance(Duration::from_secs(50)).await;
    client.get("/data").send_unit().await.unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "within the margin: renewed first"
    );
}

#[tokio::test(start_paused = true)]
async fn a_401_renews_once_and_replays() {
    let server = MockServer::start_async().await;
    let login = login_answering(&server, "second").await;
    let rejected = server
        .mock_async(|when, then| {
            when.path("/data").header("authorization", "Bearer first");
            then.status(401).body("expired");
        })
        .await;
    let accepted = server
        .mock_async(|when, then| {
            when.path("/data").header("authorization", "Bearer second");
            then.status(200).body("7");
        })
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let auth =
        counting_bearer(calls.clone(), Duration::from_secs(3600)).with_token(Token::new("first"));
    let client = builder(&server).auth(auth).build().unwrap();
    assert_eq!(client.get("/data").send_json::<u32>().await.unwrap(), 7);
    assert_eq!(rejected.calls_async().await, 1);
    assert_eq!(accepted.calls_async().await, 1);
    assert_eq!(login.calls_async().await, 1);
}

#[tokio::test(start_paused = true)]
async fn a_second_401_surfaces_unauthorized() {
    let server = MockServer::start_async().await;
    let login = login_answering(&server, "also-bad").await;
    let data = server
        .mock_async(|when, then| {
            when.path("/data");
            then.status(401)
                .body(r#"{"message":"token pw-secret also-bad invalid"}"#);
        })
        .await;
    let auth =
        counting_bearer(Arc::default(), Duration::from_secs(3600)).with_token(Token::new("bad"));
    let client = builder(&server).auth(auth).build().unwrap();
    let err = client.get("/data").send_unit().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(data.calls_async().await, 2, "original + one replay");
    assert_eq!(login.calls_async().await, 1);
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("pw-secret") && !shown.contains("also-bad"),
        "{shown}"
    );
}

#[tokio::test(start_paused = true)]
async fn concurrent_401s_renew_once() {
    let server = MockServer::start_async().await;
    let login = login_answering(&server, "new").await;
    server
        .mock_async(|when, then| {
            when.path("/data").header("authorization", "Bearer old");
            then.status(401);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/data").header("authorization", "Bearer new");
            then.status(200).body("1");
        })
        .await;
    let auth =
        counting_bearer(Arc::default(), Duration::from_secs(3600)).with_token(Token::new("old"));
    let client = builder(&server).auth(auth).build().unwrap();
    get_data_concurrently(&client, 20).await;
    assert_eq!(login.calls_async().await, 1);
}

/// Logs in with `POST /auth`, reading the `sid` cookie.
#[derive(Debug)]
struct CookieLogin;

#[async_trait]
impl Login for CookieLogin {
    async fn login(&self, client: &Client, _previous: Option<&Token>) -> core_http::Result<Token> {
        let resp = client.post("/auth").without_auth().send().await?;
        let sid = resp
            .cookie("sid")
            .ok_or_else(|| Error::validation("sid", "no session cookie in login response"))?;
        Ok(Token::new(sid))
    }
}

#[tokio::test]
async fn session_cookie_from_login_is_sent_as_cookie() {
    let server = MockServer::start_async().await;
    let login = server
        .mock_async(|when, then| {
            when.method(POST).path("/auth");
            then.status(200)
                .header("set-cookie", "sid=s%3Aabc123; Path=/; HttpOnly")
                .body(r#"{"success":true}"#);
        })
        .await;
    let data = server
        .mock_async(|when, then| {
            when.path("/objects").header("cookie", "sid=s%3Aabc123");
            then.status(200).body("[]");
        })
        .await;
    let client = builder(&server)
        .auth(LoginAuth::new(CookieLogin, Placement::Cookie("sid".into())))
        .build()
        .unwrap();
    let list: Vec<serde_json::Value> = client.get("/objects").send_json().await.unwrap();
    assert!(list.is_empty());
    login.assert_async().await;
    data.assert_async().await;
}

#[tokio::test]
async fn a_short_password_echoed_in_an_error_is_not_shown() {
    // Secrets under 4 characters used to be skipped by the redaction.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/login");
            then.status(400).json_body(serde_json::json!({
                "message": "wrong password xq7 for pat",
                "echo": "xq7",
                "detail": "a\"b xq7"
            }));
        })
        .await;
    let client = builder(&server)
        .auth(Basic::new("pat", "xq7"))
        .build()
        .unwrap();
    let err = client.get("/login").send_unit().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("wrong password [redacted] for"), "{shown}");
    assert!(!shown.contains("xq7"), "{shown}");
}
