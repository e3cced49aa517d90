"""The worker inbox's memory: sign-in links, sessions, the audit log, and what pages show.

Every function takes a connection; the web layer runs them through the store's one writer
(``store.write``), so a read-check-update such as using a sign-in link is atomic. Only
sha256 hashes of sign-in tokens and session ids are stored.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from store import welcome
from store.giving import Given, given_by
from store.timefmt import iso
from store.welcome import Waiting

SIGN_IN_FOR = timedelta(minutes=15)
SESSION_FOR = timedelta(hours=12)
# Used and unused sign-in rows are kept a day (long enough to refuse a reuse clearly).
SIGN_IN_KEPT = timedelta(days=1)
# More helpers than this for one resident is going round in circles: coordinators see it.
MANY_HANDS = 2
# How many closed conversations the inbox lists (older ones open from their link).
CLOSED_SHOWN = 20
# The largest integer SQLite can hold; bigger ids from a URL cannot exist.
MAX_ID = 2**63 - 1

# The resident's conversation states that wait on their yes, and what they were asked.
AGREEING = {"handoff.confirm_close": "close", "handoff.confirm_bring_in": "bring in"}
# What every handoff query adds to ``handoffs_seen hh``: the resident's state, and when they
# last wrote and were written to since the handoff began (indexed by address).
SEEN_EXTRA = (
    " (SELECT c.state FROM conversations c WHERE c.channel = hh.resident_channel"
    " AND c.address = hh.resident_address) AS resident_state,"
    " (SELECT max(i.received_at) FROM inbound i WHERE i.channel = hh.resident_channel"
    " AND i.address = hh.resident_address AND i.event IS NULL"
    " AND i.received_at >= hh.created_at) AS heard_at,"
    " (SELECT max(o.created_at) FROM outbox o WHERE o.channel = hh.resident_channel"
    " AND o.address = hh.resident_address AND o.created_at >= hh.created_at) AS said_at"
)

CARD_KEYS = ("name", "words", "matters", "around", "tried", "want", "area")


@dataclass(frozen=True)
class Person:
    """Someone on the roster, signed in to the inbox."""

    id: int
    name: str
    role: str
    channel: str
    address: str
    organisation: str

    @property
    def first_name(self) -> str:
        """The name to greet them by."""
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(frozen=True)
class Card:
    """What the resident agreed to share, in their words."""

    name: str
    words: str
    matters: str
    around: str
    tried: str
    want: str
    area: str
    urgent: bool


@dataclass(frozen=True)
class Alarm:
    """What became of an urgent card: the resident said it was a misunderstanding, a holder
    stood it down, or a holder raised the conversation as urgent (names and stored times)."""

    misunderstood: str = ""
    stood_down_by: str = ""
    stood_down_at: str | None = None
    raised_by: str = ""
    raised_at: str | None = None


@dataclass(frozen=True)
class Handoff:
    """One handoff, with its card and, if someone holds it, their name."""

    id: int
    resident_channel: str
    resident_address: str
    card: Card
    urgent: bool
    created_at: str
    closed_at: str | None
    holder: str | None = None
    hands: int = 0
    alarm: Alarm = field(default_factory=Alarm)
    # Where the resident's conversation is, and when they last wrote and were last written to.
    resident_state: str = ""
    heard_at: str | None = None
    said_at: str | None = None

    @property
    def many_hands(self) -> bool:
        """The resident has passed through more than two people's hands."""
        return self.hands > MANY_HANDS

    @property
    def agreeing(self) -> str:
        """What the resident has been asked to agree to and not answered yet, if anything."""
        return "" if self.closed_at else AGREEING.get(self.resident_state, "")

    @property
    def waiting_since(self) -> str | None:
        """Since when the resident has waited: for someone to pick this up, or for an answer
        to what they last wrote; None once closed or answered."""
        if self.closed_at:
            return None
        if not self.holder:
            return self.created_at
        unanswered = self.heard_at and (self.said_at is None or self.heard_at > self.said_at)
        return self.heard_at if unanswered else None


