-- A handoff: a resident asked for a named human. Cards go to people on duty (one link row
-- each, status 'asked'); the first to accept holds it. Who holds it is read from the links,
-- so there is one truth; the handoff row keeps what the resident approved to share.
CREATE TABLE handoffs (
    id               INTEGER PRIMARY KEY,
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    card             TEXT NOT NULL DEFAULT '{}',  -- JSON: the card, in the resident's words
    urgent           INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    closed_at        TEXT
);
CREATE INDEX handoffs_by_resident ON handoffs (resident_channel, resident_address);

ALTER TABLE links ADD COLUMN handoff_id INTEGER REFERENCES handoffs (id);
CREATE INDEX links_by_handoff ON links (handoff_id);

-- "Sam from the Money Worries drop-in": where a worker or peer is from, said with their name.
ALTER TABLE people ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

-- Asking for a person is now a handoff; the requests table it replaces held only copies.
DROP TABLE person_requests;
