//! The sync commands (Settings → Sync, the header's status, "sign in with my sync server").
//!
//! The network half is not in this crate: the shell installs a [`SyncGateway`] (implemented by
//! `trainmate-sync`) and the commands that need the server call it. Without one (tests, a build
//! without sync) those commands answer `conflict`/`sync_unavailable`; the status and the local
//! lists still work. Only a signed-in trainer sees or changes their own scope's sync.

use std::sync::Arc;

use trainmate_api::*;
use trainmate_core::authz::Role;
use uuid::Uuid;

use crate::authz;
use crate::App;

/// Why the server half of a sync command failed, already in the contract's terms.
pub type GatewayResult<T> = Result<T, ApiError>;

/// The network half of sync, installed by the shell.
pub trait SyncGateway: Send + Sync {
    /// Signs in to (or creates) the account on the server and links `trainer`.
    fn link(
        &self,
        trainer: Uuid,
        server_url: &str,
        email: &str,
        password: &str,
        name: &str,
        create: bool,
    ) -> GatewayResult<()>;
    /// A fresh device: signs in to the server and pulls the scope; answers the trainer's id.
    fn sign_in_fresh(&self, server_url: &str, email: &str, password: &str) -> GatewayResult<Uuid>;
    /// Runs one round of `trainer`'s scope now (its outcome is in the status).
    fn sync_now(&self, trainer: Uuid);
    /// Wakes the sync job (a local commit wrote outbox records).
    fn kick(&self);
}

fn unavailable() -> ApiError {
    ApiError::Conflict {
        reason: "sync_unavailable".to_owned(),
    }
}

impl App {
    /// Installs the network half of sync (the shell does, once).
    pub fn set_sync_gateway(&self, gateway: Arc<dyn SyncGateway>) {
        *self.gateway.lock().unwrap_or_else(|p| p.into_inner()) = Some(gateway);
    }

    fn gateway(&self) -> Option<Arc<dyn SyncGateway>> {
        self.gateway
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Wakes the sync job after a transaction that wrote outbox records.
    pub(crate) fn notify_commit(&self) {
        if let Some(gateway) = self.gateway() {
            gateway.kick();
        }
    }

    fn sync_trainer(&self) -> Result<(Uuid, trainmate_store::accounts::UserRow), ApiError> {
        let row = self.signed_in()?;
        let caller = authz::Caller::from_row(&row);
        authz::require_role(&caller, Role::Trainer)?;
        let id = Uuid::parse_str(&row.id).map_err(|_| ApiError::Internal)?;
        Ok((id, row))
    }

    pub fn sync_status(&self, _args: NoArgs) -> Result<SyncStatusReply, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        self.status_of(trainer)
    }

    fn status_of(&self, trainer: Uuid) -> Result<SyncStatusReply, ApiError> {
        let scope = self.sync_scope(trainer)?;
        let (pending, oldest) = self.sync_pending_summary(trainer)?;
        let conflicts = self.sync_open_conflicts(trainer)?.len() as i64;
        let rejected = self.sync_rejected(trainer)?.len() as i64;
        let linked = scope.as_ref().and_then(|s| s.server_url.clone());
        let state = match (&scope, &linked) {
            (_, None) => SyncState::LocalOnly,
            (Some(s), Some(_)) if s.needs_sign_in => SyncState::SignIn,
            (Some(s), Some(_)) => match s.last_error.as_deref() {
                Some("offline") => SyncState::Offline,
                Some("sign_in") => SyncState::SignIn,
                Some(_) => SyncState::Error,
                None if pending > 0 => SyncState::Pending,
                None if s.last_success_at.is_none() => SyncState::Pending,
                None => SyncState::Synced,
            },
            (None, Some(_)) => SyncState::LocalOnly,
        };
        let scope = scope.unwrap_or_else(|| trainmate_store::sync::Scope {
            trainer_id: trainer.to_string(),
            next_device_seq: 1,
            cursor: 0,
            server_url: None,
            account_id: None,
            account_email: None,
            refresh_token: None,
            needs_sign_in: false,
            linked_at: None,
            last_attempt_at: None,
            last_success_at: None,
            last_error: None,
            clock_skew_ms: None,
            epoch: None,
        });
        Ok(SyncStatusReply {
            state,
            server_url: linked,
            account_email: scope.account_email,
            pending,
            oldest_pending_at: oldest,
            last_success_at: scope.last_success_at,
            last_error: scope.last_error,
            conflicts,
            rejected,
            clock_skew_ms: scope.clock_skew_ms,
            pulled_version: self.sync_pulled_version(),
        })
    }

