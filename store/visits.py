"""Visits: a peer going with a resident to an appointment, from the request to how it went.

The flows decide (``flows.accompany.visit``); this module keeps what they decided and reads it back
for the next message. Answers only move a visit forward: an ask already answered or
withdrawn is never reopened except by a new round of asking.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from common.models import AnswerVisit, AskVisit, ConversationKey, UpdateVisit, Visit
from store.statements import LATEST_OPEN_VISIT, latest_open
from store.timefmt import iso

OPEN = ("asking", "covered")


async def ask(conn: aiosqlite.Connection, key: ConversationKey, now: datetime, e: AskVisit) -> None:
    """Ask peers to go with resident ``key``: a new visit, or another round for the open one."""
    visit_id = None if e.new else await latest_open(conn, LATEST_OPEN_VISIT, key)
    if visit_id is None:
        await conn.execute(
            "UPDATE visits SET status = 'cancelled' WHERE resident_channel = ?"
            " AND resident_address = ? AND status IN ('asking', 'covered')",
            key,
        )
        cursor = await conn.execute(
            "INSERT INTO visits (resident_channel, resident_address, resident_name, place, at,"
            " notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*key, e.resident_name, e.place, iso(e.at), e.notes, iso(now)),
        )
        visit_id = cursor.lastrowid
    else:
        await conn.execute(
            "UPDATE visits SET place = ?, at = ?, notes = ?, status = 'asking',"
            " peer_channel = NULL, peer_address = NULL, peer_name = '' WHERE id = ?",
            (e.place, iso(e.at), e.notes, visit_id),
        )
    await conn.executemany(
        "INSERT INTO visit_asks (visit_id, peer_channel, peer_address, peer_name, asked_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (visit_id, peer_channel, peer_address)"
        " DO UPDATE SET status = 'asked', asked_at = excluded.asked_at, answered_at = NULL",
        [(visit_id, *p.key, p.name, iso(now)) for p in e.peers],
    )


async def answer(conn: aiosqlite.Connection, now: datetime, e: AnswerVisit) -> None:
    """A peer's answer to being asked (or their withdrawal); the first to accept goes."""
    where = (e.visit_id, *e.peer)
    if e.answer == "withdrawn":
        await conn.execute(
            "UPDATE visit_asks SET status = 'withdrawn', answered_at = ?"
            " WHERE visit_id = ? AND peer_channel = ? AND peer_address = ?",
            (iso(now), *where),
        )
        await conn.execute(
            "UPDATE visits SET peer_channel = NULL, peer_address = NULL, peer_name = ''"
            " WHERE id = ? AND peer_channel = ? AND peer_address = ?",
            where,
        )
        return
    cursor = await conn.execute(
        "UPDATE visit_asks SET status = ?, answered_at = ? WHERE visit_id = ?"
        " AND peer_channel = ? AND peer_address = ? AND status = 'asked'",
        (e.answer, iso(now), *where),
    )
    if e.answer != "accepted" or cursor.rowcount != 1:
        return
    await conn.execute(
        "UPDATE visits SET status = 'covered', covered_at = ?1, peer_channel = ?2,"
        " peer_address = ?3, peer_name = (SELECT peer_name FROM visit_asks WHERE"
        " visit_id = ?4 AND peer_channel = ?2 AND peer_address = ?3) WHERE id = ?4",
        (iso(now), *e.peer, e.visit_id),
    )
    await conn.execute(
        "UPDATE visit_asks SET status = 'withdrawn', answered_at = ? WHERE visit_id = ?"
        " AND status = 'asked'",
        (iso(now), e.visit_id),
    )


async def update(conn: aiosqlite.Connection, e: UpdateVisit) -> None:
    """Change a visit's status, or keep what was said about it and the time given."""
    fields = e.model_dump(include={"status", "resident_said", "peer_said", "minutes"})
    changes = {name: value for name, value in fields.items() if value is not None}
    if not changes:
        return
    assignments = ", ".join(f"{name} = ?" for name in changes)
    await conn.execute(
        f"UPDATE visits SET {assignments} WHERE id = ?",  # noqa: S608 (names are fixed above)
        (*changes.values(), e.visit_id),
    )
    if e.minutes:
        await conn.execute(
            "INSERT INTO time_given (peer_channel, peer_address, minutes, given_on)"
            " SELECT peer_channel, peer_address, ?, substr(at, 1, 10) FROM visits"
            " WHERE id = ? AND peer_address IS NOT NULL",
            (e.minutes, e.visit_id),
        )


