//! Sign-up, sign-in backoff, sessions, passwords, the recovery code, consent, and sync capture of
//! account changes. Stored state is checked with plain SQL on the database file.

mod common;

use common::*;
use rusqlite::OptionalExtension;
use serde_json::json;
use trainmate_api::*;

// ---------------------------------------------------------------- sign-up

#[test]
fn trainer_sign_up_stores_the_account_signs_in_and_shows_a_recovery_code_once() {
    let t = TestApp::new();
    let reply = t.sign_up(UserType::Trainer, "  김 트레이너 ", " Coach.Kim@Gym.KR ");
    assert_eq!(reply.me.user_type, UserType::Trainer);
    assert_eq!(reply.me.name, "김 트레이너");
    assert_eq!(reply.me.email, "Coach.Kim@Gym.KR");
    assert!(!reply.me.needs_consent);
    let code = reply
        .recovery_code
        .clone()
        .expect("a trainer gets a recovery code");
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 4, "{code}");
    for group in &groups {
        assert_eq!(group.len(), 5, "{code}");
        assert!(
            group
                .chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)),
            "{code} is base32"
        );
    }
    // Signed in straight away.
    assert_eq!(t.me(), Some(reply.me.clone()));

    let user = reply.me.user_id;
    assert_eq!(t.user_column::<String>(user, "user_type"), "trainer");
    assert_eq!(t.user_column::<String>(user, "name"), "김 트레이너");
    assert_eq!(t.user_column::<String>(user, "email"), "Coach.Kim@Gym.KR");
    assert_eq!(
        t.user_column::<String>(user, "email_key"),
        "coach.kim@gym.kr"
    );
    let password_hash: String = t.user_column(user, "password_hash");
    assert!(password_hash.starts_with("$argon2id$"), "{password_hash}");
    assert!(!password_hash.contains(PASSWORD));
    let code_hash: String = t.user_column(user, "recovery_code_hash");
    assert!(code_hash.starts_with("$argon2id$"), "{code_hash}");
    assert!(!code_hash.contains(&code) && !code_hash.contains(&code.replace('-', "")));
    assert_eq!(
        t.user_column::<Option<i64>>(user, "terms_consent_at"),
        Some(T0),
        "terms accepted at sign-up time"
    );
    assert_eq!(
        t.user_column::<Option<i64>>(user, "privacy_consent_at"),
        Some(T0)
    );
    assert_eq!(
        t.user_column::<Option<i64>>(user, "marketing_consent_at"),
        None
    );
    assert_eq!(t.user_column::<Option<String>>(user, "trainer_id"), None);
    let conn = t.sql();
    // One open session, not kept across restarts.
    let sessions: (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(survives_restart), 0) FROM sessions
             WHERE user_id = ?1 AND ended_at IS NULL",
            [id(reply.me.user_id)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(sessions, (1, 0));
}

