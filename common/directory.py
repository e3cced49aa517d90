"""What a directory search returns: local groups and peers, as the store and flows see them.

The store fills these from SQLite; flows rank them and say why they came up. Both import
this module, never each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

# A UK-style postcode district at the start of a postcode ("EF3", "EF3 2AB", "M14").
_DISTRICT = re.compile(r"\b([a-z]{1,2}[0-9][0-9a-z]?)(?:\s*[0-9][a-z]{2})?\b")


class Hit(BaseModel):
    """Something the search found for a person's words, with how well it matched."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    line: str = ""
    areas: tuple[str, ...] = ()
    # Higher is better: bm25 turned round so that a stronger match is a bigger number.
    score: float = 0.0
    # The query terms found in this hit's text, so the bot can say why it came up.
    matched: tuple[str, ...] = ()


class GroupHit(Hit):
    """A local group: a service from the imported directory."""

    kind: Literal["group"] = "group"
    organization: str = ""
    where: str = ""
    when: str = ""
    contact: str = ""
    # A named person at the group who is happy to be told someone is coming, with a
    # mobile number in E.164 the bot can text.
    contact_name: str | None = None
    contact_phone: str | None = None


class PeerHit(Hit):
    """A neighbour on the roster who offered to help, found through their own words."""

    kind: Literal["peer"] = "peer"
    channel: str
    address: str
    languages: tuple[str, ...] = ()
    accompanies: bool = False
    # Their whole offer in their own words: what they have been through and would do.
    offer: str = ""


def words(text: str) -> str:
    """``text`` as folded words with a space either side, to find one name inside another."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def districts(text: str) -> set[str]:
    """Postcode districts named in ``text`` ("EF3 2AB" and "ef3" both give "ef3")."""
    return {
        m.group(1)
        for m in _DISTRICT.finditer(text.casefold())
        if any(c.isdigit() for c in m.group(1))
    }


def place_named(text: str, places: Iterable[str]) -> str | None:
    """The known place (longest first: "Holloway Park" before "Holloway") or postcode
    district named in ``text`` as whole words, as it is known; None if none is."""
    said = words(text)
    for place in sorted(places, key=len, reverse=True):
        if len(place.strip()) >= 2 and words(place) in said:
            return place
    found = sorted(districts(text))
    return found[0].upper() if found else None


def same_place(served: str, place: str) -> bool:
    """Whether an area a group serves and the place a person named are the same place.

    Either may be a neighbourhood name, a postcode district or a full postcode; a name
    matches on whole words either way round ("Holloway" and "Holloway Park").
    """
    served_words, place_words = words(served), words(place)
    if len(served_words.strip()) < 2 or len(place_words.strip()) < 2:
        return False
    if served_words in place_words or place_words in served_words:
        return True
    return bool(districts(served) & districts(place))


def one_line(text: str, width: int = 90) -> str:
    """The first sentence of ``text``, cut at a word to fit ``width`` characters."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= width:
        return first
    return first[: width - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def peer_offer(offer: str, free: str) -> str:
    """A peer's offer as it is kept and searched: their words, and when they are free."""
    return f"{offer} (usually free: {free})" if free else offer
