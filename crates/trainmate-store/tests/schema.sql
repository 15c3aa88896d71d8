-- table body_metrics
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

-- table custom_exercises
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

-- table daily_workout_totals
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

-- table daily_workouts
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

-- table exercise_seed_map
CREATE TABLE exercise_seed_map (
    seed_id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL REFERENCES exercises (id)
) STRICT;

-- table exercise_sets
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

-- table exercises
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

-- table favourite_exercises
CREATE TABLE favourite_exercises (
    user_id             TEXT    NOT NULL REFERENCES users (id),
    catalog_exercise_id INTEGER REFERENCES exercises (id),
    custom_exercise_id  TEXT    REFERENCES custom_exercises (id),
    created_at          INTEGER NOT NULL,
    CHECK ((catalog_exercise_id IS NULL) != (custom_exercise_id IS NULL))
) STRICT;

-- table outbox
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
, scope_seq INTEGER NOT NULL DEFAULT 0) STRICT;

-- table refinery_schema_history
CREATE TABLE refinery_schema_history(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255));

-- table sessions
CREATE TABLE sessions (
    id              TEXT    PRIMARY KEY,               -- random, never shown
    user_id         TEXT    NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,                  -- UTC ms
    idle_timeout_ms INTEGER,                           -- members: each command pushes expiry on
    survives_restart INTEGER NOT NULL CHECK (survives_restart IN (0, 1)),
    ended_at        INTEGER
) STRICT;

-- table sign_in_failures
CREATE TABLE sign_in_failures (
    email_key       TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
) STRICT;

-- table sync_capture
CREATE TABLE sync_capture (
    trainer_id TEXT    PRIMARY KEY REFERENCES users (id),
    enabled_at INTEGER NOT NULL
) STRICT;

