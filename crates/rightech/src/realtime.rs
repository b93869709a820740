//! Realtime channels (reference §10), behind the `realtime` feature.
//!
//! - [`Client::events_stream`]: the newer `wss://<host>/events/stream`, authenticated with
//!   `Authorization: Bearer` (or the session cookie), one event JSON per message.
//! - [`Client::socket_io`]: the older socket.io channel, engine.io protocol **v3**
//!   (`/socket.io/?EIO=3&transport=websocket`). The server's open packet
//!   (`0{"pingInterval":..,"pingTimeout":..}`) sets the heartbeat: the **client** sends `2`
//!   every `pingInterval` and expects `3` within `pingTimeout`, otherwise the connection counts
//!   as lost.
//!
//! Both run in a background task and come back as a [`RealtimeStream`] of [`Signal`]s: a
//! [`Signal::Connected`] after each (re)connection, the typed events, and a
//! [`Signal::Reconnecting`] with the reason whenever the connection is lost. Reconnection
//! uses capped exponential backoff ([`RealtimeOptions`]); after a handshake refused with 401
//! the client's login modes log in again first. Dropping the stream closes the connection.
//!
//! ```no_run
//! use futures::StreamExt;
//! use rightech::realtime::{RealtimeOptions, Signal};
//!
//! # async fn run() -> rightech::Result<()> {
//! let client = rightech::Client::builder().token("my-api-token").build()?;
//! let mut events = client.events_stream(RealtimeOptions::default());
//! while let Some(item) = events.next().await {
//!     match item? {
//!         Signal::Event(event) => println!("{:?} from {:?}", event.event, event.object),
//!         Signal::Connected { .. } | Signal::Reconnecting { .. } => {}
//!     }
//! }
//! # Ok(()) }
//! ```

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use core_http::{Error, Result};
use futures::future::BoxFuture;
use futures::{SinkExt, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::{self, Message};

use crate::client::Client;
use crate::events::Event;

/// Path of the newer event stream (reference §10.2).
pub const EVENTS_STREAM_PATH: &str = "/events/stream";
/// Path and query of the socket.io channel, engine.io v3 over WebSocket (reference §10.1).
pub const SOCKET_IO_PATH: &str = "/socket.io/?EIO=3&transport=websocket";
/// `pingInterval` when the open packet has none (reference §10.1: 25 s).
pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_millis(25_000);
/// `pingTimeout` when the open packet has none (reference §10.1: 60 s).
pub const DEFAULT_PING_TIMEOUT: Duration = Duration::from_millis(60_000);

/// Reconnection and buffering settings of a realtime stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RealtimeOptions {
    /// Wait before the first reconnection attempt (doubled on each further failure).
    pub reconnect_initial: Duration,
    /// Longest wait between attempts.
    pub reconnect_max: Duration,
    /// Consecutive failed connections tolerated before the stream ends with an error
    /// (`None`: retry forever).
    pub max_failures: Option<u32>,
    /// Time allowed for the WebSocket handshake and, for socket.io, the open packet.
    pub handshake_timeout: Duration,
    /// Items buffered between the connection task and the consumer.
    pub buffer: usize,
}

impl Default for RealtimeOptions {
    fn default() -> Self {
        RealtimeOptions {
            reconnect_initial: Duration::from_millis(500),
            reconnect_max: Duration::from_secs(30),
            max_failures: None,
            handshake_timeout: Duration::from_secs(10),
            buffer: 64,
        }
    }
}

impl RealtimeOptions {
    /// Wait before reconnection attempt `failures` (1-based).
    pub fn backoff(&self, failures: u32) -> Duration {
        let exp = failures.saturating_sub(1).min(20);
        self.reconnect_initial
            .saturating_mul(1u32 << exp)
            .min(self.reconnect_max)
    }
}

/// One item of a realtime stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Signal<T> {
    /// A connection is up (`connection` counts from 1).
    Connected {
        /// Which connection this is.
        connection: u32,
    },
    /// An event.
    Event(T),
    /// The connection was lost; a new one follows after `wait`.
    Reconnecting {
        /// Why the connection was lost.
        reason: String,
        /// Backoff before the next attempt.
        wait: Duration,
    },
}

