//! Accounts and devices over HTTP: sign-up, sign-in, refresh rotation with its grace window and
//! reuse detection, sign-out, devices, the sign-in limit, and tokens across a restart.

mod common;

use common::*;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn health_answers_without_a_token() {
    let server = TestServer::start().await;
    let body = server.client().get("/v1/health", None).await.expect(200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["server_time_ms"], T0);
}

#[tokio::test]
async fn sign_up_then_sign_in_on_a_second_device_and_manage_devices() {
    let server = TestServer::start().await;
    let client = server.client();
    let laptop = Uuid::new_v4();
    let trainer = Uuid::now_v7();
    let tokens = client
        .sign_up("Kim@Example.com", laptop, Some(trainer))
        .await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert_eq!(tokens["trainer_id"], trainer.to_string());
    assert_eq!(tokens["device_id"], laptop.to_string());
    let laptop_token = tokens["access_token"].as_str().expect("token").to_owned();

    // Emails are case-insensitive.
    let tablet = Uuid::new_v4();
    let second = client
        .sign_in("kim@EXAMPLE.com", PASSWORD, tablet)
        .await
        .expect(200);
    assert_eq!(second["trainer_id"], trainer.to_string());
    assert_eq!(second["account_id"], tokens["account_id"]);
    let tablet_token = second["access_token"].as_str().expect("token").to_owned();

    let devices = client
        .get("/v1/devices", Some(&tablet_token))
        .await
        .expect(200);
    let devices = devices.as_array().expect("a list");
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0]["device_id"], laptop.to_string());
    assert_eq!(devices[0]["current"], false);
    assert_eq!(devices[0]["name"], "Front desk laptop");
    assert_eq!(devices[1]["device_id"], tablet.to_string());
    assert_eq!(devices[1]["current"], true);
    assert_eq!(devices[1]["revoked"], false);

    // The laptop revokes the tablet: its access and refresh tokens stop working at once.
    let reply = client
        .delete(&format!("/v1/devices/{tablet}"), Some(&laptop_token))
        .await;
    assert_eq!(reply.status.as_u16(), 204);
    client
        .pull(&tablet_token, 0, 10)
        .await
        .expect_error(401, "device_revoked");
    client
        .refresh(second["refresh_token"].as_str().expect("refresh"))
        .await
        .expect_error(401, "invalid_refresh_token");
    let devices = client
        .get("/v1/devices", Some(&laptop_token))
        .await
        .expect(200);
    assert_eq!(devices[1]["revoked"], true);

    // Signing in again on the tablet brings it back.
    let again = client
        .sign_in("kim@example.com", PASSWORD, tablet)
        .await
        .expect(200);
    client
        .pull(again["access_token"].as_str().expect("token"), 0, 10)
        .await
        .expect(200);

    // Another account's device cannot be revoked from here.
    let other = Uuid::new_v4();
    client.sign_up("other@example.com", other, None).await;
    client
        .delete(&format!("/v1/devices/{other}"), Some(&laptop_token))
        .await
        .expect_error(404, "device_not_found");
    client
        .delete("/v1/devices/not-a-uuid", Some(&laptop_token))
        .await
        .expect_error(404, "device_not_found");
}

#[tokio::test]
async fn sign_up_checks_its_fields_and_takes_each_email_and_trainer_once() {
    let server = TestServer::start().await;
    let client = server.client();
    let reply = client
        .post(
            "/v1/auth/signup",
            None,
            &json!({
                "email": "not an email", "password": "short", "name": "",
                "device_id": Uuid::new_v4(), "device_name": " ",
            }),
        )
        .await;
    reply.expect_error(422, "invalid");
    let mut fields: Vec<String> = reply.body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field").to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["device_name", "email", "name", "password"]);

    let trainer = Uuid::now_v7();
    client
        .sign_up("kim@example.com", Uuid::new_v4(), Some(trainer))
        .await;
    let again = json!({
        "email": "KIM@example.com", "password": PASSWORD, "name": "Kim",
        "device_id": Uuid::new_v4(), "device_name": "Laptop",
    });
    client
        .post("/v1/auth/signup", None, &again)
        .await
        .expect_error(409, "email_taken");
    let same_trainer = json!({
        "email": "kim2@example.com", "password": PASSWORD, "name": "Kim",
        "device_id": Uuid::new_v4(), "device_name": "Laptop", "trainer_id": trainer,
    });
    client
        .post("/v1/auth/signup", None, &same_trainer)
        .await
        .expect_error(409, "trainer_taken");
}

