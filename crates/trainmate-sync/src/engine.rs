//! One sync round of a linked scope: push every pending record (whole transactions, in
//! `device_seq` order, at most the server's batch), then pull pages until there are no more,
//! each applied in one SQLite transaction by `trainmate-app`.
//!
//! The engine never deletes local data or outbox records on its own: whatever the server
//! answers (401, 5xx, a version it does not know), the round stops and the status says why. A
//! server behind the device (restored from an older backup) is recovered: the device sends its
//! scope again and rewinds its cursor (`App::sync_recover`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use trainmate_api::sync::{PushRequest, SignInRequest, SignUpRequest, Tokens, MAX_PUSH_CHANGES};
use trainmate_app::App;
use uuid::Uuid;

use crate::client::{Client, SyncError};

/// Rows per pull page the engine asks for.
pub const PULL_LIMIT: u32 = 2000;
/// Rows per pull page while someone is using the app (a command wrote within
/// [`USER_ACTIVE_WINDOW`]): a page is applied in one write transaction, and a command that
/// arrives meanwhile waits for it (S4). Meanwhile the job also rests between pages as long as
/// the last one took to apply, so it uses at most half of the writer and the disk.
pub const PULL_LIMIT_USER_ACTIVE: u32 = 5;
pub const USER_ACTIVE_WINDOW: std::time::Duration = std::time::Duration::from_secs(5);

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub pushed: usize,
    pub pulled: usize,
    pub pages: usize,
    pub conflicts: usize,
    /// Records the device wrote to send its scope again to a server restored from an older
    /// backup ([`trainmate_app::App::sync_recover`]); 0 in an ordinary round.
    pub resent: usize,
}

/// The sync engine of one app: its clients and the access tokens it holds in memory.
pub struct Engine {
    app: Arc<App>,
    device_name: String,
    access: Mutex<HashMap<Uuid, String>>,
    clients: Mutex<HashMap<String, Client>>,
    /// One round at a time (the job and "sync now" may ask together).
    round_lock: tokio::sync::Mutex<()>,
}

/// Runs a blocking app call off the async runtime.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    work: impl FnOnce(&App) -> Result<T, trainmate_api::ApiError> + Send + 'static,
) -> Result<T, SyncError> {
    let app = app.clone();
    match tokio::task::spawn_blocking(move || work(&app)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => {
            log::error!("sync: local storage failed: {e}");
            Err(SyncError::Local)
        }
        Err(_) => Err(SyncError::Local),
    }
}

impl Engine {
    pub fn new(app: Arc<App>, device_name: &str) -> Engine {
        Engine {
            app,
            device_name: device_name.to_owned(),
            access: Mutex::new(HashMap::new()),
            clients: Mutex::new(HashMap::new()),
            round_lock: tokio::sync::Mutex::new(()),
        }
    }

    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    fn client(&self, base: &str) -> Result<Client, SyncError> {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(client) = clients.get(base) {
            return Ok(client.clone());
        }
        let client = Client::new(base)?;
        clients.insert(base.to_owned(), client.clone());
        Ok(client)
    }

    fn remember(&self, trainer: Uuid, tokens: &Tokens) {
        self.access
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(trainer, tokens.access_token.clone());
    }

