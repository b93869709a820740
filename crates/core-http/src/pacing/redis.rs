//! Pacing state in Redis, shared by every process that uses the same Redis, vendor and
//! credential (feature `redis`).
//!
//! - Each decision is one Lua script run atomically by Redis: [`ACQUIRE`] (checks the
//!   vendor-ordered pause, then the fixed window and the token bucket, and takes a slot from
//!   both only when both have one), [`PAUSE`] (keeps the later of two pauses) and [`RESET`]
//!   (moves the window boundary to the vendor's). No read-modify-write crosses the network.
//! - The clock is Redis's (`TIME`, in microseconds), so the machines' clocks may disagree.
//! - Keys: `bookbridge:<vendor>:<first 16 hex digits of sha256(credential)>:pause`, `:window`,
//!   `:bucket:read`, `:bucket:write`; each expires once its state no longer matters.
//! - The limits are the client's own ([`InProcess`]'s window and buckets, read at every
//!   decision, so a bucket resized from response headers is resized in Redis too).
//! - Redis unreachable (connect or command over its timeout, refused, an error reply): the
//!   decision falls back to the in-process state with one `tracing` warning per outage, and
//!   Redis is tried again after [`RedisPacing::retry_after`]. With
//!   [`Unreachable::Fail`], requests fail with [`Error::PacingUnavailable`] instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::MultiplexedConnection;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use super::backend::{InProcess, PacingBackend, PacingScope, SharedPacing};
use super::{RequestKind, instant_after};
use crate::error::{Error, Result};

/// One acquire decision. KEYS: pause, window, bucket. ARGV: window limit (0: no window),
/// window length (µs), bucket burst (0: no bucket), bucket interval (µs). Returns
/// `{0, 0}` (go), `{1, µs}` (paused that long), `{2, µs}` (window full until then) or
/// `{3, µs}` (bucket empty that long).
pub const ACQUIRE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if pause > now then return {1, pause - now} end
local limit = tonumber(ARGV[1])
local win = tonumber(ARGV[2])
local boundary, used
if limit > 0 then
  local w = redis.call('HMGET', KEYS[2], 'b', 'u')
  boundary = tonumber(w[1])
  used = tonumber(w[2]) or 0
  if not boundary then
    boundary = now + win
    used = 0
  elseif now >= boundary then
    boundary = boundary + (math.floor((now - boundary) / win) + 1) * win
    used = 0
  end
  if used >= limit then return {2, boundary - now} end
end
local burst = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local tat
if burst > 0 then
  tat = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
  local nxt = math.max(tat, now) + interval
  local lim = now + interval * burst
  if nxt > lim then return {3, nxt - lim} end
  tat = nxt
end
if limit > 0 then
  redis.call('HSET', KEYS[2], 'b', string.format('%.0f', boundary), 'u', used + 1)
  redis.call('PEXPIRE', KEYS[2], math.ceil((boundary - now + win) / 1000))
end
if burst > 0 then
  redis.call('SET', KEYS[3], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
end
return {0, 0}
"#;

/// A vendor-ordered pause. KEYS: pause. ARGV: pause (µs). Keeps the later end.
pub const PAUSE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = tonumber(ARGV[1])
local untl = now + pause
local cur = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if untl > cur then
  redis.call('SET', KEYS[1], string.format('%.0f', untl), 'PX', math.ceil(pause / 1000) + 1)
end
return 0
"#;

/// The vendor's window resets in a while. KEYS: window. ARGV: window length (µs), reset
/// (µs). A reset longer than the window is ignored; the count is kept.
pub const RESET: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local win = tonumber(ARGV[1])
local reset = tonumber(ARGV[2])
if reset > win then return 0 end
local w = redis.call('HMGET', KEYS[1], 'b', 'u')
local boundary = tonumber(w[1])
local used = tonumber(w[2]) or 0
if boundary and now >= boundary then used = 0 end
boundary = now + reset
redis.call('HSET', KEYS[1], 'b', string.format('%.0f', boundary), 'u', used)
redis.call('PEXPIRE', KEYS[1], math.ceil((boundary - now + win) / 1000))
return 0
"#;

/// What a client does when Redis cannot be reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unreachable {
    /// Pace in this process alone, with a `tracing` warning (the default: the limit is then
    /// per process, as without Redis, until Redis answers again).
    #[default]
    FallBack,
    /// Fail every request with [`Error::PacingUnavailable`] until Redis answers again.
    Fail,
}

