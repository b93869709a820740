//! The background task that owns a connection: connect, serve, reconnect.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use core_http::{ApiError, Error, Result};
use futures::future::BoxFuture;
use futures::{SinkExt, Stream, StreamExt};
use tokio::sync::{Notify, mpsc};
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::{self, Message};

use super::backoff::{jittered, later};
use super::engine_io::{EnginePacket, SocketIoPacket};
use super::handshake::{ConnectError, Socket, connect, http_client};
use super::text::{REASON_MAX, cut};
use super::{RealtimeOptions, Signal, SocketIoEvent};
use crate::client::{AuthMode, Client};
use crate::events::Event;

/// What each queued item costs besides its payload, so that many tiny items are bounded too.
pub(super) const ITEM_OVERHEAD: usize = 64;

/// Safety net on a whole reason (our words around at most [`REASON_MAX`] bytes of server
/// text, already cut where it was quoted).
const REASON_LIMIT: usize = 2 * REASON_MAX;

/// How long a dropped stream waits for the close handshake before giving up.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Bytes queued between the task and the consumer, shared by both ends.
#[derive(Debug)]
pub(super) struct Budget {
    /// Bytes queued right now.
    pub(super) bytes: AtomicUsize,
    /// Signalled by the consumer whenever it takes an item.
    pub(super) freed: Notify,
    /// The limit above which the task stops reading from the socket.
    max: usize,
}

pub(super) type Item<T> = (Result<Signal<T>>, usize);

/// The task's end of the queue: sending never waits (the budget is checked before reading
/// from the socket instead), so the heartbeat never depends on the consumer.
pub(super) struct Outbox<T> {
    tx: mpsc::UnboundedSender<Item<T>>,
    budget: Arc<Budget>,
}

impl<T> Clone for Outbox<T> {
    fn clone(&self) -> Self {
        Outbox {
            tx: self.tx.clone(),
            budget: self.budget.clone(),
        }
    }
}

/// A queue whose buffered bytes are bounded by `max` (plus one message).
pub(super) fn outbox<T>(max: usize) -> (Outbox<T>, mpsc::UnboundedReceiver<Item<T>>, Arc<Budget>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let budget = Arc::new(Budget {
        bytes: AtomicUsize::new(0),
        freed: Notify::new(),
        max: max.max(1),
    });
    (
        Outbox {
            tx,
            budget: budget.clone(),
        },
        rx,
        budget,
    )
}

impl<T> Outbox<T> {
    /// Queues an item that costs `payload` bytes; `false` when the consumer is gone.
    fn push(&self, item: Result<Signal<T>>, payload: usize) -> bool {
        let cost = payload.saturating_add(ITEM_OVERHEAD);
        self.budget.bytes.fetch_add(cost, Ordering::SeqCst);
        if self.tx.send((item, cost)).is_err() {
            self.budget.bytes.fetch_sub(cost, Ordering::SeqCst);
            return false;
        }
        true
    }

    /// Whether there is room to read another message.
    fn has_room(&self) -> bool {
        self.budget.bytes.load(Ordering::SeqCst) < self.budget.max
    }

    /// Resolves when the consumer dropped the stream.
    async fn closed(&self) {
        self.tx.closed().await;
    }

    /// Resolves when there is room again (or the consumer is gone).
    async fn room(&self) {
        loop {
            if self.has_room() || self.tx.is_closed() {
                return;
            }
            tokio::select! {
                () = self.budget.freed.notified() => {}
                () = self.tx.closed() => return,
            }
        }
    }
}

/// Which channel a task serves.
#[derive(Clone, Copy, Debug)]
pub(super) enum Channel {
    Events,
    SocketIo,
}

/// Serves one established connection until it ends.
pub(super) type Serve<T> = fn(Socket, RealtimeOptions, Outbox<T>) -> BoxFuture<'static, Ended>;

/// Why a connection ended.
#[derive(Debug)]
pub(super) enum Ended {
    /// The consumer dropped the stream.
    Consumer,
    /// The connection ended before it was healthy (counts as a failure).
    Failed(String),
    /// A healthy connection was lost.
    Lost(String),
    /// The server ended the session in a way reconnecting cannot fix.
    Fatal(Error),
}

