use serde::{Deserialize, Serialize};

/// What a command answers when it does not succeed. Serialized as `{"code": "...", ...}`; the codes
/// are stable and the UI maps them to localized text — it never parses a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ApiError {
    /// The target does not exist — or exists but the caller may not see it (indistinguishable).
    #[error("not found")]
    NotFound,
    /// The input broke one or more rules; each entry names the field and the rule.
    #[error("invalid input: {}", describe(fields))]
    Invalid { fields: Vec<FieldError> },
    /// A role-level action the caller's role may not take (no target involved).
    #[error("this account may not do that")]
    Forbidden,
    /// No one is signed in, or the session expired.
    #[error("sign in first")]
    Unauthenticated,
    /// A member added by a trainer must give the required consents before anything else.
    #[error("give the required consents first")]
    ConsentRequired,
    /// Email and password do not match an account (which part is wrong is not said).
    #[error("email or password is wrong")]
    WrongCredentials,
    /// Too many failed sign-ins for this email; try again after `retry_after_secs`.
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// The change clashes with existing data (e.g. an email already in use).
    #[error("conflict: {reason}")]
    Conflict { reason: String },
    /// The call did not reach the command or its reply could not be read (IPC-level failure).
    #[error("could not reach the app: {message}")]
    Ipc { message: String },
    /// Something failed inside the app (storage, I/O). Details are logged on the Rust side.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    /// The stable code, as serialized in the `code` field.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::Invalid { .. } => "invalid",
            ApiError::Forbidden => "forbidden",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::ConsentRequired => "consent_required",
            ApiError::WrongCredentials => "wrong_credentials",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Ipc { .. } => "ipc",
            ApiError::Internal => "internal",
        }
    }

    /// One invalid field.
    pub fn invalid(field: impl Into<String>, rule: Rule) -> Self {
        ApiError::Invalid {
            fields: vec![FieldError {
                field: field.into(),
                rule,
            }],
        }
    }
}

fn describe(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{} ({})", f.field, f.rule.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One broken rule: which field (dotted path, e.g. `sets.0.reps`) and which rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
}

/// The rules a field can break. The UI has a message for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Required,
    Min,
    Max,
    Format,
    TooShort,
    TooLong,
    /// A password lacks a letter, a digit or a special character.
    Weak,
    /// Confirmation differs from the value it confirms.
    Mismatch,
    /// Already used by another record (e.g. email).
    Taken,
    /// A required consent was not given.
    MustAccept,
    /// The value is not one of the allowed choices, or has the wrong JSON type.
    Type,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Min => "min",
            Rule::Max => "max",
            Rule::Format => "format",
            Rule::TooShort => "too_short",
            Rule::TooLong => "too_long",
            Rule::Weak => "weak",
            Rule::Mismatch => "mismatch",
            Rule::Taken => "taken",
            Rule::MustAccept => "must_accept",
            Rule::Type => "type",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_on_the_wire() {
        let cases = [
            (ApiError::NotFound, r#"{"code":"not_found"}"#),
            (
                ApiError::invalid("reps", Rule::Max),
                r#"{"code":"invalid","fields":[{"field":"reps","rule":"max"}]}"#,
            ),
            (
                ApiError::TooManyAttempts {
                    retry_after_secs: 30,
                },
                r#"{"code":"too_many_attempts","retry_after_secs":30}"#,
            ),
            (ApiError::Internal, r#"{"code":"internal"}"#),
        ];
        for (error, json) in cases {
            assert_eq!(serde_json::to_string(&error).unwrap(), json);
            let back: ApiError = serde_json::from_str(json).unwrap();
            assert_eq!(back, error);
            assert_eq!(json.split('"').nth(3), Some(error.code()));
        }
    }
}
