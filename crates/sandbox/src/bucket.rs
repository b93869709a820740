//! The server side of a token bucket: `burst` requests at once, then one more per `interval`
//! (the generic cell rate algorithm: the bucket is a theoretical arrival time that each
//! request pushes one interval further, refused when it would run more than `burst`
//! intervals ahead of now).

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A token bucket on tokio's clock (so tests run it in virtual time).
#[derive(Debug)]
pub(crate) struct TokenBucket {
    burst: u32,
    interval: Duration,
    /// When the bucket would be full again with no further requests (`None`: full).
    tat: Mutex<Option<Instant>>,
}

impl TokenBucket {
    /// `burst` tokens (at least 1), one more per `interval` (at least 1 µs).
    pub(crate) fn new(burst: u32, interval: Duration) -> Self {
        TokenBucket {
            burst: burst.max(1),
            interval: interval.max(Duration::from_micros(1)),
            tat: Mutex::new(None),
        }
    }

    /// Bucket size.
    pub(crate) fn burst(&self) -> u32 {
        self.burst
    }

    /// Refill interval per token.
    pub(crate) fn interval(&self) -> Duration {
        self.interval
    }

    /// Takes a token, or says how long until one is free.
    pub(crate) fn take(&self) -> Result<(), Duration> {
        let now = Instant::now();
        let mut tat = match self.tat.lock() {
            Ok(t) => t,
            Err(poisoned) => poisoned.into_inner(),
        };
        let base = tat.map_or(now, |t| t.max(now));
        let next = base.checked_add(self.interval).unwrap_or(base);
        let ahead = self.interval.saturating_mul(self.burst);
        let limit = now.checked_add(ahead).unwrap_or(now);
        if next <= limit {
            *tat = Some(next);
            Ok(())
        } else {
            Err(next.saturating_duration_since(limit))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bursts_then_refills_one_token_per_interval() {
        let bucket = TokenBucket::new(3, Duration::from_millis(500));
        for _ in 0..3 {
            assert_eq!(bucket.take(), Ok(()));
        }
        assert_eq!(bucket.take(), Err(Duration::from_millis(500)));
        tokio::time::advance(Duration::from_millis(499)).await;
        assert_eq!(bucket.take(), Err(Duration::from_millis(1)));
        tokio::time::advance(Duration::from_millis(1)).await;
        assert_eq!(bucket.take(), Ok(()));
        assert_eq!(bucket.take(), Err(Duration::from_millis(500)));
        // Idle time refills up to the burst, never beyond.
        tokio::time::advance(Duration::from_secs(60)).await;
        for _ in 0..3 {
            assert_eq!(bucket.take(), Ok(()));
        }
        assert!(bucket.take().is_err());
    }
}
