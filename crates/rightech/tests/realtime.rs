//! Realtime channels against WebSocket servers started on loopback by the tests, most of
//! them hostile.
//!
//! Tests that depend on heartbeats or backoff run in Tokio's virtual time
//! (`start_paused`): the runtime jumps over waits while every task is idle, so minutes of
//! heartbeat take milliseconds. `timeout`s below are only guards against a hung test.
#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::result_large_err // tungstenite's handshake callback signature
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use rightech::events::EventKind;
use rightech::realtime::{RealtimeOptions, RealtimeStream, Signal};
use rightech::{Client, Error};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

/// Guard of tests in real time.
const GUARD: Duration = Duration::from_secs(5);
/// Guard of tests in virtual time: free to be long, the clock jumps when everything waits.
const VGUARD: Duration = Duration::from_secs(3600);

#[derive(Clone, Debug, Default)]
struct Seen {
    uri: String,
    authorization: Option<String>,
    cookie: Option<String>,
}

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// The value of `name` in the upgrade request, when it is text.
fn header(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Writes what the upgrade request `req` shows into `seen`.
fn record(seen: &Mutex<Seen>, req: &Request) {
    *seen.lock().unwrap() = Seen {
        uri: req.uri().to_string(),
        authorization: header(req, "authorization"),
        cookie: header(req, "cookie"),
    };
}

async fn accept(listener: &TcpListener) -> (WebSocketStream<TcpStream>, Seen) {
    let (tcp, _) = listener.accept().await.unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record_to = seen.clone();
    let ws = tokio_tungstenite::accept_hdr_async(tcp, move |req: &Request, resp: Response| {
        record(&record_to, req);
        Ok(resp)
    })
    .await
    .unwrap();
    let seen = seen.lock().unwrap().clone();
    (ws, seen)
}

/// Reads until the client goes away; returns the text frames received.
async fn drain(ws: &mut WebSocketStream<TcpStream>) -> Vec<String> {
    let mut got = Vec::new();
    while let Some(Ok(msg)) = ws.next().await {
        match msg {
            Message::Text(t) => got.push(t.as_str().to_owned()),
            Message::Close(_) => break,
            _ => {}
        }
    }
    got
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token("rt-token")
        .build()
        .unwrap()
}

/// A client that logs in with a password for a token.
fn login_client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .login_token("rt-user", "rt-password")
        .build()
        .unwrap()
}

/// A client that logs in with a password for a session cookie.
fn session_client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .session("rt-user", "rt-password")
        .build()
        .unwrap()
}

fn quick() -> RealtimeOptions {
    RealtimeOptions {
        reconnect_initial: Duration::from_millis(10),
        reconnect_max: Duration::from_millis(40),
        handshake_timeout: Duration::from_secs(2),
        ..RealtimeOptions::default()
    }
}

async fn next<T>(stream: &mut RealtimeStream<T>) -> Signal<T> {
    timeout(GUARD, stream.next())
        .await
        .expect("stream stalled")
        .expect("stream ended")
        .expect("stream error")
}

/// [`next`] for tests in virtual time.
async fn vnext<T>(stream: &mut RealtimeStream<T>) -> Signal<T> {
    timeout(VGUARD, stream.next())
        .await
        .expect("stream stalled")
        .expect("stream ended")
        .expect("stream error")
}

/// The last item of a stream: an error, then the end.
async fn last_error<T: std::fmt::Debug>(stream: &mut RealtimeStream<T>) -> Error {
    let item = timeout(VGUARD, stream.next())
        .await
        .expect("stream stalled")
        .expect("stream ended without an error");
    let error = match item {
        Err(e) => e,
        Ok(other) => panic!("expected an error, got {other:?}"),
    };
    assert!(
        timeout(VGUARD, stream.next())
            .await
            .expect("stream stalled")
            .is_none(),
        "the stream must end after {error:?}"
    );
    error
}

const EVENT: &str = r#"{"_msgid":"q1w2e3r4t5y6","_oid":"64b000000000000000000001","event":"object-packet","time":1700000000123,"data":{"_ts":1700000000122456,"topic":"sensors/t1","payload":"21.5"}}"#;

