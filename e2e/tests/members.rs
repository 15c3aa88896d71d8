//! The members screen (trainers): add a member, find and assign a member who signed up alone,
//! release one, reset a member's password (and sign in with it) — release and reset live on the
//! member page beside the list; Korean and English; the narrow layout (list, then the member page
//! with a back button).

mod common;

use common::{
    invoke, script, settings_in_english, sign_in, sign_up_account, trainer_account, wait_text,
    GOOD_PASSWORD,
};
use serde_json::json;
use trainmate_e2e::{Launch, Session};

/// Opens the members screen from the rail.
async fn open_members(session: &Session) -> anyhow::Result<()> {
    session.testid("nav-members").await?.click().await?;
    session.testid("members").await?;
    Ok(())
}

#[tokio::test]
async fn a_trainer_adds_finds_assigns_releases_and_resets_a_password() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("members")).await?;
    trainer_account(&session, "김코치", "coach@example.com").await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    open_members(&session).await?;
    // Only the trainer, marked "me"; no members yet.
    wait_text(&session, "members-count", "0").await?;
    session.testid("members-empty").await?;
    wait_text(&session, "member-me", "나").await?;
    session.screenshot("1-empty").await?;

    // Add a member: a bad phone first (the error beside the field), then a good one.
    session.testid("members-add").await?.click().await?;
    session.testid("add-member-dialog").await?;
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
    session
        .testid("add-member-phone")
        .await?
        .send_keys("123")
        .await?;
    session.testid("add-member-submit").await?.click().await?;
    session.testid("add-member-phone-error").await?;
    session.screenshot("2-add-error").await?;
    let phone = session.testid("add-member-phone").await?;
    phone.clear().await?;
    phone.send_keys("010-1111-2222").await?;
    session.testid("add-member-submit").await?.click().await?;
    wait_text(&session, "members-count", "1").await?;
    session.testid("member-row-jimin@example.com").await?;
    // The new member's page opens beside the list, their row highlighted.
    wait_text(&session, "member-name", "박지민").await?;
    wait_text(&session, "member-phone", "010-1111-2222").await?;
    let pressed = session
        .testid("member-row-jimin@example.com")
        .await?
        .attr("aria-pressed")
        .await?;
    assert_eq!(pressed.as_deref(), Some("true"));
    wait_text(&session, "members-notice", "회원을 추가했습니다.").await?;
    session.screenshot("3-added").await?;

    // A second account signs up alone, as a member (no trainer).
    session.testid("nav-sign-out").await?.click().await?;
    session.testid("sign-in-form").await?;
    sign_up_account(&session, "member", "이서연", "seoyeon@example.com").await?;
    invoke(&session, "sign_out", json!({})).await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    open_members(&session).await?;
    wait_text(&session, "members-count", "1").await?;

    // Find them by name as the trainer types, and assign.
    session.testid("members-find").await?.click().await?;
    session
        .testid("find-member-query")
        .await?
        .send_keys("서연")
        .await?;
    session
        .testid("find-member-assign-seoyeon@example.com")
        .await?;
    session.screenshot("4-find").await?;
    session
        .testid("find-member-assign-seoyeon@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "members-count", "2").await?;
    session.testid("member-row-seoyeon@example.com").await?;
    session.screenshot("5-list-ko").await?;

    // The list search with initial consonants.
    session
        .testid("members-search")
        .await?
        .send_keys("ㅂㅈㅁ")
        .await?;
    let rows = script(
        &session,
        "return [...document.querySelectorAll('.member-row')].map(r => r.dataset.testid);",
    )
    .await?;
    assert_eq!(rows, json!(["member-row-jimin@example.com"]));
    session.screenshot("6-search").await?;
    // Backspaces (WebDriver's clear() sends no input event).
    session
        .testid("members-search")
        .await?
        .send_keys("\u{E003}\u{E003}\u{E003}")
        .await?;
    session.testid("member-row-seoyeon@example.com").await?;

    // Release 박지민: the dialog says nothing is deleted.
    session
        .testid("member-row-jimin@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-name", "박지민").await?;
    session.testid("member-release").await?.click().await?;
    let explain = session.testid("release-explain").await?.text().await?;
    assert!(explain.contains("삭제되지 않습니다"), "{explain}");
    session.screenshot("7-release").await?;
    session.testid("release-confirm").await?.click().await?;
    wait_text(&session, "members-count", "1").await?;
    let gone = script(
        &session,
        "return document.querySelector('[data-testid=\"member-row-jimin@example.com\"]') === null;",
    )
    .await?;
    assert_eq!(gone, json!(true));
    // Back on the list alone: the released member's page is gone.
    let hash = script(&session, "return location.hash;").await?;
    assert_eq!(hash, json!("#/members"));

    // Reset 이서연's password.
    session
        .testid("member-row-seoyeon@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-name", "이서연").await?;
    session
        .testid("member-reset-password")
        .await?
        .click()
        .await?;
    session
        .testid("reset-password")
        .await?
        .send_keys("new pass 2@")
        .await?;
    session
        .testid("reset-confirmation")
        .await?
        .send_keys("new pass 2@")
        .await?;
    session.screenshot("8-reset").await?;
    session.testid("reset-submit").await?.click().await?;
    wait_text(&session, "member-notice", "비밀번호를 바꿨습니다.").await?;

    // The same list in English.
    settings_in_english(&session).await?;
    open_members(&session).await?;
    session
        .testid("member-row-seoyeon@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-me", "me").await?;
    session.screenshot("9-list-en").await?;

    // The member signs in with the new password and has no members screen.
    session.testid("nav-sign-out").await?.click().await?;
    sign_in(&session, "seoyeon@example.com", "new pass 2@").await?;
    wait_text(&session, "header-name", "이서연").await?;
    let rail = script(
        &session,
        "return document.querySelector('[data-testid=\"nav-members\"]') === null;",
    )
    .await?;
    assert_eq!(rail, json!(true), "members do not see the members screen");
    Ok(())
}

