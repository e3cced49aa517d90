"""The card a worker gets: the resident's own words, enough that nobody asks them again."""

from __future__ import annotations

from typing import Any

from flows.text import first_name, quote

# What the card carries, in the order a worker reads it, with the words before each.
FIELDS = (
    ("matters", "What matters to them"),
    ("around", "Who's around them"),
    ("tried", "Already tried"),
    ("want", "What they'd like from this"),
    ("area", "Where"),
    ("since", "Since then"),
)
CARD = (
    "{urgent}From the {area} neighbours line: {name} would like a local person to pick this "
    'up. In their words: "{words}".'
)
ASK = " Will you be the person who stays with them?"


def card(data: dict[str, Any], urgent: bool = False) -> dict[str, Any]:
    """The card from what the resident told us and approved, in their words."""
    handoff = data.get("handoff") or {}
    said = " ".join(str(data[k]) for k in ("words", "more") if data.get(k))
    words = handoff.get("words") or said or str(data.get("matters") or "")
    fields = {
        "name": data.get("name") or "",
        "words": quote(words or "they didn't say yet", limit=300),
        "matters": data.get("matters"),
        "around": data.get("around"),
        "tried": data.get("tried"),
        "want": handoff.get("want"),
        "area": data.get("area"),
        # What they said when they came back or were checked in with, for the same person.
        "since": " / ".join(str(x) for x in handoff.get("more") or []),
        "urgent": urgent,
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def card_text(shared: dict[str, Any], area: str) -> str:
    """The card as one message."""
    text = CARD.format(
        urgent="URGENT. " if shared.get("urgent") else "",
        area=area,
        name=shared.get("name") or "Someone",
        words=shared["words"],
    )
    extra = "".join(
        f" {label}: {quote(str(shared[key]), limit=120)}."
        for key, label in FIELDS
        if shared.get(key)
    )
    return f"{text}{extra}{ASK}"


def holder_intro(name: str, organisation: str) -> str:
    """How a resident is told who someone is: "Sam from the Money Worries drop-in"."""
    first = first_name(name)
    return f"{first} from {organisation}" if organisation else first
