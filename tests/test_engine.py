"""The engine on a real SQLite file: durable first, in order per person, nothing lost or doubled."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest
from pydantic import ValidationError

from bot import engine as engine_module
from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import Inbound, Outbound
from connectors.base import SendReceipt, TemporarySendError
from connectors.recording import RecordingConnector
from flows.anywhere import flood
from flows.connect.flow import Connect
from store.sqlite import SqliteStore
from tests.harness import Harness

ALICE = "+447700900001"


def message(text: str, address: str = ALICE, external_id: str | None = None) -> Inbound:
    return Inbound(
        channel="sms",
        address=address,
        external_id=external_id or uuid.uuid4().hex,
        text=text,
        received_at=datetime.now(UTC),
    )


async def test_a_repeated_delivery_changes_nothing(bot: Harness) -> None:
    first = await bot.send("sms", ALICE, "hello", external_id="SM123")
    again = await bot.send("sms", ALICE, "hello", external_id="SM123")
    assert len(first) == 1
    assert again == []
    assert await bot.count("SELECT count(*) FROM inbound") == 1
    assert await bot.count("SELECT count(*) FROM outbox") == 1


async def test_the_same_message_id_on_another_channel_is_a_different_message(bot: Harness) -> None:
    await bot.send("sms", ALICE, "hello", external_id="42")
    await bot.send("telegram", "5550001", "hello", external_id="42")
    assert await bot.count("SELECT count(*) FROM inbound") == 2


async def test_messages_of_one_person_are_handled_in_order_even_when_they_arrive_at_once(
    bot: Harness,
) -> None:
    texts = ["hi", "the rent", "Riverside", "and the boiler", "skip", "no", "ok", "thanks"]
    await asyncio.gather(*(bot.runtime.engine.receive(message(t)) for t in texts))
    await bot.runtime.wait_idle()
    record = await bot.runtime.store.load_conversation(message("x").key)
    assert record is not None
    assert record.state == Connect.RESTING
    assert record.data["words"] == "the rent"
    assert record.data["area"] == "Riverside"
    said = [m.text for m in bot.sent]
    assert said[0].startswith("Hi, this is the Eastfield neighbours line")
    assert said[1].startswith('You said: "the rent".')


async def test_different_people_are_handled_concurrently_and_idle_ones_hold_no_memory(
    bot: Harness,
) -> None:
    people = [f"+4477009{n:05d}" for n in range(200)]
    await asyncio.gather(*(bot.runtime.engine.receive(message("hi", p)) for p in people))
    assert bot.runtime.engine.active_conversations > 1
    await bot.runtime.wait_idle()
    assert bot.runtime.engine.active_conversations == 0
    assert sorted(m.address for m in bot.sent) == sorted(people)


async def test_past_its_memory_bound_it_catches_up_from_the_database_in_order(
    bot: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(engine_module, "HELD", 8)
    engine, most_held = bot.runtime.engine, 0
    receive = engine.receive

    async def watched(m: Inbound) -> bool:
        nonlocal most_held
        kept = await receive(m)
        most_held = max(most_held, engine.held)
        return kept

    people = [f"+4477009{n:05d}" for n in range(60)]
    texts = ["hi", "the rent", "Riverside"]
    for text in texts:  # each person's messages one after another, everyone at once
        await asyncio.gather(*(watched(message(text, p)) for p in people))
    await bot.runtime.wait_idle()
    assert most_held <= 8
    assert "messages are waiting in the database" in caplog.text
    assert "caught up" in caplog.text
    for person in people:
        said = [m.text for m in bot.sent if m.address == person]
        assert len(said) == 3, person  # nobody's message lost, none answered twice
        assert said[1].startswith('You said: "the rent".')


async def test_state_and_replies_are_committed_together(bot: Harness) -> None:
    await bot.say("sms", ALICE, "hi")
    row = await bot.count(
        "SELECT count(*) FROM inbound i JOIN outbox o ON o.caused_by = i.seq"
        " WHERE i.processed_at IS NOT NULL"
    )
    assert row == 1


async def test_a_message_recorded_before_a_crash_is_answered_after_restart(
    settings: Settings,
) -> None:
    store = await SqliteStore.open(settings.db)
    assert await store.record_inbound(message("hello")) == 1  # the process died right here
    await store.close()

    sent: list[Outbound] = []
    async with Runtime.open(settings, [RecordingConnector("sms", sent)], background=False) as rt:
        await rt.wait_idle()
    assert [m.text.startswith("Hi, this is the Eastfield") for m in sent] == [True]


class DownConnector:
    """A channel that is down: every send fails as a temporary error."""

    channel = "sms"

    def __init__(self) -> None:
        self.tries = 0

    async def send(self, message: Outbound) -> SendReceipt:
        self.tries += 1
        raise TemporarySendError("503 from the provider")

    async def close(self) -> None:
        return None


async def test_the_outbox_survives_a_restart_and_nothing_is_sent_twice(
    settings: Settings,
) -> None:
    down = DownConnector()
    async with Runtime.open(settings, [down], clock=ManualClock(), background=False) as rt:
        await rt.engine.receive(message("hi"))
        await rt.engine.receive(message("the bailiffs came"))
        await rt.wait_idle()
    assert down.tries == 1  # the second waits behind the first, in order

    sent: list[Outbound] = []
    for _ in range(2):  # two restarts: the second must send nothing more
        later = ManualClock(datetime.now(UTC) + timedelta(hours=1))  # past the retry backoff
        async with Runtime.open(
            settings, [RecordingConnector("sms", sent)], clock=later, background=False
        ) as rt:
            await rt.wait_idle()
    assert [m.text.split(".")[0] for m in sent] == [
        "Hi, this is the Eastfield neighbours line",
        'You said: "the bailiffs came"',
    ]


async def test_a_failing_message_does_not_block_other_people(settings: Settings) -> None:
    class Picky(RecordingConnector):
        async def send(self, message: Outbound) -> SendReceipt:
            if message.address == ALICE:
                raise TemporarySendError("timeout")
            return await super().send(message)

    picky = Picky("sms")
    async with Runtime.open(settings, [picky], clock=ManualClock(), background=False) as rt:
        await rt.engine.receive(message("hi", ALICE))
        await rt.engine.receive(message("hi", "+447700900002"))
        await rt.wait_idle()
        pending = await rt.store.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'")
    assert [m.address for m in picky.sent] == ["+447700900002"]
    assert pending == 1


async def test_a_failed_reply_holds_back_that_persons_later_ones_when_others_come_between(
    settings: Settings,
) -> None:
    class FirstToAliceFails(RecordingConnector):
        failed = False

        async def send(self, message: Outbound) -> SendReceipt:
            if message.address == ALICE and not self.failed:
                self.failed = True
                raise TemporarySendError("timeout")
            return await super().send(message)

    picky = FirstToAliceFails("sms")
    clock = ManualClock()
    async with Runtime.open(settings, [picky], clock=clock, background=False) as rt:
        for text, who in (("hi", ALICE), ("hi", "+447700900002"), ("the rent", ALICE)):
            await rt.engine.receive(message(text, who))
            await rt.engine.wait_idle()  # Alice's two replies are written apart, Bob's between
        await rt.dispatcher.drain()
        held = [m.text for m in picky.sent if m.address == ALICE]
        clock.advance(timedelta(minutes=1))  # past the retry's backoff
        await rt.dispatcher.drain()
    assert held == []
    to_alice = [m.text.split(".")[0] for m in picky.sent if m.address == ALICE]
    assert to_alice == ["Hi, this is the Eastfield neighbours line", 'You said: "the rent"']


async def test_nothing_is_ever_sent_to_someone_who_said_stop(bot: Harness) -> None:
    await bot.say("telegram", "5550001", "hi")
    assert await bot.say("telegram", "5550001", "STOP") == [
        "OK, you won't get any more messages from us. Text START if you ever want to pick up again."
    ]
    assert await bot.say("telegram", "5550001", "is anyone there") == []
    assert await bot.count("SELECT count(*) FROM inbound WHERE text = 'is anyone there'") == 1


def test_database_file_is_sqlite_in_wal_mode(tmp_path: Path) -> None:
    async def check() -> str:
        store = await SqliteStore.open(tmp_path / "x.db")
        try:
            return str(await store.scalar("PRAGMA journal_mode"))
        finally:
            await store.close()

    assert asyncio.run(check()) == "wal"


async def test_a_flood_from_one_number_gets_one_polite_reply_and_nothing_is_lost(
    bot: Harness,
) -> None:
    await bot.say("sms", ALICE, "hi")
    replies = []
    for n in range(40):
        replies += await bot.say("sms", ALICE, f"message {n}")
    assert replies.count(flood.SLOW_DOWN) == 1
    assert replies[-1] == flood.SLOW_DOWN  # after the one notice, quiet
    assert await bot.count("SELECT count(*) FROM inbound WHERE address = ?", ALICE) == 41
    bot.advance(timedelta(minutes=2))
    assert await bot.say("sms", ALICE, "sorry, my phone went mad") != []
    assert await bot.say("sms", "+447700900002", "hi") != []  # others were never held up


async def test_keeping_a_new_message_goes_ahead_of_a_backlog_of_saves(bot: Harness) -> None:
    store, done = bot.runtime.store, list[str]()

    async def save(n: int) -> None:
        await store.write(lambda conn: conn.execute("SELECT 1"))
        done.append(f"save {n}")

    async def keep() -> None:
        await store.record_inbound(message("hello"))
        done.append("kept")

    # Far more saves than one batch takes, queued before the message that just came in.
    await asyncio.gather(*(save(n) for n in range(1000)), keep())
    assert done.index("kept") < 300  # answered with the first batch, not after the thousand


@pytest.mark.parametrize(("chosen", "pragma"), [("NORMAL", 1), ("FULL", 2)])
async def test_the_writer_commits_as_wcwd_sqlite_synchronous_says(
    tmp_path: Path, chosen: str, pragma: int
) -> None:
    db = str(tmp_path / "x.db")
    settings = Settings(_env_file=None, WCWD_DB=db, WCWD_SQLITE_SYNCHRONOUS=chosen)

    async def synchronous(conn: aiosqlite.Connection) -> int:
        rows = list(await conn.execute_fetchall("PRAGMA synchronous"))
        return int(rows[0][0])

    async with Runtime.open(settings, background=False) as runtime:
        assert await runtime.store.write(synchronous) == pragma


def test_an_unknown_synchronous_stops_start_up_naming_the_setting() -> None:
    with pytest.raises(ValidationError, match="WCWD_SQLITE_SYNCHRONOUS"):
        Settings(_env_file=None, WCWD_SQLITE_SYNCHRONOUS="OFF")
