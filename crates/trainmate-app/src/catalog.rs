//! The exercise catalog (in memory: 618 rows), custom exercises, favourites and recents.

use std::str::FromStr;

use rusqlite::Connection;
use serde_json::json;
use trainmate_api::*;
use trainmate_core::authz::{Action, Role};
use trainmate_core::catalog::{
    default_compendium_code, default_met_tenths, BodyPart, Equipment, Load, Measures,
};
use trainmate_core::validate::{check_range, normalize_person_name, FieldErrors};
use trainmate_core::{hangul, units};
use trainmate_store::exercises::{self as store, CustomRow, ExerciseKey};
use trainmate_store::{catalog, StoreError};

use crate::authz::{self, Caller};
use crate::capture::{scope_of, Op, Recorder};
use crate::{internal, validation, workouts, App};

/// Search answers at most this many exercises.
const SEARCH_LIMIT: usize = 50;
/// Recent exercises shown in the picker.
const RECENT_LIMIT: usize = 12;
/// Exercise names are at most this many characters.
const NAME_MAX_CHARS: usize = 100;

/// The shared catalog, loaded once at start-up (it only changes with a migration), with each
/// exercise's Korean and English names prepared for search.
pub struct Catalog {
    exercises: Vec<ExerciseSummary>,
    search_names: Vec<(hangul::Normalized, hangul::Normalized)>,
}

impl Catalog {
    pub fn load(conn: &Connection) -> Result<Catalog, StoreError> {
        let exercises = catalog::all(conn)?
            .into_iter()
            .filter_map(|row| {
                Some(ExerciseSummary {
                    exercise: ExerciseRef::Catalog(u32::try_from(row.id).ok()?),
                    body_part: BodyPart::from_str(&row.body_part).ok()?,
                    equipment: Equipment::from_str(&row.equipment).ok()?,
                    name_ko: row.name_ko,
                    name_en: row.name_en,
                    measures: Measures::from_str(&row.measures).ok()?,
                    load: Load::from_str(&row.load).ok()?,
                    met_tenths: u32::try_from(row.met_tenths).ok()?,
                    compendium_code: Some(row.compendium_code),
                    favourite: false,
                })
            })
            .collect::<Vec<ExerciseSummary>>();
        let search_names = exercises
            .iter()
            .map(|e| {
                (
                    hangul::Normalized::new(&e.name_ko),
                    hangul::Normalized::new(&e.name_en),
                )
            })
            .collect();
        Ok(Catalog {
            exercises,
            search_names,
        })
    }

    pub fn get(&self, id: u32) -> Option<&ExerciseSummary> {
        self.exercises
            .binary_search_by_key(&id, |e| match e.exercise {
                ExerciseRef::Catalog(id) => id,
                ExerciseRef::Custom(_) => u32::MAX,
            })
            .ok()
            .map(|i| &self.exercises[i])
    }
}

pub(crate) fn custom_summary(row: &CustomRow) -> Option<ExerciseSummary> {
    let measures = Measures::from_str(&row.measures).ok()?;
    let load = Load::from_str(&row.load).ok()?;
    Some(ExerciseSummary {
        exercise: ExerciseRef::Custom(row.id.parse().ok()?),
        body_part: BodyPart::from_str(&row.body_part).ok()?,
        equipment: Equipment::from_str(&row.equipment).ok()?,
        name_ko: row.name_ko.clone(),
        name_en: row.name_en.clone(),
        measures,
        load,
        met_tenths: u32::try_from(row.met_tenths).ok()?,
        compendium_code: custom_code(measures, load, row.met_tenths).map(str::to_owned),
        favourite: false,
    })
}

/// A custom exercise's Compendium code: the default one for what it measures and loads, while
/// its MET is still that default (a trainer's own MET has no code).
pub(crate) fn custom_code(measures: Measures, load: Load, met_tenths: i64) -> Option<&'static str> {
    default_compendium_code(measures, load)
        .filter(|_| u32::try_from(met_tenths).ok() == Some(default_met_tenths(measures, load)))
}

pub(crate) fn key_of(exercise: ExerciseRef) -> ExerciseKey {
    match exercise {
        ExerciseRef::Catalog(id) => (Some(i64::from(id)), None),
        ExerciseRef::Custom(id) => (None, Some(id.to_string())),
    }
}

