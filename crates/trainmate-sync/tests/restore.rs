//! A server restored from an older backup, with more than one device: the two cases the first
//! recovery left open (ARCHITECTURE.md, "A server restored from an older backup"). The first
//! device that finds the restore bumps the scope's epoch; every other device, seeing a new
//! epoch, sends its scope again with each value's own stamp and pulls it all from cursor 0.
//! Oracles: the values written by hand in each test, and the devices' table dumps.

mod common;

use common::*;

fn member_name(device: &Device, member: &User) -> String {
    device
        .sql()
        .query_row(
            "SELECT name FROM users WHERE id = ?1",
            [member.id.to_string()],
            |r| r.get(0),
        )
        .unwrap()
}

fn live_sets(device: &Device) -> i64 {
    device.count("SELECT COUNT(*) FROM exercise_sets WHERE _cl % 2 = 1")
}

fn rename(device: &Device, member: &User, name: &str) {
    device
        .app
        .update_profile(trainmate_api::UpdateProfileArgs {
            member_id: member.id,
            name: name.to_owned(),
            phone: None,
            birth_date: None,
        })
        .unwrap();
}

/// Known limit (1) of the first recovery: a device whose cursor was beyond the recovering
/// device's missed rows numbered at or below it. Here the laptop renames the member after the
/// backup and the phone pulls it (the phone's cursor is one past the backup's head); after the
/// restore the tablet, which noticed nothing, logs a set: the server numbers it at the phone's
/// cursor. When the laptop comes back it finds its rename lost, bumps the epoch and resends;
/// the phone (and the tablet) see the new epoch and pull the whole scope again, so the set
/// reaches every device.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_whose_cursor_was_beyond_the_recovering_devices_misses_nothing() {
    let mut server = Server::start().await;
    let tablet = Device::new("tablet");
    let (coach, member, we) = studio(&tablet);
    link(&tablet, &server, &coach, true).await;
    tablet.engine.sync_scope(coach.id).await.unwrap();
    let phone = Device::new("phone");
    let laptop = Device::new("laptop");
    for device in [&phone, &laptop] {
        device
            .engine
            .sign_in_fresh(&server.base, &coach.email, PASSWORD)
            .await
            .unwrap();
    }
    let saved = server.backup().await;

    // After the backup: the laptop's rename, acknowledged and pulled by the phone only.
    sign_in(&laptop.app, &coach);
    rename(&laptop, &member, "Mina Park");
    laptop.engine.sync_scope(coach.id).await.unwrap();
    phone.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(member_name(&phone, &member), "Mina Park");
    let phone_cursor = phone.app.sync_scope(coach.id).unwrap().unwrap().cursor;
    let tablet_cursor = tablet.app.sync_scope(coach.id).unwrap().unwrap().cursor;
    assert_eq!(
        phone_cursor,
        tablet_cursor + 1,
        "one change past the backup"
    );

    server.restore(&saved).await;
    // The tablet notices nothing (the server's head and numbering of it are where it left
    // them) and its new set is numbered at the phone's cursor.
    sign_in(&tablet.app, &coach);
    log(&tablet.app, we, fields(Some(6), Some(20_000), None));
    let round = tablet.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!((round.pushed, round.resent), (1, 0), "{round:?}");
    assert_eq!(live_sets(&tablet), 4);
    // Before anyone notices the restore the phone cannot know (the server's head equals its
    // cursor): it lacks the set for now.
    phone.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(live_sets(&phone), 3);

    // The laptop's rename was lost: it finds the server behind it, bumps the epoch, resends.
    let round = laptop.engine.sync_scope(coach.id).await.unwrap();
    assert!(round.resent > 0, "{round:?}");
    for device in [&phone, &tablet, &laptop] {
        device.engine.sync_scope(coach.id).await.unwrap();
    }
    let fresh = Device::new("desktop");
    fresh
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    assert_eq!(live_sets(&fresh), 4, "the server has the tablet's set");
    assert_eq!(member_name(&fresh, &member), "Mina Park");
    assert_eq!(phone.dump(), fresh.dump(), "the phone pulled the set");
    assert_eq!(tablet.dump(), fresh.dump());
    assert_eq!(laptop.dump(), fresh.dump());
    // Every device syncs under the laptop's epoch, nothing was refused, nothing is pending.
    let epochs: Vec<Option<i64>> = [&tablet, &phone, &laptop, &fresh]
        .iter()
        .map(|d| d.app.sync_scope(coach.id).unwrap().unwrap().epoch)
        .collect();
    assert!(
        epochs.iter().all(|e| *e == epochs[0] && *e != Some(0)),
        "{epochs:?}"
    );
    for device in [&tablet, &phone, &laptop, &fresh] {
        assert_eq!(device.count("SELECT COUNT(*) FROM sync_rejected"), 0);
        assert_eq!(device.count("SELECT COUNT(*) FROM outbox"), 0);
    }
    sign_in(&phone.app, &coach);
    let day = day_view(&phone.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 4);
    assert_eq!(day.totals.reps, 10 + 9 + 8 + 6);
    assert_totals_match(&phone.sql());
}

