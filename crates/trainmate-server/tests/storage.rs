//! The `Storage` contract, written once over the trait: every backend (SQLite now, PostgreSQL
//! next) must pass `contract`. The HTTP tests check behaviour; this checks what the logic above
//! relies on from a backend: commit and rollback, savepoints, uniqueness, ordering, snapshots.

mod common;

use trainmate_server::storage::postgres::PgStorage;
use trainmate_server::storage::sqlite::SqliteStorage;
use trainmate_server::storage::{
    AccountRow, ConflictRow, OutcomeRow, RefreshRow, RowState, Storage, StorageError, Tx,
};

#[derive(Debug)]
enum Failure {
    Storage(#[allow(dead_code, reason = "shown by Debug when a test fails")] StorageError),
    Deliberate,
}

impl From<StorageError> for Failure {
    fn from(error: StorageError) -> Self {
        Failure::Storage(error)
    }
}

fn account(id: &str, email: &str, trainer: &str) -> AccountRow {
    AccountRow {
        id: id.into(),
        email: email.into(),
        email_key: email.to_lowercase(),
        name: "Kim".into(),
        password_hash: "$argon2id$x".into(),
        trainer_id: trainer.into(),
        created_at: 1,
    }
}

fn row(table: &str, id: &str, trainer: &str, seq: i64) -> RowState {
    RowState {
        table: table.into(),
        row_id: id.into(),
        trainer_id: trainer.into(),
        row_seq: seq,
        cl: 1,
        cl_seq: seq,
        data: format!(r#"{{"n":{seq}}}"#),
        meta: "{}".into(),
    }
}

fn contract<S: Storage>(store: &S) {
    // Settings: the first value written stays.
    let first = store.write(|tx| tx.meta_init("k", "one")).expect("meta");
    let second = store.write(|tx| tx.meta_init("k", "two")).expect("meta");
    assert_eq!((first.as_str(), second.as_str()), ("one", "one"));

    // Accounts: email (case-insensitively) and trainer are unique.
    store
        .write(|tx| tx.insert_account(&account("a1", "Kim@x.com", "t1")))
        .expect("inserts");
    let taken = store.write(|tx| tx.insert_account(&account("a2", "kim@X.com", "t2")));
    assert!(matches!(taken, Err(StorageError::Conflict("email"))));
    let taken = store.write(|tx| tx.insert_account(&account("a3", "park@x.com", "t1")));
    assert!(matches!(taken, Err(StorageError::Conflict("trainer_id"))));
    let found = store
        .read(|tx| tx.account_by_email_key("kim@x.com"))
        .expect("reads");
    assert_eq!(found.map(|a| a.id), Some("a1".to_owned()));

    // Devices: signing in again renames and un-revokes, keeping the numbering.
    let device = store
        .write(|tx| tx.sign_in_device("a1", "d1", "Laptop", 10))
        .expect("device");
    store
        .write(|tx| {
            tx.update_device_progress(device.id, 42, 11)?;
            tx.insert_refresh(&RefreshRow {
                token_hash: "h1".into(),
                device: device.id,
                created_at: 11,
                expires_at: 99,
                rotated_at: None,
                successor_hash: None,
            })?;
            tx.revoke_device(device.id, 12)
        })
        .expect("revokes");
    assert_eq!(store.read(|tx| tx.refresh("h1")).expect("reads"), None);
    let again = store
        .write(|tx| tx.sign_in_device("a1", "d1", "Laptop 2", 13))
        .expect("device");
    assert_eq!(
        (
            again.id,
            again.name.as_str(),
            again.revoked_at,
            again.next_device_seq
        ),
        (device.id, "Laptop 2", None, 42)
    );

    // A failing transaction leaves nothing behind.
    let failed: Result<(), Failure> = store.write(|tx| {
        tx.set_scope("t1", 5, 7)?;
        tx.put_row(&row("exercise_sets", "r0", "t1", 5))?;
        Err(Failure::Deliberate)
    });
    assert!(matches!(failed, Err(Failure::Deliberate)));
    assert_eq!(store.read(|tx| tx.scope("t1")).expect("reads"), (0, 0));
    assert_eq!(
        store
            .read(|tx| tx.row("exercise_sets", "r0"))
            .expect("reads"),
        None
    );

    // Savepoints: a rolled-back part is gone, the rest commits.
    store
        .write(|tx| {
            tx.put_row(&row("exercise_sets", "r1", "t1", 1))?;
            tx.savepoint()?;
            tx.put_row(&row("exercise_sets", "r2", "t1", 2))?;
            tx.rollback_to_savepoint()?;
            tx.savepoint()?;
            tx.put_row(&row("exercise_sets", "r3", "t1", 3))?;
            tx.release_savepoint()?;
            tx.set_scope("t1", 3, 9)
        })
        .expect("commits");
    let rows = store.read(|tx| tx.rows_after("t1", 0, 10)).expect("reads");
    let ids: Vec<&str> = rows.iter().map(|r| r.row_id.as_str()).collect();
    assert_eq!(ids, ["r1", "r3"]);

    // Rows by seq, per scope, limited; an update moves a row to its new seq.
    store
        .write(|tx| {
            tx.put_row(&row("exercise_sets", "r1", "t1", 4))?;
            tx.put_row(&row("users", "other", "t2", 1))
        })
        .expect("commits");
    let rows = store.read(|tx| tx.rows_after("t1", 0, 10)).expect("reads");
    let seqs: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| (r.row_id.as_str(), r.row_seq))
        .collect();
    assert_eq!(seqs, [("r3", 3), ("r1", 4)]);
    assert_eq!(
        store
            .read(|tx| tx.rows_after("t1", 3, 1))
            .expect("reads")
            .len(),
        1
    );
    assert_eq!(
        store
            .read(|tx| tx.rows_after("t2", 0, 10))
            .expect("reads")
            .len(),
        1
    );

    // Outcomes are per scope: one change id may exist in two scopes.
    let outcome = |trainer: &str| OutcomeRow {
        trainer_id: trainer.into(),
        change_id: "c1".into(),
        device: device.id,
        device_seq: 1,
        seq: Some(1),
        outcome: "{}".into(),
    };
    store
        .write(|tx| {
            tx.insert_outcome(&outcome("t1"))?;
            tx.insert_outcome(&outcome("t2"))
        })
        .expect("commits");
    assert!(store.write(|tx| tx.insert_outcome(&outcome("t1"))).is_err());
    assert_eq!(
        store.read(|tx| tx.outcome("t1", "c1")).expect("reads"),
        Some(outcome("t1"))
    );

    // Conflicts between two seqs, in order.
    let conflict = |seq: i64| ConflictRow {
        trainer_id: "t1".into(),
        seq,
        table: "exercise_sets".into(),
        row_id: "r1".into(),
        column: "reps".into(),
        kept: "1".into(),
        lost: "2".into(),
        kept_hlc: 5,
        lost_hlc: 4,
        lost_change_id: None,
    };
    store
        .write(|tx| {
            tx.insert_conflict(&conflict(3))?;
            tx.insert_conflict(&conflict(1))?;
            tx.insert_conflict(&conflict(7))
        })
        .expect("commits");
    let seqs: Vec<i64> = store
        .read(|tx| tx.conflicts_between("t1", 1, 7))
        .expect("reads")
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(seqs, [3, 7]);

    // Sign-in failures count up and clear.
    store
        .write(|tx| {
            tx.record_sign_in_failure("kim@x.com", 100)?;
            tx.record_sign_in_failure("kim@x.com", 200)
        })
        .expect("commits");
    assert_eq!(
        store
            .read(|tx| tx.sign_in_failures("kim@x.com"))
            .expect("reads"),
        Some((2, 200))
    );
    store
        .write(|tx| tx.clear_sign_in_failures("kim@x.com"))
        .expect("commits");
    assert_eq!(
        store
            .read(|tx| tx.sign_in_failures("kim@x.com"))
            .expect("reads"),
        None
    );

    // Reads refuse to write.
    assert!(store.read(|tx| tx.set_scope("t9", 1, 1)).is_err());
}

/// The backend the harness uses (SQLite, or PostgreSQL under `TRAINMATE_TEST_POSTGRES`).
#[tokio::test]
async fn the_backend_keeps_the_storage_contract() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = common::fresh_database(dir.path()).await;
    tokio::task::spawn_blocking(move || match url.strip_prefix("sqlite://") {
        Some(path) => {
            let open = || SqliteStorage::open(std::path::Path::new(path));
            contract(&open().expect("opens"));
            // Reopening applies no migration twice and keeps the data.
            let store = open().expect("reopens");
            assert_eq!(store.read(|tx| tx.scope("t1")).expect("reads"), (3, 9));
        }
        None => {
            contract(&PgStorage::open(&url).expect("opens"));
            let store = PgStorage::open(&url).expect("reopens");
            assert_eq!(store.read(|tx| tx.scope("t1")).expect("reads"), (3, 9));
        }
    })
    .await
    .expect("the contract holds");
}

