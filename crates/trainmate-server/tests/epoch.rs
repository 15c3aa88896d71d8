//! `POST /v1/sync/epoch`: the scope's epoch, bumped by the first device that finds the server
//! restored from an older backup, and answered in every push and pull. Expected values come from
//! the rules written in the comments (0 until the first bump; a bump changes it only from the
//! `from` it names), never from the server's code.

mod common;

use common::*;
use serde_json::{json, Value};

async fn bump(client: &Client, token: &str, from: &Value) -> Value {
    client
        .post("/v1/sync/epoch", Some(token), &json!({ "from": from }))
        .await
        .expect(200)
}

async fn pulled_epoch(client: &Client, token: &str) -> Value {
    client.pull(token, 0, 10).await.expect(200)["epoch"].clone()
}

#[tokio::test]
async fn a_bump_changes_the_epoch_once_per_restore_and_every_answer_carries_it() {
    let mut server = TestServer::start_in_memory().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let tablet = Device::sign_in(&client, "kim@example.com").await;

    // Never bumped: 0 in a pull and a push answer.
    assert_eq!(pulled_epoch(&client, &laptop.token).await, json!(0));
    let (_, changes) = seed_changes(&mut laptop, 1, T0);
    let pushed = client.push(&laptop.token, &changes).await.expect(200);
    assert_eq!(pushed["epoch"], json!(0));

    // The first device that finds the restore bumps from the epoch it saw.
    let first = bump(&client, &laptop.token, &json!(0)).await;
    assert_eq!(first["bumped"], json!(true));
    let epoch = first["epoch"].clone();
    assert!(epoch.as_i64().is_some_and(|e| e != 0), "{first}");

    // The same request again (its answer lost) bumps nothing and answers the same epoch.
    let again = bump(&client, &laptop.token, &json!(0)).await;
    assert_eq!(again, json!({ "epoch": epoch, "bumped": false }));
    // A second device that found the same restore (it saw epoch 0 too) bumps nothing either.
    let other = bump(&client, &tablet.token, &json!(0)).await;
    assert_eq!(other, json!({ "epoch": epoch, "bumped": false }));

    // Both devices see it in pulls and pushes, and it survives a restart.
    assert_eq!(pulled_epoch(&client, &tablet.token).await, epoch);
    let more = vec![laptop.change(
        "users",
        laptop.trainer,
        "upsert",
        json!({ "name": "Kim Again", "updated_at": T0 + 1 }),
        1,
        T0 + 1,
    )];
    let pushed = client.push(&laptop.token, &more).await.expect(200);
    assert_eq!(pushed["epoch"], epoch);
    server.restart().await;
    let client = server.client();
    assert_eq!(pulled_epoch(&client, &laptop.token).await, epoch);

    // A later restore, found under the new epoch, bumps again: a third value, neither 0 nor
    // the previous one.
    let second = bump(&client, &tablet.token, &epoch).await;
    assert_eq!(second["bumped"], json!(true));
    assert_ne!(second["epoch"], epoch);
    assert_ne!(second["epoch"], json!(0));
    assert_eq!(pulled_epoch(&client, &laptop.token).await, second["epoch"]);
}

#[tokio::test]
async fn two_devices_bumping_at_once_bump_once() {
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let laptop = Device::sign_up(&client, "kim@example.com").await;
    let tablet = Device::sign_in(&client, "kim@example.com").await;
    for round in 0..5 {
        let from = pulled_epoch(&client, &laptop.token).await;
        let (a, b) = tokio::join!(
            bump(&client, &laptop.token, &from),
            bump(&client, &tablet.token, &from)
        );
        // Exactly one of the two changed it, and both answer the same new epoch.
        let bumped = [&a, &b]
            .iter()
            .filter(|answer| answer["bumped"] == json!(true))
            .count();
        assert_eq!(bumped, 1, "round {round}: {a} {b}");
        assert_eq!(a["epoch"], b["epoch"], "round {round}");
        assert_ne!(a["epoch"], from, "round {round}");
        assert_eq!(pulled_epoch(&client, &laptop.token).await, a["epoch"]);
    }
}

#[tokio::test]
async fn another_trainer_can_neither_bump_nor_read_the_epoch() {
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let kim = Device::sign_up(&client, "kim@example.com").await;
    let ann = Device::sign_up(&client, "ann@example.com").await;

    // No token, a bad token: refused.
    client
        .post("/v1/sync/epoch", None, &json!({ "from": 0 }))
        .await
        .expect_error(401, "unauthorized");
    client
        .post("/v1/sync/epoch", Some("not-a-token"), &json!({ "from": 0 }))
        .await
        .expect(401);

    let kims = bump(&client, &kim.token, &json!(0)).await["epoch"].clone();
    // Ann's scope was never bumped: her answers say 0, not Kim's epoch.
    assert_eq!(pulled_epoch(&client, &ann.token).await, json!(0));
    // Ann naming Kim's epoch changes nothing of Kim's and learns nothing of it: she is answered
    // her own scope's epoch (0), unchanged.
    let answer = bump(&client, &ann.token, &kims).await;
    assert_eq!(answer, json!({ "epoch": 0, "bumped": false }));
    assert_eq!(pulled_epoch(&client, &kim.token).await, kims);
    // Ann's own bump moves her scope only.
    let anns = bump(&client, &ann.token, &json!(0)).await["epoch"].clone();
    assert_ne!(anns, json!(0));
    assert_ne!(anns, kims);
    assert_eq!(pulled_epoch(&client, &kim.token).await, kims);
    assert_eq!(pulled_epoch(&client, &ann.token).await, anns);

    // A revoked device cannot bump.
    let tablet = Device::sign_in(&client, "kim@example.com").await;
    let revoked = client
        .delete(&format!("/v1/devices/{}", tablet.id), Some(&kim.token))
        .await;
    assert_eq!(revoked.status.as_u16(), 204, "{}", revoked.body);
    client
        .post(
            "/v1/sync/epoch",
            Some(&tablet.token),
            &json!({ "from": kims }),
        )
        .await
        .expect(401);
    assert_eq!(pulled_epoch(&client, &kim.token).await, kims);
}

