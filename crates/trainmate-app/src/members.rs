//! A trainer's members: add, find, assign, release, list, reset a password.
//!
//! Every command here is trainer-only: a member calling one answers `forbidden` (a role-level
//! refusal that says nothing about any id). For a trainer, a target that is missing, or not one
//! the authorization table allows for the action (not their member, not unassigned, …), answers
//! `not_found`.
//!
//! The unassigned-member search trims the query; an empty query answers an empty list (not a
//! listing of every unassigned member on the device, and not an error — the search box starts
//! empty). It matches a substring of the name or the email, case-insensitively with Unicode case
//! folding, and answers at most [`SEARCH_LIMIT`] members, by name.

use serde_json::json;
use trainmate_api::*;
use trainmate_core::authz::{Action, Role};
use trainmate_core::password::check_password;
use trainmate_core::validate::{
    self as check, normalize_email, normalize_person_name, normalize_phone, FieldErrors,
};
use trainmate_store::accounts::{self as accounts_store, NewUser};
use trainmate_store::members::{self as store, MemberListRow};
use trainmate_store::snapshot;

use crate::accounts::hash_password;
use crate::authz;
use crate::capture::{Op, Recorder};
use crate::{validation, App, Failure};

/// The most members one search answers.
pub const SEARCH_LIMIT: usize = 50;

fn parse_id(id: &str) -> Result<uuid::Uuid, ApiError> {
    id.parse().map_err(|_| ApiError::Internal)
}

fn summary(row: MemberListRow) -> Result<MemberSummary, ApiError> {
    Ok(MemberSummary {
        member_id: parse_id(&row.id)?,
        user_type: if row.user_type == "trainer" {
            UserType::Trainer
        } else {
            UserType::Member
        },
        name: row.name,
        email: row.email,
        phone: row.phone,
        has_photo: row.has_photo,
        last_session: row.last_session,
        is_self: row.is_self,
    })
}

impl App {
    pub fn add_member(&self, args: AddMemberArgs) -> Result<MemberSummary, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let mut errors = FieldErrors::new();
        let name = errors.check(normalize_person_name("name", &args.name));
        let key = errors.check(normalize_email("email", &args.email));
        if let Some(key) = &key {
            if self.read(|conn| Ok(accounts_store::email_taken(conn, key)?))? {
                errors.push(check::FieldError::new("email", check::Rule::Taken));
            }
        }
        let phone = errors.check(normalize_phone("phone", args.phone.as_deref()));
        // A password only when the member will sign in here; then the policy and confirmation
        // apply as at sign-up.
        let password = match (
            args.password.as_deref().unwrap_or(""),
            args.password_confirmation.as_deref().unwrap_or(""),
        ) {
            ("", "") => None,
            (password, confirmation) => {
                errors.extend(check_password(password, confirmation));
                Some(password)
            }
        };
        validation::finish(errors)?;
        let (Some(name), Some(key), Some(phone)) = (name, key, phone) else {
            return Err(ApiError::Internal);
        };
        let password_hash = password.map(hash_password).transpose()?;

