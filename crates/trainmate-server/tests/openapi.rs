//! The OpenAPI document at `/v1/openapi.json` lists every route of the router and every status
//! code each can answer: a matrix of requests reaches each documented code (but `500`/`503`,
//! which need a broken database) and every answer seen is documented for its operation. The
//! docs page loads nothing from elsewhere.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use serde_json::{json, Value};
use uuid::Uuid;

/// `(method, path)` of every `.route(…)` in the router's source.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let source = include_str!("../src/lib.rs");
    let mut routes = BTreeSet::new();
    for part in source.split(".route(").skip(1) {
        let path = part.split('"').nth(1).expect("a path literal").to_owned();
        let handler = part.split(',').nth(1).expect("a handler").trim();
        for method in ["get", "post", "delete", "put", "patch"] {
            if handler.starts_with(&format!("{method}(")) {
                routes.insert((method.to_owned(), path.clone()));
            }
        }
    }
    routes
}

fn documented(doc: &Value) -> BTreeMap<(String, String), BTreeSet<u16>> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            let codes = op["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .map(|c| c.parse().expect("a numeric status"))
                .collect();
            out.insert((method.clone(), path.clone()), codes);
        }
    }
    out
}

struct Seen(BTreeMap<(String, String), BTreeSet<u16>>);

impl Seen {
    fn record(&mut self, method: &str, path: &str, reply: &Reply) {
        if reply.status.as_u16() >= 400 {
            assert_no_internals(&reply.body);
        }
        self.0
            .entry((method.to_owned(), path.to_owned()))
            .or_default()
            .insert(reply.status.as_u16());
    }
}

