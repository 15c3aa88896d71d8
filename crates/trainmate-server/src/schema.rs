//! The synced tables as the server knows them: every column a device may send, its type and
//! range (the app's migrations' CHECKs, V2 and V4), whether a new row needs it, and which columns
//! point at other rows of the scope. A change naming anything else is rejected.
//!
//! Device-only columns (`users.recovery_code_hash`, `users.photo_file`) and derived tables
//! (totals) are not here on purpose: they never leave the device.

use serde_json::Value;
use trainmate_core::date::LocalDate;
use trainmate_core::hlc::MAX_PHYSICAL_MS;

/// The newest device schema this server understands (trainmate-store's SCHEMA_VERSION).
pub const SUPPORTED_SCHEMA_VERSION: i64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text of at most this many characters.
    Text(usize),
    Choice(&'static [&'static str]),
    Int {
        min: i64,
        max: i64,
    },
    /// Milliseconds since the epoch.
    Time,
    /// A local date, YYYY-MM-DD.
    Date,
    /// An Argon2 PHC string.
    PasswordHash,
    /// The id of a row of this table in the caller's scope.
    Ref(&'static str),
    /// The id of the caller's trainer (the scope itself).
    ScopeTrainer,
    /// `users.trainer_id`: the scope's trainer, or none (a released member).
    TrainerOrNone,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// A new row must carry it (NOT NULL without a default on the device).
    pub required: bool,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
        required: true,
    }
}

/// NOT NULL with a default: may be left out of a new row.
const fn defaulted(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
        required: false,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: true,
        required: false,
    }
}

const NAME: Kind = Kind::Text(200);
const NOTES: Kind = Kind::Text(2000);

pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
}

