//! The session logger through the real app: a full session of 3 exercises × 4 sets entered with
//! the steppers and direct entry (edits, a deleted set, a set copied from last time, "repeat
//! last set", the stopwatch, the rest timer), with the day totals and kcal checked against
//! figures worked out by hand; the app killed with SIGKILL mid-session and restarted; the logger
//! in Korean and English, light and dark, at 1280×800 and 800×1000.
//!
//! Calories (domain.md): cal = met_tenths × body_grams × seconds / 36_000 per set, and a
//! repetition set counts at least 90 s. The member weighs 70 kg (entered 2026-11-01), so:
//! - MET 3.5 (바벨 플랫 벤치 프레스, catalog 33, code 02054):
//!   35 × 70_000 × 90 / 36_000 = 220_500_000 / 36_000 = 6_125 cal per set.
//! - MET 5.0 (바벨 스쿼트, catalog 572, code 02052):
//!   50 × 70_000 × 90 / 36_000 = 315_000_000 / 36_000 = 8_750 cal per set.
//! - 랫 풀 다운 (catalog 136, MET 3.5) with the intensity set to moderate–vigorous 6.0 (02050):
//!   60 × 70_000 × 90 / 36_000 = 378_000_000 / 36_000 = 10_500 cal per set.

mod common;

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use common::{has_hangul, invoke, script, sign_in, trainer_account, wait_text, GOOD_PASSWORD};
use serde_json::{json, Value};
use trainmate_e2e::{Launch, Session};

const DAY: &str = "2026-11-26";
const EARLIER: &str = "2026-11-19";

async fn click(session: &Session, id: &str) -> Result<()> {
    session
        .testid(id)
        .await?
        .click()
        .await
        .with_context(|| format!("clicking {id}"))?;
    Ok(())
}

/// Replaces a field's text as a user does: focus, End, backspaces, the new text, then Tab (the
/// field commits when it is left).
async fn type_over(session: &Session, id: &str, text: &str) -> Result<()> {
    let input = session.testid(id).await?;
    input
        .click()
        .await
        .with_context(|| format!("focusing {id}"))?;
    let keys = format!("\u{E010}{}{text}\u{E004}", "\u{E003}".repeat(10));
    input
        .send_keys(&keys)
        .await
        .with_context(|| format!("typing into {id}"))?;
    Ok(())
}

