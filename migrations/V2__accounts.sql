-- why: accounts, sessions and sign-in backoff (domain.md "Accounts and roles")
-- Synced tables carry _row_seq (server seq last applied) and _cl (causal length: odd = alive).
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
) STRICT;
CREATE INDEX users_by_trainer ON users (trainer_id);

-- Not synced: a session belongs to this device.
CREATE TABLE sessions (
    id              TEXT    PRIMARY KEY,               -- random, never shown
    user_id         TEXT    NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,                  -- UTC ms
    idle_timeout_ms INTEGER,                           -- members: each command pushes expiry on
    survives_restart INTEGER NOT NULL CHECK (survives_restart IN (0, 1)),
    ended_at        INTEGER
) STRICT;
CREATE INDEX sessions_resumable ON sessions (survives_restart, expires_at) WHERE ended_at IS NULL;

-- Not synced: failed sign-ins per email (unknown emails too), kept across restarts.
CREATE TABLE sign_in_failures (
    email_key       TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
) STRICT;
