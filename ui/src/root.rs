use trainmate_api::{ipc, ApiError, AppInfo, NoArgs, SignIn, SignInArgs};
use yew::prelude::*;

use crate::pages::sign_in::{SignInForm, SignInOutcome};

/// The app's root: which screen shows, and the IPC calls behind each screen's callbacks.
#[function_component(Root)]
pub fn root() -> Html {
    let data_dir = use_state(|| None::<String>);
    {
        let data_dir = data_dir.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(info) = ipc::call::<AppInfo>(&NoArgs {}).await {
                    data_dir.set(Some(info.data_dir));
                }
            });
        });
    }
    let on_sign_in = Callback::from(|(args, done): (SignInArgs, Callback<SignInOutcome>)| {
        wasm_bindgen_futures::spawn_local(async move {
            let outcome: Result<_, ApiError> = ipc::call::<SignIn>(&args).await;
            done.emit(outcome);
        });
    });
    html! {
        <main class="screen screen--center">
            <SignInForm on_submit={on_sign_in} />
            if let Some(dir) = (*data_dir).clone() {
                <p class="footnote" data-testid="data-dir">{ dir }</p>
            }
        </main>
    }
}