#[tokio::test]
async fn events_stream_yields_typed_events_with_bearer_auth() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        ws.send(Message::text(
            r#"{"_msgid":"x2","event":"object-online","time":1700000000999}"#,
        ))
        .await
        .unwrap();
        drain(&mut ws).await;
        seen
    });

    let mut stream = client(&base).events_stream(quick());
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    let Signal::Event(first) = next(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!(first.event, Some(EventKind::ObjectPacket));
    assert_eq!(first.object.unwrap().as_str(), "64b000000000000000000001");
    assert_eq!(first.time.unwrap().as_millisecond(), 1_700_000_000_123);
    let Signal::Event(second) = next(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!(
        second.event,
        Some(EventKind::Unknown("object-online".into()))
    );
    drop(stream);

    let seen = timeout(GUARD, server).await.unwrap().unwrap();
    assert_eq!(seen.uri, "/events/stream");
    assert_eq!(seen.authorization.as_deref(), Some("Bearer rt-token"));
}

#[tokio::test]
async fn events_stream_reconnects_after_the_server_closes() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        ws.close(None).await.unwrap();
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        drain(&mut ws).await;
    });

    let mut stream = client(&base).events_stream(quick());
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    assert!(matches!(next(&mut stream).await, Signal::Event(_)));
    match next(&mut stream).await {
        // A healthy connection was lost: the first backoff, jittered into [initial/2, initial].
        Signal::Reconnecting { wait, .. } => assert!(
            wait >= Duration::from_millis(5) && wait <= Duration::from_millis(10),
            "{wait:?}"
        ),
        other => panic!("expected reconnecting, got {other:?}"),
    }
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 2 });
    assert!(matches!(next(&mut stream).await, Signal::Event(_)));
    drop(stream);
    timeout(GUARD, server).await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn socket_io_pings_every_interval_and_yields_events() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s1","upgrades":[],"pingInterval":2000,"pingTimeout":5000}"#,
        ))
        .await
        .unwrap();
        ws.send(Message::text("40")).await.unwrap();
        let mut pings = 0;
        while let Some(Ok(msg)) = ws.next().await {
            if msg == Message::text("2") {
                pings += 1;
                ws.send(Message::text("3")).await.unwrap();
                if pings == 1 {
                    ws.send(Message::text(format!(r#"42["object-packet",{EVENT}]"#)))
                        .await
                        .unwrap();
                }
                if pings == 2 {
                    ws.send(Message::text(r#"42["done"]"#)).await.unwrap();
                }
            }
        }
        (seen, pings)
    });

    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    let Signal::Event(event) = vnext(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!(event.name, "object-packet");
    assert_eq!(
        event.as_event().unwrap().event,
        Some(EventKind::ObjectPacket)
    );
    // A second ping is answered too, and the connection stays up (no reconnect in between).
    let Signal::Event(done) = vnext(&mut stream).await else {
        panic!("expected the second event")
    };
    assert_eq!(done.name, "done");
    drop(stream);

    let (seen, pings) = timeout(VGUARD, server).await.unwrap().unwrap();
    assert!(pings >= 2, "{pings} pings");
    assert_eq!(seen.uri, "/socket.io/?EIO=3&transport=websocket");
    assert_eq!(seen.authorization.as_deref(), Some("Bearer rt-token"));
}

#[tokio::test(start_paused = true)]
async fn missed_pong_triggers_reconnect() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        // First connection: never answers pings.
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s1","upgrades":[],"pingInterval":2000,"pingTimeout":6000}"#,
        ))
        .await
        .unwrap();
        let unanswered = drain(&mut ws).await;
        // Second connection: a healthy one.
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s2","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#,
        ))
        .await
        .unwrap();
        ws.send(Message::text(r#"42["hello",1]"#)).await.unwrap();
        drain(&mut ws).await;
        unanswered
    });

    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    match vnext(&mut stream).await {
        Signal::Reconnecting { reason, .. } => assert!(reason.contains("no pong"), "{reason}"),
        other => panic!("expected reconnecting, got {other:?}"),
    }
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 2 }
    );
    let Signal::Event(hello) = vnext(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!((hello.name.as_str(), hello.args.len()), ("hello", 1));
    drop(stream);

    let unanswered = timeout(VGUARD, server).await.unwrap().unwrap();
    assert!(unanswered.iter().any(|f| f == "2"), "{unanswered:?}");
}

