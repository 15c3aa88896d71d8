//! The message files and the mapping of `ApiError` codes to localized text.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;

use trainmate_api::{ApiError, FieldError, Language, Rule};
use trainmate_ui::i18n::{sources, I18n, Problems};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The message ids of a language's files; an id defined twice (in one file or two) fails.
fn ids(files: &[&str]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for ftl in files {
        for line in ftl.lines() {
            if line.starts_with('#') || line.starts_with(' ') {
                continue;
            }
            if let Some((id, _)) = line.split_once(" = ") {
                assert!(
                    ids.insert(id.trim().to_owned()),
                    "{} is defined twice",
                    id.trim()
                );
            }
        }
    }
    ids
}

#[wasm_bindgen_test]
fn both_languages_have_the_same_messages() {
    let (ko, en) = (ids(sources(Language::Ko)), ids(sources(Language::En)));
    assert!(ko.len() > 50, "{} messages", ko.len());
    assert_eq!(
        ko.symmetric_difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
}

#[wasm_bindgen_test]
fn every_error_code_and_rule_has_a_message_in_both_languages() {
    let errors = [
        ApiError::NotFound,
        ApiError::Invalid { fields: vec![] },
        ApiError::Forbidden,
        ApiError::Unauthenticated,
        ApiError::ConsentRequired,
        ApiError::WrongCredentials,
        ApiError::TooManyAttempts {
            retry_after_secs: 3,
        },
        ApiError::Conflict { reason: "x".into() },
        ApiError::Ipc {
            message: "x".into(),
        },
        ApiError::Internal,
    ];
    let rules = [
        Rule::Required,
        Rule::Min,
        Rule::Max,
        Rule::Format,
        Rule::TooShort,
        Rule::TooLong,
        Rule::Weak,
        Rule::Mismatch,
        Rule::Taken,
        Rule::MustAccept,
        Rule::Type,
    ];
    for language in [Language::Ko, Language::En] {
        let i18n = I18n::new(language);
        for e in &errors {
            let text = i18n.error(e);
            assert!(!text.starts_with("error-"), "{language:?}: {text}");
        }
        for rule in rules {
            let text = i18n.field(&FieldError {
                field: "anything".into(),
                rule,
            });
            assert!(!text.starts_with("rule-"), "{language:?}: {text}");
        }
    }
}

#[wasm_bindgen_test]
fn errors_read_in_the_users_language() {
    let ko = I18n::new(Language::Ko);
    let en = I18n::new(Language::En);
    assert_eq!(
        ko.error(&ApiError::WrongCredentials),
        "이메일 또는 비밀번호가 올바르지 않습니다."
    );
    assert_eq!(
        en.error(&ApiError::TooManyAttempts {
            retry_after_secs: 40
        }),
        "Too many attempts. Try again in 40 seconds."
    );
    assert_eq!(
        ko.error(&ApiError::TooManyAttempts {
            retry_after_secs: 40
        }),
        "시도 횟수가 너무 많습니다. 40초 후에 다시 시도하세요."
    );
}

#[wasm_bindgen_test]
fn invalid_fields_go_beside_their_field_with_specific_messages_first() {
    let en = I18n::new(Language::En);
    let error = ApiError::Invalid {
        fields: vec![
            FieldError {
                field: "email".into(),
                rule: Rule::Taken,
            },
            FieldError {
                field: "email".into(),
                rule: Rule::Format,
            },
            FieldError {
                field: "password".into(),
                rule: Rule::Weak,
            },
        ],
    };
    let problems = Problems::of(&en, &error, &["email", "password"]);
    assert_eq!(
        problems.field("email"),
        Some("This email is already in use."),
        "a field-specific message wins, and only the first rule per field shows"
    );
    assert_eq!(
        problems.field("password"),
        Some("Add a letter, a digit and a special character.")
    );
    assert_eq!(problems.general, None);

    // A field the form does not show becomes the general message.
    let hidden = Problems::of(&en, &error, &["password"]);
    assert_eq!(hidden.field("email"), None);
    assert_eq!(
        hidden.general.as_deref(),
        Some("Check the highlighted fields.")
    );

    let current = ApiError::invalid("current_password", Rule::Mismatch);
    assert_eq!(
        Problems::of(&en, &current, &["current_password"]).field("current_password"),
        Some("The current password is wrong.")
    );
    let other = Problems::of(&en, &ApiError::Internal, &["email"]);
    assert!(other.fields.is_empty());
    assert_eq!(
        other.general.as_deref(),
        Some("Something went wrong inside the app. Try again.")
    );
}

#[wasm_bindgen_test]
fn the_same_field_reads_by_the_form_it_is_on() {
    let en = I18n::new(Language::En);
    let too_light = FieldError {
        field: "weight_g".into(),
        rule: Rule::Min,
    };
    // A set's load in the logger; the body weight in the metrics dialog.
    assert_eq!(en.field(&too_light), "The weight cannot be negative.");
    assert_eq!(
        en.field_in(Some("metric"), &too_light),
        "Weight must be at least 2 kg (4.4 lb)."
    );
    // A context without its own message falls back to the field's.
    let reps = FieldError {
        field: "reps".into(),
        rule: Rule::Min,
    };
    assert_eq!(
        en.field_in(Some("metric"), &reps),
        "Reps cannot be negative."
    );
    let ko = I18n::new(Language::Ko);
    assert_eq!(
        ko.field_in(Some("metric"), &too_light),
        "체중은 2kg(4.4lb) 이상이어야 합니다."
    );
}