impl App {
    /// The exercise if the caller may use it: any catalog exercise, or a custom one of the
    /// trainer whose scope `member_scope` is. Anything else is `not_found`.
    pub(crate) fn visible_exercise(
        &self,
        conn: &Connection,
        exercise: ExerciseRef,
        scope_trainer: Option<&str>,
    ) -> Result<ExerciseSummary, ApiError> {
        match exercise {
            ExerciseRef::Catalog(id) => self.catalog.get(id).cloned().ok_or(ApiError::NotFound),
            ExerciseRef::Custom(id) => {
                let row = store::custom(conn, &id.to_string())
                    .map_err(internal)?
                    .ok_or(ApiError::NotFound)?;
                if Some(row.trainer_id.as_str()) != scope_trainer {
                    return Err(ApiError::NotFound);
                }
                custom_summary(&row).ok_or(ApiError::Internal)
            }
        }
    }

    fn with_favourites(
        &self,
        conn: &Connection,
        caller: &Caller,
        mut list: Vec<ExerciseSummary>,
    ) -> Result<Vec<ExerciseSummary>, ApiError> {
        let favourites = store::favourites(conn, &caller.id).map_err(internal)?;
        for exercise in &mut list {
            exercise.favourite = favourites.contains(&key_of(exercise.exercise));
        }
        Ok(list)
    }

