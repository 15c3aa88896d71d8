use super::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trainmate.sqlite3")).unwrap();
    (dir, store)
}

#[test]
fn open_creates_the_database_with_durable_pragmas() {
    let (dir, store) = temp_store();
    assert!(dir.path().join("trainmate.sqlite3").exists());
    for conn in [store.read(), store.write()] {
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2, "synchronous=FULL is 2");
        assert_eq!(fk, 1);
    }
    store.integrity_check().unwrap();
}

#[test]
fn reopening_applies_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let first_store = Store::open(&path).unwrap();
    let first = first_store.schema_version().unwrap();
    let device = first_store.device_id().unwrap();
    drop(first_store);
    let second = Store::open(&path).unwrap();
    assert_eq!(second.device_id().unwrap(), device, "device id is stable");
    assert_eq!(second.schema_version().unwrap(), first);
    let applied: i64 = second
        .read()
        .query_row("SELECT COUNT(*) FROM refinery_schema_history", [], |r| {
            r.get(0)
        })
        .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql" || x == "rs")
        })
        .count();
    assert_eq!(applied as usize, files);
}

/// The database built by the migrations equals the reviewed data file, row for row and column
/// for column. The file is parsed here independently of the migration code.
#[test]
fn catalog_in_the_database_equals_the_reviewed_file() {
    let (_dir, store) = temp_store();
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/catalog/exercises.tsv"
    ))
    .unwrap();
    let mut lines = file.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id\tbody_part\tequipment\tname_ko\tname_en\tmeasures\tload\tmet_tenths\tcompendium_code\tchange_reason"
    );
    let expected: Vec<Vec<String>> = lines
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    assert_eq!(
        expected.len(),
        618,
        "the 627 seed rows become 618 exercises"
    );
    let conn = store.read();
    let mut stmt = conn
        .prepare(
            "SELECT id, body_part, equipment, name_ko, name_en, measures, load, met_tenths,
                    compendium_code, change_reason FROM exercises ORDER BY id",
        )
        .unwrap();
    let actual: Vec<Vec<String>> = stmt
        .query_map([], |r| {
            Ok(vec![
                r.get::<_, i64>(0)?.to_string(),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, i64>(7)?.to_string(),
                r.get(8)?,
                r.get(9)?,
            ])
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actual, expected);
}

#[test]
fn every_seed_id_maps_to_a_kept_exercise() {
    let (_dir, store) = temp_store();
    let conn = store.read();
    let seeds: i64 = conn
        .query_row("SELECT COUNT(*) FROM exercise_seed_map", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seeds, 627);
    // The nine merged duplicates point at the lowest seed id with the same name.
    for (dropped, kept) in [
        (92, 91),
        (124, 123),
        (201, 199),
        (202, 200),
        (239, 236),
        (531, 523),
        (582, 581),
        (608, 606),
        (609, 607),
    ] {
        assert_eq!(catalog::kept_id(&conn, dropped).unwrap(), Some(kept));
    }
    assert_eq!(catalog::kept_id(&conn, 1).unwrap(), Some(1));
    assert_eq!(catalog::kept_id(&conn, 651).unwrap(), None);
    let unmatched: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM exercise_seed_map m LEFT JOIN exercises e ON e.id = m.kept_id
             WHERE e.id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unmatched, 0);
}

/// Migration V3 reads the catalog files at build time, so editing them would silently change a
/// landed migration (and refinery would then refuse existing databases). Their content is
/// pinned here; a catalog change goes into a new file and a new migration.
#[test]
fn the_catalog_files_of_migration_v3_are_frozen() {
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
        })
    }
    assert_eq!(
        fnv1a(catalog::EXERCISES_V3_TSV.as_bytes()),
        0x7018_123c_94e8_2e66
    );
    assert_eq!(
        fnv1a(catalog::SEED_MAP_V3_TSV.as_bytes()),
        0xe670_f347_3fe6_ebe3
    );
}

/// The hybrid logical clock survives a restart: values issued after reopening are above every
/// value issued before, even when the wall clock went backwards meanwhile.
#[test]
fn the_clock_is_persisted_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let store = Store::open(&path).unwrap();
    let far_future: i64 = (4_000_000_000_000_i64 << 16) | 7;
    store
        .write_with(|tx| outbox::store_hlc(tx, far_future))
        .unwrap();
    drop(store);
    let reopened = Store::open(&path).unwrap();
    let kept = reopened.read_with(outbox::last_hlc).unwrap();
    assert_eq!(kept, far_future);
}

