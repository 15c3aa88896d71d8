//! Accounts: sign-up, signing in and out, who is signed in, passwords, the trainer's recovery
//! code, and a member's consent at first sign-in.
//!
//! Decisions worth knowing:
//!
//! - Sign-up signs the new user in, in the same transaction that creates the account. The session
//!   is not "kept" (a trainer ticks "keep me signed in" at sign-in only).
//! - A wrong *current* password in change-password answers `invalid` on `current_password` with
//!   `mismatch` (the form shows it beside the field; the caller is already signed in, so nothing
//!   is revealed), and counts as a failed sign-in for the account's email: someone at an
//!   unattended kept session cannot try passwords faster than at the sign-in screen, and the
//!   backoff answers `too_many_attempts` here too.
//! - The recovery code is 100 random bits as 4 groups of 5 RFC 4648 base32 characters
//!   (`ABCDE-FGHIJ-KLMNO-PQRST`). Only its Argon2id hash is stored, in a device-only column that
//!   never syncs (a second device has no code; the trainer resets there through the server).
//!   Typing is forgiving: case, spaces and dashes are ignored. A wrong code — or an email that is
//!   not a trainer's — answers `wrong_credentials` and counts toward the same per-email backoff
//!   as sign-in. A used code is replaced by a new one, answered once; every session of the
//!   account ends.
//! - Password changes and resets end the account's other sessions.

use rusqlite::Transaction;
use serde_json::json;
use trainmate_api::*;
use trainmate_core::password::check_password;
use trainmate_core::validate::{
    self as check, normalize_email, normalize_person_name, require_accepted, FieldErrors,
};
use trainmate_store::accounts::{self as store, Consents, NewUser, SessionRow, UserRow};

use crate::capture::{scope_of, Op, Recorder};
use crate::{backoff, internal, passwords, session, validation, App, Failure};

/// The key an email is unique by: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) fn user_type(row: &UserRow) -> UserType {
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

/// Hashes a password; a hashing failure is logged and answered `internal`.
pub(crate) fn hash_password(password: &str) -> Result<String, ApiError> {
    passwords::hash(password).map_err(|error| {
        log::error!("could not hash a password: {error}");
        ApiError::Internal
    })
}

/// The RFC 4648 base32 alphabet: no 0, 1, 8 or 9, so nothing reads as O, I/L or B.
const RECOVERY_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const RECOVERY_GROUPS: usize = 4;
const RECOVERY_GROUP_LEN: usize = 5;

/// A fresh recovery code, `XXXXX-XXXXX-XXXXX-XXXXX` (100 random bits).
fn new_recovery_code() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..RECOVERY_GROUPS)
        .map(|_| {
            (0..RECOVERY_GROUP_LEN)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..32)]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The form of a recovery code that is hashed: upper-case, without spaces and dashes.
