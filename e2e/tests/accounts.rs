//! Sign-up (weak password first, then a good one) → welcome → home; sign-in failure then
//! success; a member added by a trainer consents at first sign-in before anything else.

mod common;

use common::{
    invoke, settings_in_english, sign_in, sign_up_account, trainer_account, wait_text,
    GOOD_PASSWORD,
};
use serde_json::json;
use trainmate_e2e::{Launch, Session};

#[tokio::test]
async fn sign_up_with_a_weak_then_a_good_password_reaches_welcome_and_home() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("sign-up")).await?;
    session.testid("sign-in-to-sign-up").await?.click().await?;
    session.testid("sign-up-form").await?;
    // Step 1: consent. Read the terms, then agree to all.
    session.testid("consent-terms-read").await?.click().await?;
    session.testid("consent-terms-text").await?;
    session.screenshot("1-consent").await?;
    session.testid("consent-all").await?.click().await?;
    session.testid("sign-up-next").await?.click().await?;
    // Step 2: account.
    session.testid("sign-up-trainer").await?.click().await?;
    session
        .testid("sign-up-name")
        .await?
        .send_keys("김코치")
        .await?;
    session
        .testid("sign-up-email")
        .await?
        .send_keys("kim@example.com")
        .await?;
    session.screenshot("2-account").await?;
    session.testid("sign-up-next").await?.click().await?;
    // Step 3: a weak password (no special character) — the checklist says so live, and the
    // Rust side refuses it with the message beside the field.
    session
        .testid("sign-up-password")
        .await?
        .send_keys("password12")
        .await?;
    session
        .testid("sign-up-confirmation")
        .await?
        .send_keys("password12")
        .await?;
    let special = session.testid("policy-special").await?;
    assert_eq!(special.attr("data-ok").await?.as_deref(), Some("false"));
    assert_eq!(
        session
            .testid("policy-length")
            .await?
            .attr("data-ok")
            .await?
            .as_deref(),
        Some("true")
    );
    session.testid("sign-up-next").await?.click().await?;
    wait_text(
        &session,
        "sign-up-password-error",
        "문자, 숫자, 특수문자를 모두 넣으세요.",
    )
    .await?;
    assert_eq!(
        session
            .testid("sign-up-form")
            .await?
            .attr("data-step")
            .await?
            .as_deref(),
        Some("3")
    );
    session.screenshot("3-weak-password").await?;
    // Now a good one.
    session
        .testid("sign-up-password")
        .await?
        .send_keys("!")
        .await?;
    session
        .testid("sign-up-confirmation")
        .await?
        .send_keys("!")
        .await?;
    assert_eq!(
        session
            .testid("policy-special")
            .await?
            .attr("data-ok")
            .await?
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        session
            .testid("policy-match")
            .await?
            .attr("data-ok")
            .await?
            .as_deref(),
        Some("true")
    );
    session.screenshot("4-good-password").await?;
    session.testid("sign-up-next").await?.click().await?;
    // Welcome with the one-time recovery code.
    session.testid("welcome").await?;
    let code = session.testid("recovery-code").await?.text().await?;
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 4, "recovery code {code}");
    assert!(groups.iter().all(|g| g.len() == 5), "recovery code {code}");
    session.screenshot("5-welcome").await?;
    session.testid("welcome-home").await?.click().await?;
    // Home inside the shell.
    session.testid("home").await?;
    wait_text(&session, "header-name", "김코치").await?;
    wait_text(&session, "header-role", "트레이너").await?;
    wait_text(&session, "header-avatar", "김").await?;
    wait_text(&session, "sync-status", "로컬 전용").await?;
    wait_text(&session, "home-sessions", "0").await?;
    wait_text(&session, "home-kcal", "0").await?;
    wait_text(&session, "home-members", "0").await?;
    session.testid("home-empty").await?;
    session.testid("sync-status").await?.click().await?;
    session.testid("sync-detail").await?;
    session.screenshot("6-home").await?;

    // The new account is really there: signing out and in again works.
    session.testid("nav-sign-out").await?.click().await?;
    sign_in(&session, "kim@example.com", "password12!").await?;
    wait_text(&session, "header-name", "김코치").await?;
    Ok(())
}

#[tokio::test]
async fn sign_in_fails_without_saying_why_then_succeeds() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("sign-in")).await?;
    trainer_account(&session, "Alex Coach", "alex@example.com").await?;
    // English, picked on the sign-in screen.
    session.testid("language-toggle").await?.click().await?;
    wait_text(&session, "sign-in-submit", "Sign in").await?;
    sign_in(&session, "alex@example.com", "wrong password 1!").await?;
    wait_text(&session, "sign-in-error", "Email or password is wrong.").await?;
    // An unknown email reads exactly the same.
    sign_in(&session, "nobody@example.com", GOOD_PASSWORD).await?;
    wait_text(&session, "sign-in-error", "Email or password is wrong.").await?;
    session.screenshot("1-wrong").await?;
    sign_in(&session, "alex@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    wait_text(&session, "header-name", "Alex Coach").await?;
    // The account's own settings (Korean by default) now apply.
    wait_text(&session, "header-role", "트레이너").await?;
    session.screenshot("2-signed-in").await?;
    Ok(())
}

#[tokio::test]
async fn repeated_failures_show_the_wait() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("sign-in-backoff")).await?;
    session.testid("language-toggle").await?.click().await?;
    let mut saw_wait = false;
    for _ in 0..8 {
        sign_in(&session, "coach@example.com", "wrong password 1!").await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let text = session.testid("sign-in-error").await?.text().await?;
        if text.starts_with("Too many attempts. Try again in ") {
            saw_wait = true;
            break;
        }
        assert_eq!(text, "Email or password is wrong.");
    }
    assert!(saw_wait, "the backoff message appeared");
    session.screenshot("wait").await?;
    Ok(())
}

