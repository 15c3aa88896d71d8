-- why: the sync server's accounts, devices, refresh tokens, sign-in counters and one trainer
-- scope's rows, change outcomes and conflicts (sync.md "Endpoints", "Merge")

-- Settings every instance must share (the token signing key when configuration gives none).
CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
    id            TEXT    PRIMARY KEY,            -- UUIDv7
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL UNIQUE,        -- lower-cased
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,               -- Argon2id PHC string
    trainer_id    TEXT    NOT NULL UNIQUE,        -- the scope: the trainer's users.id
    created_at    INTEGER NOT NULL
) STRICT;

-- One row per (account, device the account signed in on).
CREATE TABLE devices (
    id              INTEGER PRIMARY KEY,
    account_id      TEXT    NOT NULL REFERENCES accounts (id),
    device_id       TEXT    NOT NULL,             -- the device's own UUID
    name            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    revoked_at      INTEGER,                      -- NULL: signed in
    next_device_seq INTEGER NOT NULL DEFAULT 1,   -- the next outbox record expected
    UNIQUE (account_id, device_id)
) STRICT;

-- Refresh tokens, stored as SHA-256 of the token. Rotation links each to its successor.
CREATE TABLE refresh_tokens (
    token_hash     TEXT    PRIMARY KEY,
    device         INTEGER NOT NULL REFERENCES devices (id),
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    rotated_at     INTEGER,                       -- when it was exchanged for its successor
    successor_hash TEXT
) STRICT;
CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device);

-- Failed sign-ins per email (unknown emails too), shared by every instance.
CREATE TABLE sign_in_failures (
    email_key       TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
) STRICT;

-- A trainer scope's sequence head and the server's clock for it.
CREATE TABLE scopes (
    trainer_id TEXT    PRIMARY KEY,
    head_seq   INTEGER NOT NULL DEFAULT 0,
    hlc        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The current state of every synced row: all its synced columns as one JSON object, and per
-- column the stamp of the write that set it ({"col": [seq, hlc, device, device_seq]}).
CREATE TABLE sync_rows (
    table_name TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    trainer_id TEXT    NOT NULL,                  -- the scope the row belongs to, forever
    row_seq    INTEGER NOT NULL,                  -- seq of the row's latest change
    cl         INTEGER NOT NULL,                  -- causal length: odd = alive
    cl_seq     INTEGER NOT NULL,
    data       TEXT    NOT NULL,
    meta       TEXT    NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_rows_by_seq ON sync_rows (trainer_id, row_seq);

-- The outcome of every change a device pushed: a replay answers it and applies nothing.
CREATE TABLE change_outcomes (
    trainer_id TEXT    NOT NULL,
    change_id  TEXT    NOT NULL,
    device     INTEGER NOT NULL,
    device_seq INTEGER NOT NULL,
    seq        INTEGER,                           -- NULL when rejected
    outcome    TEXT    NOT NULL,                  -- JSON of the Outcome
    PRIMARY KEY (trainer_id, change_id)
) STRICT, WITHOUT ROWID;

-- Concurrent edits of one column: the value kept and the value lost.
CREATE TABLE conflicts (
    trainer_id     TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    table_name     TEXT    NOT NULL,
    row_id         TEXT    NOT NULL,
    column_name    TEXT    NOT NULL,
    kept           TEXT    NOT NULL,              -- JSON
    lost           TEXT    NOT NULL,              -- JSON
    kept_hlc       INTEGER NOT NULL,
    lost_hlc       INTEGER NOT NULL,
    lost_change_id TEXT,
    PRIMARY KEY (trainer_id, seq, table_name, row_id, column_name)
) STRICT;
