"""The time of day a message names: "half two", "quarter to 3", "10am", "14:30", "tonight"."""

from __future__ import annotations

import re
from typing import Literal

Part = Literal["morning", "afternoon", "evening"]
# (hour, minute, sure): ``sure`` is False while the hour could be morning or evening.
Clock = tuple[int, int, bool]

_TIMES = (
    re.compile(
        r"\b(?P<m>quarter|half|\d{1,2})\s+(?:minutes?\s+)?(?P<dir>past|to|after)\s+"
        r"(?P<h>\d{1,2})\b(?:\s*(?P<ap>[ap])\.?m\b\.?)?"
    ),
    re.compile(r"\b(?P<half>half)\s+(?P<h>\d{1,2})\b(?:\s*(?P<ap>[ap])\.?m\b\.?)?"),
    re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<mm>\d{2}))?\s*(?P<ap>[ap])\.?m\b\.?"),
    re.compile(r"\b(?P<h>\d{1,2})[:.](?P<mm>\d{2})\b(?!\s*[/.]\d)"),
    re.compile(r"\b(?P<h>\d{1,2})\s*o\s*clock\b"),
    re.compile(
        r"\b(?:at|for|from|around|about|by|before)\s+(?P<h>\d{1,2})(?:\s*ish)?\b"
        r"(?!\s*(?:st|nd|rd|th|/|[.]\d|days?|weeks?|months?|hours?|mins?|minutes?)\b)"
    ),
    re.compile(r"\b(?:12\s+)?(?P<noon>noon|midday|midnight)\b"),
)
_PARTS = re.compile(
    r"\b(?:(?P<this>this)\s+|in\s+the\s+)?(?P<part>morning|afternoon|evening|night)\b"
    r"|\b(?P<tonight>tonight)\b"
)
_PART_OF: dict[str, Part] = {"morning": "morning", "afternoon": "afternoon"}


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def _clock_from(match: re.Match[str]) -> Clock | None:
    """(hour, minute, sure) from one time match; None when the numbers are not a time."""
    found = match.groupdict()
    if found.get("noon"):
        return (0, 0, True) if found["noon"] == "midnight" else (12, 0, True)
    hour, minute = int(found["h"]), int(found.get("mm") or 0)
    if found.get("dir"):
        m = found["m"]
        minute = 15 if m == "quarter" else 30 if m == "half" else int(m)
        if found["dir"] == "to":
            hour, minute = (hour - 1) % 24, 60 - minute
    elif found.get("half"):
        minute = 30  # "half two" is 2:30 in UK speech, never 1:30
    if hour > 23 or minute > 59:
        return None
    if found.get("mm") and not found.get("ap") and "." in match.group(0) and minute % 5:
        return None  # "3.12" is more likely 3 December than 3:12
    ap = found.get("ap")
    if ap and hour <= 12:
        return (hour % 12 + (12 if ap == "p" else 0), minute, True)
    # 24-hour forms ("14:30", "09:00") say which half of the day they mean.
    written_24h = hour == 0 or hour > 12 or match.group(0).lstrip().startswith("0")
    return hour, minute, bool(ap) or written_24h


def find_time(text: str) -> tuple[str, Clock | None]:
    """The first time of day ``text`` names, and the rest of ``text``; None if it names none."""
    for pattern in _TIMES:
        for match in pattern.finditer(text):
            clock = _clock_from(match)
            if clock is not None:
                return _cut(text, match), clock
    return text, None


def find_part(text: str) -> tuple[str, Part | None, bool]:
    """The part of the day named, and whether it also names today ("this afternoon")."""
    match = _PARTS.search(text)
    if not match:
        return text, None, False
    if match.group("tonight"):
        return _cut(text, match), "evening", True
    part = _PART_OF.get(match.group("part"), "evening")
    return _cut(text, match), part, bool(match.group("this"))
