//! Who is signed in on this device. One session at a time per app; stored in SQLite with an
//! expiry so a trainer's "keep me signed in" survives restarts and a member's ends after 10
//! minutes idle.

use trainmate_store::accounts::SessionRow;

/// A trainer's kept session lasts this long without use.
pub const KEPT_SESSION_MS: i64 = 30 * 24 * 3_600_000;
/// A trainer's session without "keep me signed in" ends with the app, or after this long.
pub const APP_SESSION_MS: i64 = 12 * 3_600_000;
/// A member is signed out after this long without a command.
pub const MEMBER_IDLE_MS: i64 = 10 * 60_000;

/// The session's expiry rules, decided at sign-in.
pub struct SessionPlan {
    pub lifetime_ms: i64,
    pub idle_timeout_ms: Option<i64>,
    pub survives_restart: bool,
}

pub fn plan(is_trainer: bool, keep_signed_in: bool) -> SessionPlan {
    match (is_trainer, keep_signed_in) {
        (true, true) => SessionPlan {
            lifetime_ms: KEPT_SESSION_MS,
            idle_timeout_ms: None,
            survives_restart: true,
        },
        (true, false) => SessionPlan {
            lifetime_ms: APP_SESSION_MS,
            idle_timeout_ms: None,
            survives_restart: false,
        },
        // Members share the trainer's device: never kept, and idle ends it.
        (false, _) => SessionPlan {
            lifetime_ms: MEMBER_IDLE_MS,
            idle_timeout_ms: Some(MEMBER_IDLE_MS),
            survives_restart: false,
        },
    }
}

/// The session the app is acting for.
pub type ActiveSession = SessionRow;

#[cfg(test)]
mod tests {
    use super::*;

    /// `signed_in_before_consent` keeps a sliding expiry in memory only; that is sound because
    /// no session that slides is ever restored after a restart.
    #[test]
    fn a_sliding_session_never_survives_a_restart() {
        for is_trainer in [true, false] {
            for keep in [true, false] {
                let p = plan(is_trainer, keep);
                assert!(
                    !(p.idle_timeout_ms.is_some() && p.survives_restart),
                    "trainer={is_trainer} keep={keep}"
                );
            }
        }
        assert_eq!(plan(false, true).idle_timeout_ms, Some(10 * 60 * 1000));
    }
}