/// An event of the socket.io channel: `42["<name>", args...]`. Event names and payloads on
/// this socket are not documented (reference §10.1), so the arguments stay JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocketIoEvent {
    /// The namespace (`/` when none was given).
    pub namespace: String,
    /// The event name.
    pub name: String,
    /// The arguments after the name.
    pub args: Vec<Value>,
}

impl SocketIoEvent {
    /// The first argument read as an [`Event`], when it has that shape.
    pub fn as_event(&self) -> Option<Event> {
        let first = self.args.first()?;
        first.as_object()?;
        serde_json::from_value(first.clone()).ok()
    }
}

/// A stream of realtime [`Signal`]s, fed by a background task that owns the connection.
/// Dropping it stops the task.
pub struct RealtimeStream<T> {
    rx: mpsc::Receiver<Result<Signal<T>>>,
    task: JoinHandle<()>,
}

impl<T> std::fmt::Debug for RealtimeStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealtimeStream").finish_non_exhaustive()
    }
}

impl<T> Stream for RealtimeStream<T> {
    type Item = Result<Signal<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

impl<T> Drop for RealtimeStream<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Client {
    /// The newer event stream, `wss://<host>/events/stream`, as typed [`Event`]s,
    /// authenticated with the client's credentials (`Authorization: Bearer` for the token
    /// modes). A message that is not an event JSON is yielded as an error item; the stream
    /// goes on.
    pub fn events_stream(&self, options: RealtimeOptions) -> RealtimeStream<Event> {
        spawn(
            self.clone(),
            options,
            Channel::Events,
            |socket, _options, tx| Box::pin(async move { serve_events(socket, &tx).await }),
        )
    }

    /// The socket.io (engine.io v3) channel, as [`SocketIoEvent`]s. The reference describes
    /// it as cookie-authenticated: build the client with [`crate::ClientBuilder::session`]
    /// (other modes send their `Authorization` header instead).
    pub fn socket_io(&self, options: RealtimeOptions) -> RealtimeStream<SocketIoEvent> {
        spawn(
            self.clone(),
            options,
            Channel::SocketIo,
            |socket, options, tx| {
                Box::pin(async move { serve_socket_io(socket, &options, &tx).await })
            },
        )
    }

    /// The WebSocket URL of `path` on this client's host (`https` → `wss`, `http` → `ws`).
    pub fn websocket_url(&self, path: &str) -> Result<String> {
        let base = self.base_url().trim_end_matches('/');
        let rest = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            return Err(Error::Config(format!(
                "cannot derive a WebSocket URL from `{base}`"
            )));
        };
        Ok(format!("{rest}{path}"))
    }
}

#[derive(Clone, Copy, Debug)]
enum Channel {
    Events,
    SocketIo,
}

/// Serves one established connection until it ends.
type Serve<T> = fn(Socket, RealtimeOptions, Tx<T>) -> BoxFuture<'static, Ended>;

type Tx<T> = mpsc::Sender<Result<Signal<T>>>;
type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Why a connection ended.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// The consumer dropped the stream.
    Consumer,
    /// The connection failed before it was up (counts as a failure).
    Failed(String),
    /// An established connection was lost.
    Lost(String),
}

fn spawn<T: Send + 'static>(
    client: Client,
    options: RealtimeOptions,
    channel: Channel,
    serve: Serve<T>,
) -> RealtimeStream<T> {
    let (tx, rx) = mpsc::channel(options.buffer.max(1));
    let task = tokio::spawn(run(client, options, channel, serve, tx));
    RealtimeStream { rx, task }
}

