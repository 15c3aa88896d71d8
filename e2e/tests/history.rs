//! History: sessions made through the commands show newest first with their day totals; one
//! expands to its exercises and sets; "edit" opens the logger at that date, and a set added
//! there shows in the history. The member page's records card shows a past day's totals.
//! Korean and English, tablet and narrow.

mod common;

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use common::{
    invoke, script, settings_in_english, sign_in, trainer_account, wait_text, GOOD_PASSWORD,
};
use serde_json::{json, Value};
use trainmate_e2e::{Launch, Session};

/// Logs `sets` (reps, grams) of the first reps-and-weight catalog exercise on `date`.
async fn log_day(
    session: &Session,
    member_id: &str,
    date: &str,
    exercise: &Value,
    sets: &[(u32, u32)],
) -> anyhow::Result<()> {
    let day = invoke(
        session,
        "add_workout_exercise",
        json!({ "member_id": member_id, "date": date, "exercise": exercise }),
    )
    .await?;
    let workout_exercise_id = day["exercises"]
        .as_array()
        .and_then(|x| x.last())
        .map(|x| x["workout_exercise_id"].clone())
        .context("the added exercise")?;
    for (reps, weight_g) in sets {
        invoke(
            session,
            "log_set",
            json!({ "workout_exercise_id": workout_exercise_id, "reps": reps,
                    "weight_g": weight_g }),
        )
        .await?;
    }
    Ok(())
}

async fn wait_hash(session: &Session, expected: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = Value::Null;
    while Instant::now() < deadline {
        last = script(session, "return location.hash;").await?;
        if last == json!(expected) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("expected {expected}, at {last}")
}

async fn set_date(session: &Session, testid: &str, value: &str) -> anyhow::Result<()> {
    session
        .client
        .execute(
            "const [id, value] = arguments;
             const input = document.querySelector(`[data-testid=\"${id}\"]`);
             input.value = value;
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(testid), json!(value)],
        )
        .await?;
    Ok(())
}

async fn history_with_sessions(launch: Launch, english: bool) -> anyhow::Result<()> {
    let session = Session::start(launch).await?;
    trainer_account(&session, "김코치", "coach@example.com").await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    if english {
        settings_in_english(&session).await?;
    }
    let added = invoke(
        &session,
        "add_member",
        json!({ "name": "박지민", "email": "jimin@example.com" }),
    )
    .await?;
    let member_id = added["member_id"].as_str().context("member_id")?.to_owned();

    // Before any session: the empty state says what to do.
    session.testid("nav-members").await?.click().await?;
    session
        .testid("member-row-jimin@example.com")
        .await?
        .click()
        .await?;
    session.testid("open-history").await?.click().await?;
    session.testid("history-empty").await?;
    session.screenshot("1-empty").await?;

    // A barbell exercise measured in reps with external load, MET 3.5.
    let exercises = invoke(
        &session,
        "browse_exercises",
        json!({ "equipment": "barbell" }),
    )
    .await?;
    let exercise = exercises
        .as_array()
        .and_then(|list| {
            list.iter().find(|e| {
                e["measures"] == json!("reps")
                    && e["load"] == json!("external")
                    && e["met_tenths"] == json!(35)
            })
        })
        .context("a barbell exercise")?;
    // Its MET is 3.5: with no body weight known (70 kg assumed) and the 90 s floor per set,
    // one set is 3.5 × 70 kg × 90/3600 h = 6.125 kcal.
    let name_key = if english { "name_en" } else { "name_ko" };
    let name = exercise[name_key].as_str().unwrap_or_default().to_owned();
    let exercise = exercise["exercise"].clone();
    // 2020-03-02: 10 × 40 kg and 8 × 42.5 kg; 2020-03-05: 12 × 20 kg.
    log_day(
        &session,
        &member_id,
        "2020-03-02",
        &exercise,
        &[(10, 40_000), (8, 42_500)],
    )
    .await?;
    log_day(
        &session,
        &member_id,
        "2020-03-05",
        &exercise,
        &[(12, 20_000)],
    )
    .await?;

    session.testid("history-back").await?.click().await?;
    session.testid("open-history").await?.click().await?;
    session.testid("history-session-2020-03-05").await?;
    let order = script(
        &session,
        "return [...document.querySelectorAll('.session')].map(s => s.dataset.testid);",
    )
    .await?;
    assert_eq!(
        order,
        json!(["history-session-2020-03-05", "history-session-2020-03-02"]),
        "newest first"
    );
    // 10 × 40 kg + 8 × 42.5 kg = 400 + 340 = 740 kg; two sets.
    wait_text(&session, "history-2020-03-02-volume", "740 kg").await?;
    wait_text(&session, "history-2020-03-02-sets", "2").await?;
    // 12 × 20 kg = 240 kg.
    wait_text(&session, "history-2020-03-05-volume", "240 kg").await?;
    // Two sets: 12.25 kcal → 12; one set: 6.125 kcal → 6.
    wait_text(&session, "history-2020-03-02-kcal", "12").await?;
    wait_text(&session, "history-2020-03-05-kcal", "6").await?;

    session
        .testid("history-toggle-2020-03-02")
        .await?
        .click()
        .await?;
    let detail = session
        .testid("history-day-2020-03-02")
        .await?
        .text()
        .await?;
    assert!(detail.contains(&name), "{name} in {detail}");
    assert!(detail.contains("10 × 40 kg"), "{detail}");
    assert!(detail.contains("8 × 42.5 kg"), "{detail}");
    session.screenshot("2-expanded").await?;

    // The records card on the member page shows the same day.
    session.testid("history-back").await?.click().await?;
    session.testid("records-date").await?;
    set_date(&session, "records-date", "2020-03-02").await?;
    wait_text(&session, "day-volume", "740 kg").await?;
    wait_text(&session, "day-sets", "2").await?;
    wait_text(&session, "day-kcal", "12").await?;
    let card = session.testid("records-exercise-0").await?.text().await?;
    assert!(card.contains(&name), "{card}");
    script(
        &session,
        "document.querySelector('[data-testid=\"member-records\"]').scrollIntoView();",
    )
    .await?;
    session.screenshot("3-records").await?;

    // Edit a past session: the logger opens at that date.
    session.testid("open-history").await?.click().await?;
    session
        .testid("history-edit-2020-03-02")
        .await?
        .click()
        .await?;
    wait_hash(&session, &format!("#/member/{member_id}/day/2020-03-02")).await?;
    // …and the edit lands in that past day: one more 8 × 42.5 kg set.
    wait_text(&session, "day-sets", "2").await?;
    session.testid("exercise-0-repeat").await?.click().await?;
    wait_text(&session, "day-sets", "3").await?;
    session.testid("logger-back").await?.click().await?;
    session.testid("open-history").await?.click().await?;
    // 740 + 8 × 42.5 = 1080 kg; three sets of 6.125 kcal = 18.375 → 18.
    wait_text(&session, "history-2020-03-02-sets", "3").await?;
    wait_text(&session, "history-2020-03-02-volume", "1080 kg").await?;
    wait_text(&session, "history-2020-03-02-kcal", "18").await?;
    Ok(())
}

#[tokio::test]
async fn sessions_by_date_expand_and_open_the_logger_korean_tablet() -> anyhow::Result<()> {
    history_with_sessions(Launch::new("history-ko"), false).await
}

#[tokio::test]
async fn sessions_by_date_expand_and_open_the_logger_english_narrow() -> anyhow::Result<()> {
    history_with_sessions(
        Launch {
            width: 800,
            height: 1000,
            ..Launch::new("history-en-narrow")
        },
        true,
    )
    .await
}
