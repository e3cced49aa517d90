"""What an open inbox page asks the database to keep up: has anything changed since it
was drawn? Read from the file, so a change written by another process counts too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from store.timefmt import iso

# A version of everything an inbox page shows: the newest message in, how many wait to be
# processed, the newest message out, how many wait to be sent, and the newest handoff and
# link. Every part reads one index.
CHANGES = (
    "SELECT (SELECT coalesce(max(seq), 0) FROM inbound)"
    " || '.' || (SELECT count(*) FROM inbound"
    " WHERE processed_at IS NULL AND set_aside_at IS NULL)"
    " || '.' || (SELECT coalesce(max(id), 0) FROM outbox)"
    " || '.' || (SELECT count(*) FROM outbox WHERE status = 'pending')"
    " || '.' || (SELECT coalesce(max(id), 0) FROM handoffs)"
    " || '.' || (SELECT coalesce(max(id), 0) FROM links)"
)
# The same, for a signed-in session only: NULL for an unknown or expired one.
VERSION = (
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM sessions WHERE id_hash = ? AND expires_at > ?)"  # noqa: S608
    f" THEN ({CHANGES}) END"
)
# A page kept up to date is audited as a view once in this long, not at every refresh.
LIVE_VIEW_EVERY = timedelta(minutes=10)


async def current(conn: aiosqlite.Connection) -> str:
    """The version now, read in the transaction that draws the page."""
    rows = list(await conn.execute_fetchall(CHANGES))
    return str(rows[0][0])


def version_params(session_hash: str, now: datetime) -> tuple[str, str]:
    """The parameters of ``VERSION`` for one session at ``now``."""
    return (session_hash, iso(now))


async def viewed_lately(
    conn: aiosqlite.Connection, person_id: int, handoff_id: int, now: datetime
) -> bool:
    """Whether this person's view of this handoff is already in the audit log lately."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT 1 FROM audit WHERE handoff_id = ? AND at > ? AND person_id = ?"
            " AND action = 'view' LIMIT 1",
            (handoff_id, iso(now - LIVE_VIEW_EVERY), person_id),
        )
    )
    return bool(rows)
