//! Helpers of the accounts, members, profiles and settings tests.
//!
//! The app runs on a temporary data directory with a [`ManualClock`]; users are made through the
//! app's own sign-up and add-member commands (that is what these tests exercise), while every
//! check of what was stored reads the database file with plain SQL on a separate read-only
//! connection — never through the code under test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use trainmate_api::*;
use trainmate_app::{App, Execute, ManualClock};
use uuid::Uuid;

/// A password that meets the policy (letter, digit, special, 10+ characters).
pub const PASSWORD: &str = "Correct horse 1!";
/// Another one, for changes and resets.
pub const NEW_PASSWORD: &str = "Battery staple 2?";
/// The clock's start: 2025-06-15 00:00:00 UTC, in ms.
pub const T0: i64 = 1_749_945_600_000;

pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub clock: ManualClock,
    pub app: App,
}

impl TestApp {
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = ManualClock::at(T0);
        let app = App::open_with_clock(dir.path(), Arc::new(clock.clone())).expect("app opens");
        TestApp { dir, clock, app }
    }

    /// Closes the app and opens it again on the same data directory (a restart).
    pub fn restart(self) -> TestApp {
        let TestApp { dir, clock, app } = self;
        drop(app);
        let app = App::open_with_clock(dir.path(), Arc::new(clock.clone())).expect("app reopens");
        TestApp { dir, clock, app }
    }

    /// A second app on the same data directory (another window, or a restart while this one
    /// still runs).
    pub fn second_app(&self) -> App {
        App::open_with_clock(self.dir.path(), Arc::new(self.clock.clone())).expect("app opens")
    }

    pub fn now(&self) -> i64 {
        use trainmate_app::Clock;
        self.clock.now_ms()
    }

    pub fn advance_ms(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join(trainmate_app::DATABASE_FILE)
    }

    /// A read-only connection to the app's database file, for the tests' own SQL.
    pub fn sql(&self) -> Connection {
        read_only(&self.db_path())
    }

    /// A read-write connection, for arranging data the app has no command for.
    pub fn sql_rw(&self) -> Connection {
        let conn = Connection::open(self.db_path()).expect("open the database");
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .expect("busy timeout");
        conn.pragma_update(None, "foreign_keys", "ON")
            .expect("foreign keys");
        conn
    }

    /// Executes a typed command.
    pub fn run<C: Execute>(&self, args: C::Args) -> Result<C::Reply, ApiError> {
        C::execute(&self.app, args)
    }

    /// Executes a command from raw JSON, as the shell does.
    pub fn json<C: Execute>(&self, args: Value) -> Result<C::Reply, ApiError> {
        self.app.call::<C>(Some(args))
    }

    pub fn sign_up(&self, user_type: UserType, name: &str, email: &str) -> SignUpReply {
        self.run::<SignUp>(sign_up_args(user_type, name, email))
            .unwrap_or_else(|e| panic!("sign-up of {email}: {e:?}"))
    }

    /// Signs up a trainer (who stays signed in) and answers their id and recovery code.
    pub fn trainer(&self, name: &str, email: &str) -> (Uuid, String) {
        let reply = self.sign_up(UserType::Trainer, name, email);
        (
            reply.me.user_id,
            reply.recovery_code.expect("a trainer gets a code"),
        )
    }

    /// Signs up a member on their own (unassigned; they stay signed in).
    pub fn lone_member(&self, name: &str, email: &str) -> Uuid {
        self.sign_up(UserType::Member, name, email).me.user_id
    }

    /// The signed-in trainer adds a member who can sign in with [`PASSWORD`].
    pub fn add_member(&self, name: &str, email: &str) -> Uuid {
        self.run::<AddMember>(AddMemberArgs {
            name: name.into(),
            email: email.into(),
            phone: None,
            password: Some(PASSWORD.into()),
            password_confirmation: Some(PASSWORD.into()),
        })
        .unwrap_or_else(|e| panic!("add member {email}: {e:?}"))
        .member_id
    }

    pub fn sign_in(&self, email: &str) -> Me {
        self.sign_in_with(email, PASSWORD)
            .unwrap_or_else(|e| panic!("sign-in of {email}: {e:?}"))
    }

    /// Signs in and, for a member a trainer added, gives the required consents first-sign-in
    /// style, so the member's data is open to them.
    pub fn sign_in_consented(&self, email: &str) -> Me {
        let me = self.sign_in(email);
        if !me.needs_consent {
            return me;
        }
        self.run::<GiveConsent>(ConsentArgs {
            accept_terms: true,
            accept_privacy: true,
            accept_marketing: false,
        })
        .unwrap_or_else(|e| panic!("consent of {email}: {e:?}"))
    }

    pub fn sign_in_with(&self, email: &str, password: &str) -> Result<Me, ApiError> {
        self.run::<SignIn>(SignInArgs {
            email: email.into(),
            password: password.into(),
            keep_signed_in: false,
        })
    }

    pub fn sign_out(&self) {
        self.run::<SignOut>(NoArgs {}).expect("sign-out");
    }

    pub fn me(&self) -> Option<Me> {
        self.run::<CurrentUser>(NoArgs {}).expect("current user")
    }

    /// Rows of `table` in the outbox, as `(table_name, row_id, op, columns)`.
    pub fn outbox(&self) -> Vec<OutboxRow> {
        let conn = self.sql();
        let mut statement = conn
            .prepare(
                "SELECT trainer_id, table_name, row_id, op, columns FROM outbox
                 ORDER BY device_seq",
            )
            .expect("outbox query");
        let rows = statement
            .query_map([], |r| {
                let columns: String = r.get(4)?;
                Ok(OutboxRow {
                    trainer_id: r.get(0)?,
                    table: r.get(1)?,
                    row_id: r.get(2)?,
                    op: r.get(3)?,
                    columns: serde_json::from_str(&columns).expect("columns are JSON"),
                })
            })
            .expect("outbox rows");
        rows.map(|r| r.expect("outbox row")).collect()
    }

    /// One column of a user's row, read with plain SQL (`column` is the test's own constant).
    pub fn user_column<T: rusqlite::types::FromSql>(&self, user: Uuid, column: &str) -> T {
        self.sql()
            .query_row(
                &format!("SELECT {column} FROM users WHERE id = ?1"),
                [id(user)],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("users.{column}: {e}"))
    }

    pub fn count(&self, sql: &str, params: impl rusqlite::Params) -> i64 {
        self.sql()
            .query_row(sql, params, |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub trainer_id: String,
    pub table: String,
    pub row_id: String,
    pub op: String,
    pub columns: Value,
}

impl OutboxRow {
    /// The names of the columns the record carries, sorted.
    pub fn column_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .columns
            .as_object()
            .expect("columns is an object")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }
}

pub fn read_only(path: &Path) -> Connection {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .expect("busy timeout");
    conn
}

pub fn sign_up_args(user_type: UserType, name: &str, email: &str) -> SignUpArgs {
    SignUpArgs {
        accept_terms: true,
        accept_privacy: true,
        accept_marketing: false,
        user_type,
        name: name.into(),
        email: email.into(),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
    }
}

/// `invalid` with exactly these fields and rules, in this order.
pub fn invalid(fields: &[(&str, Rule)]) -> ApiError {
    ApiError::Invalid {
        fields: fields
            .iter()
            .map(|(field, rule)| FieldError {
                field: (*field).into(),
                rule: *rule,
            })
            .collect(),
    }
}

/// Asserts a `Result` failed with exactly `expected`.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(result: Result<T, ApiError>, expected: ApiError) {
    match result {
        Ok(value) => panic!("expected {expected:?}, got Ok({value:?})"),
        Err(error) => assert_eq!(error, expected),
    }
}

pub fn id(uuid: Uuid) -> String {
    uuid.to_string()
}