#[tokio::test]
async fn stream_ends_with_an_error_after_max_failures() {
    // Bind then drop, so that the port refuses connections.
    let (listener, base) = listener().await;
    drop(listener);
    let options = RealtimeOptions {
        max_failures: Some(1),
        ..quick()
    };
    let mut stream = client(&base).events_stream(options);
    assert!(matches!(
        next(&mut stream).await,
        Signal::Reconnecting { .. }
    ));
    let last = timeout(GUARD, stream.next()).await.unwrap().unwrap();
    assert!(matches!(last, Err(Error::Transport { .. })), "{last:?}");
    assert!(timeout(GUARD, stream.next()).await.unwrap().is_none());
}

/// The answer of a successful token login handing out `tok-<n>`.
fn login_answer(n: u32) -> String {
    format!(
        r#"{{"sucess":true,"type":"access","token":"tok-{n}","issuedAt":1,"expiresAt":4102444800000}}"#
    )
}

/// Answers one plain HTTP request on `tcp` (the login call) and closes the connection.
async fn answer_http(tcp: TcpStream, extra_headers: &str, body: &str) -> String {
    answer_http_status(tcp, "200 OK", extra_headers, body).await
}

/// [`answer_http`] with another status line.
async fn answer_http_status(
    mut tcp: TcpStream,
    status: &str,
    extra_headers: &str,
    body: &str,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    // Read headers, then the body by content-length.
    let (head_len, content_length) = loop {
        let n = tcp.read(&mut chunk).await.unwrap();
        assert!(n > 0, "client went away");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..pos]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse::<usize>().unwrap())
                .unwrap_or(0);
            break (pos + 4, len);
        }
    };
    while buf.len() < head_len + content_length {
        let n = tcp.read(&mut chunk).await.unwrap();
        buf.extend_from_slice(&chunk[..n]);
    }
    let request = String::from_utf8_lossy(&buf).into_owned();
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra_headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(response.as_bytes()).await.unwrap();
    tcp.shutdown().await.unwrap();
    request
}

#[tokio::test]
async fn handshake_refused_with_401_logs_in_again() {
    use tokio_tungstenite::tungstenite::handshake::server::ErrorResponse;

    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut logins = Vec::new();
        // Login 1, then a WebSocket handshake refused with 401.
        let (tcp, _) = listener.accept().await.unwrap();
        logins.push(answer_http(tcp, "", &login_answer(1)).await);
        let (tcp, _) = listener.accept().await.unwrap();
        let refused = tokio_tungstenite::accept_hdr_async(tcp, |req: &Request, _resp: Response| {
            assert_eq!(req.headers().get("authorization").unwrap(), "Bearer tok-1");
            let mut err = ErrorResponse::new(Some("expired".to_owned()));
            *err.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::UNAUTHORIZED;
            Err(err)
        })
        .await;
        assert!(refused.is_err());
        // Login 2, then the handshake with the new token succeeds.
        let (tcp, _) = listener.accept().await.unwrap();
        logins.push(answer_http(tcp, "", &login_answer(2)).await);
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        drain(&mut ws).await;
        (logins, seen)
    });

    let mut stream = login_client(&base).events_stream(quick());
    match next(&mut stream).await {
        Signal::Reconnecting { reason, .. } => assert!(reason.contains("401"), "{reason}"),
        other => panic!("expected reconnecting, got {other:?}"),
    }
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    assert!(matches!(next(&mut stream).await, Signal::Event(_)));
    drop(stream);

    let (logins, seen) = timeout(GUARD, server).await.unwrap().unwrap();
    assert_eq!(logins.len(), 2);
    assert!(
        logins
            .iter()
            .all(|l| l.starts_with("POST /api/v1/auth/token "))
    );
    assert!(logins[0].contains(r#""login":"rt-user""#), "{}", logins[0]);
    assert_eq!(seen.authorization.as_deref(), Some("Bearer tok-2"));
}

#[tokio::test]
async fn socket_io_with_a_session_sends_the_sid_cookie() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let login = answer_http(
            tcp,
            "set-cookie: sid=sess-42; Path=/; Max-Age=3600; HttpOnly\r\n",
            r#"{"sucess":true}"#,
        )
        .await;
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s1","upgrades":[],"pingInterval":1000,"pingTimeout":1000}"#,
        ))
        .await
        .unwrap();
        ws.send(Message::text(r#"42["ready"]"#)).await.unwrap();
        drain(&mut ws).await;
        (login, seen)
    });

    let mut stream = session_client(&base).socket_io(quick());
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    let Signal::Event(ready) = next(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!(ready.name, "ready");
    drop(stream);

    let (login, seen) = timeout(GUARD, server).await.unwrap().unwrap();
    assert!(login.starts_with("POST /api/v1/auth "), "{login}");
    assert_eq!(seen.cookie.as_deref(), Some("sid=sess-42"));
    assert_eq!(seen.authorization, None);
}

