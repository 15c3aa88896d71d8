-- why: the sync server's tables on PostgreSQL, the same as migrations/V1__server.sql on SQLite
-- (accounts, devices, refresh tokens, sign-in counters, scopes, rows, outcomes, conflicts)

CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id            TEXT   PRIMARY KEY,
    email         TEXT   NOT NULL,
    email_key     TEXT   NOT NULL CONSTRAINT accounts_email_key_unique UNIQUE,
    name          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    trainer_id    TEXT   NOT NULL CONSTRAINT accounts_trainer_id_unique UNIQUE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE devices (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      TEXT   NOT NULL REFERENCES accounts (id),
    device_id       TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    revoked_at      BIGINT,
    next_device_seq BIGINT NOT NULL DEFAULT 1,
    UNIQUE (account_id, device_id)
);

CREATE TABLE refresh_tokens (
    token_hash     TEXT   PRIMARY KEY,
    device         BIGINT NOT NULL REFERENCES devices (id),
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    rotated_at     BIGINT,
    successor_hash TEXT
);
CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device);

CREATE TABLE sign_in_failures (
    email_key       TEXT   PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);

-- A push locks its scope's row (SELECT … FOR UPDATE) for the whole transaction: seqs are
-- handed out one push at a time per trainer, whichever instance serves it.
CREATE TABLE scopes (
    trainer_id TEXT   PRIMARY KEY,
    head_seq   BIGINT NOT NULL DEFAULT 0,
    hlc        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sync_rows (
    table_name TEXT   NOT NULL,
    row_id     TEXT   NOT NULL,
    trainer_id TEXT   NOT NULL,
    row_seq    BIGINT NOT NULL,
    cl         BIGINT NOT NULL,
    cl_seq     BIGINT NOT NULL,
    data       TEXT   NOT NULL,
    meta       TEXT   NOT NULL,
    PRIMARY KEY (table_name, row_id)
);
CREATE INDEX sync_rows_by_seq ON sync_rows (trainer_id, row_seq);

CREATE TABLE change_outcomes (
    trainer_id TEXT   NOT NULL,
    change_id  TEXT   NOT NULL,
    device     BIGINT NOT NULL,
    device_seq BIGINT NOT NULL,
    seq        BIGINT,
    outcome    TEXT   NOT NULL,
    PRIMARY KEY (trainer_id, change_id)
);

CREATE TABLE conflicts (
    trainer_id     TEXT   NOT NULL,
    seq            BIGINT NOT NULL,
    table_name     TEXT   NOT NULL,
    row_id         TEXT   NOT NULL,
    column_name    TEXT   NOT NULL,
    kept           TEXT   NOT NULL,
    lost           TEXT   NOT NULL,
    kept_hlc       BIGINT NOT NULL,
    lost_hlc       BIGINT NOT NULL,
    lost_change_id TEXT,
    PRIMARY KEY (trainer_id, seq, table_name, row_id, column_name)
);
