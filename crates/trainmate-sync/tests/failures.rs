//! Whatever the server answers — nothing (offline), 5xx, 401, a schema it does not know, or a
//! numbering behind the device's after it was restored from an older backup — the sync layer
//! deletes no local row and no outbox record, says why in the status, and resumes once the cause
//! is gone (sync.md "Errors", test 7); a server restored from a backup is recovered by the
//! device sending what it lost again.

mod common;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trainmate_sync::SyncError;

/// A stand-in server answering every request with one status and JSON body.
async fn canned(status: u16, body: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 1 << 20];
                // Read the head and whatever body arrives with it; the answer does not depend on it.
                let _ = tokio::time::timeout(
                    std::time::Duration::from_millis(200),
                    socket.read(&mut buffer),
                )
                .await;
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn point_at(device: &Device, coach: &User, base: &str) {
    device
        .sql()
        .execute(
            "UPDATE sync_scopes SET server_url = ?2 WHERE trainer_id = ?1",
            [coach.id.to_string(), base.to_owned()],
        )
        .unwrap();
}

fn last_error(device: &Device, coach: &User) -> Option<String> {
    device.app.sync_scope(coach.id).unwrap().unwrap().last_error
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_5xx_version_and_401_delete_nothing_and_sync_resumes_after_sign_in() {
    let mut server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    log(&a.app, we, fields(Some(7), Some(20_000), None));
    log(&a.app, we, fields(Some(6), Some(20_000), None));
    let before = a.footprint();
    assert_eq!(before.0, 2, "two pending records");

    // Offline: the server is stopped.
    server.stop().await;
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert!(matches!(error, SyncError::Offline(_)), "{error:?}");
    assert_eq!(last_error(&a, &coach).as_deref(), Some("offline"));
    assert_eq!(a.footprint(), before);

    // 5xx.
    let real = server.base.clone();
    point_at(
        &a,
        &coach,
        &canned(503, r#"{"code":"internal","message":"x"}"#).await,
    );
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert_eq!(error, SyncError::Server { status: 503 });
    assert!(error.is_transient());
    assert_eq!(a.footprint(), before);

    // A server that does not know this app's schema.
    point_at(
        &a,
        &coach,
        &canned(
            422,
            r#"{"code":"unsupported_schema_version","message":"upgrade the server"}"#,
        )
        .await,
    );
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert_eq!(error, SyncError::Version);
    assert_eq!(last_error(&a, &coach).as_deref(), Some("version"));
    assert_eq!(a.footprint(), before);

    // 401 for the access token and for the refresh: "sign in again", nothing deleted.
    point_at(
        &a,
        &coach,
        &canned(401, r#"{"code":"unauthorized","message":"sign in"}"#).await,
    );
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert_eq!(error, SyncError::Unauthorized);
    let scope = a.app.sync_scope(coach.id).unwrap().unwrap();
    assert!(scope.needs_sign_in);
    assert!(scope.refresh_token.is_some(), "the stored token is kept");
    assert_eq!(a.footprint(), before);
    // While sign-in is needed, rounds of every linked scope skip it (no request at all).
    assert!(a.engine.sync_all().await.is_empty());

    // Back to the real server; signing in again links again and the backlog goes through.
    server.resume().await;
    assert_eq!(server.base, real);
    point_at(&a, &coach, &real);
    a.engine
        .link(coach.id, &real, &coach.email, PASSWORD, "Coach", false)
        .await
        .unwrap();
    assert_eq!(
        a.count("SELECT COUNT(*) FROM outbox"),
        2,
        "re-linking enqueues nothing"
    );
    a.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    assert_eq!(last_error(&a, &coach), None);
    let b = Device::new("phone");
    b.engine
        .sign_in_fresh(&real, &coach.email, PASSWORD)
        .await
        .unwrap();
    sign_in(&b.app, &coach);
    assert_eq!(day_view(&b.app, &member, "2026-03-02").totals.sets, 5);
    assert_eq!(a.dump(), b.dump());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_revoked_while_offline_keeps_everything_and_resumes_after_sign_in() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, _member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    // A restart: the access token was in memory only; the refresh token rotates.
    let a = a.restart("tablet");
    sign_in(&a.app, &coach);
    let token_before = a.app.sync_scope(coach.id).unwrap().unwrap().refresh_token;
    log(&a.app, we, fields(Some(5), Some(20_000), None));
    a.engine.sync_scope(coach.id).await.unwrap();
    let token_after = a.app.sync_scope(coach.id).unwrap().unwrap().refresh_token;
    assert_ne!(
        token_before, token_after,
        "the refresh token was rotated and stored"
    );

    // Another device of the trainer revokes this one while it is offline with new work.
    let other = trainmate_sync::Client::new(&server.base).unwrap();
    let tokens = other
        .sign_in(&trainmate_api::sync::SignInRequest {
            email: coach.email.clone(),
            password: PASSWORD.to_owned(),
            device_id: uuid::Uuid::now_v7(),
            device_name: "laptop".to_owned(),
        })
        .await
        .unwrap();
    let revoked = reqwest::Client::new()
        .delete(format!(
            "{}/v1/devices/{}",
            server.base,
            a.app.device_id().unwrap()
        ))
        .bearer_auth(&tokens.access_token)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success(), "{}", revoked.status());
    let a = a.restart("tablet");
    sign_in(&a.app, &coach);
    log(&a.app, we, fields(Some(4), Some(20_000), None));
    let before = a.footprint();
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert_eq!(error, SyncError::Unauthorized);
    assert!(a.app.sync_scope(coach.id).unwrap().unwrap().needs_sign_in);
    assert_eq!(a.footprint(), before, "nothing deleted");
    link(&a, &server, &coach, false).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    assert_eq!(before.1, a.dump());
}

/// The server is restored from an older backup: it lacks a set the tablet logged and a delete
/// it made (both acknowledged), and numbers behind the tablet. The tablet notices, deletes
/// nothing, sends its scope again and rewinds its cursor; afterwards the tablet, the server (a
/// fresh device signing in), and a phone that had pulled the lost changes are all equal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restored_from_an_older_backup_deletes_nothing_and_recovers() {
    let mut server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    let phone = Device::new("phone");
    phone
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    // The backup: the server's database files while it is stopped.
    let backup = server.backup().await;
    // After the backup: a new set and a deleted one, acknowledged and pulled by the phone.
    sign_in(&a.app, &coach);
    log(&a.app, we, fields(Some(7), Some(20_000), None));
    let first_set: String = a
        .sql()
        .query_row("SELECT id FROM exercise_sets WHERE reps = 10", [], |r| {
            r.get(0)
        })
        .unwrap();
    a.app
        .delete_set(trainmate_api::SetRef {
            set_id: first_set.parse().unwrap(),
        })
        .unwrap();
    a.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    phone.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(phone.dump(), a.dump());
    // Then a change the phone does not pull before the restore: the member's new name (her row
    // comes early in a resend, numbered below the phone's cursor unless the tablet sees to it).
    a.app
        .update_profile(trainmate_api::UpdateProfileArgs {
            member_id: member.id,
            name: "Mina Park".to_owned(),
            phone: None,
            birth_date: None,
        })
        .unwrap();
    a.engine.sync_scope(coach.id).await.unwrap();
    let cursor_before = a.app.sync_scope(coach.id).unwrap().unwrap().cursor;
    // The server is restored from the backup: it lacks both and numbers behind.
    server.restore(&backup).await;
    let restored = Device::new("laptop");
    restored
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        restored.count("SELECT COUNT(*) FROM exercise_sets WHERE _cl % 2 = 1"),
        3,
        "the backup has the first three sets only"
    );
    let head_restored = restored.app.sync_scope(coach.id).unwrap().unwrap().cursor;
    assert!(head_restored < cursor_before);

    log(&a.app, we, fields(Some(6), Some(20_000), None));
    let before = a.dump();
    let round = a
        .engine
        .sync_scope(coach.id)
        .await
        .expect("the tablet recovers");
    // One filler per seq the server lost below the tablet's cursor; trainer, member, day,
    // exercise, four live sets (the pending one among them), the deleted set (an upsert and its
    // delete); then the pending record itself.
    let fillers = usize::try_from(cursor_before - head_restored).unwrap();
    assert_eq!(fillers, 3, "the set, the delete and the name");
    assert_eq!(
        round.resent,
        fillers + 10,
        "the scope sent again: {round:?}"
    );
    assert_eq!(round.pushed, fillers + 11);
    assert_eq!(
        a.count("SELECT COUNT(*) FROM outbox"),
        0,
        "all acknowledged"
    );
    assert_eq!(
        a.app.sync_scope(coach.id).unwrap().unwrap().last_error,
        None
    );
    // Nothing deleted or changed on the tablet but the bookkeeping time of the re-deleted set.
    let changed: Vec<(String, String)> = before
        .iter()
        .zip(a.dump().iter())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.clone(), y.clone()))
        .collect();
    assert!(changed.len() <= 1, "{changed:#?}");
    assert_eq!(a.dump().len(), before.len());
    let live: i64 = a.count("SELECT COUNT(*) FROM exercise_sets WHERE _cl % 2 = 1");
    assert_eq!(live, 4, "three, one deleted, two more");

    // The server has it all again: a fresh device, the laptop and the phone end equal.
    let fresh = Device::new("desktop");
    fresh
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    assert_eq!(fresh.dump(), a.dump(), "the server equals the tablet");
    restored.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(restored.dump(), a.dump());
    phone.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(phone.dump(), a.dump(), "the phone converges too");
    let name: String = phone
        .sql()
        .query_row(
            "SELECT name FROM users WHERE id = ?1",
            [member.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Mina Park");
    sign_in(&phone.app, &coach);
    let day = day_view(&phone.app, &member, "2026-03-02");
    assert_eq!(day.totals.sets, 4);
    assert_eq!(day.totals.reps, 9 + 8 + 7 + 6);
    assert_totals_match(&phone.sql());
    // And keeps working: an edit on the phone reaches the tablet.
    log(&phone.app, we, fields(Some(5), Some(20_000), None));
    phone.engine.sync_scope(coach.id).await.unwrap();
    a.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(phone.dump(), a.dump());
    for device in [&a, &phone, &fresh, &restored] {
        assert_eq!(device.count("SELECT COUNT(*) FROM sync_rejected"), 0);
    }
    assert_eq!(
        a.count("SELECT COUNT(*) FROM sync_conflicts"),
        0,
        "the tablet's own versions meet no other writer"
    );
}

/// sync.md test 9: the device's refresh answer is lost (the server rotated, the device never saw
/// the successor). The device presents the same token again within the grace window and keeps
/// syncing; presented again after the window it is reuse: the server revokes the device, which
/// asks to sign in again and deletes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_refresh_answer_is_replayed_within_grace_and_reuse_after_it_asks_to_sign_in() {
    let server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, _member, we) = studio(&a);
    link(&a, &server, &coach, true).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    let stored = |device: &Device| {
        device
            .app
            .sync_scope(coach.id)
            .unwrap()
            .unwrap()
            .refresh_token
            .expect("a refresh token")
    };

    // The device's refresh reaches the server, its answer is lost.
    let a = a.restart("tablet");
    sign_in(&a.app, &coach);
    let first = stored(&a);
    let lost = trainmate_sync::Client::new(&server.base)
        .unwrap()
        .refresh(&first)
        .await
        .expect("the server rotates");
    assert_eq!(stored(&a), first, "the device never saw the successor");
    // Within the grace window the device retries with the same token and keeps syncing.
    server.advance_ms(60_000);
    log(&a.app, we, fields(Some(7), Some(20_000), None));
    a.engine
        .sync_scope(coach.id)
        .await
        .expect("still signed in");
    assert_eq!(
        stored(&a),
        lost.refresh_token,
        "the same successor as the lost answer"
    );
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0, "pushed");
    assert!(!a.app.sync_scope(coach.id).unwrap().unwrap().needs_sign_in);

    // Lost again, and this time the device comes back after the grace window.
    let a = a.restart("tablet");
    sign_in(&a.app, &coach);
    let second = stored(&a);
    trainmate_sync::Client::new(&server.base)
        .unwrap()
        .refresh(&second)
        .await
        .expect("the server rotates");
    server.advance_ms(6 * 60_000);
    log(&a.app, we, fields(Some(6), Some(20_000), None));
    let before = a.footprint();
    let error = a.engine.sync_scope(coach.id).await.unwrap_err();
    assert_eq!(error, SyncError::Unauthorized, "reuse is refused");
    let scope = a.app.sync_scope(coach.id).unwrap().unwrap();
    assert!(scope.needs_sign_in, "the device asks to sign in again");
    assert_eq!(a.footprint(), before, "nothing deleted, the outbox kept");
    assert_eq!(before.0, 1);
    // Signing in again resumes: the pending set reaches the server.
    link(&a, &server, &coach, false).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    let b = fresh_device(&server, &coach, "phone").await;
    assert_eq!(a.dump(), b.dump(), "the server has every set");
}

