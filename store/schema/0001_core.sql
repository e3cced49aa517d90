-- Messages in, conversations, and messages out (the outbox).
CREATE TABLE inbound (
    seq          INTEGER PRIMARY KEY,          -- arrival order, assigned by the single writer
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,                -- the channel's own message id
    address      TEXT NOT NULL,
    text         TEXT NOT NULL,
    press        TEXT,
    has_media    INTEGER NOT NULL DEFAULT 0,
    event        TEXT,                         -- set for a timer firing, not a person's words
    payload      TEXT NOT NULL DEFAULT '{}',
    received_at  TEXT NOT NULL,
    processed_at TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbound_unprocessed ON inbound (seq) WHERE processed_at IS NULL;
CREATE INDEX inbound_by_address ON inbound (channel, address);

CREATE TABLE conversations (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    state        TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    opted_out    INTEGER NOT NULL DEFAULT 0,
    buttons      TEXT NOT NULL DEFAULT '[]',
    last_seen_at TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
CREATE INDEX conversations_idle ON conversations (coalesce(last_seen_at, updated_at));

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    text            TEXT NOT NULL,
    buttons         TEXT NOT NULL DEFAULT '[]',
    caused_by       INTEGER,                   -- inbound.seq that led to it, if any
    opt_out_notice  INTEGER NOT NULL DEFAULT 0, -- the one message that may follow STOP
    erase_after_send INTEGER NOT NULL DEFAULT 0, -- FORGET ME's last word: deleted once sent
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    provider_id     TEXT,
    error           TEXT
);
-- Pending rows in send order: the dispatcher walks this and stops at its limit.
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_by_address ON outbox (channel, address, id);

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
