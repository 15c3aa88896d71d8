//! Profiles and the dated body-metrics history.
//!
//! Access goes through [`authz::require`] on the *owner of the data* — for an entry, the member
//! the entry belongs to, never the signed-in user (the original product's metrics dialog saved a
//! member's entry to the trainer's own profile).
//!
//! Decisions worth knowing:
//!
//! - The profile's latest metrics take each of the four from its own most recent live entry that
//!   has it (by `measured_on`, then last change), so a height measured once years ago still
//!   shows. Completeness counts the known ones (0–4).
//! - A birth date is optional (blank clears it) and must be a real `YYYY-MM-DD` date; a future
//!   date is not refused.
//! - An entry needs at least one of the four values; with none, the answer is `invalid` with
//!   `{field: "values", rule: "required"}` (a form-level message: no single field is missing).
//! - Skeletal muscle is at most the body weight: the weight in the same entry, or else the
//!   member's weight as of the entry's date (the latest on or before it, else the earliest after
//!   it, the entry being edited excluded), or else the largest body weight allowed.
//! - The history lists newest first (by date, then last change).
//! - A deleted entry is a tombstone (`_cl` even); every read skips it.
//! - Calories depend on body weight, so adding, editing or deleting an entry recomputes the
//!   member's workout calories in the same transaction.

use std::ops::RangeInclusive;

use rusqlite::Connection;
use serde_json::json;
use trainmate_api::*;
use trainmate_core::authz::{Action, Role};
use trainmate_core::units;
use trainmate_core::validate::{
    self as check, check_range, normalize_person_name, normalize_phone, parse_date, FieldErrors,
};
use trainmate_store::accounts::{self as accounts_store, ProfileFields, UserRow};
use trainmate_store::body_metrics::{self as store, BodyMetricRow, Values};

use crate::accounts::user_type;
use crate::authz::{self, Caller};
use crate::capture::{scope_of, Op, Recorder};
use crate::workouts::recompute_member_calories;
use crate::{validation, App, Failure};

fn parse_id(id: &str) -> Result<uuid::Uuid, ApiError> {
    id.parse().map_err(|_| ApiError::Internal)
}

fn profile(conn: &Connection, user: &UserRow) -> Result<Profile, Failure> {
    let latest = store::latest(conn, &user.id)?;
    let latest = LatestMetrics {
        height_mm: latest.height_mm,
        weight_g: latest.weight_g,
        body_fat_tenths: latest.body_fat_tenths,
        skeletal_muscle_g: latest.skeletal_muscle_g,
    };
    let completeness = [
        latest.height_mm,
        latest.weight_g,
        latest.body_fat_tenths,
        latest.skeletal_muscle_g,
    ]
    .iter()
    .filter(|v| v.is_some())
    .count();
    Ok(Profile {
        user_id: parse_id(&user.id)?,
        user_type: user_type(user),
        name: user.name.clone(),
        email: user.email.clone(),
        phone: user.phone.clone(),
        birth_date: user.birth_date.clone(),
        has_photo: user.has_photo,
        latest,
        completeness: u8::try_from(completeness).unwrap_or(4),
    })
}

fn entry(row: &BodyMetricRow) -> Result<BodyMetricEntry, ApiError> {
    Ok(BodyMetricEntry {
        entry_id: parse_id(&row.id)?,
        member_id: parse_id(&row.member_id)?,
        measured_on: row.measured_on.clone(),
        height_mm: row.height_mm,
        weight_g: row.weight_g,
        body_fat_tenths: row.body_fat_tenths,
        skeletal_muscle_g: row.skeletal_muscle_g,
    })
}

fn signed(range: RangeInclusive<u32>) -> RangeInclusive<i64> {
    i64::from(*range.start())..=i64::from(*range.end())
}

/// The four values and the date of an entry, as sent (add and update share them).
struct MetricInput<'a> {
    measured_on: &'a str,
    height_mm: Option<i64>,
    weight_g: Option<i64>,
    body_fat_tenths: Option<i64>,
    skeletal_muscle_g: Option<i64>,
}

/// Validated values of an entry, with the date in its canonical form.
struct Checked {
    measured_on: String,
    height_mm: Option<u32>,
    weight_g: Option<u32>,
    body_fat_tenths: Option<u32>,
    skeletal_muscle_g: Option<u32>,
}

impl Checked {
    fn values(&self) -> Values<'_> {
        Values {
            measured_on: &self.measured_on,
            height_mm: self.height_mm,
            weight_g: self.weight_g,
            body_fat_tenths: self.body_fat_tenths,
            skeletal_muscle_g: self.skeletal_muscle_g,
        }
    }
}

