"""New neighbours: someone who offered help by text waits until a coordinator welcomes them.

Joining keeps the line they approved, exactly as it was read back, for the coordinator's
card; a coordinator may talk with them first (an introduction between the two, already
agreed) and then says welcome, which lets residents be offered them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from common.directory import peer_offer
from common.models import BecomePeer, ConversationKey, WelcomePeer
from store.timefmt import iso

# Someone new joins waiting; someone already on the roster who offers again keeps their
# place (and their welcome), with the new words.
_JOIN = (
    "INSERT INTO people (name, role, channel, address, areas, offer, accompanies, welcomed,"
    " shown, joined_at) VALUES (?, 'peer', ?, ?, ?, ?, ?, 0, ?, ?)"
    " ON CONFLICT (channel, address) DO UPDATE SET name = excluded.name,"
    " areas = excluded.areas, offer = excluded.offer, shown = excluded.shown,"
    " accompanies = accompanies OR excluded.accompanies"
)
_TALK = (
    "UPDATE people SET talking_with = ?, talking_since = ?"
    " WHERE channel = ? AND address = ? AND welcomed = 0"
)
_WELCOME = (
    "UPDATE people SET welcomed = 1, welcomed_by = ?, welcomed_at = ?"
    " WHERE channel = ? AND address = ? AND welcomed = 0"
)
# The conversation a coordinator chose to have first: both agreed, so it starts accepted.
_TALK_LINK = (
    "INSERT INTO links (kind, status, resident_channel, resident_address, resident_name,"
    " helper_channel, helper_address, helper_name, summary, created_at, answered_at)"
    " SELECT 'intro', 'accepted', channel, address, name, ?, ?, ?, '', ?, ? FROM people"
    " WHERE channel = ? AND address = ?"
)


@dataclass(frozen=True)
class Waiting:
    """A new neighbour as a coordinator's card shows them."""

    id: int
    name: str
    shown: str
    channel: str
    address: str
    joined_at: str | None
    talking_with: str
    talking_since: str | None

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, self.address)


async def join(
    conn: aiosqlite.Connection, key: ConversationKey, e: BecomePeer, now: datetime
) -> None:
    """They said yes to their read-back: on the roster, waiting to be welcomed."""
    areas = json.dumps(list(e.areas))
    offer = peer_offer(e.offer, e.free)
    await conn.execute(_JOIN, (e.name, *key, areas, offer, e.accompanies, e.shown, iso(now)))


async def answer(
    conn: aiosqlite.Connection, key: ConversationKey, e: WelcomePeer, now: datetime
) -> None:
    """A coordinator's Welcome, or Let's talk first (which opens their conversation)."""
    at = iso(now)
    if e.answer == "welcome":
        await conn.execute(_WELCOME, (e.by_name, at, *key))
        return
    await conn.execute(_TALK, (e.by_name, at, *key))
    await conn.execute(_TALK_LINK, (*e.by, e.by_name, at, at, *key))


async def waiting(conn: aiosqlite.Connection) -> list[Waiting]:
    """Everyone waiting to be welcomed, who joined first first."""
    rows = await conn.execute_fetchall(
        "SELECT * FROM people WHERE welcomed = 0 ORDER BY joined_at, id"
    )
    return [_waiting(r) for r in rows]


async def one_waiting(conn: aiosqlite.Connection, person_id: int) -> Waiting | None:
    """One person waiting to be welcomed, by id; None if there is none (or they were)."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT * FROM people WHERE id = ? AND welcomed = 0", (person_id,)
        )
    )
    return _waiting(rows[0]) if rows else None


def _waiting(row: aiosqlite.Row) -> Waiting:
    return Waiting(
        id=int(row["id"]),
        name=row["name"],
        shown=row["shown"],
        channel=row["channel"],
        address=row["address"],
        joined_at=row["joined_at"],
        talking_with=row["talking_with"],
        talking_since=row["talking_since"],
    )
