//! # sandbox
//!
//! Local, stateful fakes of the booking vendors' APIs, so bookbridge can be tried with no
//! vendor account and its clients can be tested and measured at each vendor's real limits.
//! A fake listens on loopback only (`127.0.0.1`, a free port by default), keeps its state in
//! memory (create → list → cancel behaves like the vendor), is seeded from the contract
//! fixtures' bodies, answers with the vendor's paths, auth, paging, error bodies and
//! rate-limit policy, and counts the requests per route so that tests can assert
//! exactly-once. It stops when the [`Sandbox`] is dropped.
//!
//! **Vendors built so far:** resOS ([`Vendor::Resos`]). Starting another vendor returns
//! [`Error::NotBuilt`].
//!
//! ## resOS
//!
//! - Base URL `http://127.0.0.1:<port>/v1`; credentials: an API key
//!   ([`Credentials::ApiKey`]), sent as the HTTP Basic user name with an empty password. Any
//!   other `Authorization` gets `401` with the text body `Unauthorized`.
//! - Routes: `GET /v1/bookings` (`skip`/`limit`, at most 100 per page, no totals; the
//!   `fromDateTime`/`toDateTime` range filters only when both ends are sent, compared with
//!   the booking's local `date` and `time`), `GET /v1/bookings/{id}`, `POST /v1/bookings`
//!   (answers the new id as a bare JSON string), `PUT /v1/bookings/{id}` (update, status
//!   change and cancel with `{"status": "canceled"}`, which sets `canceledAt`; answers
//!   `true`), `DELETE /v1/bookings/{id}` (400, as resOS) and `GET /v1/tables`.
//! - Errors are text bodies: `404 Booking not found`, `422` for a malformed parameter or
//!   body (unknown keys in a create body included), `429 Too many requests`.
//! - Rate limit: 100 requests per fixed window (60 s, or [`SandboxOptions::window_scale`] /
//!   [`SandboxOptions::rate_limit_window`]), counted from the server's start and reset on
//!   the boundaries; every answer carries `Retry-After` in **milliseconds** until the reset.
//!   Refused and unauthorized requests do not use the budget.
//! - Not faked yet: `customQuery` and `onlyConfirmed` (answered with 422 rather than
//!   silently ignored), `sort` and `expand` (ignored), notes, comments, the booking flow,
//!   opening hours, custom fields, customers, orders, feedback and the health check (404).
//!
//! ## Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt;
//! use resos::jiff::civil::date;
//! use resos::{CancelBooking, Client, CreateBooking, GetBooking, ListBookings, LocalTime, NewGuest};
//! use sandbox::{Sandbox, SandboxOptions, Vendor};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default()).await?;
//! let key = sandbox.credentials().api_key().ok_or("resOS has an API key")?;
//! let client = Client::builder()
//!     .api_key(key.expose_secret())
//!     .base_url(sandbox.base_url())
//!     .build()?;
//!
//! let seeded: Vec<resos::Booking> = client.bookings().list(&ListBookings::new()).try_collect().await?;
//! let time = LocalTime::hm(19, 30).ok_or("a valid time")?;
//! let new = CreateBooking::new(date(2026, 3, 14), time, 4, NewGuest::new("Ada Example"));
//! let id = client.bookings().create(&new).await?;
//! client.bookings().cancel(&CancelBooking::new(id.clone())).await?;
//! let booking = client.bookings().get(&GetBooking::new(id)).await?;
//! assert_eq!(booking.status, Some(resos::BookingStatus::Canceled));
//!
//! let all: Vec<resos::Booking> = client.bookings().list(&ListBookings::new()).try_collect().await?;
//! assert_eq!(all.len(), seeded.len() + 1);
//! assert_eq!(sandbox.hits("POST /v1/bookings"), 1);
//! drop(sandbox); // stops the server
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod resos;
mod window;

/// The vendors a sandbox can fake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// resOS (restaurant bookings).
    Resos,
    /// Launch27 (cleaning-service bookings; not built yet).
    Launch27,
    /// Resource Guru (resource scheduling; not built yet).
    ResourceGuru,
    /// Rightech IoT Cloud (not built yet).
    Rightech,
}

impl Vendor {
    /// Every vendor, built or not.
    pub const ALL: [Vendor; 4] = [
        Vendor::Resos,
        Vendor::Launch27,
        Vendor::ResourceGuru,
        Vendor::Rightech,
    ];

    /// The vendor's name as in the workspace's crates and fixtures (`resos`, `launch27`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Resos => "resos",
            Vendor::Launch27 => "launch27",
            Vendor::ResourceGuru => "resource-guru",
            Vendor::Rightech => "rightech",
        }
    }
}

impl std::fmt::Display for Vendor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The fake of this vendor does not exist yet.
    #[error("the {0} sandbox is not built yet (built: resos)")]
    NotBuilt(Vendor),
    /// The loopback listener could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// A seed fixture could not be read or parsed.
    #[error("seed fixture {file}: {message}")]
    Seed {
        /// The fixture's file name (or directory).
        file: String,
        /// What went wrong.
        message: String,
    },
    /// An option is out of range.
    #[error("invalid sandbox option: {0}")]
    Config(String),
}