    pub fn sync_link_command(&self, args: SyncLinkArgs) -> Result<SyncStatusReply, ApiError> {
        let (trainer, row) = self.sync_trainer()?;
        let url = check_url(&args.server_url)?;
        let email = args.email.trim();
        let mut missing = Vec::new();
        if email.is_empty() {
            missing.push(FieldError {
                field: "email".to_owned(),
                rule: Rule::Required,
            });
        }
        if args.password.is_empty() {
            missing.push(FieldError {
                field: "password".to_owned(),
                rule: Rule::Required,
            });
        }
        if !missing.is_empty() {
            return Err(ApiError::Invalid { fields: missing });
        }
        let gateway = self.gateway().ok_or_else(unavailable)?;
        gateway.link(trainer, &url, email, &args.password, &row.name, args.create)?;
        gateway.sync_now(trainer);
        self.status_of(trainer)
    }

    pub fn sync_sign_in_command(&self, args: SyncSignInArgs) -> Result<Me, ApiError> {
        if self.signed_in_before_consent().is_ok() {
            // Someone is signed in: linking is Settings → Sync, not the first screen.
            return Err(ApiError::Forbidden);
        }
        let url = check_url(&args.server_url)?;
        let gateway = self.gateway().ok_or_else(unavailable)?;
        gateway.sign_in_fresh(&url, args.email.trim(), &args.password)?;
        self.sign_in(SignInArgs {
            email: args.email,
            password: args.password,
            keep_signed_in: true,
        })
    }

    pub fn sync_now_command(&self, _args: NoArgs) -> Result<SyncStatusReply, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        if let Some(gateway) = self.gateway() {
            if self
                .sync_scope(trainer)?
                .and_then(|s| s.server_url)
                .is_some()
            {
                gateway.sync_now(trainer);
            }
        }
        self.status_of(trainer)
    }

    pub fn list_sync_conflicts(&self, _args: NoArgs) -> Result<Vec<SyncConflictView>, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        Ok(self
            .sync_open_conflicts(trainer)?
            .into_iter()
            .map(|c| SyncConflictView {
                id: c.id,
                table: c.table,
                row_id: c.row_id,
                column: c.column,
                kept: c.kept,
                lost: c.lost,
                received_at: c.received_at,
            })
            .collect())
    }

    pub fn restore_sync_conflict(&self, args: ConflictRef) -> Result<SyncStatusReply, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        self.sync_restore_conflict(trainer, args.id)?;
        self.notify_commit();
        self.status_of(trainer)
    }

    pub fn list_sync_rejected(&self, _args: NoArgs) -> Result<Vec<SyncRejectedView>, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        Ok(self
            .sync_rejected(trainer)?
            .into_iter()
            .map(|r| SyncRejectedView {
                change_id: r.change_id,
                table: r.table,
                row_id: r.row_id,
                op: r.op,
                code: r.code,
                message: r.message,
                rejected_at: r.rejected_at,
            })
            .collect())
    }

    pub fn sync_unlink_command(&self, _args: NoArgs) -> Result<SyncStatusReply, ApiError> {
        let (trainer, _) = self.sync_trainer()?;
        self.sync_unlink(trainer)?;
        self.status_of(trainer)
    }
}

/// A server address: http(s)://host[:port][/path], trimmed, without a trailing slash.
fn check_url(text: &str) -> Result<String, ApiError> {
    let url = text.trim().trim_end_matches('/');
    if url.is_empty() {
        return Err(ApiError::invalid("server_url", Rule::Required));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| ApiError::invalid("server_url", Rule::Format))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) || url.len() > 2000 {
        return Err(ApiError::invalid("server_url", Rule::Format));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn server_urls_are_checked_and_trimmed() {
        assert_eq!(
            check_url(" https://sync.example.com/ ").unwrap(),
            "https://sync.example.com"
        );
        assert_eq!(
            check_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(check_url("").is_err());
        assert!(check_url("sync.example.com").is_err());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("https://a b").is_err());
    }
}
