//! Signing in and out, and who is signed in.

use trainmate_api::{ApiError, Me, NoArgs, Rule, SignInArgs, UserType};
use trainmate_store::accounts::{self as store, SessionRow, UserRow};

use crate::{backoff, internal, passwords, session, App};

/// The key an email is unique by: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn user_type(row: &UserRow) -> UserType {
    if row.user_type == "trainer" {
        UserType::Trainer
    } else {
        UserType::Member
    }
}

pub(crate) fn me(row: &UserRow) -> Result<Me, ApiError> {
    let user_type = user_type(row);
    Ok(Me {
        user_id: row.id.parse().map_err(|_| ApiError::Internal)?,
        user_type,
        name: row.name.clone(),
        email: row.email.clone(),
        needs_consent: row.terms_consent_at.is_none() || row.privacy_consent_at.is_none(),
    })
}

impl App {
    pub fn sign_in(&self, args: SignInArgs) -> Result<Me, ApiError> {
        let key = email_key(&args.email);
        let mut missing = Vec::new();
        if key.is_empty() {
            missing.push("email");
        }
        if args.password.is_empty() {
            missing.push("password");
        }
        if !missing.is_empty() {
            return Err(ApiError::Invalid {
                fields: missing
                    .into_iter()
                    .map(|field| trainmate_api::FieldError {
                        field: field.into(),
                        rule: Rule::Required,
                    })
                    .collect(),
            });
        }
        let now = self.clock.now_ms();
        let (failures, user) = self
            .store
            .read_with(|conn| {
                Ok((
                    store::sign_in_failures(conn, &key)?,
                    store::user_by_email_key(conn, &key)?,
                ))
            })
            .map_err(internal)?;
        if let Some(retry_after_secs) =
            failures.and_then(|(count, last)| backoff::remaining(count, last, now))
        {
            return Err(ApiError::TooManyAttempts { retry_after_secs });
        }
        let verified = match user.as_ref().and_then(|u| u.password_hash.as_deref()) {
            Some(phc) => passwords::verify(&args.password, phc),
            None => {
                passwords::verify_nothing(&args.password);
                false
            }
        };
        let user = match (verified, user) {
            (true, Some(user)) => user,
            _ => {
                self.store
                    .write_with(|tx| store::record_sign_in_failure(tx, &key, now))
                    .map_err(internal)?;
                return Err(ApiError::WrongCredentials);
            }
        };
        let plan = session::plan(user.user_type == "trainer", args.keep_signed_in);
        let new_session = SessionRow {
            id: uuid::Uuid::now_v7().simple().to_string() + &random_suffix(),
            user_id: user.id.clone(),
            expires_at: now.saturating_add(plan.lifetime_ms),
            idle_timeout_ms: plan.idle_timeout_ms,
        };
        let mut current = self.lock_session();
        self.store
            .write_with(|tx| {
                if let Some(previous) = current.as_ref() {
                    store::end_session(tx, &previous.id, now)?;
                }
                store::clear_sign_in_failures(tx, &key)?;
                store::insert_session(tx, &new_session, plan.survives_restart, now)
            })
            .map_err(internal)?;
        *current = Some(new_session);
        me(&user)
    }

    pub fn sign_out(&self, _args: NoArgs) -> Result<(), ApiError> {
        let now = self.clock.now_ms();
        let mut current = self.lock_session();
        if let Some(previous) = current.take() {
            self.store
                .write_with(|tx| store::end_session(tx, &previous.id, now))
                .map_err(internal)?;
        }
        Ok(())
    }

    pub fn current_user(&self, _args: NoArgs) -> Result<Option<Me>, ApiError> {
        match self.signed_in() {
            Ok(user) => me(&user).map(Some),
            Err(ApiError::Unauthenticated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The signed-in user, after checking (and for members extending) the session's expiry.
    pub(crate) fn signed_in(&self) -> Result<UserRow, ApiError> {
        let now = self.clock.now_ms();
        let mut current = self.lock_session();
        let Some(active) = current.as_mut() else {
            return Err(ApiError::Unauthenticated);
        };
        if active.expires_at <= now {
            let id = active.id.clone();
            *current = None;
            self.store
                .write_with(|tx| store::end_session(tx, &id, now))
                .map_err(internal)?;
            return Err(ApiError::Unauthenticated);
        }
        if let Some(idle) = active.idle_timeout_ms {
            active.expires_at = now.saturating_add(idle);
            let (id, expires_at) = (active.id.clone(), active.expires_at);
            self.store
                .write_with(|tx| store::extend_session(tx, &id, expires_at))
                .map_err(internal)?;
        }
        let user_id = active.user_id.clone();
        drop(current);
        self.store
            .read_with(|conn| store::user_by_id(conn, &user_id))
            .map_err(internal)?
            .ok_or(ApiError::Unauthenticated)
    }
}

fn random_suffix() -> String {
    use rand::Rng;
    format!("{:032x}", rand::thread_rng().gen::<u128>())
}
