//! Per-user settings: language, weight units, theme. Stored in SQLite per signed-in user (never in
//! the web view's storage), local to the device. A user who never changed anything gets the
//! defaults: Korean, kg, light.

use trainmate_api::*;
use trainmate_store::settings::{self as store, SettingsRow};

use crate::App;

fn from_row(row: &SettingsRow) -> Settings {
    let defaults = Settings::default();
    Settings {
        language: match row.language.as_str() {
            "en" => Language::En,
            "ko" => Language::Ko,
            _ => defaults.language,
        },
        units: match row.units.as_str() {
            "lb" => WeightUnits::Lb,
            "kg" => WeightUnits::Kg,
            _ => defaults.units,
        },
        theme: match row.theme.as_str() {
            "dark" => Theme::Dark,
            "light" => Theme::Light,
            _ => defaults.theme,
        },
    }
}

fn to_row(settings: &Settings) -> SettingsRow {
    SettingsRow {
        language: match settings.language {
            Language::Ko => "ko",
            Language::En => "en",
        }
        .to_owned(),
        units: match settings.units {
            WeightUnits::Kg => "kg",
            WeightUnits::Lb => "lb",
        }
        .to_owned(),
        theme: match settings.theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
        .to_owned(),
    }
}

// Settings work before consent: the consent screen shows in the user's language.
impl App {
    pub fn get_settings(&self, _args: NoArgs) -> Result<Settings, ApiError> {
        let user = self.signed_in_before_consent()?;
        let row = self.read(|conn| Ok(store::get(conn, &user.id)?))?;
        Ok(row.as_ref().map(from_row).unwrap_or_default())
    }

    pub fn update_settings(&self, args: Settings) -> Result<Settings, ApiError> {
        let user = self.signed_in_before_consent()?;
        let row = to_row(&args);
        self.write(|tx| {
            store::put(tx, &user.id, &row)?;
            Ok(store::get(tx, &user.id)?)
        })?
        .as_ref()
        .map(from_row)
        .ok_or(ApiError::Internal)
    }
}
