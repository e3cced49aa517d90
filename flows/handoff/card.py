"""The card a worker gets: the resident's name and words exactly as they were read back to
them and approved (``flows.approved``), and nothing else of theirs. Only an urgent card,
sent without asking, carries the words that raised the alarm instead."""

from __future__ import annotations

from typing import Any

from flows import approved
from flows.text import first_name

PURPOSE = "handoff"
CARD = (
    "{urgent}From the {area} neighbours line: {name} would like a local person to pick this "
    "up.{said}"
)
SAID = ' In their words: "{words}".'
ASK = " Will you be the person who stays with them?"


def card(data: dict[str, Any], urgent: bool = False) -> dict[str, Any]:
    """The card: what the resident approved, or, marked urgent, the words of danger."""
    handoff = data.get("handoff") or {}
    shared = approved.kept(data, PURPOSE)
    if urgent or shared is None:
        shared = {"name": str(data.get("name") or ""), "words": str(handoff.get("words") or "")}
        urgent = True  # nothing approved: only danger sends a card without asking
    fields = {"name": shared.get("name"), "words": shared.get("words"), "urgent": urgent}
    return {k: v for k, v in fields.items() if v not in (None, "", False)}


def card_text(shared: dict[str, Any], area: str) -> str:
    """The card as one message."""
    words = shared.get("words")
    text = CARD.format(
        urgent="URGENT. " if shared.get("urgent") else "",
        area=area,
        name=shared.get("name") or "Someone",
        said=SAID.format(words=words) if words else "",
    )
    return f"{text}{ASK}"


def holder_intro(name: str, organisation: str) -> str:
    """How a resident is told who someone is: "Sam from the Money Worries drop-in"."""
    first = first_name(name)
    return f"{first} from {organisation}" if organisation else first
