//! One line per command: the name, argument, reply and error come from `trainmate-api`, the work
//! from `trainmate-app`. `async` runs them off the UI thread.

use tauri::State;
use trainmate_api::{ApiError, AppInfoReply, Me, NoArgs, SignInArgs};

use crate::AppState;

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>, args: NoArgs) -> Result<AppInfoReply, ApiError> {
    state.app.app_info(args)
}

#[tauri::command(async)]
pub fn sign_in(state: State<'_, AppState>, args: SignInArgs) -> Result<Me, ApiError> {
    state.app.sign_in(args)
}

#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>, args: NoArgs) -> Result<(), ApiError> {
    state.app.sign_out(args)
}

#[tauri::command(async)]
pub fn current_user(state: State<'_, AppState>, args: NoArgs) -> Result<Option<Me>, ApiError> {
    state.app.current_user(args)
}