fn recovery_code_key(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A new recovery code and the hash to store.
fn recovery_code_with_hash() -> Result<(String, String), ApiError> {
    let code = new_recovery_code();
    let hash = hash_password(&recovery_code_key(&code))?;
    Ok((code, hash))
}

// The per-email backoff shared by every credential check, and starting a session.
impl App {
    /// `too_many_attempts` while `key` must still wait after earlier failures.
    fn check_backoff(&self, key: &str, now: i64) -> Result<(), ApiError> {
        let failures = self
            .store
            .read_with(|conn| store::sign_in_failures(conn, key))
            .map_err(internal)?;
        match failures.and_then(|(count, last)| backoff::remaining(count, last, now)) {
            Some(retry_after_secs) => Err(ApiError::TooManyAttempts { retry_after_secs }),
            None => Ok(()),
        }
    }

    fn record_failure(&self, key: &str, now: i64) -> Result<(), ApiError> {
        self.store
            .write_with(|tx| store::record_sign_in_failure(tx, key, now))
            .map_err(internal)
    }

    /// Runs `work` (which answers the user to sign in) and starts that user's session in the same
    /// transaction, ending the session this app had before. Sign-in and sign-up share this.
    fn start_session<T>(
        &self,
        keep_signed_in: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<(UserRow, T), Failure>,
    ) -> Result<(UserRow, T), ApiError> {
        let now = self.clock.now_ms();
        let mut current = self.lock_session();
        let (new_session, answer) = self.write(|tx| {
            let (user, value) = work(tx)?;
            let plan = session::plan(user.user_type == "trainer", keep_signed_in);
            let new_session = SessionRow {
                id: uuid::Uuid::now_v7().simple().to_string() + &random_suffix(),
                user_id: user.id.clone(),
                expires_at: now.saturating_add(plan.lifetime_ms),
                idle_timeout_ms: plan.idle_timeout_ms,
            };
            if let Some(previous) = current.as_ref() {
                store::end_session(tx, &previous.id, now)?;
            }
            store::insert_session(tx, &new_session, plan.survives_restart, now)?;
            Ok((new_session, (user, value)))
        })?;
        *current = Some(new_session);
        Ok(answer)
    }

    /// The id of the session this app acts for, if any.
    fn current_session_id(&self) -> Option<String> {
        self.lock_session().as_ref().map(|s| s.id.clone())
    }
}

impl App {
    pub fn sign_up(&self, args: SignUpArgs) -> Result<SignUpReply, ApiError> {
        // Every broken rule at once, in the order of the form's steps.
        let mut errors = FieldErrors::new();
        errors.check(require_accepted("accept_terms", args.accept_terms));
        errors.check(require_accepted("accept_privacy", args.accept_privacy));
        let name = errors.check(normalize_person_name("name", &args.name));
        let key = errors.check(normalize_email("email", &args.email));
        if let Some(key) = &key {
            if self.read(|conn| Ok(store::email_taken(conn, key)?))? {
                errors.push(check::FieldError::new("email", check::Rule::Taken));
            }
        }
        errors.extend(check_password(&args.password, &args.password_confirmation));
        validation::finish(errors)?;
        let (Some(name), Some(key)) = (name, key) else {
            return Err(ApiError::Internal);
        };

        let is_trainer = args.user_type == UserType::Trainer;
        let password_hash = hash_password(&args.password)?;
        let recovery = if is_trainer {
            Some(recovery_code_with_hash()?)
        } else {
            None
        };
        let now = self.clock.now_ms();
        let id = uuid::Uuid::now_v7().to_string();
        let (user, ()) = self.start_session(false, |tx| {
            // Checked again under the write lock: two sign-ups may race for one email.
            if store::email_taken(tx, &key)? {
                return Err(ApiError::invalid("email", Rule::Taken).into());
            }
            store::insert_user(
                tx,
                &NewUser {
                    id: &id,
                    user_type: if is_trainer { "trainer" } else { "member" },
                    name: &name,
                    email: args.email.trim(),
                    email_key: &key,
                    phone: None,
                    password_hash: Some(&password_hash),
                    recovery_code_hash: recovery.as_ref().map(|(_, hash)| hash.as_str()),
                    trainer_id: None,
                    terms_consent_at: Some(now),
                    privacy_consent_at: Some(now),
                    marketing_consent_at: args.accept_marketing.then_some(now),
                    now,
                },
            )?;
            let user = store::user_by_id(tx, &id)?.ok_or(ApiError::Internal)?;
            // A new trainer's scope is not captured until they link a server, and an unassigned
            // member has no scope; noted anyway so the rule lives in one place (the recorder).
            let mut recorder = Recorder::new(tx, scope_of(&user), now)?;
            recorder.note_snapshot(tx, "users", &id)?;
            recorder.finish(tx)?;
            Ok((user, ()))
        })?;
        Ok(SignUpReply {
            me: me(&user)?,
            recovery_code: recovery.map(|(code, _)| code),
        })
    }

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
                    .map(|field| FieldError {
                        field: field.into(),
                        rule: Rule::Required,
                    })
                    .collect(),
            });
        }
        let now = self.clock.now_ms();
        self.check_backoff(&key, now)?;
        let user = self
            .store
            .read_with(|conn| store::user_by_email_key(conn, &key))
            .map_err(internal)?;
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
                self.record_failure(&key, now)?;
                return Err(ApiError::WrongCredentials);
            }
        };
        let (user, ()) = self.start_session(args.keep_signed_in, |tx| {
            store::clear_sign_in_failures(tx, &key)?;
            Ok((user, ()))
        })?;
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
        match self.signed_in_before_consent() {
            Ok(user) => me(&user).map(Some),
            Err(ApiError::Unauthenticated) => Ok(None),
            Err(other) => Err(other),
        }
    }

    pub fn change_password(&self, args: ChangePasswordArgs) -> Result<(), ApiError> {
        let user = self.signed_in()?;
        let mut errors = FieldErrors::new();
        if args.current_password.is_empty() {
            errors.push(check::FieldError::new(
                "current_password",
                check::Rule::Required,
            ));
        }
        errors.extend(check_password(&args.password, &args.password_confirmation));
        validation::finish(errors)?;

        let key = email_key(&user.email);
        let now = self.clock.now_ms();
        self.check_backoff(&key, now)?;
        let verified = match user.password_hash.as_deref() {
            Some(phc) => passwords::verify(&args.current_password, phc),
            None => {
                passwords::verify_nothing(&args.current_password);
                false
            }
        };
        if !verified {
            self.record_failure(&key, now)?;
            return Err(ApiError::invalid("current_password", Rule::Mismatch));
        }
        let new_hash = hash_password(&args.password)?;
        let keep = self.current_session_id();
        self.write(|tx| {
            let mut recorder = Recorder::new(tx, scope_of(&user), now)?;
            recorder.note(
                tx,
                "users",
                &user.id,
                Op::Upsert,
                json!({"password_hash": new_hash, "updated_at": now}),
            )?;
            store::set_password_hash(tx, &user.id, Some(&new_hash), now)?;
            store::end_user_sessions(tx, &user.id, keep.as_deref(), now)?;
            store::clear_sign_in_failures(tx, &key)?;
            recorder.finish(tx)?;
            Ok(())
        })
    }

    pub fn reset_with_recovery_code(
        &self,
        args: ResetWithRecoveryCodeArgs,
    ) -> Result<RecoveryCodeReply, ApiError> {
        let mut errors = FieldErrors::new();
        let key = errors.check(normalize_email("email", &args.email));
        let code = recovery_code_key(&args.recovery_code);
        if code.is_empty() {
            errors.push(check::FieldError::new(
                "recovery_code",
                check::Rule::Required,
            ));
        }
        errors.extend(check_password(&args.password, &args.password_confirmation));
        validation::finish(errors)?;
        let Some(key) = key else {
            return Err(ApiError::Internal);
        };

        let now = self.clock.now_ms();
        self.check_backoff(&key, now)?;
        let (user, stored) = self.read(|conn| {
            let Some(user) = store::user_by_email_key(conn, &key)? else {
                return Ok((None, None));
            };
            // Only trainers have a recovery code; for anyone else the check fails like a wrong
            // code, so the answer does not reveal the account type.
            let stored = if user.user_type == "trainer" {
                store::recovery_code_hash(conn, &user.id)?
            } else {
                None
            };
            Ok((Some(user), stored))
        })?;
        let verified = match stored.as_deref() {
            Some(phc) => passwords::verify(&code, phc),
            None => {
                passwords::verify_nothing(&code);
                false
            }
        };
        let (Some(user), Some(used_hash), true) = (user, stored, verified) else {
            self.record_failure(&key, now)?;
            return Err(ApiError::WrongCredentials);
        };

        let new_password_hash = hash_password(&args.password)?;
        let (new_code, new_code_hash) = recovery_code_with_hash()?;
        let mut current = self.lock_session();
        self.write(|tx| {
            // One use only: a concurrent reset with the same code already replaced it.
            if store::recovery_code_hash(tx, &user.id)?.as_deref() != Some(used_hash.as_str()) {
                return Err(ApiError::WrongCredentials.into());
            }
            let mut recorder = Recorder::new(tx, scope_of(&user), now)?;
            // The recovery code hash is device-only and not noted.
            recorder.note(
                tx,
                "users",
                &user.id,
                Op::Upsert,
                json!({"password_hash": new_password_hash, "updated_at": now}),
            )?;
            store::set_password_hash(tx, &user.id, Some(&new_password_hash), now)?;
            store::set_recovery_code_hash(tx, &user.id, &new_code_hash)?;
            store::end_user_sessions(tx, &user.id, None, now)?;
            store::clear_sign_in_failures(tx, &key)?;
            recorder.finish(tx)?;
            Ok(())
        })?;
        if current.as_ref().is_some_and(|s| s.user_id == user.id) {
            *current = None;
        }
        Ok(RecoveryCodeReply {
            recovery_code: new_code,
        })
    }

    pub fn give_consent(&self, args: ConsentArgs) -> Result<Me, ApiError> {
        let user = self.signed_in_before_consent()?;
        let mut errors = FieldErrors::new();
        errors.check(require_accepted("accept_terms", args.accept_terms));
        errors.check(require_accepted("accept_privacy", args.accept_privacy));
        validation::finish(errors)?;
        let now = self.clock.now_ms();
        // A consent already given keeps the time it was given; marketing can be withdrawn.
        let consents = Consents {
            terms_at: user.terms_consent_at.or(Some(now)),
            privacy_at: user.privacy_consent_at.or(Some(now)),
            marketing_at: if args.accept_marketing {
                user.marketing_consent_at.or(Some(now))
            } else {
                None
            },
        };
        let user = self.write(|tx| {
            let mut recorder = Recorder::new(tx, scope_of(&user), now)?;
            recorder.note(
                tx,
                "users",
                &user.id,
                Op::Upsert,
                json!({
                    "terms_consent_at": consents.terms_at,
                    "privacy_consent_at": consents.privacy_at,
                    "marketing_consent_at": consents.marketing_at,
                    "updated_at": now,
                }),
            )?;
            store::set_consents(tx, &user.id, consents, now)?;
            recorder.finish(tx)?;
            Ok(store::user_by_id(tx, &user.id)?.ok_or(ApiError::Internal)?)
        })?;
        me(&user)
    }

    /// The signed-in user, who must have given the required consents (a member a trainer added
    /// gives them at first sign-in; until then only consent, settings and sign-out work).
    pub(crate) fn signed_in(&self) -> Result<UserRow, ApiError> {
        let user = self.signed_in_before_consent()?;
        if user.terms_consent_at.is_none() || user.privacy_consent_at.is_none() {
            return Err(ApiError::ConsentRequired);
        }
        Ok(user)
    }

    /// The signed-in user, after checking (and for members extending) the session's expiry,
    /// whether or not they have consented yet.
    pub(crate) fn signed_in_before_consent(&self) -> Result<UserRow, ApiError> {
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
            // Only members' sessions slide, and those never survive a restart (session::plan):
            // the sliding expiry lives in memory. Writing it would cost an fsync per command.
            active.expires_at = now.saturating_add(idle);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_four_groups_of_five_base32_characters() {
        let code = new_recovery_code();
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 4, "{code}");
        for group in groups {
            assert_eq!(group.len(), 5, "{code}");
            assert!(
                group.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)),
                "{code}"
            );
        }
        assert_ne!(new_recovery_code(), code, "random");
    }

    #[test]
    fn typed_recovery_codes_ignore_case_spaces_and_dashes() {
        assert_eq!(
            recovery_code_key(" abcde-FGHIJ klmno-pqrst "),
            "ABCDEFGHIJKLMNOPQRST"
        );
        assert_eq!(recovery_code_key(" - "), "");
    }
}