fn synchronous(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_background_write_without_fsync_is_normal_inside_and_full_again_after_success_or_error() {
    let (_dir, store) = temp_store();
    let inside: i64 = store
        .write_background_with(false, |tx| {
            tx.execute_batch("CREATE TABLE t (x INTEGER)")?;
            Ok::<_, StoreError>(synchronous(tx))
        })
        .unwrap();
    assert_eq!(inside, 1, "synchronous=NORMAL is 1");
    assert_eq!(synchronous(&store.write()), 2);
    let failed = store.write_background_with(false, |tx| {
        tx.execute("INSERT INTO t VALUES (1)", [])?;
        Err::<(), _>(StoreError::Corrupt("refused on purpose"))
    });
    assert!(failed.is_err());
    assert_eq!(synchronous(&store.write()), 2);
    let rows: i64 = store
        .read()
        .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "the failed transaction rolled back");
    let durable: i64 = store
        .write_background_with(true, |tx| Ok::<_, StoreError>(synchronous(tx)))
        .unwrap();
    assert_eq!(durable, 2);
}

#[test]
fn a_background_write_lets_a_foreground_write_already_waiting_go_first() {
    let (_dir, store) = temp_store();
    store
        .write_with(|tx| {
            tx.execute_batch("CREATE TABLE log (who TEXT)")?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let store = &store;
    let waiting = || store.foreground.lock().unwrap().waiting;
    std::thread::scope(|scope| {
        let (hold_tx, hold_rx) = std::sync::mpsc::channel::<()>();
        let (held_tx, held_rx) = std::sync::mpsc::channel::<()>();
        // A foreground write holds the writer until told to finish.
        let holder = scope.spawn(move || {
            store
                .write_with(|tx| {
                    held_tx.send(()).unwrap();
                    hold_rx.recv().unwrap();
                    tx.execute("INSERT INTO log VALUES ('holder')", [])?;
                    Ok::<_, StoreError>(())
                })
                .unwrap()
        });
        held_rx.recv().unwrap();
        let foreground = scope.spawn(move || {
            store
                .write_with(|tx| {
                    tx.execute("INSERT INTO log VALUES ('command')", [])?;
                    Ok::<_, StoreError>(())
                })
                .unwrap()
        });
        while waiting() == 0 {
            std::thread::yield_now();
        }
        let background = scope.spawn(move || {
            store
                .write_background_with(false, |tx| {
                    tx.execute("INSERT INTO log VALUES ('sync')", [])?;
                    Ok::<_, StoreError>(())
                })
                .unwrap()
        });
        hold_tx.send(()).unwrap();
        holder.join().unwrap();
        foreground.join().unwrap();
        background.join().unwrap();
    });
    let order: Vec<String> = store
        .read()
        .prepare("SELECT who FROM log ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(order, ["holder", "command", "sync"]);
}

#[test]
fn holds_values_compares_only_the_pulled_synced_columns_with_the_stored_ones() {
    let (_dir, store) = temp_store();
    store
        .write_with(|tx| {
            tx.execute(
                "INSERT INTO users (id, user_type, name, email, email_key, password_hash,
                     terms_consent_at, privacy_consent_at, created_at, updated_at)
                 VALUES ('u1', 'trainer', 'Kim', 'k@x.com', 'k@x.com', 'h', 1, 1, 1, 1)",
                [],
            )?;
            let holds = |columns: serde_json::Value| {
                sync::holds_values(tx, "users", "u1", columns.as_object().unwrap())
            };
            assert!(holds(serde_json::json!({"name": "Kim", "created_at": 1}))?);
            assert!(
                holds(serde_json::json!({"updated_at": 1.0}))?,
                "numbers as numbers"
            );
            assert!(
                holds(serde_json::json!({"name": "Kim", "shoe_size": 44}))?,
                "a column this build does not sync is ignored"
            );
            assert!(!holds(serde_json::json!({"name": "Lee"}))?);
            assert!(!holds(serde_json::json!({"phone": "010"}))?, "NULL here");
            assert!(!holds(serde_json::json!({"name": "Kim", "updated_at": 2}))?);
            assert!(!sync::holds_values(
                tx,
                "users",
                "u2",
                &serde_json::Map::new()
            )?);
            Ok::<_, StoreError>(())
        })
        .unwrap();
}
