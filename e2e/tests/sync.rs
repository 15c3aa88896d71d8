//! Sync in the real app against a real sync server on 127.0.0.1 (started in this process from
//! trainmate-server, on a SQLite file): the header walks local only → n pending → synced →
//! offline (server stopped) → synced; a conflict made with a second device appears in Settings →
//! Sync and is restored. The second device is a real app on its own data directory with the sync
//! engine, in this process.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use common::{invoke, settings_in_english, sign_in, trainer_account, wait_text, GOOD_PASSWORD};
use serde_json::json;
use trainmate_e2e::{Launch, Session};
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::{AppState, Running};

struct WallClock;

impl trainmate_server::Clock for WallClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    }
}

async fn serve(db: &std::path::Path, listen: &str) -> Result<Running> {
    let path = db.to_owned();
    let store = tokio::task::spawn_blocking(move || SqliteStorage::open(&path)).await??;
    let state = AppState::new(store, None, Arc::new(WallClock), None)?;
    Ok(trainmate_server::start(state, listen).await?)
}

/// Waits up to 20 s until the header's sync status reads `expected`.
async fn wait_status(session: &Session, expected: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = session.testid("sync-status").await {
            last = element.text().await.unwrap_or_default();
            if last.trim() == expected {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("sync status: expected {expected:?}, saw {last:?}")
}

#[tokio::test]
async fn the_status_walks_through_its_states_and_a_conflict_is_restored() -> Result<()> {
    // A debounce long enough for the header (asking every 2 s) to show "pending" first.
    std::env::set_var("TRAINMATE_SYNC_DEBOUNCE_MS", "5000");
    let server_dir = tempfile::tempdir()?;
    let db = server_dir.path().join("server.db");
    let running = serve(&db, "127.0.0.1:0").await?;
    let addr = running.addr;
    let base = format!("http://{addr}");

    let session = Session::start(Launch::new("sync")).await?;
    trainer_account(&session, "Coach Kim", "kim@example.com").await?;
    sign_in(&session, "kim@example.com", GOOD_PASSWORD).await?;
    settings_in_english(&session).await?;
    wait_status(&session, "Local only").await?;
    session.testid("sync-link-form").await?;
    session.screenshot("1-local-only").await?;

    // Some work before linking: a day with one set.
    let me = invoke(&session, "current_user", json!({})).await?;
    let coach_id = me["user_id"].as_str().unwrap().to_owned();
    let day = invoke(
        &session,
        "add_workout_exercise",
        json!({"member_id": coach_id, "date": "2026-03-02", "exercise": {"catalog": 9}}),
    )
    .await?;
    let we = day["exercises"][0]["workout_exercise_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let logged = invoke(
        &session,
        "log_set",
        json!({"workout_exercise_id": we, "reps": 10, "weight_g": 20000}),
    )
    .await?;
    let set_id = logged["set"]["set_id"].as_str().unwrap().to_owned();

    // Link: create the account on the server from Settings → Sync.
    let url = session.testid("sync-server-url").await?;
    url.send_keys(&base).await?;
    session
        .testid("sync-email")
        .await?
        .send_keys("kim@example.com")
        .await?;
    session
        .testid("sync-password")
        .await?
        .send_keys(GOOD_PASSWORD)
        .await?;
    session.testid("sync-link-create").await?.click().await?;
    wait_text(&session, "sync-state", "Synced").await?;
    wait_status(&session, "Synced").await?;
    session.screenshot("2-synced").await?;

    // A change: pending until the job's debounce, then synced.
    invoke(
        &session,
        "log_set",
        json!({"workout_exercise_id": we, "reps": 9, "weight_g": 20000}),
    )
    .await?;
    wait_status(&session, "1 change pending").await?;
    session.screenshot("3-pending").await?;
    wait_status(&session, "Synced").await?;

    // The server stops: the next change finds it offline and waits.
    running.stop().await;
    invoke(
        &session,
        "log_set",
        json!({"workout_exercise_id": we, "reps": 8, "weight_g": 20000}),
    )
    .await?;
    wait_status(&session, "Offline").await?;
    session.testid("sync-status").await?.click().await?;
    let detail = session.testid("sync-detail").await?.text().await?;
    assert!(detail.contains("1 change waits to be sent."), "{detail}");
    session.screenshot("4-offline").await?;
    session.testid("sync-status").await?.click().await?;

    // Back on the same address: "sync now" sends it.
    let running = serve(&db, &addr.to_string()).await?;
    session.testid("sync-now").await?.click().await?;
    wait_status(&session, "Synced").await?;

    // A second device of the same trainer edits the first set's reps and syncs; then this app
    // edits the same field before it has pulled that: the same field on two devices.
    let phone_dir = tempfile::tempdir()?;
    let phone = Arc::new(trainmate_app::App::open(phone_dir.path())?);
    let engine = trainmate_sync::Engine::new(phone.clone(), "phone");
    engine
        .sign_in_fresh(&base, "kim@example.com", GOOD_PASSWORD)
        .await?;
    {
        let phone = phone.clone();
        let set_id = set_id.clone();
        tokio::task::spawn_blocking(move || -> Result<()> {
            phone.sign_in(trainmate_api::SignInArgs {
                email: "kim@example.com".to_owned(),
                password: GOOD_PASSWORD.to_owned(),
                keep_signed_in: false,
            })?;
            phone.update_set(trainmate_api::UpdateSetArgs {
                set_id: set_id.parse()?,
                fields: trainmate_api::SetFields {
                    reps: Some(12),
                    weight_g: Some(20_000),
                    ..Default::default()
                },
            })?;
            Ok(())
        })
        .await??;
    }
    let round = engine.sync_scope(coach_id.parse()?).await?;
    assert_eq!(round.pushed, 1);
    tokio::time::sleep(Duration::from_millis(20)).await;
    invoke(
        &session,
        "update_set",
        json!({"set_id": set_id, "reps": 11, "weight_g": 20000}),
    )
    .await?;
    session.testid("sync-now").await?.click().await?;
    wait_status(&session, "Synced").await?;
    // The later edit (this app's 11) is kept; the phone's 12 is listed and can be restored.
    let list = session.testid("sync-conflicts").await?.text().await?;
    assert!(list.contains("Set: reps"), "{list}");
    assert!(list.contains("Kept 11; the other device had 12."), "{list}");
    session.screenshot("5-conflict").await?;
    let conflicts = invoke(&session, "list_sync_conflicts", json!({})).await?;
    let id = conflicts[0]["id"].as_i64().unwrap();
    session
        .testid(&format!("sync-restore-{id}"))
        .await?
        .click()
        .await?;
    session.testid("sync-conflicts-empty").await?;
    let day = invoke(
        &session,
        "get_day",
        json!({"member_id": coach_id, "date": "2026-03-02"}),
    )
    .await?;
    assert_eq!(day["exercises"][0]["sets"][0]["reps"], json!(12));
    // The restore is a new edit: pending, then sent.
    wait_status(&session, "1 change pending").await?;
    session.testid("sync-now").await?.click().await?;
    wait_status(&session, "Synced").await?;
    // The restored value reaches the phone.
    engine.sync_scope(coach_id.parse()?).await?;
    let reps: i64 = rusqlite::Connection::open(phone_dir.path().join("trainmate.sqlite3"))?
        .query_row(
            "SELECT reps FROM exercise_sets WHERE id = ?1",
            [&set_id],
            |r| r.get(0),
        )?;
    assert_eq!(reps, 12);
    session.screenshot("6-restored").await?;

    // The same section in Korean on the dark theme.
    session.testid("settings-theme-dark").await?.click().await?;
    session
        .testid("settings-language-ko")
        .await?
        .click()
        .await?;
    wait_status(&session, "동기화됨").await?;
    session.testid("sync-status").await?.click().await?;
    session.screenshot("7-korean-dark").await?;

    // The narrow layout (a tablet held upright): the same section, nothing cut off.
    session.client.set_window_size(800, 1000).await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    wait_status(&session, "동기화됨").await?;
    session.testid("sync-now").await?;
    session.screenshot("8-narrow").await?;

    session.close().await?;
    running.stop().await;
    Ok(())
}
