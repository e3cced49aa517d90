-- Going with someone to an appointment. A visit is the resident's request, in their words;
-- each peer asked gets a row in visit_asks, and the first to accept becomes the visit's peer.
-- One open visit per resident, so flows find it by the resident alone.
CREATE TABLE visits (
    id               INTEGER PRIMARY KEY,
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    resident_name    TEXT NOT NULL DEFAULT '',
    place            TEXT NOT NULL,
    at               TEXT NOT NULL,      -- the appointment, UTC
    notes            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'asking' CHECK (status IN
                     ('asking', 'covered', 'after', 'unanswered', 'cancelled', 'done')),
    peer_channel     TEXT,
    peer_address     TEXT,
    peer_name        TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    covered_at       TEXT,
    -- Afterwards, in each one's own words; the peer's time is kept so it can be recognised.
    resident_said    TEXT,
    peer_said        TEXT,
    minutes          INTEGER
);
CREATE INDEX visits_by_resident ON visits (resident_channel, resident_address, status);
CREATE INDEX visits_by_peer ON visits (peer_channel, peer_address, status);

CREATE TABLE visit_asks (
    visit_id     INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    peer_channel TEXT NOT NULL,
    peer_address TEXT NOT NULL,
    peer_name    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'asked'
                 CHECK (status IN ('asked', 'accepted', 'declined', 'withdrawn')),
    asked_at     TEXT NOT NULL,
    answered_at  TEXT,
    PRIMARY KEY (visit_id, peer_channel, peer_address)
) WITHOUT ROWID;
CREATE INDEX visit_asks_by_peer ON visit_asks (peer_channel, peer_address, status);

-- The time peers give, kept apart from whom they gave it to: it is theirs, for thanks and
-- recognition, and stays when a resident's visit is erased (FORGET ME, retention).
CREATE TABLE time_given (
    id           INTEGER PRIMARY KEY,
    peer_channel TEXT NOT NULL,
    peer_address TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    given_on     TEXT NOT NULL          -- the day of the visit, YYYY-MM-DD
);
CREATE INDEX time_given_by_peer ON time_given (peer_channel, peer_address);
