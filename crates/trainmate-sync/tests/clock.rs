//! sync.md test 4: one device's clock off by ±12 hours. No causally-later edit is lost (a
//! device that saw an edit and then edits the same field wins, whichever way its clock is off),
//! a concurrent edit decided against the skewed device is kept in conflicts, and the skew is
//! reported in the device's sync status.
//!
//! Each device's wall clock is its `ManualClock`, set before every step from the server's
//! clock plus the device's offset (a clock that is off, and keeps running).
//! Oracles: the values each device typed, the HLC stamps of the outbox records read in SQL, and
//! hand-set offsets.

mod common;

use common::*;
use trainmate_api::*;

const HOUR_MS: i64 = 3_600_000;

struct Skewed<'a> {
    device: Device,
    server: &'a Server,
    offset_ms: i64,
}

impl Skewed<'_> {
    /// The device's clock as it would read now.
    fn tick(&self) {
        self.device.set_clock(self.server.now_ms() + self.offset_ms);
    }

    async fn sync(&self, coach: &User) {
        self.tick();
        self.device
            .engine
            .sync_scope(coach.id)
            .await
            .expect("sync round");
    }

    fn set_reps(&self, set: &str, reps: i64) {
        self.tick();
        self.device
            .app
            .update_set(UpdateSetArgs {
                set_id: set.parse().unwrap(),
                fields: fields(Some(reps), Some(20_000), None),
            })
            .expect("update set");
    }

    /// The HLC of the device's pending record of `set`.
    fn pending_hlc(&self, set: &str) -> i64 {
        self.device
            .sql()
            .query_row(
                "SELECT hlc FROM outbox WHERE row_id = ?1 ORDER BY device_seq DESC LIMIT 1",
                [set],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn reps(&self, set: &str) -> i64 {
        self.device
            .sql()
            .query_row("SELECT reps FROM exercise_sets WHERE id = ?1", [set], |r| {
                r.get(0)
            })
            .unwrap()
    }

    fn skew(&self, coach: &User) -> Option<i64> {
        self.device
            .app
            .sync_scope(coach.id)
            .unwrap()
            .unwrap()
            .clock_skew_ms
    }

    fn conflicts(&self) -> Vec<(String, String, String)> {
        self.device
            .sql()
            .prepare("SELECT column_name, kept, lost FROM sync_conflicts ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

/// A linked tablet with the studio (clock off by `offset_ms`) and a phone with a right clock
/// that signed in through the server. Answers them, the coach and the three sets' ids.
async fn two_devices(
    server: &Server,
    offset_ms: i64,
) -> (Skewed<'_>, Skewed<'_>, User, Vec<String>) {
    let tablet = Skewed {
        device: Device::new("tablet"),
        server,
        offset_ms,
    };
    tablet.tick();
    let (coach, _member, _we) = studio(&tablet.device);
    link(&tablet.device, server, &coach, true).await;
    tablet.sync(&coach).await;
    let phone = Skewed {
        device: Device::new("phone"),
        server,
        offset_ms: 0,
    };
    phone.tick();
    phone
        .device
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    sign_in(&phone.device.app, &coach);
    let sets: Vec<String> = tablet
        .device
        .sql()
        .prepare("SELECT id FROM exercise_sets ORDER BY reps DESC")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sets.len(), 3);
    (tablet, phone, coach, sets)
}

fn assert_skew_about(skew: Option<i64>, hours: i64) {
    let skew = skew.expect("the skew is reported");
    // The server's clock runs on between the answer and the check; an hour's margin says
    // "twelve hours off" without timing anything.
    assert!(
        (skew - hours * HOUR_MS).abs() < HOUR_MS,
        "skew {skew} ms, expected about {hours} h"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_twelve_hours_behind_loses_no_causally_later_edit_and_is_reported() {
    let server = Server::start().await;
    let (tablet, phone, coach, sets) = two_devices(&server, -12 * HOUR_MS).await;
    assert_skew_about(tablet.skew(&coach), -12);
    assert_eq!(phone.skew(&coach), None, "the phone's clock is right");

    // The phone edits; the tablet (12 h behind) sees it, then edits the same field.
    phone.set_reps(&sets[0], 5);
    let phone_hlc = phone.pending_hlc(&sets[0]);
    phone.sync(&coach).await;
    tablet.sync(&coach).await;
    assert_eq!(tablet.reps(&sets[0]), 5);
    tablet.set_reps(&sets[0], 4);
    let tablet_hlc = tablet.pending_hlc(&sets[0]);
    assert!(
        tablet_hlc > phone_hlc,
        "the HLC orders the later edit after the one it saw, 12 h behind or not"
    );
    tablet.sync(&coach).await;
    phone.sync(&coach).await;
    assert_eq!(phone.reps(&sets[0]), 4, "the causally later edit wins");
    assert_eq!(tablet.reps(&sets[0]), 4);
    assert!(phone.conflicts().is_empty() && tablet.conflicts().is_empty());

    // Concurrent edits (neither saw the other), the tablet's later in real time: the HLC
    // decides, and the value it decides against is kept in conflicts, not lost.
    phone.set_reps(&sets[1], 7);
    tablet.set_reps(&sets[1], 6);
    phone.sync(&coach).await;
    tablet.sync(&coach).await;
    phone.sync(&coach).await;
    let final_reps = phone.reps(&sets[1]);
    assert_eq!(tablet.reps(&sets[1]), final_reps);
    let lost: Vec<String> = tablet
        .conflicts()
        .into_iter()
        .filter(|(column, _, _)| column == "reps")
        .map(|(_, kept, lost)| {
            assert_eq!(kept, final_reps.to_string());
            lost
        })
        .collect();
    let other = if final_reps == 7 { "6" } else { "7" };
    assert_eq!(
        lost,
        vec![other.to_owned()],
        "the other edit is in conflicts"
    );
    assert_eq!(tablet.device.dump(), phone.device.dump());
    assert_skew_about(tablet.skew(&coach), -12);
    assert_eq!(phone.skew(&coach), None);
    // The status the UI shows carries it.
    sign_in(&tablet.device.app, &coach);
    let status = tablet.device.app.sync_status(NoArgs {}).unwrap();
    assert_skew_about(status.clock_skew_ms, -12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_twelve_hours_ahead_loses_no_causally_later_edit_and_is_reported() {
    let server = Server::start().await;
    let (tablet, phone, coach, sets) = two_devices(&server, 12 * HOUR_MS).await;
    assert_skew_about(tablet.skew(&coach), 12);

    // The tablet (12 h ahead) edits; the phone sees it, then edits the same field: the phone's
    // edit is later although its clock reads 12 h earlier than the tablet's stamps.
    tablet.set_reps(&sets[0], 6);
    let tablet_hlc = tablet.pending_hlc(&sets[0]);
    tablet.sync(&coach).await;
    assert_skew_about(tablet.skew(&coach), 12);
    phone.sync(&coach).await;
    assert_eq!(phone.reps(&sets[0]), 6);
    phone.set_reps(&sets[0], 3);
    tablet.set_reps(&sets[1], 2);
    phone.sync(&coach).await;
    tablet.sync(&coach).await;
    assert_eq!(tablet.reps(&sets[0]), 3, "the causally later edit wins");
    assert_eq!(phone.reps(&sets[0]), 3);
    phone.sync(&coach).await;
    assert_eq!(phone.reps(&sets[1]), 2, "the tablet's other edit arrives");
    assert!(phone.conflicts().is_empty() && tablet.conflicts().is_empty());
    assert!(
        tablet_hlc > server.now_ms() << 16,
        "the tablet stamped its edit ahead of the server"
    );

    // The tablet sees the phone's edit and edits again: later still.
    tablet.set_reps(&sets[0], 8);
    tablet.sync(&coach).await;
    phone.sync(&coach).await;
    assert_eq!(phone.reps(&sets[0]), 8);
    assert_eq!(tablet.device.dump(), phone.device.dump());
    assert_eq!(phone.skew(&coach), None);
    assert_skew_about(tablet.skew(&coach), 12);
}