#[tokio::test]
async fn below_900_px_the_list_then_the_detail_with_a_back_button() -> anyhow::Result<()> {
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        ..Launch::new("members-narrow")
    })
    .await?;
    trainer_account(&session, "최민수", "choi@example.com").await?;
    sign_in(&session, "choi@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    for (name, email, phone) in [
        ("한지우", "jiwoo@example.com", "010-5555-6666"),
        ("Sam Lee", "sam@example.com", "010-7777-8888"),
    ] {
        invoke(
            &session,
            "add_member",
            json!({ "name": name, "email": email, "phone": phone }),
        )
        .await?;
    }
    open_members(&session).await?;
    wait_text(&session, "members-count", "2").await?;
    let smallest = script(
        &session,
        "return Math.min(...[...document.querySelectorAll('.members-page button, .members-page input')]
           .map(b => b.getBoundingClientRect().height));",
    )
    .await?;
    assert!(
        smallest.as_f64().unwrap_or(0.0) >= 48.0,
        "touch targets: {smallest}"
    );
    session.screenshot("1-list").await?;
    session
        .testid("member-row-jiwoo@example.com")
        .await?
        .click()
        .await?;
    wait_text(&session, "member-phone", "010-5555-6666").await?;
    let list_hidden = script(
        &session,
        "return getComputedStyle(document.querySelector('.members-pane')).display === 'none'
           && document.querySelector('.members-list').getBoundingClientRect().height === 0;",
    )
    .await?;
    assert_eq!(list_hidden, json!(true));
    session.screenshot("2-detail").await?;
    session.testid("member-back").await?.click().await?;
    session.testid("members-search").await?;
    session.testid("member-row-sam@example.com").await?;
    Ok(())
}
