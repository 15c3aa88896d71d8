//! The member page: a trainer adds a member and opens their page beside the list, edits the
//! profile (an error beside the field first), uploads a photo (a GIF refused in Korean, then a
//! PNG), adds body-metrics entries for the member — and the trainer's own metrics stay as they
//! were, checked through the command and on the trainer's own page — edits and deletes an entry,
//! sees the chart; English, lb and the dark theme; the narrow layout. A member signs in and sees
//! only their own page; another member's address, and the command with another member's id,
//! answer "not found".

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use common::{
    has_hangul, invoke, script, settings_in_english, sign_in, sign_up_account, trainer_account,
    wait_text, GOOD_PASSWORD,
};
use serde_json::{json, Value};
use trainmate_e2e::{Launch, Session};

/// A valid 16×16 PNG, an orange disc on blue (checked by the app by content, re-encoded as JPEG).
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 16, 0, 0, 0, 16, 8, 2,
    0, 0, 0, 144, 145, 104, 54, 0, 0, 0, 45, 73, 68, 65, 84, 120, 218, 99, 80, 77, 126, 77, 18, 98,
    160, 187, 134, 175, 243, 184, 209, 16, 62, 13, 152, 170, 49, 245, 48, 16, 84, 141, 166, 103,
    132, 107, 32, 57, 88, 201, 137, 184, 193, 145, 248, 0, 174, 98, 129, 216, 170, 121, 151, 54, 0,
    0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];
/// A valid 1×1 GIF: an image, but not one of the accepted kinds.
const GIF: &[u8] = &[
    71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 128, 0, 0, 255, 255, 255, 0, 0, 0, 33, 249, 4, 1, 0, 0, 0,
    0, 44, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 68, 1, 0, 59,
];

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// Sets an input's value the way a user's edit would (a date picker cannot be typed into
/// reliably through WebDriver) and fires the events the page listens to.
async fn set_input(session: &Session, testid: &str, value: &str) -> anyhow::Result<()> {
    session.testid(testid).await?;
    session
        .client
        .execute(
            "const [id, value] = arguments;
             const input = document.querySelector(`[data-testid=\"${id}\"]`);
             input.value = value;
             input.dispatchEvent(new Event('input', { bubbles: true }));
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(testid), json!(value)],
        )
        .await?;
    Ok(())
}

/// Types into a text input after clearing it with backspaces (clear() sends no input event).
async fn retype(session: &Session, testid: &str, text: &str) -> anyhow::Result<()> {
    let input = session.testid(testid).await?;
    let length = input
        .prop("value")
        .await?
        .unwrap_or_default()
        .chars()
        .count();
    input.send_keys(&"\u{E003}".repeat(length)).await?;
    input.send_keys(text).await?;
    Ok(())
}

