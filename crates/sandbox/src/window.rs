//! The server side of a fixed-window rate limit: at most `limit` requests in each window
//! `[start + k·window, start + (k+1)·window)`, where `start` is the server's start, so the
//! windows reset on fixed boundaries (not a window from each client's first request).

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
struct State {
    index: u128,
    used: u32,
}

/// A fixed-window counter on tokio's clock (so tests run it in virtual time).
#[derive(Debug)]
pub(crate) struct FixedWindow {
    limit: u32,
    window: Duration,
    start: Instant,
    state: Mutex<State>,
}

/// The answer of [`FixedWindow::take`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Allowed; the window resets in this many milliseconds.
    Allowed { reset_ms: u128 },
    /// Refused; the window resets in this many milliseconds.
    Refused { reset_ms: u128 },
}

impl FixedWindow {
    /// `limit` requests per `window` (a zero window is taken as 1 ms), counted from now.
    pub(crate) fn new(limit: u32, window: Duration) -> Self {
        FixedWindow {
            limit,
            window: window.max(Duration::from_millis(1)),
            start: Instant::now(),
            state: Mutex::new(State { index: 0, used: 0 }),
        }
    }

    /// The current window's index and the milliseconds until it resets (rounded up).
    fn position(&self, now: Instant) -> (u128, u128) {
        let elapsed = now.saturating_duration_since(self.start).as_nanos();
        let window = self.window.as_nanos().max(1);
        let index = elapsed / window;
        let end = index.saturating_add(1).saturating_mul(window);
        let left = end.saturating_sub(elapsed);
        (index, left.div_ceil(1_000_000))
    }

    /// Milliseconds until the current window resets, without taking a slot.
    pub(crate) fn reset_ms(&self) -> u128 {
        self.position(Instant::now()).1
    }

    /// Takes a slot in the current window, or refuses.
    pub(crate) fn take(&self) -> Decision {
        self.take_counted().0
    }

    /// The window's limit.
    pub(crate) fn limit(&self) -> u32 {
        self.limit
    }

    /// Takes a slot in the current window, or refuses; with the slots left in the window
    /// after this request (for `X-RateLimit-Remaining`).
    pub(crate) fn take_counted(&self) -> (Decision, u32) {
        let (index, reset_ms) = self.position(Instant::now());
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if state.index != index {
            state.index = index;
            state.used = 0;
        }
        if state.used < self.limit {
            state.used = state.used.saturating_add(1);
            (
                Decision::Allowed { reset_ms },
                self.limit.saturating_sub(state.used),
            )
        } else {
            (Decision::Refused { reset_ms }, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn refuses_over_the_limit_until_the_boundary() {
        let w = FixedWindow::new(2, Duration::from_secs(60));
        assert_eq!(w.take(), Decision::Allowed { reset_ms: 60_000 });
        tokio::time::advance(Duration::from_millis(1500)).await;
        assert_eq!(w.take(), Decision::Allowed { reset_ms: 58_500 });
        assert_eq!(w.take(), Decision::Refused { reset_ms: 58_500 });
        assert_eq!(w.take_counted().1, 0);
        tokio::time::advance(Duration::from_millis(58_500)).await;
        assert_eq!(w.take(), Decision::Allowed { reset_ms: 60_000 });
        assert_eq!(
            w.take_counted(),
            (Decision::Allowed { reset_ms: 60_000 }, 0)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn rounds_the_reset_up_to_a_millisecond() {
        let w = FixedWindow::new(1, Duration::from_millis(10));
        tokio::time::advance(Duration::from_micros(9_500)).await;
        assert_eq!(w.reset_ms(), 1);
    }
}
