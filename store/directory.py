"""Local groups and the people roster: importing them, and finding them by a person's words.

Searches use SQLite FTS5 ranked by ``bm25()``. The query is built only from terms that
are each double-quoted (inner quotes doubled) and joined with OR, so nothing a resident
types can reach FTS5's query syntax.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

import aiosqlite
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from common.directory import GroupHit, PeerHit, one_line, same_place
from common.models import Channel
from common.places import Place
from store.hsds import GroupRecord, Parsed, Skipped, e164, read_path
from store.places import PlaceEntry, from_areas, read_places_file, save_places
from store.timefmt import iso

SAMPLE = Path(__file__).resolve().parent / "sample"
SAMPLE_DIRECTORY = SAMPLE / "directory.json"
SAMPLE_ROSTER = SAMPLE / "roster.json"
SAMPLE_PLACES = SAMPLE / "places.json"

BATCH = 500
MAX_TERMS = 32
MAX_TERM_LENGTH = 60
# Column weights for bm25: a word in a group's name or keywords says more than one in
# its description (name, organization, description, keywords).
_GROUP_WEIGHTS = "4.0, 1.0, 1.0, 2.0"
_TELEGRAM_CHAT = re.compile(r"^-?\d{1,20}$")

Progress = Callable[[int, int], None]


class ImportSummary(BaseModel):
    """What an import did: records new to the store, records rewritten, and those skipped."""

    imported: int = 0
    updated: int = 0
    skipped: list[Skipped] = Field(default_factory=list)

    def line(self) -> str:
        """One line for a terminal: "30 imported, 0 updated, 2 skipped"."""
        return f"{self.imported} imported, {self.updated} updated, {len(self.skipped)} skipped"


class RosterPerson(BaseModel):
    """One entry of a roster file: a worker, a coordinator or a peer, and how to reach them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    role: Literal["worker", "coordinator", "peer"]
    channel: Channel
    address: str = Field(min_length=1, max_length=64)
    # A place's name, or a place with its parts: {"name", "parent", "districts"}.
    areas: list[str | PlaceEntry] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    offer: str = Field(default="", max_length=2000)
    organisation: str = Field(default="", max_length=200)
    accompanies: bool = False
    on_duty: bool = False

    @model_validator(mode="after")
    def _reachable(self, info: ValidationInfo) -> RosterPerson:
        if self.channel is Channel.SMS:
            region = (info.context or {}).get("region", "GB")
            number = e164(self.address, region)
            if number is None:
                raise ValueError(f"address {self.address!r} is not a phone number")
            self.address = number
        elif self.channel is Channel.TELEGRAM and not _TELEGRAM_CHAT.match(self.address):
            raise ValueError(f"address {self.address!r} is not a Telegram chat id (digits)")
        return self

    def area_names(self) -> list[str]:
        """The areas they cover, by name."""
        return [a if isinstance(a, str) else a.name for a in self.areas]

    def places(self) -> list[Place]:
        """The places their areas name, with parts where the roster gives them."""
        described = [a.place() for a in self.areas if isinstance(a, PlaceEntry)]
        return from_areas(a for a in self.areas if isinstance(a, str)) + described


# Importing groups.

_UPSERT_GROUP = (
    "INSERT INTO services (id, status, organization, name, description, keywords, email, url,"
    " phones, schedule, place, address, areas, contact_name, contact_phone, extra, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
    " organization = excluded.organization, name = excluded.name,"
    " description = excluded.description, keywords = excluded.keywords,"
    " email = excluded.email, url = excluded.url, phones = excluded.phones,"
    " schedule = excluded.schedule, place = excluded.place, address = excluded.address,"
    " areas = excluded.areas, contact_name = excluded.contact_name,"
    " contact_phone = excluded.contact_phone, extra = excluded.extra,"
    " updated_at = excluded.updated_at"
)


async def import_groups(
    conn: aiosqlite.Connection,
    records: Iterable[Parsed],
    progress: Progress | None = None,
) -> ImportSummary:
    """Upsert groups by their directory id, in batches of one transaction each.

    Importing the same directory again rewrites its groups in place and never adds a
    second copy. ``progress(done, total)`` is called after each batch.
    """
    items = list(records)
    summary = ImportSummary(skipped=[item for item in items if isinstance(item, Skipped)])
    groups = [item for item in items if isinstance(item, GroupRecord)]
    now = iso(datetime.now(UTC))
    for start in range(0, len(groups), BATCH):
        batch = groups[start : start + BATCH]
        async with _transaction(conn):
            new, old = await _split_new(conn, "services", "id", [g.id for g in batch])
            await conn.executemany(_UPSERT_GROUP, [_group_row(g, now) for g in batch])
            await save_places(conn, [p for g in batch for p in g.places])
        summary.imported += new
        summary.updated += old
        if progress is not None:
            progress(start + len(batch), len(groups))
    return summary


