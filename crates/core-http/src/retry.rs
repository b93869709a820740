//! When and how long to wait before trying a failed request again.

use std::time::Duration;

use reqwest::Method;

/// Retry settings of a client.
///
/// Idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, or any request marked
/// [`crate::RequestBuilder::idempotent`]) are retried on 429, 502, 503, 504, timeouts and
/// connection errors. Other requests are retried only when they provably never left (connect
/// error) or were refused for rate (429, or what the feedback policy calls a rate limit): a
/// refused request was not processed. Waits follow `Retry-After` when the vendor sends it, otherwise capped exponential
/// backoff with jitter. Nothing waits past the time budget: a `Retry-After` beyond it returns
/// [`crate::Error::RateLimited`] at once.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Backoff before the second attempt.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff.
    pub max_backoff: Duration,
    /// Longest time from the first attempt to the start of the last.
    pub budget: Duration,
    /// Randomise each backoff within `[backoff/2, backoff]`.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            budget: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Backoff after failed attempt number `attempt` (1-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if self.jitter && !base.is_zero() {
            let half = base / 2;
            let extra_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
            half.saturating_add(Duration::from_nanos(extra_nanos))
        } else {
            base
        }
    }
}

/// Whether a method is idempotent by HTTP semantics.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Statuses worth retrying (for idempotent requests).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        let waits: Vec<u128> = (1..=7).map(|a| p.backoff(a).as_millis()).collect();
        assert_eq!(waits, vec![250, 500, 1000, 2000, 4000, 8000, 8000]);
    }

    #[test]
    fn jitter_stays_in_upper_half() {
        let p = RetryPolicy::default();
        for attempt in 1..6 {
            let full = RetryPolicy {
                jitter: false,
                ..p.clone()
            }
            .backoff(attempt);
            for _ in 0..50 {
                let d = p.backoff(attempt);
                assert!(d >= full / 2 && d <= full, "{d:?} vs {full:?}");
            }
        }
    }

    #[test]
    fn idempotency_by_method() {
        assert!(is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
        assert!(is_retryable_status(503) && !is_retryable_status(500));
    }
}
