-- why: a server restored from an older backup restarts a scope's numbering; the first device
-- that notices bumps the scope's epoch, and every device that sees an epoch other than the one
-- it last synced under pulls the whole scope again (ARCHITECTURE.md, "A server restored from an
-- older backup"). 0: never bumped; a bump sets a fresh random nonzero value, so an epoch
-- restored from a backup is never mistaken for one handed out after it.
ALTER TABLE scopes ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
