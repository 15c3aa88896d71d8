-- why: applying a pulled row puts the device's pending edits of that row back on top, so every
-- pulled row asks the outbox for its pending records. Without an index on the row that was a
-- scan of the scope's whole pending outbox per pulled row: with a thousand sets logged during a
-- large sync, ~45 % of a page's time (S4), and the command waiting behind the page waited for it.
-- The cost: one more index entry per outbox record on the set-logging path (P1 idle p50 in S4's
-- runs stayed at 0.61-0.66 ms).
CREATE INDEX outbox_by_row ON outbox (trainer_id, table_name, row_id, scope_seq);
