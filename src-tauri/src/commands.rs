//! One line per command. The name, argument, reply and error types come from `trainmate-api`, the
//! work from `trainmate-app`. Arguments arrive as JSON so that malformed input is answered as a
//! typed `invalid` error naming the field (see `trainmate_app::dispatch`), not as Tauri's text.
//! `async` runs commands off the UI thread.

use serde_json::Value;
use tauri::State;
use trainmate_api::*;

use crate::AppState;

macro_rules! shell_commands {
    ($($name:ident => $marker:ident),* $(,)?) => {
        $(
            #[tauri::command(async)]
            pub fn $name(
                state: State<'_, AppState>,
                args: Option<Value>,
            ) -> Result<<$marker as Command>::Reply, ApiError> {
                state.app.call::<$marker>(args)
            }
        )*

        /// Registers every command above, and `ui_ready`, on `builder`.
        pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
            builder.invoke_handler(tauri::generate_handler![ui_ready, $($name),*])
        }
    };
}

/// The one command the shell answers itself: only the shell knows when the process started.
#[tauri::command(async)]
pub fn ui_ready<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    args: Option<Value>,
) -> Result<(), ApiError> {
    state.app.call::<UiReady>(args)?;
    if crate::startup::ui_ready() {
        app.exit(0);
    }
    Ok(())
}

shell_commands! {
    app_info => AppInfo,
    sign_in => SignIn,
    sign_out => SignOut,
    current_user => CurrentUser,
    browse_exercises => BrowseExercises,
    search_exercises => SearchExercises,
    create_custom_exercise => CreateCustomExercise,
    update_custom_exercise => UpdateCustomExercise,
    set_favourite => SetFavourite,
    list_favourites => ListFavourites,
    recent_exercises => RecentExercises,
    get_day => GetDay,
    add_workout_exercise => AddWorkoutExercise,
    log_set => LogSet,
    update_set => UpdateSet,
    delete_set => DeleteSet,
    move_set => MoveSet,
    set_intensity => SetIntensity,
    set_exercise_notes => SetExerciseNotes,
    set_day_notes => SetDayNotes,
    delete_workout_exercise => DeleteWorkoutExercise,
    move_workout_exercise => MoveWorkoutExercise,
    list_sessions => ListSessions,
    today_summary => TodaySummary,
    set_photo => SetPhoto,
    get_photo => GetPhoto,
    sign_up => SignUp,
    change_password => ChangePassword,
    reset_with_recovery_code => ResetWithRecoveryCode,
    give_consent => GiveConsent,
    add_member => AddMember,
    search_unassigned => SearchUnassigned,
    assign_member => AssignMember,
    release_member => ReleaseMember,
    list_members => ListMembers,
    sync_status => SyncStatus,
    sync_link => SyncLink,
    sync_sign_in => SyncSignIn,
    sync_now => SyncNow,
    list_sync_conflicts => ListSyncConflicts,
    restore_sync_conflict => RestoreSyncConflict,
    list_sync_rejected => ListSyncRejected,
    sync_unlink => SyncUnlink,
    reset_member_password => ResetMemberPassword,
    get_profile => GetProfile,
    update_profile => UpdateProfile,
    get_my_trainer => GetMyTrainer,
    list_body_metrics => ListBodyMetrics,
    add_body_metric => AddBodyMetric,
    update_body_metric => UpdateBodyMetric,
    delete_body_metric => DeleteBodyMetric,
    get_settings => GetSettings,
    update_settings => UpdateSettings,
}
