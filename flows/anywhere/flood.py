"""A flood from one sender: everything is kept, the bot answers once, then waits.

Protects the people on the other side of a relay, and a deployment's SMS budget, from a
stuck phone or a script, without losing a word: what arrives during the pause is held in
the conversation and answered, all together, once the pause is over. Only a resident's
free text counts; a button press, a keyword or anything from someone on the roster (a
worker's INBOX, an accept) is never held back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

WINDOW = timedelta(minutes=1)
LIMIT = 12
SLOW_DOWN = (
    "You've sent a lot of messages very quickly. I've kept them all, and I'll answer them "
    "together in a minute or so."
)
# The timer that answers what was held once the pause is over.
TIMER = "flood_over"
_RECENT = "recent"
_WARNED = "flood_warned"
_HELD = "flood_held"


def check(data: dict[str, Any], now: datetime) -> str | None:
    """Count this message; returns the one polite reply, "" to stay quiet, or None if fine."""
    recent = _recent(data, now)
    recent.append(now.isoformat())
    data[_RECENT] = recent[-(LIMIT + 1) :]
    if len(recent) <= LIMIT:
        data.pop(_WARNED, None)
        return None
    if data.get(_WARNED):
        return ""
    data[_WARNED] = True
    return SLOW_DOWN


def hold(data: dict[str, Any], text: str) -> None:
    """Keep a message that arrived during the pause, to answer when it is over."""
    if text.strip():
        data.setdefault(_HELD, []).append(text)


def release(data: dict[str, Any], now: datetime) -> str | None:
    """What was held, as one message, once the pause is over; None while it goes on."""
    if len(_recent(data, now)) > LIMIT:
        return None
    data.pop(_WARNED, None)
    return "\n".join(data.pop(_HELD, []))


def with_held(data: dict[str, Any], text: str) -> str:
    """A message that ends the pause, with what was held before it (oldest first)."""
    held = data.pop(_HELD, [])
    return "\n".join([*held, text]) if held else text


def _recent(data: dict[str, Any], now: datetime) -> list[str]:
    return [t for t in data.get(_RECENT, []) if now - datetime.fromisoformat(t) < WINDOW]
