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

-- Durable timers: each fires once (its firing is recorded as an inbound event keyed by the
-- timer's id, so a repeat is a no-op), also after a restart, catching up on missed ones.
CREATE TABLE timers (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    due_at     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    fired_at   TEXT,
    cancelled  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL AND cancelled = 0;
CREATE INDEX timers_by_address ON timers (channel, address, kind);