impl PartialEq for Ended {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ended::Consumer, Ended::Consumer) => true,
            (Ended::Failed(a), Ended::Failed(b)) | (Ended::Lost(a), Ended::Lost(b)) => a == b,
            (Ended::Fatal(a), Ended::Fatal(b)) => a.to_string() == b.to_string(),
            _ => false,
        }
    }
}

/// A connection's progress towards healthy: lost before it, the end counts as a failure.
struct Health(bool);

impl Health {
    fn ended(&self, reason: String) -> Ended {
        if self.0 {
            Ended::Lost(reason)
        } else {
            Ended::Failed(reason)
        }
    }
}

/// Whether an error of a login call may go away by itself (network, server trouble), as
/// opposed to refused credentials, which must not be posted again and again.
fn retryable(error: &Error) -> bool {
    match error {
        Error::Transport { .. } | Error::Timeout | Error::RateLimited { .. } => true,
        Error::RetriesExhausted { last, .. } => retryable(last),
        Error::Api(api) => api.status >= 500 || api.status == 408,
        _ => false,
    }
}

/// The connection loop of one stream.
pub(super) async fn run<T: Send + 'static>(
    client: Client,
    options: RealtimeOptions,
    channel: Channel,
    serve: Serve<T>,
    out: Outbox<T>,
) {
    let http = match http_client() {
        Ok(http) => http,
        Err(e) => {
            out.push(Err(e), 0);
            return;
        }
    };
    let path = match channel {
        Channel::Events => super::EVENTS_STREAM_PATH,
        Channel::SocketIo => super::SOCKET_IO_PATH,
    };
    let login_mode = matches!(client.auth_mode(), AuthMode::LoginToken | AuthMode::Session);
    let mut connection = 0u32;
    let mut failures = 0u32;
    // Set after logging in again because of a 401, cleared by the next accepted handshake:
    // one login per refusal.
    let mut renewed = false;
    loop {
        let attempt = tokio::select! {
            () = out.closed() => return,
            attempt = connect(&client, &http, &options, path) => attempt,
        };
        let ended = match attempt {
            Ok(socket) => {
                renewed = false;
                connection = connection.saturating_add(1);
                if !out.push(Ok(Signal::Connected { connection }), 0) {
                    return;
                }
                serve(socket, options.clone(), out.clone()).await
            }
            Err(ConnectError::Refused(api)) if api.status == 401 && login_mode && !renewed => {
                renewed = true;
                let renewal = tokio::select! {
                    () = out.closed() => return,
                    renewal = client.renew_auth() => renewal,
                };
                match renewal {
                    Ok(_) => Ended::Failed(
                        "WebSocket handshake refused with 401; logged in again".to_owned(),
                    ),
                    Err(e) if retryable(&e) => {
                        Ended::Failed(client.http().redact(&format!("login failed: {e}")))
                    }
                    Err(e) => {
                        out.push(Err(e), 0);
                        return;
                    }
                }
            }
            Err(ConnectError::Refused(api)) => {
                out.push(Err(refused(*api)), 0);
                return;
            }
            Err(ConnectError::Auth(e)) if retryable(&e) => {
                Ended::Failed(client.http().redact(&format!("login failed: {e}")))
            }
            Err(ConnectError::Auth(e)) => {
                out.push(Err(e), 0);
                return;
            }
            Err(ConnectError::Other(reason)) => Ended::Failed(reason),
        };
        let reason = match ended {
            Ended::Consumer => return,
            Ended::Fatal(e) => {
                out.push(Err(e), 0);
                return;
            }
            Ended::Lost(reason) => {
                failures = 0;
                reason
            }
            Ended::Failed(reason) => {
                failures = failures.saturating_add(1);
                if options.max_failures.is_some_and(|max| failures > max) {
                    out.push(
                        Err(Error::Transport {
                            message: format!(
                                "realtime connection failed {failures} times in a row: {}",
                                cut(&reason, REASON_LIMIT)
                            ),
                            sent: true,
                            source: None,
                        }),
                        0,
                    );
                    return;
                }
                reason
            }
        };
        let reason = cut(&reason, REASON_LIMIT);
        let wait = jittered(options.backoff(failures.max(1)));
        tracing::warn!(%reason, wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX), "realtime connection lost; reconnecting");
        if !out.push(Ok(Signal::Reconnecting { reason, wait }), 0) {
            return;
        }
        tokio::select! {
            () = out.closed() => return,
            () = sleep(wait) => {}
        }
    }
}

