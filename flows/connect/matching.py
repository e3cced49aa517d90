"""Choosing among what the search found: nearer first when the match is as good, and why.

The store finds candidates with FTS5 (bm25); this module decides their order, taking the
person's area into account, and says in their own words why each one came up. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from common.directory import Hit, PeerHit
from common.places import Fit, Places
from flows.connect.vocabulary import Mention, mentions

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


def order(
    hits: list[H], heard: Sequence[Mention], area: str | None, places: Places | None = None
) -> list[H]:
    """``hits`` in the order to offer them: those serving where the person is (or anywhere,
    when that is unknown) first; then those answering more of the needs the person talked
    about, a need the person came back to or few of them answer counting for more; then
    bm25 weighted by nearness.

    A need is one vocabulary phrase's terms, so a group matching five terms of "lonely"
    answers one need, and a word shared in passing (the person's own words) none.
    """
    where = places or Places()
    needs = _needs(heard)
    answers = [{n: len(n & _terms(hit.matched)) / len(n) for n in needs} for hit in hits]
    weight = {n: times / max(1, sum(a[n] > 0 for a in answers)) for n, times in needs.items()}

    def key(i: int) -> tuple[bool, float, float, int]:
        fit = where.fit(hits[i].areas, area)
        answered = sum(part * weight[n] for n, part in answers[i].items())
        return (fit is not Fit.NO, answered, hits[i].score * _WEIGHT[fit], -i)

    return [hits[i] for i in sorted(range(len(hits)), key=key, reverse=True)]


def why(hit: Hit, terms_found: Sequence[Mention], most: int = MAX_WHY) -> str:
    """Why ``hit`` came up, in the person's words ("you mentioned the bailiffs").

    ``terms_found`` is what the person said (``vocabulary.mentions``); the hit's matched
    terms pick out which of it this group answers. Each is a whole phrase of theirs, never
    a fragment ("your husband died", not "died"). Empty when nothing the person said
    matched, or no whole phrase of it is short enough (the option then stands on its own).
    """
    matched = {t.casefold() for t in hit.matched}
    said: list[str] = []
    for mention in terms_found:
        usable = mention.said.isascii() and bool(mention.said) and mention.said not in said
        if usable and matched & {t.casefold() for t in mention.terms}:
            said.append(mention.said)
        if len(said) == most:
            break
    if not said:
        return ""
    if all(s.split()[0] in _OWNED for s in said):
        return "you mentioned " + " and ".join(said)
    return "you said " + " and ".join(f'"{s}"' for s in said)


def topics(heard: Sequence[Mention]) -> frozenset[str]:
    """The directory terms of what was said in everyday phrases (not one-off own words)."""
    return frozenset(t.casefold() for m in heard if not m.own_words for t in m.terms)


@lru_cache(maxsize=1024)
def _offer_topics(offer: str) -> frozenset[str]:
    return topics(mentions(offer))


def peer_fit(peer: PeerHit, heard: Sequence[Mention]) -> int:
    """How many things the person talked about a peer has been through (0: no fit).

    What a peer offers is read from the first sentence of their offer (what they have been
    through, the line residents see) through the same vocabulary as the person's words, so
    a word shared in passing ("meeting people" and "I'll meet you for a coffee") is no fit.
    """
    return _answered(heard, _offer_topics(peer.line))


def group_fit(group: Hit, heard: Sequence[Mention]) -> int:
    """How many things the person talked about a group's text answers."""
    return _answered(heard, _terms(group.matched))


def _answered(heard: Sequence[Mention], offered: frozenset[str]) -> int:
    return sum(1 for need in _needs(heard) if offered & need)


def _needs(heard: Sequence[Mention]) -> dict[frozenset[str], int]:
    """Each distinct need the person talked about in everyday phrases, as folded terms, and
    in how many of their phrases: what someone comes back to is what weighs on them."""
    phrases: dict[frozenset[str], set[str | int]] = {}
    for i, mention in enumerate(heard):
        if not mention.own_words:
            # Two words of one phrase ("asylum papers") are one thing said, not two.
            phrases.setdefault(_terms(mention.terms), set()).add(mention.said or i)
    return {need: len(said) for need, said in phrases.items()}


def _terms(terms: Sequence[str]) -> frozenset[str]:
    return frozenset(t.casefold() for t in terms)


def fitting_peers(peers: Sequence[PeerHit], heard: Sequence[Mention]) -> list[PeerHit]:
    """The peers whose offer is about what the person said, the most topics first."""
    fits = [(peer_fit(p, heard), -i, p) for i, p in enumerate(peers)]
    return [p for fit, _, p in sorted(fits, key=lambda f: f[:2], reverse=True) if fit]
