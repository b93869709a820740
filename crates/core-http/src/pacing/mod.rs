//! Client-side pacing, shared by all clones of a client: run at the vendor's limit without
//! receiving a 429.
//!
//! A [`Pacing`] combines up to three things, checked in this order before each request:
//! 1. a pause ordered by the vendor (`Retry-After`, `X-RateLimit-Remaining: 0`), see
//!    [`feedback`];
//! 2. a [`FixedWindow`]: N requests per window, the count resets on the window boundary (the
//!    vendor's boundary when it says when its window resets, see
//!    [`FeedbackPolicy::window_reset_in`]);
//! 3. [`TokenBuckets`]: a burst, then one request per interval, with separate buckets for reads
//!    and writes (GCRA on tokio's clock; resizable at run time through a cloned handle).
//!
//! All waits are async sleeps on tokio's clock, so they follow `tokio::time::pause()` in tests.
//!
//! The state of all three sits behind [`PacingBackend`]: in this process by default
//! ([`InProcess`]); with the `redis` feature, `RedisPacing` shares it between every process
//! that uses the same Redis, vendor and credential (one atomic script per decision, Redis
//! time as the clock), falling back to this process with a warning when Redis is
//! unreachable.

mod backend;
pub mod feedback;
mod fixed_window;
#[cfg(feature = "redis")]
pub mod redis;
mod token_bucket;

pub use backend::{InProcess, PacingBackend, PacingScope, SharedPacing};
pub use feedback::{Feedback, FeedbackPolicy, HeaderFeedback, TimeUnit};
pub use fixed_window::FixedWindow;
pub use token_bucket::{TokenBucket, TokenBuckets};

#[cfg(feature = "redis")]
pub use self::redis::{RedisPacing, Unreachable};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// The latest instant pacing ever computes: about a century ahead. Waits longer than that are
/// treated as "that long", which no caller distinguishes from forever.
const FAR_FUTURE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// The instant `wait` after `at`, saturating about a century after `at` instead of panicking
/// on overflow.
///
/// Use it for every instant computed from a duration that comes from the network or from
/// configuration (`Retry-After`, announced bucket intervals, token lifetimes, budgets).
pub fn instant_after(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(FAR_FUTURE))
        .or_else(|| at.checked_add(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(at)
}

/// Whether a request reads or writes, for vendors that limit the two separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// GET, HEAD and reads sent as POST.
    Read,
    /// Everything that changes state.
    Write,
}

/// The pacing of one client (and all its clones).
///
/// The policies and their state live in an [`InProcess`] state by default; with
/// [`Pacing::shared`] (or a builder's `shared_pacing` setter) the decisions go to a store
/// shared by many processes, bound to the vendor and credential when the client is built.
#[derive(Debug, Default)]
pub struct Pacing {
    local: Arc<InProcess>,
    shared: Option<Arc<dyn SharedPacing>>,
    backend: Option<Arc<dyn PacingBackend>>,
}

impl Pacing {
    /// No client-side limit (vendor feedback is still honoured).
    pub fn none() -> Self {
        Pacing::default()
    }

    fn with_local(local: InProcess) -> Self {
        Pacing {
            local: Arc::new(local),
            shared: None,
            backend: None,
        }
    }

    /// At most `limit` requests per `window`.
    pub fn fixed_window(limit: u32, window: Duration) -> Self {
        Pacing::with_local(InProcess {
            window: Some(FixedWindow::new(limit, window)),
            ..InProcess::default()
        })
    }

    /// Separate read and write token buckets.
    pub fn token_buckets(buckets: TokenBuckets) -> Self {
        Pacing::with_local(InProcess {
            buckets: Some(buckets),
            ..InProcess::default()
        })
    }

    /// Adds a fixed window to this pacing.
    pub fn with_fixed_window(self, limit: u32, window: Duration) -> Self {
        let local = InProcess {
            window: Some(FixedWindow::new(limit, window)),
            buckets: self.local.buckets.clone(),
            paused_until: Mutex::new(self.local.paused_until()),
        };
        Pacing {
            local: Arc::new(local),
            ..self
        }
    }

