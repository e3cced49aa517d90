-- Where places are: each neighbourhood or area the directory or the roster names, the area
-- it is part of (NULL: the served area itself) and its postcode districts. Flows see it
-- with the roster, so a change bumps the roster's version and the next message sees it.
CREATE TABLE places (
    name      TEXT PRIMARY KEY COLLATE NOCASE,
    parent    TEXT COLLATE NOCASE,
    districts TEXT NOT NULL DEFAULT '[]'  -- JSON list, upper case ("EF2")
);

CREATE TRIGGER places_version_insert AFTER INSERT ON places BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER places_version_update AFTER UPDATE ON places BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER places_version_delete AFTER DELETE ON places BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;

-- A database from before knows its places by name only: every area its roster and its
-- groups name (not a postcode district), each taken to be part of the served area until
-- an import says more.
INSERT OR IGNORE INTO places (name)
SELECT DISTINCT trim(a.value) FROM people, json_each(people.areas) AS a
WHERE a.type = 'text' AND trim(a.value) <> '' AND a.value NOT GLOB '*[0-9]*';
INSERT OR IGNORE INTO places (name)
SELECT DISTINCT trim(a.value) FROM services, json_each(services.areas) AS a
WHERE a.type = 'text' AND trim(a.value) <> '' AND a.value NOT GLOB '*[0-9]*'
    AND length(a.value) <= 100;