@dataclass(frozen=True)
class LinkRow:
    """A link as the inbox shows it (a card offered, a conversation held, a peer's request)."""

    id: int
    kind: str
    status: str
    resident_name: str
    helper_channel: str
    helper_address: str
    helper_name: str
    summary: str
    created_at: str
    handoff_id: int | None


@dataclass(frozen=True)
class Offered:
    """A handoff card offered to (or held by) the signed-in person."""

    link: LinkRow
    handoff: Handoff


@dataclass(frozen=True)
class Inbox:
    """Everything the inbox page lists for one person."""

    cards: list[Offered] = field(default_factory=list)
    holding: list[Offered] = field(default_factory=list)
    open_handoffs: list[Handoff] = field(default_factory=list)
    requests: list[LinkRow] = field(default_factory=list)
    closed: list[Offered] = field(default_factory=list)
    # For a coordinator: people who offered help by text, waiting to be welcomed.
    new_neighbours: list[Waiting] = field(default_factory=list)
    # For a peer: what they have given, their own totals.
    given: Given | None = None


@dataclass(frozen=True)
class Message:
    """One message in a thread: from the resident, or sent to them."""

    at: str
    from_resident: bool
    text: str
    status: str
    error: str | None


@dataclass(frozen=True)
class Thread:
    """A handoff as its page shows it."""

    handoff: Handoff
    mine: LinkRow | None
    messages: list[Message]


@dataclass(frozen=True)
class Candidate:
    """Someone on the roster who could be brought in."""

    id: int
    name: str
    role: str
    organisation: str
    channel: str
    address: str


def digest(secret: str) -> str:
    """The sha256 of a token or session id, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# Sign-in links and sessions ---------------------------------------------------------------


async def create_sign_in(
    conn: aiosqlite.Connection, channel: str, address: str, now: datetime
) -> str | None:
    """A new one-time sign-in token for the person at (channel, address), or None if not on
    the roster. Runs inside the caller's transaction."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT id FROM people WHERE channel = ? AND address = ?", (channel, address)
        )
    )
    if not rows:
        return None
    await conn.execute("DELETE FROM sign_ins WHERE created_at < ?", (iso(now - SIGN_IN_KEPT),))
    token = secrets.token_urlsafe(32)
    await conn.execute(
        "INSERT INTO sign_ins (token_hash, person_id, created_at) VALUES (?, ?, ?)",
        (digest(token), int(rows[0]["id"]), iso(now)),
    )
    return token


async def check_sign_in(conn: aiosqlite.Connection, token: str, now: datetime) -> bool:
    """Whether ``token`` would sign someone in now; changes nothing (link previews GET it)."""
    return await _usable_sign_in(conn, token, now) is not None


async def consume_sign_in(conn: aiosqlite.Connection, token: str, now: datetime) -> str | None:
    """Use ``token`` once and start a session; returns the raw session id, or None if the
    token is unknown, used or expired. Run through ``store.write`` so that two uses race
    safely: the check and the update are one transaction."""
    person_id = await _usable_sign_in(conn, token, now)
    if person_id is None:
        return None
    await conn.execute(
        "UPDATE sign_ins SET used_at = ? WHERE token_hash = ?", (iso(now), digest(token))
    )
    await conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (iso(now),))
    session = secrets.token_urlsafe(32)
    await conn.execute(
        "INSERT INTO sessions (id_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (digest(session), person_id, iso(now), iso(now + SESSION_FOR)),
    )
    await record(conn, now, person_id, "sign in")
    return session


async def _usable_sign_in(conn: aiosqlite.Connection, token: str, now: datetime) -> int | None:
    rows = list(
        await conn.execute_fetchall(
            "SELECT s.person_id FROM sign_ins s JOIN people p ON p.id = s.person_id"
            " WHERE s.token_hash = ? AND s.used_at IS NULL AND s.created_at > ?",
            (digest(token), iso(now - SIGN_IN_FOR)),
        )
    )
    return int(rows[0]["person_id"]) if rows else None