/// Pacing state kept in Redis: give it to a builder's `shared_pacing` setter.
///
/// ```no_run
/// use core_http::pacing::{Pacing, RedisPacing};
/// use std::time::Duration;
///
/// let client = core_http::Client::builder("https://api.example.com")
///     .pacing(Pacing::fixed_window(100, Duration::from_secs(60)))
///     .shared_pacing(RedisPacing::new("redis://127.0.0.1:6379"))
///     .build()?;
/// # Ok::<(), core_http::Error>(())
/// ```
#[derive(Clone)]
pub struct RedisPacing {
    url: SecretString,
    connect_timeout: Duration,
    command_timeout: Duration,
    retry_after: Duration,
    on_unreachable: Unreachable,
    credential: Option<SecretString>,
    prefix: String,
}

impl std::fmt::Debug for RedisPacing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisPacing")
            .field("url", &"[redacted]")
            .field("connect_timeout", &self.connect_timeout)
            .field("command_timeout", &self.command_timeout)
            .field("retry_after", &self.retry_after)
            .field("on_unreachable", &self.on_unreachable)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Default time allowed to connect to Redis.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
/// Default time allowed for one script's answer.
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_millis(250);
/// Default time spent on the fallback before Redis is tried again.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

impl RedisPacing {
    /// Redis at `url` (`redis://[user:password@]host:port[/db]`; the URL is kept secret).
    /// Nothing connects until the first request.
    pub fn new(url: impl Into<String>) -> Self {
        RedisPacing {
            url: SecretString::from(url.into()),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            command_timeout: DEFAULT_COMMAND_TIMEOUT,
            retry_after: DEFAULT_RETRY_AFTER,
            on_unreachable: Unreachable::FallBack,
            credential: None,
            prefix: "bookbridge".into(),
        }
    }

    /// Time allowed to connect (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one decision's answer (default [`DEFAULT_COMMAND_TIMEOUT`]).
    pub fn command_timeout(mut self, timeout: Duration) -> Self {
        self.command_timeout = timeout;
        self
    }

    /// After a failure, how long to decide without Redis before trying it again (default
    /// [`DEFAULT_RETRY_AFTER`]), so an outage costs one timeout per period, not per request.
    pub fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = wait;
        self
    }

    /// What to do when Redis cannot be reached (default [`Unreachable::FallBack`]).
    pub fn on_unreachable(mut self, what: Unreachable) -> Self {
        self.on_unreachable = what;
        self
    }

    /// Keys the state by this credential instead of the one the client's auth names (for
    /// auth schemes that name none, or to share one limit across credentials). Only its
    /// hash is used.
    pub fn credential(mut self, credential: impl Into<String>) -> Self {
        self.credential = Some(SecretString::from(credential.into()));
        self
    }

    /// The first part of every key (default `bookbridge`).
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }
}

/// The first 16 hex digits of the SHA-256 of `text`.
fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = hex::encode(digest);
    hex.truncate(16);
    hex
}

impl SharedPacing for RedisPacing {
    fn bind(&self, scope: PacingScope, local: Arc<InProcess>) -> Result<Arc<dyn PacingBackend>> {
        let client = redis::Client::open(self.url.expose_secret()).map_err(|e| {
            Error::Config(format!(
                "invalid Redis URL for shared pacing ({:?})",
                e.kind()
            ))
        })?;
        let identity = match (&self.credential, &scope.credential) {
            (Some(own), _) => fingerprint(own.expose_secret()),
            (None, Some(auth)) => fingerprint(auth.expose_secret()),
            (None, None) => fingerprint(&scope.base_url),
        };
        let base = format!("{}:{}:{}", self.prefix, scope.vendor, identity);
        Ok(Arc::new(RedisBackend {
            client,
            config: self.clone(),
            keys: Keys {
                pause: format!("{base}:pause"),
                window: format!("{base}:window"),
                read: format!("{base}:bucket:read"),
                write: format!("{base}:bucket:write"),
            },
            local,
            connection: tokio::sync::Mutex::new(None),
            down_until: Mutex::new(None),
            degraded: AtomicBool::new(false),
            acquire: redis::Script::new(ACQUIRE),
            pause: redis::Script::new(PAUSE),
            reset: redis::Script::new(RESET),
        }))
    }
}

