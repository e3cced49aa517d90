"""Times are stored as ISO 8601 text in UTC, so they sort and compare as strings."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """``moment`` as UTC ISO text; naive times are taken to be UTC already."""
    if moment.tzinfo is not UTC:
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def parse(text: str | None) -> datetime | None:
    """The datetime stored as ``text``, or None."""
    return datetime.fromisoformat(text) if text else None
