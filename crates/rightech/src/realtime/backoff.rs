//! Reconnection waits and deadline arithmetic that cannot overflow.

use std::hash::BuildHasher;
use std::time::Duration;

use tokio::time::Instant;

/// The instant `wait` after `now`, saturating at a far-away instant instead of overflowing.
pub(super) fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait)
        .or_else(|| now.checked_add(FAR))
        .unwrap_or(now)
}

/// Stand-in for "never" when a sum would overflow (about 30 years).
const FAR: Duration = Duration::from_secs(30 * 365 * 24 * 3600);

/// Capped exponential backoff before attempt `failures` (1-based): `initial · 2^(failures-1)`,
/// at most `max`.
pub(super) fn capped(initial: Duration, max: Duration, failures: u32) -> Duration {
    let exp = failures.saturating_sub(1).min(20);
    initial.saturating_mul(1u32 << exp).min(max)
}

/// "Equal jitter": a wait drawn uniformly from `[wait / 2, wait]`, so that many clients cut
/// off together do not come back together, while the wait still grows with each failure.
pub(super) fn jittered(wait: Duration) -> Duration {
    let half = wait / 2;
    let span = wait.saturating_sub(half).as_nanos();
    if span == 0 {
        return wait;
    }
    // Random bits without a dependency: std's per-process random hasher keys.
    let random = std::collections::hash_map::RandomState::new().hash_one(Instant::now());
    let offset = u128::from(random) % (span + 1);
    half.saturating_add(Duration::from_nanos(
        u64::try_from(offset).unwrap_or(u64::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let waits: Vec<u128> = (1..=5)
            .map(|n| capped(Duration::from_millis(100), Duration::from_millis(500), n).as_millis())
            .collect();
        assert_eq!(waits, vec![100, 200, 400, 500, 500]);
        assert_eq!(
            capped(Duration::MAX, Duration::MAX, u32::MAX),
            Duration::MAX
        );
    }

    #[test]
    fn jitter_stays_between_half_and_full() {
        let wait = Duration::from_millis(800);
        let draws: Vec<Duration> = (0..200).map(|_| jittered(wait)).collect();
        assert!(draws.iter().all(|d| *d >= wait / 2 && *d <= wait));
        // Not a constant.
        assert!(draws.iter().any(|d| *d != draws[0]));
        assert_eq!(jittered(Duration::ZERO), Duration::ZERO);
        assert!(jittered(Duration::MAX) >= Duration::MAX / 2);
    }

    #[test]
    fn later_saturates() {
        let now = Instant::now();
        assert_eq!(
            later(now, Duration::from_secs(1)).duration_since(now),
            Duration::from_secs(1)
        );
        assert!(later(now, Duration::MAX) > now);
    }
}