/// The typed error of a refused upgrade: [`Error::Unauthorized`] for 401, an
/// [`Error::Api`] of kind `Forbidden` for 403.
fn refused(api: ApiError) -> Error {
    if api.status == 401 {
        Error::Unauthorized(Box::new(api))
    } else {
        Error::Api(Box::new(api))
    }
}

/// Sends a close frame (bounded by [`CLOSE_GRACE`]) when the consumer went away.
async fn close<S>(socket: &mut S) -> Ended
where
    S: futures::Sink<Message, Error = tungstenite::Error> + Unpin,
{
    let _ = timeout(CLOSE_GRACE, SinkExt::close(socket)).await;
    Ended::Consumer
}

/// The events stream: one event JSON per message; healthy after the first message.
pub(super) async fn serve_events<S>(mut socket: S, out: Outbox<Event>) -> Ended
where
    S: Stream<Item = std::result::Result<Message, tungstenite::Error>>
        + futures::Sink<Message, Error = tungstenite::Error>
        + Unpin,
{
    let mut health = Health(false);
    loop {
        let room = out.has_room();
        tokio::select! {
            () = out.closed() => return close(&mut socket).await,
            () = out.room(), if !room => {}
            text = next_text(&mut socket), if room => {
                let text = match text {
                    Ok(text) => text,
                    Err(reason) => return health.ended(reason),
                };
                health.0 = true;
                let item = core_http::decode_json::<Event>(text.as_bytes(), &[]).map(Signal::Event);
                if !out.push(item, text.len()) {
                    return close(&mut socket).await;
                }
            }
        }
    }
}

