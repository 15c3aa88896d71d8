//! Every command declared in trainmate-api must be registered in the shell: an unregistered one
//! would only fail when a user reaches its screen.

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;
use trainmate_shell::{with_commands, AppState};

fn mock_window(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = with_commands(mock_builder())
        .manage(AppState {
            app: std::sync::Arc::new(trainmate_app::App::open(dir).unwrap()),
        })
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, webview)
}

/// Invokes `name` with empty arguments and returns the error text, if any.
fn invoke_error(webview: &WebviewWindow<MockRuntime>, name: &str) -> Option<String> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: name.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(serde_json::json!({ "args": {} })),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .err()
    .map(|error| error.to_string())
}

fn is_not_found(error: &str, name: &str) -> bool {
    error.contains("not found") && error.contains(name)
}

#[test]
fn every_declared_command_is_registered() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = mock_window(dir.path());
    // Deliberately empty arguments: a registered command answers (often with an argument error);
    // an unregistered one answers "command … not found".
    let missing: Vec<_> = trainmate_api::ALL_COMMANDS
        .iter()
        .filter(|name| invoke_error(&webview, name).is_some_and(|e| is_not_found(&e, name)))
        .collect();
    assert!(
        missing.is_empty(),
        "not registered in the shell: {missing:?}"
    );
}

#[test]
fn an_unregistered_name_is_detected() {
    // Guards the test above: the mock runtime must really say "not found" for unknown commands.
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = mock_window(dir.path());
    let error = invoke_error(&webview, "no_such_command").expect("unknown command must fail");
    assert!(is_not_found(&error, "no_such_command"), "{error}");
}
