"""SQL written in more than one place, named once, with the row each statement takes.

A column added later is added here, once, and every writer of that table follows.
"""

from __future__ import annotations

import json

import aiosqlite

from common.models import ConversationKey, Inbound
from store.timefmt import iso

INSERT_INBOUND = (
    "INSERT INTO inbound (seq, channel, external_id, address, text, press, has_media,"
    " received_at, event, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def inbound_row(seq: int, m: Inbound) -> tuple[object, ...]:
    """The row ``INSERT_INBOUND`` takes for message ``m`` numbered ``seq``."""
    return (
        seq,
        m.channel,
        m.external_id,
        m.address,
        m.text,
        m.press,
        m.has_media,
        iso(m.received_at),
        m.event,
        json.dumps(m.payload),
    )


INSERT_OUTBOX = (
    "INSERT INTO outbox (channel, address, text, buttons, caused_by, opt_out_notice,"
    " erase_after_send, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def outbox_row(
    to: ConversationKey,
    text: str,
    at: str,
    *,
    buttons: str = "[]",
    caused_by: int | None = None,
    opt_out_notice: bool = False,
    erase_after_send: bool = False,
) -> tuple[object, ...]:
    """The row ``INSERT_OUTBOX`` takes: a message to ``to``, due at once (``at``, as stored)."""
    return (*to, text, buttons, caused_by, opt_out_notice, erase_after_send, at, at)


MARK_PROCESSED = "UPDATE inbound SET processed_at = ? WHERE seq = ? AND processed_at IS NULL"

INSERT_LINK = (
    "INSERT INTO links (kind, resident_channel, resident_address, resident_name,"
    " helper_channel, helper_address, helper_name, summary, created_at, handoff_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

# A resident has at most one open handoff and one open visit; these find the latest.
LATEST_OPEN_HANDOFF = (
    "SELECT id FROM handoffs WHERE resident_channel = ? AND resident_address = ?"
    " AND closed_at IS NULL ORDER BY id DESC LIMIT 1"
)
LATEST_OPEN_VISIT = (
    "SELECT id FROM visits WHERE resident_channel = ? AND resident_address = ?"
    " AND status IN ('asking', 'covered') ORDER BY id DESC LIMIT 1"
)


async def latest_open(
    conn: aiosqlite.Connection, statement: str, key: ConversationKey
) -> int | None:
    """The id ``statement`` (a ``LATEST_OPEN_*``) finds for resident ``key``, if any."""
    rows = list(await conn.execute_fetchall(statement, key))
    return int(rows[0][0]) if rows else None


# One more in an anonymous count kept for insights (store/schema/0014_insights.sql).
COUNT_INSIGHT = (
    "INSERT INTO insight_counts (week, measure, area, item, count) VALUES (?, ?, ?, ?, 1)"
    " ON CONFLICT (week, measure, area, item) DO UPDATE SET count = count + 1"
)