/// Migration V3 rebuilt `sync_rows` as a rowid table (large rows made key lookups in the
/// WITHOUT ROWID b-tree read every overflow page). A database written under V2 keeps every row,
/// byte for byte, and the storage reads them after the upgrade.
#[test]
fn sqlite_upgrade_to_v3_keeps_every_synced_row() {
    mod embedded {
        refinery::embed_migrations!("migrations");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("server.db");
    let mut conn = rusqlite::Connection::open(&path).expect("opens");
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(2))
        .run(&mut conn)
        .expect("migrates to V2");
    let big = "x".repeat(5000); // overflows a page
    let written = [
        (
            "exercise_sets",
            "r1",
            "t1",
            7,
            format!(r#"{{"notes":"{big}"}}"#),
        ),
        ("users", "r2", "t1", 3, r#"{"name":"Kim"}"#.to_owned()),
        ("users", "r3", "t2", 5, r#"{"name":"Lee"}"#.to_owned()),
    ];
    for (table, id, trainer, seq, data) in &written {
        conn.execute(
            "INSERT INTO sync_rows (table_name, row_id, trainer_id, row_seq, cl, cl_seq, data,
                 meta) VALUES (?1, ?2, ?3, ?4, 1, ?4, ?5, '{}')",
            rusqlite::params![table, id, trainer, seq, data],
        )
        .expect("inserts under V2");
    }
    let before_sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'sync_rows'",
            [],
            |r| r.get(0),
        )
        .expect("table");
    assert!(before_sql.contains("WITHOUT ROWID"), "{before_sql}");
    drop(conn);

    let store = SqliteStorage::open(&path).expect("upgrades");
    let scope: Vec<(String, i64, String)> = store
        .read(|tx| tx.rows_after("t1", 0, 10))
        .expect("reads")
        .into_iter()
        .map(|r| (r.row_id, r.row_seq, r.data))
        .collect();
    assert_eq!(
        scope,
        vec![
            ("r2".to_owned(), 3, written[1].4.clone()),
            ("r1".to_owned(), 7, written[0].4.clone()),
        ]
    );
    let one = store
        .read(|tx| tx.row("users", "r3"))
        .expect("reads")
        .expect("kept");
    assert_eq!((one.trainer_id.as_str(), one.row_seq), ("t2", 5));
    // Upserts still find the row by its key.
    store
        .write(|tx| tx.put_row(&row("users", "r3", "t2", 9)))
        .expect("updates");
    let conn = rusqlite::Connection::open(&path).expect("opens");
    let (count, seq, sql): (i64, i64, String) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM sync_rows),
                    (SELECT row_seq FROM sync_rows WHERE row_id = 'r3'),
                    (SELECT sql FROM sqlite_master WHERE name = 'sync_rows')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("plain SQL");
    assert_eq!((count, seq), (3, 9));
    assert!(!sql.contains("WITHOUT ROWID"), "{sql}");
}
