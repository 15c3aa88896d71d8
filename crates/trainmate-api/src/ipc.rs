//! The UI's typed client for Tauri's IPC.
//!
//! `tauri-sys` is not in the registry here, so this binds `window.__TAURI__.core.invoke` directly
//! (the app sets `withGlobalTauri`). Outside the app (a plain browser, component tests) the global
//! is missing and every call answers [`ApiError::Ipc`] instead of throwing. Native builds (lint,
//! native unit tests of UI logic) have no web view: every call answers [`ApiError::Ipc`].

#[cfg(not(target_arch = "wasm32"))]
pub async fn call<C: crate::Command>(_args: &C::Args) -> Result<C::Reply, crate::ApiError> {
    Err(crate::ApiError::Ipc {
        message: format!("{} needs the app's web view", C::NAME),
    })
}

#[cfg(target_arch = "wasm32")]
pub use web::call;

#[cfg(target_arch = "wasm32")]
mod web {

    use serde::Serialize;
    use wasm_bindgen::{prelude::*, JsCast};

    use crate::{ApiError, Command};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
        async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
    }

    #[derive(Serialize)]
    struct Envelope<'a, A> {
        args: &'a A,
    }

    /// Calls command `C` with `args` and decodes its reply or its [`ApiError`].
    pub async fn call<C: Command>(args: &C::Args) -> Result<C::Reply, ApiError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let payload = Envelope { args }
            .serialize(&serializer)
            .map_err(|e| ipc_error(format!("could not encode arguments: {e}")))?;
        match invoke(C::NAME, payload).await {
            Ok(reply) => serde_wasm_bindgen::from_value(reply)
                .map_err(|e| ipc_error(format!("unexpected reply from {}: {e}", C::NAME))),
            Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone())
                .unwrap_or_else(|_| ipc_error(describe_js(&error)))),
        }
    }

    fn ipc_error(message: String) -> ApiError {
        ApiError::Ipc { message }
    }

    fn describe_js(value: &JsValue) -> String {
        if let Some(error) = value.dyn_ref::<js_sys::Error>() {
            return String::from(error.message());
        }
        value
            .as_string()
            .or_else(|| {
                js_sys::JSON::stringify(value)
                    .ok()
                    .and_then(|s| s.as_string())
            })
            .unwrap_or_else(|| "unknown error".to_owned())
    }
}
