-- why: recovering from a sync server restored from an older backup without the two limits the
-- first recovery had (ARCHITECTURE.md, "A server restored from an older backup"): the device
-- remembers the scope epoch it last synced under, so a bump by another device makes it pull the
-- whole scope again; and it keeps the HLC stamp of each column it wrote itself, so a resend
-- carries each value's own stamp and the newest write wins whichever device resends first.

-- The server's scope epoch this scope last synced under; NULL: none seen yet (adopted as is).
ALTER TABLE sync_scopes ADD COLUMN epoch INTEGER;

-- Per synced row, the HLC stamp of each column whose current value this device wrote itself
-- ({"column": hlc}); a column whose value came from a pull has no entry (its stamp is unknown
-- here: a resend gives it 0, which the server applies only where it holds no value). Local
-- bookkeeping only: never synced, never read by commands.
CREATE TABLE sync_column_hlcs (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    hlcs       TEXT NOT NULL,          -- JSON object
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
