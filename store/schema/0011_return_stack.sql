-- Where a conversation goes back to when a sub-flow ends (an offer to help, going with
-- someone, checking in) was kept under three keys: "resume", "accompany_resume" and
-- "offer_resume", with the made-up state "connect.next" for "offer what fits next". It
-- is now one stack, "return_to", the newest last: the key of the flow the conversation
-- is in goes on top. "connect.next" is now the connect state "connect.starting", and the
-- name question of a visit request, "visit.naming", is now "accompany.naming".
UPDATE conversations SET state = 'accompany.naming' WHERE state = 'visit.naming';

UPDATE conversations
SET data = json_set(
    json_remove(data, '$.resume', '$.accompany_resume', '$.offer_resume'),
    '$.return_to',
    json((
        SELECT json_group_array(
            CASE kept.state
                WHEN 'connect.next' THEN 'connect.starting'
                WHEN 'visit.naming' THEN 'accompany.naming'
                ELSE kept.state
            END
        )
        FROM (
            SELECT json_extract(conversations.data, '$.resume') AS state,
                CASE WHEN conversations.state LIKE 'listen.%' THEN 9 ELSE 1 END AS rank
            UNION ALL
            SELECT json_extract(conversations.data, '$.accompany_resume'),
                CASE WHEN conversations.state LIKE 'accompany.%' THEN 9 ELSE 2 END
            UNION ALL
            SELECT json_extract(conversations.data, '$.offer_resume'),
                CASE WHEN conversations.state LIKE 'offer.%' THEN 9 ELSE 3 END
            ORDER BY rank
        ) AS kept
        WHERE kept.state IS NOT NULL
    ))
)
WHERE json_type(data, '$.resume') IS NOT NULL
    OR json_type(data, '$.accompany_resume') IS NOT NULL
    OR json_type(data, '$.offer_resume') IS NOT NULL;