#[tokio::test]
async fn refresh_rotates_answers_a_replay_in_the_grace_window_and_revokes_on_reuse() {
    let server = TestServer::start().await;
    let client = server.client();
    let device = Uuid::new_v4();
    let r0 = client.sign_up("kim@example.com", device, None).await["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();

    // Rotation: a new token every time.
    server.advance_ms(1_000);
    let first = client.refresh(&r0).await.expect(200);
    let r1 = first["refresh_token"].as_str().expect("refresh").to_owned();
    assert_ne!(r1, r0);

    // The response was lost: r0 again, within the grace window and before r1 was used, answers
    // r1 again, and a working access token.
    server.advance_ms(60_000);
    let replay = client.refresh(&r0).await.expect(200);
    assert_eq!(replay["refresh_token"], r1.as_str());
    client
        .pull(replay["access_token"].as_str().expect("token"), 0, 10)
        .await
        .expect(200);

    // r1 is used: r2.
    let second = client.refresh(&r1).await.expect(200);
    let r2 = second["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();
    assert_ne!(r2, r1);
    let access = second["access_token"].as_str().expect("token").to_owned();

    // r0 again after its successor was used: reuse. The device is signed out.
    client
        .refresh(&r0)
        .await
        .expect_error(401, "refresh_token_reused");
    client
        .refresh(&r2)
        .await
        .expect_error(401, "invalid_refresh_token");
    client
        .pull(&access, 0, 10)
        .await
        .expect_error(401, "device_revoked");

    // Signing in again works; no data was needed to be deleted for that.
    client
        .sign_in("kim@example.com", PASSWORD, device)
        .await
        .expect(200);
}

#[tokio::test]
async fn the_previous_token_outside_the_grace_window_is_reuse() {
    let server = TestServer::start().await;
    let client = server.client();
    let r0 = client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();
    let r1 = client.refresh(&r0).await.expect(200)["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();
    // Five minutes is the window; one millisecond more is too late.
    server.advance_ms(5 * 60_000 + 1);
    client
        .refresh(&r0)
        .await
        .expect_error(401, "refresh_token_reused");
    client
        .refresh(&r1)
        .await
        .expect_error(401, "invalid_refresh_token");
    client
        .refresh("made-up")
        .await
        .expect_error(401, "invalid_refresh_token");
}

#[tokio::test]
async fn access_tokens_expire_after_fifteen_minutes_and_refresh_renews_them() {
    let server = TestServer::start().await;
    let client = server.client();
    let tokens = client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    let access = tokens["access_token"].as_str().expect("token");
    server.advance_ms(15 * 60_000 - 1_000);
    client.pull(access, 0, 10).await.expect(200);
    server.advance_ms(1_000);
    client
        .pull(access, 0, 10)
        .await
        .expect_error(401, "token_expired");
    let renewed = client
        .refresh(tokens["refresh_token"].as_str().expect("refresh"))
        .await
        .expect(200);
    client
        .pull(renewed["access_token"].as_str().expect("token"), 0, 10)
        .await
        .expect(200);
}

#[tokio::test]
async fn sign_out_ends_the_device_session() {
    let server = TestServer::start().await;
    let client = server.client();
    let tokens = client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    let access = tokens["access_token"].as_str().expect("token");
    let reply = client
        .post("/v1/auth/logout", Some(access), &json!({}))
        .await;
    assert_eq!(reply.status.as_u16(), 204);
    client
        .pull(access, 0, 10)
        .await
        .expect_error(401, "device_revoked");
    client
        .refresh(tokens["refresh_token"].as_str().expect("refresh"))
        .await
        .expect_error(401, "invalid_refresh_token");
}

#[tokio::test]
async fn sign_in_waits_after_five_failures_and_the_count_survives_a_restart() {
    let mut server = TestServer::start().await;
    let client = server.client();
    client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    let device = Uuid::new_v4();
    for _ in 0..5 {
        client
            .sign_in("kim@example.com", "wrong password 1!", device)
            .await
            .expect_error(401, "invalid_credentials");
    }
    // The counters live in the database: a restarted server still refuses.
    server.restart().await;
    let client = server.client();
    let locked = client.sign_in("kim@example.com", PASSWORD, device).await;
    locked.expect_error(429, "too_many_attempts");
    assert_eq!(locked.headers["retry-after"], "30");
    // Unknown emails are counted too, and answer like a wrong password.
    client
        .sign_in("nobody@example.com", PASSWORD, device)
        .await
        .expect_error(401, "invalid_credentials");

    server.advance_ms(30_000);
    client
        .sign_in("kim@example.com", PASSWORD, device)
        .await
        .expect(200);
    // Success clears the count: one more failure does not lock.
    client
        .sign_in("kim@example.com", "wrong password 1!", device)
        .await
        .expect_error(401, "invalid_credentials");
    client
        .sign_in("kim@example.com", PASSWORD, device)
        .await
        .expect(200);
}

#[tokio::test]
async fn tokens_stay_valid_across_a_restart() {
    let mut server = TestServer::start().await;
    let tokens = server
        .client()
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    server.restart().await;
    let client = server.client();
    client
        .pull(tokens["access_token"].as_str().expect("token"), 0, 10)
        .await
        .expect(200);
    client
        .refresh(tokens["refresh_token"].as_str().expect("refresh"))
        .await
        .expect(200);
}

#[tokio::test]
async fn forged_or_missing_tokens_are_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .pull("", 0, 10)
        .await
        .expect_error(401, "unauthorized");
    let no_header = client.get("/v1/sync/pull", None).await;
    no_header.expect_error(401, "unauthorized");
    // An unsigned token ("alg": "none") naming some scope.
    let header = base64_url(br#"{"alg":"none","typ":"JWT"}"#);
    let claims = base64_url(
        format!(
            r#"{{"sub":"x","trainer":"{}","dev":1,"did":"d","iat":0,"exp":99999999999}}"#,
            Uuid::now_v7()
        )
        .as_bytes(),
    );
    client
        .pull(&format!("{header}.{claims}."), 0, 10)
        .await
        .expect_error(401, "unauthorized");
    // A token signed with another secret.
    let tokens = client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    let real = tokens["access_token"].as_str().expect("token");
    // (The real one works whatever the case of its scheme; other schemes do not.)
    let url = format!("{}/v1/sync/pull", client.base);
    let lower = client
        .http
        .get(&url)
        .header("authorization", format!("bearer {real}"));
    client.send(lower).await.expect(200);
    let basic = client
        .http
        .get(&url)
        .header("authorization", format!("Basic {real}"));
    client.send(basic).await.expect_error(401, "unauthorized");
    let mut parts: Vec<&str> = real.split('.').collect();
    let forged_claims = base64_url(
        format!(
            r#"{{"sub":"x","trainer":"{}","dev":1,"did":"d","iat":0,"exp":99999999999}}"#,
            Uuid::now_v7()
        )
        .as_bytes(),
    );
    parts[1] = &forged_claims;
    client
        .pull(&parts.join("."), 0, 10)
        .await
        .expect_error(401, "unauthorized");
}

fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Each attempt counts before its password is checked: twenty guesses sent at once get five
/// verdicts, and fifteen are told to wait.
#[tokio::test]
async fn parallel_guesses_cannot_outrun_the_limit() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .sign_up("kim@example.com", Uuid::new_v4(), None)
        .await;
    let guesses: Vec<_> = (0..20)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .sign_in(
                        "kim@example.com",
                        &format!("guess number {i}!"),
                        Uuid::new_v4(),
                    )
                    .await
            })
        })
        .collect();
    let mut codes = Vec::new();
    for guess in guesses {
        codes.push(guess.await.expect("joins").code().to_owned());
    }
    codes.sort();
    let refused = codes.iter().filter(|c| *c == "invalid_credentials").count();
    let waiting = codes.iter().filter(|c| *c == "too_many_attempts").count();
    assert_eq!((refused, waiting), (5, 15), "{codes:?}");
}
