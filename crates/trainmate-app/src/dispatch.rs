//! From JSON to a typed command and back.
//!
//! The shell hands every command's arguments over as JSON, so malformed input (a string for a
//! weight, a missing field, an unknown enum value) is answered here as `invalid` with the field's
//! path and a rule — never as Tauri's untyped deserialization text. `dispatch` reaches every
//! command by name; the tests feed it arbitrary JSON.

use serde_json::Value;
use trainmate_api::*;

use crate::App;

/// A command this app can execute.
pub trait Execute: Command {
    fn execute(app: &App, args: Self::Args) -> Result<Self::Reply, ApiError>;
}

/// Turns a deserialization failure into `invalid` naming the field and the rule.
fn decode_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    // serde reports a missing field at its parent's path, naming the field in backticks.
    let (field, rule) = if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        (field, Rule::Required)
    } else {
        let field = if path == "." { "args".to_owned() } else { path };
        (field, Rule::Type)
    };
    ApiError::invalid(field, rule)
}

impl App {
    /// Decodes `args` (absent means `{}`) and executes command `C`.
    pub fn call<C: Execute>(&self, args: Option<Value>) -> Result<C::Reply, ApiError> {
        let value = args.unwrap_or_else(|| Value::Object(Default::default()));
        // Every command's arguments are an object; serde would otherwise read a JSON array as a
        // struct's fields in order and blame `[0]`.
        if !value.is_object() {
            return Err(ApiError::invalid("args", Rule::Type));
        }
        let args: C::Args = serde_path_to_error::deserialize(value).map_err(decode_error)?;
        C::execute(self, args)
    }
}

macro_rules! executes {
    ($($marker:ident => $method:ident),* $(,)?) => {
        $(
            impl Execute for $marker {
                fn execute(app: &App, args: Self::Args) -> Result<Self::Reply, ApiError> {
                    app.$method(args)
                }
            }
        )*

        impl App {
            /// Executes the command called `name` with JSON arguments and answers JSON. `None`
            /// when no such command exists.
            pub fn dispatch(&self, name: &str, args: Value) -> Option<Result<Value, ApiError>> {
                let reply = match name {
                    $(
                        $marker::NAME => self
                            .call::<$marker>(Some(args))
                            .map(|r| serde_json::to_value(r).unwrap_or(Value::Null)),
                    )*
                    _ => return None,
                };
                Some(reply)
            }
        }
    };
}

executes! {
    AppInfo => app_info,
    UiReady => ui_ready,
    SignIn => sign_in,
    SignOut => sign_out,
    CurrentUser => current_user,
    BrowseExercises => browse_exercises,
    SearchExercises => search_exercises,
    CreateCustomExercise => create_custom_exercise,
    UpdateCustomExercise => update_custom_exercise,
    SetFavourite => set_favourite,
    ListFavourites => list_favourites,
    RecentExercises => recent_exercises,
    GetDay => get_day,
    AddWorkoutExercise => add_workout_exercise,
    LogSet => log_set,
    UpdateSet => update_set,
    DeleteSet => delete_set,
    MoveSet => move_set,
    SetIntensity => set_intensity,
    SetExerciseNotes => set_exercise_notes,
    SetDayNotes => set_day_notes,
    DeleteWorkoutExercise => delete_workout_exercise,
    MoveWorkoutExercise => move_workout_exercise,
    ListSessions => list_sessions,
    TodaySummary => today_summary,
    SetPhoto => set_photo,
    GetPhoto => get_photo,
    SignUp => sign_up,
    ChangePassword => change_password,
    ResetWithRecoveryCode => reset_with_recovery_code,
    GiveConsent => give_consent,
    AddMember => add_member,
    SearchUnassigned => search_unassigned,
    AssignMember => assign_member,
    ReleaseMember => release_member,
    ListMembers => list_members,
    ResetMemberPassword => reset_member_password,
    GetProfile => get_profile,
    UpdateProfile => update_profile,
    GetMyTrainer => get_my_trainer,
    SyncStatus => sync_status,
    SyncLink => sync_link_command,
    SyncSignIn => sync_sign_in_command,
    SyncNow => sync_now_command,
    ListSyncConflicts => list_sync_conflicts,
    RestoreSyncConflict => restore_sync_conflict,
    ListSyncRejected => list_sync_rejected,
    SyncUnlink => sync_unlink_command,
    ListBodyMetrics => list_body_metrics,
    AddBodyMetric => add_body_metric,
    UpdateBodyMetric => update_body_metric,
    DeleteBodyMetric => delete_body_metric,
    GetSettings => get_settings,
    UpdateSettings => update_settings,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path()).unwrap();
        (dir, app)
    }

    #[test]
    fn every_declared_command_can_be_dispatched() {
        let (_dir, app) = app();
        let missing: Vec<_> = ALL_COMMANDS
            .iter()
            .filter(|name| app.dispatch(name, json!({})).is_none())
            .collect();
        assert!(missing.is_empty(), "not executable: {missing:?}");
        assert!(app.dispatch("no_such_command", json!({})).is_none());
    }

    #[test]
    fn malformed_arguments_name_the_field_and_rule() {
        let (_dir, app) = app();
        let cases = [
            (json!({}), "email", Rule::Required),
            (json!({"email": 5, "password": "x"}), "email", Rule::Type),
            (json!({"email": "a@b.c"}), "password", Rule::Required),
            (json!([1, 2]), "args", Rule::Type),
            (
                json!({"email": "a@b.c", "password": "x", "keep_signed_in": "yes"}),
                "keep_signed_in",
                Rule::Type,
            ),
        ];
        for (args, field, rule) in cases {
            let error = app.call::<SignIn>(Some(args.clone())).unwrap_err();
            assert_eq!(error, ApiError::invalid(field, rule), "{args}");
        }
    }
}
