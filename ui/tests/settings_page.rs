//! The settings page emits the whole new settings for each choice; the choice shown follows the
//! settings it is given (the root applies and stores them).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use trainmate_api::{Language, Settings, Theme, WeightUnits};
use trainmate_ui::pages::settings::{SettingsPage, SettingsPageProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn by_testid<T: JsCast>(root: &Element, id: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {id}"))
        .dyn_into::<T>()
        .unwrap()
}

#[wasm_bindgen_test]
async fn each_choice_changes_one_setting_and_keeps_the_others() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let recorded = seen.clone();
    let start = Settings {
        language: Language::Ko,
        units: WeightUnits::Lb,
        theme: Theme::Light,
    };
    let props = SettingsPageProps {
        settings: start,
        on_change: Callback::from(move |s| recorded.borrow_mut().push(s)),
        save_error: None,
        app_info: None,
        on_change_password: Callback::noop(),
        sync: Default::default(),
    };
    yew::Renderer::<SettingsPage>::with_root_and_props(root.clone(), props).render();
    sleep(Duration::from_millis(10)).await;
    let checked = |id: &str| {
        by_testid::<Element>(&root, id)
            .get_attribute("aria-checked")
            .unwrap()
    };
    assert_eq!(checked("settings-language-ko"), "true");
    assert_eq!(checked("settings-units-lb"), "true");
    assert_eq!(checked("settings-theme-dark"), "false");
    by_testid::<HtmlElement>(&root, "settings-theme-dark").click();
    by_testid::<HtmlElement>(&root, "settings-language-en").click();
    by_testid::<HtmlElement>(&root, "settings-units-kg").click();
    assert_eq!(
        *seen.borrow(),
        vec![
            Settings {
                theme: Theme::Dark,
                ..start
            },
            Settings {
                language: Language::En,
                ..start
            },
            Settings {
                units: WeightUnits::Kg,
                ..start
            },
        ]
    );
}
