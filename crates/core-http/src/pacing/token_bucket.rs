//! Token buckets on `governor`'s GCRA, driven by tokio's clock.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::time::Instant;

use super::RequestKind;

/// A clock that reads tokio's (pausable) time, so virtual-time tests drive the buckets.
#[derive(Clone, Debug)]
struct TokioClock {
    origin: Instant,
}

impl Clock for TokioClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(self.origin.elapsed())
    }
}

/// A bucket holding `burst` tokens, refilled with one token per `interval`.
pub struct TokenBucket {
    burst: u32,
    interval: Duration,
    limiter: RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Nanos>>,
    clock: TokioClock,
}

impl TokenBucket {
    /// `burst` requests at once, then one per `interval` (zero values are raised to 1 and 1 ms).
    pub fn new(burst: u32, interval: Duration) -> Self {
        let burst_nz = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let interval = interval.max(Duration::from_millis(1));
        let quota = Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst_nz);
        let clock = TokioClock {
            origin: Instant::now(),
        };
        TokenBucket {
            burst: burst_nz.get(),
            interval,
            limiter: RateLimiter::direct_with_clock(quota, clock.clone()),
            clock,
        }
    }

    /// Bucket size.
    pub fn burst(&self) -> u32 {
        self.burst
    }

    /// Refill interval per token.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Waits for a token.
    pub async fn acquire(&self) {
        loop {
            match self.limiter.check() {
                Ok(()) => return,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(self.clock.now());
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

impl std::fmt::Debug for TokenBucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenBucket")
            .field("burst", &self.burst)
            .field("interval", &self.interval)
            .finish()
    }
}

/// Independent buckets for reads and writes: a burst of writes never slows reads.
#[derive(Debug)]
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
    async fn writes_do_not_slow_reads() {
        let buckets = TokenBuckets::new(
            TokenBucket::new(30, Duration::from_millis(500)),
            TokenBucket::new(10, Duration::from_millis(500)),
        );
        let t0 = Instant::now();
        for _ in 0..12 {
            buckets.acquire(RequestKind::Write).await;
        }
        let after_writes = t0.elapsed();
        assert_eq!(after_writes, Duration::from_millis(1000));
        let t1 = Instant::now();
        for _ in 0..30 {
            buckets.acquire(RequestKind::Read).await;
        }
        assert_eq!(t1.elapsed(), Duration::ZERO);
    }
}
