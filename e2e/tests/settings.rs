//! Settings: language switches live (Korean shows Hangul), theme switches live, units; all kept
//! per user through the commands; where the data lives; change password with errors beside fields.

mod common;

use common::{
    has_hangul, settings_in_english, sign_in, theme, trainer_account, wait_text, GOOD_PASSWORD,
};
use trainmate_e2e::{Launch, Session};

#[tokio::test]
async fn language_theme_and_units_apply_live_and_are_kept() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("settings")).await?;
    trainer_account(&session, "이지은", "lee@example.com").await?;
    sign_in(&session, "lee@example.com", GOOD_PASSWORD).await?;
    session.testid("nav-settings").await?.click().await?;
    session.testid("settings").await?;
    // Korean by default: Hangul on screen.
    let heading = session.testid("settings").await?.text().await?;
    assert!(has_hangul(&heading), "Korean settings page: {heading}");
    assert_eq!(
        session.testid("settings-data-dir").await?.text().await?,
        session.data_dir.display().to_string()
    );
    assert_eq!(theme(&session).await?, "light");
    session.screenshot("1-korean").await?;

    session
        .testid("settings-language-en")
        .await?
        .click()
        .await?;
    wait_text(&session, "sync-status", "Local only").await?;
    let page = session.testid("settings").await?.text().await?;
    assert!(
        page.contains("Language") && page.contains("Theme"),
        "{page}"
    );
    session.screenshot("2-english").await?;

    session.testid("settings-theme-dark").await?.click().await?;
    let mut dark = false;
    for _ in 0..50 {
        if theme(&session).await? == "dark" {
            dark = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(dark, "data-theme switched to dark");
    session.testid("settings-units-lb").await?.click().await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        session
            .testid("settings-units-lb")
            .await?
            .attr("aria-checked")
            .await?
            .as_deref(),
        Some("true")
    );
    session.screenshot("3-dark").await?;

    // Kept per user: sign out (the sign-in screen keeps the language) and in again.
    session.testid("nav-sign-out").await?.click().await?;
    sign_in(&session, "lee@example.com", GOOD_PASSWORD).await?;
    wait_text(&session, "sync-status", "Local only").await?;
    assert_eq!(theme(&session).await?, "dark");
    session.testid("nav-home").await?.click().await?;
    wait_text(&session, "home-sessions", "0").await?;
    session.screenshot("4-home-dark-english").await?;

    // Back to Korean, live.
    session.testid("nav-settings").await?.click().await?;
    session
        .testid("settings-language-ko")
        .await?
        .click()
        .await?;
    wait_text(&session, "sync-status", "로컬 전용").await?;
    session
        .testid("settings-theme-light")
        .await?
        .click()
        .await?;
    Ok(())
}

#[tokio::test]
async fn change_password_shows_errors_beside_fields_then_succeeds() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("change-password")).await?;
    trainer_account(&session, "Sam", "sam@example.com").await?;
    session.testid("language-toggle").await?.click().await?;
    sign_in(&session, "sam@example.com", GOOD_PASSWORD).await?;
    settings_in_english(&session).await?;

    let new_password = "another pass 2?";
    session
        .testid("change-password-current")
        .await?
        .send_keys("not my password 1!")
        .await?;
    session
        .testid("change-password-new")
        .await?
        .send_keys(new_password)
        .await?;
    session
        .testid("change-password-confirmation")
        .await?
        .send_keys("another pass 2")
        .await?;
    session
        .testid("change-password-submit")
        .await?
        .click()
        .await?;
    wait_text(
        &session,
        "change-password-confirmation-error",
        "Does not match.",
    )
    .await?;
    session
        .testid("change-password-confirmation")
        .await?
        .send_keys("?")
        .await?;
    session
        .testid("change-password-submit")
        .await?
        .click()
        .await?;
    wait_text(
        &session,
        "change-password-current-error",
        "The current password is wrong.",
    )
    .await?;
    session.screenshot("1-wrong-current").await?;
    let current = session.testid("change-password-current").await?;
    current.clear().await?;
    current.send_keys(GOOD_PASSWORD).await?;
    session
        .testid("change-password-submit")
        .await?
        .click()
        .await?;
    wait_text(
        &session,
        "change-password-done",
        "Your password was changed.",
    )
    .await?;
    session.screenshot("2-changed").await?;

    session.testid("nav-sign-out").await?.click().await?;
    sign_in(&session, "sam@example.com", GOOD_PASSWORD).await?;
    wait_text(&session, "sign-in-error", "Email or password is wrong.").await?;
    sign_in(&session, "sam@example.com", new_password).await?;
    session.testid("shell").await?;
    Ok(())
}