        let now = self.clock.now_ms();
        let id = uuid::Uuid::now_v7().to_string();
        self.write(|tx| {
            if accounts_store::email_taken(tx, &key)? {
                return Err(ApiError::invalid("email", Rule::Taken).into());
            }
            accounts_store::insert_user(
                tx,
                &NewUser {
                    id: &id,
                    user_type: "member",
                    name: &name,
                    email: args.email.trim(),
                    email_key: &key,
                    phone: phone.as_deref(),
                    password_hash: password_hash.as_deref(),
                    recovery_code_hash: None,
                    trainer_id: Some(&caller.id),
                    // The member gives consent at their first sign-in.
                    terms_consent_at: None,
                    privacy_consent_at: None,
                    marketing_consent_at: None,
                    now,
                },
            )?;
            let mut recorder = Recorder::new(tx, Some(&caller.id), now)?;
            recorder.note_snapshot(tx, "users", &id)?;
            recorder.finish(tx)?;
            Ok(())
        })?;
        Ok(MemberSummary {
            member_id: parse_id(&id)?,
            user_type: UserType::Member,
            name,
            email: args.email.trim().to_owned(),
            phone,
            has_photo: false,
            last_session: None,
            is_self: false,
        })
    }

    pub fn search_unassigned(&self, args: SearchArgs) -> Result<Vec<UnassignedMember>, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let query = args.query.trim().to_lowercase();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.read(|conn| Ok(store::unassigned_members(conn)?))?;
        rows.into_iter()
            .filter(|row| {
                row.name.to_lowercase().contains(&query) || row.email_key.contains(&query)
            })
            .take(SEARCH_LIMIT)
            .map(|row| {
                Ok(UnassignedMember {
                    member_id: parse_id(&row.id)?,
                    name: row.name,
                    email: row.email,
                })
            })
            .collect()
    }

    pub fn assign_member(&self, args: MemberRef) -> Result<MemberSummary, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let now = self.clock.now_ms();
        let member_id = args.member_id.to_string();
        let row = self.write(|tx| {
            // Only an unassigned member may be assigned; anyone else is `not_found`.
            let member = authz::require(tx, &caller, &member_id, Action::Assign)?;
            store::set_trainer(tx, &member.id, Some(&caller.id), now)?;
            // The member joins the trainer's scope: their account and history go with them.
            let mut recorder = Recorder::new(tx, Some(&caller.id), now)?;
            recorder.note_snapshot(tx, "users", &member.id)?;
            for entry in snapshot::live_body_metric_ids(tx, &member.id)? {
                recorder.note_snapshot(tx, "body_metrics", &entry)?;
            }
            // Their earlier workouts join the scope too (sync.md: "Assigning a member enqueues
            // a snapshot of that member's rows").
            for (table, row) in snapshot::live_workout_rows(tx, &member.id)? {
                recorder.note_snapshot(tx, table, &row)?;
            }
            recorder.finish(tx)?;
            let last_session = store::last_session(tx, &member.id)?;
            Ok(MemberListRow {
                id: member.id,
                user_type: member.user_type,
                name: member.name,
                email: member.email,
                phone: member.phone,
                has_photo: member.has_photo,
                last_session,
                is_self: false,
            })
        })?;
        summary(row)
    }

    pub fn release_member(&self, args: MemberRef) -> Result<(), ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let now = self.clock.now_ms();
        let member_id = args.member_id.to_string();
        self.write(|tx| {
            let member = authz::require(tx, &caller, &member_id, Action::Release)?;
            // Recorded in the trainer's scope, which the member is leaving: their rows are hidden
            // on the trainer's devices, never deleted.
            let mut recorder = Recorder::new(tx, Some(&caller.id), now)?;
            recorder.note(
                tx,
                "users",
                &member.id,
                Op::Upsert,
                json!({"trainer_id": null, "updated_at": now}),
            )?;
            store::set_trainer(tx, &member.id, None, now)?;
            recorder.finish(tx)?;
            Ok(())
        })
    }

    pub fn list_members(&self, _args: NoArgs) -> Result<Vec<MemberSummary>, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let rows = self.read(|conn| Ok(store::member_list(conn, &caller.id)?))?;
        rows.into_iter().map(summary).collect()
    }

    pub fn reset_member_password(&self, args: ResetMemberPasswordArgs) -> Result<(), ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let member_id = args.member_id.to_string();
        // Authorize before validating, so a member not the caller's is `not_found` whatever the
        // password; checked again in the transaction below.
        self.read(|conn| {
            authz::require(conn, &caller, &member_id, Action::ResetPassword)?;
            Ok(())
        })?;
        validation::finish({
            let mut errors = FieldErrors::new();
            errors.extend(check_password(&args.password, &args.password_confirmation));
            errors
        })?;
        let hash = hash_password(&args.password)?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let member = authz::require(tx, &caller, &member_id, Action::ResetPassword)?;
            let mut recorder = Recorder::new(tx, Some(&caller.id), now)?;
            recorder.note(
                tx,
                "users",
                &member.id,
                Op::Upsert,
                json!({"password_hash": hash, "updated_at": now}),
            )?;
            accounts_store::set_password_hash(tx, &member.id, Some(&hash), now)?;
            accounts_store::end_user_sessions(tx, &member.id, None, now)?;
            // The member can sign in with the new password straight away.
            accounts_store::clear_sign_in_failures(tx, &crate::accounts::email_key(&member.email))?;
            recorder.finish(tx)?;
            Ok::<_, Failure>(())
        })?;
        Ok(())
    }
}