#[tokio::test]
async fn malformed_bumps_answer_4xx() {
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let kim = Device::sign_up(&client, "kim@example.com").await;
    for body in [
        json!({}),
        json!({ "from": "x" }),
        json!("0"),
        json!({ "from": 1.5 }),
    ] {
        let reply = client.post("/v1/sync/epoch", Some(&kim.token), &body).await;
        reply.expect_error(422, "invalid_body");
    }
    assert_eq!(pulled_epoch(&client, &kim.token).await, json!(0));
}

/// A resend carries each column's own stamp (`column_hlcs`): a column whose stamp is older than
/// the server's loses (a conflict), a newer one wins, and 0 ("unknown") fills a column only
/// where the server holds none — no conflict. Worked by hand from the stamps below.
#[tokio::test]
async fn a_resend_carries_each_columns_own_stamp() {
    let server = TestServer::start_in_memory().await;
    let client = server.client();
    let mut laptop = Device::sign_up(&client, "kim@example.com").await;
    let mut tablet = Device::sign_in(&client, "kim@example.com").await;
    let (fixture, changes) = seed_changes(&mut laptop, 1, T0);
    client.push(&laptop.token, &changes).await.expect(200);
    // The laptop renames the member, stamped T0 + 20 s (seq 6: five seeded rows before it).
    let rename = laptop.change(
        "users",
        fixture.member,
        "upsert",
        json!({ "name": "Lee Newer", "updated_at": T0 + 20_000 }),
        2,
        T0 + 20_000,
    );
    client.push(&laptop.token, &[rename]).await.expect(200);

    // The tablet resends the member (base_seq 0): its name from T0 + 10 s (older than the
    // laptop's), its birth date from T0 + 30 s (newer than the seed's T0), its phone of unknown
    // age (0), and the rest as the seed has it.
    let mut row = member_row(laptop.trainer, "Lee Member", T0);
    row["name"] = json!("Lee Older");
    row["birth_date"] = json!("2000-01-01");
    row["phone"] = json!("010-0000-0000");
    let mut resend = tablet.change("users", fixture.member, "upsert", row, 0, T0 + 30_000);
    resend["column_hlcs"] = json!({
        "name": hlc(T0 + 10_000, 0),
        "birth_date": hlc(T0 + 30_000, 0),
        "phone": 0,
    });
    // And a member the server never had, every column of unknown age: filled in whole.
    let new_member = uuid::Uuid::now_v7();
    let mut fill = tablet.change(
        "users",
        new_member,
        "upsert",
        member_row(laptop.trainer, "Ada New", T0),
        0,
        T0,
    );
    let zeros: serde_json::Map<String, Value> = member_row(laptop.trainer, "Ada New", T0)
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (k.clone(), json!(0)))
        .collect();
    fill["column_hlcs"] = Value::Object(zeros);
    client
        .push(&tablet.token, &[resend, fill])
        .await
        .expect(200);

    let (rows, conflicts, _) = client.pull_all(&laptop.token, 0).await;
    let member = rows
        .iter()
        .find(|r| r["row_id"] == json!(fixture.member))
        .expect("the member");
    assert_eq!(
        member["columns"]["name"], "Lee Newer",
        "the older name lost"
    );
    assert_eq!(
        member["columns"]["birth_date"], "2000-01-01",
        "the newer date won"
    );
    assert_eq!(
        member["columns"]["phone"], "010-1234-5678",
        "a value of unknown age does not replace one the server holds"
    );
    let added = rows
        .iter()
        .find(|r| r["row_id"] == json!(new_member))
        .expect("the new member");
    assert_eq!(added["columns"], member_row(laptop.trainer, "Ada New", T0));
    let mut seen: Vec<(String, Value, Value, Value, Value)> = conflicts
        .iter()
        .filter(|c| c["column"] != "updated_at")
        .map(|c| {
            (
                c["column"].as_str().unwrap().to_owned(),
                c["kept"].clone(),
                c["lost"].clone(),
                c["kept_hlc"].clone(),
                c["lost_hlc"].clone(),
            )
        })
        .collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        vec![
            (
                "birth_date".to_owned(),
                json!("2000-01-01"),
                json!("1990-05-17"),
                json!(hlc(T0 + 30_000, 0)),
                json!(hlc(T0, 0)),
            ),
            (
                "name".to_owned(),
                json!("Lee Newer"),
                json!("Lee Older"),
                json!(hlc(T0 + 20_000, 0)),
                json!(hlc(T0 + 10_000, 0)),
            ),
        ],
        "no conflict for the phone"
    );
}
