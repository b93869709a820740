//! What the vendor's response headers say about pacing.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, RETRY_AFTER};

/// Units of a vendor's `Retry-After` value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeUnit {
    /// RFC 9110: delay in seconds (an HTTP date is also accepted).
    #[default]
    Seconds,
    /// Milliseconds (resOS).
    Milliseconds,
}

/// What one response says about pacing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Feedback {
    /// The response is a rate-limit refusal (usually 429), to be retried after `retry_after`.
    pub rate_limited: bool,
    /// How long the vendor asked us to wait.
    pub retry_after: Option<Duration>,
    /// Pause every request of the client for this long from now.
    pub pause_for: Option<Duration>,
}

/// Reads pacing signals from responses. Vendor crates implement it when their headers differ
/// from [`HeaderFeedback`]'s.
pub trait FeedbackPolicy: Send + Sync + std::fmt::Debug + 'static {
    /// Interprets one response.
    fn interpret(&self, status: StatusCode, headers: &HeaderMap) -> Feedback;

    /// How long until the vendor's rate-limit window resets, for vendors that say so on every
    /// response (successes included) and reset on fixed boundaries. The client's
    /// [`FixedWindow`](super::FixedWindow) then ends its window at that time
    /// ([`Pacing::window_resets_in`](super::Pacing::window_resets_in)); it is never a pause.
    ///
    /// Default: `None` (the vendor does not say; the window counts from our first request).
    fn window_reset_in(&self, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        let _ = (status, headers);
        None
    }
}

/// The common dialect: `Retry-After` (seconds or milliseconds) on 429 and 503, and
/// `X-RateLimit-Remaining` (pause until the window resets when it reaches 0).
#[derive(Clone, Debug)]
pub struct HeaderFeedback {
    /// Unit of `Retry-After`.
    pub retry_after_unit: TimeUnit,
    /// Header holding the requests left in the current window.
    pub remaining_header: Option<HeaderName>,
    /// Header saying when the window resets (default `x-ratelimit-reset`): seconds from now, or
    /// a Unix time in seconds (values above [`UNIX_TIME_THRESHOLD`]).
    pub reset_header: Option<HeaderName>,
    /// Pause when `remaining` hits 0 and neither `Retry-After` nor the reset header says how
    /// long: the vendor's window length, the longest the current window can still last
    /// (default [`DEFAULT_WINDOW`]). See [`HeaderFeedback::with_window`].
    pub exhausted_pause: Duration,
    /// Treat a 403 that carries `Retry-After` as a rate limit (Resource Guru).
    pub forbidden_with_retry_after_is_rate_limit: bool,
    /// `Retry-After` on every response that is not a server error (5xx) is the time until the
    /// vendor's window resets (resOS), reported by [`FeedbackPolicy::window_reset_in`]. On a
    /// success it still orders no pause. Default `false`; see
    /// [`HeaderFeedback::reset_on_every_response`].
    pub reset_on_every_response: bool,
}

/// Window length assumed by [`HeaderFeedback::default`]: one minute, the window of most
/// per-minute vendor limits (a vendor crate sets its own with [`HeaderFeedback::with_window`]).
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// A reset header value above this many seconds (about 31 years) is read as a Unix time.
pub const UNIX_TIME_THRESHOLD: f64 = 1e9;

impl Default for HeaderFeedback {
    fn default() -> Self {
        HeaderFeedback {
            retry_after_unit: TimeUnit::Seconds,
            remaining_header: Some(HeaderName::from_static("x-ratelimit-remaining")),
            reset_header: Some(HeaderName::from_static("x-ratelimit-reset")),
            exhausted_pause: DEFAULT_WINDOW,
            forbidden_with_retry_after_is_rate_limit: false,
            reset_on_every_response: false,
        }
    }
}

impl HeaderFeedback {
    /// The default dialect with `Retry-After` in `unit`.
    pub fn with_unit(unit: TimeUnit) -> Self {
        HeaderFeedback {
            retry_after_unit: unit,
            ..HeaderFeedback::default()
        }
    }

    /// Sets the vendor's window length: how long to pause when `remaining` reaches 0 and the
    /// vendor does not say when the window resets.
    pub fn with_window(mut self, window: Duration) -> Self {
        self.exhausted_pause = window;
        self
    }

