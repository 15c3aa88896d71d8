//! A 64-bit hybrid logical clock (HLC) for stamping sync changes.
//!
//! Layout: the high 48 bits are wall-clock milliseconds, the low 16 bits a counter. Comparing the
//! packed `u64` compares (milliseconds, counter), and a counter overflow simply carries into the
//! milliseconds, so "advance by one" is `+ 1` on the packed value.
//!
//! The clock never runs backwards: every stamp is greater than the last one this device issued or
//! saw, even if the wall clock jumps back (a wrong clock fixed by NTP, a manual change) — which is
//! why the caller persists the last stamp and passes it in, together with the wall time (this
//! crate reads no clock).
//!
//! Milliseconds are capped at 2^47 − 1 (the year 6429) rather than 2^48 − 1, so every stamp also
//! fits a *signed* 64-bit integer and keeps its order as a SQLite `INTEGER`. A wall clock beyond
//! the cap is treated as the cap, and a clock that reaches [`Hlc::MAX`] stays there.
//!
//! Serialized as a plain number. Over JSON to JavaScript it would lose precision (stamps exceed
//! 2^53), so stamps travel only between Rust ends (store, sync client, server), never to the UI.

use std::fmt;

/// A hybrid logical clock value. Always ≤ [`Hlc::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(u64);

const COUNTER_BITS: u32 = 16;

/// The largest wall-clock milliseconds a stamp can carry (see the module docs).
pub const MAX_PHYSICAL_MS: u64 = (1 << 47) - 1;

/// How far in the future (by the receiver's wall clock) a stamp may be before the server
/// re-stamps it and reports the skew (sync.md, "Clock").
pub const MAX_FUTURE_SKEW_MS: u64 = 60_000;

impl Hlc {
    pub const ZERO: Hlc = Hlc(0);
    /// The largest stamp: [`MAX_PHYSICAL_MS`] with a full counter, equal to `i64::MAX`.
    pub const MAX: Hlc = Hlc((MAX_PHYSICAL_MS << COUNTER_BITS) | 0xFFFF);

    /// The stamp for `physical_ms` and `counter`, if the milliseconds are within the cap.
    pub const fn new(physical_ms: u64, counter: u16) -> Option<Hlc> {
        if physical_ms > MAX_PHYSICAL_MS {
            None
        } else {
            Some(Hlc((physical_ms << COUNTER_BITS) | counter as u64))
        }
    }

    pub const fn physical_ms(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    pub const fn counter(self) -> u16 {
        (self.0 & 0xFFFF) as u16
    }

    pub const fn to_u64(self) -> u64 {
        self.0
    }

    /// The stamp packed in `value`, if it is within [`Hlc::MAX`].
    pub const fn from_u64(value: u64) -> Option<Hlc> {
        if value > Hlc::MAX.0 {
            None
        } else {
            Some(Hlc(value))
        }
    }

    /// The stamp as a SQLite integer; order-preserving because stamps never exceed `i64::MAX`.
    pub const fn to_i64(self) -> i64 {
        self.0 as i64
    }

    /// The stamp stored as a SQLite integer; `None` for a negative (corrupt) value.
    pub const fn from_i64(value: i64) -> Option<Hlc> {
        if value < 0 {
            None
        } else {
            Some(Hlc(value as u64))
        }
    }

    /// How many milliseconds this stamp is ahead of `wall_ms` (0 if not ahead).
    pub const fn ahead_of_ms(self, wall_ms: u64) -> u64 {
        self.physical_ms().saturating_sub(wall_ms)
    }

    /// The next stamp after this one: counter + 1, carrying into the milliseconds on overflow.
    const fn successor(self) -> u64 {
        if self.0 >= Hlc::MAX.0 {
            Hlc::MAX.0
        } else {
            self.0 + 1
        }
    }
}

/// The stamp of the earliest instant of `wall_ms` (counter 0), with the wall clock capped.
const fn wall_stamp(wall_ms: u64) -> u64 {
    let ms = if wall_ms > MAX_PHYSICAL_MS {
        MAX_PHYSICAL_MS
    } else {
        wall_ms
    };
    ms << COUNTER_BITS
}

const fn max(a: u64, b: u64) -> u64 {
    if a > b {
        a
    } else {
        b
    }
}

/// A stamp for a local event (a change written to the outbox).
///
/// If the wall clock is ahead of `last`, the stamp is the wall time with counter 0; otherwise
/// (same millisecond, or the clock went backwards) it is `last` with the counter increased, the
/// milliseconds advancing by one when the counter overflows. Always greater than `last` unless
/// `last` is [`Hlc::MAX`].
pub const fn tick(last: Hlc, wall_ms: u64) -> Hlc {
    Hlc(max(wall_stamp(wall_ms), last.successor()))
}

/// A stamp on receiving `remote` (a server response or a pulled change): the standard HLC receive
/// rule. The result is greater than both `last` and `remote` (unless at [`Hlc::MAX`]) and not
/// below the wall time: milliseconds = max(last, remote, wall); the counter continues from
/// whichever of `last` and `remote` holds those milliseconds (the larger counter if both), or
/// restarts at 0 when the wall clock alone is ahead.
///
/// A remote stamp far in the future pulls this clock forward with it; the server re-stamps changes
/// more than [`MAX_FUTURE_SKEW_MS`] ahead, so a device cannot drag everyone far off.
pub const fn receive(last: Hlc, remote: Hlc, wall_ms: u64) -> Hlc {
    // In the packed form the case analysis collapses to a maximum: a larger millisecond always
    // wins, and for equal milliseconds the larger counter + 1 wins.
    let remote = if remote.0 > Hlc::MAX.0 {
        Hlc::MAX
    } else {
        remote
    };
    Hlc(max(
        wall_stamp(wall_ms),
        max(last.successor(), remote.successor()),
    ))
}

impl fmt::Display for Hlc {
    /// `milliseconds.counter`, for logs and conflict reports.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.physical_ms(), self.counter())
    }
}