    fn forget_access(&self, trainer: Uuid) {
        self.access
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&trainer);
    }

    fn held_access(&self, trainer: Uuid) -> Option<String> {
        self.access
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&trainer)
            .cloned()
    }

    /// Links the local trainer `trainer_id` to the server at `base`: creates the account there
    /// (`create`) or signs in to it, then stores the link and enqueues the scope's snapshot.
    pub async fn link(
        &self,
        trainer_id: Uuid,
        base: &str,
        email: &str,
        password: &str,
        name: &str,
        create: bool,
    ) -> Result<(), SyncError> {
        let client = self.client(base)?;
        let device_id = blocking(&self.app, |app| app.device_id()).await?;
        let tokens = if create {
            client
                .sign_up(&SignUpRequest {
                    email: email.to_owned(),
                    password: password.to_owned(),
                    name: name.to_owned(),
                    device_id,
                    device_name: self.device_name.clone(),
                    trainer_id: Some(trainer_id),
                })
                .await?
        } else {
            client
                .sign_in(&SignInRequest {
                    email: email.to_owned(),
                    password: password.to_owned(),
                    device_id,
                    device_name: self.device_name.clone(),
                })
                .await?
        };
        if tokens.trainer_id != trainer_id {
            // The server account belongs to another trainer: linking would mix two people.
            return Err(SyncError::Refused {
                status: 409,
                code: "other_trainer".to_owned(),
                message: "This server account belongs to another trainer.".to_owned(),
            });
        }
        self.remember(trainer_id, &tokens);
        let (base, email) = (client.base().to_owned(), email.to_owned());
        blocking(&self.app, move |app| {
            app.sync_link(
                trainer_id,
                &base,
                tokens.account_id,
                &email,
                &tokens.refresh_token,
            )
        })
        .await
    }

    /// "Sign in with my sync server" on a fresh device: signs in, stores the link, pulls the
    /// whole scope (creating the local accounts from it). Answers the trainer's id.
    pub async fn sign_in_fresh(
        &self,
        base: &str,
        email: &str,
        password: &str,
    ) -> Result<Uuid, SyncError> {
        let client = self.client(base)?;
        let device_id = blocking(&self.app, |app| app.device_id()).await?;
        let tokens = client
            .sign_in(&SignInRequest {
                email: email.to_owned(),
                password: password.to_owned(),
                device_id,
                device_name: self.device_name.clone(),
            })
            .await?;
        let trainer = tokens.trainer_id;
        self.remember(trainer, &tokens);
        let (base, email) = (client.base().to_owned(), email.to_owned());
        blocking(&self.app, move |app| {
            app.sync_link_fresh(
                trainer,
                &base,
                tokens.account_id,
                &email,
                &tokens.refresh_token,
            )
        })
        .await?;
        self.sync_scope(trainer).await?;
        Ok(trainer)
    }

    /// One round for every linked scope; each scope's outcome.
    pub async fn sync_all(&self) -> Vec<(Uuid, Result<Round, SyncError>)> {
        let scopes = match blocking(&self.app, |app| app.sync_linked_scopes()).await {
            Ok(scopes) => scopes,
            Err(e) => return vec![(Uuid::nil(), Err(e))],
        };
        let mut outcomes = Vec::new();
        for scope in scopes {
            let Ok(trainer) = Uuid::parse_str(&scope.trainer_id) else {
                continue;
            };
            if scope.needs_sign_in {
                continue;
            }
            outcomes.push((trainer, self.sync_scope(trainer).await));
        }
        outcomes
    }

    /// One round of one scope, with its outcome noted for the status.
    pub async fn sync_scope(&self, trainer: Uuid) -> Result<Round, SyncError> {
        let _one_at_a_time = self.round_lock.lock().await;
        let result = self.round(trainer).await;
        let code = result.as_ref().err().map(|e| e.code().to_owned());
        if let Err(SyncError::Unauthorized) = &result {
            self.forget_access(trainer);
            let _ = blocking(&self.app, move |app| app.sync_needs_sign_in(trainer)).await;
        } else {
            let _ = blocking(&self.app, move |app| {
                app.sync_record_attempt(trainer, code.as_deref())
            })
            .await;
        }
        result
    }

    /// A round; when the server turns out to be behind the device (restored from an older
    /// backup: its head behind the device's cursor, or its acknowledged numbering of this device
    /// behind the device's), the device bumps the scope's epoch (unless another device already
    /// did for this restore), sends its scope again and runs the round once more. A device that
    /// finds the epoch changed since it last synced sends its scope again too and pulls it all
    /// from cursor 0.
    async fn round(&self, trainer: Uuid) -> Result<Round, SyncError> {
        let (behind, changed) = match self.round_once(trainer).await {
            Err(SyncError::ServerBehind { expected }) => (Some(expected), None),
            Err(SyncError::EpochChanged { epoch }) => (None, Some(epoch)),
            other => return other,
        };
        let scope = blocking(&self.app, move |app| app.sync_scope(trainer))
            .await?
            .ok_or(SyncError::Local)?;
        let client = self.client(scope.server_url.as_deref().ok_or(SyncError::Unauthorized)?)?;
        // The server's head, acknowledged numbering and epoch: a pull after every seq.
        let position = self
            .authorized(trainer, &client, |access| {
                let client = client.clone();
                async move { client.pull(&access, i64::MAX, 1).await }
            })
            .await?;
        let (head, acknowledged) = (position.cursor, position.acknowledged_device_seq);
        let (epoch, full) = if changed.is_some() || scope.epoch.is_some_and(|e| e != position.epoch)
        {
            // Another device found the restore and bumped the epoch (perhaps after resending
            // rows numbered at or below this device's cursor): everything again.
            (position.epoch, true)
        } else {
            // Not bumped yet for this restore: this device is the first to find it — unless
            // another device bumps between the two requests (then `bumped` is false).
            let cursor = scope.cursor;
            let sure_behind = blocking(&self.app, move |app| {
                let ours = app.sync_acknowledged(trainer)?;
                Ok(head < cursor || acknowledged < ours)
            })
            .await?;
            if !sure_behind {
                // E.g. a device restored from an older backup, whose numbering is behind the
                // server's: reported, nothing changed.
                return Err(SyncError::ServerBehind {
                    expected: behind.unwrap_or(acknowledged + 1),
                });
            }
            let from = position.epoch;
            let answer = self
                .authorized(trainer, &client, |access| {
                    let client = client.clone();
                    async move { client.bump_epoch(&access, from).await }
                })
                .await;
            match answer {
                Ok(answer) => (answer.epoch, !answer.bumped),
                // A server of an earlier release (no epochs): recovered as then (the fillers
                // keep the resend above the other devices' cursors).
                Err(SyncError::Refused { status: 404, .. }) => (from, false),
                Err(e) => return Err(e),
            }
        };
        let resent = blocking(&self.app, move |app| {
            app.sync_recover(trainer, head, acknowledged, epoch, full)
        })
        .await?;
        let Some(resent) = resent else {
            return Err(SyncError::ServerBehind {
                expected: behind.unwrap_or(acknowledged + 1),
            });
        };
        log::warn!(
            "sync: the server was restored from an older backup (head {head}, acknowledged \
             {acknowledged}, epoch {epoch}): sending the scope again ({resent} records{})",
            if full { ", pulling it all again" } else { "" }
        );
        let mut round = self.round_once(trainer).await?;
        round.resent = resent;
        Ok(round)
    }

    async fn round_once(&self, trainer: Uuid) -> Result<Round, SyncError> {
        let scope = blocking(&self.app, move |app| app.sync_scope(trainer))
            .await?
            .ok_or(SyncError::Local)?;
        let (Some(base), false) = (scope.server_url.clone(), scope.needs_sign_in) else {
            return Err(SyncError::Unauthorized);
        };
        let client = self.client(&base)?;
        let mut round = Round::default();
        // Push, then pull; again while a push found more (a commit made during the round).
        loop {
            let changes = blocking(&self.app, move |app| {
                app.sync_next_push(trainer, MAX_PUSH_CHANGES)
            })
            .await?;
            if changes.is_empty() {
                break;
            }
            let count = changes.len();
            let request = PushRequest { changes };
            let response = self
                .authorized(trainer, &client, |access| {
                    let client = client.clone();
                    let request = request.clone();
                    async move { client.push(&access, &request).await }
                })
                .await?;
            blocking(&self.app, move |app| {
                app.sync_record_push(trainer, &response)
            })
            .await?;
            round.pushed += count;
        }
        // Pull: page N+1 is fetched while page N is applied in its transaction. The cursor
        // moves only with the page it belongs to (in that page's transaction), so it is never
        // ahead of the data; a page fetched ahead of a failed apply is dropped, not applied.
        let mut cursor = blocking(&self.app, move |app| app.sync_scope(trainer))
            .await?
            .ok_or(SyncError::Local)?
            .cursor;
        let mut page = self.pull_page(trainer, &client, cursor).await?;
        // The server behind the device: restored from an older backup.
        let ours = blocking(&self.app, move |app| app.sync_acknowledged(trainer)).await?;
        if page.cursor < cursor || page.acknowledged_device_seq < ours {
            return Err(SyncError::ServerBehind {
                expected: page.acknowledged_device_seq + 1,
            });
        }
        // Another device found a restore since this one last synced.
        if scope.epoch.is_some_and(|e| e != page.epoch) {
            return Err(SyncError::EpochChanged { epoch: page.epoch });
        }
        loop {
            let (has_more, next_cursor) = (page.has_more, page.cursor);
            let started = std::time::Instant::now();
            let apply = async {
                let applied = blocking(&self.app, move |app| {
                    app.sync_apply_page(trainer, cursor, &page)
                })
                .await;
                if has_more && self.app.sync_user_active(USER_ACTIVE_WINDOW) {
                    tokio::time::sleep(started.elapsed()).await;
                }
                applied
            };
            let (applied, next) = if has_more {
                let fetch = self.pull_page(trainer, &client, next_cursor);
                let (applied, next) = tokio::join!(apply, fetch);
                (applied, Some(next))
            } else {
                (apply.await, None)
            };
            let applied = applied?;
            round.pages += 1;
            round.pulled += applied.rows;
            round.conflicts += applied.conflicts;
            match next {
                None => break,
                Some(next) => {
                    page = next?;
                    cursor = next_cursor;
                }
            }
        }
        Ok(round)
    }

    async fn pull_page(
        &self,
        trainer: Uuid,
        client: &Client,
        cursor: i64,
    ) -> Result<trainmate_api::sync::PullResponse, SyncError> {
        let limit = if self.app.sync_user_active(USER_ACTIVE_WINDOW) {
            PULL_LIMIT_USER_ACTIVE
        } else {
            PULL_LIMIT
        };
        self.authorized(trainer, client, |access| {
            let client = client.clone();
            async move { client.pull(&access, cursor, limit).await }
        })
        .await
    }

    /// Runs `call` with an access token: the held one, else one from the stored refresh token
    /// (rotated: the successor is stored before it is used). A 401 with a held token refreshes
    /// once and retries; a refused refresh is `Unauthorized`.
    async fn authorized<T, F, Fut>(
        &self,
        trainer: Uuid,
        client: &Client,
        call: F,
    ) -> Result<T, SyncError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, SyncError>>,
    {
        if let Some(access) = self.held_access(trainer) {
            match call(access).await {
                Err(SyncError::Unauthorized) => self.forget_access(trainer),
                other => return other,
            }
        }
        let access = self.refresh(trainer, client).await?;
        call(access).await
    }

    async fn refresh(&self, trainer: Uuid, client: &Client) -> Result<String, SyncError> {
        let scope = blocking(&self.app, move |app| app.sync_scope(trainer))
            .await?
            .ok_or(SyncError::Local)?;
        let token = scope.refresh_token.ok_or(SyncError::Unauthorized)?;
        let tokens = client.refresh(&token).await?;
        let successor = tokens.refresh_token.clone();
        blocking(&self.app, move |app| {
            app.sync_store_refresh_token(trainer, &successor)
        })
        .await?;
        self.remember(trainer, &tokens);
        Ok(tokens.access_token)
    }
}
