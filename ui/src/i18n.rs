//! Every user-visible string, through Fluent: one directory per language (`ui/locales/<lang>/`),
//! one file per area of the app (`main.ftl`, `member.ftl`, `logger.ftl`, `sync.ftl`), compiled
//! into the wasm with `include_str!` so nothing is fetched at run time. The root provides the
//! current [`I18n`] by context; switching language replaces it and every page re-renders in the
//! new language.
//!
//! `ApiError` codes map to messages here, never in pages: `error-<code>` for the whole error and
//! `rule-<field>-<rule>` (falling back to `rule-<rule>`) for an invalid field, shown beside it;
//! a form may look its fields up in a context first (`rule-<context>-<field>-<rule>`).

use std::collections::HashMap;
use std::rc::Rc;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use trainmate_api::{ApiError, FieldError, Language};
use unic_langid::LanguageIdentifier;
use yew::prelude::*;

/// Declares a language's message files, in the order they are added to its bundle.
macro_rules! locale_files {
    ($lang:literal) => {
        &[
            include_str!(concat!("../locales/", $lang, "/main.ftl")),
            include_str!(concat!("../locales/", $lang, "/member.ftl")),
            include_str!(concat!("../locales/", $lang, "/logger.ftl")),
            include_str!(concat!("../locales/", $lang, "/sync.ftl")),
        ]
    };
}

const KO: &[&str] = locale_files!("ko");
const EN: &[&str] = locale_files!("en");

/// The messages of one language.
pub struct I18n {
    pub language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl PartialEq for I18n {
    fn eq(&self, other: &Self) -> bool {
        self.language == other.language
    }
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "I18n({:?})", self.language)
    }
}

/// The Fluent sources of a language, one per message file.
pub fn sources(language: Language) -> &'static [&'static str] {
    match language {
        Language::Ko => KO,
        Language::En => EN,
    }
}

impl I18n {
    pub fn new(language: Language) -> I18n {
        let tag: LanguageIdentifier = match language {
            Language::Ko => "ko",
            Language::En => "en",
        }
        .parse()
        .expect("a valid language tag");
        let mut bundle = FluentBundle::new(vec![tag]);
        // No Unicode isolation marks around arguments: the text is compared in tests and never
        // mixes directions.
        bundle.set_use_isolating(false);
        for source in sources(language) {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(resource, _)| resource);
            // A message id defined twice keeps its first definition; ui/tests/i18n.rs fails on it.
            let _ = bundle.add_resource(resource);
        }
        I18n { language, bundle }
    }

    /// Whether the message exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id`; the id itself when missing (visible in review, never a crash).
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with named arguments.
    pub fn t_with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        self.format(id, Some(&fluent))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// The message for a failed command as a whole.
    pub fn error(&self, error: &ApiError) -> String {
        match error {
            ApiError::TooManyAttempts { retry_after_secs } => self.t_with(
                "error-too-many-attempts",
                &[("seconds", FluentValue::from(*retry_after_secs))],
            ),
            other => self.t(&format!("error-{}", other.code().replace('_', "-"))),
        }
    }

    /// The message shown beside a field that broke a rule.
    pub fn field(&self, error: &FieldError) -> String {
        self.field_in(None, error)
    }

    /// Like [`I18n::field`], first trying `rule-<context>-<field>-<rule>`: the same field name can
    /// mean different things on different forms (`weight_g` is a set's load in the logger and
    /// the body weight in the metrics dialog).
    pub fn field_in(&self, context: Option<&str>, error: &FieldError) -> String {
        if let Some(context) = context {
            let in_context = format!("rule-{context}-{}-{}", error.field, error.rule.as_str());
            if self.has(&in_context) {
                return self.t(&in_context);
            }
        }
        let specific = format!("rule-{}-{}", error.field, error.rule.as_str());
        if self.has(&specific) {
            self.t(&specific)
        } else {
            self.t(&format!("rule-{}", error.rule.as_str()))
        }
    }
}

/// The i18n in context; English outside the app (component tests render pages alone).
#[hook]
pub fn use_i18n() -> Rc<I18n> {
    use_context::<Rc<I18n>>().unwrap_or_else(|| Rc::new(I18n::new(Language::En)))
}

/// A failed command split into messages beside fields and one general message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    /// Field name → its first broken rule's message.
    pub fields: HashMap<String, String>,
    /// For errors that concern no field (or fields this form does not show).
    pub general: Option<String>,
}

impl Problems {
    /// Maps an error; `shown` lists the fields the form has (others become the general message).
    pub fn of(i18n: &I18n, error: &ApiError, shown: &[&str]) -> Problems {
        Problems::of_in(i18n, error, shown, None)
    }

    /// Like [`Problems::of`], with field messages looked up in `context` first
    /// ([`I18n::field_in`]).
    pub fn of_in(i18n: &I18n, error: &ApiError, shown: &[&str], context: Option<&str>) -> Problems {
        let mut problems = Problems::default();
        match error {
            ApiError::Invalid { fields } => {
                for field in fields {
                    if shown.contains(&field.field.as_str()) {
                        problems
                            .fields
                            .entry(field.field.clone())
                            .or_insert_with(|| i18n.field_in(context, field));
                    } else if problems.general.is_none() {
                        problems.general = Some(i18n.error(error));
                    }
                }
                if problems.fields.is_empty() && problems.general.is_none() {
                    problems.general = Some(i18n.error(error));
                }
            }
            other => problems.general = Some(i18n.error(other)),
        }
        problems
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// A field's error line (nothing when the field is fine).
pub fn field_error(problems: &Problems, name: &str, testid: &str) -> Html {
    match problems.field(name) {
        Some(message) => html! {
            <span class="field-error" role="alert" data-testid={testid.to_owned()}>{ message }</span>
        },
        None => html! {},
    }
}
