//! The app starts on an empty data directory, shows the sign-in form, and leaves a sound database.

use trainmate_e2e::{Launch, Session};

#[tokio::test]
async fn first_start_shows_the_sign_in_form_and_creates_a_sound_database() -> anyhow::Result<()> {
    let session = Session::start(Launch::new("first-start")).await?;
    assert!(
        !session.data_dir.exists() || std::fs::read_dir(&session.data_dir)?.next().is_some(),
        "the app creates its data directory"
    );
    let form = session.testid("sign-in-form").await?;
    assert!(form.is_displayed().await?);
    let submit = session.testid("sign-in-submit").await?;
    assert_eq!(
        submit.attr("disabled").await?.as_deref(),
        Some("true"),
        "empty form: disabled"
    );
    session
        .testid("sign-in-email")
        .await?
        .send_keys("coach@example.com")
        .await?;
    session
        .testid("sign-in-password")
        .await?
        .send_keys("wrong password 1!")
        .await?;
    assert_eq!(submit.attr("disabled").await?, None, "filled form: enabled");
    // The footer shows where the data lives: the directory given on the command line.
    let footer = session.testid("data-dir").await?.text().await?;
    assert_eq!(footer, session.data_dir.display().to_string());
    session.screenshot("sign-in").await?;

    submit.click().await?;
    let error = session.testid("sign-in-error").await?.text().await?;
    // Signed out, the app speaks the product's language (Korean) until someone picks another.
    assert_eq!(error, "이메일 또는 비밀번호가 올바르지 않습니다.");
    session.screenshot("wrong-credentials").await?;

    let closed = session.close().await?;
    let db = closed.data_dir.join("trainmate.sqlite3");
    assert!(db.is_file(), "database created at {}", db.display());
    let conn = rusqlite::Connection::open(&db)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(integrity, "ok");
    let failures: i64 = conn.query_row(
        "SELECT failures FROM sign_in_failures WHERE email_key = 'coach@example.com'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(
        failures, 1,
        "the failed sign-in was recorded through the real command"
    );
    Ok(())
}