#[derive(Debug)]
struct Keys {
    pause: String,
    window: String,
    read: String,
    write: String,
}

/// [`RedisPacing`] bound to one client.
struct RedisBackend {
    client: redis::Client,
    config: RedisPacing,
    keys: Keys,
    local: Arc<InProcess>,
    connection: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    /// Until then, decisions are made without Redis (after a failure).
    down_until: Mutex<Option<Instant>>,
    /// Whether the last attempt failed (one warning per outage).
    degraded: AtomicBool,
    acquire: redis::Script,
    pause: redis::Script,
    reset: redis::Script,
}

impl std::fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBackend")
            .field("config", &self.config)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

/// Why a decision could not be made in Redis (never holds the URL).
struct Unavailable(String);

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl RedisBackend {
    fn down(&self) -> bool {
        let down = match self.down_until.lock() {
            Ok(d) => *d,
            Err(poisoned) => *poisoned.into_inner(),
        };
        down.is_some_and(|d| Instant::now() < d)
    }

    async fn connection(&self) -> std::result::Result<MultiplexedConnection, Unavailable> {
        let mut slot = self.connection.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.config.connect_timeout))
            .set_response_timeout(Some(self.config.command_timeout));
        let connect = self
            .client
            .get_multiplexed_async_connection_with_config(&config);
        let conn = match tokio::time::timeout(self.config.connect_timeout, connect).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(Unavailable(format!("cannot connect ({:?})", e.kind()))),
            Err(_) => {
                return Err(Unavailable(format!(
                    "no connection within {:?}",
                    self.config.connect_timeout
                )));
            }
        };
        *slot = Some(conn.clone());
        Ok(conn)
    }

    /// Runs one script, bounded by the command timeout.
    async fn run<T: redis::FromRedisValue>(
        &self,
        invocation: redis::ScriptInvocation<'_>,
    ) -> std::result::Result<T, Unavailable> {
        let mut conn = self.connection().await?;
        let call = invocation.invoke_async::<T>(&mut conn);
        match tokio::time::timeout(self.config.command_timeout, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                *self.connection.lock().await = None;
                Err(Unavailable(format!("script failed ({:?})", e.kind())))
            }
            Err(_) => {
                *self.connection.lock().await = None;
                Err(Unavailable(format!(
                    "no answer within {:?}",
                    self.config.command_timeout
                )))
            }
        }
    }

    fn succeeded(&self) {
        if self.degraded.swap(false, Ordering::Relaxed) {
            tracing::info!(key = %self.keys.pause.trim_end_matches(":pause"), "shared pacing: Redis answers again");
        }
    }

    /// Records a failure: decisions skip Redis for `retry_after`; the first failure of an
    /// outage logs a warning. Returns the error to give when configured to fail.
    fn failed(&self, why: Unavailable) -> Error {
        let until = instant_after(Instant::now(), self.config.retry_after);
        match self.down_until.lock() {
            Ok(mut d) => *d = Some(until),
            Err(poisoned) => *poisoned.into_inner() = Some(until),
        }
        if !self.degraded.swap(true, Ordering::Relaxed) {
            match self.config.on_unreachable {
                Unreachable::FallBack => tracing::warn!(
                    reason = %why.0,
                    "shared pacing: Redis unreachable, pacing in this process only"
                ),
                Unreachable::Fail => tracing::warn!(
                    reason = %why.0,
                    "shared pacing: Redis unreachable, failing requests"
                ),
            }
        }
        Error::PacingUnavailable { message: why.0 }
    }

    fn unavailable(&self) -> Error {
        Error::PacingUnavailable {
            message: "Redis was unreachable at the last attempt".into(),
        }
    }

    /// One acquire decision in Redis: `Ok((code, wait))`.
    async fn decide(&self, kind: RequestKind) -> std::result::Result<(i64, u64), Unavailable> {
        let (limit, window) = match self.local.window() {
            Some(w) => (w.limit(), micros(w.window()).max(1)),
            None => (0, 1),
        };
        let (burst, interval) = match self.local.buckets() {
            Some(b) => {
                let bucket = b.bucket(kind);
                (bucket.burst(), micros(bucket.interval()).max(1))
            }
            None => (0, 1),
        };
        let bucket_key = match kind {
            RequestKind::Read => &self.keys.read,
            RequestKind::Write => &self.keys.write,
        };
        let mut invocation = self.acquire.prepare_invoke();
        invocation
            .key(&self.keys.pause)
            .key(&self.keys.window)
            .key(bucket_key)
            .arg(limit)
            .arg(window)
            .arg(burst)
            .arg(interval);
        let (code, wait): (i64, i64) = self.run(invocation).await?;
        Ok((code, u64::try_from(wait).unwrap_or(0)))
    }
}