    fn customs_for(
        &self,
        conn: &Connection,
        caller: &Caller,
    ) -> Result<Vec<ExerciseSummary>, ApiError> {
        match caller.scope_trainer() {
            Some(trainer) => Ok(store::customs_of(conn, trainer)
                .map_err(internal)?
                .iter()
                .filter_map(custom_summary)
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    pub fn browse_exercises(&self, args: BrowseArgs) -> Result<Vec<ExerciseSummary>, ApiError> {
        let caller = self.caller()?;
        self.read(|conn| {
            let mut list = self.customs_for(conn, &caller)?;
            list.extend(self.catalog.exercises.iter().cloned());
            list.retain(|e| {
                args.body_part.is_none_or(|b| b == e.body_part)
                    && args.equipment.is_none_or(|q| q == e.equipment)
            });
            Ok(self.with_favourites(conn, &caller, list)?)
        })
    }

    /// Korean, English and initial-consonant search; an empty query finds nothing.
    pub fn search_exercises(&self, args: SearchArgs) -> Result<Vec<ExerciseSummary>, ApiError> {
        let caller = self.caller()?;
        let query = args.query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let query = hangul::Normalized::new(query);
        self.read(|conn| {
            let customs = self.customs_for(conn, &caller)?;
            let custom_hits = customs.into_iter().filter(|e| {
                query.found_in(&hangul::Normalized::new(&e.name_ko))
                    || query.found_in(&hangul::Normalized::new(&e.name_en))
            });
            let catalog_hits = self
                .catalog
                .exercises
                .iter()
                .zip(&self.catalog.search_names)
                .filter(|(_, (ko, en))| query.found_in(ko) || query.found_in(en))
                .map(|(e, _)| e.clone());
            let found: Vec<ExerciseSummary> =
                custom_hits.chain(catalog_hits).take(SEARCH_LIMIT).collect();
            Ok(self.with_favourites(conn, &caller, found)?)
        })
    }

    pub fn create_custom_exercise(
        &self,
        args: CustomExerciseArgs,
    ) -> Result<ExerciseSummary, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let id = uuid::Uuid::now_v7().to_string();
        self.save_custom(&caller, id, args)
    }

    pub fn update_custom_exercise(
        &self,
        args: UpdateCustomExerciseArgs,
    ) -> Result<ExerciseSummary, ApiError> {
        let caller = self.caller()?;
        authz::require_role(&caller, Role::Trainer)?;
        let id = args.exercise_id.to_string();
        let owner = self
            .read(|conn| Ok(store::custom(conn, &id)?))?
            .ok_or(ApiError::NotFound)?;
        if owner.trainer_id != caller.id {
            return Err(ApiError::NotFound);
        }
        self.save_custom(&caller, id, args.fields)
    }

    fn save_custom(
        &self,
        caller: &Caller,
        id: String,
        args: CustomExerciseArgs,
    ) -> Result<ExerciseSummary, ApiError> {
        let mut errors = FieldErrors::new();
        let name_ko = errors.check(normalize_person_name("name_ko", &args.name_ko));
        if name_ko
            .as_ref()
            .is_some_and(|n| n.chars().count() > NAME_MAX_CHARS)
        {
            errors.push(trainmate_core::FieldError::new(
                "name_ko",
                trainmate_core::Rule::TooLong,
            ));
        }
        let name_en = args.name_en.trim().to_owned();
        if name_en.chars().count() > NAME_MAX_CHARS {
            errors.push(trainmate_core::FieldError::new(
                "name_en",
                trainmate_core::Rule::TooLong,
            ));
        }
        let met = match args.met_tenths {
            Some(met) => errors.check(check_range(
                "met_tenths",
                met,
                i64::from(*units::MET_TENTHS.start())..=i64::from(*units::MET_TENTHS.end()),
            )),
            None => Some(i64::from(default_met_tenths(args.measures, args.load))),
        };
        validation::finish(errors)?;
        let (Some(name_ko), Some(met)) = (name_ko, met) else {
            return Err(ApiError::Internal);
        };
        let row = CustomRow {
            id: id.clone(),
            trainer_id: caller.id.clone(),
            body_part: args.body_part.as_str().to_owned(),
            equipment: args.equipment.as_str().to_owned(),
            name_en: if name_en.is_empty() {
                name_ko.clone()
            } else {
                name_en
            },
            name_ko,
            measures: args.measures.as_str().to_owned(),
            load: args.load.as_str().to_owned(),
            met_tenths: met,
        };
        let now = self.clock.now_ms();
        self.write(|tx| {
            let mut recorder = Recorder::new(tx, Some(&caller.id), now)?;
            recorder.note(
                tx,
                "custom_exercises",
                &row.id,
                Op::Upsert,
                json!({
                    "trainer_id": row.trainer_id, "body_part": row.body_part,
                    "equipment": row.equipment, "name_ko": row.name_ko, "name_en": row.name_en,
                    "measures": row.measures, "load": row.load, "met_tenths": row.met_tenths,
                }),
            )?;
            store::upsert_custom(tx, &row, now)?;
            // Calories of every use follow the exercise's MET and measurement.
            for use_id in store::uses_of_custom(tx, &row.id)? {
                workouts::recompute_exercise(tx, &use_id)?;
            }
            recorder.finish(tx)?;
            Ok(())
        })?;
        custom_summary(&row).ok_or(ApiError::Internal)
    }

    pub fn set_favourite(&self, args: SetFavouriteArgs) -> Result<(), ApiError> {
        let caller = self.caller()?;
        let now = self.clock.now_ms();
        self.write(|tx| {
            self.visible_exercise(tx, args.exercise, caller.scope_trainer())?;
            store::set_favourite(tx, &caller.id, &key_of(args.exercise), args.favourite, now)?;
            Ok(())
        })
    }

    pub fn list_favourites(&self, _args: NoArgs) -> Result<Vec<ExerciseSummary>, ApiError> {
        let caller = self.caller()?;
        self.read(|conn| {
            let keys = store::favourites(conn, &caller.id)?;
            let mut list = Vec::with_capacity(keys.len());
            for key in keys {
                if let Some(exercise) = self.exercise_for_key(conn, &key, caller.scope_trainer()) {
                    list.push(ExerciseSummary {
                        favourite: true,
                        ..exercise
                    });
                }
            }
            Ok(list)
        })
    }

    /// What `member_id` did most recently, newest first (the picker's "recent").
    pub fn recent_exercises(&self, args: MemberRef) -> Result<Vec<ExerciseSummary>, ApiError> {
        let caller = self.caller()?;
        self.read(|conn| {
            let member = authz::require(
                conn,
                &caller,
                &args.member_id.to_string(),
                Action::ReadWorkouts,
            )?;
            let scope = scope_of(&member);
            let keys = store::recent(conn, &member.id, RECENT_LIMIT)?;
            let list = keys
                .iter()
                .filter_map(|key| self.exercise_for_key(conn, key, scope))
                .collect();
            Ok(self.with_favourites(conn, &caller, list)?)
        })
    }

    fn exercise_for_key(
        &self,
        conn: &Connection,
        key: &ExerciseKey,
        scope: Option<&str>,
    ) -> Option<ExerciseSummary> {
        let exercise = match key {
            (Some(id), None) => ExerciseRef::Catalog(u32::try_from(*id).ok()?),
            (None, Some(id)) => ExerciseRef::Custom(id.parse().ok()?),
            _ => return None,
        };
        self.visible_exercise(conn, exercise, scope).ok()
    }
}
