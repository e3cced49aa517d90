"""The SQLite store: one writer that group-commits, one reader, and the queries around them."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from common.directory import GroupHit, PeerHit
from common.models import (
    ConversationKey,
    ConversationRecord,
    Count,
    Effect,
    Helper,
    Inbound,
    Link,
    Reply,
    Tell,
    Visit,
)
from common.places import Place
from store import directory, migrations, sandbox, visits
from store.batching import Batcher
from store.connection import Synchronous, connect
from store.consent import Consent
from store.consent import consents as read_consents
from store.places import load_places
from store.timefmt import iso, parse
from store.writes import (
    Anonymise,
    Call,
    CommitTurn,
    MarkOutbox,
    MarkTimerFired,
    RecordInbound,
    WriteOp,
    anonymise,
    commit_turns,
    first_free_seq,
    mark_outbox,
    mark_timers_fired,
    record_inbound,
    say_alone,
    set_aside,
)

T = TypeVar("T")


@dataclass(frozen=True)
class OutboxRow:
    """A message waiting in (or gone from) the outbox."""

    id: int
    channel: str
    address: str
    text: str
    buttons: tuple[str, ...]
    caused_by: int | None
    attempts: int
    status: str


@dataclass(frozen=True)
class RosterEntry:
    """Someone on the roster, as a page lists them."""

    name: str
    role: str
    channel: str
    address: str


@dataclass(frozen=True)
class Loaded:
    """A conversation as the engine needs it: its record and its open links.

    ``version`` is the record's, to save the next turn over (0: no record yet);
    ``roster_version`` says whether the roster changed since it was last read.
    """

    record: ConversationRecord | None
    links_as_resident: list[Link]
    links_as_helper: list[Link]
    version: int = 0
    roster_version: int = 0


@dataclass(frozen=True)
class DueTimer:
    """A timer whose moment has come."""

    id: int
    channel: str
    address: str
    kind: str
    payload: dict[str, Any]
    due_at: datetime


class SqliteStore:
    """The embedded default store. Open with :meth:`open`, and always :meth:`close`."""

    def __init__(
        self,
        path: Path,
        writer: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        sender: aiosqlite.Connection,
    ):
        self.path = path
        self._writer = writer
        self._reader = reader
        # The dispatcher reads the outbox on its own connection, so sending never waits
        # behind loading conversations, nor loading behind sending.
        self._sender = sender
        self._scrub = False
        self._writes: Batcher[WriteOp, object] = Batcher(self._write_batch)
        self._loads: Batcher[ConversationKey, Loaded] = Batcher(self._load_batch)

    @classmethod
    async def open(cls, path: str | Path, synchronous: Synchronous = "NORMAL") -> SqliteStore:
        """Open (creating if need be) and migrate the database at ``path``; the writer
        commits with ``synchronous`` (see ``store.connection.connect``)."""
        path = Path(path)
        writer = await connect(path, synchronous=synchronous)
        opened = [writer]
        try:
            await migrations.apply(writer)
            opened.append(await connect(path, readonly=True))
            opened.append(await connect(path, readonly=True))
        except BaseException:
            for conn in opened:
                await conn.close()
            raise
        return cls(path, *opened)

    async def close(self) -> None:
        """Finish queued writes and close both connections."""
        await self._writes.close()
        await self._loads.close()
        await self._sender.close()
        await self._reader.close()
        await self._writer.close()

    # Writes, all through the one writer -------------------------------------------------

    async def record_inbound(self, message: Inbound) -> int | None:
        """Durably keep ``message``; returns its seq, or None when it was delivered before."""
        result = await self._writes.submit(RecordInbound(message), first=True)
        return result if isinstance(result, int) else None

    async def commit_turn(
        self,
        seq: int | None,
        record: ConversationRecord,
        replies: Sequence[Reply],
        effects: Sequence[Effect],
        now: datetime,
        version: int | None = None,
    ) -> list[tuple[int, Inbound]]:
        """Save a conversation's new state, its replies and effects in one transaction.

        With ``version`` (from :meth:`load`; 0 for someone new) nothing is saved if the
        conversation changed since, and StaleConversation is raised. Returns the events it
        passed to other conversations (``Tell``), to be processed next.
        """
        told = await self._writes.submit(
            CommitTurn(seq, record, tuple(replies), tuple(effects), now, version)
        )
        return cast(list[tuple[int, Inbound]], told)

    async def set_aside(self, seq: int, at: datetime) -> None:
        """Stop trying message ``seq``, keeping it (see ``store.writes.set_aside``)."""
        await self.write(lambda conn: set_aside(conn, seq, at))

    async def say_alone(
        self, key: ConversationKey, text: str, caused_by: int, at: datetime
    ) -> None:
        """Queue one reply to ``key`` outside any turn."""
        await self.write(lambda conn: say_alone(conn, key, text, caused_by, at))

    async def mark_outbox(self, op: MarkOutbox) -> None:
        """Record what happened to one send; concurrent marks share a transaction."""
        await self._writes.submit(op)

    async def mark_timer_fired(self, timer_id: int, at: datetime) -> None:
        """The timer's event is recorded; it will not fire again."""
        await self._writes.submit(MarkTimerFired(timer_id, at))

    async def write(self, fn: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        """Run ``fn`` on the writer inside a group-committed transaction; returns its result.

        For other modules' small writes (sign-in links, the audit log), so that every write
        still goes through the one writer and a read-check-write in ``fn`` is atomic.
        """
        result = await self._writes.submit(Call(fn))
        return cast(T, result)

    async def _write_batch(self, ops: list[WriteOp]) -> list[object]:
        try:
            return await self._transaction(ops)
        except Exception as error:
            if len(ops) == 1:
                return [error]
        # One bad item must not sink its neighbours: retry each on its own.
        results: list[object] = []
        for op in ops:
            try:
                results.extend(await self._transaction([op]))
            except Exception as error:
                results.append(error)
        return results

    async def _transaction(self, ops: list[WriteOp]) -> list[object]:
        await self._writer.execute("BEGIN IMMEDIATE")
        try:
            results = await self._apply(ops)
            await self._writer.execute("COMMIT")
        except BaseException:
            self._scrub = False
            if self._writer.in_transaction:
                await self._writer.execute("ROLLBACK")
            raise
        if self._scrub:
            await self._scrub_wal()
        return results

    async def _scrub_wal(self) -> None:
        """Empty the WAL file, which still holds copies of pages from before an erasure."""
        self._scrub = False
        await self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def _apply(self, ops: list[WriteOp]) -> list[object]:
        records = [op for op in ops if isinstance(op, RecordInbound)]
        turns = [op for op in ops if isinstance(op, CommitTurn)]
        marks = [op for op in ops if isinstance(op, MarkOutbox)]
        fired = [op for op in ops if isinstance(op, MarkTimerFired)]
        forgotten = [op for op in ops if isinstance(op, Anonymise)]
        # Arrival numbers are read from the file inside this transaction, not counted in
        # memory: another process (``chat`` beside a server) records messages too.
        numbering = records or any(isinstance(e, Tell) for op in turns for e in op.effects)
        seq = await first_free_seq(self._writer) if numbering else 0
        seqs = iter(await record_inbound(self._writer, records, seq) if records else [])
        committed = await commit_turns(self._writer, turns, seq + len(records)) if turns else None
        if committed is not None:
            self._scrub = self._scrub or committed.forgot
        told = iter(committed.told if committed else [])
        if marks and await mark_outbox(self._writer, marks):
            self._scrub = True
        if fired:
            await mark_timers_fired(self._writer, fired)
        if forgotten:
            await anonymise(self._writer, forgotten)
            self._scrub = True
        calls = {id(op): await op.fn(self._writer) for op in ops if isinstance(op, Call)}
        return [
            next(seqs)
            if isinstance(op, RecordInbound)
            else next(told)
            if isinstance(op, CommitTurn)
            else calls.get(id(op))
            for op in ops
        ]

    # Reads ------------------------------------------------------------------------------

    async def load_conversation(self, key: ConversationKey) -> ConversationRecord | None:
        """The conversation's record, or None for someone new."""
        return (await self._loads.submit(key)).record

    async def load(self, key: ConversationKey) -> Loaded:
        """The conversation's record and its open links, read together with others'."""
        return await self._loads.submit(key)

    async def _load_batch(self, keys: list[ConversationKey]) -> list[Loaded]:
        unique = list(dict.fromkeys(keys))
        values = ",".join("(?, ?)" for _ in unique)
        params = [part for key in unique for part in key]
        # Joining from the list of keys lets SQLite look each one up by primary key.
        rows = await self._reader.execute_fetchall(
            f"SELECT c.* FROM (VALUES {values}) k JOIN conversations c"  # noqa: S608
            " ON c.channel = k.column1 AND c.address = k.column2",
            params,
        )
        link_rows = await self._reader.execute_fetchall(
            "SELECT * FROM links WHERE status IN ('asked', 'accepted') AND ("  # noqa: S608
            f"(resident_channel, resident_address) IN (VALUES {values}) OR"
            f" (helper_channel, helper_address) IN (VALUES {values})) ORDER BY id DESC",
            params + params,
        )
        roster = await self._reader.execute_fetchall("SELECT version FROM roster_version")
        roster_version = int(next(iter(roster))[0])
        records = {
            ConversationKey(r["channel"], r["address"]): (_record(r), int(r["version"]))
            for r in rows
        }
        links = [_link(r) for r in link_rows]
        new: tuple[ConversationRecord | None, int] = (None, 0)
        return [_loaded(key, *records.get(key, new), links, roster_version) for key in keys]

    async def unprocessed_inbound(
        self, after: int = 0, limit: int = 10_000
    ) -> list[tuple[int, Inbound]]:
        """Messages recorded but not yet answered (after a crash, or waiting while the engine
        catches up), oldest first from after ``after``; not those set aside after failing
        again and again."""
        rows = await self._reader.execute_fetchall(
            "SELECT * FROM inbound WHERE processed_at IS NULL AND set_aside_at IS NULL"
            " AND seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        )
        return [(int(r["seq"]), _inbound(r)) for r in rows]

    async def backlog(self, now: datetime) -> tuple[int, str | None, str | None]:
        """Replies waiting to be sent; when the oldest unanswered message came in; when the
        oldest unfired timer fell due (None when nothing waits). Indexed, for ``/metrics``."""
        rows = await self._reader.execute_fetchall(
            "SELECT (SELECT count(*) FROM outbox WHERE status = 'pending'),"
            " (SELECT received_at FROM inbound WHERE processed_at IS NULL"
            "  AND set_aside_at IS NULL ORDER BY seq LIMIT 1),"
            " (SELECT min(due_at) FROM timers WHERE fired_at IS NULL AND cancelled = 0"
            "  AND due_at <= ?)",
            (iso(now),),
        )
        pending, received, due = next(iter(rows))
        return int(pending), received, due

    async def idle_conversations(
        self, before: datetime, limit: int = 500
    ) -> list[ConversationRecord]:
        """Conversations with no activity since ``before``: due to be anonymised."""
        rows = await self._reader.execute_fetchall(
            "SELECT * FROM conversations WHERE coalesce(last_seen_at, updated_at) < ? LIMIT ?",
            (iso(before), limit),
        )
        return [_record(r) for r in rows]

    async def anonymise(
        self,
        key: ConversationKey,
        month: str,
        themes: tuple[str, ...],
        counts: tuple[Count, ...] = (),
    ) -> None:
        """Erase one idle conversation, keeping its month and themes as counts, and
        ``counts`` for insights."""
        await self._writes.submit(Anonymise(key, month, themes, counts))

    async def due_timers(self, now: datetime, limit: int = 500) -> list[DueTimer]:
        """Timers that have fallen due and not yet fired, oldest first."""
        rows = await self._reader.execute_fetchall(
            "SELECT * FROM timers WHERE fired_at IS NULL AND cancelled = 0 AND due_at <= ?"
            " ORDER BY due_at, id LIMIT ?",
            (iso(now), limit),
        )
        return [
            DueTimer(
                int(r["id"]),
                r["channel"],
                r["address"],
                r["kind"],
                json.loads(r["payload"]),
                datetime.fromisoformat(r["due_at"]),
            )
            for r in rows
        ]

    async def due_outbox(
        self, now: datetime, channels: Sequence[str], limit: int = 500
    ) -> list[OutboxRow]:
        """Pending messages on ``channels`` whose time has come, oldest first, never to an
        opted-out person. Other channels' messages are left to the process that has them."""
        rows = await self._sender.execute_fetchall(
            # The partial index holds only pending rows: the sent history is never scanned.
            "SELECT o.* FROM outbox o INDEXED BY outbox_pending"
            " WHERE o.status = 'pending' AND o.next_attempt_at <= ?"
            " AND o.channel IN (SELECT value FROM json_each(?))"
            " AND (o.opt_out_notice = 1 OR NOT EXISTS (SELECT 1 FROM conversations c"
            " WHERE c.channel = o.channel AND c.address = o.address AND c.opted_out = 1))"
            # An earlier message still waiting to be retried holds back later ones.
            " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel"
            " AND p.address = o.address AND p.status = 'pending' AND p.id < o.id"
            " AND p.next_attempt_at > ?)"
            " ORDER BY o.id LIMIT ?",
            (iso(now), json.dumps(list(channels)), iso(now), limit),
        )
        return [_outbox(r) for r in rows]

    async def outbox_to(self, key: ConversationKey, after_id: int = 0) -> list[OutboxRow]:
        """Messages sent to one address after ``after_id`` (the sandbox phone reads these)."""
        rows = await self._reader.execute_fetchall(
            "SELECT * FROM outbox WHERE channel = ? AND address = ? AND id > ?"
            " AND status = 'sent' ORDER BY id",
            (key.channel, key.address, after_id),
        )
        return [_outbox(r) for r in rows]

    async def meta(self, name: str, default: Callable[[], str]) -> str:
        """A deployment value kept in the database, created from ``default`` the first time."""
        rows = list(
            await self._reader.execute_fetchall("SELECT value FROM meta WHERE name = ?", (name,))
        )
        if rows:
            return str(rows[0][0])
        await self._writer.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, default()),
        )
        rows = list(
            await self._writer.execute_fetchall("SELECT value FROM meta WHERE name = ?", (name,))
        )
        return str(rows[0][0])

    async def search_groups(self, terms: list[str], area: str | None) -> list[GroupHit]:
        """Groups that fit ``terms`` (see :mod:`store.directory`)."""
        return await directory.search_groups(self._reader, terms, area)

    async def search_peers(self, terms: list[str], area: str | None) -> list[PeerHit]:
        """Peers whose offer fits ``terms``."""
        return await directory.search_peers(self._reader, terms, area)

    async def worker_on_duty(self) -> str | None:
        """The first name of a worker on duty, to offer by name when nothing else fits."""
        name = await self.scalar(
            "SELECT name FROM people WHERE role = 'worker' AND on_duty = 1 AND paused = 0"
            " ORDER BY id LIMIT 1"
        )
        return str(name).split()[0] if name else None

    async def visits(self, key: ConversationKey) -> tuple[Visit | None, list[Visit], int]:
        """What a conversation needs about visits (see ``store.visits.for_conversation``)."""
        return await visits.for_conversation(self._reader, key)

    async def booked(self, now: datetime) -> list[Visit]:
        """Visits peers are going to, from a day ago on (see ``store.visits.booked``)."""
        return await visits.booked(self._reader, now)

    async def last_card_holders(self, key: ConversationKey) -> list[Link]:
        """Who holds the handoff whose card ``key`` was sent last, first holder first."""
        rows = await self._reader.execute_fetchall(
            "SELECT * FROM links WHERE kind = 'handoff' AND status = 'accepted' AND handoff_id ="
            " (SELECT handoff_id FROM links WHERE kind = 'handoff' AND helper_channel = ?"
            " AND helper_address = ? ORDER BY id DESC LIMIT 1) ORDER BY id",
            key,
        )
        return [_link(r) for r in rows]

    async def helpers(self) -> list[Helper]:
        """Everyone on the roster as flows see them: who a handoff or a request can go to."""
        rows = await self._reader.execute_fetchall("SELECT * FROM people ORDER BY id")
        return [
            Helper(
                name=r["name"],
                role=r["role"],
                key=ConversationKey(r["channel"], r["address"]),
                organisation=r["organisation"],
                areas=tuple(json.loads(r["areas"])),
                languages=tuple(json.loads(r["languages"])),
                accompanies=bool(r["accompanies"]),
                on_duty=bool(r["on_duty"]),
                paused=bool(r["paused"]),
                reachable=not r["paused"],
                welcomed=bool(r["welcomed"]),
            )
            for r in rows
        ]

    async def places(self) -> list[Place]:
        """Every place the directory and the roster named, with its parent and districts."""
        return await load_places(self._reader)

    async def roster(self) -> list[RosterEntry]:
        """Everyone on the roster, peers first then by name (the sandbox lists them)."""
        rows = await self._reader.execute_fetchall(
            "SELECT name, role, channel, address FROM people ORDER BY role = 'peer' DESC, name"
        )
        return [RosterEntry(r["name"], r["role"], r["channel"], r["address"]) for r in rows]

    async def sandbox_claim(self, key: ConversationKey, session_hash: str, now: datetime) -> bool:
        """Whether the sandbox session may use ``key``: it is theirs, or now claimed by them."""
        rows = list(await self._reader.execute_fetchall(sandbox.OWNER, (key.channel, key.address)))
        if not rows:  # the first use writes; polling an address already claimed only reads
            owner = await self.write(lambda conn: sandbox.claim(conn, key, session_hash, now))
        else:
            owner = str(rows[0][0])
        return owner == session_hash

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """One value from a read-only query (for tests, benchmarks and status pages)."""
        rows = list(await self._reader.execute_fetchall(sql, params))
        return rows[0][0] if rows else None

    async def consents(self, key: ConversationKey) -> list[Consent]:
        """What one person has agreed to share, oldest first (see ``store.consent``)."""
        return await read_consents(self._reader, key)