#[test]
fn member_sign_up_has_no_recovery_code_and_records_marketing_consent_time() {
    let t = TestApp::new();
    t.advance_ms(1_234);
    let mut args = sign_up_args(UserType::Member, "Lee", "lee@example.com");
    args.accept_marketing = true;
    let reply = t.run::<SignUp>(args).unwrap();
    assert_eq!(reply.me.user_type, UserType::Member);
    assert_eq!(reply.recovery_code, None);
    assert!(!reply.me.needs_consent);
    let (code_hash, marketing, trainer): (Option<String>, Option<i64>, Option<String>) = t
        .sql()
        .query_row(
            "SELECT recovery_code_hash, marketing_consent_at, trainer_id FROM users WHERE id = ?1",
            [id(reply.me.user_id)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(code_hash, None);
    assert_eq!(marketing, Some(T0 + 1_234));
    assert_eq!(trainer, None, "a member who signs up alone is unassigned");
    // The member is signed in (a member session idles out; see the session tests).
    assert_eq!(t.me().map(|m| m.user_id), Some(reply.me.user_id));
}

#[test]
fn regression_8_signup_rejects_false_consents() {
    let t = TestApp::new();
    let mut args = sign_up_args(UserType::Trainer, "Kim", "kim@gym.kr");
    args.accept_terms = false;
    args.accept_privacy = false;
    assert_err(
        t.run::<SignUp>(args.clone()),
        invalid(&[
            ("accept_terms", Rule::MustAccept),
            ("accept_privacy", Rule::MustAccept),
        ]),
    );
    args.accept_terms = true;
    assert_err(
        t.run::<SignUp>(args.clone()),
        invalid(&[("accept_privacy", Rule::MustAccept)]),
    );
    args.accept_terms = false;
    args.accept_privacy = true;
    assert_err(
        t.run::<SignUp>(args),
        invalid(&[("accept_terms", Rule::MustAccept)]),
    );
    // Through the wire too, and nothing is stored.
    let wire = json!({
        "accept_terms": false, "accept_privacy": false, "user_type": "member",
        "name": "Kim", "email": "kim@gym.kr",
        "password": PASSWORD, "password_confirmation": PASSWORD,
    });
    assert_err(
        t.json::<SignUp>(wire),
        invalid(&[
            ("accept_terms", Rule::MustAccept),
            ("accept_privacy", Rule::MustAccept),
        ]),
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 0);
    assert_eq!(t.count("SELECT COUNT(*) FROM sessions", []), 0);
    assert_eq!(t.me(), None);
}

#[test]
fn sign_up_reports_every_broken_field_at_once() {
    let t = TestApp::new();
    let args = SignUpArgs {
        accept_terms: false,
        accept_privacy: true,
        accept_marketing: false,
        user_type: UserType::Member,
        name: "   ".into(),
        email: "not-an-email".into(),
        password: "short1!".into(),
        password_confirmation: "different".into(),
    };
    assert_err(
        t.run::<SignUp>(args),
        invalid(&[
            ("accept_terms", Rule::MustAccept),
            ("name", Rule::Required),
            ("email", Rule::Format),
            ("password", Rule::TooShort),
            ("password_confirmation", Rule::Mismatch),
        ]),
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 0);
}

#[test]
fn sign_up_field_rules() {
    let t = TestApp::new();
    let long_name = "가".repeat(101);
    let long_email = format!("{}@gym.kr", "a".repeat(250));
    let long_password = format!("{}1!", "a".repeat(127));
    let cases: Vec<(&str, &str, &str, &str, ApiError)> = vec![
        (
            "",
            "a@b.kr",
            PASSWORD,
            PASSWORD,
            invalid(&[("name", Rule::Required)]),
        ),
        (
            &long_name,
            "a@b.kr",
            PASSWORD,
            PASSWORD,
            invalid(&[("name", Rule::TooLong)]),
        ),
        (
            "Tab\tName",
            "a@b.kr",
            PASSWORD,
            PASSWORD,
            invalid(&[("name", Rule::Format)]),
        ),
        (
            "Kim",
            "",
            PASSWORD,
            PASSWORD,
            invalid(&[("email", Rule::Required)]),
        ),
        (
            "Kim",
            "kim@gym",
            PASSWORD,
            PASSWORD,
            invalid(&[("email", Rule::Format)]),
        ),
        (
            "Kim",
            &long_email,
            PASSWORD,
            PASSWORD,
            invalid(&[("email", Rule::TooLong)]),
        ),
        (
            "Kim",
            "a@b.kr",
            "",
            "",
            invalid(&[
                ("password", Rule::Required),
                ("password_confirmation", Rule::Required),
            ]),
        ),
        (
            "Kim",
            "a@b.kr",
            "abcdefghij",
            "abcdefghij",
            invalid(&[("password", Rule::Weak)]),
        ),
        (
            "Kim",
            "a@b.kr",
            "abcdefghi1",
            "abcdefghi1",
            invalid(&[("password", Rule::Weak)]),
        ),
        (
            "Kim",
            "a@b.kr",
            "1234567890!",
            "1234567890!",
            invalid(&[("password", Rule::Weak)]),
        ),
        (
            "Kim",
            "a@b.kr",
            &long_password,
            &long_password,
            invalid(&[("password", Rule::TooLong)]),
        ),
        (
            "Kim",
            "a@b.kr",
            PASSWORD,
            "",
            invalid(&[("password_confirmation", Rule::Required)]),
        ),
        (
            "Kim",
            "a@b.kr",
            PASSWORD,
            "Correct horse 1",
            invalid(&[("password_confirmation", Rule::Mismatch)]),
        ),
    ];
    for (name, email, password, confirmation, expected) in cases {
        let mut args = sign_up_args(UserType::Trainer, name, email);
        args.password = password.into();
        args.password_confirmation = confirmation.into();
        assert_eq!(
            t.run::<SignUp>(args).unwrap_err(),
            expected,
            "{name:?} {email:?} {password:?} {confirmation:?}"
        );
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 0);
    // Korean letters count as letters; 128 characters is the longest accepted.
    let korean = "비밀번호는길어야해요1!";
    let mut args = sign_up_args(UserType::Member, "Park", "park@gym.kr");
    args.password = korean.into();
    args.password_confirmation = korean.into();
    t.run::<SignUp>(args)
        .expect("a Korean password meets the policy");
    let longest = format!("{}1!", "a".repeat(126));
    let mut args = sign_up_args(UserType::Member, "Choi", "choi@gym.kr");
    args.password = longest.clone();
    args.password_confirmation = longest;
    t.run::<SignUp>(args).expect("128 characters are accepted");
}

#[test]
fn sign_up_email_is_unique_whatever_its_case() {
    let t = TestApp::new();
    t.trainer("Kim", "Kim@Gym.kr");
    let mut args = sign_up_args(UserType::Member, "Other Kim", "  kim@GYM.KR ");
    assert_err(
        t.run::<SignUp>(args.clone()),
        invalid(&[("email", Rule::Taken)]),
    );
    // Reported together with the other broken fields.
    args.name = String::new();
    assert_err(
        t.run::<SignUp>(args),
        invalid(&[("name", Rule::Required), ("email", Rule::Taken)]),
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 1);
}

#[test]
fn sign_up_malformed_json_names_the_field() {
    let t = TestApp::new();
    let good = json!({
        "accept_terms": true, "accept_privacy": true, "user_type": "trainer",
        "name": "Kim", "email": "kim@gym.kr",
        "password": PASSWORD, "password_confirmation": PASSWORD,
    });
    let with = |key: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[key] = value;
        v
    };
    let without = |key: &str| {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(key);
        v
    };
    let cases = [
        (with("user_type", json!("admin")), "user_type", Rule::Type),
        (
            with("accept_terms", json!("yes")),
            "accept_terms",
            Rule::Type,
        ),
        (with("name", json!(42)), "name", Rule::Type),
        (without("password"), "password", Rule::Required),
        (without("accept_privacy"), "accept_privacy", Rule::Required),
    ];
    for (args, field, rule) in cases {
        assert_err(t.json::<SignUp>(args.clone()), invalid(&[(field, rule)]));
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM users", []), 0);
    // `accept_marketing` may be left out.
    t.json::<SignUp>(good)
        .expect("the well-formed sign-up succeeds");
}

// ---------------------------------------------------------------- sign-in backoff and sessions

#[test]
fn failed_sign_ins_back_off_per_email_and_survive_a_restart() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    t.sign_out();
    for _ in 0..3 {
        assert_err(
            t.sign_in_with("kim@gym.kr", "Wrong pass 1!"),
            ApiError::WrongCredentials,
        );
    }
    // Three failures: the next attempt waits 5 s — even with the right password.
    assert_err(
        t.sign_in_with("KIM@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    t.advance_ms(2_000);
    let t = t.restart();
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 3,
        },
    );
    t.advance_ms(3_000);
    // A fourth failure doubles the wait to 10 s.
    assert_err(
        t.sign_in_with("kim@gym.kr", "Wrong pass 1!"),
        ApiError::WrongCredentials,
    );
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 10,
        },
    );
    let stored: (i64, i64) = t
        .sql()
        .query_row(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE email_key = 'kim@gym.kr'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, (4, T0 + 5_000));
    t.advance_ms(10_000);
    assert_eq!(t.sign_in("kim@gym.kr").email, "kim@gym.kr");
    assert_eq!(
        t.count("SELECT COUNT(*) FROM sign_in_failures", []),
        0,
        "a successful sign-in clears the failures"
    );
}

