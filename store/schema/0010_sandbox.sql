-- The web sandbox: which browser session is using which pretend phone. An address is
-- claimed by the first session that sends from it or opens it; other sessions are refused,
-- so nobody reads another's messages. Only a keyed hash of the session's id is kept. FORGET
-- ME and retention delete a person's claim with everything else held about them.
CREATE TABLE sandbox_claims (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
