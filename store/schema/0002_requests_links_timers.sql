-- A resident asked for a named human. The handoff itself builds on these rows.
CREATE TABLE person_requests (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    urgent       INTEGER NOT NULL DEFAULT 0,
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

-- A link joins a resident and one named person (a peer through an introduction, or a
-- worker through a handoff) who talk through the bot's number. Both must say yes.
CREATE TABLE links (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('intro', 'handoff')),
    status           TEXT NOT NULL DEFAULT 'asked'
                     CHECK (status IN ('asked', 'accepted', 'declined', 'expired', 'closed')),
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    resident_name    TEXT NOT NULL DEFAULT '',
    helper_channel   TEXT NOT NULL,
    helper_address   TEXT NOT NULL,
    helper_name      TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    answered_at      TEXT
);
CREATE INDEX links_by_resident ON links (resident_channel, resident_address, status);
CREATE INDEX links_by_helper ON links (helper_channel, helper_address, status);

-- What is kept for learning once a conversation is anonymised: counts and themes, no words.
CREATE TABLE learning (
    month   TEXT NOT NULL,                     -- YYYY-MM of the conversation's last activity
    theme   TEXT NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, theme)
) WITHOUT ROWID;