/// The value of an input.
async fn input_value(session: &Session, id: &str) -> Result<String> {
    Ok(session
        .testid(id)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Waits until an input's value is `expected`.
async fn wait_value(session: &Session, id: &str, expected: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        last = input_value(session, id).await.unwrap_or_default();
        if last == expected {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{id}: expected value {expected:?}, saw {last:?}")
}

/// Waits until no element has the test id.
async fn wait_gone(session: &Session, id: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let gone = script(
            session,
            &format!("return document.querySelector('[data-testid=\"{id}\"]') === null;"),
        )
        .await?;
        if gone == json!(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{id} is still there")
}

/// Opens a member's day in the logger by its address.
async fn open_day(session: &Session, member_id: &str, date: &str) -> Result<()> {
    script(
        session,
        &format!("location.hash = '#/member/{member_id}/day/{date}'; return true;"),
    )
    .await?;
    wait_text(session, "logger-date", date).await?;
    session.testid("day-summary").await?;
    Ok(())
}

/// A trainer (signed in through the form) with one member weighing 70 kg since 2026-11-01.
/// Answers the member's id.
async fn trainer_with_member(session: &Session, email: &str) -> Result<String> {
    trainer_account(session, "김코치", email).await?;
    sign_in(session, email, GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    let member = invoke(
        session,
        "add_member",
        json!({ "name": "박지민", "email": format!("member-{email}") }),
    )
    .await?;
    let member_id = member["member_id"].as_str().unwrap_or_default().to_owned();
    invoke(
        session,
        "add_body_metric",
        json!({ "member_id": member_id, "measured_on": "2026-11-01", "weight_g": 70_000 }),
    )
    .await?;
    Ok(member_id)
}

/// Logs an earlier day through commands: bench press 40 kg × 10, 40 × 9, 42.5 × 8.
async fn earlier_bench_day(session: &Session, member_id: &str) -> Result<()> {
    let day = invoke(
        session,
        "add_workout_exercise",
        json!({ "member_id": member_id, "date": EARLIER, "exercise": { "catalog": 33 } }),
    )
    .await?;
    let we = day["exercises"][0]["workout_exercise_id"].clone();
    for (reps, weight_g) in [(10, 40_000), (9, 40_000), (8, 42_500)] {
        invoke(
            session,
            "log_set",
            json!({ "workout_exercise_id": we, "reps": reps, "weight_g": weight_g }),
        )
        .await?;
    }
    Ok(())
}

/// Adds an exercise through the picker's search.
async fn add_by_search(session: &Session, query: &str, pick: &str) -> Result<()> {
    click(session, "logger-add-exercise").await?;
    session.testid("exercise-picker").await?;
    session
        .testid("picker-search")
        .await?
        .send_keys(query)
        .await?;
    click(session, pick).await?;
    wait_gone(session, "exercise-picker").await
}

/// Every figure on screen that the day is made of: totals and each set's row.
async fn day_snapshot(session: &Session) -> Result<Value> {
    script(
        session,
        "const t = id => document.querySelector(`[data-testid=\"${id}\"]`)?.textContent;
         const rows = [...document.querySelectorAll('.set-row:not(.set-row--new)')].map(r =>
           [...r.querySelectorAll('input')].map(i => i.value).join(' ') + ' ' +
           r.querySelector('select')?.value);
         return { sets: t('day-sets'), reps: t('day-reps'), volume: t('day-volume'),
                  time: t('day-time'), kcal: t('day-kcal'), rows };",
    )
    .await
}

#[tokio::test]
async fn a_full_session_of_three_exercises_by_four_sets() -> Result<()> {
    let session = Session::start(Launch::new("logger")).await?;
    let member_id = trainer_with_member(&session, "coach@example.com").await?;
    earlier_bench_day(&session, &member_id).await?;

    open_day(&session, &member_id, DAY).await?;
    wait_text(&session, "logger-member", "박지민").await?;
    session.testid("logger-empty").await?;
    wait_text(&session, "day-sets", "0").await?;
    session.screenshot("1-empty-ko").await?;

    // --- Exercise 1: bench press, found by a Korean search. ---
    click(&session, "logger-add-exercise").await?;
    session.testid("exercise-picker").await?;
    session
        .testid("picker-search")
        .await?
        .send_keys("벤치 프레스")
        .await?;
    session.testid("picker-pick-33").await?;
    session.screenshot("2-picker-search-ko").await?;
    click(&session, "picker-pick-33").await?;
    wait_gone(&session, "exercise-picker").await?;
    // Last time, inline: 40 kg × 10, 40 kg × 9, 42.5 kg × 8.
    wait_text(&session, "exercise-0-previous-0", "40 kg × 10").await?;
    wait_text(&session, "exercise-0-previous-2", "42.5 kg × 8").await?;

    // Set 1: one tap copies last time's first set (40 × 10); the rest timer starts.
    click(&session, "exercise-0-previous-0").await?;
    session.testid("set-0-1").await?;
    wait_value(&session, "set-0-1-weight-input", "40").await?;
    wait_value(&session, "set-0-1-reps-input", "10").await?;
    session.testid("rest-timer").await?;
    let rest = session.testid("rest-timer-face").await?.text().await?;
    assert!(rest.starts_with("0:0"), "rest timer counts from 0: {rest}");
    session.screenshot("3-rest-timer-ko").await?;

    // Set 2: the new-set row starts from the set above (40 × 10); reps − once → 40 × 9.
    wait_value(&session, "exercise-0-new-reps-input", "10").await?;
    click(&session, "exercise-0-new-reps-down").await?;
    wait_value(&session, "exercise-0-new-reps-input", "9").await?;
    click(&session, "exercise-0-log").await?;
    session.testid("set-0-2").await?;
    wait_value(&session, "set-0-2-reps-input", "9").await?;

    // Set 3: "repeat last set" (40 × 9), then its weight typed over: 42.5 → 42.5 × 9.
    click(&session, "exercise-0-repeat").await?;
    session.testid("set-0-3").await?;
    type_over(&session, "set-0-3-weight-input", "42.5").await?;
    wait_value(&session, "set-0-3-weight-input", "42.5").await?;
    // 400 + 360 + 382.5 = 1142.5 kg once the edit is saved.
    wait_text(&session, "exercise-0-volume", "1142.5 kg").await?;

    // Set 4: from the set above (42.5 × 9), reps − → 42.5 × 8.
    wait_value(&session, "exercise-0-new-weight-input", "42.5").await?;
    click(&session, "exercise-0-new-reps-down").await?;
    wait_value(&session, "exercise-0-new-reps-input", "8").await?;
    click(&session, "exercise-0-log").await?;
    session.testid("set-0-4").await?;

    // Set 5 by mistake (repeat), then deleted with a confirmation that says what goes.
    click(&session, "exercise-0-repeat").await?;
    session.testid("set-0-5").await?;
    wait_text(&session, "exercise-0-sets", "5").await?;
    click(&session, "set-0-5-delete").await?;
    session.testid("delete-set-dialog").await?;
    let explain = session.testid("delete-explain").await?.text().await?;
    assert!(explain.contains("42.5 kg × 8"), "{explain}");
    session.screenshot("4-delete-set-ko").await?;
    click(&session, "delete-confirm").await?;
    wait_gone(&session, "set-0-5").await?;
    // Bench: 40×10 + 40×9 + 42.5×9 + 42.5×8 → reps 10+9+9+8 = 36;
    // volume 400 + 360 + 382.5 + 340 = 1482.5 kg; 4 × 6_125 = 24_500 cal → 25 kcal shown.
    wait_text(&session, "exercise-0-sets", "4").await?;
    wait_text(&session, "exercise-0-reps", "36").await?;
    wait_text(&session, "exercise-0-volume", "1482.5 kg").await?;
    wait_text(&session, "exercise-0-kcal-total", "25 kcal").await?;

    // --- Exercise 2: squat, browsed: body part → equipment → exercise. ---
    click(&session, "logger-add-exercise").await?;
    click(&session, "picker-part-quads").await?;
    click(&session, "picker-equipment-barbell").await?;
    session.testid("picker-pick-572").await?;
    session.screenshot("5-picker-browse-ko").await?;
    click(&session, "picker-pick-572").await?;
    wait_gone(&session, "exercise-picker").await?;
    session.testid("exercise-1").await?;
    // No earlier squat: the new set starts at 10 × 0 kg.
    wait_value(&session, "exercise-1-new-reps-input", "10").await?;
    wait_value(&session, "exercise-1-new-weight-input", "0").await?;
    // Set 1: 60 kg typed, timed with the stopwatch for about two seconds.
    type_over(&session, "exercise-1-new-weight-input", "60").await?;
    wait_value(&session, "exercise-1-new-weight-input", "60").await?;
    click(&session, "exercise-1-new-stopwatch").await?;
    tokio::time::sleep(Duration::from_millis(2_300)).await;
    click(&session, "exercise-1-log").await?;
    session.testid("set-1-1").await?;
    // Set 2: from 60 × 10, weight + five times (0.5 kg each → 62.5), reps − twice → 62.5 × 8.
    wait_value(&session, "exercise-1-new-weight-input", "60").await?;
    for _ in 0..5 {
        click(&session, "exercise-1-new-weight-up").await?;
    }
    click(&session, "exercise-1-new-reps-down").await?;
    click(&session, "exercise-1-new-reps-down").await?;
    wait_value(&session, "exercise-1-new-weight-input", "62.5").await?;
    wait_value(&session, "exercise-1-new-reps-input", "8").await?;
    click(&session, "exercise-1-log").await?;
    session.testid("set-1-2").await?;
    // Sets 3 and 4: repeat twice, then set 4's reps − → 7.
    click(&session, "exercise-1-repeat").await?;
    session.testid("set-1-3").await?;
    click(&session, "exercise-1-repeat").await?;
    session.testid("set-1-4").await?;
    wait_value(&session, "set-1-4-reps-input", "8").await?;
    click(&session, "set-1-4-reps-down").await?;
    // Squat: 60×10, 62.5×8, 62.5×8, 62.5×7 → reps 33; volume 600 + 500 + 500 + 437.5 =
    // 2037.5 kg; 4 × 8_750 = 35_000 cal → 35 kcal (the 2 s stopwatch counts as the 90 s floor).
    wait_text(&session, "exercise-1-reps", "33").await?;
    wait_text(&session, "exercise-1-volume", "2037.5 kg").await?;
    wait_text(&session, "exercise-1-kcal-total", "35 kcal").await?;
    // Set 4 (62.5 × 7) moved up one place: it is set 3 now; the totals do not change.
    click(&session, "set-1-4-number").await?;
    click(&session, "set-1-4-move-up").await?;
    wait_value(&session, "set-1-3-reps-input", "7").await?;
    wait_value(&session, "set-1-4-reps-input", "8").await?;
    wait_text(&session, "exercise-1-reps", "33").await?;
    let timed = session
        .testid("set-1-1-stopwatch-face")
        .await?
        .text()
        .await?;
    assert!(
        ["0:01", "0:02", "0:03", "0:04"].contains(&timed.as_str()),
        "the stopwatch measured about 2 s: {timed}"
    );

    // --- Exercise 3: lat pulldown, English search, made a favourite, intensity 6.0. ---
    click(&session, "logger-add-exercise").await?;
    session
        .testid("picker-search")
        .await?
        .send_keys("lat pull")
        .await?;
    click(&session, "picker-fav-136").await?;
    let starred = session
        .testid("picker-fav-136")
        .await?
        .attr("aria-pressed")
        .await?;
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut starred = starred.unwrap_or_default();
    while starred != "true" && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        starred = session
            .testid("picker-fav-136")
            .await?
            .attr("aria-pressed")
            .await?
            .unwrap_or_default();
    }
    assert_eq!(starred, "true");
    click(&session, "picker-pick-136").await?;
    wait_gone(&session, "exercise-picker").await?;
    session.testid("exercise-2").await?;
    // The picker now lists it under favourites, and this member's exercises under recent.
    click(&session, "logger-add-exercise").await?;
    click(&session, "picker-tab-favourites").await?;
    session.testid("picker-favourites").await?;
    session.testid("picker-pick-136").await?;
    click(&session, "picker-tab-recent").await?;
    session.testid("picker-recent").await?;
    session.testid("picker-pick-33").await?;
    session.testid("picker-pick-572").await?;
    session.screenshot("5b-picker-recent-ko").await?;
    click(&session, "picker-close").await?;
    wait_gone(&session, "exercise-picker").await?;
    // Set 1: 45 kg typed × 10; sets 2 and 3 repeated; set 4: 12 reps at 0 kg (weight 0 allowed).
    type_over(&session, "exercise-2-new-weight-input", "45").await?;
    wait_value(&session, "exercise-2-new-weight-input", "45").await?;
    click(&session, "exercise-2-log").await?;
    session.testid("set-2-1").await?;
    click(&session, "exercise-2-repeat").await?;
    session.testid("set-2-2").await?;
    click(&session, "exercise-2-repeat").await?;
    session.testid("set-2-3").await?;
    wait_value(&session, "exercise-2-new-weight-input", "45").await?;
    type_over(&session, "exercise-2-new-weight-input", "0").await?;
    click(&session, "exercise-2-new-reps-up").await?;
    click(&session, "exercise-2-new-reps-up").await?;
    wait_value(&session, "exercise-2-new-reps-input", "12").await?;
    wait_value(&session, "exercise-2-new-weight-input", "0").await?;
    click(&session, "exercise-2-log").await?;
    session.testid("set-2-4").await?;
    wait_value(&session, "set-2-4-weight-input", "0").await?;
    // At the exercise's own MET 3.5: 4 × 6_125 = 24_500 cal → 25 kcal.
    wait_text(&session, "exercise-2-kcal-total", "25 kcal").await?;
    click(&session, "exercise-2-intensity-vigorous").await?;
    // At 6.0: 4 × 10_500 = 42_000 cal → 42 kcal.
    wait_text(&session, "exercise-2-kcal-total", "42 kcal").await?;
    click(&session, "exercise-2-explain").await?;
    wait_text(&session, "exercise-2-explain-met", "6.0 (Compendium 02050)").await?;
    wait_text(
        &session,
        "exercise-2-explain-weight",
        "70 kg — 2026-11-01 측정",
    )
    .await?;
    // 4 × 90 s = 360 s = 6 min = 0.10 h; 6.0 × 70 × 0.10 = 42.0 kcal.
    wait_text(
        &session,
        "exercise-2-explain-formula",
        "6.0 MET × 70 kg × 0.10 h = 42.0 kcal",
    )
    .await?;
    // Lat pulldown: reps 10+10+10+12 = 42; volume 450 × 3 + 0 = 1350 kg.
    wait_text(&session, "exercise-2-reps", "42").await?;
    wait_text(&session, "exercise-2-volume", "1350 kg").await?;

    // --- The day. ---
    // Sets 4 + 4 + 4 = 12; reps 36 + 33 + 42 = 111; volume 1482.5 + 2037.5 + 1350 = 4870 kg;
    // energy 24_500 + 35_000 + 42_000 = 101_500 cal = 101.5 kcal → 102 (half up).
    wait_text(&session, "day-sets", "12").await?;
    wait_text(&session, "day-reps", "111").await?;
    wait_text(&session, "day-volume", "4870 kg").await?;
    wait_text(&session, "day-kcal", "102").await?;
    // Time: only the one measured duration (the squat's first set).
    wait_text(&session, "day-time", &timed).await?;

    // Day notes are saved as they are left.
    type_over(&session, "day-notes", "좋은 컨디션").await?;
    session.testid("day-notes-saved").await?;

    let logger_text = session.testid("logger").await?.text().await?;
    assert!(has_hangul(&logger_text), "Hangul on the Korean logger");
    session.screenshot("6-session-ko").await?;
    script(
        &session,
        "window.scrollTo(0, document.body.scrollHeight); return true;",
    )
    .await?;
    session.screenshot("7-session-bottom-ko").await?;

    // Reorder: the lat pulldown up one place.
    click(&session, "exercise-2-up").await?;
    wait_text(&session, "exercise-1-name", "랫 풀 다운").await?;
    wait_text(&session, "exercise-2-name", "바벨 스쿼트").await?;

    // Everything on screen came from the database: leaving and opening the day again (which
    // loads it afresh) shows the same day.
    let before = day_snapshot(&session).await?;
    click(&session, "nav-home").await?;
    session.testid("home-sessions").await?;
    open_day(&session, &member_id, DAY).await?;
    wait_text(&session, "day-kcal", "102").await?;
    let after = day_snapshot(&session).await?;
    assert_eq!(before, after);

    // The same session in English.
    common::settings_in_english(&session).await?;
    open_day(&session, &member_id, DAY).await?;
    wait_text(&session, "exercise-0-name", "Barbell Bench Press").await?;
    wait_text(&session, "day-kcal", "102").await?;
    session.screenshot("8-session-en").await?;
    Ok(())
}

#[tokio::test]
async fn sets_logged_before_a_sigkill_are_all_there_after_a_restart() -> Result<()> {
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        ..Launch::new("logger-kill")
    })
    .await?;
    let member_id = trainer_with_member(&session, "kill@example.com").await?;
    open_day(&session, &member_id, DAY).await?;
    add_by_search(&session, "바벨 스쿼트", "picker-pick-572").await?;
    type_over(&session, "exercise-0-new-weight-input", "100").await?;
    wait_value(&session, "exercise-0-new-weight-input", "100").await?;
    click(&session, "exercise-0-log").await?;
    session.testid("set-0-1").await?;
    click(&session, "exercise-0-repeat").await?;
    session.testid("set-0-2").await?;
    click(&session, "exercise-0-repeat").await?;
    session.testid("set-0-3").await?;
    click(&session, "set-0-3-reps-down").await?;
    // 100×10 + 100×10 + 100×9: reps 29, volume 2900 kg, 3 × 8_750 = 26_250 cal → 26 kcal.
    wait_text(&session, "day-reps", "29").await?;
    wait_text(&session, "day-volume", "2900 kg").await?;
    wait_text(&session, "day-kcal", "26").await?;
    let before = day_snapshot(&session).await?;
    assert_eq!(before["sets"], json!("3"));
    let text = session.testid("logger").await?.text().await?;
    assert!(has_hangul(&text));
    session.screenshot("1-before-kill-ko-narrow").await?;
    let layout = script(
        &session,
        "const buttons = [...document.querySelectorAll('.logger button, .logger input, .logger select')]
           .filter(b => b.offsetParent !== null).map(b => b.getBoundingClientRect().height);
         return { overflow: document.documentElement.scrollWidth - window.innerWidth,
                  smallest: Math.min(...buttons) };",
    )
    .await?;
    assert!(
        layout["overflow"].as_f64().unwrap_or(1.0) <= 0.0,
        "{layout}"
    );
    assert!(
        layout["smallest"].as_f64().unwrap_or(0.0) >= 48.0,
        "{layout}"
    );

    let closed = session.kill_app().await?;
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        data_dir: Some(closed.data_dir.clone()),
        ..Launch::new("logger-kill")
    })
    .await?;
    sign_in(&session, "kill@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    open_day(&session, &member_id, DAY).await?;
    wait_text(&session, "day-kcal", "26").await?;
    let after = day_snapshot(&session).await?;
    assert_eq!(before, after);
    session.screenshot("2-after-restart-ko-narrow").await?;
    drop(closed);
    Ok(())
}

#[tokio::test]
async fn the_logger_in_english_and_dark_at_800_by_1000() -> Result<()> {
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        ..Launch::new("logger-dark")
    })
    .await?;
    let member_id = trainer_with_member(&session, "dark@example.com").await?;
    earlier_bench_day(&session, &member_id).await?;
    common::settings_in_english(&session).await?;
    click(&session, "settings-theme-dark").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while common::theme(&session).await? != "dark" {
        if Instant::now() > deadline {
            bail!("the theme did not turn dark");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    open_day(&session, &member_id, DAY).await?;
    wait_text(
        &session,
        "logger-empty",
        "No exercises yet — add the first exercise.",
    )
    .await?;
    add_by_search(&session, "bench press", "picker-pick-33").await?;
    wait_text(&session, "exercise-0-previous-1", "40 kg × 9").await?;
    click(&session, "exercise-0-previous-1").await?;
    session.testid("set-0-1").await?;
    click(&session, "exercise-0-repeat").await?;
    session.testid("set-0-2").await?;
    // A refused entry: negative reps are answered beside the field, in English.
    type_over(&session, "set-0-2-reps-input", "-4").await?;
    wait_text(&session, "set-0-2-reps-error", "Reps cannot be negative.").await?;
    session.testid("rest-timer").await?;
    click(&session, "exercise-0-explain").await?;
    // 2 × 6_125 = 12_250 cal; 2 × 90 s = 180 s = 0.05 h → 3.5 × 70 × 0.05 = 12.25 → "12.3".
    wait_text(
        &session,
        "exercise-0-explain-formula",
        "3.5 MET × 70 kg × 0.05 h = 12.3 kcal",
    )
    .await?;
    wait_text(&session, "day-kcal", "12").await?;
    session.screenshot("1-logger-en-dark-narrow").await?;
    let layout = script(
        &session,
        "return { overflow: document.documentElement.scrollWidth - window.innerWidth };",
    )
    .await?;
    assert!(
        layout["overflow"].as_f64().unwrap_or(1.0) <= 0.0,
        "{layout}"
    );
    click(&session, "logger-add-exercise").await?;
    click(&session, "picker-tab-custom").await?;
    click(&session, "custom-submit").await?;
    // No Korean name: the error beside that field.
    session.testid("custom-name-ko-error").await?;
    session
        .screenshot("2-custom-exercise-en-dark-narrow")
        .await?;
    session
        .testid("custom-name-ko")
        .await?
        .send_keys("케틀벨 스윙")
        .await?;
    session
        .testid("custom-name-en")
        .await?
        .send_keys("Kettlebell swing")
        .await?;
    click(&session, "custom-submit").await?;
    wait_gone(&session, "exercise-picker").await?;
    wait_text(&session, "exercise-1-name", "Kettlebell swing").await?;
    click(&session, "rest-timer-dismiss").await?;
    wait_gone(&session, "rest-timer").await?;
    // Delete the custom exercise again: the dialog says what goes.
    click(&session, "exercise-1-delete").await?;
    let explain = session.testid("delete-explain").await?.text().await?;
    assert!(explain.contains("0 sets"), "{explain}");
    click(&session, "delete-confirm").await?;
    wait_gone(&session, "exercise-1").await?;

    // A set type: set 1 becomes a warm-up (saved at once; the number is drawn dashed).
    click(&session, "set-0-1-type").await?;
    session
        .client
        .find(fantoccini::Locator::Css(
            "[data-testid=\"set-0-1-type\"] option[value=\"warm_up\"]",
        ))
        .await?
        .click()
        .await?;
    wait_value(&session, "set-0-1-type", "warm_up").await?;

    // A time exercise: the plank (catalog 349, MET 2.8, code 02024) held 1:00, typed.
    // 28 × 70_000 × 60 / 36_000 = 117_600_000 / 36_000 = 3_266.67 → 3_267 cal → 3 kcal;
    // 60 s = 0.02 h (two decimals, half up); 3_267 cal → 3.3 kcal with one decimal.
    add_by_search(&session, "plank", "picker-pick-349").await?;
    wait_text(&session, "exercise-1-name", "Plank").await?;
    type_over(&session, "exercise-1-new-duration-input", "1:00").await?;
    wait_value(&session, "exercise-1-new-duration-input", "1:00").await?;
    click(&session, "exercise-1-log").await?;
    wait_value(&session, "set-1-1-duration-input", "1:00").await?;
    wait_text(&session, "exercise-1-kcal-total", "3 kcal").await?;
    click(&session, "exercise-1-explain").await?;
    wait_text(
        &session,
        "exercise-1-explain-formula",
        "2.8 MET × 70 kg × 0.02 h = 3.3 kcal",
    )
    .await?;
    // The day: 12_250 + 3_267 = 15_517 cal → 16 kcal; the plank's minute is the measured time.
    wait_text(&session, "day-kcal", "16").await?;
    wait_text(&session, "day-time", "1:00").await?;
    session.screenshot("3-logger-en-dark-narrow").await?;

    // The previous day has no session; the next day brings this one back.
    click(&session, "logger-previous-day").await?;
    wait_text(&session, "logger-date", "2026-11-25").await?;
    session.testid("logger-empty").await?;
    click(&session, "logger-next-day").await?;
    wait_text(&session, "logger-date", DAY).await?;
    wait_text(&session, "day-sets", "3").await?;
    // Back to the member's page.
    click(&session, "logger-back").await?;
    let expected = json!(format!("#/member/{member_id}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while script(&session, "return location.hash;").await? != expected {
        if Instant::now() > deadline {
            bail!("the back button did not open the member page");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // In pounds: 40 kg = 40_000 / 453.59237 = 88.18 lb → "88.2"; the bench volume 720 kg =
    // 1_587.33 lb → "1587.3 lb". Storage stays grams, so kcal do not move.
    click(&session, "nav-settings").await?;
    click(&session, "settings-units-lb").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    open_day(&session, &member_id, DAY).await?;
    wait_value(&session, "set-0-2-weight-input", "88.2").await?;
    wait_text(&session, "exercise-0-volume", "1587.3 lb").await?;
    wait_text(&session, "day-kcal", "16").await?;
    session.screenshot("4-logger-en-dark-narrow-lb").await?;
    Ok(())
}

#[tokio::test]
async fn a_member_sees_the_trainers_sets_read_only_and_logs_their_own() -> Result<()> {
    let session = Session::start(Launch::new("logger-member")).await?;
    common::sign_up_account(&session, "trainer", "Coach", "coach-m@example.com").await?;
    let member = invoke(
        &session,
        "add_member",
        json!({
            "name": "박회원", "email": "park-m@example.com",
            "password": GOOD_PASSWORD, "password_confirmation": GOOD_PASSWORD,
        }),
    )
    .await?;
    let member_id = member["member_id"].as_str().unwrap_or_default().to_owned();
    // The trainer logs 40 kg × 10 of bench press on the member's day.
    let day = invoke(
        &session,
        "add_workout_exercise",
        json!({ "member_id": member_id, "date": DAY, "exercise": { "catalog": 33 } }),
    )
    .await?;
    let we = day["exercises"][0]["workout_exercise_id"].clone();
    invoke(
        &session,
        "log_set",
        json!({ "workout_exercise_id": we, "reps": 10, "weight_g": 40_000 }),
    )
    .await?;
    invoke(&session, "sign_out", json!({})).await?;

    sign_in(&session, "park-m@example.com", GOOD_PASSWORD).await?;
    click(&session, "consent-all").await?;
    click(&session, "consent-submit").await?;
    session.testid("shell").await?;
    open_day(&session, &member_id, DAY).await?;
    // The trainer's set: shown, without edit controls.
    wait_text(&session, "set-0-1-summary", "40 kg × 10").await?;
    session.testid("set-0-1-readonly").await?;
    wait_gone(&session, "set-0-1-reps-up").await?;
    wait_gone(&session, "set-0-1-delete").await?;
    wait_gone(&session, "exercise-0-delete").await?;
    // The member logs their own set (from the set above: 40 × 10) and may edit it.
    click(&session, "exercise-0-log").await?;
    session.testid("set-0-2-reps-up").await?;
    click(&session, "set-0-2-reps-up").await?;
    wait_value(&session, "set-0-2-reps-input", "11").await?;
    // No body weight: 70 kg is assumed, marked estimated; 2 × 6_125 = 12_250 cal → "~12".
    wait_text(&session, "day-reps", "21").await?;
    wait_text(&session, "day-kcal", "~12").await?;
    session.screenshot("1-member-own-day-ko").await?;

    // Another person's day, by address: a clear "not found", nothing else.
    script(
        &session,
        "location.hash = '#/member/00000000-0000-4000-8000-000000000001/day/2026-11-26'; return true;",
    )
    .await?;
    session.testid("logger-error").await?;
    let message = session.testid("logger-error").await?.text().await?;
    assert!(message.contains("찾을 수 없습니다"), "{message}");
    // It names no one.
    wait_text(&session, "logger-member", "운동 기록").await?;
    wait_gone(&session, "day-summary").await?;
    session.screenshot("2-not-found-ko").await?;
    Ok(())
}
