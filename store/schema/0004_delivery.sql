-- What the channel says happened to a message after it took it (SMS status callbacks):
-- queued, sending, sent, delivered, undelivered, failed. Only ever moves forward.
ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
ALTER TABLE outbox ADD COLUMN delivery_updated_at TEXT;
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;  -- the channel's error code, if any
-- Status callbacks find their message by the channel's id for it.
CREATE INDEX outbox_by_provider_id ON outbox (channel, provider_id)
    WHERE provider_id IS NOT NULL;

-- A status can arrive before the dispatcher has written down the channel's id for the
-- message (it marks a whole round of sends at once). It waits here, holding no address
-- and no words, and is applied the moment the id is written; leftovers are pruned.
CREATE TABLE delivery_early (
    channel     TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    error       TEXT,
    at          TEXT NOT NULL,
    PRIMARY KEY (channel, provider_id)
) WITHOUT ROWID;

CREATE TRIGGER outbox_delivery_early AFTER UPDATE OF provider_id ON outbox
WHEN NEW.provider_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM delivery_early e
    WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id
)
BEGIN
    UPDATE outbox SET
        delivery_status = (SELECT e.status FROM delivery_early e
                           WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id),
        delivery_updated_at = (SELECT e.at FROM delivery_early e
                               WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id),
        delivery_error = (SELECT e.error FROM delivery_early e
                          WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id)
    WHERE id = NEW.id;
    DELETE FROM delivery_early WHERE channel = NEW.channel AND provider_id = NEW.provider_id;
END;
