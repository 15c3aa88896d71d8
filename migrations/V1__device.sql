-- why: a device needs one stable identity and a hybrid logical clock that survives restarts (sync.md)
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
