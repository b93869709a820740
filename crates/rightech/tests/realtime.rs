//! Realtime channels against WebSocket servers started on loopback by the tests.
//!
//! Heartbeats use short intervals (tens of milliseconds), so the whole file waits well under
//! one second of wall-clock time. `timeout`s below are only guards against a hung test.
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

const GUARD: Duration = Duration::from_secs(5);

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

async fn accept(listener: &TcpListener) -> (WebSocketStream<TcpStream>, Seen) {
    let (tcp, _) = listener.accept().await.unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = seen.clone();
    let ws = tokio_tungstenite::accept_hdr_async(tcp, move |req: &Request, resp: Response| {
        let mut s = record.lock().unwrap();
        s.uri = req.uri().to_string();
        s.authorization = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        s.cookie = req
            .headers()
            .get("cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
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
        Signal::Reconnecting { wait, .. } => assert_eq!(wait, Duration::from_millis(10)),
        other => panic!("expected reconnecting, got {other:?}"),
    }
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 2 });
    assert!(matches!(next(&mut stream).await, Signal::Event(_)));
    drop(stream);
    timeout(GUARD, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn socket_io_pings_every_interval_and_yields_events() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s1","upgrades":[],"pingInterval":40,"pingTimeout":500}"#,
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
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    let Signal::Event(event) = next(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!(event.name, "object-packet");
    assert_eq!(
        event.as_event().unwrap().event,
        Some(EventKind::ObjectPacket)
    );
    // A second ping is answered too, and the connection stays up (no reconnect in between).
    let Signal::Event(done) = next(&mut stream).await else {
        panic!("expected the second event")
    };
    assert_eq!(done.name, "done");
    drop(stream);

    let (seen, pings) = timeout(GUARD, server).await.unwrap().unwrap();
    assert!(pings >= 2, "{pings} pings");
    assert_eq!(seen.uri, "/socket.io/?EIO=3&transport=websocket");
    assert_eq!(seen.authorization.as_deref(), Some("Bearer rt-token"));
}

#[tokio::test]
async fn missed_pong_triggers_reconnect() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        // First connection: never answers pings.
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s1","upgrades":[],"pingInterval":20,"pingTimeout":60}"#,
        ))
        .await
        .unwrap();
        let unanswered = drain(&mut ws).await;
        // Second connection: a healthy one.
        let (mut ws, _) = accept(&listener).await;
        ws.send(Message::text(
            r#"0{"sid":"s2","upgrades":[],"pingInterval":1000,"pingTimeout":1000}"#,
        ))
        .await
        .unwrap();
        ws.send(Message::text(r#"42["hello",1]"#)).await.unwrap();
        drain(&mut ws).await;
        unanswered
    });

    let mut stream = client(&base).socket_io(quick());
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 1 });
    match next(&mut stream).await {
        Signal::Reconnecting { reason, .. } => assert!(reason.contains("no pong"), "{reason}"),
        other => panic!("expected reconnecting, got {other:?}"),
    }
    assert_eq!(next(&mut stream).await, Signal::Connected { connection: 2 });
    let Signal::Event(hello) = next(&mut stream).await else {
        panic!("expected an event")
    };
    assert_eq!((hello.name.as_str(), hello.args.len()), ("hello", 1));
    drop(stream);

    let unanswered = timeout(GUARD, server).await.unwrap().unwrap();
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

/// Answers one plain HTTP request on `tcp` (the login call) and closes the connection.
async fn answer_http(mut tcp: TcpStream, extra_headers: &str, body: &str) -> String {
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
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{extra_headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
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
    let token = |n: u32| {
        format!(
            r#"{{"sucess":true,"type":"access","token":"tok-{n}","issuedAt":1,"expiresAt":4102444800000}}"#
        )
    };
    let server = tokio::spawn(async move {
        let mut logins = Vec::new();
        // Login 1, then a WebSocket handshake refused with 401.
        let (tcp, _) = listener.accept().await.unwrap();
        logins.push(answer_http(tcp, "", &token(1)).await);
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
        logins.push(answer_http(tcp, "", &token(2)).await);
        let (mut ws, seen) = accept(&listener).await;
        ws.send(Message::text(EVENT)).await.unwrap();
        drain(&mut ws).await;
        (logins, seen)
    });

    let client = Client::builder()
        .base_url(&base)
        .login_token("rt-user", "rt-password")
        .build()
        .unwrap();
    let mut stream = client.events_stream(quick());
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

    let client = Client::builder()
        .base_url(&base)
        .session("rt-user", "rt-password")
        .build()
        .unwrap();
    let mut stream = client.socket_io(quick());
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