#[tokio::test]
async fn a_member_added_by_a_trainer_consents_at_first_sign_in() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("member-consent")).await?;
    sign_up_account(&session, "trainer", "Coach", "coach@example.com").await?;
    invoke(
        &session,
        "add_member",
        json!({
            "name": "박회원", "email": "park@example.com",
            "password": GOOD_PASSWORD, "password_confirmation": GOOD_PASSWORD,
        }),
    )
    .await?;
    invoke(&session, "sign_out", json!({})).await?;
    sign_in(&session, "park@example.com", GOOD_PASSWORD).await?;
    session.testid("consent-page").await?;
    assert!(
        session
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=\"shell\"]"))
            .await?
            .is_empty(),
        "nothing else before consent"
    );
    // Required consents missing: refused here, without calling the command.
    session.testid("consent-marketing").await?.click().await?;
    session.testid("consent-submit").await?.click().await?;
    wait_text(
        &session,
        "consent-error",
        "계속하려면 이용약관과 개인정보 처리방침에 동의하세요.",
    )
    .await?;
    session.screenshot("1-consent").await?;
    session.testid("consent-terms").await?.click().await?;
    session.testid("consent-privacy").await?.click().await?;
    session.testid("consent-submit").await?.click().await?;
    session.testid("shell").await?;
    wait_text(&session, "header-name", "박회원").await?;
    wait_text(&session, "header-role", "회원").await?;
    // A member's rail: their own page and history, never the members screen.
    session.testid("nav-my-page").await?;
    session.testid("nav-history").await?;
    let members_item = session
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=\"nav-members\"]"))
        .await?;
    assert!(members_item.is_empty(), "a member has no members screen");
    session.screenshot("2-home").await?;

    // "Switch user" hands the tablet back: sign-in shows and the trainer signs in.
    session.testid("switch-user").await?.click().await?;
    session.testid("sign-in-form").await?;
    sign_in(&session, "coach@example.com", GOOD_PASSWORD).await?;
    wait_text(&session, "header-name", "Coach").await?;
    wait_text(&session, "header-role", "트레이너").await?;
    session.testid("nav-members").await?;
    Ok(())
}

#[tokio::test]
async fn a_kept_trainer_session_resumes_after_a_restart_with_its_settings() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("kept-session")).await?;
    trainer_account(&session, "Jo Coach", "jo@example.com").await?;
    session.testid("sign-in-keep").await?.click().await?;
    sign_in(&session, "jo@example.com", GOOD_PASSWORD).await?;
    settings_in_english(&session).await?;
    session.testid("settings-theme-dark").await?.click().await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let closed = session.close().await?;

    // Restarted on the same data: straight into the shell, in English and dark.
    let session = Session::start(Launch {
        data_dir: Some(closed.data_dir.clone()),
        ..Launch::new("kept-session-restarted")
    })
    .await?;
    session.testid("shell").await?;
    wait_text(&session, "header-name", "Jo Coach").await?;
    wait_text(&session, "sync-status", "Local only").await?;
    assert_eq!(common::theme(&session).await?, "dark");
    session.screenshot("home").await?;

    // Without "keep me signed in", a restart asks again.
    session.testid("nav-sign-out").await?.click().await?;
    sign_in(&session, "jo@example.com", GOOD_PASSWORD).await?;
    session.testid("shell").await?;
    let closed_again = session.close().await?;
    let session = Session::start(Launch {
        data_dir: Some(closed_again.data_dir.clone()),
        ..Launch::new("kept-session-not-kept")
    })
    .await?;
    session.testid("sign-in-form").await?;
    drop(closed);
    Ok(())
}

#[tokio::test]
async fn a_trainer_resets_a_forgotten_password_with_the_recovery_code() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("recovery")).await?;
    let reply = sign_up_account(&session, "trainer", "Rae", "rae@example.com").await?;
    let code = reply["recovery_code"].as_str().unwrap().to_owned();
    invoke(&session, "sign_out", json!({})).await?;

    session.testid("sign-in-forgot").await?.click().await?;
    session
        .testid("recovery-email")
        .await?
        .send_keys("rae@example.com")
        .await?;
    session
        .testid("recovery-code-input")
        .await?
        .send_keys("AAAAA-BBBBB-CCCCC-DDDDD")
        .await?;
    let new_password = "fresh start 3#";
    session
        .testid("recovery-password")
        .await?
        .send_keys(new_password)
        .await?;
    session
        .testid("recovery-confirmation")
        .await?
        .send_keys(new_password)
        .await?;
    session.testid("recovery-submit").await?.click().await?;
    wait_text(
        &session,
        "recovery-error",
        "이메일 또는 복구 코드가 올바르지 않습니다.",
    )
    .await?;
    session.screenshot("1-wrong-code").await?;
    let input = session.testid("recovery-code-input").await?;
    input.clear().await?;
    // Typing is forgiving: lower case works too.
    input.send_keys(&code.to_lowercase()).await?;
    session.testid("recovery-submit").await?.click().await?;
    let next = session.testid("recovery-new-code").await?.text().await?;
    assert_eq!(next.len(), code.len());
    assert_ne!(next, code, "a used code is replaced");
    session.screenshot("2-new-code").await?;
    session.testid("recovery-to-sign-in").await?.click().await?;
    sign_in(&session, "rae@example.com", new_password).await?;
    session.testid("shell").await?;
    Ok(())
}
