-- What a person agreed to share, with whom, and when: one row each time they say yes to
-- something leaving the bot (a note to a group's contact, an introduction to a peer, a card
-- to the people on duty, a request to go with them). The words are kept exactly as they
-- were sent, so "what have I agreed to" can be answered truthfully. FORGET ME and
-- retention delete these rows with everything else held about the person.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,                 -- the person who agreed
    address     TEXT NOT NULL,
    purpose     TEXT NOT NULL
                CHECK (purpose IN ('group_contact', 'intro', 'handoff', 'accompany')),
    shared_with TEXT NOT NULL,                 -- as the person was told: names, organisation
    shared      TEXT NOT NULL,                 -- exactly what was shared
    agreed_at   TEXT NOT NULL
);
-- Read and erased one person at a time.
CREATE INDEX consents_by_person ON consents (channel, address);