async def session_person(conn: aiosqlite.Connection, session: str, now: datetime) -> Person | None:
    """The person signed in with ``session``, or None if it is unknown or has expired."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT p.* FROM sessions s JOIN people p ON p.id = s.person_id"
            " WHERE s.id_hash = ? AND s.expires_at > ?",
            (digest(session), iso(now)),
        )
    )
    return _person(rows[0]) if rows else None


async def end_session(conn: aiosqlite.Connection, session: str, now: datetime) -> None:
    """Sign out: the session id stops working at once."""
    person = await session_person(conn, session, now)
    await conn.execute("DELETE FROM sessions WHERE id_hash = ?", (digest(session),))
    if person is not None:
        await record(conn, now, person.id, "sign out")


# The audit log ----------------------------------------------------------------------------


async def record(
    conn: aiosqlite.Connection,
    now: datetime,
    person_id: int,
    action: str,
    handoff: Handoff | None = None,
    link_id: int | None = None,
    detail: str = "",
) -> None:
    """Write one audit row: who did what, when, to which handoff."""
    await conn.execute(
        "INSERT INTO audit (at, person_id, action, handoff_id, link_id, resident_channel,"
        " resident_address, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(now),
            person_id,
            action,
            handoff.id if handoff else None,
            link_id,
            handoff.resident_channel if handoff else None,
            handoff.resident_address if handoff else None,
            detail,
        ),
    )


async def record_about(
    conn: aiosqlite.Connection,
    now: datetime,
    person_id: int,
    action: str,
    about: tuple[str, str],
    detail: int,
) -> None:
    """Write one audit row about someone who is not a handoff's resident (a new neighbour),
    keyed by their channel and address so that FORGET ME finds it."""
    await conn.execute(
        "INSERT INTO audit (at, person_id, action, resident_channel, resident_address, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (iso(now), person_id, action, *about, str(detail)),
    )


# What pages show --------------------------------------------------------------------------


async def inbox_for(conn: aiosqlite.Connection, person: Person) -> Inbox:
    """What the inbox page lists: a peer sees only their own requests; workers see cards
    offered to them and conversations they hold; a coordinator also every open handoff."""
    if person.role == "peer":
        given = await given_by(conn, person.channel, person.address)
        return Inbox(requests=await _requests(conn, person), given=given)
    offered = await _offered(conn, person)
    coordinator = person.role == "coordinator"
    return Inbox(
        cards=[o for o in offered if o.link.status == "asked"],
        holding=[o for o in offered if o.link.status == "accepted"],
        open_handoffs=await _open_handoffs(conn) if coordinator else [],
        closed=await _closed(conn, person),
        new_neighbours=await welcome.waiting(conn) if coordinator else [],
    )


async def handoff(conn: aiosqlite.Connection, handoff_id: int) -> Handoff | None:
    """One handoff by id, or None."""
    if not 0 < handoff_id <= MAX_ID:
        return None
    rows = list(
        await conn.execute_fetchall(
            f"SELECT hh.*,{SEEN_EXTRA} FROM handoffs_seen hh WHERE id = ?",  # noqa: S608 (fixed)
            (handoff_id,),
        )
    )
    return _handoff(rows[0]) if rows else None


async def my_link(conn: aiosqlite.Connection, handoff_id: int, person: Person) -> LinkRow | None:
    """This person's link to the handoff: the live one if any, else their latest."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT * FROM links WHERE handoff_id = ? AND helper_channel = ?"
            " AND helper_address = ? AND kind = 'handoff'"
            " ORDER BY status IN ('asked', 'accepted') DESC, id DESC LIMIT 1",
            (handoff_id, person.channel, person.address),
        )
    )
    return _link_row(rows[0]) if rows else None


