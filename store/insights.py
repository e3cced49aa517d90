"""Reading the anonymous counts kept for insights (``0014_insights.sql``), and where live
conversations have gone quiet. Nothing read here names anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from store.timefmt import iso


@dataclass(frozen=True)
class CountRow:
    """One anonymous count: a week's measure in a neighbourhood, for one item."""

    week: str
    measure: str
    area: str
    item: str
    count: int


async def counts(conn: aiosqlite.Connection) -> list[CountRow]:
    """Every count kept, oldest week first."""
    rows = await conn.execute_fetchall(
        "SELECT week, measure, area, item, count FROM insight_counts WHERE count > 0"
        " ORDER BY week, measure, area, item"
    )
    return [CountRow(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]


async def gone_quiet(conn: aiosqlite.Connection, before: datetime) -> dict[str, int]:
    """Residents' conversations with nothing from them since ``before``, by the state they
    were left in (people on the roster are not counted)."""
    rows = await conn.execute_fetchall(
        "SELECT c.state, count(*) FROM conversations c"
        " WHERE coalesce(c.last_seen_at, c.updated_at) < ? AND NOT EXISTS (SELECT 1 FROM"
        " people p WHERE p.channel = c.channel AND p.address = c.address) GROUP BY c.state",
        (iso(before),),
    )
    return {str(r[0]): int(r[1]) for r in rows}
