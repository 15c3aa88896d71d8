-- why: profiles' metrics history, custom exercises, the three-level workout hierarchy with
-- maintained totals, per-user settings, and the sync outbox (domain.md, sync.md "On the device")

-- Synced: a member's dated body metrics (InBody-style; each value optional).
CREATE TABLE body_metrics (
    id                TEXT    PRIMARY KEY,
    member_id         TEXT    NOT NULL REFERENCES users (id),
    measured_on       TEXT    NOT NULL,               -- local date YYYY-MM-DD
    height_mm         INTEGER CHECK (height_mm BETWEEN 500 AND 2720),
    weight_g          INTEGER CHECK (weight_g BETWEEN 2000 AND 635000),
    body_fat_tenths   INTEGER CHECK (body_fat_tenths BETWEEN 10 AND 750),
    skeletal_muscle_g INTEGER CHECK (skeletal_muscle_g >= 1000),
    created_by        TEXT    NOT NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    _row_seq          INTEGER NOT NULL DEFAULT 0,
    _cl               INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX body_metrics_by_member ON body_metrics (member_id, measured_on);

-- Synced: exercises a trainer made; usable by that trainer and their members.
CREATE TABLE custom_exercises (
    id          TEXT    PRIMARY KEY,
    trainer_id  TEXT    NOT NULL REFERENCES users (id),
    body_part   TEXT    NOT NULL,
    equipment   TEXT    NOT NULL,
    name_ko     TEXT    NOT NULL,
    name_en     TEXT    NOT NULL,
    measures    TEXT    NOT NULL CHECK (measures IN ('reps', 'time', 'distance')),
    load        TEXT    NOT NULL CHECK (load IN ('external', 'none', 'assisted')),
    met_tenths  INTEGER NOT NULL CHECK (met_tenths BETWEEN 10 AND 230),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    _row_seq    INTEGER NOT NULL DEFAULT 0,
    _cl         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX custom_exercises_by_trainer ON custom_exercises (trainer_id);

-- Local: a user's favourite exercises (one of the two references set).
CREATE TABLE favourite_exercises (
    user_id             TEXT    NOT NULL REFERENCES users (id),
    catalog_exercise_id INTEGER REFERENCES exercises (id),
    custom_exercise_id  TEXT    REFERENCES custom_exercises (id),
    created_at          INTEGER NOT NULL,
    CHECK ((catalog_exercise_id IS NULL) != (custom_exercise_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX favourite_exercises_unique
    ON favourite_exercises (user_id, COALESCE(catalog_exercise_id, ''), COALESCE(custom_exercise_id, ''));

-- Synced: one per member per local date; the id is derived from both (two offline devices
-- create the same row, not duplicates).
CREATE TABLE daily_workouts (
    id           TEXT    PRIMARY KEY,
    member_id    TEXT    NOT NULL REFERENCES users (id),
    workout_date TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL REFERENCES users (id),
    notes        TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    _row_seq     INTEGER NOT NULL DEFAULT 0,
    _cl          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (member_id, workout_date)
) STRICT;

-- Synced: an exercise within a day, ordered by an order key (ties broken by id). member_id and
-- workout_date repeat the day's (which never change) so "previous performance" is one index seek.
CREATE TABLE workout_exercises (
    id                  TEXT    PRIMARY KEY,
    workout_id          TEXT    NOT NULL REFERENCES daily_workouts (id),
    member_id           TEXT    NOT NULL REFERENCES users (id),
    workout_date        TEXT    NOT NULL,
    catalog_exercise_id INTEGER REFERENCES exercises (id),
    custom_exercise_id  TEXT    REFERENCES custom_exercises (id),
    order_key           TEXT    NOT NULL,
    intensity           TEXT    NOT NULL DEFAULT 'exercise_default'
                        CHECK (intensity IN ('exercise_default', 'low', 'moderate_vigorous')),
    notes               TEXT    NOT NULL DEFAULT '',
    recorded_by         TEXT    NOT NULL REFERENCES users (id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    _row_seq            INTEGER NOT NULL DEFAULT 0,
    _cl                 INTEGER NOT NULL DEFAULT 1,
    CHECK ((catalog_exercise_id IS NULL) != (custom_exercise_id IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX workout_exercises_in_order ON workout_exercises (workout_id, order_key, id);
CREATE INDEX workout_exercises_catalog_history
    ON workout_exercises (member_id, catalog_exercise_id, workout_date) WHERE catalog_exercise_id IS NOT NULL;
CREATE INDEX workout_exercises_custom_history
    ON workout_exercises (member_id, custom_exercise_id, workout_date) WHERE custom_exercise_id IS NOT NULL;
CREATE INDEX workout_exercises_by_custom ON workout_exercises (custom_exercise_id);

-- Synced: a logged (completed) set.
CREATE TABLE exercise_sets (
    id                  TEXT    PRIMARY KEY,
    workout_exercise_id TEXT    NOT NULL REFERENCES workout_exercises (id),
    order_key           TEXT    NOT NULL,
    reps                INTEGER CHECK (reps BETWEEN 0 AND 1000),
    weight_g            INTEGER CHECK (weight_g BETWEEN 0 AND 1000000),
    duration_s          INTEGER CHECK (duration_s BETWEEN 0 AND 86400),
    distance_m          INTEGER CHECK (distance_m BETWEEN 0 AND 1000000),
    set_type            TEXT    NOT NULL DEFAULT 'working'
                        CHECK (set_type IN ('warm_up', 'working', 'drop', 'failure')),
    notes               TEXT    NOT NULL DEFAULT '',
    recorded_by         TEXT    NOT NULL REFERENCES users (id),
    logged_at           INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    _row_seq            INTEGER NOT NULL DEFAULT 0,
    _cl                 INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
CREATE INDEX exercise_sets_in_order ON exercise_sets (workout_exercise_id, order_key, id);

-- Derived, never synced: maintained in the same transaction as every change that affects them.
-- The set-logging path writes these rows on every set: WITHOUT ROWID keeps each row in its
-- primary-key b-tree alone (no second index to update), which is fewer pages per commit.
CREATE TABLE workout_exercise_totals (
    workout_exercise_id TEXT    PRIMARY KEY REFERENCES workout_exercises (id),
    sets                INTEGER NOT NULL,
    reps                INTEGER NOT NULL,
    volume_g            INTEGER NOT NULL,
    duration_s          INTEGER NOT NULL,
    cal                 INTEGER NOT NULL,
    estimated_sets      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE daily_workout_totals (
    workout_id     TEXT    NOT NULL REFERENCES daily_workouts (id),
    member_id      TEXT    NOT NULL,
    workout_date   TEXT    NOT NULL,
    exercises      INTEGER NOT NULL,
    sets           INTEGER NOT NULL,
    reps           INTEGER NOT NULL,
    volume_g       INTEGER NOT NULL,
    duration_s     INTEGER NOT NULL,
    cal            INTEGER NOT NULL,
    estimated_sets INTEGER NOT NULL,
    -- Keyed by member and date: a member's history is one range of this b-tree, and a set's
    -- update of its day touches one page.
    PRIMARY KEY (member_id, workout_date)
) STRICT, WITHOUT ROWID;

-- Local: per-user preferences.
CREATE TABLE user_settings (
    user_id  TEXT PRIMARY KEY REFERENCES users (id),
    language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
    units    TEXT NOT NULL CHECK (units IN ('kg', 'lb')),
    theme    TEXT NOT NULL CHECK (theme IN ('light', 'dark'))
) STRICT;

-- Local: which trainers' scopes are captured into the outbox (off until the trainer links).
CREATE TABLE sync_capture (
    trainer_id TEXT    PRIMARY KEY REFERENCES users (id),
    enabled_at INTEGER NOT NULL
) STRICT;

-- Local: the transactional outbox; written in the same transaction as the change it records.
CREATE TABLE outbox (
    device_seq     INTEGER PRIMARY KEY,              -- contiguous per device
    change_id      TEXT    NOT NULL UNIQUE,          -- UUIDv7, the idempotency key
    tx_id          TEXT    NOT NULL,                 -- groups the records of one transaction
    trainer_id     TEXT    NOT NULL,                 -- the scope the change belongs to
    table_name     TEXT    NOT NULL,
    row_id         TEXT    NOT NULL,
    op             TEXT    NOT NULL CHECK (op IN ('upsert', 'delete', 'undelete')),
    columns        TEXT    NOT NULL,                 -- JSON object of the changed columns
    base_seq       INTEGER NOT NULL,                 -- the row's _row_seq the device had seen
    hlc            INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;

ALTER TABLE users ADD COLUMN photo_file TEXT;        -- local only: photos are not synced