def may_see(person: Person, link: LinkRow | None) -> bool:
    """Coordinators see every handoff; a worker only one offered to them or held (now or
    before); peers never see handoffs."""
    if person.role == "coordinator":
        return True
    if person.role != "worker" or link is None:
        return False
    return link.status in ("asked", "accepted", "closed")


async def thread(conn: aiosqlite.Connection, found: Handoff, person: Person) -> Thread:
    """The handoff's card, and the resident's messages and what was sent to them while it
    was open, merged in time order (what they say after it closed is not its holders')."""
    until = found.closed_at or "9999"
    params = (found.resident_channel, found.resident_address, found.created_at, until)
    heard = await conn.execute_fetchall(
        "SELECT received_at AS at, text, seq FROM inbound WHERE channel = ? AND address = ?"
        " AND event IS NULL AND received_at >= ? AND received_at <= ? ORDER BY seq",
        params,
    )
    said = await conn.execute_fetchall(
        "SELECT created_at AS at, text, status, error, delivery_status, delivery_error, id"
        " FROM outbox WHERE channel = ? AND address = ? AND created_at >= ? AND created_at <= ?"
        " ORDER BY id",
        params,
    )
    messages = [Message(r["at"], True, r["text"], "received", None) for r in heard]
    messages += [_sent(r, found.resident_address) for r in said]
    # A resident's message sorts before the replies it caused at the same moment.
    messages.sort(key=lambda m: (m.at, not m.from_resident))
    return Thread(found, await my_link(conn, found.id, person), messages)


async def candidates(conn: aiosqlite.Connection, person: Person) -> list[Candidate]:
    """Everyone else on the roster, by name: who could be brought in."""
    rows = await conn.execute_fetchall(
        "SELECT id, name, role, organisation, channel, address FROM people WHERE id != ?"
        " AND paused = 0 ORDER BY name",
        (person.id,),
    )
    return [_candidate(r) for r in rows]


async def candidate(conn: aiosqlite.Connection, person_id: int) -> Candidate | None:
    """One roster person by id, or None."""
    if not 0 < person_id <= MAX_ID:
        return None
    rows = list(
        await conn.execute_fetchall(
            "SELECT id, name, role, organisation, channel, address FROM people WHERE id = ?",
            (person_id,),
        )
    )
    return _candidate(rows[0]) if rows else None


# A person's handoff links with their handoffs, as ``Offered`` rows.
_LINKED = (
    "SELECT l.id AS link_id, l.status AS link_status, l.kind AS link_kind,"  # noqa: S608 (fixed)
    " l.resident_name, l.helper_channel, l.helper_address, l.helper_name, l.summary,"
    f" l.created_at AS link_created_at, l.handoff_id, hh.*,{SEEN_EXTRA} FROM links l"
    " JOIN handoffs_seen hh ON hh.id = l.handoff_id"
)


async def _offered(conn: aiosqlite.Connection, person: Person) -> list[Offered]:
    rows = await conn.execute_fetchall(
        _LINKED + " WHERE l.kind = 'handoff' AND l.status IN ('asked', 'accepted')"
        " AND l.helper_channel = ? AND l.helper_address = ? AND hh.closed_at IS NULL"
        " ORDER BY hh.urgent DESC, l.id",
        (person.channel, person.address),
    )
    return [Offered(_link_row(r, prefix="link_"), _handoff(r)) for r in rows]


async def _closed(conn: aiosqlite.Connection, person: Person) -> list[Offered]:
    """Conversations this person held that have closed, newest first: still theirs to read
    until retention deletes them."""
    rows = await conn.execute_fetchall(
        _LINKED + " WHERE l.kind = 'handoff' AND l.status = 'closed'"
        " AND l.helper_channel = ? AND l.helper_address = ? AND hh.closed_at IS NOT NULL"
        " ORDER BY hh.closed_at DESC, hh.id DESC LIMIT ?",
        (person.channel, person.address, CLOSED_SHOWN),
    )
    return [Offered(_link_row(r, prefix="link_"), _handoff(r)) for r in rows]