#[async_trait]
impl PacingBackend for RedisBackend {
    async fn acquire(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> Result<std::result::Result<(), Instant>> {
        loop {
            if self.down() {
                return match self.config.on_unreachable {
                    Unreachable::FallBack => Ok(self.local.acquire_before(kind, deadline).await),
                    Unreachable::Fail => Err(self.unavailable()),
                };
            }
            let (code, wait) = match self.decide(kind).await {
                Ok(decision) => {
                    self.succeeded();
                    decision
                }
                Err(why) => {
                    let error = self.failed(why);
                    if self.config.on_unreachable == Unreachable::Fail {
                        return Err(error);
                    }
                    continue;
                }
            };
            let wait = Duration::from_micros(wait);
            match code {
                0 => return Ok(Ok(())),
                1 => {
                    let until = instant_after(Instant::now(), wait);
                    if deadline.is_some_and(|d| until > d) {
                        return Ok(Err(until));
                    }
                    tokio::time::sleep_until(until).await;
                }
                _ => tokio::time::sleep(wait.max(Duration::from_micros(100))).await,
            }
        }
    }

    async fn pause_for(&self, pause: Duration) -> Result<()> {
        // The pause is kept in this process too (Pacing::order_pause), so a failure here
        // still pauses this process.
        if self.down() {
            return match self.config.on_unreachable {
                Unreachable::FallBack => Ok(()),
                Unreachable::Fail => Err(self.unavailable()),
            };
        }
        let mut invocation = self.pause.prepare_invoke();
        invocation.key(&self.keys.pause).arg(micros(pause));
        match self.run::<i64>(invocation).await {
            Ok(_) => {
                self.succeeded();
                Ok(())
            }
            Err(why) => {
                let error = self.failed(why);
                match self.config.on_unreachable {
                    Unreachable::FallBack => Ok(()),
                    Unreachable::Fail => Err(error),
                }
            }
        }
    }

    async fn window_resets_in(&self, reset_in: Duration) -> Result<()> {
        // The in-process window follows too, so that a fallback starts aligned.
        self.local.window_resets_in(reset_in);
        let Some(window) = self.local.window() else {
            return Ok(());
        };
        if self.down() {
            return match self.config.on_unreachable {
                Unreachable::FallBack => Ok(()),
                Unreachable::Fail => Err(self.unavailable()),
            };
        }
        let mut invocation = self.reset.prepare_invoke();
        invocation
            .key(&self.keys.window)
            .arg(micros(window.window()).max(1))
            .arg(micros(reset_in));
        match self.run::<i64>(invocation).await {
            Ok(_) => {
                self.succeeded();
                Ok(())
            }
            Err(why) => {
                let error = self.failed(why);
                match self.config.on_unreachable {
                    Unreachable::FallBack => Ok(()),
                    Unreachable::Fail => Err(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hold_a_hash_of_the_credential_never_the_credential() {
        let store = RedisPacing::new("redis://:hunter2@127.0.0.1:1/0");
        let backend = store
            .bind(
                PacingScope {
                    vendor: "resos",
                    credential: Some(SecretString::from("Basic my-api-key")),
                    base_url: "https://api.resos.com/v1".into(),
                },
                Arc::new(InProcess::default()),
            )
            .unwrap();
        let debug = format!("{backend:?}");
        assert!(!debug.contains("my-api-key"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        let expected = format!("bookbridge:resos:{}:pause", fingerprint("Basic my-api-key"));
        assert!(debug.contains(&expected), "{debug}");
        assert_eq!(fingerprint("Basic my-api-key").len(), 16);
        assert!(!format!("{store:?}").contains("hunter2"));
    }
}
