"""How a group or a neighbour is put to a resident in one line of the options.

One place, so that what a new peer is read back before they join is what residents are
later shown about them, byte for byte.
"""

from __future__ import annotations

import re

from flows.text import first_name

# A neighbour's line is this wide wherever it is shown; group lines may shrink to fit.
WIDTH = 80
_CLAUSE = re.compile(r",\s|;\s|\s(?:and|so|but|or)\s")


def short(text: str, width: int = WIDTH) -> str:
    """``text`` within ``width``: cut after a whole clause where one fits, else at a word."""
    text = text.rstrip(", .") if len(text) > width else text.rstrip(", ")
    if len(text) <= width:
        return text
    clauses = [m.start() for m in _CLAUSE.finditer(text) if width // 2 <= m.start() <= width]
    if clauses:
        return text[: clauses[-1]]
    return text[: width - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def peer_line(name: str, offer_line: str) -> str:
    """A neighbour as the options show them: first name, and their offer in their words."""
    return short(f"{first_name(name)}, a neighbour: {offer_line}")
