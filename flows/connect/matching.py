"""Choosing among what the search found: nearer first when the match is as good, and why.

The store finds candidates with FTS5 (bm25); this module decides their order, taking the
person's area into account, and says in their own words why each one came up. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from common.directory import Hit
from common.places import Fit, Places
from flows.connect.vocabulary import Mention

H = TypeVar("H", bound=Hit)

# How much a match counts for, by where the group works relative to the person.
NEAR = 1.0  # serves the person's own neighbourhood or postcode district
EVERYWHERE = 0.85  # serves the whole area (or says nothing about where)
ELSEWHERE = 0.4  # serves somewhere else: across town is a long way for many
_WEIGHT = {Fit.HERE: NEAR, Fit.ANYWHERE: EVERYWHERE, Fit.NO: ELSEWHERE}
MAX_WHY = 2
# A phrase that starts with one of these is a thing: "you mentioned the bailiffs".
_OWNED = frozenset({"the", "your"})


def nearness(areas: Sequence[str], area: str | None, places: Places | None = None) -> float:
    """How near a group serving ``areas`` is to a person in ``area``, as a weight.

    ``places`` says where places are and which is the whole area the deployment covers
    ("Eastfield"): a group serving it serves everyone in it. A person who only names the
    whole area is treated as somewhere unknown within it.
    """
    return _WEIGHT[(places or Places()).fit(areas, area)]


def rank(hits: list[H], area: str | None, places: Places | None = None) -> list[H]:
    """``hits`` best first: the bm25 score weighted by nearness; ties keep search order."""
    weighted = [
        (hit.score * nearness(hit.areas, area, places), -i, hit) for i, hit in enumerate(hits)
    ]
    weighted.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [hit for _, _, hit in weighted]


def why(hit: Hit, terms_found: Sequence[Mention]) -> str:
    """Why ``hit`` came up, in the person's words ("you mentioned the bailiffs").

    ``terms_found`` is what the person said (``vocabulary.mentions``); the hit's matched
    terms pick out which of it this group answers. Empty when nothing the person said
    matched (the option then stands on its own line).
    """
    matched = {t.casefold() for t in hit.matched}
    said: list[str] = []
    for mention in terms_found:
        usable = mention.said.isascii() and len(mention.said) <= 40 and mention.said not in said
        if usable and matched & {t.casefold() for t in mention.terms}:
            said.append(mention.said)
        if len(said) == MAX_WHY:
            break
    if not said:
        return ""
    if all(s.split()[0] in _OWNED for s in said):
        return "you mentioned " + " and ".join(said)
    return "you said " + " and ".join(f'"{s}"' for s in said)
