"""What a batch of turns' effects leave in the store: one declared table, walked in order.

``STAGES`` names every effect type's handler, in the order the writer applies them: each
stage gets all its ``(turn, effect)`` pairs of the batch, in turn order and in the order
the flow gave them. An effect type with no stage and no reason in ``NOTHING_TO_STORE`` stops
the import, so a new effect cannot be silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

import aiosqlite

from common.models import (
    AnswerLink,
    AnswerVisit,
    AskHelper,
    AskVisit,
    BecomePeer,
    CancelTimers,
    CloseHandoff,
    Count,
    Effect,
    ForgetMe,
    IssueSignIn,
    MarkAlarm,
    OfferHandoff,
    RecordConsent,
    SetOnDuty,
    StartTimer,
    Tell,
    UpdateVisit,
    WelcomePeer,
)
from store import consent, inbox, roster, visits, welcome
from store.statements import (
    COUNT_INSIGHT,
    INSERT_LINK,
    INSERT_OUTBOX,
    LATEST_OPEN_HANDOFF,
    latest_open,
    outbox_row,
)
from store.timefmt import iso

if TYPE_CHECKING:
    from store.writes import CommitTurn

Pairs = list[tuple["CommitTurn", Any]]
Handler = Callable[[aiosqlite.Connection, Pairs], Awaitable[None]]
OneEffect = Callable[[aiosqlite.Connection, "CommitTurn", Any], Awaitable[None]]


@dataclass(frozen=True)
class Stage:
    """Effect types applied by one handler, given all their pairs of the batch at once."""

    types: tuple[type, ...]
    apply: Handler


def one_by_one(handlers: Mapping[type, OneEffect]) -> Stage:
    """A stage whose effects depend on each other within a turn: applied one at a time."""

    async def apply(conn: aiosqlite.Connection, pairs: Pairs) -> None:
        for op, effect in pairs:
            await handlers[type(effect)](conn, op, effect)

    return Stage(tuple(handlers), apply)


async def _become_peer(conn: aiosqlite.Connection, op: CommitTurn, e: BecomePeer) -> None:
    await welcome.join(conn, op.record.key, e, op.now)


async def _welcome_peer(conn: aiosqlite.Connection, op: CommitTurn, e: WelcomePeer) -> None:
    await welcome.answer(conn, op.record.key, e, op.now)


async def _ask_helpers(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    await conn.executemany(
        INSERT_LINK,
        [
            (
                e.link,
                *op.record.key,
                e.resident_name,
                *e.helper,
                e.helper_name,
                e.summary,
                iso(op.now),
                None,  # not part of a handoff
            )
            for op, e in pairs
        ],
    )


async def _answer_links(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    # Only forward: an answer never reopens a link that was already settled.
    await conn.executemany(
        "UPDATE links SET status = ?, answered_at = ? WHERE id = ? AND (status = 'asked'"
        " OR (status = 'accepted' AND ? = 'closed'))",
        [(e.status, iso(op.now), e.link_id, e.status) for op, e in pairs],
    )


async def _cancel_timers(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    await conn.executemany(
        "UPDATE timers SET cancelled = 1"
        " WHERE channel = ? AND address = ? AND kind = ? AND fired_at IS NULL",
        [(*op.record.key, e.name) for op, e in pairs],
    )


async def _start_timers(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    await conn.executemany(
        "INSERT INTO timers (channel, address, kind, payload, due_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (*op.record.key, e.name, json.dumps(e.payload), iso(e.due_at), iso(op.now))
            for op, e in pairs
        ],
    )


async def _record_consents(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    await consent.record(conn, [consent.row(op.record.key, e, op.now) for op, e in pairs])


async def _count(conn: aiosqlite.Connection, pairs: Pairs) -> None:
    await conn.executemany(
        COUNT_INSIGHT,
        [(e.week, e.measure, e.area, e.item) for _, e in pairs],
    )


_CLOSE_OPEN_HANDOFF = (
    "UPDATE handoffs SET closed_at = ? WHERE resident_channel = ? AND resident_address = ?"
    " AND closed_at IS NULL"
)


async def _offer_handoff(conn: aiosqlite.Connection, op: CommitTurn, e: OfferHandoff) -> None:
    key, now = op.record.key, iso(op.now)
    handoff_id = None if e.new else await latest_open(conn, LATEST_OPEN_HANDOFF, key)
    if handoff_id is None:
        await conn.execute(_CLOSE_OPEN_HANDOFF, (now, *key))
        cursor = await conn.execute(
            "INSERT INTO handoffs (resident_channel, resident_address, card, urgent, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (*key, json.dumps(e.card), e.urgent, now),
        )
        handoff_id = cursor.lastrowid
    summary = e.card.get("words", "")
    await conn.executemany(
        INSERT_LINK,
        [
            ("handoff", *key, e.resident_name, *h.key, h.name, summary, now, handoff_id)
            for h in e.helpers
        ],
    )


async def _close_handoff(conn: aiosqlite.Connection, op: CommitTurn, _: CloseHandoff) -> None:
    key, now = op.record.key, iso(op.now)
    await conn.execute(
        "UPDATE links SET status = 'closed', answered_at = ? WHERE kind = 'handoff'"
        " AND resident_channel = ? AND resident_address = ? AND status = 'accepted'",
        (now, *key),
    )
    await conn.execute(_CLOSE_OPEN_HANDOFF, (now, *key))


# Each change's columns, on the resident's open handoff; a stand-down clears ``urgent`` and a
# raise sets it.
_MARK_ALARM = {
    "misunderstood": "UPDATE handoffs SET misunderstood = ? WHERE resident_channel = ?"
    " AND resident_address = ? AND closed_at IS NULL",
    "stood_down": "UPDATE handoffs SET urgent = 0, stood_down_by = ?, stood_down_at = ?"
    " WHERE resident_channel = ? AND resident_address = ? AND closed_at IS NULL",
    "raised": "UPDATE handoffs SET urgent = 1, raised_by = ?, raised_at = ?"
    " WHERE resident_channel = ? AND resident_address = ? AND closed_at IS NULL",
}


async def _mark_alarm(conn: aiosqlite.Connection, op: CommitTurn, e: MarkAlarm) -> None:
    said = (e.words,) if e.change == "misunderstood" else (e.by, iso(op.now))
    await conn.execute(_MARK_ALARM[e.change], (*said, *op.record.key))


async def _issue_sign_in(conn: aiosqlite.Connection, op: CommitTurn, e: IssueSignIn) -> None:
    token = await inbox.create_sign_in(conn, *op.record.key, op.now)
    if token is None:
        return
    # The link stays in the outbox (the sandbox phone reads it there); it is good only
    # once and for 15 minutes, and only its hash is kept with the sign-ins.
    text = e.text.replace("{token}", token)
    await conn.execute(
        INSERT_OUTBOX, outbox_row(op.record.key, text, iso(op.now), caused_by=op.seq)
    )


async def _set_on_duty(conn: aiosqlite.Connection, op: CommitTurn, e: SetOnDuty) -> None:
    person_id = await roster.set_on_duty(conn, *op.record.key, e.on, op.now)
    if person_id is not None:  # the inbox's audit shows who went on or off duty, and when
        await inbox.record(conn, op.now, person_id, "on duty" if e.on else "off duty", None)


async def _ask_visit(conn: aiosqlite.Connection, op: CommitTurn, e: AskVisit) -> None:
    await visits.ask(conn, op.record.key, op.now, e)


async def _answer_visit(conn: aiosqlite.Connection, op: CommitTurn, e: AnswerVisit) -> None:
    await visits.answer(conn, op.now, e)


async def _update_visit(conn: aiosqlite.Connection, _: CommitTurn, e: UpdateVisit) -> None:
    await visits.update(conn, e)


STAGES: tuple[Stage, ...] = (
    one_by_one({BecomePeer: _become_peer, WelcomePeer: _welcome_peer}),
    Stage((AskHelper,), _ask_helpers),
    Stage((AnswerLink,), _answer_links),
    Stage((CancelTimers,), _cancel_timers),
    Stage((StartTimer,), _start_timers),
    Stage((RecordConsent,), _record_consents),
    Stage((Count,), _count),
    # A handoff is found by its resident, so closing and offering again must keep the
    # flow's order; so must a visit's answers and updates.
    one_by_one(
        {
            OfferHandoff: _offer_handoff,
            CloseHandoff: _close_handoff,
            MarkAlarm: _mark_alarm,
            IssueSignIn: _issue_sign_in,
            SetOnDuty: _set_on_duty,
        }
    ),
    one_by_one({AskVisit: _ask_visit, AnswerVisit: _answer_visit, UpdateVisit: _update_visit}),
)

NOTHING_TO_STORE: Mapping[type, str] = {
    Tell: "the writer records it as an event for the other conversation",
    ForgetMe: "the writer erases the person instead of keeping the turn",
}


def effect_types() -> tuple[type, ...]:
    """Every kind of effect a flow can return (the members of ``Effect``)."""
    union = get_args(Effect)[0]
    return get_args(union)


def stage_of(
    stages: tuple[Stage, ...], nothing: Mapping[type, str], effects: tuple[type, ...]
) -> dict[type, int | None]:
    """Each effect type's place in ``stages`` (None: nothing to store); raises TypeError
    naming any effect type with no stage, or with more than one."""
    places: list[tuple[type, int | None]] = [
        (t, i) for i, stage in enumerate(stages) for t in stage.types
    ]
    places += [(t, None) for t in nothing]
    found: dict[type, int | None] = dict(places)
    twice = {t.__name__ for t, _ in places if sum(u is t for u, _ in places) > 1}
    missing = {t.__name__ for t in effects if t not in found}
    if twice or missing:
        raise TypeError(f"effects with no handler: {sorted(missing)}; twice: {sorted(twice)}")
    return found


# Checked at import: the writer cannot start with an effect it would drop.
_STAGE_OF = stage_of(STAGES, NOTHING_TO_STORE, effect_types())


async def apply(conn: aiosqlite.Connection, ops: list[CommitTurn]) -> None:
    """Keep the effects of a batch of turns, stage by stage in ``STAGES`` order."""
    pairs: dict[int, Pairs] = {}
    for op in ops:
        for effect in op.effects:
            place = _STAGE_OF[type(effect)]
            if place is not None:
                pairs.setdefault(place, []).append((op, effect))
    # Empty stages are skipped: each statement is a round trip to SQLite's thread.
    for place in sorted(pairs):
        await STAGES[place].apply(conn, pairs[place])