ERASE = (
    # A resident's requests go entirely (a peer's time given stays, without them); a peer's
    # name, words and time leave everything.
    "DELETE FROM visits WHERE resident_channel = ?1 AND resident_address = ?2",
    "DELETE FROM visit_asks WHERE peer_channel = ?1 AND peer_address = ?2",
    "UPDATE visits SET peer_channel = NULL, peer_address = NULL, peer_name = '',"
    " peer_said = NULL WHERE peer_channel = ?1 AND peer_address = ?2",
    "DELETE FROM time_given WHERE peer_channel = ?1 AND peer_address = ?2",
)


async def for_conversation(
    reader: aiosqlite.Connection, key: ConversationKey
) -> tuple[Visit | None, list[Visit], int]:
    """The resident's open visit, the visits this person is asked about or going to, and
    the minutes they have given."""
    rows = await reader.execute_fetchall(
        "SELECT * FROM visits WHERE (resident_channel = ?1 AND resident_address = ?2"
        "  AND (status IN ('asking', 'covered') OR (status = 'after' AND resident_said IS NULL)))"
        " OR (peer_channel = ?1 AND peer_address = ?2 AND (status = 'covered'"
        "  OR (status = 'after' AND (peer_said IS NULL OR minutes IS NULL))))"
        " OR (status = 'asking' AND id IN (SELECT visit_id FROM visit_asks WHERE"
        "  peer_channel = ?1 AND peer_address = ?2 AND status = 'asked'))"
        " ORDER BY id DESC",
        key,
    )
    visits = await _with_asks(reader, list(rows))
    mine = next((v for v in visits if v.resident == key), None)
    as_peer = [v for v in visits if v.peer == key or key in v.asked]
    given = await reader.execute_fetchall(
        "SELECT COALESCE(SUM(minutes), 0) FROM time_given WHERE peer_channel = ?"
        " AND peer_address = ?",
        key,
    )
    return mine, as_peer, int(next(iter(given))[0])


async def booked(reader: aiosqlite.Connection, now: datetime) -> list[Visit]:
    """Every visit a peer is going to, from a day ago on: who is not free when."""
    rows = await reader.execute_fetchall(
        "SELECT * FROM visits WHERE status = 'covered' AND at >= ?",
        (iso(now - timedelta(days=1)),),
    )
    return [_visit(r, []) for r in rows]


async def _with_asks(reader: aiosqlite.Connection, rows: list[aiosqlite.Row]) -> list[Visit]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" for _ in ids)
    asks = list(
        await reader.execute_fetchall(
            f"SELECT * FROM visit_asks WHERE visit_id IN ({marks})",  # noqa: S608
            ids,
        )
    )
    return [_visit(r, [a for a in asks if a["visit_id"] == r["id"]]) for r in rows]


def _visit(r: aiosqlite.Row, asks: list[aiosqlite.Row]) -> Visit:
    def keys(status: tuple[str, ...]) -> tuple[ConversationKey, ...]:
        return tuple(
            ConversationKey(a["peer_channel"], a["peer_address"])
            for a in asks
            if a["status"] in status
        )

    peer = ConversationKey(r["peer_channel"], r["peer_address"]) if r["peer_address"] else None
    return Visit(
        id=r["id"],
        status=r["status"],
        resident=ConversationKey(r["resident_channel"], r["resident_address"]),
        resident_name=r["resident_name"],
        place=r["place"],
        at=datetime.fromisoformat(r["at"]),
        notes=r["notes"],
        peer=peer,
        peer_name=r["peer_name"],
        asked=keys(("asked",)),
        declined=keys(("declined",)),
        resident_said=r["resident_said"],
        peer_said=r["peer_said"],
        minutes=r["minutes"],
    )