#[test]
fn unknown_emails_back_off_too() {
    let t = TestApp::new();
    for _ in 0..3 {
        assert_err(
            t.sign_in_with("ghost@gym.kr", PASSWORD),
            ApiError::WrongCredentials,
        );
    }
    assert_err(
        t.sign_in_with("ghost@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    assert_eq!(
        t.count(
            "SELECT failures FROM sign_in_failures WHERE email_key = 'ghost@gym.kr'",
            []
        ),
        3
    );
}

#[test]
fn a_member_session_ends_after_ten_idle_minutes() {
    let t = TestApp::new();
    let member = t.lone_member("Lee", "lee@gym.kr");
    t.sign_out();
    t.sign_in("lee@gym.kr");
    // Each command pushes the expiry on: 9 min 59 s, then another 9 min 59 s, still signed in.
    t.advance_ms(9 * 60_000 + 59_000);
    assert_eq!(t.me().map(|m| m.user_id), Some(member));
    t.advance_ms(9 * 60_000 + 59_000);
    assert_eq!(t.me().map(|m| m.user_id), Some(member));
    // Ten idle minutes end it.
    t.advance_ms(10 * 60_000);
    assert_err(t.run::<GetSettings>(NoArgs {}), ApiError::Unauthenticated);
    assert_eq!(t.me(), None);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM sessions WHERE user_id = ?1 AND ended_at IS NULL",
            [id(member)]
        ),
        0
    );
}

