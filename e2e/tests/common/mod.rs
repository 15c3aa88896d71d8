//! Helpers shared by the screen tests: commands called directly (to set up accounts quickly),
//! waiting for text, signing in through the form.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use serde_json::{json, Value};
use trainmate_e2e::Session;

/// A password that meets the policy.
pub const GOOD_PASSWORD: &str = "good pass 1!";

/// Calls a command through the page's `window.__TAURI__.core.invoke`; `Err` carries the
/// command's error JSON.
pub async fn invoke(session: &Session, command: &str, args: Value) -> Result<Value> {
    let reply = session
        .client
        .execute_async(
            "const [cmd, args, done] = arguments;
             window.__TAURI__.core.invoke(cmd, { args })
               .then(ok => done({ ok: ok === undefined ? null : ok }), err => done({ err }));",
            vec![json!(command), args],
        )
        .await?;
    match reply.get("err") {
        Some(err) => bail!("{command} failed: {err}"),
        None => Ok(reply.get("ok").cloned().unwrap_or(Value::Null)),
    }
}

/// Signs up through the command (consents given, [`GOOD_PASSWORD`]); the new account is signed
/// in. `user_type` is "trainer" or "member". Answers the command's reply.
pub async fn sign_up_account(
    session: &Session,
    user_type: &str,
    name: &str,
    email: &str,
) -> Result<Value> {
    session.testid("sign-in-form").await?;
    invoke(
        session,
        "sign_up",
        json!({
            "accept_terms": true, "accept_privacy": true, "accept_marketing": false,
            "user_type": user_type, "name": name, "email": email,
            "password": GOOD_PASSWORD, "password_confirmation": GOOD_PASSWORD,
        }),
    )
    .await
}

/// Creates a trainer through the command and signs out again (the form stays on sign-in).
pub async fn trainer_account(session: &Session, name: &str, email: &str) -> Result<()> {
    sign_up_account(session, "trainer", name, email).await?;
    invoke(session, "sign_out", json!({})).await?;
    Ok(())
}

/// Opens settings and switches the language to English, waiting until the shell shows it.
pub async fn settings_in_english(session: &Session) -> Result<()> {
    session.testid("nav-settings").await?.click().await?;
    session
        .testid("settings-language-en")
        .await?
        .click()
        .await?;
    wait_text(session, "sync-status", "Local only").await
}

/// Fills and submits the sign-in form.
pub async fn sign_in(session: &Session, email: &str, password: &str) -> Result<()> {
    let email_input = session.testid("sign-in-email").await?;
    email_input.clear().await?;
    email_input.send_keys(email).await?;
    let password_input = session.testid("sign-in-password").await?;
    password_input.clear().await?;
    password_input.send_keys(password).await?;
    session.testid("sign-in-submit").await?.click().await?;
    Ok(())
}

/// Waits up to 10 s until the element's text is `expected`.
pub async fn wait_text(session: &Session, id: &str, expected: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = session.testid(id).await {
            last = element.text().await.unwrap_or_default();
            if last == expected {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{id}: expected {expected:?}, saw {last:?}")
}

/// Runs a script and returns its value.
pub async fn script(session: &Session, js: &str) -> Result<Value> {
    Ok(session.client.execute(js, vec![]).await?)
}

/// The `data-theme` of the document element.
pub async fn theme(session: &Session) -> Result<String> {
    Ok(script(
        session,
        "return document.documentElement.getAttribute('data-theme');",
    )
    .await?
    .as_str()
    .unwrap_or_default()
    .to_owned())
}

/// Whether the text contains Hangul syllables.
pub fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}