/// Checks an entry of `member_id` (`editing`: the entry being replaced), reporting every broken
/// rule at once.
fn check_metrics(
    conn: &Connection,
    member_id: &str,
    editing: Option<&str>,
    input: &MetricInput<'_>,
) -> Result<Checked, Failure> {
    let mut errors = FieldErrors::new();
    let date = errors.check(parse_date("measured_on", input.measured_on));
    let mut in_range = |field: &str, value: Option<i64>, range: RangeInclusive<u32>| {
        value
            .and_then(|v| errors.check(check_range(field, v, signed(range))))
            .and_then(|v| u32::try_from(v).ok())
    };
    let height_mm = in_range("height_mm", input.height_mm, units::HEIGHT_MM);
    let weight_g = in_range("weight_g", input.weight_g, units::BODY_WEIGHT_GRAMS);
    let body_fat_tenths = in_range(
        "body_fat_tenths",
        input.body_fat_tenths,
        units::BODY_FAT_TENTHS,
    );
    let skeletal_muscle_g = match input.skeletal_muscle_g {
        None => None,
        Some(muscle) => {
            let body_weight = if input.weight_g.is_some() {
                // An invalid weight in the same entry is reported on its own; muscle is then
                // only held to the widest bound.
                weight_g
            } else {
                match date {
                    Some(date) => store::weight_as_of(conn, member_id, &date.to_string(), editing)?,
                    None => None,
                }
            };
            let allowed = units::skeletal_muscle_grams(body_weight);
            errors
                .check(check_range("skeletal_muscle_g", muscle, signed(allowed)))
                .and_then(|v| u32::try_from(v).ok())
        }
    };
    let nothing_given = input.height_mm.is_none()
        && input.weight_g.is_none()
        && input.body_fat_tenths.is_none()
        && input.skeletal_muscle_g.is_none();
    if nothing_given {
        errors.push(check::FieldError::new("values", check::Rule::Required));
    }
    validation::finish(errors)?;
    let Some(date) = date else {
        return Err(Failure(ApiError::Internal));
    };
    Ok(Checked {
        measured_on: date.to_string(),
        height_mm,
        weight_g,
        body_fat_tenths,
        skeletal_muscle_g,
    })
}

/// An entry that exists and whose member the caller may act on, else `not_found`.
fn authorized_entry(
    conn: &Connection,
    caller: &Caller,
    entry_id: &str,
    action: Action,
) -> Result<(BodyMetricRow, UserRow), Failure> {
    let row = store::by_id(conn, entry_id)?.ok_or(ApiError::NotFound)?;
    let owner = authz::require(conn, caller, &row.member_id, action)?;
    Ok((row, owner))
}

impl App {
    pub fn get_profile(&self, args: MemberRef) -> Result<Profile, ApiError> {
        let caller = self.caller()?;
        self.read(|conn| {
            let owner = authz::require(
                conn,
                &caller,
                &args.member_id.to_string(),
                Action::ReadProfile,
            )?;
            profile(conn, &owner)
        })
    }

