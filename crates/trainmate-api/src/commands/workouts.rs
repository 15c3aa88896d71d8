//! Days, workout exercises and sets, with their totals and calorie explanations.

use serde::{Deserialize, Serialize};
use trainmate_core::calories::Intensity;
use trainmate_core::catalog::SetType;
use uuid::Uuid;

use super::ExerciseSummary;

/// A member's day by local date (YYYY-MM-DD, the device's local date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRef {
    pub member_id: Uuid,
    pub date: String,
}

/// Totals of an exercise or a day. Energy in cal (1/1000 kcal); display rounds to kcal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalsView {
    pub sets: u32,
    pub reps: u64,
    /// Σ reps × weight, grams.
    pub volume_g: u64,
    /// Measured set durations, seconds.
    pub duration_s: u64,
    pub cal: u64,
    /// Some figure used an assumed body weight or duration.
    pub estimated: bool,
}

/// Where an exercise's calorie figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalorieBasis {
    pub met_tenths: u32,
    pub compendium_code: Option<String>,
    /// The body weight used, grams.
    pub body_weight_g: u32,
    /// Date of the weight entry used; none when the 70 kg default was used.
    pub body_weight_date: Option<String>,
    /// The body weight was not measured on or before the day.
    pub body_weight_estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetView {
    pub set_id: Uuid,
    /// 1-based, computed from the order when read.
    pub number: u32,
    pub reps: Option<u32>,
    pub weight_g: Option<u32>,
    pub duration_s: Option<u32>,
    pub distance_m: Option<u32>,
    pub set_type: SetType,
    pub notes: String,
    /// UTC milliseconds when the set was saved (the rest timer starts then).
    pub logged_at: i64,
    pub recorded_by: Uuid,
    /// The signed-in user may edit or delete this set.
    pub editable: bool,
    pub cal: u64,
    /// The seconds the calorie figure counts (the 90 s floor for rep sets, or an estimate).
    pub counted_s: u32,
    /// The set's figure rests on an assumed duration or body weight.
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSet {
    pub reps: Option<u32>,
    pub weight_g: Option<u32>,
    pub duration_s: Option<u32>,
    pub distance_m: Option<u32>,
    pub set_type: SetType,
}

/// The sets of the most recent earlier session of this member with the same exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousPerformance {
    pub date: String,
    pub sets: Vec<PreviousSet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkoutExerciseView {
    pub workout_exercise_id: Uuid,
    pub exercise: ExerciseSummary,
    pub intensity: Intensity,
    pub notes: String,
    pub sets: Vec<SetView>,
    pub totals: TotalsView,
    pub calories: CalorieBasis,
    pub previous: Option<PreviousPerformance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub member_id: Uuid,
    pub date: String,
    /// None until the first exercise is added.
    pub workout_id: Option<Uuid>,
    pub notes: String,
    pub exercises: Vec<WorkoutExerciseView>,
    pub totals: TotalsView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddWorkoutExerciseArgs {
    pub member_id: Uuid,
    pub date: String,
    pub exercise: super::ExerciseRef,
}

/// Set fields. Numbers arrive signed so a negative value answers `invalid`/`min`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetFields {
    #[serde(default)]
    pub reps: Option<i64>,
    #[serde(default)]
    pub weight_g: Option<i64>,
    #[serde(default)]
    pub duration_s: Option<i64>,
    #[serde(default)]
    pub distance_m: Option<i64>,
    #[serde(default)]
    pub set_type: SetType,
    #[serde(default)]
    pub notes: String,
}

// Decoded through a field-by-field twin (`from`): serde decodes a `flatten`ed struct from a
// buffer, so a bad value inside it (a string for `weight_g`) would be reported at the parent
// ("args") instead of naming the field. The wire shape is the same either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "LogSetWire")]
pub struct LogSetArgs {
    pub workout_exercise_id: Uuid,
    #[serde(flatten)]
    pub fields: SetFields,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "UpdateSetWire")]
pub struct UpdateSetArgs {
    pub set_id: Uuid,
    #[serde(flatten)]
    pub fields: SetFields,
}

/// Declares the field-by-field wire twin of a set command's arguments.
macro_rules! set_wire {
    ($wire:ident => $args:ident { $id:ident }) => {
        #[derive(Deserialize)]
        struct $wire {
            $id: Uuid,
            #[serde(default)]
            reps: Option<i64>,
            #[serde(default)]
            weight_g: Option<i64>,
            #[serde(default)]
            duration_s: Option<i64>,
            #[serde(default)]
            distance_m: Option<i64>,
            #[serde(default)]
            set_type: SetType,
            #[serde(default)]
            notes: String,
        }

        impl From<$wire> for $args {
            fn from(w: $wire) -> Self {
                $args {
                    $id: w.$id,
                    fields: SetFields {
                        reps: w.reps,
                        weight_g: w.weight_g,
                        duration_s: w.duration_s,
                        distance_m: w.distance_m,
                        set_type: w.set_type,
                        notes: w.notes,
                    },
                }
            }
        }
    };
}

set_wire!(LogSetWire => LogSetArgs { workout_exercise_id });
set_wire!(UpdateSetWire => UpdateSetArgs { set_id });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRef {
    pub set_id: Uuid,
}

/// What a set change answers: the set (none after a delete) and the totals it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetChange {
    pub set: Option<SetView>,
    pub workout_exercise_id: Uuid,
    /// Where the exercise's calories come from (MET, code, body weight used).
    pub calories: CalorieBasis,
    pub exercise_totals: TotalsView,
    pub day_totals: TotalsView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkoutExerciseRef {
    pub workout_exercise_id: Uuid,
}

/// Moves a set or workout exercise between two neighbours (either may be absent: first / last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveArgs {
    pub id: Uuid,
    #[serde(default)]
    pub after: Option<Uuid>,
    #[serde(default)]
    pub before: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetIntensityArgs {
    pub workout_exercise_id: Uuid,
    pub intensity: Intensity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesArgs {
    pub workout_exercise_id: Uuid,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayNotesArgs {
    pub member_id: Uuid,
    pub date: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSessionsArgs {
    pub member_id: Uuid,
    /// Inclusive local dates; both optional.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub workout_id: Uuid,
    pub date: String,
    pub exercises: u32,
    pub totals: TotalsView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayArgs {
    /// The device's local date.
    pub date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodaySummaryReply {
    pub sessions: u32,
    pub cal: u64,
    pub members_trained: u32,
}
