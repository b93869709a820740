//! Token buckets (GCRA) on tokio's clock, resizable at run time.
//!
//! `governor` implements the same algorithm, but its quota is fixed when the limiter is built,
//! and Launch27 announces its bucket sizes in response headers. So this small GCRA is our own:
//! it keeps its theoretical arrival time when resized, so a new size never grants a fresh burst.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use super::RequestKind;

#[derive(Debug)]
struct State {
    burst: u32,
    interval: Duration,
    /// Theoretical arrival time: when the bucket would be full again with no further requests.
    tat: Option<Instant>,
}

/// A bucket holding `burst` tokens, refilled with one token per `interval`.
///
/// Cheap to clone; clones are handles to the same bucket, so a vendor crate can keep one to
/// resize the bucket a client uses (see [`TokenBucket::set`]).
#[derive(Clone, Debug)]
pub struct TokenBucket {
    state: Arc<Mutex<State>>,
}

impl TokenBucket {
    /// `burst` requests at once, then one per `interval` (zero values are raised to 1 and 1 ms).
    pub fn new(burst: u32, interval: Duration) -> Self {
        TokenBucket {
            state: Arc::new(Mutex::new(State {
                burst: burst.max(1),
                interval: interval.max(Duration::from_millis(1)),
                tat: None,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Bucket size.
    pub fn burst(&self) -> u32 {
        self.lock().burst
    }

    /// Refill interval per token.
    pub fn interval(&self) -> Duration {
        self.lock().interval
    }

    /// Changes the size and/or refill interval (`None` keeps the current value; zero values are
    /// ignored). Tokens already spent stay spent.
    pub fn set(&self, burst: Option<u32>, interval: Option<Duration>) {
        let mut state = self.lock();
        if let Some(b) = burst.filter(|b| *b > 0) {
            state.burst = b;
        }
        if let Some(i) = interval.filter(|i| !i.is_zero()) {
            state.interval = i;
        }
    }

    /// Takes a token at `now`, or returns how long to wait for one.
    fn try_take(&self, now: Instant) -> Result<(), Duration> {
        let mut state = self.lock();
        let base = state.tat.map_or(now, |t| t.max(now));
        let next = super::instant_after(base, state.interval);
        let limit = super::instant_after(now, state.interval.saturating_mul(state.burst));
        if next <= limit {
            state.tat = Some(next);
            Ok(())
        } else {
            Err(next.saturating_duration_since(limit))
        }
    }

    /// Waits for a token.
    pub async fn acquire(&self) {
        loop {
            match self.try_take(Instant::now()) {
                Ok(()) => return,
                Err(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
}

/// Independent buckets for reads and writes: a burst of writes never slows reads.
///
/// Cheap to clone; clones share the buckets.
#[derive(Clone, Debug)]
pub struct TokenBuckets {
    read: TokenBucket,
    write: TokenBucket,
}

impl TokenBuckets {
    /// Two buckets.
    pub fn new(read: TokenBucket, write: TokenBucket) -> Self {
        TokenBuckets { read, write }
    }

    /// One bucket's worth of settings for both kinds (still two separate buckets).
    pub fn same(burst: u32, interval: Duration) -> Self {
        TokenBuckets::new(
            TokenBucket::new(burst, interval),
            TokenBucket::new(burst, interval),
        )
    }

    /// The bucket for `kind`.
    pub fn bucket(&self, kind: RequestKind) -> &TokenBucket {
        match kind {
            RequestKind::Read => &self.read,
            RequestKind::Write => &self.write,
        }
    }

    /// Waits for a token of `kind`.
    pub async fn acquire(&self, kind: RequestKind) {
        self.bucket(kind).acquire().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn burst_then_one_per_interval() {
        let bucket = TokenBucket::new(30, Duration::from_millis(500));
        let t0 = Instant::now();
        for _ in 0..30 {
            bucket.acquire().await;
        }
        assert_eq!(t0.elapsed(), Duration::ZERO, "the burst passes at once");
        let mut times = Vec::new();
        for _ in 0..4 {
            bucket.acquire().await;
            times.push(t0.elapsed().as_millis());
        }
        assert_eq!(times, vec![500, 1000, 1500, 2000]);
    }

    #[tokio::test(start_paused = true)]
    async fn refills_while_idle_up_to_the_burst_only() {
        let bucket = TokenBucket::new(3, Duration::from_secs(1));
        for _ in 0..3 {
            bucket.acquire().await;
        }
        tokio::time::advance(Duration::from_secs(60)).await;
        let t0 = Instant::now();
        for _ in 0..4 {
            bucket.acquire().await;
        }
        assert_eq!(
            t0.elapsed(),
            Duration::from_secs(1),
            "3 refilled, the 4th waits"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn writes_do_not_slow_reads() {
        let buckets = TokenBuckets::new(
            TokenBucket::new(30, Duration::from_millis(500)),
            TokenBucket::new(10, Duration::from_millis(500)),
        );
        let t0 = Instant::now();
        for _ in 0..12 {
            buckets.acquire(RequestKind::Write).await;
        }
        assert_eq!(t0.elapsed(), Duration::from_millis(1000));
        let t1 = Instant::now();
        for _ in 0..30 {
            buckets.acquire(RequestKind::Read).await;
        }
        assert_eq!(t1.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn resizing_keeps_spent_tokens_spent() {
        let bucket = TokenBucket::new(2, Duration::from_secs(1));
        let handle = bucket.clone();
        bucket.acquire().await;
        bucket.acquire().await;
        handle.set(Some(4), None);
        assert_eq!(bucket.burst(), 4);
        let t0 = Instant::now();
        bucket.acquire().await;
        bucket.acquire().await;
        assert_eq!(
            t0.elapsed(),
            Duration::ZERO,
            "two more fit in the bigger bucket"
        );
        bucket.acquire().await;
        assert_eq!(
            t0.elapsed(),
            Duration::from_secs(1),
            "then one per interval"
        );
        handle.set(None, Some(Duration::from_millis(200)));
        handle.set(Some(0), Some(Duration::ZERO)); // ignored
        assert_eq!(bucket.interval(), Duration::from_millis(200));
    }
}