def _group_row(group: GroupRecord, now: str) -> tuple[object, ...]:
    return (
        group.id,
        group.status,
        group.organization,
        group.name,
        group.description,
        group.keywords,
        group.email,
        group.url,
        json.dumps(list(group.phones)),
        group.schedule,
        group.place,
        group.address,
        json.dumps(list(group.areas)),
        group.contact_name,
        group.contact_phone,
        json.dumps(group.extra, ensure_ascii=False),
        now,
    )


async def count_groups(conn: aiosqlite.Connection) -> int:
    """How many groups the store holds (a new deployment loads the sample when it is 0)."""
    rows = list(await conn.execute_fetchall("SELECT count(*) FROM services"))
    return int(rows[0][0])


# Importing the roster.

_UPSERT_PERSON = (
    "INSERT INTO people (name, role, channel, address, areas, languages, offer, organisation,"
    " accompanies, on_duty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (channel, address) DO UPDATE SET name = excluded.name,"
    " role = excluded.role, areas = excluded.areas, languages = excluded.languages,"
    " offer = excluded.offer, organisation = excluded.organisation,"
    " accompanies = excluded.accompanies, on_duty = CASE WHEN people.duty_texted_at IS NULL"
    " THEN excluded.on_duty ELSE people.on_duty END"
)


async def import_people(
    conn: aiosqlite.Connection, path: Path, region: str = "GB"
) -> ImportSummary:
    """Load a roster file (a JSON list of people); one person is one (channel, address).

    SMS addresses become E.164 (numbers written without a country code are taken to be in
    ``region``), so "07700 900123" and "+447700900123" are the same person. Someone who
    texted ON or OFF DUTY keeps what they said; someone a coordinator changed or removed in
    the inbox is left as they are and listed as skipped, with when.
    """
    everyone, skipped = read_roster(path, region)
    summary = ImportSummary(skipped=skipped)
    async with _transaction(conn):
        kept = await _changed_in_inbox(conn, everyone)
        people = [p for p in everyone if _key(p) not in kept]
        summary.skipped += [
            Skipped(where=f"{path.name}: {p.name}", reason=kept[_key(p)])
            for p in everyone
            if _key(p) in kept
        ]
        keys = [f"{p.channel}\x1f{p.address}" for p in people]
        new, old = await _split_new(conn, "people", "channel || char(31) || address", keys)
        await conn.executemany(_UPSERT_PERSON, [_person_row(p) for p in people])
        await save_places(conn, [place for p in people for place in p.places()])
    summary.imported, summary.updated = new, old
    return summary


def _key(person: RosterPerson) -> tuple[str, str]:
    return str(person.channel), person.address


def removed_hash(channel: str, address: str) -> str:
    """What is kept of someone taken off the roster in the inbox: a digest, not the address."""
    return hashlib.sha256(f"{channel}\x1f{address}".encode()).hexdigest()


async def _changed_in_inbox(
    conn: aiosqlite.Connection, people: Sequence[RosterPerson]
) -> dict[tuple[str, str], str]:
    """Of these people, those a coordinator edited or removed in the inbox, with why."""
    found: dict[tuple[str, str], str] = {}
    for p in people:
        key = _key(p)
        edited = await _fetch(
            conn, "SELECT edited_at FROM people WHERE channel = ? AND address = ?", key
        )
        if edited and edited[0][0]:
            found[key] = f"changed in the inbox on {edited[0][0][:10]}; left as it is there"
        gone = await _fetch(
            conn,
            "SELECT removed_at FROM roster_removed WHERE key_hash = ?",
            (removed_hash(*key),),
        )
        if gone:
            found[key] = f"taken off the roster in the inbox on {gone[0][0][:10]}; not put back"
    return found


def read_roster(path: Path, region: str = "GB") -> tuple[list[RosterPerson], list[Skipped]]:
    """The valid people in a roster file, and a reason for each entry left out."""
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], [Skipped(where=path.name, reason=f"not readable as JSON ({error})")]
    if not isinstance(data, list):
        return [], [Skipped(where=path.name, reason="expected a JSON list of people")]
    people: list[RosterPerson] = []
    skipped: list[Skipped] = []
    for index, entry in enumerate(data):
        where = f"{path.name}[{index}]"
        try:
            people.append(RosterPerson.model_validate(entry, context={"region": region}))
        except ValidationError as error:
            skipped.append(Skipped(where=where, reason=_person_reason(error)))
    return people, skipped


