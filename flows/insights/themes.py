"""The broad themes a person's words touch: the matching vocabulary's categories.

A theme is read the way matching reads a need (``flows.connect.vocabulary.mentions``), so
what is counted is what the bot heard; the words themselves are never kept.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from flows.connect.vocabulary import VOCABULARY, mentions

# What a resident's own words are kept as, in a conversation's data (listen, handoff).
WORD_FIELDS = ("opening", "words", "more", "matters", "updates")
# What people asked for that the vocabulary has no category for.
OTHER = "something else"


@cache
def _topics() -> tuple[tuple[frozenset[str], str], ...]:
    """Each topic's directory terms, with its theme."""
    return tuple((frozenset(topic.finds), topic.theme) for topic in VOCABULARY)


def all_themes() -> tuple[str, ...]:
    """Every theme, in the vocabulary file's order."""
    return tuple(dict.fromkeys(topic.theme for topic in VOCABULARY))


# Every turn of a conversation reads the same words again: each text is read once.
@lru_cache(maxsize=1024)
def themes_in(text: str) -> tuple[str, ...]:
    """The themes ``text`` touches, in the vocabulary's order; () when none."""
    # A phrase finds every term of each topic it is in: those topics are the ones whose
    # terms it found all of.
    found = [set(m.terms) for m in mentions(text) if not m.own_words]
    touched = {theme for finds, theme in _topics() for terms in found if finds <= terms}
    return tuple(theme for theme in all_themes() if theme in touched)


def said_by(data: dict[str, Any]) -> str:
    """A conversation's words as one text, to read themes from (never stored)."""
    parts: list[str] = []
    for field in WORD_FIELDS:
        value = data.get(field)
        parts.extend(str(v) for v in value) if isinstance(value, list) else parts.append(
            str(value or "")
        )
    return "\n".join(p for p in parts if p)


def conversation_themes(data: dict[str, Any]) -> tuple[str, ...]:
    """The themes a conversation's words touch."""
    return themes_in(said_by(data))
