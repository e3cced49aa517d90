-- A resident asked for a named human. The handoff itself builds on these rows.
CREATE TABLE person_requests (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'held', 'closed'))
);
CREATE INDEX person_requests_open ON person_requests (channel, address) WHERE status = 'open';