-- table sync_column_hlcs
CREATE TABLE sync_column_hlcs (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    hlcs       TEXT NOT NULL,          -- JSON object
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;

-- table sync_conflicts
CREATE TABLE sync_conflicts (
    id             INTEGER PRIMARY KEY,
    trainer_id     TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    table_name     TEXT    NOT NULL,
    row_id         TEXT    NOT NULL,
    column_name    TEXT    NOT NULL,
    kept           TEXT    NOT NULL,
    lost           TEXT    NOT NULL,
    kept_hlc       INTEGER NOT NULL,
    lost_hlc       INTEGER NOT NULL,
    lost_change_id TEXT,
    received_at    INTEGER NOT NULL,
    resolved_at    INTEGER,
    resolution     TEXT    CHECK (resolution IN ('restored', 'dismissed')),
    UNIQUE (trainer_id, seq, table_name, row_id, column_name)
) STRICT;

-- table sync_inbox
CREATE TABLE sync_inbox (
    table_name TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    trainer_id TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    cl         INTEGER NOT NULL,
    columns    TEXT    NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT;

-- table sync_rejected
CREATE TABLE sync_rejected (
    change_id    TEXT    PRIMARY KEY,
    trainer_id   TEXT    NOT NULL,
    scope_seq    INTEGER NOT NULL,
    table_name   TEXT    NOT NULL,
    row_id       TEXT    NOT NULL,
    op           TEXT    NOT NULL,
    columns      TEXT    NOT NULL,
    code         TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    rejected_at  INTEGER NOT NULL,
    dismissed_at INTEGER
) STRICT;

-- table sync_scopes
CREATE TABLE sync_scopes (
    trainer_id       TEXT    PRIMARY KEY,        -- no foreign key: a fresh device links before
                                                 -- the trainer's row arrives
    next_device_seq  INTEGER NOT NULL DEFAULT 1,
    cursor           INTEGER NOT NULL DEFAULT 0,
    server_url       TEXT,                       -- NULL: not linked (local only)
    account_id       TEXT,
    account_email    TEXT,
    refresh_token    TEXT,
    needs_sign_in    INTEGER NOT NULL DEFAULT 0 CHECK (needs_sign_in IN (0, 1)),
    linked_at        INTEGER,                    -- UTC ms
    last_attempt_at  INTEGER,
    last_success_at  INTEGER,
    last_error       TEXT,                       -- a stable code: offline, server, auth, version, …
    clock_skew_ms    INTEGER                     -- the server's last report that our clock is ahead
, epoch INTEGER) STRICT;

-- table sync_state
CREATE TABLE sync_state (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id        TEXT    NOT NULL,          -- UUIDv7, made when the database is created
    hlc              INTEGER NOT NULL DEFAULT 0, -- last HLC value issued: 48-bit ms << 16 | counter
    next_device_seq  INTEGER NOT NULL DEFAULT 1, -- contiguous outbox numbering
    cursor           INTEGER NOT NULL DEFAULT 0, -- server seq the device has pulled up to
    last_success_at  INTEGER,                    -- UTC ms
    last_error       TEXT,
    clock_offset_ms  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- table user_settings
CREATE TABLE user_settings (
    user_id  TEXT PRIMARY KEY REFERENCES users (id),
    language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
    units    TEXT NOT NULL CHECK (units IN ('kg', 'lb')),
    theme    TEXT NOT NULL CHECK (theme IN ('light', 'dark'))
) STRICT;

-- table users
CREATE TABLE users (
    id                   TEXT    PRIMARY KEY,           -- UUIDv7
    user_type            TEXT    NOT NULL CHECK (user_type IN ('trainer', 'member')),
    name                 TEXT    NOT NULL,
    email                TEXT    NOT NULL,              -- as entered, trimmed
    email_key            TEXT    NOT NULL UNIQUE,       -- lower-cased: one account per email
    phone                TEXT,
    birth_date           TEXT,                          -- local date YYYY-MM-DD
    password_hash        TEXT,                          -- Argon2id PHC string; NULL: cannot sign in
    recovery_code_hash   TEXT,                          -- trainers: one-time offline reset
    trainer_id           TEXT    REFERENCES users (id), -- a member's trainer; NULL: unassigned
    terms_consent_at     INTEGER,                       -- UTC ms; NULL until given
    privacy_consent_at   INTEGER,
    marketing_consent_at INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    _row_seq             INTEGER NOT NULL DEFAULT 0,
    _cl                  INTEGER NOT NULL DEFAULT 1
, photo_file TEXT) STRICT;

-- table workout_exercise_totals
CREATE TABLE workout_exercise_totals (
    workout_exercise_id TEXT    PRIMARY KEY REFERENCES workout_exercises (id),
    sets                INTEGER NOT NULL,
    reps                INTEGER NOT NULL,
    volume_g            INTEGER NOT NULL,
    duration_s          INTEGER NOT NULL,
    cal                 INTEGER NOT NULL,
    estimated_sets      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- table workout_exercises
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

-- index body_metrics_by_member
CREATE INDEX body_metrics_by_member ON body_metrics (member_id, measured_on);

-- index custom_exercises_by_trainer
CREATE INDEX custom_exercises_by_trainer ON custom_exercises (trainer_id);

-- index exercise_sets_in_order
CREATE INDEX exercise_sets_in_order ON exercise_sets (workout_exercise_id, order_key, id);

-- index exercises_browse
CREATE INDEX exercises_browse ON exercises (body_part, equipment);

-- index favourite_exercises_unique
CREATE UNIQUE INDEX favourite_exercises_unique
    ON favourite_exercises (user_id, COALESCE(catalog_exercise_id, ''), COALESCE(custom_exercise_id, ''));

-- index outbox_by_row
CREATE INDEX outbox_by_row ON outbox (trainer_id, table_name, row_id, scope_seq);

-- index outbox_by_scope
CREATE UNIQUE INDEX outbox_by_scope ON outbox (trainer_id, scope_seq);

-- index sessions_resumable
CREATE INDEX sessions_resumable ON sessions (survives_restart, expires_at) WHERE ended_at IS NULL;

-- index users_by_trainer
CREATE INDEX users_by_trainer ON users (trainer_id);

-- index workout_exercises_by_custom
CREATE INDEX workout_exercises_by_custom ON workout_exercises (custom_exercise_id);

-- index workout_exercises_catalog_history
CREATE INDEX workout_exercises_catalog_history
    ON workout_exercises (member_id, catalog_exercise_id, workout_date) WHERE catalog_exercise_id IS NOT NULL;

-- index workout_exercises_custom_history
CREATE INDEX workout_exercises_custom_history
    ON workout_exercises (member_id, custom_exercise_id, workout_date) WHERE custom_exercise_id IS NOT NULL;

-- index workout_exercises_in_order
CREATE INDEX workout_exercises_in_order ON workout_exercises (workout_id, order_key, id);
