//! The sync commands with the sync layer installed as the shell does (its runtime, the job),
//! against the real server: the status walks local only → synced → pending → offline → synced,
//! the job syncs a local commit by itself, and a fresh device signs in through the server.

mod common;

use std::time::{Duration, Instant};

use common::*;
use trainmate_api::*;
use trainmate_sync::SyncService;

fn status(device: &Device) -> SyncStatusReply {
    device.app.sync_status(NoArgs {}).expect("status")
}

fn wait_for(device: &Device, what: &str, done: impl Fn(&SyncStatusReply) -> bool) {
    let start = Instant::now();
    loop {
        let now = status(device);
        if done(&now) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what}: still {now:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_status_walks_from_local_only_to_synced_offline_and_back() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut server = runtime.block_on(Server::start());
    let a = Device::new("tablet");
    let service = SyncService::start(a.app.clone(), "tablet").unwrap();
    a.app.set_sync_gateway(service.clone());
    let (coach, member, we) = studio(&a);
    sign_in(&a.app, &coach);

    let local = status(&a);
    assert_eq!(local.state, SyncState::LocalOnly);
    assert_eq!(local.pending, 0, "nothing is captured before linking");
    assert_eq!(local.server_url, None);

    // A wrong server address is refused beside its field.
    let bad = a.app.sync_link_command(SyncLinkArgs {
        server_url: "sync.example.com".to_owned(),
        email: coach.email.clone(),
        password: PASSWORD.to_owned(),
        create: true,
    });
    assert_eq!(bad, Err(ApiError::invalid("server_url", Rule::Format)));
    // Signing in to an account that does not exist is "wrong credentials".
    let missing = a.app.sync_link_command(SyncLinkArgs {
        server_url: server.base.clone(),
        email: coach.email.clone(),
        password: PASSWORD.to_owned(),
        create: false,
    });
    assert_eq!(missing, Err(ApiError::WrongCredentials));
    assert_eq!(status(&a).state, SyncState::LocalOnly);

    let linked = a
        .app
        .sync_link_command(SyncLinkArgs {
            server_url: format!("{}/", server.base),
            email: coach.email.clone(),
            password: PASSWORD.to_owned(),
            create: true,
        })
        .expect("links");
    assert_eq!(linked.state, SyncState::Synced, "{linked:?}");
    assert_eq!(linked.pending, 0);
    assert_eq!(linked.server_url.as_deref(), Some(server.base.as_str()));
    assert_eq!(linked.account_email.as_deref(), Some(coach.email.as_str()));
    assert!(linked.last_success_at.is_some());

    // A logged set is pending until the job (woken by the commit) sends it.
    log(&a.app, we, fields(Some(5), Some(20_000), None));
    let right_after = status(&a);
    assert!(
        right_after.state == SyncState::Pending || right_after.state == SyncState::Synced,
        "{right_after:?}"
    );
    wait_for(&a, "the job syncs the commit", |s| {
        s.state == SyncState::Synced && s.pending == 0
    });

    // Offline: the server is stopped; "sync now" says so and keeps the change.
    runtime.block_on(server.stop());
    log(&a.app, we, fields(Some(4), Some(20_000), None));
    let offline = a.app.sync_now_command(NoArgs {}).unwrap();
    assert_eq!(offline.state, SyncState::Offline, "{offline:?}");
    assert_eq!(offline.pending, 1);
    assert_eq!(offline.last_error.as_deref(), Some("offline"));

    runtime.block_on(server.resume());
    let back = a.app.sync_now_command(NoArgs {}).unwrap();
    assert_eq!(back.state, SyncState::Synced, "{back:?}");
    assert_eq!(back.pending, 0);

    // A fresh device signs in through the server from its first screen.
    let b = Device::new("phone");
    let service_b = SyncService::start(b.app.clone(), "phone").unwrap();
    b.app.set_sync_gateway(service_b.clone());
    let me = b
        .app
        .sync_sign_in_command(SyncSignInArgs {
            server_url: server.base.clone(),
            email: coach.email.clone(),
            password: PASSWORD.to_owned(),
        })
        .expect("signs in through the server");
    assert_eq!(me.user_id, coach.id);
    assert_eq!(me.user_type, UserType::Trainer);
    let synced = status(&b);
    assert_eq!(synced.state, SyncState::Synced, "{synced:?}");
    assert_eq!(day_view(&b.app, &member, "2026-03-02").totals.sets, 5);
    assert_eq!(a.dump(), b.dump());
    // Signed in, the first-screen command is refused.
    let again = b.app.sync_sign_in_command(SyncSignInArgs {
        server_url: server.base.clone(),
        email: coach.email.clone(),
        password: PASSWORD.to_owned(),
    });
    assert_eq!(again, Err(ApiError::Forbidden));

    // Unlinking keeps everything.
    let before = a.footprint();
    let unlinked = a.app.sync_unlink_command(NoArgs {}).unwrap();
    assert_eq!(unlinked.state, SyncState::LocalOnly);
    assert_eq!(a.footprint(), before);

    drop(service);
    drop(service_b);
    runtime.block_on(server.stop());
}
