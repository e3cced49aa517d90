"""Delivery status: what a channel reports about a message after it took it.

Twilio's status callbacks arrive late, twice, or out of order, so a status only ever
moves forward: queued < sending < sent < delivered, undelivered or failed (< read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import aiosqlite

from common.models import ConversationKey
from store.connection import connect
from store.timefmt import iso

RANK = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "read": 5,
}
PROBLEMS = ("undelivered", "failed")
# A status for an id never written (another part of a long text, a message erased since)
# is dropped after this long.
EARLY_KEPT = timedelta(days=1)

_RANK_OF_CURRENT = (
    "CASE delivery_status "
    + " ".join(f"WHEN '{status}' THEN {rank}" for status, rank in RANK.items())
    + " ELSE -1 END"
)
# Built once from the constant table above; no outside text is ever part of it.
_UPDATE = (
    "UPDATE outbox SET delivery_status = ?, delivery_updated_at = ?, delivery_error = ?"  # noqa: S608
    f" WHERE channel = ? AND provider_id = ? AND {_RANK_OF_CURRENT} < ?"
)


@dataclass(frozen=True)
class DeliveryProblem:
    """A message the channel took but could not deliver: the person never saw it."""

    outbox_id: int
    text: str
    status: str
    error: str | None
    at: datetime


async def record_status(
    conn: aiosqlite.Connection,
    provider_id: str,
    status: str,
    at: datetime,
    error: str | None = None,
    channel: str = "sms",
) -> bool:
    """Move the message's delivery status forward to ``status``; False if it did not move.

    Unknown statuses and unknown messages change nothing. Runs inside the caller's
    transaction (the store's writer), so it commits with whatever else is in the batch.
    """
    rank = RANK.get(status)
    if rank is None:
        return False
    cursor = await conn.execute(_UPDATE, (status, iso(at), error, channel, provider_id, rank))
    if cursor.rowcount > 0:
        return True
    known = await conn.execute_fetchall(
        "SELECT 1 FROM outbox WHERE channel = ? AND provider_id = ?", (channel, provider_id)
    )
    if known:
        return False  # already further along
    return await _keep_early(conn, channel, provider_id, status, rank, error, at)


async def _keep_early(
    conn: aiosqlite.Connection,
    channel: str,
    provider_id: str,
    status: str,
    rank: int,
    error: str | None,
    at: datetime,
) -> bool:
    """Hold a status for a message whose id is not written yet (a trigger applies it)."""
    await conn.execute("DELETE FROM delivery_early WHERE at < ?", (iso(at - EARLY_KEPT),))
    cursor = await conn.execute(
        "INSERT INTO delivery_early (channel, provider_id, status, rank, error, at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, provider_id) DO UPDATE SET"
        " status = excluded.status, rank = excluded.rank, error = excluded.error,"
        " at = excluded.at WHERE excluded.rank > delivery_early.rank",
        (channel, provider_id, status, rank, error, iso(at)),
    )
    return cursor.rowcount > 0


async def record_status_alone(
    db: Path,
    provider_id: str,
    status: str,
    at: datetime,
    error: str | None = None,
    channel: str = "sms",
) -> bool:
    """:func:`record_status` in a transaction of its own, on a short-lived connection.

    SQLite serialises it with the store's writer, so it never joins (or commits) a batch
    the writer has open. Good for the rate of status callbacks, not for hot paths.
    """
    conn = await connect(db)
    try:
        await conn.execute("BEGIN IMMEDIATE")
        try:
            changed = await record_status(conn, provider_id, status, at, error, channel)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
    finally:
        await conn.close()
    return changed


async def delivery_problems(
    conn: aiosqlite.Connection, key: ConversationKey
) -> list[DeliveryProblem]:
    """Messages to this person that never arrived, newest first (for whoever holds them)."""
    rows = await conn.execute_fetchall(
        "SELECT id, text, delivery_status, delivery_error, delivery_updated_at FROM outbox"
        " WHERE channel = ? AND address = ? AND delivery_status IN (?, ?) ORDER BY id DESC",
        (key.channel, key.address, *PROBLEMS),
    )
    return [
        DeliveryProblem(int(r[0]), r[1], r[2], r[3], datetime.fromisoformat(r[4])) for r in rows
    ]
