"""Finding what to offer a person: the store searches, the flows rank and explain.

The glue between them: which words to search with (the person's own, from every answer),
where they are, and how a group or a peer is put to them in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from common.directory import GroupHit, PeerHit
from common.models import ConversationKey, ConversationRecord, Inbound, Option
from common.places import Fit, Places
from connectors.sms_segments import segments
from flows.connect.choices import MATCHED, offer_text
from flows.connect.lines import peer_line, short
from flows.connect.matching import fitting_peers, group_fit, order, peer_fit, rank, why
from flows.connect.vocabulary import Mention, mentions, search_terms, unheard
from flows.listen.flow import Listen
from flows.listen.hearing import kept_answer
from flows.text import sentences
from store.sqlite import SqliteStore

WORDS = ("words", "opening", "more", "matters", "notes", "updates")
# The options message fits in this many SMS segments, whatever the directory says.
SEGMENTS = 2
# Names the families a message is about, as mentions with nothing to quote.
Guess = Callable[[str], Sequence[Mention]]
# Ever shorter group lines, then fewer reasons, until the options message fits:
# (width, reasons).
_FITTINGS = ((72, 2), (72, 1), (56, 1), (40, 1), (40, 0), (28, 0))


def said(record: ConversationRecord, message: Inbound) -> str:
    """Everything the person has told us about what they need, in their words."""
    parts: list[Any] = []
    for key in WORDS:
        value = record.data.get(key)
        parts.extend(value if isinstance(value, list) else [value] if value else [])
    # This message too, while it is being heard (the flow keeps it after this look-up).
    hearing = record.state.startswith(("connect.", "listen."))
    if hearing and not message.text.strip().isdigit():
        parts.append(message.text)
    return " ".join(str(p) for p in parts)


def area_of(record: ConversationRecord, message: Inbound, places: Places) -> str | None:
    """Where the person said they are: kept, or this message when it answers the area
    question or names a place we know (as the listen flow will keep it)."""
    if record.data.get("area"):
        return str(record.data["area"])
    if record.state == Listen.ASKED_AREA:
        return kept_answer(message.text, to_area=True)
    if not record.state.startswith("listen."):
        return None
    return places.place_in(message.text)


class OptionFinder:
    """Searches the directory and the roster for one person's words."""

    def __init__(
        self,
        store: SqliteStore,
        whole_area: str,
        reachable: frozenset[str] | None = None,
        guess: Guess | None = None,
    ) -> None:
        self._store = store
        self._whole = whole_area
        # Peers and group contacts on a channel that is off here are never offered.
        self._reachable = reachable
        # The families a whole message is about (``bot.family_guess``); None: phrases only.
        self._guess = guess

    async def __call__(
        self, record: ConversationRecord, message: Inbound, places: Places | None = None
    ) -> list[Option]:
        """What fits; ``places`` is the engine's cached table (read here when not given)."""
        text = said(record, message)
        heard = mentions(text)
        terms = search_terms([*heard, *self._guessed(text, heard)])
        if not terms:
            return []
        # The same places table, and so the same rule, as asking peers and workers uses.
        if places is None:
            places = Places(whole=self._whole, parts=tuple(await self._store.places()))
        area = area_of(record, message, places)
        heard = mentions(text)
        groups = order(await self._store.search_groups(terms, area), heard, area, places)
        found = await self._store.search_peers(terms, area)
        peers = rank([p for p in found if self._can_reach(p.channel)], area, places)
        near = frozenset(p.id for p in peers if places.fit(p.areas, area) is Fit.HERE)
        options = choose(groups, peers, heard, near)
        return [
            o if self._can_reach(o.contact) else o.model_copy(update={"contact": None})
            for o in options
        ]

    def _guessed(self, text: str, heard: list[Mention]) -> list[Mention]:
        """Families the guess reads in ``text`` that no phrase heard names: they widen the
        search, so a wording no phrase has still finds what its family finds, but are not
        needs the order weighs (on held-back tuned lines, as needs they cost lines)."""
        if self._guess is None or not text.strip():
            return []
        return unheard(heard, self._guess(text))

    def _can_reach(self, where: ConversationKey | str | None) -> bool:
        channel = where.channel if isinstance(where, ConversationKey) else where
        return channel is None or self._reachable is None or channel in self._reachable


def choose(
    groups: list[GroupHit],
    peers: list[PeerHit],
    heard: list[Mention],
    near: frozenset[str] = frozenset(),
) -> list[Option]:
    """Up to two options, the best group then a neighbour whose offer fits, within two texts.

    ``near`` are the ids of peers in the person's own neighbourhood. With the local person
    line they make three; lines are shortened until the whole message fits in ``SEGMENTS``
    SMS segments.
    """
    best = _best(groups, fitting_peers(peers, heard), heard, near)
    options: list[Option] = []
    for width, reasons in _FITTINGS:
        options = [_option(hit, why(hit, heard, reasons) if reasons else "", width) for hit in best]
        if max(segments(offer_text(options, again)) for again in (False, True)) <= SEGMENTS:
            break
    return options


def _best(
    groups: list[GroupHit], fitting: list[PeerHit], heard: list[Mention], near: frozenset[str]
) -> list[GroupHit | PeerHit]:
    """The best group, then a fitting neighbour: one from the person's own neighbourhood
    always, one from further away unless the next group answers more."""
    best: list[GroupHit | PeerHit] = [*groups[:MATCHED]]
    if fitting and (
        len(best) < MATCHED
        or fitting[0].id in near
        or peer_fit(fitting[0], heard) >= group_fit(best[1], heard)
    ):
        best.insert(1, fitting[0])
    return best[:MATCHED]


def _option(hit: GroupHit | PeerHit, reason: str, width: int) -> Option:
    if isinstance(hit, GroupHit):
        return group_option(hit, reason, width)
    return peer_option(hit, reason)  # a neighbour's line is what they agreed to: never cut


def group_option(hit: GroupHit, reason: str, width: int = 72) -> Option:
    """A group as one line (its name, and where or when), with its details for when chosen."""
    when_where = ", ".join(part for part in (hit.when, hit.where) if part)
    details = sentences(f"{hit.name}: {hit.line}", when_where, hit.contact)
    contact = ConversationKey("sms", hit.contact_phone) if hit.contact_phone else None
    return Option(
        kind="group",
        ref=hit.id,
        name=hit.name,
        line=short(f"{hit.name}, {hit.where or hit.when}", width),
        why=reason,
        details=details,
        contact_name=hit.contact_name,
        contact=contact,
    )


def peer_option(hit: PeerHit, reason: str) -> Option:
    """A peer as one line: their first name and their offer in their own words, exactly as
    they were read it back before they joined (``flows.connect.lines``)."""
    return Option(
        kind="peer",
        ref=hit.id,
        name=hit.name,
        line=peer_line(hit.name, hit.line),
        why=reason,
        contact=ConversationKey(hit.channel, hit.address),
    )
