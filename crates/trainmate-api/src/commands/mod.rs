//! Every command of the contract, with its argument and reply types.

use serde::{Deserialize, Serialize};

use crate::Command;

/// Declares marker types and the list of every command name, so the list cannot drift.
macro_rules! commands {
    ($( $(#[$doc:meta])* $marker:ident = $name:literal ($args:ty) -> $reply:ty; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub enum $marker {}
            impl Command for $marker {
                const NAME: &'static str = $name;
                type Args = $args;
                type Reply = $reply;
            }
        )*
        /// The name of every command in the contract; the shell must register each.
        pub const ALL_COMMANDS: &[&str] = &[$($name),*];
    };
}

mod accounts;
mod catalog;
mod members;
mod profile;
mod settings;
mod sync_cmds;
mod workouts;

pub use accounts::*;
pub use catalog::*;
pub use members::*;
pub use profile::*;
pub use settings::*;
pub use sync_cmds::*;
pub use workouts::*;

commands! {
    /// Version, schema and where the data lives (settings → data; the sign-in footer).
    AppInfo = "app_info" (NoArgs) -> AppInfoReply;
    /// The UI is interactive (the first screen is mounted and enabled). The shell logs the
    /// start-up time; the start-up benchmark (P4) waits for it.
    UiReady = "ui_ready" (NoArgs) -> ();

    // Accounts
    /// Creates an account (three-step sign-up); a trainer gets a one-time recovery code.
    SignUp = "sign_up" (SignUpArgs) -> SignUpReply;
    /// Signs in with email and password; failures back off per email.
    SignIn = "sign_in" (SignInArgs) -> Me;
    /// Ends the current session.
    SignOut = "sign_out" (NoArgs) -> ();
    /// Who is signed in, if anyone (a kept trainer session survives restarts).
    CurrentUser = "current_user" (NoArgs) -> Option<Me>;
    /// Changes the signed-in user's password, knowing the current one.
    ChangePassword = "change_password" (ChangePasswordArgs) -> ();
    /// Resets a trainer's password offline with their one-time recovery code; answers a new code.
    ResetWithRecoveryCode = "reset_with_recovery_code" (ResetWithRecoveryCodeArgs) -> RecoveryCodeReply;
    /// A member added by a trainer gives their consent at first sign-in.
    GiveConsent = "give_consent" (ConsentArgs) -> Me;

    // Members (trainer)
    /// Creates a member assigned to the signed-in trainer.
    AddMember = "add_member" (AddMemberArgs) -> MemberSummary;
    /// Unassigned members by name or email (name and email only).
    SearchUnassigned = "search_unassigned" (SearchArgs) -> Vec<UnassignedMember>;
    AssignMember = "assign_member" (MemberRef) -> MemberSummary;
    /// Ends the assignment; nothing is deleted.
    ReleaseMember = "release_member" (MemberRef) -> ();
    /// The trainer first, then their members, each with the last session date.
    ListMembers = "list_members" (NoArgs) -> Vec<MemberSummary>;
    /// A trainer sets a new password for an assigned member.
    ResetMemberPassword = "reset_member_password" (ResetMemberPasswordArgs) -> ();

    // Profiles and body metrics
    GetProfile = "get_profile" (MemberRef) -> Profile;
    UpdateProfile = "update_profile" (UpdateProfileArgs) -> Profile;
    /// What a member sees of their trainer: name, email, phone.
    GetMyTrainer = "get_my_trainer" (NoArgs) -> Option<Contact>;
    ListBodyMetrics = "list_body_metrics" (MemberRef) -> Vec<BodyMetricEntry>;
    AddBodyMetric = "add_body_metric" (AddBodyMetricArgs) -> BodyMetricEntry;
    UpdateBodyMetric = "update_body_metric" (UpdateBodyMetricArgs) -> BodyMetricEntry;
    DeleteBodyMetric = "delete_body_metric" (EntryRef) -> ();
    /// Sets a profile photo (png, jpeg or webp by content, ≤ 5 MB), stored re-encoded without
    /// metadata in the data directory.
    SetPhoto = "set_photo" (SetPhotoArgs) -> PhotoReply;
    /// The profile photo as a data URL, if there is one.
    GetPhoto = "get_photo" (MemberRef) -> Option<PhotoReply>;

    // Exercise catalog
    /// Exercises of a body part and equipment kind (either may be omitted).
    BrowseExercises = "browse_exercises" (BrowseArgs) -> Vec<ExerciseSummary>;
    /// Korean, English and initial-consonant (초성) search.
    SearchExercises = "search_exercises" (SearchArgs) -> Vec<ExerciseSummary>;
    CreateCustomExercise = "create_custom_exercise" (CustomExerciseArgs) -> ExerciseSummary;
    UpdateCustomExercise = "update_custom_exercise" (UpdateCustomExerciseArgs) -> ExerciseSummary;
    SetFavourite = "set_favourite" (SetFavouriteArgs) -> ();
    ListFavourites = "list_favourites" (NoArgs) -> Vec<ExerciseSummary>;
    /// Exercises the signed-in user logged most recently (for a member: their own).
    RecentExercises = "recent_exercises" (MemberRef) -> Vec<ExerciseSummary>;

    // Workouts
    /// A member's day: exercises, sets, totals and previous performance.
    GetDay = "get_day" (DayRef) -> Day;
    /// Adds an exercise to a member's day (creating the day); the same exercise twice is two entries.
    AddWorkoutExercise = "add_workout_exercise" (AddWorkoutExerciseArgs) -> Day;
    LogSet = "log_set" (LogSetArgs) -> SetChange;
    UpdateSet = "update_set" (UpdateSetArgs) -> SetChange;
    DeleteSet = "delete_set" (SetRef) -> SetChange;
    MoveSet = "move_set" (MoveArgs) -> Day;
    SetIntensity = "set_intensity" (SetIntensityArgs) -> Day;
    SetExerciseNotes = "set_exercise_notes" (NotesArgs) -> Day;
    SetDayNotes = "set_day_notes" (DayNotesArgs) -> Day;
    DeleteWorkoutExercise = "delete_workout_exercise" (WorkoutExerciseRef) -> Day;
    MoveWorkoutExercise = "move_workout_exercise" (MoveArgs) -> Day;
    /// A member's sessions (days with at least one set) with day totals, newest first.
    ListSessions = "list_sessions" (ListSessionsArgs) -> Vec<SessionSummary>;
    /// Today on this device: sessions logged, kcal, members trained.
    TodaySummary = "today_summary" (TodayArgs) -> TodaySummaryReply;

    // Settings
    GetSettings = "get_settings" (NoArgs) -> Settings;
    UpdateSettings = "update_settings" (Settings) -> Settings;

    // Sync (sync.md; Settings → Sync and the header's status)
    /// The signed-in trainer's sync status (local only until linked).
    SyncStatus = "sync_status" (NoArgs) -> SyncStatusReply;
    /// Links the signed-in trainer to a sync server (signs in there, or creates the account);
    /// enqueues their scope and starts syncing.
    SyncLink = "sync_link" (SyncLinkArgs) -> SyncStatusReply;
    /// A fresh device: signs in to the sync server, pulls the trainer's scope (creating the
    /// local accounts from it) and signs in here with the same email and password.
    SyncSignIn = "sync_sign_in" (SyncSignInArgs) -> Me;
    /// Runs a sync round now and answers the status after it.
    SyncNow = "sync_now" (NoArgs) -> SyncStatusReply;
    /// Conflicts to review: values edited on two devices, the kept and the lost one.
    ListSyncConflicts = "list_sync_conflicts" (NoArgs) -> Vec<SyncConflictView>;
    /// Writes a conflict's lost value back (a new edit that syncs).
    RestoreSyncConflict = "restore_sync_conflict" (ConflictRef) -> SyncStatusReply;
    /// Changes the server refused, with its reason.
    ListSyncRejected = "list_sync_rejected" (NoArgs) -> Vec<SyncRejectedView>;
    /// Forgets the server; every local row and waiting change stays.
    SyncUnlink = "sync_unlink" (NoArgs) -> SyncStatusReply;
}

/// The argument of commands that take none (`{}` on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoArgs {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfoReply {
    pub version: String,
    /// Highest applied migration.
    pub schema_version: u32,
    /// Directory holding the database, photos and the web view's own data.
    pub data_dir: String,
}
