-- Local groups (services from an Open Referral HSDS directory) and the people roster,
-- both searchable with FTS5. The full-text tables are external-content indexes kept in
-- step by triggers, so every write path (import, a new peer, FORGET ME) keeps them in sync.
CREATE TABLE services (
    seq           INTEGER PRIMARY KEY,         -- stable row number the index points at
    id            TEXT NOT NULL UNIQUE,        -- the directory's own id (HSDS: a UUID)
    status        TEXT NOT NULL DEFAULT 'active',
    organization  TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    keywords      TEXT NOT NULL DEFAULT '',    -- other names, programme, taxonomy terms
    email         TEXT,
    url           TEXT,
    phones        TEXT NOT NULL DEFAULT '[]',  -- JSON list, ready to show
    schedule      TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',    -- short: the location's name
    address       TEXT NOT NULL DEFAULT '',
    areas         TEXT NOT NULL DEFAULT '[]',  -- JSON list of the areas served
    contact_name  TEXT,
    contact_phone TEXT,                        -- E.164 mobile of the contact person
    extra         TEXT NOT NULL DEFAULT '{}',
    updated_at    TEXT NOT NULL
);

CREATE VIRTUAL TABLE services_fts USING fts5(
    name, organization, description, keywords,
    content = 'services', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO services_fts (rowid, name, organization, description, keywords)
    VALUES (new.seq, new.name, new.organization, new.description, new.keywords);
END;

CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, organization, description, keywords)
    VALUES ('delete', old.seq, old.name, old.organization, old.description, old.keywords);
END;

CREATE TRIGGER services_fts_update AFTER UPDATE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, organization, description, keywords)
    VALUES ('delete', old.seq, old.name, old.organization, old.description, old.keywords);
    INSERT INTO services_fts (rowid, name, organization, description, keywords)
    VALUES (new.seq, new.name, new.organization, new.description, new.keywords);
END;

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('worker', 'coordinator', 'peer')),
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    areas       TEXT NOT NULL DEFAULT '[]',
    languages   TEXT NOT NULL DEFAULT '[]',
    offer       TEXT NOT NULL DEFAULT '',
    accompanies INTEGER NOT NULL DEFAULT 0,
    on_duty     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, address)
);
CREATE INDEX people_by_role ON people (role, on_duty);

-- A peer's offer is in their own words: personal data. Deleting a row leaves its tokens
-- in old index segments until the index is rebuilt (store.directory.remove_person does).
CREATE VIRTUAL TABLE people_fts USING fts5(
    offer,
    content = 'people', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, offer) VALUES (new.id, new.offer);
END;

CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, offer) VALUES ('delete', old.id, old.offer);
END;

CREATE TRIGGER people_fts_update AFTER UPDATE OF offer ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, offer) VALUES ('delete', old.id, old.offer);
    INSERT INTO people_fts (rowid, offer) VALUES (new.id, new.offer);
END;
