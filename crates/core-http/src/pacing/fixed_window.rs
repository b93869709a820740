//! N requests per window, the count reset on the window boundary.
//!
//! `governor` implements GCRA, which spreads requests evenly and has no notion of a window that
//! resets on a boundary, so this small type is our own.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
struct WindowState {
    /// End of the current window (its next boundary); `None` before the first request.
    boundary: Option<Instant>,
    used: u32,
}

/// At most `limit` requests start in each window of length `window`.
///
/// The windows follow one another from the first request's time, unless the vendor says when
/// its window resets ([`resets_in`](Self::resets_in)): the boundary then moves to the vendor's,
/// so a vendor that resets on fixed boundaries (not counted from our first request) never sees
/// more than `limit` requests in one of its windows.
#[derive(Debug)]
pub struct FixedWindow {
    limit: u32,
    window: Duration,
    state: Mutex<WindowState>,
}

impl FixedWindow {
    /// `limit` requests per `window` (a limit of 0 is treated as 1, a zero window as 1 ms).
    pub fn new(limit: u32, window: Duration) -> Self {
        FixedWindow {
            limit: limit.max(1),
            window: window.max(Duration::from_millis(1)),
            state: Mutex::new(WindowState {
                boundary: None,
                used: 0,
            }),
        }
    }

    /// Requests allowed per window.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Window length.
    pub fn window(&self) -> Duration {
        self.window
    }

    fn state(&self) -> std::sync::MutexGuard<'_, WindowState> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Moves `state` to the window that holds `now`: the first boundary after `now`, with an
    /// empty count when a boundary has passed.
    fn roll(&self, state: &mut WindowState, now: Instant) {
        let boundary = *state
            .boundary
            .get_or_insert_with(|| super::instant_after(now, self.window));
        if now >= boundary {
            let late = now.saturating_duration_since(boundary).as_nanos();
            let windows = late / self.window.as_nanos().max(1) + 1;
            let advance = windows.saturating_mul(self.window.as_nanos());
            let advance = Duration::from_nanos(u64::try_from(advance).unwrap_or(u64::MAX));
            state.boundary = Some(super::instant_after(boundary, advance));
            state.used = 0;
        }
    }

    /// Takes a slot now, or tells when the next window opens.
    fn try_take(&self, now: Instant) -> Result<(), Instant> {
        let mut state = self.state();
        self.roll(&mut state, now);
        if state.used < self.limit {
            state.used += 1;
            Ok(())
        } else {
            Err(state
                .boundary
                .unwrap_or_else(|| super::instant_after(now, self.window)))
        }
    }

    /// Waits for a slot.
    pub async fn acquire(&self) {
        loop {
            match self.try_take(Instant::now()) {
                Ok(()) => return,
                Err(next) => tokio::time::sleep_until(next).await,
            }
        }
    }

    /// The vendor says its window resets `reset_in` from now: the current window now ends
    /// then (a zero means the reset is now). The requests already counted stay counted.
    ///
    /// A value longer than the window cannot be the reset of a window this long and is
    /// ignored (a hostile or misconfigured vendor cannot stall the client this way).
    pub fn resets_in(&self, reset_in: Duration) {
        self.align(Instant::now(), reset_in);
    }

    /// [`resets_in`](Self::resets_in) at `now`.
    fn align(&self, now: Instant, reset_in: Duration) {
        if reset_in > self.window {
            return;
        }
        let mut state = self.state();
        self.roll(&mut state, now);
        state.boundary = Some(super::instant_after(now, reset_in));
    }

    /// The boundary last computed (the end of the window of the latest request or vendor
    /// reset), if any: it may lie in the past when no request was taken since.
    pub fn next_boundary(&self) -> Option<Instant> {
        self.state().boundary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn limit_per_window_then_reset_on_boundary() {
        let w = FixedWindow::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        let mut times = Vec::new();
        for _ in 0..7 {
            w.acquire().await;
            times.push(t0.elapsed());
        }
        let secs: Vec<u64> = times.iter().map(|d| d.as_secs()).collect();
        assert_eq!(secs, vec![0, 0, 0, 10, 10, 10, 20]);
    }

    #[tokio::test(start_paused = true)]
    async fn idle_windows_are_skipped() {
        let w = FixedWindow::new(1, Duration::from_secs(10));
        let t0 = Instant::now();
        w.acquire().await;
        tokio::time::sleep(Duration::from_secs(35)).await;
        w.acquire().await; // window [30, 40)
        w.acquire().await; // next window opens at 40
        assert_eq!(t0.elapsed(), Duration::from_secs(40));
    }

    #[tokio::test(start_paused = true)]
    async fn a_vendor_reset_moves_the_boundary_and_keeps_the_count() {
        let w = FixedWindow::new(2, Duration::from_secs(10));
        let t0 = Instant::now();
        w.acquire().await;
        assert_eq!(
            w.next_boundary().map(|b| b - t0),
            Some(Duration::from_secs(10))
        );
        w.resets_in(Duration::from_secs(4));
        assert_eq!(
            w.next_boundary().map(|b| b - t0),
            Some(Duration::from_secs(4))
        );
        w.acquire().await; // second slot of the window ending at 4
        w.acquire().await; // waits for the vendor's boundary, not ours at 10
        assert_eq!(t0.elapsed(), Duration::from_secs(4));
        assert_eq!(
            w.next_boundary().map(|b| b - t0),
            Some(Duration::from_secs(14))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_reset_is_now_and_a_reset_past_the_window_is_ignored() {
        let w = FixedWindow::new(1, Duration::from_secs(10));
        let t0 = Instant::now();
        w.acquire().await;
        w.resets_in(Duration::from_secs(11));
        w.resets_in(Duration::MAX);
        assert_eq!(
            w.next_boundary().map(|b| b - t0),
            Some(Duration::from_secs(10))
        );
        w.resets_in(Duration::ZERO);
        w.acquire().await; // the window reset now: no wait
        assert_eq!(t0.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_reset_after_our_boundary_passed_starts_a_fresh_count() {
        let w = FixedWindow::new(1, Duration::from_secs(10));
        let t0 = Instant::now();
        w.acquire().await;
        tokio::time::sleep(Duration::from_secs(12)).await;
        w.resets_in(Duration::from_secs(5));
        w.acquire().await; // a new window: the slot is free
        assert_eq!(t0.elapsed(), Duration::from_secs(12));
        w.acquire().await; // until the vendor's reset at 17
        assert_eq!(t0.elapsed(), Duration::from_secs(17));
    }
}
