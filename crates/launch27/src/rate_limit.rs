//! Client-side pacing for Launch27: separate read and write token buckets
//! (docs/vendors/launch27.md §5), adjusted at run time from the `x-rate-limit-*` response
//! headers, in both the documented and the observed dialect.
//!
//! The buckets are core-http's [`TokenBuckets`]; this module keeps a handle to them and resizes
//! them when the vendor announces other limits.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use core_http::http::{HeaderMap, StatusCode};
use core_http::pacing::{
    Feedback, FeedbackPolicy, Pacing, RequestKind, TimeUnit, TokenBucket, TokenBuckets,
};

/// Documented read burst (docs/vendors/launch27.md §5: `x-rate-limit-read-limit: 30`).
pub const READ_BURST: u32 = 30;
/// Documented write burst (docs/vendors/launch27.md §5: `x-rate-limit-write-limit: 10`).
pub const WRITE_BURST: u32 = 10;
/// Documented refill interval of both buckets (docs/vendors/launch27.md §5: `...-ttl: 500ms`).
pub const REFILL_INTERVAL: Duration = Duration::from_millis(500);
/// Pause after a 429 that carries no `Retry-After` (one refill interval; docs/vendors/launch27.md
/// §5 says only "back off on 429").
pub const DEFAULT_429_PAUSE: Duration = Duration::from_secs(1);

/// Longest refill interval accepted from the vendor's headers. The documented interval is
/// 500 ms (docs/vendors/launch27.md §5); a larger announced value (`1e19s`, a typo, a hostile
/// proxy) is ignored rather than allowed to stall the client or overflow its clock.
pub const MAX_ANNOUNCED_INTERVAL: Duration = Duration::from_secs(60);

/// Documented dialect (docs/vendors/launch27.md §5: the vendor's General notes).
pub const HEADER_READ_LIMIT: &str = "x-rate-limit-read-limit";
/// Documented dialect: refill interval of the read bucket (`500ms`).
pub const HEADER_READ_TTL: &str = "x-rate-limit-read-ttl";
/// Documented dialect: write bucket size.
pub const HEADER_WRITE_LIMIT: &str = "x-rate-limit-write-limit";
/// Documented dialect: refill interval of the write bucket.
pub const HEADER_WRITE_TTL: &str = "x-rate-limit-write-ttl";
/// Observed dialect (2026 capture, docs/vendors/launch27.md §5): sent twice, `30.00` then `10.00`.
pub const HEADER_LIMIT: &str = "x-rate-limit-limit";
/// Observed dialect: `1` (seconds), sent twice.
pub const HEADER_DURATION: &str = "x-rate-limit-duration";

/// The limits in force, as last announced by the vendor (or the documented defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Read bucket size.
    pub read_burst: u32,
    /// Read refill interval.
    pub read_interval: Duration,
    /// Write bucket size.
    pub write_burst: u32,
    /// Write refill interval.
    pub write_interval: Duration,
    /// `x-rate-limit-duration` of the observed dialect, when seen (informational).
    pub observed_duration: Option<Duration>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            read_burst: READ_BURST,
            read_interval: REFILL_INTERVAL,
            write_burst: WRITE_BURST,
            write_interval: REFILL_INTERVAL,
            observed_duration: None,
        }
    }
}