// ---------------------------------------------------------------------------------------------
// Hostile servers, one block per point of the hardening issue.
// ---------------------------------------------------------------------------------------------

/// Accepts one TCP connection and refuses its upgrade with `status` and `body`.
async fn refuse(listener: &TcpListener, status: u16, body: &'static str) -> Seen {
    use tokio_tungstenite::tungstenite::handshake::server::ErrorResponse;
    let (tcp, _) = listener.accept().await.unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record_to = seen.clone();
    let refused = tokio_tungstenite::accept_hdr_async(tcp, move |req: &Request, _: Response| {
        record(&record_to, req);
        let mut err = ErrorResponse::new(Some(body.to_owned()));
        *err.status_mut() =
            tokio_tungstenite::tungstenite::http::StatusCode::from_u16(status).unwrap();
        Err(err)
    })
    .await;
    assert!(refused.is_err());
    seen.lock().unwrap().clone()
}

/// Whether the client connects again within ten minutes after a refusal.
async fn tried_again(listener: &TcpListener) -> bool {
    timeout(Duration::from_secs(600), listener.accept())
        .await
        .is_ok()
}

/// Point 2: a server that accepts the WebSocket and then closes, never sends the open packet,
/// sends a bad one, or sends one and closes before any heartbeat: each is a failure, the waits
/// grow (jittered within [b/2, b]) and `max_failures` ends the stream.
#[tokio::test(start_paused = true)]
async fn unhealthy_connections_back_off_and_honour_max_failures() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut accepted = 0;
        // 1: accept, then close at once.
        let (mut ws, _) = accept(&listener).await;
        accepted += 1;
        ws.close(None).await.unwrap();
        // 2: accept, never send the open packet (held open until the client gives up).
        let (mut silent, _) = accept(&listener).await;
        accepted += 1;
        // 3: a bad open packet.
        let (mut ws, _) = accept(&listener).await;
        accepted += 1;
        ws.send(Message::text("0not json")).await.unwrap();
        drain(&mut ws).await;
        // 4: an open packet, then close before any pong or event.
        let (mut ws, _) = accept(&listener).await;
        accepted += 1;
        ws.send(Message::text(
            r#"0{"sid":"s","pingInterval":25000,"pingTimeout":60000}"#,
        ))
        .await
        .unwrap();
        ws.close(None).await.unwrap();
        drain(&mut silent).await;
        accepted
    });

    let options = RealtimeOptions {
        reconnect_initial: Duration::from_millis(100),
        reconnect_max: Duration::from_secs(1),
        max_failures: Some(3),
        handshake_timeout: Duration::from_secs(2),
        ..RealtimeOptions::default()
    };
    let mut stream = client(&base).socket_io(options);
    let mut waits = Vec::new();
    let mut reasons = Vec::new();
    let error = loop {
        match timeout(VGUARD, stream.next())
            .await
            .expect("stream stalled")
        {
            Some(Ok(Signal::Connected { .. })) => {}
            Some(Ok(Signal::Reconnecting { reason, wait })) => {
                waits.push(wait);
                reasons.push(reason);
            }
            Some(Ok(Signal::Event(e))) => panic!("unexpected event {e:?}"),
            Some(Err(e)) => break e,
            None => panic!("stream ended without an error"),
        }
    };
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().contains("4 times"), "{error}");
    assert_eq!(waits.len(), 3, "{reasons:?}");
    for (wait, bound) in waits.iter().zip([100u64, 200, 400]) {
        let bound = Duration::from_millis(bound);
        assert!(*wait >= bound / 2 && *wait <= bound, "{waits:?}");
    }
    assert!(
        reasons[1].contains("no engine.io open packet"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("0not json"), "{reasons:?}");
    assert!(timeout(VGUARD, stream.next()).await.unwrap().is_none());
    assert_eq!(timeout(VGUARD, server).await.unwrap().unwrap(), 4);
}