    /// Keeps the pacing state in `store`, shared with every process that uses the same store,
    /// vendor and credential (bound when the client is built). The limits stay this pacing's.
    pub fn shared(mut self, store: impl SharedPacing) -> Self {
        self.shared = Some(Arc::new(store));
        self
    }

    /// [`shared`](Self::shared) with a store already behind an `Arc`.
    pub fn shared_arc(mut self, store: Arc<dyn SharedPacing>) -> Self {
        self.shared = Some(store);
        self
    }

    /// Binds the shared store, if any, to `scope` (called when the client is built).
    pub(crate) fn bind(mut self, scope: impl FnOnce() -> PacingScope) -> crate::Result<Self> {
        if let Some(store) = &self.shared {
            self.backend = Some(store.bind(scope(), self.local.clone())?);
        }
        Ok(self)
    }

    /// Whether the decisions go to a shared store (bound when the client was built).
    pub fn is_shared(&self) -> bool {
        self.backend.is_some()
    }

    /// The in-process state (the policies, and the fallback of a shared store).
    pub fn in_process(&self) -> &InProcess {
        &self.local
    }

    /// The fixed window, if any.
    pub fn window(&self) -> Option<&FixedWindow> {
        self.local.window()
    }

    /// The token buckets, if any.
    pub fn buckets(&self) -> Option<&TokenBuckets> {
        self.local.buckets()
    }

    /// Pauses every request of this client until `until` (keeps the later of two pauses).
    /// In this process only: [`order_pause`](Self::order_pause) also tells a shared store.
    pub fn pause_until(&self, until: Instant) {
        self.local.pause_until(until);
    }

    /// When the vendor-ordered pause ends, if one is in force in this process.
    pub fn paused_until(&self) -> Option<Instant> {
        self.local.paused_until()
    }

    /// The vendor ordered a pause of `pause` from now: every request of this client waits,
    /// and, with a shared store, every process sharing the key. A shared store that cannot
    /// be reached keeps the pause in this process (or fails, if so configured).
    pub async fn order_pause(&self, pause: Duration) -> crate::Result<()> {
        self.local.pause_until(instant_after(Instant::now(), pause));
        match &self.backend {
            Some(backend) => backend.pause_for(pause).await,
            None => Ok(()),
        }
    }

    /// The vendor says its window resets `reset_in` from now: the fixed window, if any, ends
    /// its current window then (see [`FixedWindow::resets_in`]). Not a pause. In this process
    /// only: [`align_window`](Self::align_window) also tells a shared store.
    pub fn window_resets_in(&self, reset_in: Duration) {
        self.local.window_resets_in(reset_in);
    }

    /// [`window_resets_in`](Self::window_resets_in), in the shared store too when there is one.
    pub async fn align_window(&self, reset_in: Duration) -> crate::Result<()> {
        match &self.backend {
            Some(backend) => backend.window_resets_in(reset_in).await,
            None => {
                self.local.window_resets_in(reset_in);
                Ok(())
            }
        }
    }

    /// Waits until a request of `kind` may be sent.
    ///
    /// A pause ordered while this task waits for the window or a bucket is honoured too: after
    /// each wait the pause is checked again, and after a pause a fresh slot is taken (the one
    /// taken before the pause may belong to a window that has passed).
    pub async fn acquire(&self, kind: RequestKind) {
        // Never refuses: no pause can end after the far future.
        let _ = self.acquire_before(kind, None).await;
    }

    /// Like [`acquire`](Self::acquire), but gives up as soon as a vendor-ordered pause in force
    /// ends after `deadline`, returning the end of that pause.
    ///
    /// A shared store configured to fail when unreachable falls back to this process here;
    /// [`try_acquire_before`](Self::try_acquire_before) reports that error instead.
    pub async fn acquire_before(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> Result<(), Instant> {
        match self.try_acquire_before(kind, deadline).await {
            Ok(decision) => decision,
            Err(_) => self.local.acquire_before(kind, deadline).await,
        }
    }

    /// Like [`acquire_before`](Self::acquire_before), but an unreachable shared store that is
    /// configured to fail returns its error (the request must not be sent).
    pub async fn try_acquire_before(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> crate::Result<Result<(), Instant>> {
        match &self.backend {
            Some(backend) => backend.acquire(kind, deadline).await,
            None => Ok(self.local.acquire_before(kind, deadline).await),
        }
    }
}
