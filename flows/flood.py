"""A flood from one sender: everything is kept, but the bot answers once and then waits.

Protects the people on the other side of a relay, and a deployment's SMS budget, from a
stuck phone or a script, without losing a word.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

WINDOW = timedelta(minutes=1)
LIMIT = 12
SLOW_DOWN = (
    "You've sent a lot of messages very quickly. I've kept them all, and I'll answer again "
    "in a minute or so."
)
_RECENT = "recent"
_WARNED = "flood_warned"


def check(data: dict[str, Any], now: datetime) -> str | None:
    """Count this message; returns the one polite reply, "" to stay quiet, or None if fine."""
    recent = [t for t in data.get(_RECENT, []) if now - datetime.fromisoformat(t) < WINDOW]
    recent.append(now.isoformat())
    data[_RECENT] = recent[-(LIMIT + 1) :]
    if len(recent) <= LIMIT:
        data.pop(_WARNED, None)
        return None
    if data.get(_WARNED):
        return ""
    data[_WARNED] = True
    return SLOW_DOWN