/// Read and write buckets shared by all clones of a client (a handle to core-http's buckets).
#[derive(Debug)]
pub(crate) struct Limiter {
    buckets: TokenBuckets,
    duration: Mutex<Option<Duration>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Limiter {
    pub(crate) fn new(limits: RateLimits) -> Arc<Self> {
        Arc::new(Limiter {
            buckets: TokenBuckets::new(
                TokenBucket::new(limits.read_burst, limits.read_interval),
                TokenBucket::new(limits.write_burst, limits.write_interval),
            ),
            duration: Mutex::new(limits.observed_duration),
        })
    }

    /// The default pacing of the core-http client: these buckets.
    pub(crate) fn pacing(&self) -> Pacing {
        Pacing::token_buckets(self.buckets.clone())
    }

    pub(crate) fn limits(&self) -> RateLimits {
        let r = self.buckets.bucket(RequestKind::Read);
        let w = self.buckets.bucket(RequestKind::Write);
        RateLimits {
            read_burst: r.burst(),
            read_interval: r.interval(),
            write_burst: w.burst(),
            write_interval: w.interval(),
            observed_duration: *lock(&self.duration),
        }
    }

    fn set(&self, kind: RequestKind, burst: Option<u32>, interval: Option<Duration>) {
        self.buckets.bucket(kind).set(burst, interval);
    }

    /// Applies what one response's headers announce.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        let all = |name: &str| -> Vec<String> {
            headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(',').map(|p| p.trim().to_owned()))
                .filter(|v| !v.is_empty())
                .collect()
        };
        let first_count = |name: &str| all(name).first().and_then(|v| parse_count(v));
        let first_ttl = |name: &str| all(name).first().and_then(|v| parse_ttl(v));
        // Documented dialect.
        self.set(
            RequestKind::Read,
            first_count(HEADER_READ_LIMIT),
            first_ttl(HEADER_READ_TTL),
        );
        self.set(
            RequestKind::Write,
            first_count(HEADER_WRITE_LIMIT),
            first_ttl(HEADER_WRITE_TTL),
        );
        // Observed dialect: two values, read first and write second (inferred from 30/10).
        let limits: Vec<u32> = all(HEADER_LIMIT)
            .iter()
            .filter_map(|v| parse_count(v))
            .collect();
        if let [read, write, ..] = limits.as_slice() {
            self.set(RequestKind::Read, Some(*read), None);
            self.set(RequestKind::Write, Some(*write), None);
        }
        if let Some(d) = all(HEADER_DURATION).first().and_then(|v| parse_ttl(v)) {
            *lock(&self.duration) = Some(d);
        }
    }
}

/// `30`, `30.00` → 30.
fn parse_count(text: &str) -> Option<u32> {
    let n: f64 = text.trim().parse().ok()?;
    (n.is_finite() && n >= 1.0 && n < f64::from(u32::MAX)).then(|| n.floor() as u32)
}