    /// Whether the vendor's `Retry-After` on every response (successes included) tells the
    /// time until its window resets, which aligns the client's fixed window to the vendor's
    /// boundaries (resOS: yes; most vendors: no, the default).
    pub fn reset_on_every_response(mut self, yes: bool) -> Self {
        self.reset_on_every_response = yes;
        self
    }
}

/// Parses a rate-limit reset header: seconds from now, or a Unix time in seconds when the
/// value is above [`UNIX_TIME_THRESHOLD`]. Garbage, negative and non-finite values give `None`;
/// a reset time in the past gives zero.
pub fn parse_reset(headers: &HeaderMap, name: &HeaderName) -> Option<Duration> {
    let n: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    if n > UNIX_TIME_THRESHOLD {
        let now = jiff::Timestamp::now().as_millisecond() as f64 / 1000.0;
        return Duration::try_from_secs_f64((n - now).max(0.0)).ok();
    }
    Duration::try_from_secs_f64(n).ok()
}

/// Parses a `Retry-After` value in `unit`. Fractional values are accepted; an HTTP date is
/// accepted in seconds mode.
pub fn parse_retry_after(headers: &HeaderMap, unit: TimeUnit) -> Option<Duration> {
    let raw = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(n) = raw.parse::<f64>() {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        let secs = match unit {
            TimeUnit::Seconds => n,
            TimeUnit::Milliseconds => n / 1000.0,
        };
        return Duration::try_from_secs_f64(secs).ok();
    }
    if unit == TimeUnit::Seconds {
        let at = jiff::fmt::rfc2822::parse(raw).ok()?.timestamp();
        let left = at.duration_since(jiff::Timestamp::now());
        return Some(Duration::try_from(left).unwrap_or(Duration::ZERO));
    }
    None
}

impl FeedbackPolicy for HeaderFeedback {
    fn interpret(&self, status: StatusCode, headers: &HeaderMap) -> Feedback {
        let retry_after = parse_retry_after(headers, self.retry_after_unit);
        let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
            || (self.forbidden_with_retry_after_is_rate_limit
                && status == StatusCode::FORBIDDEN
                && retry_after.is_some());
        let mut pause_for = None;
        if rate_limited || status == StatusCode::SERVICE_UNAVAILABLE {
            pause_for = retry_after;
        }
        let remaining = self
            .remaining_header
            .as_ref()
            .and_then(|h| headers.get(h))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        if remaining.is_some_and(|r| r <= 0.0) {
            let reset = self
                .reset_header
                .as_ref()
                .and_then(|h| parse_reset(headers, h));
            let until_reset = retry_after.or(reset).unwrap_or(self.exhausted_pause);
            pause_for = pause_for.max(Some(until_reset));
        }
        Feedback {
            rate_limited,
            retry_after,
            pause_for,
        }
    }

