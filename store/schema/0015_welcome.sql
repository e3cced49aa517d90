-- Meeting new neighbours. Someone who offers help by text joins the roster waiting to be
-- welcomed: residents are not offered them and they are not asked to go with anyone until
-- a coordinator says welcome. Everyone already on the roster came from a roster file (or
-- joined before there was a welcome), so is welcomed.
ALTER TABLE people ADD COLUMN welcomed INTEGER NOT NULL DEFAULT 1;
-- The line they said yes to, exactly as it was read back: the coordinator's card shows it.
ALTER TABLE people ADD COLUMN shown TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN joined_at TEXT;
-- A coordinator chose to talk first (the card stays until Welcome), and who said welcome.
ALTER TABLE people ADD COLUMN talking_with TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN talking_since TEXT;
ALTER TABLE people ADD COLUMN welcomed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN welcomed_at TEXT;
CREATE INDEX people_waiting ON people (joined_at) WHERE welcomed = 0;
