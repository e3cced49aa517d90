"""What the single writer does, in batches: record messages, commit turns, mark sends.

Every function here runs inside the writer's open transaction and uses ``executemany`` so
a batch of hundreds costs a handful of round trips to SQLite's thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from common.models import (
    CancelTimers,
    ConversationRecord,
    Effect,
    Inbound,
    PersonRequested,
    Reply,
    StartTimer,
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


WriteOp = RecordInbound | CommitTurn | MarkOutbox | MarkTimerFired


async def record_inbound(
    conn: aiosqlite.Connection, ops: list[RecordInbound], next_seq: int
) -> list[int | None]:
    """Insert the messages not seen before; returns each one's seq (None for a repeat)."""
    keys = [(op.message.channel, op.message.external_id) for op in ops]
    placeholders = ",".join("(?, ?)" for _ in keys)
    rows = await conn.execute_fetchall(
        "SELECT channel, external_id FROM inbound"  # noqa: S608 (placeholders only)
        f" WHERE (channel, external_id) IN (VALUES {placeholders})",
        [part for key in keys for part in key],
    )
    seen = {(row[0], row[1]) for row in rows}
    results: list[int | None] = []
    params = []
    for key, op in zip(keys, ops, strict=True):
        if key in seen:
            results.append(None)
            continue
        seen.add(key)
        results.append(next_seq)
        params.append(_inbound_row(next_seq, op.message))
        next_seq += 1
    await conn.executemany(
        "INSERT INTO inbound (seq, channel, external_id, address, text, press, has_media,"
        " received_at, event, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params,
    )
    return results


def _inbound_row(seq: int, m: Inbound) -> tuple[object, ...]:
    return (
        seq,
        m.channel,
        m.external_id,
        m.address,
        m.text,
        m.press,
        m.has_media,
        iso(m.received_at),
        m.event,
        json.dumps(m.payload),
    )


async def commit_turns(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Apply a batch of turns: states, replies into the outbox, effects, processed marks."""
    stopped = [(op.record.channel, op.record.address) for op in ops if op.record.opted_out]
    if stopped:
        await conn.executemany(
            "UPDATE outbox SET status = 'cancelled', error = 'opted out'"
            " WHERE channel = ? AND address = ? AND status = 'pending'",
            stopped,
        )
    await conn.executemany(
        "INSERT INTO conversations (channel, address, state, data, opted_out, buttons,"
        " last_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (channel, address) DO UPDATE SET state = excluded.state,"
        " data = excluded.data, opted_out = excluded.opted_out, buttons = excluded.buttons,"
        " last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at",
        [_conversation_row(op) for op in ops],
    )
    await conn.executemany(
        "INSERT INTO outbox (channel, address, text, buttons, caused_by, opt_out_notice,"
        " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [row for op in ops for row in _outbox_rows(op)],
    )
    await conn.executemany(
        "UPDATE inbound SET processed_at = ? WHERE seq = ?",
        [(iso(op.now), op.seq) for op in ops if op.seq is not None],
    )
    await _apply_effects(conn, ops)


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
    r, now = op.record, iso(op.now)
    return [
        (
            r.channel,
            r.address,
            reply.text,
            json.dumps(list(reply.buttons)),
            op.seq,
            r.opted_out,
            now,
            now,
        )
        for reply in op.replies
    ]


async def _apply_effects(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    def rows(
        kind: type[Effect], make: Callable[[CommitTurn, Any], tuple[object, ...]]
    ) -> list[tuple[object, ...]]:
        return [make(op, e) for op in ops for e in op.effects if isinstance(e, kind)]

    await conn.executemany(
        "INSERT INTO person_requests (channel, address, requested_at, summary) VALUES (?, ?, ?, ?)",
        rows(PersonRequested, lambda op, e: (*op.record.key, iso(op.now), e.summary)),
    )
    await conn.executemany(
        "UPDATE timers SET cancelled = 1"
        " WHERE channel = ? AND address = ? AND kind = ? AND fired_at IS NULL",
        rows(CancelTimers, lambda op, e: (*op.record.key, e.name)),
    )
    await conn.executemany(
        "INSERT INTO timers (channel, address, kind, payload, due_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows(
            StartTimer,
            lambda op, e: (
                *op.record.key,
                e.name,
                json.dumps(e.payload),
                iso(e.due_at),
                iso(op.now),
            ),
        ),
    )


async def mark_timers_fired(conn: aiosqlite.Connection, ops: list[MarkTimerFired]) -> None:
    """Timers whose firing is recorded."""
    await conn.executemany(
        "UPDATE timers SET fired_at = ? WHERE id = ?", [(iso(op.at), op.timer_id) for op in ops]
    )


async def mark_outbox(conn: aiosqlite.Connection, ops: list[MarkOutbox]) -> None:
    """Store each send's outcome, and any opt-out the channel reported."""
    await conn.executemany(
        "UPDATE conversations SET opted_out = 1"
        " WHERE (channel, address) = (SELECT channel, address FROM outbox WHERE id = ?)",
        [(op.outbox_id,) for op in ops if op.opted_out],
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