    pub fn update_profile(&self, args: UpdateProfileArgs) -> Result<Profile, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            let owner = authz::require(
                tx,
                &caller,
                &args.member_id.to_string(),
                Action::WriteProfile,
            )?;
            let mut errors = FieldErrors::new();
            let name = errors.check(normalize_person_name("name", &args.name));
            let phone = errors.check(normalize_phone("phone", args.phone.as_deref()));
            let birth_date = match args.birth_date.as_deref().map(str::trim) {
                None | Some("") => Some(None),
                Some(raw) => errors
                    .check(parse_date("birth_date", raw))
                    .map(|date| Some(date.to_string())),
            };
            validation::finish(errors)?;
            let (Some(name), Some(phone), Some(birth_date)) = (name, phone, birth_date) else {
                return Err(Failure(ApiError::Internal));
            };
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(
                tx,
                "users",
                &owner.id,
                Op::Upsert,
                json!({"name": name, "phone": phone, "birth_date": birth_date, "updated_at": now}),
            )?;
            accounts_store::update_profile(
                tx,
                &owner.id,
                &ProfileFields {
                    name: &name,
                    phone: phone.as_deref(),
                    birth_date: birth_date.as_deref(),
                },
                now,
            )?;
            recorder.finish(tx)?;
            let updated = accounts_store::user_by_id(tx, &owner.id)?.ok_or(ApiError::Internal)?;
            profile(tx, &updated)
        })
    }

    pub fn get_my_trainer(&self, _args: NoArgs) -> Result<Option<Contact>, ApiError> {
        let caller = self.caller()?;
        if caller.role == Role::Trainer {
            return Ok(None);
        }
        let Some(trainer_id) = caller.trainer_id.clone() else {
            return Ok(None);
        };
        self.read(|conn| {
            let trainer = authz::require(conn, &caller, &trainer_id, Action::ReadContact)?;
            Ok(Some(Contact {
                user_id: parse_id(&trainer.id)?,
                name: trainer.name,
                email: trainer.email,
                phone: trainer.phone,
                has_photo: trainer.has_photo,
            }))
        })
    }

    pub fn list_body_metrics(&self, args: MemberRef) -> Result<Vec<BodyMetricEntry>, ApiError> {
        let caller = self.caller()?;
        let rows = self.read(|conn| {
            let owner = authz::require(
                conn,
                &caller,
                &args.member_id.to_string(),
                Action::ReadMetrics,
            )?;
            Ok(store::history(conn, &owner.id)?)
        })?;
        rows.iter().map(entry).collect()
    }

    pub fn add_body_metric(&self, args: AddBodyMetricArgs) -> Result<BodyMetricEntry, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        let row = self.write(|tx| {
            // The entry belongs to `member_id` — whoever is signed in.
            let owner = authz::require(
                tx,
                &caller,
                &args.member_id.to_string(),
                Action::WriteMetrics,
            )?;
            let checked = check_metrics(
                tx,
                &owner.id,
                None,
                &MetricInput {
                    measured_on: &args.measured_on,
                    height_mm: args.height_mm,
                    weight_g: args.weight_g,
                    body_fat_tenths: args.body_fat_tenths,
                    skeletal_muscle_g: args.skeletal_muscle_g,
                },
            )?;
            let id = uuid::Uuid::now_v7().to_string();
            store::insert(tx, &id, &owner.id, &checked.values(), &caller.id, now)?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note_snapshot(tx, "body_metrics", &id)?;
            recompute_member_calories(tx, &owner.id)?;
            recorder.finish(tx)?;
            Ok(store::by_id(tx, &id)?.ok_or(ApiError::Internal)?)
        })?;
        entry(&row)
    }

    pub fn update_body_metric(
        &self,
        args: UpdateBodyMetricArgs,
    ) -> Result<BodyMetricEntry, ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        let entry_id = args.entry_id.to_string();
        let row = self.write(|tx| {
            let (row, owner) = authorized_entry(tx, &caller, &entry_id, Action::WriteMetrics)?;
            let checked = check_metrics(
                tx,
                &owner.id,
                Some(&row.id),
                &MetricInput {
                    measured_on: &args.measured_on,
                    height_mm: args.height_mm,
                    weight_g: args.weight_g,
                    body_fat_tenths: args.body_fat_tenths,
                    skeletal_muscle_g: args.skeletal_muscle_g,
                },
            )?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            recorder.note(
                tx,
                "body_metrics",
                &row.id,
                Op::Upsert,
                json!({
                    "measured_on": checked.measured_on,
                    "height_mm": checked.height_mm,
                    "weight_g": checked.weight_g,
                    "body_fat_tenths": checked.body_fat_tenths,
                    "skeletal_muscle_g": checked.skeletal_muscle_g,
                    "updated_at": now,
                }),
            )?;
            store::update(tx, &row.id, &checked.values(), now)?;
            recompute_member_calories(tx, &owner.id)?;
            recorder.finish(tx)?;
            Ok(store::by_id(tx, &row.id)?.ok_or(ApiError::Internal)?)
        })?;
        entry(&row)
    }

    pub fn delete_body_metric(&self, args: EntryRef) -> Result<(), ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        let entry_id = args.entry_id.to_string();
        self.write(|tx| {
            let (row, owner) = authorized_entry(tx, &caller, &entry_id, Action::WriteMetrics)?;
            let mut recorder = Recorder::new(tx, scope_of(&owner), now)?;
            let causal_length = store::delete(tx, &row.id, now)?.ok_or(ApiError::NotFound)?;
            recorder.note(
                tx,
                "body_metrics",
                &row.id,
                Op::Delete,
                json!({"_cl": causal_length, "updated_at": now}),
            )?;
            recompute_member_calories(tx, &owner.id)?;
            recorder.finish(tx)?;
            Ok(())
        })
    }
}