#[test]
fn a_kept_trainer_session_resumes_after_a_restart_and_others_do_not() {
    let t = TestApp::new();
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    t.sign_out();
    t.run::<SignIn>(SignInArgs {
        email: "kim@gym.kr".into(),
        password: PASSWORD.into(),
        keep_signed_in: true,
    })
    .unwrap();
    t.advance_ms(24 * 3_600_000);
    let t = t.restart();
    assert_eq!(
        t.me().map(|m| m.user_id),
        Some(trainer),
        "kept session resumed"
    );
    // Without "keep me signed in" the session ends with the app.
    t.sign_in("kim@gym.kr");
    let t = t.restart();
    assert_eq!(t.me(), None);
    // A member's session never survives a restart, even when they ask.
    t.lone_member("Lee", "lee@gym.kr");
    t.sign_out();
    t.run::<SignIn>(SignInArgs {
        email: "lee@gym.kr".into(),
        password: PASSWORD.into(),
        keep_signed_in: true,
    })
    .unwrap();
    let t = t.restart();
    assert_eq!(t.me(), None);
}

// ---------------------------------------------------------------- change password

#[test]
fn change_password_replaces_the_hash_and_ends_the_accounts_other_sessions() {
    let t = TestApp::new();
    let (trainer, _) = t.trainer("Kim", "kim@gym.kr");
    // Another window of the app keeps a session for the same trainer.
    let other = t.second_app();
    other
        .sign_in(SignInArgs {
            email: "kim@gym.kr".into(),
            password: PASSWORD.into(),
            keep_signed_in: true,
        })
        .unwrap();
    let before: String = t
        .sql()
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [id(trainer)],
            |r| r.get(0),
        )
        .unwrap();
    t.advance_ms(500);
    t.run::<ChangePassword>(ChangePasswordArgs {
        current_password: PASSWORD.into(),
        password: NEW_PASSWORD.into(),
        password_confirmation: NEW_PASSWORD.into(),
    })
    .unwrap();
    let (after, updated_at): (String, i64) = t
        .sql()
        .query_row(
            "SELECT password_hash, updated_at FROM users WHERE id = ?1",
            [id(trainer)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_ne!(after, before);
    assert!(after.starts_with("$argon2id$"));
    assert_eq!(updated_at, T0 + 500);
    // This session goes on; the kept one elsewhere was ended and does not resume.
    assert_eq!(t.me().map(|m| m.user_id), Some(trainer));
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM sessions WHERE user_id = ?1 AND ended_at IS NULL",
            [id(trainer)]
        ),
        1
    );
    drop(other);
    let t = t.restart();
    assert_eq!(t.me(), None);
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::WrongCredentials,
    );
    t.sign_in_with("kim@gym.kr", NEW_PASSWORD)
        .expect("the new password works");
}

