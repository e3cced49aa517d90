"""What the single writer does, in batches: record messages, commit turns, mark sends.

Every function here runs inside the writer's open transaction and uses ``executemany`` so
a batch of hundreds costs a handful of round trips to SQLite's thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from common.models import ConversationRecord, Effect, Inbound, PersonRequested, Reply
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


WriteOp = RecordInbound | CommitTurn | MarkOutbox


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
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
    requests = [
        (op.record.channel, op.record.address, iso(op.now), effect.summary)
        for op in ops
        for effect in op.effects
        if isinstance(effect, PersonRequested)
    ]
    await conn.executemany(
        "INSERT INTO person_requests (channel, address, requested_at, summary) VALUES (?, ?, ?, ?)",
        requests,
    )


async def mark_outbox(conn: aiosqlite.Connection, ops: list[MarkOutbox]) -> None:
    """Store each send's outcome."""
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