pub const TABLES: &[Table] = &[
    Table {
        name: "users",
        columns: &[
            col("user_type", Kind::Choice(&["trainer", "member"])),
            col("name", NAME),
            col("email", Kind::Text(320)),
            col("email_key", Kind::Text(320)),
            opt("phone", Kind::Text(40)),
            opt("birth_date", Kind::Date),
            opt("password_hash", Kind::PasswordHash),
            opt("trainer_id", Kind::TrainerOrNone),
            opt("terms_consent_at", Kind::Time),
            opt("privacy_consent_at", Kind::Time),
            opt("marketing_consent_at", Kind::Time),
            col("created_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
    Table {
        name: "body_metrics",
        columns: &[
            col("member_id", Kind::Ref("users")),
            col("measured_on", Kind::Date),
            opt(
                "height_mm",
                Kind::Int {
                    min: 500,
                    max: 2720,
                },
            ),
            opt(
                "weight_g",
                Kind::Int {
                    min: 2000,
                    max: 635_000,
                },
            ),
            opt("body_fat_tenths", Kind::Int { min: 10, max: 750 }),
            opt(
                "skeletal_muscle_g",
                Kind::Int {
                    min: 1000,
                    max: 635_000,
                },
            ),
            col("created_by", Kind::Ref("users")),
            col("created_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
    Table {
        name: "custom_exercises",
        columns: &[
            col("trainer_id", Kind::ScopeTrainer),
            col("body_part", Kind::Text(100)),
            col("equipment", Kind::Text(100)),
            col("name_ko", NAME),
            col("name_en", NAME),
            col("measures", Kind::Choice(&["reps", "time", "distance"])),
            col("load", Kind::Choice(&["external", "none", "assisted"])),
            col("met_tenths", Kind::Int { min: 10, max: 230 }),
            col("created_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
    Table {
        name: "daily_workouts",
        columns: &[
            col("member_id", Kind::Ref("users")),
            col("workout_date", Kind::Date),
            col("recorded_by", Kind::Ref("users")),
            defaulted("notes", NOTES),
            col("created_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
    Table {
        name: "workout_exercises",
        columns: &[
            col("workout_id", Kind::Ref("daily_workouts")),
            col("member_id", Kind::Ref("users")),
            col("workout_date", Kind::Date),
            opt(
                "catalog_exercise_id",
                Kind::Int {
                    min: 1,
                    max: 1_000_000,
                },
            ),
            opt("custom_exercise_id", Kind::Ref("custom_exercises")),
            col("order_key", Kind::Text(200)),
            defaulted(
                "intensity",
                Kind::Choice(&["exercise_default", "low", "moderate_vigorous"]),
            ),
            defaulted("notes", NOTES),
            col("recorded_by", Kind::Ref("users")),
            col("created_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
    Table {
        name: "exercise_sets",
        columns: &[
            col("workout_exercise_id", Kind::Ref("workout_exercises")),
            col("order_key", Kind::Text(200)),
            opt("reps", Kind::Int { min: 0, max: 1000 }),
            opt(
                "weight_g",
                Kind::Int {
                    min: 0,
                    max: 1_000_000,
                },
            ),
            opt(
                "duration_s",
                Kind::Int {
                    min: 0,
                    max: 86_400,
                },
            ),
            opt(
                "distance_m",
                Kind::Int {
                    min: 0,
                    max: 1_000_000,
                },
            ),
            defaulted(
                "set_type",
                Kind::Choice(&["warm_up", "working", "drop", "failure"]),
            ),
            defaulted("notes", NOTES),
            col("recorded_by", Kind::Ref("users")),
            col("logged_at", Kind::Time),
            col("updated_at", Kind::Time),
        ],
    },
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Why a value does not fit its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    Null,
    Type(&'static str),
    OutOfRange,
    TooLong,
}

/// Checks the type and range of `value` for `column` (references are checked by the caller,
/// which knows the scope).
pub fn check_value(column: &Column, value: &Value) -> Result<(), ValueError> {
    if value.is_null() {
        return if column.nullable {
            Ok(())
        } else {
            Err(ValueError::Null)
        };
    }
    let text = |max: usize| -> Result<(), ValueError> {
        let s = value.as_str().ok_or(ValueError::Type("text"))?;
        if s.chars().count() > max {
            Err(ValueError::TooLong)
        } else {
            Ok(())
        }
    };
    let int = |min: i64, max: i64| -> Result<(), ValueError> {
        let n = value.as_i64().ok_or(ValueError::Type("integer"))?;
        if (min..=max).contains(&n) {
            Ok(())
        } else {
            Err(ValueError::OutOfRange)
        }
    };
    match column.kind {
        Kind::Text(max) => text(max),
        Kind::Choice(choices) => {
            let s = value.as_str().ok_or(ValueError::Type("text"))?;
            if choices.contains(&s) {
                Ok(())
            } else {
                Err(ValueError::OutOfRange)
            }
        }
        Kind::Int { min, max } => int(min, max),
        Kind::Time => int(0, MAX_PHYSICAL_MS as i64),
        Kind::Date => {
            let s = value.as_str().ok_or(ValueError::Type("date"))?;
            LocalDate::parse(s)
                .map(|_| ())
                .map_err(|_| ValueError::Type("date"))
        }
        Kind::PasswordHash => {
            text(512)?;
            let s = value.as_str().unwrap_or_default();
            if s.starts_with("$argon2") {
                Ok(())
            } else {
                Err(ValueError::Type("argon2 hash"))
            }
        }
        Kind::Ref(_) | Kind::ScopeTrainer | Kind::TrainerOrNone => {
            let s = value.as_str().ok_or(ValueError::Type("id"))?;
            uuid::Uuid::parse_str(s)
                .map(|_| ())
                .map_err(|_| ValueError::Type("id"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_checked_against_the_app_schema() {
        let sets = table("exercise_sets").expect("known");
        let reps = sets.column("reps").expect("known");
        assert_eq!(check_value(reps, &json!(12)), Ok(()));
        assert_eq!(check_value(reps, &json!(null)), Ok(()));
        assert_eq!(check_value(reps, &json!(1001)), Err(ValueError::OutOfRange));
        assert_eq!(check_value(reps, &json!(-1)), Err(ValueError::OutOfRange));
        assert_eq!(
            check_value(reps, &json!(2.5)),
            Err(ValueError::Type("integer"))
        );
        assert_eq!(
            check_value(reps, &json!("12")),
            Err(ValueError::Type("integer"))
        );
        let set_type = sets.column("set_type").expect("known");
        assert_eq!(check_value(set_type, &json!("drop")), Ok(()));
        assert_eq!(
            check_value(set_type, &json!("cooldown")),
            Err(ValueError::OutOfRange)
        );
        assert_eq!(check_value(set_type, &json!(null)), Err(ValueError::Null));
        let day = table("daily_workouts").expect("known");
        let date = day.column("workout_date").expect("known");
        assert_eq!(check_value(date, &json!("2026-02-28")), Ok(()));
        assert_eq!(
            check_value(date, &json!("2026-02-30")),
            Err(ValueError::Type("date"))
        );
        assert!(table("workout_exercise_totals").is_none());
        assert!(table("users")
            .expect("known")
            .column("recovery_code_hash")
            .is_none());
    }
}