/// `500ms`, `1s`, `1` (seconds), `1.5s`, `250us`; at most [`MAX_ANNOUNCED_INTERVAL`].
fn parse_ttl(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = t.strip_suffix("us").or_else(|| t.strip_suffix("µs")) {
        (n, 1e-6)
    } else if let Some(n) = t.strip_suffix("ns") {
        (n, 1e-9)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let n: f64 = num.trim().parse().ok()?;
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(n * scale)
        .ok()
        .filter(|d| *d <= MAX_ANNOUNCED_INTERVAL)
}

/// Reads Launch27's pacing headers: adjusts the buckets and turns a 429 into a pause.
#[derive(Debug)]
pub(crate) struct Launch27Feedback {
    pub(crate) limiter: Arc<Limiter>,
}

impl FeedbackPolicy for Launch27Feedback {
    fn interpret(&self, status: StatusCode, headers: &HeaderMap) -> Feedback {
        self.limiter.observe(headers);
        let retry_after =
            core_http::pacing::feedback::parse_retry_after(headers, TimeUnit::Seconds);
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = retry_after.unwrap_or(DEFAULT_429_PAUSE);
            return Feedback {
                rate_limited: true,
                retry_after: Some(wait),
                pause_for: Some(wait),
            };
        }
        Feedback {
            rate_limited: false,
            retry_after,
            pause_for: (status == StatusCode::SERVICE_UNAVAILABLE)
                .then_some(retry_after)
                .flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core_http::http::HeaderValue;

    #[test]
    fn ttl_and_count_forms() {
        assert_eq!(parse_ttl("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_ttl("1"), Some(Duration::from_secs(1)));
        assert_eq!(parse_ttl("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_ttl("soon"), None);
        for hostile in [
            "1e19s",
            "1e19",
            "1e308m",
            "99999999999ms",
            "-1s",
            "inf",
            "NaN",
        ] {
            assert_eq!(parse_ttl(hostile), None, "{hostile}");
        }
        assert_eq!(parse_ttl("60s"), Some(MAX_ANNOUNCED_INTERVAL));
        assert_eq!(parse_count("30.00"), Some(30));
        assert_eq!(parse_count("0"), None);
    }

    #[test]
    fn both_dialects_adjust_the_buckets() {
        let limiter = Limiter::new(RateLimits::default());
        let mut h = HeaderMap::new();
        h.insert(HEADER_READ_LIMIT, HeaderValue::from_static("20"));
        h.insert(HEADER_READ_TTL, HeaderValue::from_static("250ms"));
        h.insert(HEADER_WRITE_LIMIT, HeaderValue::from_static("5"));
        h.insert(HEADER_WRITE_TTL, HeaderValue::from_static("1s"));
        limiter.observe(&h);
        let l = limiter.limits();
        assert_eq!(
            (l.read_burst, l.read_interval),
            (20, Duration::from_millis(250))
        );
        assert_eq!(
            (l.write_burst, l.write_interval),
            (5, Duration::from_secs(1))
        );

        let mut h = HeaderMap::new();
        h.append(HEADER_LIMIT, HeaderValue::from_static("30.00"));
        h.append(HEADER_LIMIT, HeaderValue::from_static("10.00"));
        h.append(HEADER_DURATION, HeaderValue::from_static("1"));
        h.append(HEADER_DURATION, HeaderValue::from_static("1"));
        limiter.observe(&h);
        let l = limiter.limits();
        assert_eq!((l.read_burst, l.write_burst), (30, 10));
        assert_eq!(l.observed_duration, Some(Duration::from_secs(1)));
        // Intervals keep their last announced value.
        assert_eq!(l.read_interval, Duration::from_millis(250));
    }

    #[test]
    fn a_single_observed_value_changes_nothing() {
        let limiter = Limiter::new(RateLimits::default());
        let mut h = HeaderMap::new();
        h.append(HEADER_LIMIT, HeaderValue::from_static("3"));
        limiter.observe(&h);
        assert_eq!(limiter.limits(), RateLimits::default());
    }

    #[test]
    fn a_429_pauses_for_retry_after_or_a_default() {
        let fb = Launch27Feedback {
            limiter: Limiter::new(RateLimits::default()),
        };
        let mut h = HeaderMap::new();
        let f = fb.interpret(StatusCode::TOO_MANY_REQUESTS, &h);
        assert!(f.rate_limited);
        assert_eq!(f.pause_for, Some(DEFAULT_429_PAUSE));
        h.insert("retry-after", HeaderValue::from_static("3"));
        let f = fb.interpret(StatusCode::TOO_MANY_REQUESTS, &h);
        assert_eq!(f.retry_after, Some(Duration::from_secs(3)));
        assert!(!fb.interpret(StatusCode::OK, &h).rate_limited);
    }

    #[tokio::test(start_paused = true)]
    async fn default_write_bucket_bursts_10_then_refills_every_500ms() {
        let limiter = Limiter::new(RateLimits::default());
        let t0 = tokio::time::Instant::now();
        for _ in 0..10 {
            limiter.buckets.acquire(RequestKind::Write).await;
        }
        assert_eq!(t0.elapsed(), Duration::ZERO);
        limiter.buckets.acquire(RequestKind::Write).await;
        assert_eq!(t0.elapsed(), Duration::from_millis(500));
        limiter.buckets.acquire(RequestKind::Write).await;
        assert_eq!(t0.elapsed(), Duration::from_millis(1000));
    }
}
