//! The narrow layout (800×1000): the rail becomes a top bar; touch targets stay ≥ 48 px.

mod common;

use common::{script, sign_in, trainer_account, wait_text, GOOD_PASSWORD};
use trainmate_e2e::{Launch, Session};

#[tokio::test]
async fn below_900_px_the_rail_is_a_top_bar() -> anyhow::Result<()> {
    let session = Session::start(Launch {
        width: 800,
        height: 1000,
        ..Launch::new("narrow")
    })
    .await?;
    session.testid("sign-in-form").await?;
    session.screenshot("1-sign-in").await?;
    trainer_account(&session, "최민수", "choi@example.com").await?;
    sign_in(&session, "choi@example.com", GOOD_PASSWORD).await?;
    wait_text(&session, "home-sessions", "0").await?;
    let layout = script(
        &session,
        "const nav = document.querySelector('nav.rail').getBoundingClientRect();
         const main = document.querySelector('.shell-main').getBoundingClientRect();
         const targets = [...document.querySelectorAll('.rail button, .header button')]
           .map(b => b.getBoundingClientRect().height);
         return { innerWidth: window.innerWidth, navWidth: nav.width, navHeight: nav.height,
                  mainTop: main.top, smallestTarget: Math.min(...targets) };",
    )
    .await?;
    let num = |k: &str| layout[k].as_f64().unwrap_or(f64::NAN);
    assert!(num("innerWidth") < 900.0, "{layout}");
    assert!(
        num("navWidth") >= num("innerWidth") - 1.0,
        "rail spans the top: {layout}"
    );
    assert!(num("navHeight") < 100.0, "rail is a bar: {layout}");
    assert!(
        num("mainTop") >= num("navHeight") - 1.0,
        "content below the bar: {layout}"
    );
    assert!(num("smallestTarget") >= 48.0, "touch targets: {layout}");
    session.screenshot("2-home").await?;
    session.testid("nav-settings").await?.click().await?;
    session.testid("settings").await?;
    session.screenshot("3-settings").await?;
    Ok(())
}