/// Point 3: a static token refused with 401 ends the stream with `Unauthorized` after one
/// attempt.
#[tokio::test(start_paused = true)]
async fn static_token_refused_with_401_ends_with_unauthorized() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let seen = refuse(&listener, 401, "").await;
        // Any further attempt would be accepted here and counted.
        let again = tried_again(&listener).await;
        (seen, again)
    });
    let mut stream = client(&base).events_stream(quick());
    let error = last_error(&mut stream).await;
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(error.status(), Some(401));
    let (seen, again) = timeout(VGUARD, server).await.unwrap().unwrap();
    assert_eq!(seen.authorization.as_deref(), Some("Bearer rt-token"));
    assert!(!again, "a refused static token must not be retried");
}

/// Point 3: 403 ends the stream with an `Api` error of kind `Forbidden`, with the vendor's
/// message.
#[tokio::test(start_paused = true)]
async fn handshake_refused_with_403_ends_with_forbidden() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        refuse(
            &listener,
            403,
            r#"{"success":false,"code":"403","message":"Forbidden","tags":["error_forbidden"]}"#,
        )
        .await;
        tried_again(&listener).await
    });
    let mut stream = client(&base).socket_io(quick());
    let error = last_error(&mut stream).await;
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.kind(), Some(&core_http::ApiErrorKind::Forbidden));
    assert!(error.to_string().contains("Forbidden"), "{error}");
    assert!(
        !timeout(VGUARD, server).await.unwrap().unwrap(),
        "no retry after 403"
    );
}

/// Point 3: in login mode a 401 costs one login; a second 401 in a row ends the stream.
#[tokio::test(start_paused = true)]
async fn login_mode_logs_in_once_per_refusal() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut logins = 0;
        let (tcp, _) = listener.accept().await.unwrap();
        answer_http(tcp, "", &login_answer(1)).await;
        logins += 1;
        let first = refuse(&listener, 401, "").await;
        let (tcp, _) = listener.accept().await.unwrap();
        answer_http(tcp, "", &login_answer(2)).await;
        logins += 1;
        let second = refuse(&listener, 401, "").await;
        let again = tried_again(&listener).await;
        (logins, first, second, again)
    });
    let mut stream = login_client(&base).events_stream(quick());
    assert!(matches!(
        vnext(&mut stream).await,
        Signal::Reconnecting { .. }
    ));
    let error = last_error(&mut stream).await;
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    let (logins, first, second, again) = timeout(VGUARD, server).await.unwrap().unwrap();
    assert_eq!(logins, 2);
    assert_eq!(first.authorization.as_deref(), Some("Bearer tok-1"));
    assert_eq!(second.authorization.as_deref(), Some("Bearer tok-2"));
    assert!(!again, "no third login nor upgrade");
}

/// Point 3: a login refused by the server ends the stream; the password is posted once.
#[tokio::test(start_paused = true)]
async fn refused_login_is_not_retried() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let login = answer_http_status(
            tcp,
            "401 Unauthorized",
            "",
            r#"{"success":false,"code":"401","message":"bad credentials","tags":["error_unauthorized"]}"#,
        )
        .await;
        let again = tried_again(&listener).await;
        (login, again)
    });
    let mut stream = session_client(&base).socket_io(quick());
    let error = last_error(&mut stream).await;
    assert_eq!(error.status(), Some(401), "{error:?}");
    let (login, again) = timeout(VGUARD, server).await.unwrap().unwrap();
    assert!(login.starts_with("POST /api/v1/auth "), "{login}");
    assert!(!again, "the password must not be posted again");
}

/// A socket.io server that sends `open`, answers every ping and counts them until the client
/// goes away.
async fn answering_server(listener: TcpListener, open: &'static str) -> usize {
    let (mut ws, _) = accept(&listener).await;
    ws.send(Message::text(open)).await.unwrap();
    answer_pings(&mut ws).await
}