def _person_reason(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:3]:
        field = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{field}: {message}" if field else message)
    return "; ".join(problems)


def _person_row(person: RosterPerson) -> tuple[object, ...]:
    return (
        person.name,
        person.role,
        str(person.channel),
        person.address,
        json.dumps(person.area_names(), ensure_ascii=False),
        json.dumps(person.languages, ensure_ascii=False),
        person.offer,
        person.organisation,
        person.accompanies,
        person.on_duty,
    )


async def forget_people(conn: aiosqlite.Connection, keys: Sequence[tuple[str, str]]) -> int:
    """Take people off the roster by (channel, address), leaving no trace of their offer.

    Runs inside the caller's transaction. FTS5 keeps a deleted row's words in old index
    segments until they are merged, so the offer index is rebuilt from what remains.
    """
    removed = 0
    for channel, address in keys:
        cursor = await conn.execute(
            "DELETE FROM people WHERE channel = ? AND address = ?", (channel, address)
        )
        removed += cursor.rowcount
        await cursor.close()
    if removed:
        await conn.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    return removed


async def import_places(conn: aiosqlite.Connection, places: Sequence[Place]) -> None:
    """Add places (a neighbourhood, the area it is part of, its districts) in one transaction."""
    async with _transaction(conn):
        await save_places(conn, places)


async def load_sample(conn: aiosqlite.Connection) -> ImportSummary | None:
    """Load the fictional sample places, directory and roster into an empty store; else nothing."""
    if await count_groups(conn):
        return None
    await import_places(conn, read_places_file(SAMPLE_PLACES))
    summary = await import_groups(conn, read_path(SAMPLE_DIRECTORY))
    await import_people(conn, SAMPLE_ROSTER)
    return summary


# Searching.


def fts_query(terms: Iterable[str]) -> str:
    """An FTS5 query that is only quoted terms joined with OR ("" when nothing is left).

    Control characters are dropped (a NUL ends an FTS5 string early); everything else,
    quotes and operators included, stays inside the quotes as plain text.
    """
    quoted: list[str] = []
    for term in terms:
        phrase = _quoted(term)
        if phrase and phrase not in quoted:
            quoted.append(phrase)
        if len(quoted) == MAX_TERMS:
            break
    return " OR ".join(quoted)


# The same vocabulary terms are searched for message after message: each is quoted once.
@lru_cache(maxsize=4096)
def _quoted(term: str) -> str:
    """``term`` as one quoted FTS5 phrase, or "" when nothing searchable is left."""
    cleaned = "".join(c for c in term if not unicodedata.category(c).startswith("C"))
    cleaned = " ".join(cleaned.split())[:MAX_TERM_LENGTH]
    if not cleaned or not any(c.isalnum() for c in cleaned):
        return ""
    return '"' + cleaned.replace('"', '""') + '"'


async def search_groups(
    conn: aiosqlite.Connection, terms: list[str], area: str | None, limit: int = 10
) -> list[GroupHit]:
    """Active groups whose text matches any of ``terms``, best bm25 match first.

    ``area`` widens the net rather than reorders it: groups serving that place that fall
    just below the cut are kept, so ranking by nearness (a flows decision) can see them.
    """
    query = fts_query(terms)
    if not query or limit < 1:
        return []
    rows = await _fetch(
        conn,
        # Only constants are formatted in; the query text travels as a parameter.
        f"SELECT s.*, bm25(services_fts, {_GROUP_WEIGHTS}) AS rank FROM services_fts"  # noqa: S608
        " JOIN services s ON s.seq = services_fts.rowid"
        " WHERE services_fts MATCH ? AND s.status = 'active' ORDER BY rank LIMIT ?",
        (query, _pool(limit, area)),
    )
    rows = _keep(rows, area, limit)
    found = await _matched(conn, "services_fts", terms, [int(r["seq"]) for r in rows])
    return [_group_hit(row, found.get(int(row["seq"]), ())) for row in rows]


