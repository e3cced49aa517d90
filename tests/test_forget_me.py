"""FORGET ME: asked once, then no trace of the number or the words in the database or logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from flows.anywhere import forget
from tests.harness import harness

NUMBER = "+447700900777"
PHRASE = "purple giraffe umbrella"


def raw_bytes(db: Path) -> bytes:
    """The database file and its WAL, as they lie on disk."""
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


async def test_forget_me_asks_once_then_erases_everything_and_says_so(
    sample: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = sample
    async with harness(settings) as bot:
        await bot.say("sms", NUMBER, "hi")
        await bot.say("sms", NUMBER, f"my neighbour has a {PHRASE}")
        for text in ("PERSON", "Jo", "a call", "yes"):  # a handoff, held by a worker
            await bot.say("sms", NUMBER, text)
        await bot.press("telegram", "5550201", "I'll take this")
        await bot.say("sms", NUMBER, f"the {PHRASE} is back")
        await bot.say("sms", "+447700900001", "hi")  # someone else, who stays
        assert await bot.say("sms", NUMBER, "please delete my data") == [forget.ASK]
        assert await bot.say("sms", NUMBER, "YES") == [forget.DONE]
        for table in ("conversations", "outbox", "handoffs", "timers", "links"):
            where = "resident_address" if table in ("links", "handoffs") else "address"
            query = f"SELECT count(*) FROM {table} WHERE {where} = ?"  # noqa: S608
            assert await bot.count(query, NUMBER) == 0
        others = "SELECT count(*) FROM conversations WHERE address = '+447700900001'"
        assert await bot.count(others) == 1
    scanned = raw_bytes(settings.db)
    assert NUMBER.encode() not in scanned
    assert NUMBER.removeprefix("+").encode() not in scanned
    assert PHRASE.encode() not in scanned
    assert b"+447700900001" in scanned  # the scan can see what is there
    assert NUMBER not in caplog.text
    assert PHRASE not in caplog.text


async def test_anything_but_yes_keeps_everything(settings: Settings) -> None:
    async with harness(settings) as bot:
        await bot.say("telegram", "5550001", "hi")
        await bot.say("telegram", "5550001", "the damp")
        await bot.say("telegram", "5550001", "FORGET ME")
        replies = await bot.say("telegram", "5550001", "no, keep it")
        assert replies[0].startswith("OK, nothing has been deleted.")
        assert replies[0].endswith(
            "Which part of Eastfield are you in? A neighbourhood or postcode is plenty."
        )
        assert await bot.count("SELECT count(*) FROM conversations WHERE address = '5550001'") == 1


async def test_after_being_forgotten_a_new_message_starts_afresh(settings: Settings) -> None:
    async with harness(settings) as bot:
        await bot.say("sms", NUMBER, "hi")
        await bot.say("sms", NUMBER, "my rent")
        await bot.say("sms", NUMBER, "forget me")
        await bot.say("sms", NUMBER, "yes")
        replies = await bot.say("sms", NUMBER, "hello")
        assert replies[0].startswith("Hi, this is the Eastfield neighbours line.")


async def test_forget_me_erases_a_visit_and_what_peers_were_sent_about_it(
    sample: Settings,
) -> None:
    start = datetime(2026, 11, 26, 9, tzinfo=UTC)
    async with harness(sample, ManualClock(start)) as bot:
        for text in (
            "hi",
            "I've got a housing appointment at the council next week",
            "Eastfield Centre",
            "yes please",
            "the council offices",
        ):
            await bot.say("sms", NUMBER, text)
            bot.advance(timedelta(minutes=1))
        for text in ("next Tuesday at 10", f"my {PHRASE} helps", "Jo", "yes"):
            await bot.say("sms", NUMBER, text)
        await bot.say("telegram", "5550104", "Accept")  # Ryan will go
        bot.advance(timedelta(days=4, hours=1))  # the day before: both are reminded
        await bot.runtime.wait_idle()
        assert await bot.count("SELECT count(*) FROM visits") == 1
        assert await bot.say("sms", NUMBER, "forget me") == [forget.ASK]
        assert await bot.say("sms", NUMBER, "yes") == [forget.DONE]
        for table in ("visits", "visit_asks", "consents", "timers"):
            assert await bot.count(f"SELECT count(*) FROM {table}") == 0  # noqa: S608
        # Ryan's own conversation stays; what he was sent about her is redacted.
        assert await bot.count("SELECT count(*) FROM conversations WHERE address = '5550104'")
    scanned = raw_bytes(sample.db)
    assert NUMBER.encode() not in scanned
    assert PHRASE.encode() not in scanned
    assert b"council offices" not in scanned