#[tokio::test]
async fn the_document_lists_every_route_and_status_code() {
    let server = TestServer::start().await;
    let client = server.client();
    let reply = client.get("/v1/openapi.json", None).await;
    let doc = reply.clone().expect(200);
    assert_eq!(doc["openapi"], "3.1.0");
    let documented = documented(&doc);
    let operations: BTreeSet<_> = documented.keys().cloned().collect();
    assert_eq!(operations, routes_in_source(), "routes and document differ");

    let mut seen = Seen(BTreeMap::new());
    seen.record("get", "/v1/openapi.json", &reply);
    let http = &client.http;
    let url = |path: &str| format!("{}{path}", client.base);
    let raw = |request: reqwest::RequestBuilder| client.send(request);

    // Every route refuses a body encoding it cannot read.
    for (method, path) in &operations {
        let concrete = path.replace("{device_id}", &Uuid::new_v4().to_string());
        let request = match method.as_str() {
            "get" => http.get(url(&concrete)),
            "post" => http.post(url(&concrete)),
            _ => http.delete(url(&concrete)),
        }
        .header(CONTENT_ENCODING, "br")
        .body("x");
        seen.record(method, path, &raw(request).await);
    }
    seen.record("get", "/v1/health", &client.get("/v1/health", None).await);
    seen.record("get", "/v1/docs", &client.get("/v1/docs", None).await);

    // Bodies: malformed, not JSON, too large, the wrong shape.
    let too_large = "x".repeat(trainmate_server::BODY_LIMIT_BYTES + 1);
    // (Push's turn comes below, with a real token.)
    for path in ["/v1/auth/signup", "/v1/auth/login", "/v1/auth/refresh"] {
        let post = || http.post(url(path));
        seen.record(
            "post",
            path,
            &raw(post().header(CONTENT_TYPE, "application/json").body("{")).await,
        );
        seen.record("post", path, &raw(post().body("{}")).await);
        seen.record(
            "post",
            path,
            &raw(post()
                .header(CONTENT_TYPE, "application/json")
                .body(too_large.clone()))
            .await,
        );
        seen.record("post", path, &client.post(path, None, &json!({})).await);
    }

    // Accounts.
    let email = "kim@example.com";
    let device = Uuid::new_v4();
    let body = json!({
        "email": email, "password": PASSWORD, "name": "Kim", "device_id": device,
        "device_name": "Laptop",
    });
    let created = client.post("/v1/auth/signup", None, &body).await;
    seen.record("post", "/v1/auth/signup", &created);
    let tokens = created.expect(201);
    seen.record(
        "post",
        "/v1/auth/signup",
        &client.post("/v1/auth/signup", None, &body).await,
    );
    let mut first = Device::from_tokens(device, &tokens);
    let signed_in = client.sign_in(email, PASSWORD, Uuid::new_v4()).await;
    seen.record("post", "/v1/auth/login", &signed_in);
    let second = signed_in.expect(200);
    for _ in 0..7 {
        let reply = client
            .sign_in(email, "wrong password 1!", Uuid::new_v4())
            .await;
        seen.record("post", "/v1/auth/login", &reply);
    }
    let refreshed = client.refresh(&first.refresh).await;
    seen.record("post", "/v1/auth/refresh", &refreshed);
    first.token = refreshed.expect(200)["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    seen.record(
        "post",
        "/v1/auth/refresh",
        &client.refresh("not a token").await,
    );
    seen.record(
        "get",
        "/v1/devices",
        &client.get("/v1/devices", Some(&first.token)).await,
    );
    seen.record("get", "/v1/devices", &client.get("/v1/devices", None).await);
    let revoke = "/v1/devices/{device_id}";
    seen.record(
        "delete",
        revoke,
        &client
            .delete(
                &format!("/v1/devices/{}", Uuid::new_v4()),
                Some(&first.token),
            )
            .await,
    );
    seen.record(
        "delete",
        revoke,
        &client.delete("/v1/devices/%FF", Some(&first.token)).await,
    );
    seen.record(
        "delete",
        revoke,
        &client.delete("/v1/devices/x", None).await,
    );
    let second_device = second["device_id"].as_str().expect("device id");
    seen.record(
        "delete",
        revoke,
        &client
            .delete(&format!("/v1/devices/{second_device}"), Some(&first.token))
            .await,
    );

    // Sync.
    let push = "/v1/sync/push";
    seen.record("post", push, &client.push("x", &[]).await);
    let (_, changes) = seed_changes(&mut first, 1, T0);
    seen.record("post", push, &client.push(&first.token, &changes).await);
    let mut gap = first.change(
        "users",
        first.trainer,
        "upsert",
        json!({"name": "Kim"}),
        1,
        T0,
    );
    gap["device_seq"] = json!(99);
    seen.record("post", push, &client.push(&first.token, &[gap]).await);
    let mut future = first.change("users", first.trainer, "upsert", json!({}), 1, T0);
    future["schema_version"] = json!(99);
    seen.record("post", push, &client.push(&first.token, &[future]).await);
    let many: Vec<Value> = (0..1001)
        .map(|_| first.change("users", first.trainer, "upsert", json!({}), 1, T0))
        .collect();
    seen.record("post", push, &client.push(&first.token, &many).await);
    let authed = || http.post(url(push)).bearer_auth(&first.token);
    seen.record(
        "post",
        push,
        &raw(authed().header(CONTENT_TYPE, "application/json").body("{")).await,
    );
    seen.record("post", push, &raw(authed().body("{}")).await);
    seen.record(
        "post",
        push,
        &raw(authed()
            .header(CONTENT_TYPE, "application/json")
            .body(too_large.clone()))
        .await,
    );
    let epoch = "/v1/sync/epoch";
    seen.record(
        "post",
        epoch,
        &client
            .post(epoch, Some(&first.token), &json!({"from": 0}))
            .await,
    );
    seen.record(
        "post",
        epoch,
        &client.post(epoch, Some("x"), &json!({"from": 0})).await,
    );
    let bump = || http.post(url(epoch)).bearer_auth(&first.token);
    seen.record(
        "post",
        epoch,
        &raw(bump().header(CONTENT_TYPE, "application/json").body("{")).await,
    );
    seen.record(
        "post",
        epoch,
        &raw(bump().header(CONTENT_TYPE, "application/json").body("{}")).await,
    );
    let pull = "/v1/sync/pull";
    seen.record("get", pull, &client.pull(&first.token, 0, 10).await);
    seen.record(
        "get",
        pull,
        &client
            .get("/v1/sync/pull?cursor=-1", Some(&first.token))
            .await,
    );
    seen.record("get", pull, &client.pull("x", 0, 10).await);
    seen.record(
        "post",
        "/v1/auth/logout",
        &client.post("/v1/auth/logout", None, &json!({})).await,
    );
    seen.record(
        "post",
        "/v1/auth/logout",
        &client
            .post("/v1/auth/logout", Some(&first.token), &json!({}))
            .await,
    );

    for (operation, codes) in &seen.0 {
        let allowed = &documented[operation];
        assert!(
            codes.is_subset(allowed),
            "{operation:?} answered {codes:?}, documented {allowed:?}"
        );
    }
    for (operation, codes) in &documented {
        let reached = seen.0.get(operation).cloned().unwrap_or_default();
        let missing: Vec<_> = codes
            .iter()
            .filter(|c| !reached.contains(c) && ![500, 503].contains(*c))
            .collect();
        assert!(
            missing.is_empty(),
            "{operation:?} documents {missing:?}, never reached"
        );
    }
}

#[tokio::test]
async fn the_docs_page_is_self_contained() {
    let server = TestServer::start().await;
    let reply = server
        .client()
        .http
        .get(format!("{}/v1/docs", server.base))
        .send()
        .await
        .expect("answers");
    assert_eq!(reply.status(), 200);
    assert!(reply.headers()[CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    let page = reply.text().await.expect("a page");
    assert!(page.contains("openapi.json"));
    for external in [
        "src=\"http",
        "href=\"http",
        "@import",
        "//cdn",
        "unpkg",
        "jsdelivr",
    ] {
        assert!(!page.contains(external), "the page loads `{external}`");
    }
}
