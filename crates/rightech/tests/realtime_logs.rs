//! Credentials never reach a log: everything logged through `log` (our dependencies) and
//! `tracing` (us and core-http) at TRACE during realtime connections in both credential
//! placements (Bearer token, `sid` cookie) is captured and searched for the secrets.
//!
//! Its own test binary: the `log` logger is process-global.
#![cfg(feature = "realtime")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::result_large_err
)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use rightech::Client;
use rightech::realtime::{RealtimeOptions, RealtimeStream, Signal};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

const GUARD: Duration = Duration::from_secs(5);
const TOKEN: &str = "tok-SECRET-bearer-5f1c";
const SID: &str = "sid-SECRET-cookie-9a7e";
const PASSWORD: &str = "pw-SECRET-login-33d0";

/// Everything logged, from both facades.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct LogCapture(Captured);

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!(
            "{} {}: {}\n",
            record.level(),
            record.target(),
            record.args()
        );
        self.0.0.lock().unwrap().extend_from_slice(line.as_bytes());
    }
    fn flush(&self) {}
}

/// Accepts one upgrade, returns the credential headers it carried.
async fn accept_ws(listener: &TcpListener, open: Option<&str>) -> (Option<String>, Option<String>) {
    let (tcp, _) = listener.accept().await.unwrap();
    let seen = Arc::new(Mutex::new((None, None)));
    let record = seen.clone();
    let mut ws = tokio_tungstenite::accept_hdr_async(tcp, move |req: &Request, resp: Response| {
        let get = |name: &str| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        *record.lock().unwrap() = (get("authorization"), get("cookie"));
        Ok(resp)
    })
    .await
    .unwrap();
    match open {
        Some(open) => {
            ws.send(Message::text(open)).await.unwrap();
            ws.send(Message::text(r#"42["ready"]"#)).await.unwrap();
        }
        None => {
            ws.send(Message::text(
                r#"{"_msgid":"m1","event":"object-online","time":1}"#,
            ))
            .await
            .unwrap();
        }
    }
    while let Some(Ok(msg)) = ws.next().await {
        if let Message::Close(_) = msg {
            break;
        }
    }
    seen.lock().unwrap().clone()
}

/// Answers the session login with the `sid` cookie.
async fn answer_login(listener: &TcpListener) {
    let (mut tcp, _): (TcpStream, _) = listener.accept().await.unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = tcp.read(&mut chunk).await.unwrap();
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if n == 0 || text.contains(PASSWORD) {
            break;
        }
    }
    let body = r#"{"sucess":true}"#;
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nset-cookie: sid={SID}; Path=/; Max-Age=3600; HttpOnly\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(response.as_bytes()).await.unwrap();
    tcp.shutdown().await.unwrap();
}

/// A loopback listener and the base URL that reaches it.
async fn bind() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// Asserts that `stream` connects and then yields an event, and drops it.
async fn connects_then_yields_an_event<T>(mut stream: RealtimeStream<T>)
where
    Signal<T>: PartialEq + std::fmt::Debug,
{
    assert_eq!(
        timeout(GUARD, stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap(),
        Signal::Connected { connection: 1 }
    );
    assert!(matches!(
        timeout(GUARD, stream.next()).await.unwrap().unwrap(),
        Ok(Signal::Event(_))
    ));
}

#[tokio::test]
async fn no_credential_reaches_log_or_tracing_at_trace() {
    let captured = Captured::default();
    log::set_logger(Box::leak(Box::new(LogCapture(captured.clone())))).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Bearer token on the events stream.
    let (listener, base) = bind().await;
    let server = tokio::spawn(async move { accept_ws(&listener, None).await });
    let client = Client::builder()
        .base_url(&base)
        .token(TOKEN)
        .build()
        .unwrap();
    connects_then_yields_an_event(client.events_stream(RealtimeOptions::default())).await;
    let (authorization, _) = timeout(GUARD, server).await.unwrap().unwrap();
    assert_eq!(authorization, Some(format!("Bearer {TOKEN}")));

    // Session cookie on socket.io.
    let (listener, base) = bind().await;
    let server = tokio::spawn(async move {
        answer_login(&listener).await;
        accept_ws(
            &listener,
            Some(r#"0{"sid":"eio","pingInterval":25000,"pingTimeout":60000}"#),
        )
        .await
    });
    let client = Client::builder()
        .base_url(&base)
        .session("rt-user", PASSWORD)
        .build()
        .unwrap();
    connects_then_yields_an_event(client.socket_io(RealtimeOptions::default())).await;
    let (_, cookie) = timeout(GUARD, server).await.unwrap().unwrap();
    assert_eq!(cookie, Some(format!("sid={SID}")));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    contract::trace::write(
        "rightech/no_credential_reaches_log_or_tracing_at_trace",
        &logs,
    );
    // The capture works: the WebSocket layer logged at TRACE.
    assert!(logs.contains("tungstenite"), "nothing captured:\n{logs}");
    for secret in [TOKEN, SID, PASSWORD] {
        assert!(!logs.contains(secret), "`{secret}` logged:\n{logs}");
    }
}
