//! Realtime channels (docs/vendors/rightech.md §10), behind the `realtime` feature.
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
//! [`Signal::Reconnecting`] with the reason whenever the connection is lost.
//!
//! - **Runtime.** The task is spawned on the first poll of the stream, on the Tokio runtime
//!   that polls it; polled outside a Tokio runtime the stream yields one
//!   [`Error::Config`] and ends (it never panics).
//! - **Reconnection** uses capped exponential backoff with jitter ([`RealtimeOptions`]). A
//!   connection counts as healthy only once data flowed: for the events stream a first
//!   message, for socket.io the open packet and then a first pong or event. Until then its end
//!   counts as a failure, so a server that accepts and drops the socket, never sends the open
//!   packet or sends a bad one gets a growing wait, and `max_failures` ends the stream.
//! - **Credentials.** A handshake refused with 403, or with 401 while the credentials cannot
//!   be renewed (static token), ends the stream with [`Error::Api`] (kind `Forbidden`) or
//!   [`Error::Unauthorized`]. The login modes log in again once per 401; a second 401 in a
//!   row, or a login refused by the server, ends the stream (the password is not posted again
//!   and again). Logins failing on the network or a 5xx are retried like any failure.
//!   Credentials never reach a log: the upgrade request is sent by reqwest (which logs no
//!   header values) instead of tungstenite (which logs the whole handshake at TRACE).
//! - **Heartbeat** (socket.io): the server's `pingInterval` is clamped to
//!   [`MIN_PING_INTERVAL`]..=[`MAX_PING_INTERVAL`] (1 s..=5 min) and `pingTimeout` to
//!   [`MIN_PING_TIMEOUT`]..=[`MAX_PING_TIMEOUT`] (5 s..=5 min). Pings go out on time even
//!   while the consumer is slow.
//! - **Memory.** Messages above [`RealtimeOptions::max_message_size`] end the connection;
//!   the queue between the task and the consumer holds at most
//!   [`RealtimeOptions::max_buffered_bytes`] (plus one message): when it is full the task
//!   stops reading and TCP pushes back on the server. Server text in reasons and errors is
//!   cut to [`REASON_MAX`] bytes.
//! - **socket.io refusals.** An `ERROR` packet (`44…`, a namespace middleware refusing the
//!   client, usually authorization) ends the stream with an [`Error::Api`] of kind
//!   `Forbidden` (status 403: the packet carries none); a `DISCONNECT` packet (`41`) ends it
//!   with an [`Error::Transport`], since like socket.io's own client a disconnect made by the
//!   server is not reconnected.
//! - **Dropping** the stream sends a WebSocket close frame (waiting at most a second for
//!   the close handshake) and stops the task.
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
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;

use core_http::{Error, Result};
use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::client::Client;
use crate::events::Event;

mod backoff;
mod engine_io;
mod handshake;
mod task;
mod text;

pub use engine_io::{
    DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT, EnginePacket, MAX_PING_INTERVAL, MAX_PING_TIMEOUT,
    MIN_PING_INTERVAL, MIN_PING_TIMEOUT, OpenPacket, SocketIoPacket, parse_socket_io_event,
};
pub use text::REASON_MAX;

use task::{Budget, Channel, Item, Serve};

/// Path of the newer event stream (docs/vendors/rightech.md §10.2).
pub const EVENTS_STREAM_PATH: &str = "/events/stream";
/// Path and query of the socket.io channel, engine.io v3 over WebSocket (docs/vendors/rightech.md
/// §10.1).
pub const SOCKET_IO_PATH: &str = "/socket.io/?EIO=3&transport=websocket";

/// Reconnection and buffering settings of a realtime stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RealtimeOptions {
    /// Wait before the first reconnection attempt (doubled on each further failure; each wait
    /// is drawn from `[wait / 2, wait]`).
    pub reconnect_initial: Duration,
    /// Longest wait between attempts.
    pub reconnect_max: Duration,
    /// Consecutive failed connections tolerated before the stream ends with an error
    /// (`None`: retry forever). A connection that never became healthy is a failure.
    pub max_failures: Option<u32>,
    /// Time allowed for the WebSocket handshake and, for socket.io, the open packet.
    pub handshake_timeout: Duration,
    /// Largest WebSocket message (and frame) accepted, in bytes; a larger one ends the
    /// connection. Default 1 MiB: events are small JSON documents.
    pub max_message_size: usize,
    /// Bytes of messages buffered between the connection task and the consumer (each item
    /// also counts a fixed 64 bytes). When reached, the task stops reading from the socket
    /// until the consumer catches up; the heartbeat goes on. Default 4 MiB.
    pub max_buffered_bytes: usize,
}

impl Default for RealtimeOptions {
    fn default() -> Self {
        RealtimeOptions {
            reconnect_initial: Duration::from_millis(500),
            reconnect_max: Duration::from_secs(30),
            max_failures: None,
            handshake_timeout: Duration::from_secs(10),
            max_message_size: 1 << 20,
            max_buffered_bytes: 4 << 20,
        }
    }
}

