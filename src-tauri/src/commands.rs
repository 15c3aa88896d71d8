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

        /// Registers every command above on `builder`.
        pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
            builder.invoke_handler(tauri::generate_handler![$($name),*])
        }
    };
}

shell_commands! {
    app_info => AppInfo,
    sign_in => SignIn,
    sign_out => SignOut,
    current_user => CurrentUser,
}
