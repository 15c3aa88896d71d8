//! Sign-in backoff: after a few failures for one email the next attempt must wait, doubling per
//! failure and capped so a stranger cannot lock a trainer out for long. The wait is answered as
//! `too_many_attempts` with `retry_after` — the command never sleeps.

/// Failures allowed before any wait.
pub const FREE_FAILURES: u32 = 3;
/// The first wait, in seconds.
pub const FIRST_WAIT_S: u64 = 5;
/// The longest wait, in seconds (15 minutes).
pub const MAX_WAIT_S: u64 = 15 * 60;

/// Seconds to wait after the last failure, given how many failures there were.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20);
    FIRST_WAIT_S.saturating_mul(1 << doublings).min(MAX_WAIT_S)
}

/// Seconds still to wait at `now_ms`, or `None` when an attempt is allowed.
pub fn remaining(failures: u32, last_failure_ms: i64, now_ms: i64) -> Option<u64> {
    let wait_ms = i64::try_from(wait_after(failures) * 1_000).unwrap_or(i64::MAX);
    let until = last_failure_ms.saturating_add(wait_ms);
    (now_ms < until).then(|| u64::try_from((until - now_ms + 999) / 1_000).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_three_failures_and_stop_at_fifteen_minutes() {
        // Worked by hand: 3 → 5 s, 4 → 10, 5 → 20, 6 → 40, …, 10 → 640, 11 → 1280 capped to 900.
        let expected = [
            (0, 0),
            (2, 0),
            (3, 5),
            (4, 10),
            (5, 20),
            (6, 40),
            (10, 640),
            (11, 900),
        ];
        for (failures, wait) in expected {
            assert_eq!(wait_after(failures), wait, "{failures} failures");
        }
        assert_eq!(wait_after(u32::MAX), 900);
    }

    #[test]
    fn remaining_rounds_up_to_whole_seconds() {
        assert_eq!(remaining(3, 1_000, 1_000), Some(5));
        assert_eq!(remaining(3, 1_000, 5_999), Some(1));
        assert_eq!(remaining(3, 1_000, 6_000), None);
        assert_eq!(remaining(2, 1_000, 1_000), None);
    }
}
