-- What is kept for insights: anonymous counts, added to as things happen, so they outlast
-- FORGET ME and retention. A row is a week (the Monday of its ISO week), a measure, a
-- neighbourhood from the places table ('' where the measure is not kept by place) and an
-- item from a fixed list (a theme, a time band, a number of hands, the bot's question);
-- never an address, a name or anyone's words. Small counts are hidden when shown.
CREATE TABLE insight_counts (
    week    TEXT NOT NULL,
    measure TEXT NOT NULL,
    area    TEXT NOT NULL DEFAULT '',
    item    TEXT NOT NULL DEFAULT '',
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (week, measure, area, item)
) WITHOUT ROWID;

-- The first person to accept a handoff is its named person: the time since the resident's
-- first message (since their last handoff closed) is counted in a band.
CREATE TRIGGER insight_first_named AFTER UPDATE OF status ON links
WHEN NEW.kind = 'handoff' AND NEW.status = 'accepted' AND OLD.status = 'asked'
    AND NEW.answered_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM links l WHERE l.handoff_id = NEW.handoff_id
                    AND l.id <> NEW.id AND l.status IN ('accepted', 'closed'))
BEGIN
    INSERT INTO insight_counts (week, measure, item, count)
    SELECT date(NEW.answered_at, 'weekday 0', '-6 days'), 'first_named',
        CASE
            WHEN waited < 15 THEN 'under 15 minutes'
            WHEN waited < 60 THEN '15 to 60 minutes'
            WHEN waited < 240 THEN '1 to 4 hours'
            WHEN waited < 1440 THEN '4 to 24 hours'
            WHEN waited < 10080 THEN '1 to 7 days'
            ELSE 'over 7 days'
        END, 1
    FROM (SELECT (julianday(NEW.answered_at) - julianday(coalesce(
        (SELECT min(i.received_at) FROM inbound i
         WHERE i.channel = NEW.resident_channel AND i.address = NEW.resident_address
           AND i.event IS NULL AND i.received_at > coalesce(
               (SELECT max(h.closed_at) FROM handoffs h
                WHERE h.resident_channel = NEW.resident_channel
                  AND h.resident_address = NEW.resident_address
                  AND h.id <> NEW.handoff_id AND h.closed_at IS NOT NULL), '')),
        (SELECT h.created_at FROM handoffs h WHERE h.id = NEW.handoff_id),
        NEW.created_at))) * 1440 AS waited)
    WHERE true
    ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + 1;
END;

-- A handoff that closes counts the people who held it ("hands"); more than two is going
-- round in circles.
CREATE TRIGGER insight_hands AFTER UPDATE OF closed_at ON handoffs
WHEN OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL
BEGIN
    INSERT INTO insight_counts (week, measure, item, count)
    SELECT date(NEW.closed_at, 'weekday 0', '-6 days'), 'hands',
        CASE WHEN held > 2 THEN '3 or more' ELSE CAST(held AS TEXT) END, 1
    FROM (SELECT count(*) AS held FROM (SELECT DISTINCT helper_channel, helper_address
          FROM links WHERE handoff_id = NEW.id AND status IN ('accepted', 'closed')))
    WHERE held > 0
    ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + 1;
END;

-- A neighbour said yes to an introduction.
CREATE TRIGGER insight_introductions AFTER UPDATE OF status ON links
WHEN NEW.kind = 'intro' AND NEW.status = 'accepted' AND OLD.status = 'asked'
BEGIN
    INSERT INTO insight_counts (week, measure, count)
    VALUES (date(coalesce(NEW.answered_at, NEW.created_at), 'weekday 0', '-6 days'),
        'introductions', 1)
    ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + 1;
END;

-- A peer went with someone: the appointment, and the minutes they gave.
CREATE TRIGGER insight_time_given AFTER INSERT ON time_given
BEGIN
    INSERT INTO insight_counts (week, measure, count)
    VALUES (date(NEW.given_on, 'weekday 0', '-6 days'), 'accompanied', 1)
    ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + 1;
    INSERT INTO insight_counts (week, measure, count)
    VALUES (date(NEW.given_on, 'weekday 0', '-6 days'), 'minutes_given', NEW.minutes)
    ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + NEW.minutes;
END;
