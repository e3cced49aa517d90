"""Processes that only acknowledge, and one that answers what they kept, on one SQLite file.

Each runtime here has its own connections to the file, as separate processes would; they
share an event loop only to keep the test quick (``tests/test_processes.py`` runs real ones).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from bot.runtime import Role, Runtime
from bot.settings import Settings
from common.models import Outbound
from connectors.recording import RecordingConnector
from store.intake import folder_of
from store.sqlite import SqliteStore
from store.writes import AlreadyAnswered
from tests.fakes.bot_app import eventually
from tests.test_engine import message

PEOPLE = [f"+4477009{n:05d}" for n in range(30)]
TEXTS = ["hi", "the rent", "Riverside"]


@contextlib.asynccontextmanager
async def answering(settings: Settings, sent: list[Outbound]) -> AsyncIterator[Runtime]:
    connector = RecordingConnector("sms", sent)
    async with Runtime.open(settings, [connector], role=Role.ANSWER) as runtime:
        yield runtime


async def send_all(runtime: Runtime) -> None:
    """Everyone's three messages, each person's in order, everyone at once."""
    for text in TEXTS:
        await asyncio.gather(*(runtime.engine.receive(message(text, p)) for p in PEOPLE))


def count(db: Path, sql: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(sql).fetchone()[0])


def unanswered(settings: Settings) -> int:
    return count(settings.db, "SELECT count(*) FROM inbound WHERE processed_at IS NULL")


def kept_aside(settings: Settings, name: str = "web") -> int:
    """Messages an acknowledging process keeps in its own file, not yet moved."""
    return count(folder_of(settings.db) / f"{name}.db", "SELECT count(*) FROM intake")


def answered_and_deleted(settings: Settings, sent: list[Outbound], count: int) -> bool:
    return len(sent) == count and kept_aside(settings) == 0


def check_each_answered_once_in_order(sent: list[Outbound]) -> None:
    for person in PEOPLE:
        said = [m.text for m in sent if m.address == person]
        assert len(said) == len(TEXTS), person  # none lost, none answered twice
        assert said[0].startswith("Hi, this is the Eastfield neighbours line")
        assert said[1].startswith('You said: "the rent".')


async def test_an_acknowledging_process_keeps_messages_and_the_answering_one_answers_in_order(
    settings: Settings,
) -> None:
    sent: list[Outbound] = []
    async with Runtime.open(settings, [RecordingConnector("sms")], role=Role.ACKNOWLEDGE) as web:
        await send_all(web)
        await web.wait_idle()
        # Kept in its own file, so acknowledging never waits on the database's writer.
        assert kept_aside(settings) == len(PEOPLE) * len(TEXTS)
        assert count(settings.db, "SELECT count(*) FROM inbound") == 0
        async with answering(settings, sent):
            await eventually(lambda: len(sent) == len(PEOPLE) * len(TEXTS), seconds=30)
            # Later ones are picked up as they are kept, without a restart.
            await web.engine.receive(message("thanks", PEOPLE[0]))
            await eventually(lambda: len(sent) == len(PEOPLE) * len(TEXTS) + 1, seconds=10)
    check_each_answered_once_in_order(sent[: len(PEOPLE) * len(TEXTS)])
    assert unanswered(settings) == 0
    assert kept_aside(settings) == 0  # moved, and gone from the process's own file


async def test_a_repeat_delivery_to_an_acknowledging_process_is_kept_once(
    settings: Settings,
) -> None:
    hello = message("hi", PEOPLE[0])
    async with Runtime.open(settings, [RecordingConnector("sms")], role=Role.ACKNOWLEDGE) as web:
        assert await web.engine.receive(hello) is True
        assert await web.engine.receive(hello) is False
    assert kept_aside(settings) == 1


async def test_one_process_started_after_several_answers_what_they_left_unmoved(
    settings: Settings,
) -> None:
    async with Runtime.open(settings, [RecordingConnector("sms")], role=Role.ACKNOWLEDGE) as web:
        await web.engine.receive(message("hi", PEOPLE[0]))
    sent: list[Outbound] = []
    async with Runtime.open(settings, [RecordingConnector("sms", sent)], background=False) as rt:
        await rt.wait_idle()
        assert kept_aside(settings) == 0  # gone from the file as soon as it was moved
    assert [m.text.startswith("Hi, this is the Eastfield") for m in sent] == [True]


async def test_a_message_two_processes_both_take_is_answered_once(settings: Settings) -> None:
    # One answering process is the design; a second by mistake must not answer twice. (Its
    # sender could still send a reply twice: that is why there is only ever one.)
    async with (
        Runtime.open(settings, [RecordingConnector("sms")], role=Role.ACKNOWLEDGE) as web,
        answering(settings, []),
        answering(settings, []),
    ):
        await send_all(web)
        await eventually(lambda: unanswered(settings) == 0 and kept_aside(settings) == 0, 30)
        await asyncio.sleep(0.5)  # time for a double answer to show, if there were one
    with contextlib.closing(sqlite3.connect(settings.db)) as conn:
        replies = conn.execute("SELECT address, text FROM outbox ORDER BY id").fetchall()
    check_each_answered_once_in_order(
        [Outbound(channel="sms", address=address, text=text) for address, text in replies]
    )


async def test_saving_a_turn_for_a_message_answered_already_saves_nothing(
    settings: Settings,
) -> None:
    store = await SqliteStore.open(settings.db)
    try:
        hello = message("hi", PEOPLE[0])
        seq = await store.record_inbound(hello)
        assert seq is not None
        async with Runtime.open(settings, [RecordingConnector("sms")], background=False) as rt:
            await rt.wait_idle()  # answered (recovered on start)
        record = await store.load_conversation(hello.key)
        assert record is not None
        with pytest.raises(AlreadyAnswered):
            await store.commit_turn(seq, record, [], [], datetime.now(UTC))
        replies = await store.scalar("SELECT count(*) FROM outbox WHERE caused_by = ?", (seq,))
    finally:
        await store.close()
    assert replies == 1


async def test_the_answering_process_leaves_what_was_typed_in_chat_beside_it(
    settings: Settings,
) -> None:
    # ``chat`` beside the server answers its own console messages; the server must not.
    store = await SqliteStore.open(settings.db)
    try:
        async with answering(settings, []):
            typed = message("hi", "console-1").model_copy(update={"channel": "console"})
            await store.record_inbound(typed)
            await store.record_inbound(message("hi", PEOPLE[0]))
            await eventually(lambda: unanswered(settings) == 1, seconds=10)
            await asyncio.sleep(0.2)  # several rounds of looking for work
            left = await store.scalar("SELECT channel FROM inbound WHERE processed_at IS NULL")
    finally:
        await store.close()
    assert left == "console"


async def test_a_message_kept_after_the_file_was_emptied_is_still_answered(
    settings: Settings,
) -> None:
    # Moved messages are deleted from the file; the next one kept must not reuse a number
    # the answering process has already moved past.
    sent: list[Outbound] = []
    async with (
        Runtime.open(settings, [RecordingConnector("sms")], role=Role.ACKNOWLEDGE) as web,
        answering(settings, sent),
    ):
        for n, text in enumerate(TEXTS, start=1):
            await web.engine.receive(message(text, PEOPLE[0]))
            await eventually(partial(answered_and_deleted, settings, sent, n), 10)
    check = [m.text for m in sent]
    assert check[1].startswith('You said: "the rent".')