impl serde::Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <u64 as serde::Deserialize>::deserialize(deserializer)?;
        Hlc::from_u64(value).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Unsigned(value),
                &"a hybrid logical clock value up to i64::MAX",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hlc(ms: u64, counter: u16) -> Hlc {
        Hlc::new(ms, counter).expect("test stamps are in range")
    }

    #[test]
    fn packs_milliseconds_above_the_counter() {
        let stamp = hlc(1_700_000_000_000, 7);
        assert_eq!(stamp.physical_ms(), 1_700_000_000_000);
        assert_eq!(stamp.counter(), 7);
        // 1_700_000_000_000 × 65_536 + 7
        assert_eq!(stamp.to_u64(), 111_411_200_000_000_007);
        assert_eq!(Hlc::MAX.to_i64(), i64::MAX);
        assert_eq!(Hlc::from_i64(stamp.to_i64()), Some(stamp));
        assert_eq!(Hlc::from_i64(-1), None);
        assert_eq!(Hlc::new(MAX_PHYSICAL_MS + 1, 0), None);
        assert_eq!(Hlc::from_u64(u64::MAX), None);
        assert_eq!(stamp.to_string(), "1700000000000.7");
    }

    #[test]
    fn tick_follows_the_wall_clock_or_counts() {
        // Wall clock ahead: take it, counter 0.
        assert_eq!(tick(hlc(1_000, 5), 2_000), hlc(2_000, 0));
        // Same millisecond: count.
        assert_eq!(tick(hlc(1_000, 5), 1_000), hlc(1_000, 6));
        // Clock went back an hour: keep counting on the last stamp.
        assert_eq!(tick(hlc(3_600_000, 0), 0), hlc(3_600_000, 1));
        // Counter full: advance the milliseconds by one.
        assert_eq!(tick(hlc(1_000, u16::MAX), 1_000), hlc(1_001, 0));
        // Beyond the cap the clock stops at MAX instead of wrapping.
        assert_eq!(tick(Hlc::MAX, u64::MAX), Hlc::MAX);
        assert_eq!(tick(Hlc::ZERO, u64::MAX), hlc(MAX_PHYSICAL_MS, 0));
    }

    #[test]
    fn receive_takes_the_largest_and_continues_its_counter() {
        // Wall clock ahead of both: (wall, 0).
        assert_eq!(receive(hlc(1_000, 3), hlc(1_500, 9), 2_000), hlc(2_000, 0));
        // Remote ahead: its milliseconds, its counter + 1.
        assert_eq!(receive(hlc(1_000, 3), hlc(1_500, 9), 1_200), hlc(1_500, 10));
        // Local ahead: local counter + 1.
        assert_eq!(receive(hlc(1_600, 3), hlc(1_500, 9), 1_200), hlc(1_600, 4));
        // Same milliseconds: the larger counter + 1.
        assert_eq!(receive(hlc(1_500, 3), hlc(1_500, 9), 1_200), hlc(1_500, 10));
        assert_eq!(
            receive(hlc(1_500, 12), hlc(1_500, 9), 1_500),
            hlc(1_500, 13)
        );
        // Remote counter full: carry into the milliseconds.
        assert_eq!(
            receive(hlc(1_000, 0), hlc(1_500, u16::MAX), 0),
            hlc(1_501, 0)
        );
    }

    #[test]
    fn skew_is_measured_against_the_wall_clock() {
        assert_eq!(hlc(100_000, 0).ahead_of_ms(30_000), 70_000);
        assert!(hlc(100_000, 0).ahead_of_ms(30_000) > MAX_FUTURE_SKEW_MS);
        assert_eq!(hlc(100_000, 0).ahead_of_ms(200_000), 0);
    }

    #[test]
    fn serializes_as_a_number_and_rejects_out_of_range() {
        let stamp = hlc(1_000, 1);
        assert_eq!(
            serde_json::to_string(&stamp).expect("serializes"),
            "65536001"
        );
        assert_eq!(
            serde_json::from_str::<Hlc>("65536001").expect("parses"),
            stamp
        );
        assert!(serde_json::from_str::<Hlc>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<Hlc>("-1").is_err());
    }

    /// The textbook HLC (Kulkarni et al.) with separate (l, c), the oracle for the packed form.
    /// Counter overflow advances l by one, as the module specifies.
    fn model_receive(last: (u64, u32), remote: Option<(u64, u32)>, wall: u64) -> (u64, u32) {
        let (l, c) = last;
        let (rl, rc) = remote.unwrap_or((0, 0));
        let new_l = l.max(rl).max(wall);
        let new_c = if remote.is_some() && new_l == l && new_l == rl {
            c.max(rc) + 1
        } else if new_l == l {
            c + 1
        } else if remote.is_some() && new_l == rl {
            rc + 1
        } else {
            0
        };
        if new_c > u32::from(u16::MAX) {
            (new_l + 1, 0)
        } else {
            (new_l, new_c)
        }
    }

    #[derive(Debug, Clone)]
    enum Event {
        Tick(u64),
        Receive {
            remote_ms: u64,
            remote_counter: u16,
            wall: u64,
        },
    }

    /// Wall clocks that wander: mostly near a base time, with jumps forward and backward by up to
    /// a day, and counters near overflow.
    fn events() -> impl Strategy<Value = Vec<Event>> {
        let base = 1_700_000_000_000u64;
        let wall = prop_oneof![
            base..base + 10,
            (base - 86_400_000)..(base + 86_400_000),
            0..1_000u64,
        ];
        let event = prop_oneof![
            wall.clone().prop_map(Event::Tick),
            (
                wall.clone(),
                prop_oneof![0..10u16, (u16::MAX - 3)..=u16::MAX],
                wall
            )
                .prop_map(|(remote_ms, remote_counter, wall)| Event::Receive {
                    remote_ms,
                    remote_counter,
                    wall
                }),
        ];
        prop::collection::vec(event, 1..60)
    }

    proptest! {
        /// Under arbitrary wall clocks (backward jumps included) every stamp is strictly greater
        /// than the one before and than any stamp received, never below the wall time, and equal
        /// to the textbook algorithm's.
        #[test]
        fn stamps_only_move_forward(events in events()) {
            let mut last = Hlc::ZERO;
            let mut model = (0u64, 0u32);
            for event in events {
                let next = match event {
                    Event::Tick(wall) => {
                        model = model_receive(model, None, wall);
                        let next = tick(last, wall);
                        prop_assert!(next.physical_ms() >= wall);
                        next
                    }
                    Event::Receive { remote_ms, remote_counter, wall } => {
                        let remote = hlc(remote_ms, remote_counter);
                        model = model_receive(model, Some((remote_ms, u32::from(remote_counter))), wall);
                        let next = receive(last, remote, wall);
                        prop_assert!(next > remote);
                        prop_assert!(next.physical_ms() >= wall);
                        next
                    }
                };
                prop_assert!(next > last, "{} then {}", last, next);
                prop_assert_eq!((next.physical_ms(), u32::from(next.counter())), model);
                last = next;
            }
        }
    }
}
