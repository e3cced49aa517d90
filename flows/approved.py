"""What a resident agreed to share, kept as it was read back to them.

A read-back stores the resident's words (and name) here before it is shown, and what is
sent on a yes is built from the same stored value, so the two cannot drift. Words are
shown whole, never cut: when they would not fit a message of two SMS segments, the flow
asks for the main thing instead (see ``fits``).
"""

from __future__ import annotations

from typing import Any

from common.sms_segments import segments
from flows.text import sentences, tidy

APPROVED = "approved"
# Every message to a resident, a read-back included, fits two SMS segments.
MOST_SEGMENTS = 2

# Typographic quotes would make the whole text UCS-2, and a double quote would end the
# quotation around the words early.
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'", '"': "'"})


def whole(text: str) -> str:
    """The person's words as a read-back quotes them: spaces tidied, quotes straightened,
    nothing cut."""
    return tidy(text).translate(_STRAIGHT)


def fits(message: str) -> bool:
    """True when ``message`` goes to a resident in at most two SMS segments."""
    return segments(message) <= MOST_SEGMENTS


def keep(data: dict[str, Any], purpose: str, **parts: str) -> dict[str, str]:
    """Keep what is being read back for ``purpose`` ("handoff", "intro", ...); returns it."""
    data.setdefault(APPROVED, {})[purpose] = dict(parts)
    return dict(parts)


def kept(data: dict[str, Any], purpose: str) -> dict[str, str] | None:
    """What was read back for ``purpose``, or None if nothing has been."""
    found = (data.get(APPROVED) or {}).get(purpose)
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


def drop(data: dict[str, Any], purpose: str) -> None:
    """Forget a read-back that was turned down or is being replaced."""
    approved = data.get(APPROVED) or {}
    approved.pop(purpose, None)
    if not approved:
        data.pop(APPROVED, None)


def joined(*pieces: str) -> str:
    """Several answers as one text, each ending like a sentence, in the person's words."""
    return sentences(*(whole(p) for p in pieces))
