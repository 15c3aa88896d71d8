-- why: the sync job links each local trainer to a server account, numbers outbox records per
-- trainer scope (the server checks device_seq per account and device), and keeps what the user
-- must see: values that lost a conflict and changes the server refused (sync.md "On the device")

-- Local: one row per trainer scope the device has captured or linked. The refresh token is kept
-- here (the access token lives in memory only); next_device_seq numbers the scope's outbox
-- records; cursor is the server seq the scope has pulled up to (never ahead of the data).
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
) STRICT;

-- The outbox keeps its device-wide order (device_seq, the local primary key); scope_seq is the
-- number pushed as the server's device_seq, contiguous per trainer scope.
ALTER TABLE outbox ADD COLUMN scope_seq INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET scope_seq = (
    SELECT COUNT(*) FROM outbox o
    WHERE o.trainer_id = outbox.trainer_id AND o.device_seq <= outbox.device_seq
);
INSERT INTO sync_scopes (trainer_id, next_device_seq)
    SELECT trainer_id, MAX(scope_seq) + 1 FROM outbox GROUP BY trainer_id;
INSERT INTO sync_scopes (trainer_id)
    SELECT trainer_id FROM sync_capture WHERE true ON CONFLICT (trainer_id) DO NOTHING;
CREATE UNIQUE INDEX outbox_by_scope ON outbox (trainer_id, scope_seq);

-- Local: a column edited on two devices concurrently, as the server reported it: the kept and the
-- lost value (JSON). Restoring writes the lost value as a new local edit.
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

-- Local: changes the server refused (kept, with its reason, until the user dismisses them).
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

-- Local: pulled rows whose parent row comes in a later page (pages follow the rows' latest seq,
-- so a parent edited after its child arrives after it). Applied as soon as the parent is there.
CREATE TABLE sync_inbox (
    table_name TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    trainer_id TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    cl         INTEGER NOT NULL,
    columns    TEXT    NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT;