#[test]
fn change_password_validation_and_wrong_current_password() {
    let t = TestApp::new();
    assert_err(
        t.run::<ChangePassword>(ChangePasswordArgs {
            current_password: PASSWORD.into(),
            password: NEW_PASSWORD.into(),
            password_confirmation: NEW_PASSWORD.into(),
        }),
        ApiError::Unauthenticated,
    );
    t.trainer("Kim", "kim@gym.kr");
    assert_err(
        t.run::<ChangePassword>(ChangePasswordArgs {
            current_password: String::new(),
            password: "weakpassword".into(),
            password_confirmation: "weakpassword".into(),
        }),
        invalid(&[
            ("current_password", Rule::Required),
            ("password", Rule::Weak),
        ]),
    );
    assert_err(
        t.run::<ChangePassword>(ChangePasswordArgs {
            current_password: PASSWORD.into(),
            password: NEW_PASSWORD.into(),
            password_confirmation: "Battery staple 3?".into(),
        }),
        invalid(&[("password_confirmation", Rule::Mismatch)]),
    );
    let wrong = ChangePasswordArgs {
        current_password: "Not my pass 9!".into(),
        password: NEW_PASSWORD.into(),
        password_confirmation: NEW_PASSWORD.into(),
    };
    // A wrong current password is a field error, and counts like a failed sign-in.
    for _ in 0..3 {
        assert_err(
            t.run::<ChangePassword>(wrong.clone()),
            invalid(&[("current_password", Rule::Mismatch)]),
        );
    }
    assert_err(
        t.run::<ChangePassword>(ChangePasswordArgs {
            current_password: PASSWORD.into(),
            ..wrong
        }),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    t.sign_out();
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    t.advance_ms(5_000);
    t.sign_in("kim@gym.kr");
}

// ---------------------------------------------------------------- recovery code

fn reset_args(email: &str, code: &str, password: &str) -> ResetWithRecoveryCodeArgs {
    ResetWithRecoveryCodeArgs {
        email: email.into(),
        recovery_code: code.into(),
        password: password.into(),
        password_confirmation: password.into(),
    }
}

#[test]
fn a_recovery_code_resets_the_password_once_and_is_replaced() {
    let t = TestApp::new();
    let (trainer, code) = t.trainer("Kim", "kim@gym.kr");
    let hash_before: String = t
        .sql()
        .query_row(
            "SELECT recovery_code_hash FROM users WHERE id = ?1",
            [id(trainer)],
            |r| r.get(0),
        )
        .unwrap();
    // Typed in lower case with spaces instead of dashes: still the code.
    let typed = code.to_lowercase().replace('-', " ");
    let reply = t
        .run::<ResetWithRecoveryCode>(reset_args(" KIM@gym.kr", &typed, NEW_PASSWORD))
        .unwrap();
    assert_ne!(reply.recovery_code, code);
    assert_eq!(reply.recovery_code.len(), 23);
    let hash_after: String = t
        .sql()
        .query_row(
            "SELECT recovery_code_hash FROM users WHERE id = ?1",
            [id(trainer)],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(hash_after, hash_before);
    // Every session of the account ended, this app's too.
    assert_eq!(t.me(), None);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM sessions WHERE user_id = ?1 AND ended_at IS NULL",
            [id(trainer)]
        ),
        0
    );
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::WrongCredentials,
    );
    t.sign_in_with("kim@gym.kr", NEW_PASSWORD)
        .expect("new password");
    // The used code no longer works; the new one does.
    assert_err(
        t.run::<ResetWithRecoveryCode>(reset_args("kim@gym.kr", &code, PASSWORD)),
        ApiError::WrongCredentials,
    );
    t.run::<ResetWithRecoveryCode>(reset_args("kim@gym.kr", &reply.recovery_code, PASSWORD))
        .expect("the new code works");
    t.sign_in_with("kim@gym.kr", PASSWORD).expect("reset again");
}

#[test]
fn wrong_recovery_codes_answer_wrong_credentials_and_back_off_with_sign_in() {
    let t = TestApp::new();
    let (_, code) = t.trainer("Kim", "kim@gym.kr");
    t.add_member("Lee", "lee@gym.kr");
    t.sign_out();
    // A member has no recovery code, an unknown email neither: the same answer as a wrong code.
    assert_err(
        t.run::<ResetWithRecoveryCode>(reset_args("lee@gym.kr", &code, NEW_PASSWORD)),
        ApiError::WrongCredentials,
    );
    assert_err(
        t.run::<ResetWithRecoveryCode>(reset_args("nobody@gym.kr", &code, NEW_PASSWORD)),
        ApiError::WrongCredentials,
    );
    for _ in 0..3 {
        assert_err(
            t.run::<ResetWithRecoveryCode>(reset_args(
                "kim@gym.kr",
                "AAAAA-AAAAA-AAAAA-AAAAA",
                NEW_PASSWORD,
            )),
            ApiError::WrongCredentials,
        );
    }
    // The right code must wait now, and so must sign-in for that email.
    assert_err(
        t.run::<ResetWithRecoveryCode>(reset_args("kim@gym.kr", &code, NEW_PASSWORD)),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    assert_err(
        t.sign_in_with("kim@gym.kr", PASSWORD),
        ApiError::TooManyAttempts {
            retry_after_secs: 5,
        },
    );
    t.advance_ms(5_000);
    t.run::<ResetWithRecoveryCode>(reset_args("kim@gym.kr", &code, NEW_PASSWORD))
        .expect("after the wait");
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM sign_in_failures WHERE email_key = 'kim@gym.kr'",
            []
        ),
        0
    );
}

