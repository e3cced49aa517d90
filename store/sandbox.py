"""The web sandbox's claims: which browser session uses which pretend phone."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from common.models import ConversationKey
from store.timefmt import iso

OWNER = "SELECT session_hash FROM sandbox_claims WHERE channel = ? AND address = ?"
ERASE = ("DELETE FROM sandbox_claims WHERE channel = ?1 AND address = ?2",)


async def claim(
    conn: aiosqlite.Connection, key: ConversationKey, session_hash: str, now: datetime
) -> str:
    """Claim ``key`` for the session unless another has it; returns whose it is now."""
    await conn.execute(
        "INSERT INTO sandbox_claims (channel, address, session_hash, claimed_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (channel, address) DO NOTHING",
        (key.channel, key.address, session_hash, iso(now)),
    )
    rows = list(await conn.execute_fetchall(OWNER, (key.channel, key.address)))
    return str(rows[0][0])