async def search_peers(
    conn: aiosqlite.Connection, terms: list[str], area: str | None, limit: int = 5
) -> list[PeerHit]:
    """Peers whose offer, in their own words, matches any of ``terms``; best first. Someone
    waiting to be welcomed is not one of them (``store.welcome``)."""
    query = fts_query(terms)
    if not query or limit < 1:
        return []
    rows = await _fetch(
        conn,
        "SELECT p.*, bm25(people_fts) AS rank FROM people_fts"
        " JOIN people p ON p.id = people_fts.rowid"
        " WHERE people_fts MATCH ? AND p.role = 'peer' AND p.paused = 0 AND p.welcomed = 1"
        " ORDER BY rank LIMIT ?",
        (query, _pool(limit, area)),
    )
    rows = _keep(rows, area, limit)
    found = await _matched(conn, "people_fts", terms, [int(r["id"]) for r in rows])
    return [_peer_hit(row, found.get(int(row["id"]), ())) for row in rows]


def _pool(limit: int, area: str | None) -> int:
    return limit * 3 if area else limit


def _keep(rows: list[sqlite3.Row], area: str | None, limit: int) -> list[sqlite3.Row]:
    """The best ``limit`` rows, plus rows from further down that serve ``area``."""
    if not area:
        return rows[:limit]
    local = [r for r in rows[limit:] if any(same_place(a, area) for a in _areas(r))]
    return rows[:limit] + local[:limit]


async def _matched(
    conn: aiosqlite.Connection, table: str, terms: list[str], rowids: list[int]
) -> dict[int, tuple[str, ...]]:
    """For each row, which of the terms it matched (so the bot can say why it came up)."""
    pairs = [(t, fts_query([t])) for t in dict.fromkeys(terms)]
    pairs = [(t, q) for t, q in pairs if q][:MAX_TERMS]
    found: dict[int, tuple[str, ...]] = {}
    # A few hundred rows at a time keeps the statement under SQLite's parameter limit.
    for start in range(0, len(rowids) if pairs else 0, 200):
        chunk = rowids[start : start + 200]
        marks = ", ".join("?" for _ in chunk)
        one = (
            f"SELECT ? AS term, rowid FROM {table}"  # noqa: S608 (table is ours, marks are ?)
            f" WHERE {table} MATCH ? AND rowid IN ({marks})"
        )
        params: list[object] = []
        for term, query in pairs:
            params += [term, query, *chunk]
        for row in await _fetch(conn, " UNION ALL ".join([one] * len(pairs)), params):
            found[int(row[1])] = (*found.get(int(row[1]), ()), str(row[0]))
    return found


def _group_hit(row: sqlite3.Row, matched: tuple[str, ...]) -> GroupHit:
    phones = json.loads(row["phones"])
    return GroupHit(
        id=row["id"],
        name=row["name"],
        line=one_line(row["description"]),
        areas=tuple(_areas(row)),
        score=-float(row["rank"]),
        matched=matched,
        organization=row["organization"],
        where=row["place"] or row["address"],
        when=row["schedule"],
        contact=phones[0] if phones else row["email"] or row["url"] or "",
        contact_name=row["contact_name"],
        contact_phone=row["contact_phone"],
    )


def _peer_hit(row: sqlite3.Row, matched: tuple[str, ...]) -> PeerHit:
    return PeerHit(
        id=str(row["id"]),
        name=row["name"],
        line=one_line(row["offer"]),
        areas=tuple(_areas(row)),
        score=-float(row["rank"]),
        matched=matched,
        channel=row["channel"],
        address=row["address"],
        languages=tuple(json.loads(row["languages"])),
        accompanies=bool(row["accompanies"]),
        offer=row["offer"],
    )


def _areas(row: sqlite3.Row) -> list[str]:
    return [str(a) for a in json.loads(row["areas"])]


# Small helpers.


async def _fetch(
    conn: aiosqlite.Connection, sql: str, params: Sequence[object]
) -> list[sqlite3.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def _split_new(
    conn: aiosqlite.Connection, table: str, key: str, keys: list[str]
) -> tuple[int, int]:
    """How many of ``keys`` are new to ``table`` and how many are there already.

    A key repeated within ``keys`` counts as new once, then as an update.
    """
    existing: set[str] = set()
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT {key} FROM {table} WHERE {key} IN ({marks})"  # noqa: S608 (ours, ?)
        rows = await _fetch(conn, sql, chunk)
        existing.update(str(r[0]) for r in rows)
    new = 0
    for item in keys:
        if item not in existing:
            new += 1
            existing.add(item)
    return new, len(keys) - new


@asynccontextmanager
async def _transaction(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back if anything inside fails."""
    await conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        await conn.execute("ROLLBACK")
        raise
    await conn.execute("COMMIT")