/// Waits until a script returns `expected`.
async fn wait_script(session: &Session, js: &str, expected: Value) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = Value::Null;
    while Instant::now() < deadline {
        last = script(session, js).await?;
        if last == expected {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{js}: expected {expected}, saw {last}")
}

async fn count(session: &Session, selector: &str) -> anyhow::Result<Value> {
    script(
        session,
        &format!("return document.querySelectorAll('{selector}').length;"),
    )
    .await
}

/// The calling page's own user id.
async fn my_id(session: &Session) -> anyhow::Result<String> {
    let me = invoke(session, "current_user", json!({})).await?;
    Ok(me["user_id"].as_str().context("user_id")?.to_owned())
}

/// Adds a body-metrics entry through the dialog; `date` is set when given (today otherwise).
async fn add_entry(
    session: &Session,
    date: Option<&str>,
    fields: &[(&str, &str)],
) -> anyhow::Result<()> {
    session.testid("metric-add").await?.click().await?;
    session.testid("metric-dialog").await?;
    if let Some(date) = date {
        set_input(session, "metric-date", date).await?;
    }
    for (id, value) in fields {
        session.testid(id).await?.send_keys(value).await?;
    }
    session.testid("metric-submit").await?.click().await?;
    wait_script(
        session,
        "return document.querySelector('[data-testid=\"metric-dialog\"]') === null;",
        json!(true),
    )
    .await
}

#[tokio::test]
async fn a_trainer_edits_a_members_page_and_their_own_metrics_stay() -> anyhow::Result<()> {
    let files = tempfile::tempdir()?;
    let session = Session::start(Launch::new("member-page")).await?;
    trainer_account(&session, "김코치", "coach@example.com").await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    let trainer_id = my_id(&session).await?;
    // The trainer's own weight, entered before anything else.
    invoke(
        &session,
        "add_body_metric",
        json!({ "member_id": trainer_id, "measured_on": "2020-01-10", "weight_g": 80_000 }),
    )
    .await?;

    // Add a member through the dialog: their page opens beside the list.
    session.testid("nav-members").await?.click().await?;
    session.testid("members-add").await?.click().await?;
    session
        .testid("add-member-name")
        .await?
        .send_keys("박지민")
        .await?;
    session
        .testid("add-member-email")
        .await?
        .send_keys("jimin@example.com")
        .await?;
    session.testid("add-member-submit").await?.click().await?;
    wait_text(&session, "member-name", "박지민").await?;
    wait_text(&session, "members-notice", "회원을 추가했습니다.").await?;
    session.testid("metrics-empty").await?;
    session.testid("records-empty").await?;
    let hash = script(&session, "return location.hash;").await?;
    let member_id = hash
        .as_str()
        .and_then(|h| h.strip_prefix("#/member/"))
        .context("the member's address")?
        .to_owned();
    let panes = script(
        &session,
        "const list = document.querySelector('.members-pane').getBoundingClientRect();
         const page = document.querySelector('.member-pane').getBoundingClientRect();
         return list.width > 0 && page.left >= list.right - 1;",
    )
    .await?;
    assert_eq!(panes, json!(true), "list | page side by side at 1280 px");
    let selected = session
        .testid("member-row-jimin@example.com")
        .await?
        .attr("aria-pressed")
        .await?;
    assert_eq!(selected.as_deref(), Some("true"));
    session.screenshot("1-new-member-ko").await?;

    // Edit the profile: a bad phone first, beside the field.
    session.testid("profile-edit").await?.click().await?;
    session
        .testid("profile-phone")
        .await?
        .send_keys("123")
        .await?;
    session.testid("profile-submit").await?.click().await?;
    session.testid("profile-phone-error").await?;
    session.screenshot("2-profile-error").await?;
    retype(&session, "profile-phone", "010-2222-3333").await?;
    set_input(&session, "profile-birth-date", "1990-05-17").await?;
    session.testid("profile-submit").await?.click().await?;
    wait_text(&session, "member-phone", "010-2222-3333").await?;
    wait_text(&session, "member-birth-date", "1990-05-17").await?;
    wait_text(&session, "member-notice", "프로필을 저장했습니다.").await?;

    // A photo: a GIF is refused in Korean, a PNG becomes the avatar.
    let gif = temp_file(&files, "animated.gif", GIF)?;
    session
        .testid("photo-input")
        .await?
        .send_keys(&gif.display().to_string())
        .await?;
    wait_text(
        &session,
        "photo-error",
        "PNG, JPEG 또는 WebP 이미지를 선택해 주세요.",
    )
    .await?;
    let png = temp_file(&files, "face.png", PNG)?;
    session
        .testid("photo-input")
        .await?
        .send_keys(&png.display().to_string())
        .await?;
    wait_script(
        &session,
        "const a = document.querySelector('[data-testid=\"member-avatar\"]');
         return a.tagName === 'IMG' && a.src.startsWith('data:image/jpeg;base64,')
           && a.complete && a.naturalWidth > 0;",
        json!(true),
    )
    .await?;
    assert_eq!(
        count(&session, "[data-testid=\"photo-error\"]").await?,
        json!(0)
    );

    // Body metrics for the member: today's entry and an older one.
    add_entry(
        &session,
        None,
        &[
            ("metric-height", "172.5"),
            ("metric-weight", "70.5"),
            ("metric-body-fat", "18.5"),
            ("metric-muscle", "31"),
        ],
    )
    .await?;
    wait_text(&session, "latest-weight", "70.5 kg").await?;
    wait_text(&session, "latest-height", "172.5 cm").await?;
    wait_text(&session, "latest-body-fat", "18.5 %").await?;
    wait_text(&session, "latest-muscle", "31 kg").await?;
    add_entry(
        &session,
        Some("2020-01-15"),
        &[("metric-weight", "72"), ("metric-body-fat", "20.1")],
    )
    .await?;
    wait_text(&session, "metric-date-1", "2020-01-15").await?;
    // The chart: a line and a dot per point for weight and for body fat.
    wait_script(
        &session,
        "const svg = document.querySelector('[data-testid=\"metric-chart\"] svg');
         return svg === null ? null : [
           svg.querySelectorAll('polyline[stroke=\"#14B8A6\"]').length,
           svg.querySelectorAll('polyline[stroke=\"#F59E0B\"]').length,
           svg.querySelectorAll('circle[fill=\"#14B8A6\"]').length,
           svg.querySelectorAll('circle[fill=\"#F59E0B\"]').length];",
        json!([1, 1, 2, 2]),
    )
    .await?;
    session.screenshot("3-metrics-ko").await?;

    // The entries are the member's; the trainer's own metrics did not change.
    let entries = invoke(
        &session,
        "list_body_metrics",
        json!({ "member_id": member_id }),
    )
    .await?;
    let entries = entries.as_array().context("entries")?;
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e["member_id"] == json!(member_id)));
    assert_eq!(entries[0]["weight_g"], json!(70_500));
    assert_eq!(entries[0]["height_mm"], json!(1_725));
    assert_eq!(entries[0]["skeletal_muscle_g"], json!(31_000));
    let trainer = invoke(&session, "get_profile", json!({ "member_id": trainer_id })).await?;
    assert_eq!(
        trainer["latest"],
        json!({ "height_mm": null, "weight_g": 80_000, "body_fat_tenths": null,
                "skeletal_muscle_g": null })
    );
    let own = invoke(
        &session,
        "list_body_metrics",
        json!({ "member_id": trainer_id }),
    )
    .await?;
    assert_eq!(own.as_array().map(Vec::len), Some(1));
    // …and on the trainer's own page.
    session
        .testid("member-row-coach@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-name", "김코치").await?;
    wait_text(&session, "latest-weight", "80 kg").await?;
    wait_text(&session, "latest-body-fat", "—").await?;
    assert_eq!(count(&session, ".metric-entry").await?, json!(1));
    // No release or reset on the trainer's own row.
    assert_eq!(
        count(&session, "[data-testid=\"member-release\"]").await?,
        json!(0)
    );
    session.screenshot("4-trainer-own-page").await?;

    // Back to the member: edit today's entry, delete the old one (asked first).
    session
        .testid("member-row-jimin@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "latest-weight", "70.5 kg").await?;
    session.testid("metric-edit-0").await?.click().await?;
    retype(&session, "metric-weight", "71").await?;
    session.testid("metric-submit").await?.click().await?;
    wait_text(&session, "latest-weight", "71 kg").await?;
    session.testid("metric-delete-1").await?.click().await?;
    let explain = session
        .testid("metric-delete-explain")
        .await?
        .text()
        .await?;
    assert!(explain.contains("72 kg"), "{explain}");
    assert!(explain.contains("사라집니다"), "{explain}");
    session.screenshot("5-delete-ko").await?;
    session
        .testid("metric-delete-confirm")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-notice", "기록을 삭제했습니다.").await?;
    assert_eq!(count(&session, ".metric-entry").await?, json!(1));
    let entries = invoke(
        &session,
        "list_body_metrics",
        json!({ "member_id": member_id }),
    )
    .await?;
    assert_eq!(entries.as_array().map(Vec::len), Some(1));
    assert_eq!(entries[0]["weight_g"], json!(71_000));

    // English and pounds: 71_000 g / 453.59237 = 156.53 lb → "156.5 lb".
    settings_in_english(&session).await?;
    session.testid("settings-units-lb").await?.click().await?;
    session.testid("nav-members").await?.click().await?;
    session
        .testid("member-row-jimin@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "latest-weight", "156.5 lb").await?;
    session.testid("member-release").await?;
    session.testid("member-reset-password").await?;
    session.screenshot("6-member-en-lb").await?;
    session.testid("metric-add").await?.click().await?;
    session
        .testid("metric-weight")
        .await?
        .send_keys("154.5")
        .await?;
    session.screenshot("7-dialog-en-lb").await?;
    session.testid("metric-submit").await?.click().await?;
    // 154.5 lb × 453.59237 = 70_080.02 g: stored as 70_080 g, shown back as 154.5 lb.
    wait_text(&session, "metric-values-0", "154.5 lb").await?;
    let entries = invoke(
        &session,
        "list_body_metrics",
        json!({ "member_id": member_id }),
    )
    .await?;
    let weights: Vec<&Value> = entries
        .as_array()
        .context("entries")?
        .iter()
        .map(|e| &e["weight_g"])
        .collect();
    assert!(weights.contains(&&json!(70_080)), "{weights:?}");

    // The dark theme.
    session.testid("nav-settings").await?.click().await?;
    session.testid("settings-theme-dark").await?.click().await?;
    session.testid("nav-members").await?.click().await?;
    session
        .testid("member-row-jimin@example.com")
        .await?
        .click()
        .await?;
    session.testid("metric-chart").await?;
    session.screenshot("8-dark-en").await?;
    Ok(())
}

#[tokio::test]
async fn below_900_px_the_member_page_replaces_the_list_with_a_back_button() -> anyhow::Result<()> {
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        ..Launch::new("member-page-narrow")
    })
    .await?;
    trainer_account(&session, "최민수", "choi@example.com").await?;
    sign_in(&session, "choi@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    let added = invoke(
        &session,
        "add_member",
        json!({ "name": "한지우", "email": "jiwoo@example.com", "phone": "010-5555-6666" }),
    )
    .await?;
    let member_id = added["member_id"].as_str().context("member_id")?;
    for (date, weight, fat) in [
        ("2020-01-01", 65_000, 250),
        ("2020-02-01", 64_000, 240),
        ("2020-03-01", 63_500, 230),
    ] {
        invoke(
            &session,
            "add_body_metric",
            json!({ "member_id": member_id, "measured_on": date, "weight_g": weight,
                    "body_fat_tenths": fat }),
        )
        .await?;
    }
    session.testid("nav-members").await?.click().await?;
    session
        .testid("member-row-jiwoo@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-phone", "010-5555-6666").await?;
    wait_text(&session, "latest-weight", "63.5 kg").await?;
    let layout = script(
        &session,
        "return {
           listHidden: getComputedStyle(document.querySelector('.members-pane')).display === 'none',
           smallest: Math.min(...[...document.querySelectorAll('.member-page button, .member-page input:not([type=file]), .member-page label.button')]
             .filter(b => b.getBoundingClientRect().height > 0)
             .map(b => b.getBoundingClientRect().height)),
           overflow: document.documentElement.scrollWidth > window.innerWidth,
         };",
    )
    .await?;
    assert_eq!(layout["listHidden"], json!(true), "{layout}");
    assert_eq!(
        layout["overflow"],
        json!(false),
        "no sideways scrolling: {layout}"
    );
    assert!(
        layout["smallest"].as_f64().unwrap_or(0.0) >= 48.0,
        "touch targets: {layout}"
    );
    let title = session.testid("member-metrics").await?.text().await?;
    assert!(has_hangul(&title), "{title}");
    session.screenshot("1-member-ko").await?;
    script(&session, "window.scrollTo(0, document.body.scrollHeight);").await?;
    session.screenshot("2-member-ko-bottom").await?;
    session.testid("member-back").await?.click().await?;
    session.testid("members-search").await?;
    session.testid("member-row-jiwoo@example.com").await?;
    Ok(())
}