/// The socket.io channel: the open packet first, then the client's heartbeat; healthy after
/// the open packet and a first pong or event.
///
/// The heartbeat runs on its own timers whatever the consumer does: events go to the
/// byte-bounded queue without waiting, and while the queue is full the task stops reading
/// (TCP pushes back on the server) but keeps pinging. A pong cannot be seen while reading is
/// paused, so the pong deadline runs only while reading: it restarts with the full
/// `pingTimeout` when reading resumes.
pub(super) async fn serve_socket_io<S>(
    mut socket: S,
    options: &RealtimeOptions,
    out: Outbox<SocketIoEvent>,
) -> Ended
where
    S: Stream<Item = std::result::Result<Message, tungstenite::Error>>
        + futures::Sink<Message, Error = tungstenite::Error>
        + Unpin,
{
    let mut health = Health(false);
    // The first frame must be the open packet with the heartbeat parameters.
    let open = tokio::select! {
        () = out.closed() => return close(&mut socket).await,
        first = timeout(options.handshake_timeout, next_text(&mut socket)) => match first {
            Err(_) => return Ended::Failed("no engine.io open packet".to_owned()),
            Ok(Err(reason)) => return Ended::Failed(reason),
            Ok(Ok(text)) => match EnginePacket::parse(&text) {
                EnginePacket::Open(open) => open,
                _ => {
                    return Ended::Failed(format!(
                        "expected an engine.io open packet, got `{}`",
                        cut(&text, REASON_MAX)
                    ));
                }
            },
        },
    };
    tracing::debug!(
        ping_interval_ms = u64::try_from(open.ping_interval.as_millis()).unwrap_or(u64::MAX),
        ping_timeout_ms = u64::try_from(open.ping_timeout.as_millis()).unwrap_or(u64::MAX),
        "engine.io open"
    );
    let mut next_ping = later(Instant::now(), open.ping_interval);
    let mut pong_due: Option<Instant> = None;
    let mut was_reading = true;
    loop {
        let room = out.has_room();
        if room && !was_reading && pong_due.is_some() {
            // Reading resumes: a pong gets the full timeout from now.
            pong_due = Some(later(Instant::now(), open.ping_timeout));
        }
        was_reading = room;
        // The pong deadline only runs while reading.
        let deadline = match pong_due {
            Some(due) if room => due.min(next_ping),
            _ => next_ping,
        };
        tokio::select! {
            () = out.closed() => return close(&mut socket).await,
            () = out.room(), if !room => {}
            () = sleep_until(deadline) => {
                let now = Instant::now();
                if room && pong_due.is_some_and(|due| now >= due) {
                    let _ = timeout(CLOSE_GRACE, SinkExt::close(&mut socket)).await;
                    return health.ended(format!(
                        "no pong within pingTimeout ({} ms)",
                        open.ping_timeout.as_millis()
                    ));
                }
                if now >= next_ping {
                    if let Err(e) = socket.send(Message::text("2")).await {
                        return health.ended(format!("ping failed: {e}"));
                    }
                    next_ping = later(now, open.ping_interval);
                    if pong_due.is_none() {
                        pong_due = Some(later(now, open.ping_timeout));
                    }
                }
            }
            text = next_text(&mut socket), if room => {
                let text = match text {
                    Ok(text) => text,
                    Err(reason) => return health.ended(reason),
                };
                match EnginePacket::parse(&text) {
                    EnginePacket::Pong => {
                        pong_due = None;
                        health.0 = true;
                    }
                    EnginePacket::Ping => {
                        // Not expected in v3, but answering costs nothing.
                        if let Err(e) = socket.send(Message::text("3")).await {
                            return health.ended(format!("pong failed: {e}"));
                        }
                    }
                    EnginePacket::Close => return health.ended("server sent engine.io close".to_owned()),
                    EnginePacket::Message(packet) => match SocketIoPacket::parse(&packet) {
                        SocketIoPacket::Event(event) => {
                            health.0 = true;
                            if !out.push(Ok(Signal::Event(event)), packet.len()) {
                                return close(&mut socket).await;
                            }
                        }
                        SocketIoPacket::Error { namespace, message } => {
                            let _ = timeout(CLOSE_GRACE, SinkExt::close(&mut socket)).await;
                            let mut api = ApiError::new(403);
                            api.message = format!(
                                "socket.io refused namespace `{}`: {}",
                                cut(&namespace, REASON_MAX),
                                cut(&message, REASON_MAX)
                            );
                            api.request = "socket.io CONNECT".to_owned();
                            return Ended::Fatal(Error::Api(Box::new(api)));
                        }
                        SocketIoPacket::Disconnect { namespace } => {
                            let _ = timeout(CLOSE_GRACE, SinkExt::close(&mut socket)).await;
                            return Ended::Fatal(Error::Transport {
                                message: format!(
                                    "the server disconnected socket.io namespace `{}`",
                                    cut(&namespace, REASON_MAX)
                                ),
                                sent: true,
                                source: None,
                            });
                        }
                        SocketIoPacket::Other => {}
                    },
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
            Some(Err(e)) => return Err(cut(&format!("read failed: {e}"), REASON_MAX)),
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
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use super::*;

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
        let (out, _rx, _budget) = outbox(1 << 20);
        let started = Instant::now();
        let ended = serve_socket_io(socket, &RealtimeOptions::default(), out).await;
        // Never healthy: no pong, no event.
        assert_eq!(
            ended,
            Ended::Failed("no pong within pingTimeout (60000 ms)".to_owned())
        );
        assert_eq!(started.elapsed(), Duration::from_secs(85));
        let mut pings = 0;
        while let Ok(msg) = from_client.try_recv() {
            if msg == Message::text("2") {
                pings += 1;
            }
        }
        assert_eq!(pings, 3, "pings at 25 s, 50 s and 75 s");
    }

    #[tokio::test(start_paused = true)]
    async fn answered_heartbeat_keeps_the_connection() {
        let (socket, (to_client, mut from_client)) = fake();
        to_client.send(Ok(Message::text(DOC_OPEN))).unwrap();
        let pings = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counted = pings.clone();
        let responder = tokio::spawn(async move {
            while let Some(msg) = from_client.recv().await {
                if msg == Message::text("2") {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let _ = to_client.send(Ok(Message::text("3")));
                }
            }
        });
        let (out, rx, _budget) = outbox(1 << 20);
        let client =
            tokio::spawn(
                async move { serve_socket_io(socket, &RealtimeOptions::default(), out).await },
            );
        sleep(Duration::from_millis(10 * 60 * 1000 + 1)).await;
        assert!(!client.is_finished(), "connection must stay up");
        assert_eq!(pings.load(Ordering::SeqCst), 24);
        drop(rx);
        assert_eq!(client.await.unwrap(), Ended::Consumer);
        responder.abort();
    }
}
