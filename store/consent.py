"""The record of consent: what a person agreed to share, with whom, and when.

A flow emits ``RecordConsent`` in the same turn as the sharing, so the row is written in
the same transaction as the message that shares: there is never one without the other.
FORGET ME and retention erase the rows with the rest of the person (``store.writes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from common.models import ConversationKey, RecordConsent
from store.timefmt import iso


@dataclass(frozen=True)
class Consent:
    """One thing a person agreed to share."""

    purpose: str
    shared_with: str
    shared: str
    agreed_at: datetime


def row(key: ConversationKey, agreed: RecordConsent, at: datetime) -> tuple[object, ...]:
    """The row for one agreement, in the order ``record`` inserts."""
    return (*key, agreed.purpose, agreed.shared_with, agreed.shared, iso(at))


async def record(conn: aiosqlite.Connection, rows: list[tuple[object, ...]]) -> None:
    """Keep agreements (rows from ``row``); runs inside the writer's transaction."""
    await conn.executemany(
        "INSERT INTO consents (channel, address, purpose, shared_with, shared, agreed_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def consents(reader: aiosqlite.Connection, key: ConversationKey) -> list[Consent]:
    """What one person has agreed to share, oldest first."""
    found = await reader.execute_fetchall(
        "SELECT purpose, shared_with, shared, agreed_at FROM consents"
        " WHERE channel = ? AND address = ? ORDER BY id",
        tuple(key),
    )
    return [
        Consent(r["purpose"], r["shared_with"], r["shared"], datetime.fromisoformat(r["agreed_at"]))
        for r in found
    ]