impl RealtimeOptions {
    /// Longest wait before reconnection attempt `failures` (1-based), before jitter:
    /// `reconnect_initial · 2^(failures-1)`, at most `reconnect_max`.
    pub fn backoff(&self, failures: u32) -> Duration {
        backoff::capped(self.reconnect_initial, self.reconnect_max, failures)
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
        /// Why the connection was lost (server text cut to [`REASON_MAX`] bytes).
        reason: String,
        /// Backoff before the next attempt.
        wait: Duration,
    },
}

/// An event of the socket.io channel: `42["<name>", args...]`. Event names and payloads on
/// this socket are not documented (docs/vendors/rightech.md §10.1), so the arguments stay JSON.
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
///
/// The task starts on the first poll, on the current Tokio runtime (outside one, the stream
/// yields an [`Error::Config`] and ends). Dropping the stream closes the connection with a
/// close frame and stops the task.
pub struct RealtimeStream<T> {
    state: State<T>,
}

enum State<T> {
    /// Not polled yet: what spawns the task.
    Idle(Launch<T>),
    /// The task runs.
    Running {
        rx: mpsc::UnboundedReceiver<Item<T>>,
        budget: Arc<Budget>,
    },
    /// Ended.
    Done,
}

/// Spawns the task on a runtime, returning the consumer's end of its queue.
type Launch<T> = Box<
    dyn FnOnce(&tokio::runtime::Handle) -> (mpsc::UnboundedReceiver<Item<T>>, Arc<Budget>)
        + Send
        + Sync,
>;

impl<T> RealtimeStream<T> {
    fn new(client: &Client, options: RealtimeOptions, channel: Channel, serve: Serve<T>) -> Self
    where
        T: Send + 'static,
    {
        let client = client.clone();
        RealtimeStream {
            state: State::Idle(Box::new(move |runtime: &tokio::runtime::Handle| {
                let (out, rx, budget) = task::outbox(options.max_buffered_bytes);
                // Detached: the task ends by itself once the receiver is dropped.
                drop(runtime.spawn(task::run(client, options, channel, serve, out)));
                (rx, budget)
            })),
        }
    }

    /// Bytes buffered between the connection task and the consumer right now (payloads plus
    /// 64 bytes per item); at most [`RealtimeOptions::max_buffered_bytes`] plus one message.
    pub fn buffered_bytes(&self) -> usize {
        match &self.state {
            State::Running { budget, .. } => budget.bytes.load(Ordering::SeqCst),
            State::Idle(_) | State::Done => 0,
        }
    }
}

impl<T> std::fmt::Debug for RealtimeStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealtimeStream")
            .field("buffered_bytes", &self.buffered_bytes())
            .finish_non_exhaustive()
    }
}

impl<T> Stream for RealtimeStream<T> {
    type Item = Result<Signal<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let State::Idle(_) = this.state {
            let State::Idle(launch) = std::mem::replace(&mut this.state, State::Done) else {
                return Poll::Ready(None);
            };
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return Poll::Ready(Some(Err(Error::Config(
                    "a realtime stream must be polled inside a Tokio runtime".to_owned(),
                ))));
            };
            let (rx, budget) = launch(&runtime);
            this.state = State::Running { rx, budget };
        }
        let State::Running { rx, budget } = &mut this.state else {
            return Poll::Ready(None);
        };
        match rx.poll_recv(cx) {
            Poll::Ready(Some((item, cost))) => {
                budget.bytes.fetch_sub(cost, Ordering::SeqCst);
                budget.freed.notify_one();
                Poll::Ready(Some(item))
            }
            Poll::Ready(None) => {
                this.state = State::Done;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Client {
    /// The newer event stream, `wss://<host>/events/stream`, as typed [`Event`]s,
    /// authenticated with the client's credentials (`Authorization: Bearer` for the token
    /// modes). A message that is not an event JSON is yielded as an error item; the stream
    /// goes on. Nothing happens until the stream is first polled (inside a Tokio runtime).
    pub fn events_stream(&self, options: RealtimeOptions) -> RealtimeStream<Event> {
        RealtimeStream::new(self, options, Channel::Events, |socket, _options, out| {
            Box::pin(task::serve_events(socket, out))
        })
    }

    /// The socket.io (engine.io v3) channel, as [`SocketIoEvent`]s. The vendor documents
    /// it as cookie-authenticated: build the client with [`crate::ClientBuilder::session`]
    /// (other modes send their `Authorization` header instead). Nothing happens until the
    /// stream is first polled (inside a Tokio runtime).
    pub fn socket_io(&self, options: RealtimeOptions) -> RealtimeStream<SocketIoEvent> {
        RealtimeStream::new(self, options, Channel::SocketIo, |socket, options, out| {
            Box::pin(async move { task::serve_socket_io(socket, &options, out).await })
        })
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn backoff_before_jitter() {
        let o = RealtimeOptions {
            reconnect_initial: Duration::from_millis(100),
            reconnect_max: Duration::from_millis(500),
            ..RealtimeOptions::default()
        };
        let waits: Vec<u128> = (1..=5).map(|n| o.backoff(n).as_millis()).collect();
        assert_eq!(waits, vec![100, 200, 400, 500, 500]);
    }
}
