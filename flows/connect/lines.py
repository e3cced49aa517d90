"""How a group or a neighbour is put to a resident in one line of the options.

One place, so that what a new peer is read back before they join is what residents are
later shown about them, byte for byte.
"""

from __future__ import annotations

from flows.text import first_name

WIDTH = 80


def short(text: str, width: int = WIDTH) -> str:
    """``text`` as one option line: cut at a word to fit ``width`` characters."""
    text = text.rstrip(", ")
    return text if len(text) <= width else text[: width - 3].rsplit(" ", 1)[0] + "..."


def peer_line(name: str, offer_line: str) -> str:
    """A neighbour as the options show them: first name, and their offer in their words."""
    return short(f"{first_name(name)}, a neighbour: {offer_line}")
