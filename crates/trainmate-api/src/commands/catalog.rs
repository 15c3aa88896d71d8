//! The exercise catalog and a trainer's custom exercises.

use serde::{Deserialize, Serialize};
use trainmate_core::catalog::{BodyPart, Equipment, Load, Measures};
use uuid::Uuid;

/// An exercise: one of the shared catalog's (its original seed id) or a trainer's custom one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseRef {
    Catalog(u32),
    Custom(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseSummary {
    pub exercise: ExerciseRef,
    pub body_part: BodyPart,
    pub equipment: Equipment,
    pub name_ko: String,
    pub name_en: String,
    pub measures: Measures,
    pub load: Load,
    pub met_tenths: u32,
    /// 2024 Compendium code, when known.
    pub compendium_code: Option<String>,
    pub favourite: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowseArgs {
    #[serde(default)]
    pub body_part: Option<BodyPart>,
    #[serde(default)]
    pub equipment: Option<Equipment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomExerciseArgs {
    pub body_part: BodyPart,
    pub equipment: Equipment,
    pub name_ko: String,
    #[serde(default)]
    pub name_en: String,
    pub measures: Measures,
    pub load: Load,
    /// Defaults by what is measured (3.5 weighted, 3.0 bodyweight, 5.0 cardio) when omitted.
    #[serde(default)]
    pub met_tenths: Option<i64>,
}

// Decoded through a field-by-field twin so a bad field is named (see `LogSetArgs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "UpdateCustomExerciseWire")]
pub struct UpdateCustomExerciseArgs {
    pub exercise_id: Uuid,
    #[serde(flatten)]
    pub fields: CustomExerciseArgs,
}

#[derive(Deserialize)]
struct UpdateCustomExerciseWire {
    exercise_id: Uuid,
    body_part: BodyPart,
    equipment: Equipment,
    name_ko: String,
    #[serde(default)]
    name_en: String,
    measures: Measures,
    load: Load,
    #[serde(default)]
    met_tenths: Option<i64>,
}

impl From<UpdateCustomExerciseWire> for UpdateCustomExerciseArgs {
    fn from(w: UpdateCustomExerciseWire) -> Self {
        UpdateCustomExerciseArgs {
            exercise_id: w.exercise_id,
            fields: CustomExerciseArgs {
                body_part: w.body_part,
                equipment: w.equipment,
                name_ko: w.name_ko,
                name_en: w.name_en,
                measures: w.measures,
                load: w.load,
                met_tenths: w.met_tenths,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetFavouriteArgs {
    pub exercise: ExerciseRef,
    pub favourite: bool,
}