/// Answers every ping on `ws` until the client goes away; returns how many there were.
async fn answer_pings(ws: &mut WebSocketStream<TcpStream>) -> usize {
    let mut pings = 0;
    while let Some(Ok(msg)) = ws.next().await {
        if msg == Message::text("2") {
            pings += 1;
            ws.send(Message::text("3")).await.unwrap();
        }
    }
    pings
}

/// Point 4: `pingInterval: 0` and `pingTimeout: 0` are clamped (1 s and 5 s): one ping a
/// second, and the connection stays up.
#[tokio::test(start_paused = true)]
async fn zero_heartbeat_values_are_clamped() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(answering_server(
        listener,
        r#"0{"sid":"s","pingInterval":0,"pingTimeout":0}"#,
    ));
    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    tokio::time::sleep(Duration::from_millis(30_500)).await;
    // Nothing else arrived: no reconnection.
    assert!(futures::FutureExt::now_or_never(stream.next()).is_none());
    drop(stream);
    let pings = timeout(VGUARD, server).await.unwrap().unwrap();
    assert_eq!(pings, 30, "one ping a second for 30.5 s");
}

/// Point 5: while the consumer does not read for five minutes, pings still go out on time
/// and the connection survives; then every event arrives, in order.
#[tokio::test(start_paused = true)]
async fn heartbeat_runs_while_the_consumer_is_slow() {
    const EVENTS: usize = 200;
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s","pingInterval":25000,"pingTimeout":60000}"#,
        ))
        .await
        .unwrap();
        let pad = "x".repeat(2000);
        for i in 0..EVENTS {
            ws.send(Message::text(format!(r#"42["n",{i},"{pad}"]"#)))
                .await
                .unwrap();
        }
        answer_pings(&mut ws).await
    });
    let options = RealtimeOptions {
        max_buffered_bytes: 64 * 1024,
        ..quick()
    };
    let mut stream = client(&base).socket_io(options);
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    // The consumer stalls for five minutes.
    tokio::time::sleep(Duration::from_secs(300)).await;
    assert!(
        stream.buffered_bytes() <= 64 * 1024 + 2100 + 64,
        "{} bytes buffered",
        stream.buffered_bytes()
    );
    for i in 0..EVENTS {
        match vnext(&mut stream).await {
            Signal::Event(e) => assert_eq!(e.args[0], serde_json::json!(i)),
            other => panic!("expected event {i}, got {other:?}"),
        }
    }
    drop(stream);
    let pings = timeout(VGUARD, server).await.unwrap().unwrap();
    assert!(
        pings >= 12,
        "pings every 25 s while the consumer stalled: {pings}"
    );
}

/// Point 6: the queue is bounded in bytes, not items.
#[tokio::test(start_paused = true)]
async fn buffered_bytes_are_bounded() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        let big = format!(
            r#"{{"_msgid":"m","event":"object-packet","data":"{}"}}"#,
            "x".repeat(256 * 1024)
        );
        for _ in 0..65 {
            if ws.send(Message::text(big.clone())).await.is_err() {
                break;
            }
        }
        drain(&mut ws).await;
    });
    let options = RealtimeOptions {
        max_buffered_bytes: 1 << 20,
        ..quick()
    };
    let mut stream = client(&base).events_stream(options);
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    tokio::time::sleep(Duration::from_secs(10)).await;
    let buffered = stream.buffered_bytes();
    assert!(buffered >= 1 << 20, "the queue filled up: {buffered}");
    assert!(
        buffered <= (1 << 20) + 257 * 1024,
        "at most the budget plus one message: {buffered}"
    );
    drop(stream);
    timeout(VGUARD, server).await.unwrap().unwrap();
}

