"""What the single writer does, in batches: record messages, commit turns, mark sends.

A turn's state, replies and processed mark are kept here; its effects by ``store.effects``,
in that module's declared order. Forgetting and retention erase people here too. Every
function runs inside the writer's open transaction and uses ``executemany`` so a batch of
hundreds costs a handful of round trips to SQLite's thread.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from common.models import (
    ConversationKey,
    ConversationRecord,
    Count,
    Effect,
    ForgetMe,
    Inbound,
    Reply,
    Tell,
)
from store import effects, sandbox, visits
from store.directory import forget_people
from store.statements import (
    COUNT_INSIGHT,
    INSERT_INBOUND,
    INSERT_OUTBOX,
    MARK_PROCESSED,
    inbound_row,
    outbox_row,
)
from store.timefmt import iso


@dataclass(frozen=True)
class RecordInbound:
    """Write a message durably; the result is its arrival number, or None if seen before."""

    message: Inbound


@dataclass(frozen=True)
class CommitTurn:
    """Save a conversation's new state with its replies and effects, all or nothing."""

    seq: int | None
    record: ConversationRecord
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...]
    now: datetime
    # The version the turn was worked out from: 0 for a new conversation, None to save
    # whatever is there (a test setting a state up).
    version: int | None = None


class StaleConversation(RuntimeError):
    """The conversation changed after it was loaded (another process saved a turn)."""


class AlreadyAnswered(RuntimeError):
    """The message was answered already (by another process): its turn is not saved."""


@dataclass(frozen=True)
class MarkOutbox:
    """Record what happened when an outbox message was sent (or tried)."""

    outbox_id: int
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None = None
    provider_id: str | None = None
    error: str | None = None
    # The channel says this person has opted out (SMS error 21610, a blocked bot).
    opted_out: bool = False


@dataclass(frozen=True)
class MarkTimerFired:
    """A timer's firing has been recorded as an event; it will not fire again."""

    timer_id: int
    at: datetime


@dataclass(frozen=True)
class Anonymise:
    """Retention: erase an idle conversation, keeping only its month and themes as counts."""

    key: ConversationKey
    month: str
    themes: tuple[str, ...]
    # Anonymous counts for insights, kept as it is erased (where it went quiet).
    counts: tuple[Count, ...] = ()


@dataclass(frozen=True)
class Call:
    """Run a small write of another module's (sign-in links, the audit log) in the batch."""

    fn: Callable[[aiosqlite.Connection], Awaitable[object]]


WriteOp = RecordInbound | CommitTurn | MarkOutbox | MarkTimerFired | Anonymise | Call


async def first_free_seq(conn: aiosqlite.Connection) -> int:
    """The next free arrival number; call it inside the write transaction that uses it."""
    rows = await conn.execute_fetchall("SELECT coalesce(max(seq), 0) + 1 FROM inbound")
    return int(next(iter(rows))[0])


async def record_inbound(
    conn: aiosqlite.Connection, ops: list[RecordInbound], next_seq: int
) -> list[int | None]:
    """Insert the messages not seen before; returns each one's seq (None for a repeat).

    Each message is offered the next arrival number; a repeat (same channel and message id,
    also within the batch) is ignored by the unique index, so the numbers that exist
    afterwards tell which were new. Both steps use indexes, so cost does not grow with history.
    """
    seqs = list(range(next_seq, next_seq + len(ops)))
    await conn.executemany(
        f"{INSERT_INBOUND} ON CONFLICT (channel, external_id) DO NOTHING",
        [inbound_row(seq, op.message) for seq, op in zip(seqs, ops, strict=True)],
    )
    rows = await conn.execute_fetchall(
        "SELECT seq FROM inbound WHERE seq BETWEEN ? AND ?", (seqs[0], seqs[-1])
    )
    kept = {int(row[0]) for row in rows}
    return [seq if seq in kept else None for seq in seqs]


@dataclass(frozen=True)
class Committed:
    """What a batch of turns left to do: events for other conversations, and a WAL scrub."""

    told: list[list[tuple[int, Inbound]]]
    forgot: bool


async def commit_turns(
    conn: aiosqlite.Connection, ops: list[CommitTurn], next_seq: int
) -> Committed:
    """Apply a batch of turns: states, replies, effects, processed marks.

    Events a turn passes to other conversations (``Tell``) are recorded like messages,
    numbered from ``next_seq``, so they survive a crash and are processed in order.
    """
    forgetting = [op for op in ops if any(isinstance(e, ForgetMe) for e in op.effects)]
    await _keep_turns(conn, [op for op in ops if op not in forgetting])
    if forgetting:
        await _forget(conn, forgetting)
    told = await _tell(conn, ops, next_seq)
    return Committed(told=told, forgot=bool(forgetting))