def _record(row: aiosqlite.Row) -> ConversationRecord:
    # Rows were validated on the way in; re-validating every read costs more than the read.
    return ConversationRecord.model_construct(
        channel=row["channel"],
        address=row["address"],
        state=row["state"],
        data=json.loads(row["data"]),
        opted_out=bool(row["opted_out"]),
        last_seen_at=parse(row["last_seen_at"]),
        buttons=tuple(json.loads(row["buttons"])),
    )


def _loaded(
    key: ConversationKey,
    record: ConversationRecord | None,
    version: int,
    links: list[Link],
    roster_version: int,
) -> Loaded:
    return Loaded(
        record,
        [x for x in links if x.resident == key],
        [x for x in links if x.helper == key],
        version,
        roster_version,
    )


def _link(row: aiosqlite.Row) -> Link:
    return Link(
        id=int(row["id"]),
        kind=row["kind"],
        status=row["status"],
        resident=ConversationKey(row["resident_channel"], row["resident_address"]),
        resident_name=row["resident_name"],
        helper=ConversationKey(row["helper_channel"], row["helper_address"]),
        helper_name=row["helper_name"],
        summary=row["summary"],
        handoff_id=row["handoff_id"],
    )


def _inbound(row: aiosqlite.Row) -> Inbound:
    return Inbound(
        channel=row["channel"],
        address=row["address"],
        external_id=row["external_id"],
        text=row["text"],
        press=row["press"],
        has_media=bool(row["has_media"]),
        received_at=datetime.fromisoformat(row["received_at"]),
        event=row["event"],
        payload=json.loads(row["payload"]),
    )


def _outbox(row: aiosqlite.Row) -> OutboxRow:
    return OutboxRow(
        id=int(row["id"]),
        channel=row["channel"],
        address=row["address"],
        text=row["text"],
        buttons=tuple(json.loads(row["buttons"])),
        caused_by=row["caused_by"],
        attempts=int(row["attempts"]),
        status=row["status"],
    )