/// Point 6: a message above `max_message_size` ends the connection, and a huge bad first
/// frame is cut in `Reconnecting.reason`.
#[tokio::test(start_paused = true)]
async fn oversized_messages_and_bad_frames_are_cut() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(format!("0{}", "y".repeat(100_000))))
            .await
            .unwrap();
        drain(&mut ws).await;
        let (mut ws, _) = accept(&listener).await;
        let _ = ws.send(Message::text("z".repeat(2 << 20))).await;
        drain(&mut ws).await;
    });
    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    let Signal::Reconnecting { reason, .. } = vnext(&mut stream).await else {
        panic!("expected reconnecting")
    };
    assert!(reason.len() <= 300, "{} bytes of reason", reason.len());
    assert!(reason.contains("100001 bytes"), "{reason}");
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 2 }
    );
    let Signal::Reconnecting { reason, .. } = vnext(&mut stream).await else {
        panic!("expected reconnecting")
    };
    assert!(reason.len() <= 300, "{} bytes of reason", reason.len());
    assert!(
        reason.to_lowercase().contains("message too long")
            || reason.to_lowercase().contains("size"),
        "{reason}"
    );
    drop(stream);
    timeout(VGUARD, server).await.unwrap().unwrap();
}

/// Point 7: creating a stream outside a runtime does not panic; polled outside one it yields
/// a configuration error; polled inside one it runs.
#[test]
fn streams_outside_a_runtime_do_not_panic() {
    let c = client("http://127.0.0.1:9");
    let mut outside = c.events_stream(quick());
    let first = futures::executor::block_on(outside.next());
    assert!(matches!(first, Some(Err(Error::Config(_)))), "{first:?}");
    assert!(futures::executor::block_on(outside.next()).is_none());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (listener, base) = runtime.block_on(listener());
    let mut created_outside = client(&base).socket_io(quick());
    runtime.block_on(async move {
        let server = tokio::spawn(async move {
            let (mut ws, _) = accept(&listener).await;
            ws.send(Message::text(r#"0{"sid":"s"}"#)).await.unwrap();
            drain(&mut ws).await;
        });
        assert_eq!(
            next(&mut created_outside).await,
            Signal::Connected { connection: 1 }
        );
        drop(created_outside);
        timeout(GUARD, server).await.unwrap().unwrap();
    });
}

/// Point 8: a socket.io `ERROR` packet ends the stream with a `Forbidden` error.
#[tokio::test(start_paused = true)]
async fn socket_io_error_packet_ends_with_forbidden() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(r#"0{"sid":"s"}"#)).await.unwrap();
        ws.send(Message::text(r#"44"Not authorized""#))
            .await
            .unwrap();
        drain(&mut ws).await;
        tried_again(&listener).await
    });
    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    let error = last_error(&mut stream).await;
    assert_eq!(
        error.kind(),
        Some(&core_http::ApiErrorKind::Forbidden),
        "{error:?}"
    );
    assert!(error.to_string().contains("Not authorized"), "{error}");
    assert!(
        !timeout(VGUARD, server).await.unwrap().unwrap(),
        "no reconnection"
    );
}

/// Point 8: a socket.io `DISCONNECT` packet surfaces as an error that ends the stream.
#[tokio::test(start_paused = true)]
async fn socket_io_disconnect_packet_surfaces() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(r#"0{"sid":"s"}"#)).await.unwrap();
        ws.send(Message::text(r#"42["hello"]"#)).await.unwrap();
        ws.send(Message::text("41")).await.unwrap();
        drain(&mut ws).await;
    });
    let mut stream = client(&base).socket_io(quick());
    assert_eq!(
        vnext(&mut stream).await,
        Signal::Connected { connection: 1 }
    );
    assert!(matches!(vnext(&mut stream).await, Signal::Event(_)));
    let error = last_error(&mut stream).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().contains("disconnected"), "{error}");
    timeout(VGUARD, server).await.unwrap().unwrap();
}

/// Point 9: dropping the stream sends a close frame; the server does not see a reset.
#[tokio::test]
async fn dropping_the_stream_sends_a_close_frame() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        let mut last = None;
        while let Some(frame) = ws.next().await {
            let closing = matches!(frame, Ok(Message::Close(_)));
            last = Some(frame.map_err(|e| e.to_string()));
            if closing {
                break;
            }
        }
        last
    });
    let mut stream = client(&base).events_stream(quick());
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    assert!(matches!(next(&mut stream).await, Signal::Event(_)));
    drop(stream);
    let last = timeout(GUARD, server).await.unwrap().unwrap();
    assert!(matches!(last, Some(Ok(Message::Close(_)))), "{last:?}");
}