async fn run<T: Send + 'static>(
    client: Client,
    options: RealtimeOptions,
    channel: Channel,
    serve: Serve<T>,
    tx: Tx<T>,
) {
    let mut connection = 0u32;
    let mut failures = 0u32;
    loop {
        let ended = match connect(&client, &options, channel).await {
            Ok(socket) => {
                connection += 1;
                failures = 0;
                if tx.send(Ok(Signal::Connected { connection })).await.is_err() {
                    return;
                }
                serve(socket, options.clone(), tx.clone()).await
            }
            Err(ConnectError::Unauthorized(reason)) => {
                if let Err(e) = client.renew_auth().await {
                    let _ = tx.send(Err(e)).await;
                    return;
                }
                Ended::Failed(reason)
            }
            Err(ConnectError::Other(reason)) => Ended::Failed(reason),
        };
        let reason = match ended {
            Ended::Consumer => return,
            Ended::Lost(reason) => reason,
            Ended::Failed(reason) => {
                failures += 1;
                if options.max_failures.is_some_and(|max| failures > max) {
                    let _ = tx
                        .send(Err(Error::Transport {
                            message: format!(
                                "realtime connection failed {failures} times: {reason}"
                            ),
                            sent: true,
                        }))
                        .await;
                    return;
                }
                reason
            }
        };
        let wait = options.backoff(failures.max(1));
        tracing::warn!(%reason, wait_ms = wait.as_millis() as u64, "realtime connection lost; reconnecting");
        if tx
            .send(Ok(Signal::Reconnecting { reason, wait }))
            .await
            .is_err()
        {
            return;
        }
        sleep(wait).await;
    }
}

enum ConnectError {
    Unauthorized(String),
    Other(String),
}

async fn connect(
    client: &Client,
    options: &RealtimeOptions,
    channel: Channel,
) -> Result<Socket, ConnectError> {
    let path = match channel {
        Channel::Events => EVENTS_STREAM_PATH,
        Channel::SocketIo => SOCKET_IO_PATH,
    };
    let url = client
        .websocket_url(path)
        .map_err(|e| ConnectError::Other(e.to_string()))?;
    let headers = client
        .auth_headers()
        .await
        .map_err(|e| ConnectError::Other(e.to_string()))?;
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| ConnectError::Other(format!("bad WebSocket request: {e}")))?;
    for (name, value) in &headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            request.headers_mut().insert(n, v);
        }
    }
    match timeout(
        options.handshake_timeout,
        tokio_tungstenite::connect_async(request),
    )
    .await
    {
        Err(_) => Err(ConnectError::Other(
            "WebSocket handshake timed out".to_owned(),
        )),
        Ok(Ok((socket, _response))) => Ok(socket),
        Ok(Err(tungstenite::Error::Http(response))) if response.status().as_u16() == 401 => Err(
            ConnectError::Unauthorized("WebSocket handshake refused with 401".to_owned()),
        ),
        Ok(Err(e)) => Err(ConnectError::Other(
            client
                .http()
                .redact(&format!("WebSocket connection failed: {e}")),
        )),
    }
}

