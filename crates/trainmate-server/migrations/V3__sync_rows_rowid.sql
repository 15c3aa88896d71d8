-- why: a WITHOUT ROWID table keeps each whole row in its primary-key b-tree. A synced row with
-- its per-column stamps (`data` + `meta`, often over 1 KB) overflows its page, and SQLite then
-- reads the whole record, overflow pages included, for every key comparison on the way down to
-- it: 40 % of a pull's CPU was those reads (S2). As a rowid table the key lookup goes through the
-- small (table_name, row_id) index and reads each row's payload once. SQLite's own advice:
-- WITHOUT ROWID suits rows under about a twentieth of a page.
CREATE TABLE sync_rows_by_rowid (
    table_name TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    trainer_id TEXT    NOT NULL,                  -- the scope the row belongs to, forever
    row_seq    INTEGER NOT NULL,                  -- seq of the row's latest change
    cl         INTEGER NOT NULL,                  -- causal length: odd = alive
    cl_seq     INTEGER NOT NULL,
    data       TEXT    NOT NULL,
    meta       TEXT    NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT;
INSERT INTO sync_rows_by_rowid (table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta)
    SELECT table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta
    FROM sync_rows ORDER BY trainer_id, row_seq;
DROP TABLE sync_rows;
ALTER TABLE sync_rows_by_rowid RENAME TO sync_rows;
CREATE INDEX sync_rows_by_seq ON sync_rows (trainer_id, row_seq);
