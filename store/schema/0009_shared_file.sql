-- Several processes on one database file (a server, `chat`, an import): what each must
-- read from the file rather than trust from its own memory.

-- Bumped by every change to the roster, whoever makes it: a process re-reads the roster
-- when the number it last saw differs, so an import is used for the very next message.
CREATE TABLE roster_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO roster_version (id, version) VALUES (1, 1);
CREATE TRIGGER roster_version_insert AFTER INSERT ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER roster_version_update AFTER UPDATE ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER roster_version_delete AFTER DELETE ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;

-- Bumped by every write to a conversation: a turn is saved only over the version it was
-- worked out from, so one process never overwrites what another saved in the meantime.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- A message that could not be saved after several tries: kept, but not tried again on
-- every start; the person was asked to send it again.
ALTER TABLE inbound ADD COLUMN set_aside_at TEXT;
DROP INDEX inbound_unprocessed;
CREATE INDEX inbound_unprocessed ON inbound (seq)
    WHERE processed_at IS NULL AND set_aside_at IS NULL;
