-- The worker inbox. Only hashes of sign-in tokens and session ids are kept, so a copy of
-- the database file cannot be used to sign in as anyone.

-- A one-time sign-in link, sent to someone on the roster who texted INBOX.
CREATE TABLE sign_ins (
    token_hash TEXT PRIMARY KEY,                 -- sha256 of the token in the link
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    used_at    TEXT
) WITHOUT ROWID;
CREATE INDEX sign_ins_by_age ON sign_ins (created_at);

-- A signed-in browser.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,                 -- sha256 of the cookie's value
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Who looked at or did what in the inbox, and when: every thread viewed, every action.
CREATE TABLE audit (
    id               INTEGER PRIMARY KEY,
    at               TEXT NOT NULL,
    person_id        INTEGER,                    -- kept as a number: the roster may change
    action           TEXT NOT NULL,
    handoff_id       INTEGER,
    link_id          INTEGER,
    resident_channel TEXT,
    resident_address TEXT,
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_handoff ON audit (handoff_id, at);
CREATE INDEX audit_by_resident ON audit (resident_channel, resident_address);

-- A handoff as the inbox lists it: who holds it, and how many hands the resident has
-- passed through (distinct people who have held a handoff for them).
CREATE VIEW handoffs_seen AS
SELECT h.*,
    (SELECT l.helper_name FROM links l WHERE l.handoff_id = h.id AND l.status = 'accepted'
     ORDER BY l.id DESC LIMIT 1) AS holder,
    (SELECT count(*) FROM (SELECT DISTINCT l.helper_channel, l.helper_address FROM links l
     WHERE l.kind = 'handoff' AND l.status IN ('accepted', 'closed')
     AND l.resident_channel = h.resident_channel
     AND l.resident_address = h.resident_address)) AS hands
FROM handoffs h;