    fn window_reset_in(&self, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        if !self.reset_on_every_response || status.is_server_error() {
            return None;
        }
        parse_retry_after(headers, self.retry_after_unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn retry_after_units() {
        let h = headers(&[("retry-after", "1500")]);
        assert_eq!(
            parse_retry_after(&h, TimeUnit::Milliseconds),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after(&h, TimeUnit::Seconds),
            Some(Duration::from_secs(1500))
        );
        assert_eq!(
            parse_retry_after(&headers(&[("retry-after", "-1")]), TimeUnit::Seconds),
            None
        );
        assert_eq!(
            parse_retry_after(&headers(&[("retry-after", "soon")]), TimeUnit::Seconds),
            None
        );
    }

    #[test]
    fn retry_after_on_success_is_not_a_pause() {
        // resOS sends Retry-After on every response; only a refusal or exhaustion pauses.
        let fb = HeaderFeedback::with_unit(TimeUnit::Milliseconds)
            .interpret(StatusCode::OK, &headers(&[("retry-after", "800")]));
        assert!(!fb.rate_limited);
        assert_eq!(fb.pause_for, None);
    }

    #[test]
    fn the_reset_on_every_response_is_opt_in() {
        let h = headers(&[("retry-after", "800")]);
        let resos = HeaderFeedback::with_unit(TimeUnit::Milliseconds).reset_on_every_response(true);
        assert_eq!(
            resos.window_reset_in(StatusCode::OK, &h),
            Some(Duration::from_millis(800))
        );
        assert_eq!(
            resos.window_reset_in(StatusCode::TOO_MANY_REQUESTS, &h),
            Some(Duration::from_millis(800))
        );
        assert_eq!(
            resos.window_reset_in(StatusCode::SERVICE_UNAVAILABLE, &h),
            None
        );
        assert_eq!(resos.interpret(StatusCode::OK, &h).pause_for, None);
        let plain = HeaderFeedback::with_unit(TimeUnit::Milliseconds);
        assert_eq!(plain.window_reset_in(StatusCode::OK, &h), None);
        for garbage in ["-5", "soon", "NaN", "inf", ""] {
            let h = headers(&[("retry-after", garbage)]);
            assert_eq!(resos.window_reset_in(StatusCode::OK, &h), None, "{garbage}");
        }
    }

    #[test]
    fn remaining_zero_pauses_until_reset() {
        let fb = HeaderFeedback::with_unit(TimeUnit::Milliseconds).interpret(
            StatusCode::OK,
            &headers(&[("retry-after", "800"), ("x-ratelimit-remaining", "0")]),
        );
        assert_eq!(fb.pause_for, Some(Duration::from_millis(800)));
        let fb = HeaderFeedback::default()
            .interpret(StatusCode::OK, &headers(&[("x-ratelimit-remaining", "0")]));
        assert_eq!(
            fb.pause_for,
            Some(DEFAULT_WINDOW),
            "the whole window, not 1 s"
        );
        let fb = HeaderFeedback::default()
            .with_window(Duration::from_secs(10))
            .interpret(
                StatusCode::OK,
                &headers(&[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "7")]),
            );
        assert_eq!(
            fb.pause_for,
            Some(Duration::from_secs(7)),
            "the reset header wins"
        );
        let fb = HeaderFeedback::default()
            .with_window(Duration::from_secs(10))
            .interpret(
                StatusCode::OK,
                &headers(&[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "soon"),
                ]),
            );
        assert_eq!(
            fb.pause_for,
            Some(Duration::from_secs(10)),
            "else the window"
        );
    }

    #[test]
    fn hostile_header_values_never_panic() {
        let values = [
            "1e19",
            "1e308",
            "-1e308",
            "inf",
            "NaN",
            "-0",
            "99999999999",
            "18446744073709551616",
            "0.0000000001",
            "",
            " ",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Mon, 99 Foo 2024",
            "\u{0}",
            "1e19ms",
            "9".repeat(400).leak(),
        ];
        for v in values {
            let mut h = HeaderMap::new();
            let Ok(value) = HeaderValue::from_str(v) else {
                continue;
            };
            for name in ["retry-after", "x-ratelimit-remaining", "x-ratelimit-reset"] {
                h.insert(name, value.clone());
            }
            for unit in [TimeUnit::Seconds, TimeUnit::Milliseconds] {
                let _ = parse_retry_after(&h, unit);
                for status in [
                    StatusCode::OK,
                    StatusCode::TOO_MANY_REQUESTS,
                    StatusCode::SERVICE_UNAVAILABLE,
                ] {
                    let _ = HeaderFeedback::with_unit(unit).interpret(status, &h);
                }
            }
        }
        let far = headers(&[
            ("x-ratelimit-reset", "99999999999"),
            ("x-ratelimit-remaining", "0"),
        ]);
        let fb = HeaderFeedback::default().interpret(StatusCode::OK, &far);
        assert!(
            fb.pause_for
                .is_some_and(|p| p > Duration::from_secs(365 * 24 * 3600))
        );
    }

    #[test]
    fn forbidden_with_retry_after_is_opt_in() {
        let h = headers(&[("retry-after", "3")]);
        assert!(
            !HeaderFeedback::default()
                .interpret(StatusCode::FORBIDDEN, &h)
                .rate_limited
        );
        let rg = HeaderFeedback {
            forbidden_with_retry_after_is_rate_limit: true,
            ..HeaderFeedback::default()
        };
        assert!(rg.interpret(StatusCode::FORBIDDEN, &h).rate_limited);
    }
}