#[tokio::test]
async fn a_member_sees_only_their_own_page() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("member-view")).await?;
    // A member signs up alone; a trainer assigns them and adds another member.
    let signed_up = sign_up_account(&session, "member", "이서연", "seoyeon@example.com").await?;
    let seoyeon = signed_up["me"]["user_id"]
        .as_str()
        .context("user_id")?
        .to_owned();
    // The welcome screen's "enter my body data": their own page with the dialog open.
    script(&session, "location.hash = '#/welcome'; location.reload();").await?;
    session.testid("welcome-body-data").await?.click().await?;
    session.testid("metric-dialog").await?;
    session
        .testid("metric-weight")
        .await?
        .send_keys("55.5")
        .await?;
    session.testid("metric-submit").await?.click().await?;
    wait_text(&session, "latest-weight", "55.5 kg").await?;
    wait_text(&session, "member-name", "이서연").await?;
    assert_eq!(
        script(&session, "return location.hash;").await?,
        json!(format!("#/member/{seoyeon}"))
    );
    session.testid("nav-sign-out").await?.click().await?;
    trainer_account(&session, "김코치", "coach@example.com").await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    invoke(&session, "assign_member", json!({ "member_id": seoyeon })).await?;
    let other = invoke(
        &session,
        "add_member",
        json!({ "name": "박지민", "email": "jimin@example.com" }),
    )
    .await?;
    let other_id = other["member_id"].as_str().context("member_id")?.to_owned();
    invoke(
        &session,
        "add_body_metric",
        json!({ "member_id": other_id, "measured_on": "2020-01-01", "weight_g": 90_000 }),
    )
    .await?;
    session.testid("nav-sign-out").await?.click().await?;

    // The member's own page: their data, their trainer, no release or reset.
    sign_in(&session, "seoyeon@example.com", GOOD_PASSWORD).await?;
    session.testid("nav-my-page").await?.click().await?;
    wait_text(&session, "member-name", "이서연").await?;
    wait_text(&session, "trainer-name", "김코치").await?;
    wait_text(&session, "trainer-email", "coach@example.com").await?;
    assert_eq!(
        count(
            &session,
            "[data-testid=\"member-release\"], [data-testid=\"member-back\"], .members-pane"
        )
        .await?,
        json!(0)
    );
    wait_text(&session, "latest-weight", "55.5 kg").await?;
    assert_eq!(count(&session, ".metric-entry").await?, json!(1));
    session.screenshot("1-own-page-ko").await?;

    // Another member's address: not found, nothing of theirs on screen.
    script(&session, &format!("location.hash = '#/member/{other_id}';")).await?;
    session.testid("member-not-found").await?;
    let page = script(&session, "return document.body.innerText;").await?;
    let page = page.as_str().unwrap_or_default();
    assert!(!page.contains("박지민") && !page.contains("90"), "{page}");
    session.screenshot("2-not-found-ko").await?;
    script(
        &session,
        &format!("location.hash = '#/member/{other_id}/history';"),
    )
    .await?;
    session.testid("history-not-found").await?;
    // The commands themselves, called from the page with the other member's id.
    for (command, args) in [
        ("get_profile", json!({ "member_id": other_id })),
        ("list_body_metrics", json!({ "member_id": other_id })),
        ("get_photo", json!({ "member_id": other_id })),
        (
            "add_body_metric",
            json!({ "member_id": other_id, "measured_on": "2020-01-02", "weight_g": 50_000 }),
        ),
    ] {
        let error = invoke(&session, command, args)
            .await
            .expect_err("another member's data is refused");
        assert!(
            error.to_string().contains("not_found"),
            "{command}: {error}"
        );
    }
    // The member's own history, reachable from the rail.
    session.testid("nav-history").await?.click().await?;
    session.testid("history-empty").await?;
    Ok(())
}
