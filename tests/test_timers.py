"""Durable timers: fire once when due, never early, and still fire after a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from common.models import (
    CancelTimers,
    ConversationRecord,
    Inbound,
    StartTimer,
)
from flows import router
from flows.step import Step
from tests.harness import Harness, harness

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
KEY = ("sms", "+447700900001")


def nudge(talk: Step) -> None:
    late = talk.now - datetime.fromisoformat(str(talk.message.payload["due_at"]))
    talk.say(f"{talk.message.payload['say']} ({late.days}d late)")


@pytest.fixture(autouse=True)
def nudge_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(router.TIMERS, "nudge", nudge)


async def set_timer(bot: Harness, due: datetime) -> None:
    record = ConversationRecord(channel=KEY[0], address=KEY[1], state="listen.asked_what")
    await bot.runtime.store.commit_turn(
        None,
        record,
        [],
        [StartTimer(name="nudge", due_at=due, payload={"say": "hello"})],
        bot.clock.now(),
    )


async def test_a_timer_fires_once_when_due_and_not_before(settings: Settings) -> None:
    async with harness(settings, ManualClock(T0)) as bot:
        await set_timer(bot, T0 + timedelta(hours=2))
        await bot.runtime.wait_idle()
        assert bot.sent == []
        bot.advance(timedelta(hours=2))
        await bot.runtime.wait_idle()
        assert [m.text for m in bot.sent] == ["hello (0d late)"]
        bot.sent.clear()
        bot.advance(timedelta(days=1))
        await bot.runtime.wait_idle()
        assert bot.sent == []


async def test_a_timer_that_fell_due_while_stopped_fires_on_start(settings: Settings) -> None:
    async with harness(settings, ManualClock(T0)) as bot:
        await set_timer(bot, T0 + timedelta(days=1))
    async with harness(settings, ManualClock(T0 + timedelta(days=3))) as bot:
        await bot.runtime.wait_idle()
        assert [m.text for m in bot.sent] == ["hello (2d late)"]
        assert await bot.count("SELECT count(*) FROM timers WHERE fired_at IS NOT NULL") == 1


async def test_a_cancelled_timer_never_fires(settings: Settings) -> None:
    async with harness(settings, ManualClock(T0)) as bot:
        await set_timer(bot, T0 + timedelta(hours=1))
        record = ConversationRecord(channel=KEY[0], address=KEY[1], state="listen.asked_what")
        await bot.runtime.store.commit_turn(None, record, [], [CancelTimers(name="nudge")], T0)
        bot.advance(timedelta(days=2))
        await bot.runtime.wait_idle()
        assert bot.sent == []


async def test_a_fired_timer_is_recorded_like_a_message_so_it_cannot_fire_twice(
    settings: Settings,
) -> None:
    async with harness(settings, ManualClock(T0)) as bot:
        await set_timer(bot, T0)
        await bot.runtime.wait_idle()
        # As if the process died after recording the firing but before marking the timer.
        timer_id = await bot.count("SELECT id FROM timers")
        again = Inbound(
            channel=KEY[0],
            address=KEY[1],
            external_id=f"timer:{timer_id}",
            event="nudge",
            payload={"say": "hello", "due_at": T0.isoformat()},
            received_at=T0,
        )
        assert await bot.runtime.engine.receive(again) is False
        assert await bot.count("SELECT count(*) FROM inbound WHERE event = 'nudge'") == 1