async def _open_handoffs(conn: aiosqlite.Connection) -> list[Handoff]:
    rows = await conn.execute_fetchall(
        f"SELECT hh.*,{SEEN_EXTRA} FROM handoffs_seen hh WHERE closed_at IS NULL"  # noqa: S608
        " ORDER BY urgent DESC, id"
    )
    return [_handoff(r) for r in rows]


async def _requests(conn: aiosqlite.Connection, person: Person) -> list[LinkRow]:
    rows = await conn.execute_fetchall(
        "SELECT * FROM links WHERE kind = 'intro' AND status IN ('asked', 'accepted')"
        " AND helper_channel = ? AND helper_address = ? ORDER BY id DESC",
        (person.channel, person.address),
    )
    return [_link_row(r) for r in rows]


def _person(row: aiosqlite.Row) -> Person:
    return Person(
        id=int(row["id"]),
        name=row["name"],
        role=row["role"],
        channel=row["channel"],
        address=row["address"],
        organisation=row["organisation"],
    )


def _sent(row: aiosqlite.Row, address: str) -> Message:
    status = row["status"]
    error = row["error"]
    if row["delivery_status"] in ("undelivered", "failed"):
        status, error = "failed", row["delivery_error"] or error
    return Message(row["at"], False, row["text"], status, _without(error, address))


def _without(error: str | None, address: str) -> str | None:
    """A channel's error text with the resident's number or chat id taken out."""
    if not error:
        return error
    digits = re.sub(r"\D", "", address)
    for form in (address, digits):
        if len(form) >= 5:
            error = error.replace(form, "[their number]")
    # Any other long run of digits may be a number too.
    return re.sub(r"\+?\d[\d ()-]{6,}\d", "[a number]", error)


def _candidate(row: aiosqlite.Row) -> Candidate:
    return Candidate(
        id=int(row["id"]),
        name=row["name"],
        role=row["role"],
        organisation=row["organisation"],
        channel=row["channel"],
        address=row["address"],
    )


def _card(raw: str, urgent: bool) -> Card:
    try:
        data: Any = json.loads(raw)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    # Any key may be missing; anything that is not text is shown as text.
    values = {k: "" if data.get(k) is None else str(data[k]) for k in CARD_KEYS}
    return Card(**values, urgent=urgent or data.get("urgent") is True)


def _handoff(row: aiosqlite.Row) -> Handoff:
    card = _card(row["card"], bool(row["urgent"]))
    return Handoff(
        id=int(row["id"]),
        resident_channel=row["resident_channel"],
        resident_address=row["resident_address"],
        card=card,
        # A stand-down clears the row's flag; the card keeps saying it was sent urgent.
        urgent=bool(row["urgent"]) or (card.urgent and row["stood_down_at"] is None),
        created_at=row["created_at"],
        closed_at=row["closed_at"],
        holder=row["holder"],
        hands=int(row["hands"] or 0),
        alarm=_alarm(row),
        resident_state=row["resident_state"] or "",
        heard_at=row["heard_at"],
        said_at=row["said_at"],
    )


def _alarm(row: aiosqlite.Row) -> Alarm:
    return Alarm(
        misunderstood=row["misunderstood"],
        stood_down_by=row["stood_down_by"],
        stood_down_at=row["stood_down_at"],
        raised_by=row["raised_by"],
        raised_at=row["raised_at"],
    )


def _link_row(row: aiosqlite.Row, prefix: str = "") -> LinkRow:
    """A link from its row; ``prefix`` names the columns a join renamed ("link_id")."""
    return LinkRow(
        id=int(row[f"{prefix}id"]),
        kind=row[f"{prefix}kind"],
        status=row[f"{prefix}status"],
        resident_name=row["resident_name"],
        helper_channel=row["helper_channel"],
        helper_address=row["helper_address"],
        helper_name=row["helper_name"],
        summary=row["summary"],
        created_at=row[f"{prefix}created_at"],
        handoff_id=row["handoff_id"],
    )
