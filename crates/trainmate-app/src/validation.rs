//! Core's validation findings as the contract's `invalid` error.

use trainmate_api::{ApiError, FieldError, Rule};
use trainmate_core::validate as core;

pub(crate) fn rule(rule: core::Rule) -> Rule {
    match rule {
        core::Rule::Required => Rule::Required,
        core::Rule::Min => Rule::Min,
        core::Rule::Max => Rule::Max,
        core::Rule::Format => Rule::Format,
        core::Rule::TooShort => Rule::TooShort,
        core::Rule::TooLong => Rule::TooLong,
        core::Rule::Weak => Rule::Weak,
        core::Rule::Mismatch => Rule::Mismatch,
        core::Rule::Taken => Rule::Taken,
        core::Rule::MustAccept => Rule::MustAccept,
        core::Rule::Type => Rule::Type,
    }
}

pub(crate) fn field(error: core::FieldError) -> FieldError {
    FieldError {
        field: error.field,
        rule: rule(error.rule),
    }
}

/// `invalid` listing every broken rule.
pub(crate) fn invalid(errors: Vec<core::FieldError>) -> ApiError {
    ApiError::Invalid {
        fields: errors.into_iter().map(field).collect(),
    }
}

/// `Ok` when nothing was found, `invalid` otherwise.
pub(crate) fn finish(errors: core::FieldErrors) -> Result<(), ApiError> {
    errors.finish().map_err(invalid)
}
