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

pub mod feedback;
mod fixed_window;
mod token_bucket;

pub use feedback::{Feedback, FeedbackPolicy, HeaderFeedback, TimeUnit};
pub use fixed_window::FixedWindow;
pub use token_bucket::{TokenBucket, TokenBuckets};

use std::sync::Mutex;
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
#[derive(Debug, Default)]
pub struct Pacing {
    window: Option<FixedWindow>,
    buckets: Option<TokenBuckets>,
    paused_until: Mutex<Option<Instant>>,
}

impl Pacing {
    /// No client-side limit (vendor feedback is still honoured).
    pub fn none() -> Self {
        Pacing::default()
    }

    /// At most `limit` requests per `window`.
    pub fn fixed_window(limit: u32, window: Duration) -> Self {
        Pacing {
            window: Some(FixedWindow::new(limit, window)),
            ..Pacing::default()
        }
    }

    /// Separate read and write token buckets.
    pub fn token_buckets(buckets: TokenBuckets) -> Self {
        Pacing {
            buckets: Some(buckets),
            ..Pacing::default()
        }
    }

    /// Adds a fixed window to this pacing.
    pub fn with_fixed_window(mut self, limit: u32, window: Duration) -> Self {
        self.window = Some(FixedWindow::new(limit, window));
        self
    }

    /// The fixed window, if any.
    pub fn window(&self) -> Option<&FixedWindow> {
        self.window.as_ref()
    }

    /// The token buckets, if any.
    pub fn buckets(&self) -> Option<&TokenBuckets> {
        self.buckets.as_ref()
    }

    /// Pauses every request of this client until `until` (keeps the later of two pauses).
    pub fn pause_until(&self, until: Instant) {
        let mut paused = match self.paused_until.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    /// When the vendor-ordered pause ends, if one is in force.
    pub fn paused_until(&self) -> Option<Instant> {
        let paused = match self.paused_until.lock() {
            Ok(p) => *p,
            Err(poisoned) => *poisoned.into_inner(),
        };
        paused.filter(|p| *p > Instant::now())
    }

    /// The vendor says its window resets `reset_in` from now: the fixed window, if any, ends
    /// its current window then (see [`FixedWindow::resets_in`]). Not a pause.
    pub fn window_resets_in(&self, reset_in: Duration) {
        if let Some(window) = &self.window {
            window.resets_in(reset_in);
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
    pub async fn acquire_before(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> Result<(), Instant> {
        loop {
            while let Some(until) = self.paused_until() {
                if deadline.is_some_and(|d| until > d) {
                    return Err(until);
                }
                tokio::time::sleep_until(until).await;
            }
            if let Some(window) = &self.window {
                window.acquire().await;
            }
            if let Some(buckets) = &self.buckets {
                buckets.acquire(kind).await;
            }
            if self.paused_until().is_none() {
                return Ok(());
            }
        }
    }
}
