-- What became of an urgent card after it went out, shown on the card in the inbox: what the
-- resident said about it being a misunderstanding (as the people asked were told it), who
-- stood it down and when, and who raised a conversation they hold as urgent and when.
-- ``urgent`` itself is cleared by a stand-down and set by a raise.
ALTER TABLE handoffs ADD COLUMN misunderstood TEXT NOT NULL DEFAULT '';
ALTER TABLE handoffs ADD COLUMN stood_down_at TEXT;
ALTER TABLE handoffs ADD COLUMN stood_down_by TEXT NOT NULL DEFAULT '';
ALTER TABLE handoffs ADD COLUMN raised_at TEXT;
ALTER TABLE handoffs ADD COLUMN raised_by TEXT NOT NULL DEFAULT '';