async fn serve_events(mut socket: Socket, tx: &Tx<Event>) -> Ended {
    loop {
        tokio::select! {
            () = tx.closed() => return Ended::Consumer,
            frame = socket.next() => {
                let text = match frame {
                    None => return Ended::Lost("server closed the stream".to_owned()),
                    Some(Err(e)) => return Ended::Lost(format!("read failed: {e}")),
                    Some(Ok(Message::Close(_))) => return Ended::Lost("server closed the stream".to_owned()),
                    Some(Ok(Message::Text(text))) => text.as_str().to_owned(),
                    Some(Ok(Message::Binary(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
                    Some(Ok(_)) => continue,
                };
                let item = core_http::decode_json::<Event>(text.as_bytes(), &[]).map(Signal::Event);
                if tx.send(item).await.is_err() {
                    return Ended::Consumer;
                }
            }
        }
    }
}

/// The heartbeat parameters of an engine.io open packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenPacket {
    /// `sid`.
    pub sid: Option<String>,
    /// `pingInterval`.
    pub ping_interval: Duration,
    /// `pingTimeout`.
    pub ping_timeout: Duration,
}

/// An engine.io v3 packet, as far as this client uses them.
#[derive(Clone, Debug, PartialEq)]
pub enum EnginePacket {
    /// `0{json}`: open.
    Open(OpenPacket),
    /// `1`: close.
    Close,
    /// `2`: ping.
    Ping,
    /// `3`: pong.
    Pong,
    /// `4<socket.io packet>`: message.
    Message(String),
    /// Anything else (upgrade, noop, unknown).
    Other(String),
}

impl EnginePacket {
    /// Parses one text frame.
    pub fn parse(frame: &str) -> Self {
        let mut chars = frame.chars();
        let kind = chars.next();
        let rest = chars.as_str();
        match kind {
            Some('0') => {
                let json: Value = serde_json::from_str(rest).unwrap_or(Value::Null);
                let ms = |key: &str, default: Duration| {
                    json.get(key)
                        .and_then(Value::as_u64)
                        .map(Duration::from_millis)
                        .unwrap_or(default)
                };
                EnginePacket::Open(OpenPacket {
                    sid: json.get("sid").and_then(Value::as_str).map(str::to_owned),
                    ping_interval: ms("pingInterval", DEFAULT_PING_INTERVAL),
                    ping_timeout: ms("pingTimeout", DEFAULT_PING_TIMEOUT),
                })
            }
            Some('1') => EnginePacket::Close,
            Some('2') => EnginePacket::Ping,
            Some('3') => EnginePacket::Pong,
            Some('4') => EnginePacket::Message(rest.to_owned()),
            _ => EnginePacket::Other(frame.to_owned()),
        }
    }
}

/// Parses a socket.io packet (the text after engine.io's `4`). Returns the event for type
/// `2` (EVENT), `None` for connect, disconnect, acks and anything unreadable.
pub fn parse_socket_io_event(packet: &str) -> Option<SocketIoEvent> {
    let rest = packet.strip_prefix('2')?;
    let (namespace, rest) = match rest.strip_prefix('/') {
        Some(after) => {
            let (ns, tail) = after.split_once(',')?;
            (format!("/{ns}"), tail)
        }
        None => ("/".to_owned(), rest),
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Value::Array(items) = serde_json::from_str::<Value>(rest).ok()? else {
        return None;
    };
    let mut items = items.into_iter();
    let name = match items.next()? {
        Value::String(name) => name,
        _ => return None,
    };
    Some(SocketIoEvent {
        namespace,
        name,
        args: items.collect(),
    })
}

async fn serve_socket_io<S>(
    mut socket: S,
    options: &RealtimeOptions,
    tx: &Tx<SocketIoEvent>,
) -> Ended
where
    S: Stream<Item = std::result::Result<Message, tungstenite::Error>>
        + futures::Sink<Message, Error = tungstenite::Error>
        + Unpin,
{
    // The first frame must be the open packet with the heartbeat parameters.
    let open = match timeout(options.handshake_timeout, next_text(&mut socket)).await {
        Err(_) => return Ended::Lost("no engine.io open packet".to_owned()),
        Ok(Err(reason)) => return Ended::Lost(reason),
        Ok(Ok(text)) => match EnginePacket::parse(&text) {
            EnginePacket::Open(open) => open,
            other => return Ended::Lost(format!("expected an open packet, got {other:?}")),
        },
    };
    tracing::debug!(
        ping_interval_ms = open.ping_interval.as_millis() as u64,
        ping_timeout_ms = open.ping_timeout.as_millis() as u64,
        "engine.io open"
    );
    let mut next_ping = Instant::now() + open.ping_interval;
    let mut pong_due: Option<Instant> = None;
    loop {
        let deadline = match pong_due {
            Some(due) => due.min(next_ping),
            None => next_ping,
        };
        tokio::select! {
            () = tx.closed() => return Ended::Consumer,
            () = sleep_until(deadline) => {
                let now = Instant::now();
                if pong_due.is_some_and(|due| now >= due) {
                    let _ = SinkExt::close(&mut socket).await;
                    return Ended::Lost(format!(
                        "no pong within pingTimeout ({} ms)",
                        open.ping_timeout.as_millis()
                    ));
                }
                if now >= next_ping {
                    if let Err(e) = socket.send(Message::text("2")).await {
                        return Ended::Lost(format!("ping failed: {e}"));
                    }
                    next_ping = now + open.ping_interval;
                    if pong_due.is_none() {
                        pong_due = Some(now + open.ping_timeout);
                    }
                }
            }
            text = next_text(&mut socket) => {
                let text = match text {
                    Ok(text) => text,
                    Err(reason) => return Ended::Lost(reason),
                };
                match EnginePacket::parse(&text) {
                    EnginePacket::Pong => pong_due = None,
                    EnginePacket::Ping => {
                        // Not expected in v3, but answering costs nothing.
                        if let Err(e) = socket.send(Message::text("3")).await {
                            return Ended::Lost(format!("pong failed: {e}"));
                        }
                    }
                    EnginePacket::Close => return Ended::Lost("server sent engine.io close".to_owned()),
                    EnginePacket::Message(packet) => {
                        if let Some(event) = parse_socket_io_event(&packet)
                            && tx.send(Ok(Signal::Event(event))).await.is_err()
                        {
                            return Ended::Consumer;
                        }
                    }
                    EnginePacket::Open(_) | EnginePacket::Other(_) => {}
                }
            }
        }
    }
}

/// The next text frame (WebSocket pings are answered by tungstenite itself).
async fn next_text<S>(socket: &mut S) -> std::result::Result<String, String>
where
    S: Stream<Item = std::result::Result<Message, tungstenite::Error>> + Unpin,
{
    loop {
        match socket.next().await {
            None | Some(Ok(Message::Close(_))) => return Err("server closed the socket".to_owned()),
            Some(Err(e)) => return Err(format!("read failed: {e}")),
            Some(Ok(Message::Text(text))) => return Ok(text.as_str().to_owned()),
            Some(Ok(Message::Binary(bytes))) => {
                return Ok(String::from_utf8_lossy(&bytes).into_owned());
            }
            Some(Ok(_)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_io_packets() {
        assert_eq!(
            EnginePacket::parse(
                r#"0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#
            ),
            EnginePacket::Open(OpenPacket {
                sid: Some("abc".into()),
                ping_interval: Duration::from_secs(25),
                ping_timeout: Duration::from_secs(60),
            })
        );
        assert_eq!(
            EnginePacket::parse("0{}"),
            EnginePacket::Open(OpenPacket {
                sid: None,
                ping_interval: DEFAULT_PING_INTERVAL,
                ping_timeout: DEFAULT_PING_TIMEOUT,
            })
        );
        assert_eq!(EnginePacket::parse("3"), EnginePacket::Pong);
        assert_eq!(EnginePacket::parse("40"), EnginePacket::Message("0".into()));
        assert_eq!(EnginePacket::parse("6"), EnginePacket::Other("6".into()));
    }

    #[test]
    fn socket_io_events() {
        let e = parse_socket_io_event(r#"2["object-packet",{"_oid":"64b000000000000000000001","event":"object-packet","time":1}]"#).unwrap();
        assert_eq!(e.namespace, "/");
        assert_eq!(e.name, "object-packet");
        assert_eq!(e.as_event().unwrap().time.unwrap().as_millisecond(), 1);
        let e = parse_socket_io_event(r#"2/ric,12["x",1,2]"#).unwrap();
        assert_eq!(
            (e.namespace.as_str(), e.name.as_str(), e.args.len()),
            ("/ric", "x", 2)
        );
        assert!(parse_socket_io_event("0").is_none());
        assert!(parse_socket_io_event("2[1]").is_none());
        assert!(parse_socket_io_event("2nonsense").is_none());
    }

    /// An in-memory WebSocket: what the "server" pushes, and what the client sent.
    struct FakeSocket {
        incoming: mpsc::UnboundedReceiver<std::result::Result<Message, tungstenite::Error>>,
        sent: mpsc::UnboundedSender<Message>,
    }

    impl Stream for FakeSocket {
        type Item = std::result::Result<Message, tungstenite::Error>;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.incoming.poll_recv(cx)
        }
    }

    impl futures::Sink<Message> for FakeSocket {
        type Error = tungstenite::Error;
        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }
        fn start_send(self: Pin<&mut Self>, item: Message) -> Result<(), Self::Error> {
            self.sent
                .send(item)
                .map_err(|_| tungstenite::Error::ConnectionClosed)
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }
        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }
    }

    type ServerEnd = (
        mpsc::UnboundedSender<std::result::Result<Message, tungstenite::Error>>,
        mpsc::UnboundedReceiver<Message>,
    );

    fn fake() -> (FakeSocket, ServerEnd) {
        let (to_client, incoming) = mpsc::unbounded_channel();
        let (sent, from_client) = mpsc::unbounded_channel();
        (FakeSocket { incoming, sent }, (to_client, from_client))
    }

    const DOC_OPEN: &str = r#"0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#;

    /// The documented heartbeat, in virtual time: a ping every 25 s, and the connection is
    /// lost 60 s after the first unanswered ping.
    #[tokio::test(start_paused = true)]
    async fn heartbeat_without_pong_is_lost_after_ping_timeout() {
        let (socket, (to_client, mut from_client)) = fake();
        to_client.send(Ok(Message::text(DOC_OPEN))).unwrap();
        let (tx, _rx) = mpsc::channel(8);
        let started = Instant::now();
        let ended = serve_socket_io(socket, &RealtimeOptions::default(), &tx).await;
        assert_eq!(
            ended,
            Ended::Lost("no pong within pingTimeout (60000 ms)".to_owned())
        );
        assert_eq!(started.elapsed(), Duration::from_secs(85));
        let mut pings = 0;
        while let Ok(msg) = from_client.try_recv() {
            assert_eq!(msg, Message::text("2"));
            pings += 1;
        }
        assert_eq!(pings, 3, "pings at 25 s, 50 s and 75 s");
    }

    #[tokio::test(start_paused = true)]
    async fn answered_heartbeat_keeps_the_connection() {
        let (socket, (to_client, mut from_client)) = fake();
        to_client.send(Ok(Message::text(DOC_OPEN))).unwrap();
        let pings = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counted = pings.clone();
        let responder = tokio::spawn(async move {
            while let Some(msg) = from_client.recv().await {
                if msg == Message::text("2") {
                    counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let _ = to_client.send(Ok(Message::text("3")));
                }
            }
        });
        let (tx, rx) = mpsc::channel(8);
        let client =
            tokio::spawn(
                async move { serve_socket_io(socket, &RealtimeOptions::default(), &tx).await },
            );
        sleep(Duration::from_secs(10 * 60) + Duration::from_millis(1)).await;
        assert!(!client.is_finished(), "connection must stay up");
        assert_eq!(pings.load(std::sync::atomic::Ordering::SeqCst), 24);
        drop(rx);
        assert_eq!(client.await.unwrap(), Ended::Consumer);
        responder.abort();
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let o = RealtimeOptions {
            reconnect_initial: Duration::from_millis(100),
            reconnect_max: Duration::from_millis(500),
            ..RealtimeOptions::default()
        };
        let waits: Vec<u128> = (1..=5).map(|n| o.backoff(n).as_millis()).collect();
        assert_eq!(waits, vec![100, 200, 400, 500, 500]);
    }

    #[test]
    fn websocket_urls() {
        let c = Client::builder().build().unwrap();
        assert_eq!(
            c.websocket_url(EVENTS_STREAM_PATH).unwrap(),
            "wss://dev.rightech.io/events/stream"
        );
        let c = Client::builder()
            .base_url("http://127.0.0.1:9000")
            .build()
            .unwrap();
        assert_eq!(
            c.websocket_url(SOCKET_IO_PATH).unwrap(),
            "ws://127.0.0.1:9000/socket.io/?EIO=3&transport=websocket"
        );
    }
}
