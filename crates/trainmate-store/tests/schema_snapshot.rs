//! The schema the migrations build, compared with the reviewed snapshot in `schema.sql` beside
//! this test. An intended schema change updates the snapshot in the same commit
//! (`UPDATE_SCHEMA_SNAPSHOT=1 cargo test -p trainmate-store --test schema_snapshot`); an
//! unintended one fails here.

use std::path::Path;

fn current_schema() -> String {
    let dir = tempfile::tempdir().unwrap();
    let store = trainmate_store::Store::open(&dir.path().join("db.sqlite3")).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("db.sqlite3")).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL
             ORDER BY type DESC, name",
        )
        .unwrap();
    let rows: Vec<String> = statement
        .query_map([], |r| {
            Ok(format!(
                "-- {} {}\n{};\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("\n")
}

#[test]
fn schema_matches_the_reviewed_snapshot() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema.sql");
    let current = current_schema();
    if std::env::var_os("UPDATE_SCHEMA_SNAPSHOT").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == expected,
        "the schema differs from tests/schema.sql; if intended, regenerate it with \
         UPDATE_SCHEMA_SNAPSHOT=1 and review the diff.\n--- current ---\n{current}"
    );
}