/// The recovery at a larger size: a scope over two snapshot batches, and several pending
/// transactions (an edit, a delete, a new set and its edit) renumbered after the resend in
/// their order. The server then equals the tablet, nothing is refused, nothing conflicts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_resends_a_scope_over_several_batches_and_keeps_the_pending_order() {
    let mut server = Server::start().await;
    let a = Device::new("tablet");
    let (coach, _member, we) = studio(&a);
    for i in 0..600 {
        log(&a.app, we, fields(Some(1 + i % 30), Some(20_000), None));
    }
    link(&a, &server, &coach, true).await;
    a.engine.sync_scope(coach.id).await.unwrap();
    let backup = server.backup().await;
    for reps in [31, 32, 33] {
        log(&a.app, we, fields(Some(reps), Some(20_000), None));
    }
    a.engine.sync_scope(coach.id).await.unwrap();
    server.restore(&backup).await;

    // Pending: an edit, a delete, a new set and an edit of it, in that order.
    sign_in(&a.app, &coach);
    let ids: Vec<String> = a
        .sql()
        .prepare("SELECT id FROM exercise_sets WHERE _cl % 2 = 1 ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let update = |set: &str, reps: i64| {
        a.app
            .update_set(trainmate_api::UpdateSetArgs {
                set_id: set.parse().unwrap(),
                fields: fields(Some(reps), Some(20_000), None),
            })
            .unwrap()
    };
    update(&ids[0], 40);
    a.app
        .delete_set(trainmate_api::SetRef {
            set_id: ids[1].parse().unwrap(),
        })
        .unwrap();
    let new_set = log(&a.app, we, fields(Some(41), Some(20_000), None));
    let new_id = new_set.set.expect("the new set").set_id.to_string();
    update(&new_id, 42);
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 4);
    let order_before: Vec<String> = a
        .sql()
        .prepare("SELECT change_id FROM outbox ORDER BY scope_seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let before = a.dump();

    let round = a.engine.sync_scope(coach.id).await.expect("recovers");
    assert!(round.resent > 600, "{round:?}");
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox"), 0);
    assert_eq!(a.dump().len(), before.len(), "nothing deleted");
    let fresh = Device::new("phone");
    fresh
        .engine
        .sign_in_fresh(&server.base, &coach.email, PASSWORD)
        .await
        .unwrap();
    assert_eq!(fresh.dump(), a.dump(), "the server equals the tablet");
    let reps = |id: &str| -> (i64, i64) {
        fresh
            .sql()
            .query_row(
                "SELECT reps, _cl FROM exercise_sets WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(reps(&ids[0]), (40, 1));
    assert_eq!(reps(&ids[1]).1 % 2, 0, "deleted");
    assert_eq!(reps(&new_id), (42, 1));
    assert_eq!(
        fresh.count("SELECT COUNT(*) FROM exercise_sets WHERE _cl % 2 = 1"),
        3 + 600 + 3 - 1 + 1
    );
    assert_eq!(a.count("SELECT COUNT(*) FROM sync_rejected"), 0);
    assert_eq!(a.count("SELECT COUNT(*) FROM sync_conflicts"), 0);
    assert_totals_match(&fresh.sql());
    // The pending records were pushed after the resend, in their order: the server's outcomes
    // of them carry increasing seqs.
    let server_db = rusqlite::Connection::open(server.db_path()).unwrap();
    let mut last = 0;
    for change_id in &order_before {
        let seq: i64 = server_db
            .query_row(
                "SELECT seq FROM change_outcomes WHERE change_id = ?1",
                [change_id],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("outcome of {change_id}: {e}"));
        assert!(seq > last, "in order");
        last = seq;
    }
}
