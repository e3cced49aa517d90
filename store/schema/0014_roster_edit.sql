-- The roster changed in the inbox: a coordinator adds, edits, pauses and removes people,
-- and anyone on it texts ON DUTY / OFF DUTY. The roster_version triggers (0009) already
-- fire on every change here, so every process sees it with the next message.

-- Paused: not offered to residents nor asked to take handoffs; what they hold stays theirs.
ALTER TABLE people ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
-- When a coordinator last changed this person in the inbox: a later import of a roster
-- file leaves them as they are, and says so.
ALTER TABLE people ADD COLUMN edited_at TEXT;
-- When they last texted ON DUTY or OFF DUTY: an import keeps what they said since.
ALTER TABLE people ADD COLUMN duty_texted_at TEXT;

-- Someone a coordinator took off the roster, so a later import does not quietly put them
-- back. Only a digest of their channel and address is kept, never the address itself.
CREATE TABLE roster_removed (
    key_hash   TEXT PRIMARY KEY,
    removed_at TEXT NOT NULL
) WITHOUT ROWID;
