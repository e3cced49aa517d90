"""How long someone has waited, in plain words: "waiting 12 minutes", "waiting 2 hours"."""

from __future__ import annotations

from datetime import datetime


def waited(since: str | None, now: datetime) -> str:
    """The wait from the stored UTC time ``since`` to ``now``; "" if unknown or none."""
    if not since:
        return ""
    try:
        seconds = (now - datetime.fromisoformat(since)).total_seconds()
    except (TypeError, ValueError):
        return ""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "waiting under a minute"
    for size, unit in ((60 * 24, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            count = minutes // size
            return f"waiting {count} {unit}{'' if count == 1 else 's'}"
    return ""
