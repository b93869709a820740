//! Where the pacing state lives: the small async trait behind every pacing decision, and its
//! in-process implementation (the default).
//!
//! A [`Pacing`](super::Pacing) always holds an [`InProcess`] state: the policies (fixed window,
//! read/write token buckets) with their counters and the vendor-ordered pause, shared by all
//! clones of one client. A [`SharedPacing`] (such as `RedisPacing`, feature `redis`) moves the
//! decisions to a store that several processes share; it is bound to a vendor and a
//! credential when the client is built, and keeps the [`InProcess`] state as its policy and its
//! fallback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;
use tokio::time::Instant;

use super::{FixedWindow, RequestKind, TokenBuckets, instant_after};
use crate::error::Result;

/// The state behind every pacing decision of one client (and its clones).
///
/// Every method is one decision; an implementation shared between processes makes each one
/// atomic in its store. Waits happen on tokio's clock in the calling task.
#[async_trait]
pub trait PacingBackend: Send + Sync + std::fmt::Debug + 'static {
    /// Waits until a request of `kind` may start. Returns `Ok(Err(until))` without waiting
    /// when a vendor-ordered pause in force ends after `deadline` (`until` is its end).
    ///
    /// An error means the state could not be reached and the backend was configured to fail
    /// rather than pace in this process alone.
    async fn acquire(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> Result<std::result::Result<(), Instant>>;

    /// The vendor ordered a pause of `pause` from now (keeps the later of two pauses).
    async fn pause_for(&self, pause: Duration) -> Result<()>;

    /// The vendor says its window resets `reset_in` from now (see
    /// [`FixedWindow::resets_in`]).
    async fn window_resets_in(&self, reset_in: Duration) -> Result<()>;
}

/// What a shared backend is bound to when a client is built.
#[derive(Debug)]
pub struct PacingScope {
    /// The vendor's name (`resos`, `launch27`, ...): the first part of a shared key.
    pub vendor: &'static str,
    /// The credential the vendor's limit belongs to ([`crate::auth::Auth::pacing_identity`]),
    /// if the auth scheme names one. Never stored or sent as is: hash it.
    pub credential: Option<SecretString>,
    /// The client's base URL, the key of last resort when no credential is named.
    pub base_url: String,
}

/// A pacing store shared beyond one process, before it is bound to a client: give it to a
/// builder's `shared_pacing` setter. The client binds it to its vendor and credential when
/// it is built, keeping its own pacing policy (limits) and in-process state as the fallback.
pub trait SharedPacing: Send + Sync + std::fmt::Debug + 'static {
    /// Binds the store to one client's `scope`; `local` holds the client's policies and is
    /// the in-process state to fall back to.
    fn bind(&self, scope: PacingScope, local: Arc<InProcess>) -> Result<Arc<dyn PacingBackend>>;
}

/// The in-process pacing state: policies, their counters and the vendor-ordered pause, shared
/// by all clones of one client and by nothing else. The default [`PacingBackend`].
#[derive(Debug, Default)]
pub struct InProcess {
    pub(super) window: Option<FixedWindow>,
    pub(super) buckets: Option<TokenBuckets>,
    pub(super) paused_until: Mutex<Option<Instant>>,
}

impl InProcess {
    /// The fixed window, if any.
    pub fn window(&self) -> Option<&FixedWindow> {
        self.window.as_ref()
    }

    /// The token buckets, if any.
    pub fn buckets(&self) -> Option<&TokenBuckets> {
        self.buckets.as_ref()
    }

    /// Pauses every request until `until` (keeps the later of two pauses).
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

    /// See [`FixedWindow::resets_in`]; nothing without a window.
    pub fn window_resets_in(&self, reset_in: Duration) {
        if let Some(window) = &self.window {
            window.resets_in(reset_in);
        }
    }

    /// Waits until a request of `kind` may be sent, or gives up as soon as a pause in force
    /// ends after `deadline` (returning its end).
    ///
    /// A pause ordered while this task waits for the window or a bucket is honoured too: after
    /// each wait the pause is checked again, and after a pause a fresh slot is taken (the one
    /// taken before the pause may belong to a window that has passed).
    pub async fn acquire_before(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> std::result::Result<(), Instant> {
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

#[async_trait]
impl PacingBackend for InProcess {
    async fn acquire(
        &self,
        kind: RequestKind,
        deadline: Option<Instant>,
    ) -> Result<std::result::Result<(), Instant>> {
        Ok(self.acquire_before(kind, deadline).await)
    }

    async fn pause_for(&self, pause: Duration) -> Result<()> {
        self.pause_until(instant_after(Instant::now(), pause));
        Ok(())
    }

    async fn window_resets_in(&self, reset_in: Duration) -> Result<()> {
        InProcess::window_resets_in(self, reset_in);
        Ok(())
    }
}