async def _tell(
    conn: aiosqlite.Connection, ops: list[CommitTurn], next_seq: int
) -> list[list[tuple[int, Inbound]]]:
    told: list[list[tuple[int, Inbound]]] = []
    for op in ops:
        mine: list[tuple[int, Inbound]] = []
        for n, tell in enumerate(e for e in op.effects if isinstance(e, Tell)):
            event = Inbound(
                channel=tell.to.channel,
                address=tell.to.address,
                external_id=f"tell:{op.seq}:{n}" if op.seq is not None else f"tell:{next_seq}",
                received_at=op.now,
                event=tell.event,
                payload=tell.payload,
            )
            mine.append((next_seq, event))
            next_seq += 1
        told.append(mine)
    rows = [inbound_row(seq, m) for mine in told for seq, m in mine]
    if rows:
        await conn.executemany(INSERT_INBOUND, rows)
    return told


async def _keep_turns(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Save each turn's state and replies, mark its message processed, then its effects."""
    stopped = [(op.record.channel, op.record.address) for op in ops if op.record.opted_out]
    if stopped:
        await conn.executemany(
            "UPDATE outbox SET status = 'cancelled', error = 'opted out'"
            " WHERE channel = ? AND address = ? AND status = 'pending'",
            stopped,
        )
    await _mark_processed(conn, ops)
    await _save_conversations(conn, ops)
    await conn.executemany(INSERT_OUTBOX, [row for op in ops for row in _outbox_rows(op)])
    await effects.apply(conn, ops)


async def _mark_processed(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Mark each turn's message answered; AlreadyAnswered (the batch rolls back) when one
    was, so a message is answered once even where two processes could both take it."""
    marks = [(iso(op.now), op.seq) for op in ops if op.seq is not None]
    if marks and (await conn.executemany(MARK_PROCESSED, marks)).rowcount != len(marks):
        raise AlreadyAnswered("a message was answered already")


_INSERT_CONVERSATION = (
    "INSERT INTO conversations (channel, address, state, data, opted_out, buttons,"
    " last_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE_CONVERSATION = (
    "UPDATE conversations SET state = ?3, data = ?4, opted_out = ?5, buttons = ?6,"
    " last_seen_at = ?7, updated_at = ?8, version = version + 1"
    " WHERE channel = ?1 AND address = ?2 AND version = ?9"
)


async def _save_conversations(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Each turn's new state, saved only over the version it was worked out from.

    Raises StaleConversation (and the batch rolls back) when another process got there
    first: the engine works that turn out again from a fresh load.
    """
    new = [_conversation_row(op) for op in ops if op.version == 0]
    known = [(*_conversation_row(op), op.version) for op in ops if op.version]
    unchecked = [_conversation_row(op) for op in ops if op.version is None]
    saved = 0
    if new:
        saved += (
            await conn.executemany(f"{_INSERT_CONVERSATION} ON CONFLICT DO NOTHING", new)
        ).rowcount
    if known:
        saved += (await conn.executemany(_UPDATE_CONVERSATION, known)).rowcount
    if saved != len(new) + len(known):
        raise StaleConversation("a conversation changed since it was loaded")
    if unchecked:
        await conn.executemany(
            f"{_INSERT_CONVERSATION} ON CONFLICT (channel, address) DO UPDATE SET"
            " state = excluded.state, data = excluded.data, opted_out = excluded.opted_out,"
            " buttons = excluded.buttons, last_seen_at = excluded.last_seen_at,"
            " updated_at = excluded.updated_at, version = version + 1",
            unchecked,
        )


def _conversation_row(op: CommitTurn) -> tuple[object, ...]:
    r = op.record
    last_seen = iso(r.last_seen_at) if r.last_seen_at else None
    return (
        r.channel,
        r.address,
        r.state,
        json.dumps(r.data),
        r.opted_out,
        json.dumps(list(r.buttons)),
        last_seen,
        iso(op.now),
    )


def _outbox_rows(op: CommitTurn) -> list[tuple[object, ...]]:
    now = iso(op.now)
    rows: list[tuple[object, ...]] = []
    for reply in op.replies:
        to = reply.to or op.record.key
        # Only the STOP confirmation itself may reach someone who has just opted out.
        notice = op.record.opted_out and to == op.record.key
        buttons = json.dumps(list(reply.buttons))
        rows.append(
            outbox_row(
                to, reply.text, now, buttons=buttons, caused_by=op.seq, opt_out_notice=notice
            )
        )
    return rows


async def _forget(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Erase every trace of each person; keep only the last reply, itself erased once sent."""
    await erase(conn, [op.record.key for op in ops])
    await conn.executemany(
        INSERT_OUTBOX,
        [
            outbox_row(op.record.key, r.text, iso(op.now), erase_after_send=True)
            for op in ops
            for r in op.replies
        ],
    )
    await _mark_processed(conn, ops)


ERASE = (
    # Their words passed on to others (a relay to a peer) are redacted where they were sent.
    "UPDATE outbox SET text = '(removed at their request)', buttons = '[]' WHERE caused_by IN"
    " (SELECT seq FROM inbound WHERE channel = ?1 AND address = ?2)"
    " AND NOT (channel = ?1 AND address = ?2)",
    # The message ids stay, without address or words, so a late repeat is still a repeat.
    "UPDATE inbound SET address = '', text = '', press = NULL, payload = '{}'"
    " WHERE channel = ?1 AND address = ?2",
    "DELETE FROM outbox WHERE channel = ?1 AND address = ?2",
    "DELETE FROM conversations WHERE channel = ?1 AND address = ?2",
    "UPDATE audit SET resident_address = '' WHERE resident_channel = ?1 AND resident_address = ?2",
    "DELETE FROM timers WHERE channel = ?1 AND address = ?2",
    "DELETE FROM links WHERE (resident_channel = ?1 AND resident_address = ?2)"
    " OR (helper_channel = ?1 AND helper_address = ?2)",
    "DELETE FROM handoffs WHERE resident_channel = ?1 AND resident_address = ?2",
    # What they agreed to share is theirs too: erased with them, by FORGET ME or retention.
    "DELETE FROM consents WHERE channel = ?1 AND address = ?2",
    *visits.ERASE,
    # Which sandbox session used the address goes too, so the address is left nowhere.
    *sandbox.ERASE,
)


async def erase(conn: aiosqlite.Connection, keys: list[ConversationKey]) -> None:
    """Remove each person's address and words from every table that holds them."""
    for statement in ERASE:
        await conn.executemany(statement, keys)
    await forget_people(conn, keys)


async def anonymise(conn: aiosqlite.Connection, ops: list[Anonymise]) -> None:
    """Count each conversation's themes for learning, then erase it."""
    await conn.executemany(
        "INSERT INTO learning (month, theme, count) VALUES (?, ?, 1)"
        " ON CONFLICT (month, theme) DO UPDATE SET count = count + 1",
        [(op.month, theme) for op in ops for theme in (*op.themes, "conversations")],
    )
    await conn.executemany(
        COUNT_INSIGHT,
        [(c.week, c.measure, c.area, c.item) for op in ops for c in op.counts],
    )
    await erase(conn, [op.key for op in ops])


async def mark_timers_fired(conn: aiosqlite.Connection, ops: list[MarkTimerFired]) -> None:
    """Timers whose firing is recorded."""
    await conn.executemany(
        "UPDATE timers SET fired_at = ? WHERE id = ?", [(iso(op.at), op.timer_id) for op in ops]
    )


async def mark_outbox(conn: aiosqlite.Connection, ops: list[MarkOutbox]) -> bool:
    """Store each send's outcome, and any opt-out the channel reported.

    Returns True when a forgotten person's last message was erased after sending.
    """
    opted_out = [(op.outbox_id,) for op in ops if op.opted_out]
    if opted_out:  # rare; each statement is a round trip to SQLite's thread, even an empty one
        await conn.executemany(
            "UPDATE conversations SET opted_out = 1, version = version + 1"
            " WHERE (channel, address) = (SELECT channel, address FROM outbox WHERE id = ?)",
            opted_out,
        )
    await conn.executemany(
        "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, sent_at = ?,"
        " provider_id = ?, error = ? WHERE id = ?",
        [
            (
                op.status,
                op.attempts,
                iso(op.next_attempt_at),
                iso(op.sent_at) if op.sent_at else None,
                op.provider_id,
                op.error,
                op.outbox_id,
            )
            for op in ops
        ],
    )
    erased = await conn.executemany(
        "DELETE FROM outbox WHERE id = ? AND erase_after_send = 1 AND status IN ('sent', 'failed')",
        [(op.outbox_id,) for op in ops if op.status != "pending"],
    )
    return erased.rowcount > 0


async def set_aside(conn: aiosqlite.Connection, seq: int, at: datetime) -> None:
    """A message that could not be processed: kept, but not tried again on every start."""
    await conn.execute("UPDATE inbound SET set_aside_at = ? WHERE seq = ?", (iso(at), seq))


async def say_alone(
    conn: aiosqlite.Connection, key: ConversationKey, text: str, caused_by: int, at: datetime
) -> None:
    """Queue one reply outside any turn (the apology for a message set aside)."""
    await conn.execute(INSERT_OUTBOX, outbox_row(key, text, iso(at), caused_by=caused_by))
