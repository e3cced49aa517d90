"""Finding what to offer a person: the store searches, the flows rank and explain.

The glue between them: which words to search with (the person's own, from every answer),
where they are, and how a group or a peer is put to them in one line.
"""

from __future__ import annotations

from typing import Any

from common.directory import GroupHit, PeerHit, place_named
from common.models import ConversationKey, ConversationRecord, Inbound, Option
from common.places import Places
from flows.connect.lines import peer_line, short
from flows.connect.matching import rank, why
from flows.connect.vocabulary import Mention, mentions, query_terms
from flows.listen.flow import Listen
from store.sqlite import SqliteStore

WORDS = ("words", "opening", "more", "matters", "notes", "updates")
SHOWN = 3


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
        return message.text.strip() or None
    if not record.state.startswith("listen."):
        return None
    return place_named(message.text, [places.whole, *(p.name for p in places.parts)])


class OptionFinder:
    """Searches the directory and the roster for one person's words."""

    def __init__(
        self, store: SqliteStore, whole_area: str, reachable: frozenset[str] | None = None
    ) -> None:
        self._store = store
        self._whole = whole_area
        # Peers and group contacts on a channel that is off here are never offered.
        self._reachable = reachable

    async def __call__(self, record: ConversationRecord, message: Inbound) -> list[Option]:
        text = said(record, message)
        terms = query_terms(text)
        if not terms:
            return []
        # The same places table, and so the same rule, as asking peers and workers uses.
        places = Places(whole=self._whole, parts=tuple(await self._store.places()))
        area = area_of(record, message, places)
        groups = rank(await self._store.search_groups(terms, area), area, places)
        found = await self._store.search_peers(terms, area)
        peers = rank([p for p in found if self._can_reach(p.channel)], area, places)
        options = choose(groups, peers, mentions(text))
        return [
            o if self._can_reach(o.contact) else o.model_copy(update={"contact": None})
            for o in options
        ]

    def _can_reach(self, where: ConversationKey | str | None) -> bool:
        channel = where.channel if isinstance(where, ConversationKey) else where
        return channel is None or self._reachable is None or channel in self._reachable


def choose(groups: list[GroupHit], peers: list[PeerHit], heard: list[Mention]) -> list[Option]:
    """Up to three options: the best groups, with a peer second where one fits."""
    options = [group_option(g, why(g, heard)) for g in groups[:SHOWN]]
    fitting = [p for p in peers if p.matched]
    if fitting:
        options.insert(1, peer_option(fitting[0], why(fitting[0], heard)))
    return options[:SHOWN]


def group_option(hit: GroupHit, reason: str) -> Option:
    """A group as one line, with its details for when it is chosen."""
    when_where = ", ".join(part for part in (hit.when, hit.where) if part)
    details = ". ".join(
        part for part in (f"{hit.name}: {hit.line}", when_where, hit.contact) if part
    )
    contact = ConversationKey("sms", hit.contact_phone) if hit.contact_phone else None
    return Option(
        kind="group",
        ref=hit.id,
        name=hit.name,
        line=short(f"{hit.name}, {hit.where or hit.when}"),
        why=reason,
        details=details,
        contact_name=hit.contact_name,
        contact=contact,
    )


def peer_option(hit: PeerHit, reason: str) -> Option:
    """A peer as one line: their first name and their offer in their own words."""
    return Option(
        kind="peer",
        ref=hit.id,
        name=hit.name,
        line=peer_line(hit.name, hit.line),
        why=reason,
        contact=ConversationKey(hit.channel, hit.address),
    )