#[test]
fn reset_with_recovery_code_validation() {
    let t = TestApp::new();
    assert_err(
        t.run::<ResetWithRecoveryCode>(ResetWithRecoveryCodeArgs {
            email: "".into(),
            recovery_code: " - ".into(),
            password: "short".into(),
            password_confirmation: "".into(),
        }),
        invalid(&[
            ("email", Rule::Required),
            ("recovery_code", Rule::Required),
            ("password", Rule::TooShort),
            ("password_confirmation", Rule::Required),
        ]),
    );
    assert_err(
        t.run::<ResetWithRecoveryCode>(reset_args("kim", "ABCDE", NEW_PASSWORD)),
        invalid(&[("email", Rule::Format)]),
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM sign_in_failures", []),
        0,
        "invalid input is not a failed attempt"
    );
}

// ---------------------------------------------------------------- consent

#[test]
fn a_member_added_by_a_trainer_gives_consent_at_first_sign_in() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    let member = t.add_member("Lee", "lee@gym.kr");
    t.sign_out();
    let me = t.sign_in("lee@gym.kr");
    assert!(me.needs_consent);
    // Until the consents are given, the member's data stays closed — enforced in Rust.
    assert_err(
        t.run::<GetProfile>(MemberRef { member_id: member }),
        ApiError::ConsentRequired,
    );
    assert_err(
        t.run::<ListSessions>(ListSessionsArgs {
            member_id: member,
            from: None,
            to: None,
        }),
        ApiError::ConsentRequired,
    );
    assert!(
        t.run::<GetSettings>(NoArgs {}).is_ok(),
        "settings work before consent"
    );
    assert_eq!(t.run::<CurrentUser>(NoArgs {}).unwrap(), Some(me.clone()));
    assert_err(
        t.run::<GiveConsent>(ConsentArgs {
            accept_terms: false,
            accept_privacy: false,
            accept_marketing: true,
        }),
        invalid(&[
            ("accept_terms", Rule::MustAccept),
            ("accept_privacy", Rule::MustAccept),
        ]),
    );
    assert_err(
        t.run::<GiveConsent>(ConsentArgs {
            accept_terms: true,
            accept_privacy: false,
            accept_marketing: false,
        }),
        invalid(&[("accept_privacy", Rule::MustAccept)]),
    );
    let consents = |t: &TestApp| -> (Option<i64>, Option<i64>, Option<i64>) {
        t.sql()
            .query_row(
                "SELECT terms_consent_at, privacy_consent_at, marketing_consent_at
                 FROM users WHERE id = ?1",
                [id(member)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    assert_eq!(consents(&t), (None, None, None), "refusals store nothing");
    t.advance_ms(7_000);
    let me = t
        .run::<GiveConsent>(ConsentArgs {
            accept_terms: true,
            accept_privacy: true,
            accept_marketing: true,
        })
        .unwrap();
    assert!(!me.needs_consent);
    assert_eq!(me.user_id, member);
    assert!(
        t.run::<GetProfile>(MemberRef { member_id: member }).is_ok(),
        "open after consent"
    );
    let at = T0 + 7_000;
    assert_eq!(consents(&t), (Some(at), Some(at), Some(at)));
    // Later: marketing withdrawn; the required consents keep the time they were given.
    t.advance_ms(60_000);
    t.run::<GiveConsent>(ConsentArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
    })
    .unwrap();
    assert_eq!(consents(&t), (Some(at), Some(at), None));
    assert!(!t.sign_in("lee@gym.kr").needs_consent);
}

#[test]
fn give_consent_needs_a_signed_in_user() {
    let t = TestApp::new();
    assert_err(
        t.run::<GiveConsent>(ConsentArgs {
            accept_terms: true,
            accept_privacy: true,
            accept_marketing: false,
        }),
        ApiError::Unauthenticated,
    );
}

// ---------------------------------------------------------------- sync capture

fn enable_capture(t: &TestApp, trainer: uuid::Uuid) {
    trainmate_store::outbox::enable_capture(&t.sql_rw(), &id(trainer), T0).unwrap();
}

#[test]
fn without_capture_account_changes_write_no_outbox_records() {
    let t = TestApp::new();
    t.trainer("Kim", "kim@gym.kr");
    t.add_member("Lee", "lee@gym.kr");
    t.run::<ChangePassword>(ChangePasswordArgs {
        current_password: PASSWORD.into(),
        password: NEW_PASSWORD.into(),
        password_confirmation: NEW_PASSWORD.into(),
    })
    .unwrap();
    assert_eq!(t.count("SELECT COUNT(*) FROM outbox", []), 0);
}

#[test]
fn with_capture_account_changes_are_recorded_in_the_trainers_scope() {
    let t = TestApp::new();
    let (trainer, code) = t.trainer("Kim", "kim@gym.kr");
    enable_capture(&t, trainer);
    let member = t.add_member("Lee", "lee@gym.kr");
    t.run::<ChangePassword>(ChangePasswordArgs {
        current_password: PASSWORD.into(),
        password: NEW_PASSWORD.into(),
        password_confirmation: NEW_PASSWORD.into(),
    })
    .unwrap();
    t.sign_out();
    t.run::<ResetWithRecoveryCode>(reset_args("kim@gym.kr", &code, PASSWORD))
        .unwrap();
    t.sign_in("lee@gym.kr");
    t.run::<GiveConsent>(ConsentArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
    })
    .unwrap();

    let records = t.outbox();
    assert_eq!(records.len(), 4, "{records:#?}");
    let trainer_id = id(trainer);
    assert!(records
        .iter()
        .all(|r| r.trainer_id == trainer_id && r.table == "users"));
    assert!(records.iter().all(|r| r.op == "upsert"));

    // 1. The new member: every synced column, no device-only ones.
    let added = &records[0];
    assert_eq!(added.row_id, id(member));
    assert_eq!(
        added.column_names(),
        [
            "birth_date",
            "created_at",
            "email",
            "email_key",
            "marketing_consent_at",
            "name",
            "password_hash",
            "phone",
            "privacy_consent_at",
            "terms_consent_at",
            "trainer_id",
            "updated_at",
            "user_type",
        ]
    );
    assert_eq!(added.columns["name"], json!("Lee"));
    assert_eq!(added.columns["trainer_id"], json!(trainer_id));
    assert_eq!(added.columns["user_type"], json!("member"));
    assert_eq!(added.columns["terms_consent_at"], json!(null));
    let member_hash: String = t
        .sql()
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [id(member)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(added.columns["password_hash"], json!(member_hash));

    // 2. The trainer's password change: the hash and the time only.
    assert_eq!(records[1].row_id, trainer_id);
    assert_eq!(records[1].column_names(), ["password_hash", "updated_at"]);
    // 3. The reset: the password hash, never the recovery code hash.
    assert_eq!(records[2].row_id, trainer_id);
    assert_eq!(records[2].column_names(), ["password_hash", "updated_at"]);
    let final_hash: String = t
        .sql()
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [&trainer_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(records[2].columns["password_hash"], json!(final_hash));
    // 4. The member's consent.
    assert_eq!(records[3].row_id, id(member));
    assert_eq!(
        records[3].column_names(),
        [
            "marketing_consent_at",
            "privacy_consent_at",
            "terms_consent_at",
            "updated_at"
        ]
    );
    let consent_time = t.now();
    assert_eq!(records[3].columns["terms_consent_at"], json!(consent_time));
    assert_eq!(records[3].columns["marketing_consent_at"], json!(null));
    // No record anywhere mentions the recovery code.
    for record in &records {
        assert!(record.columns.get("recovery_code_hash").is_none());
        assert!(record.columns.get("photo_file").is_none());
    }
    // The device sequence is contiguous from 1.
    let seqs: Vec<i64> = {
        let conn = t.sql();
        let mut s = conn
            .prepare("SELECT device_seq FROM outbox ORDER BY device_seq")
            .unwrap();
        let rows = s.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(seqs, [1, 2, 3, 4]);
    // A member who signed up alone has no scope: nothing recorded.
    t.lone_member("Park", "park@gym.kr");
    assert_eq!(t.outbox().len(), 4);
    let none: Option<String> = t
        .sql()
        .query_row(
            "SELECT row_id FROM outbox WHERE columns LIKE '%park@gym.kr%'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap();
    assert_eq!(none, None);
}
