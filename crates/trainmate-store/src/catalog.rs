//! The exercise catalog: reference data identical on every device and the server.
//!
//! The reviewed data files in `catalog/` are the source of truth; migration V3 turns them into
//! rows. They are frozen once landed — a later catalog change is a new migration — because
//! refinery refuses a database whose applied migration no longer matches its source.

use rusqlite::Connection;

use crate::StoreError;

/// The reviewed catalog as migration V3 loaded it.
pub const EXERCISES_V3_TSV: &str = include_str!("../catalog/exercises.tsv");
/// Every original seed id and the id it became (duplicates merged into the lowest id).
pub const SEED_MAP_V3_TSV: &str = include_str!("../catalog/seed_map.tsv");

const CREATE: &str = "
CREATE TABLE exercises (
    id              INTEGER PRIMARY KEY,   -- the original product's seed id
    body_part       TEXT    NOT NULL CHECK (body_part IN ('chest', 'back', 'shoulders', 'biceps',
                        'triceps', 'abs', 'quads', 'hamstrings', 'glutes', 'calves', 'forearms',
                        'traps')),
    equipment       TEXT    NOT NULL CHECK (equipment IN ('bodyweight', 'dumbbell', 'barbell',
                        'machine', 'cable', 'smith_machine', 'band', 'stretching', 'cardio')),
    name_ko         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    measures        TEXT    NOT NULL CHECK (measures IN ('reps', 'time', 'distance')),
    load            TEXT    NOT NULL CHECK (load IN ('external', 'none', 'assisted')),
    met_tenths      INTEGER NOT NULL CHECK (met_tenths BETWEEN 10 AND 230),
    compendium_code TEXT    NOT NULL,
    change_reason   TEXT    NOT NULL       -- why the row differs from the seed; '' when it does not
) STRICT;
CREATE INDEX exercises_browse ON exercises (body_part, equipment);
CREATE TABLE exercise_seed_map (
    seed_id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL REFERENCES exercises (id)
) STRICT;
";

fn sql_text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Data rows of a TSV (header skipped, blank lines ignored).
fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// Migration V3: create the catalog tables and insert the reviewed rows. Numeric columns are
/// checked to be integers so a malformed file cannot inject SQL; text is quoted.
pub fn v3_migration_sql() -> String {
    let mut sql = String::from(CREATE);
    for f in rows(EXERCISES_V3_TSV) {
        let integer = |i: usize| f.get(i).and_then(|v| v.parse::<i64>().ok()).unwrap_or(-1);
        let text = |i: usize| sql_text(f.get(i).copied().unwrap_or(""));
        sql.push_str(&format!(
            "INSERT INTO exercises VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {});\n",
            integer(0),
            text(1),
            text(2),
            text(3),
            text(4),
            text(5),
            text(6),
            integer(7),
            text(8),
            text(9),
        ));
    }
    for f in rows(SEED_MAP_V3_TSV) {
        let integer = |i: usize| f.get(i).and_then(|v| v.parse::<i64>().ok()).unwrap_or(-1);
        sql.push_str(&format!(
            "INSERT INTO exercise_seed_map VALUES ({}, {});\n",
            integer(0),
            integer(1)
        ));
    }
    sql
}

/// One catalog exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRow {
    pub id: i64,
    pub body_part: String,
    pub equipment: String,
    pub name_ko: String,
    pub name_en: String,
    pub measures: String,
    pub load: String,
    pub met_tenths: i64,
    pub compendium_code: String,
}

/// The whole catalog, ordered by id (618 rows: small enough to search in memory).
pub fn all(conn: &Connection) -> Result<Vec<CatalogRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, body_part, equipment, name_ko, name_en, measures, load, met_tenths,
                compendium_code
         FROM exercises ORDER BY id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(CatalogRow {
            id: r.get(0)?,
            body_part: r.get(1)?,
            equipment: r.get(2)?,
            name_ko: r.get(3)?,
            name_en: r.get(4)?,
            measures: r.get(5)?,
            load: r.get(6)?,
            met_tenths: r.get(7)?,
            compendium_code: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The id a seed id was kept as (imports from the original product use seed ids).
pub fn kept_id(conn: &Connection, seed_id: i64) -> Result<Option<i64>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT kept_id FROM exercise_seed_map WHERE seed_id = ?1")?
        .query_row([seed_id], |r| r.get(0))
        .optional()?)
}