/// Result with the sandbox's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How a sandbox starts. `SandboxOptions::default()` listens on a free loopback port with the
/// vendor's real rate-limit window, seeded from the fixtures built into the crate.
#[derive(Clone, Debug, Default)]
pub struct SandboxOptions {
    port: u16,
    window_scale: Option<f64>,
    window: Option<Duration>,
    fixtures_dir: Option<PathBuf>,
    generated_bookings: usize,
}

impl SandboxOptions {
    /// The loopback port (default 0: a free port, see [`Sandbox::base_url`]).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Multiplies every rate-limit window of the vendor by `scale`, keeping the number of
    /// requests: `0.01` turns resOS's 100 per 60 s into 100 per 600 ms. Must be positive.
    pub fn window_scale(mut self, scale: f64) -> Self {
        self.window_scale = Some(scale);
        self
    }

    /// Sets the rate-limit window outright (wins over [`window_scale`](Self::window_scale)).
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// Seeds from every `*.json` fixture in `dir` (a `fixtures/<vendor>` directory) instead of
    /// the fixtures built into the crate.
    pub fn fixtures_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.fixtures_dir = Some(dir.into());
        self
    }

    /// Adds `n` invented bookings after the seeds (for paging tests and benchmarks).
    pub fn generated_bookings(mut self, n: usize) -> Self {
        self.generated_bookings = n;
        self
    }

    /// The window that applies to a vendor window of `vendor_window`.
    fn scaled(&self, vendor_window: Duration) -> Result<Duration> {
        if let Some(window) = self.window {
            return Ok(window);
        }
        let Some(scale) = self.window_scale else {
            return Ok(vendor_window);
        };
        if !(scale.is_finite() && scale > 0.0) {
            return Err(Error::Config(format!(
                "window_scale must be positive, got {scale}"
            )));
        }
        Duration::try_from_secs_f64(vendor_window.as_secs_f64() * scale)
            .map_err(|e| Error::Config(format!("window_scale {scale}: {e}")))
    }
}

/// What a client needs to sign in to a sandbox. `Debug` never shows a secret.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// An API key (resOS: the HTTP Basic user name).
    ApiKey(SecretString),
}

impl Credentials {
    /// The API key, for vendors that use one.
    pub fn api_key(&self) -> Option<&SecretString> {
        match self {
            Credentials::ApiKey(key) => Some(key),
        }
    }
}

/// Requests counted per route, shared by a server and its [`Sandbox`] handle.
#[derive(Debug, Default)]
pub(crate) struct Hits(Mutex<BTreeMap<String, u64>>);

impl Hits {
    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        match self.0.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Counts one request to `route` (`"GET /v1/bookings/{id}"`).
    pub(crate) fn record(&self, route: String) {
        let mut map = self.map();
        let n = map.entry(route).or_insert(0);
        *n = n.saturating_add(1);
    }
}

/// A running fake vendor server. Dropping it stops the server (gracefully: requests in
/// flight are answered, idle connections closed); [`Sandbox::shutdown`] also waits for that.
#[derive(Debug)]
pub struct Sandbox {
    vendor: Vendor,
    addr: SocketAddr,
    base_path: &'static str,
    credentials: Credentials,
    hits: Arc<Hits>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Starts the fake of `vendor` on loopback. Must be called within a tokio runtime (the
    /// server is a task of it).
    ///
    /// # Errors
    ///
    /// [`Error::NotBuilt`] for a vendor whose fake does not exist yet, [`Error::Bind`] when
    /// the port is taken, [`Error::Seed`] for an unreadable seed fixture and
    /// [`Error::Config`] for an invalid option.
    pub async fn start(vendor: Vendor, options: SandboxOptions) -> Result<Sandbox> {
        let hits = Arc::new(Hits::default());
        let (router, credentials, base_path) = match vendor {
            Vendor::Resos => resos::build(&options, hits.clone())?,
            other => return Err(Error::NotBuilt(other)),
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        let task = tokio::spawn(async move { server.await });
        Ok(Sandbox {
            vendor,
            addr,
            base_path,
            credentials,
            hits,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The vendor this server fakes.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The loopback address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL a client is given, with the vendor's base path
    /// (`http://127.0.0.1:PORT/v1` for resOS).
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path)
    }

    /// The credentials the server accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Requests received on `route`, written as `"<METHOD> <path pattern>"` with the base
    /// path: `"GET /v1/bookings"`, `"PUT /v1/bookings/{id}"`. Every request counts,
    /// refused ones (401, 429) included; paths the fake does not serve are not counted.
    pub fn hits(&self, route: &str) -> u64 {
        self.hits.map().get(route).copied().unwrap_or(0)
    }

    /// Requests received on every route so far.
    pub fn all_hits(&self) -> BTreeMap<String, u64> {
        self.hits.map().clone()
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
