"""The roster as a coordinator changes it in the inbox, and as people text ON / OFF DUTY.

Every change here writes to ``people``, whose triggers bump ``roster_version``: every
process reads the roster again before its next message. Each function runs inside the
caller's transaction (the store's writer), so a change and its audit row land together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from store.directory import RosterPerson, forget_people, removed_hash
from store.places import save_places
from store.timefmt import iso

MAX_ID = 2**63 - 1

# The open conversations someone holds: a handoff or an introduction they said yes to,
# and a visit they are going on. Taking them off the roster would leave these with nobody.
_HOLDING = (
    "SELECT (SELECT count(*) FROM links WHERE helper_channel = p.channel"
    " AND helper_address = p.address AND status = 'accepted')"
    " + (SELECT count(*) FROM visits WHERE peer_channel = p.channel"
    " AND peer_address = p.address AND status = 'covered')"
)
_SELECT = f"SELECT p.*, ({_HOLDING}) AS holding FROM people p"  # noqa: S608 (constants)


@dataclass(frozen=True)
class Member:
    """Someone on the roster as the roster page shows them, with what they hold."""

    id: int
    name: str
    role: str
    channel: str
    address: str
    areas: tuple[str, ...]
    languages: tuple[str, ...]
    offer: str
    organisation: str
    accompanies: bool
    on_duty: bool
    paused: bool
    holding: int


async def members(conn: aiosqlite.Connection) -> list[Member]:
    """Everyone on the roster: coordinators, then workers, then peers; by name."""
    rows = await conn.execute_fetchall(
        _SELECT + " ORDER BY CASE p.role WHEN 'coordinator' THEN 0 WHEN 'worker' THEN 1"
        " ELSE 2 END, p.name COLLATE NOCASE"
    )
    return [_member(r) for r in rows]


async def member(conn: aiosqlite.Connection, person_id: int) -> Member | None:
    """One person on the roster by id, or None."""
    if not 0 < person_id <= MAX_ID:
        return None
    rows = list(await conn.execute_fetchall(_SELECT + " WHERE p.id = ?", (person_id,)))
    return _member(rows[0]) if rows else None


async def taken_by(conn: aiosqlite.Connection, channel: str, address: str) -> int | None:
    """The id of whoever is on the roster at this channel and address, if anyone."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT id FROM people WHERE channel = ? AND address = ?", (channel, address)
        )
    )
    return int(rows[0][0]) if rows else None


async def add(conn: aiosqlite.Connection, person: RosterPerson, now: datetime) -> int:
    """Put someone on the roster (the caller checked their address is free); their id."""
    cursor = await conn.execute(
        "INSERT INTO people (name, role, areas, languages, offer, organisation, accompanies,"
        " channel, address, on_duty, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*_details(person), str(person.channel), person.address, person.on_duty, iso(now)),
    )
    await conn.execute(
        "DELETE FROM roster_removed WHERE key_hash = ?",
        (removed_hash(str(person.channel), person.address),),
    )
    await save_places(conn, person.places())
    return int(cursor.lastrowid or 0)


async def edit(
    conn: aiosqlite.Connection, person_id: int, person: RosterPerson, now: datetime
) -> None:
    """Change someone's details, how they are reached and whether they are on duty."""
    await conn.execute(
        "UPDATE people SET name = ?, role = ?, areas = ?, languages = ?, offer = ?,"
        " organisation = ?, accompanies = ?, channel = ?, address = ?, on_duty = ?,"
        " edited_at = ? WHERE id = ?",
        (
            *_details(person),
            str(person.channel),
            person.address,
            person.on_duty,
            iso(now),
            person_id,
        ),
    )
    await save_places(conn, person.places())


async def set_paused(
    conn: aiosqlite.Connection, person_id: int, paused: bool, now: datetime
) -> None:
    """Pause someone (no new residents or handoffs come to them) or take the pause off."""
    await conn.execute(
        "UPDATE people SET paused = ?, edited_at = ? WHERE id = ?", (paused, iso(now), person_id)
    )


async def remove(conn: aiosqlite.Connection, found: Member, now: datetime) -> None:
    """Take someone off the roster (the caller checked they hold nothing open).

    A digest of their address is kept so that an import does not quietly put them back.
    """
    await forget_people(conn, [(found.channel, found.address)])
    await conn.execute(
        "INSERT OR REPLACE INTO roster_removed (key_hash, removed_at) VALUES (?, ?)",
        (removed_hash(found.channel, found.address), iso(now)),
    )


async def set_on_duty(
    conn: aiosqlite.Connection, channel: str, address: str, on: bool, now: datetime
) -> int | None:
    """Someone texted ON DUTY or OFF DUTY: their id, or None if they are not on the roster."""
    cursor = await conn.execute(
        "UPDATE people SET on_duty = ?, duty_texted_at = ? WHERE channel = ? AND address = ?"
        " RETURNING id",
        (on, iso(now), channel, address),
    )
    row = await cursor.fetchone()
    await cursor.close()
    return int(row[0]) if row else None


def _details(person: RosterPerson) -> tuple[object, ...]:
    return (
        person.name,
        person.role,
        json.dumps(person.area_names(), ensure_ascii=False),
        json.dumps(person.languages, ensure_ascii=False),
        person.offer,
        person.organisation,
        person.accompanies,
    )


def _member(row: aiosqlite.Row) -> Member:
    return Member(
        id=int(row["id"]),
        name=row["name"],
        role=row["role"],
        channel=row["channel"],
        address=row["address"],
        areas=tuple(json.loads(row["areas"])),
        languages=tuple(json.loads(row["languages"])),
        offer=row["offer"],
        organisation=row["organisation"],
        accompanies=bool(row["accompanies"]),
        on_duty=bool(row["on_duty"]),
        paused=bool(row["paused"]),
        holding=int(row["holding"]),
    )
