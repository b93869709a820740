//! N requests per window, the count reset on the window boundary.
//!
//! `governor` implements GCRA, which spreads requests evenly and has no notion of a window that
//! resets on a boundary, so this small type is our own.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
struct WindowState {
    start: Option<Instant>,
    used: u32,
}

/// At most `limit` requests start in any window `[start + k·window, start + (k+1)·window)`, where
/// `start` is the first request's time.
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
                start: None,
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

    /// Takes a slot now, or tells when the next window opens.
    fn try_take(&self, now: Instant) -> Result<(), Instant> {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let start = *state.start.get_or_insert(now);
        let elapsed = now.saturating_duration_since(start);
        if elapsed >= self.window {
            let windows = elapsed.as_nanos() / self.window.as_nanos();
            let advance =
                Duration::from_nanos(u64::try_from(windows * self.window.as_nanos()).unwrap_or(0));
            state.start = Some(super::instant_after(start, advance));
            state.used = 0;
        }
        if state.used < self.limit {
            state.used += 1;
            Ok(())
        } else {
            Err(super::instant_after(
                state.start.unwrap_or(now),
                self.window,
            ))
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
}