/// Known limit (2) of the first recovery: a device that noticed the restore after another one
/// had resent sent its values with fresh stamps, so an older value beat a newer one. Here the
/// phone renames the member after the backup (to "Phone Name", acknowledged, pulled by the
/// tablet); after the restore the tablet renames her again, 10 s later ("Tablet Name"), and the
/// phone resends 40 s after its rename. Whichever of the two resends first, the later rename
/// wins everywhere, and the phone's earlier one is at most a conflict it lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newest_value_wins_whichever_device_resends_first() {
    for phone_first in [false, true] {
        let mut server = Server::start().await;
        let tablet = Device::new("tablet");
        let (coach, member, _) = studio(&tablet);
        link(&tablet, &server, &coach, true).await;
        tablet.engine.sync_scope(coach.id).await.unwrap();
        let phone = Device::new("phone");
        phone
            .engine
            .sign_in_fresh(&server.base, &coach.email, PASSWORD)
            .await
            .unwrap();
        let saved = server.backup().await;

        // Two renames (two seqs): the tablet's cursor ends two past the backup's head, so the
        // one record it pushes after the restore leaves the server's head behind its cursor.
        sign_in(&phone.app, &coach);
        rename(&phone, &member, "Phone Draft");
        rename(&phone, &member, "Phone Name");
        phone.engine.sync_scope(coach.id).await.unwrap();
        tablet.engine.sync_scope(coach.id).await.unwrap();
        assert_eq!(member_name(&tablet, &member), "Phone Name");

        server.restore(&saved).await;
        // The tablet's later rename, pending, stamped 10 s after the phone's; the phone resends
        // 40 s after its rename (clocks moved on; the server re-stamps only beyond 60 s ahead).
        // A resend with fresh stamps would make the phone's earlier rename the newest.
        tablet.set_clock(wall_ms() + 10_000);
        sign_in(&tablet.app, &coach);
        rename(&tablet, &member, "Tablet Name");
        phone.set_clock(wall_ms() + 40_000);
        let order: [&Device; 2] = if phone_first {
            [&phone, &tablet]
        } else {
            [&tablet, &phone]
        };
        for device in order {
            let round = device.engine.sync_scope(coach.id).await.unwrap();
            assert!(round.resent > 0, "phone first: {phone_first}: {round:?}");
        }
        for device in [&tablet, &phone] {
            device.engine.sync_scope(coach.id).await.unwrap();
        }
        let fresh = Device::new("desktop");
        fresh
            .engine
            .sign_in_fresh(&server.base, &coach.email, PASSWORD)
            .await
            .unwrap();
        for device in [&fresh, &tablet, &phone] {
            assert_eq!(
                member_name(device, &member),
                "Tablet Name",
                "phone first: {phone_first}"
            );
        }
        assert_eq!(tablet.dump(), fresh.dump(), "phone first: {phone_first}");
        assert_eq!(phone.dump(), fresh.dump(), "phone first: {phone_first}");
        // The newer rename never lost to anything.
        let newest_lost =
            fresh.count("SELECT COUNT(*) FROM sync_conflicts WHERE lost = '\"Tablet Name\"'");
        assert_eq!(newest_lost, 0, "phone first: {phone_first}");
        if !phone_first {
            // The phone's earlier rename, resent after the tablet's, is not silently gone: a
            // conflict it lost, restorable.
            let lost = fresh.count(
                "SELECT COUNT(*) FROM sync_conflicts WHERE column_name = 'name'
                 AND lost = '\"Phone Name\"' AND kept = '\"Tablet Name\"'",
            );
            assert_eq!(lost, 1);
        }
        for device in [&tablet, &phone, &fresh] {
            assert_eq!(device.count("SELECT COUNT(*) FROM sync_rejected"), 0);
            assert_eq!(device.count("SELECT COUNT(*) FROM outbox"), 0);
        }
    }
}
