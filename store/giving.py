"""What one peer has given through the line: their own totals, shown only to them."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

GIVEN = (
    "SELECT (SELECT count(*) FROM links WHERE kind = 'intro' AND status IN ('accepted', 'closed')"
    "  AND helper_channel = ?1 AND helper_address = ?2),"
    " (SELECT count(*) FROM time_given WHERE peer_channel = ?1 AND peer_address = ?2),"
    " (SELECT coalesce(sum(minutes), 0) FROM time_given WHERE peer_channel = ?1"
    "  AND peer_address = ?2)"
)


@dataclass(frozen=True)
class Given:
    """Residents they said yes to meeting, appointments they went to, minutes given."""

    introductions: int
    appointments: int
    minutes: int

    @property
    def time(self) -> str:
        """The minutes as people say them: "2 hours 30 minutes", "45 minutes"."""
        hours, minutes = divmod(self.minutes, 60)
        parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
        if minutes or not hours:
            parts.append(f"{minutes} minute{'s' * (minutes != 1)}")
        return " ".join(parts)


async def given_by(conn: aiosqlite.Connection, channel: str, address: str) -> Given:
    """One peer's totals, from their own links and the time they gave."""
    rows = list(await conn.execute_fetchall(GIVEN, (channel, address)))
    introductions, appointments, minutes = rows[0]
    return Given(int(introductions), int(appointments), int(minutes))
