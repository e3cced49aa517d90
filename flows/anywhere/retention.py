"""Retention: what is kept for learning when an idle conversation is anonymised.

Counts and themes, never words: "measure only to learn", and no label follows a person.
"""

from __future__ import annotations

import re
from typing import Any

from flows.anywhere.keywords import normalise

# Broad themes, each with a few everyday stems that point to it.
THEMES: dict[str, tuple[str, ...]] = {
    "money": ("money", "skint", "debt", "bailiff", "benefit", "universal credit", "bills", "loan"),
    "housing": ("rent", "landlord", "evict", "housing", "homeless", "damp", "flat", "council tax"),
    "food": ("food", "hungry", "eat", "pantry", "meal"),
    "energy": ("electric", "gas", "meter", "heating", "energy"),
    "loneliness": ("lonely", "alone", "no one to talk", "isolated", "nobody"),
    "family": ("kids", "child", "son", "daughter", "baby", "school", "parent"),
    "caring": ("carer", "caring", "look after"),
    "health": ("anxious", "anxiety", "depress", "mental", "gp", "doctor", "hospital"),
    "work": ("job", "work", "unemployed", "jobcentre", "cv"),
    "recovery": ("drink", "drinking", "drugs", "alcohol", "recovery"),
    "language": ("english", "language", "esol", "translate"),
    "digital": ("phone", "online", "internet", "computer", "laptop"),
    "transport": ("bus", "lift", "transport", "taxi"),
}
_WORDS = ("words", "more", "matters", "notes", "updates")
_PATTERNS = {
    theme: re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")")
    for theme, stems in THEMES.items()
}


def themes(data: dict[str, Any]) -> tuple[str, ...]:
    """The broad themes a conversation touched, from the person's words; never the words."""
    said = " ".join(str(data.get(field, "")) for field in _WORDS)
    text = normalise(said)
    return tuple(theme for theme, pattern in _PATTERNS.items() if pattern.search(text))
