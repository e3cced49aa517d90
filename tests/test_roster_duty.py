"""ON DUTY and OFF DUTY over Telegram: a real webhook update in, the real ``Bot`` answering
through the fake Bot API; the roster changes for someone on it, and for nobody else."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from flows.handoff import duty
from tests.fakes.bot_app import eventually
from tests.test_telegram import CHAT, GREETING, Rig, message_update, rig

GRACE = 5550202  # a worker on the sample roster, off duty


@pytest.fixture
async def live(sample: Settings) -> AsyncIterator[Rig]:
    """The bot with Telegram on, the sample roster loaded."""
    async with rig(sample, background=True) as r:
        yield r


async def on_duty(r: Rig, chat: int) -> int | None:
    found = await r.runtime.store.scalar(
        "SELECT on_duty FROM people WHERE channel = 'telegram' AND address = ?", (str(chat),)
    )
    return None if found is None else int(found)


async def texts(r: Rig, update: int, chat: int, text: str, count: int) -> list[str]:
    """Send ``text`` from ``chat``; the texts sent to that chat once there are ``count``."""
    assert (await r.post(message_update(update, text, chat_id=chat))).status_code == 200

    def to_chat() -> list[str]:
        return [str(s["text"]) for s in r.fake.sent if s["chat_id"] == str(chat)]

    await eventually(lambda: len(to_chat()) >= count)
    return to_chat()


@pytest.mark.parametrize("said", ["ON DUTY", "on duty now", "I'm on duty", "On duty."])
async def test_someone_on_the_roster_goes_on_duty_by_text_and_is_told(live: Rig, said: str) -> None:
    assert await on_duty(live, GRACE) == 0
    assert await texts(live, 1, GRACE, said, 1) == [duty.ON]
    assert await on_duty(live, GRACE) == 1


async def test_off_duty_by_text_is_confirmed_and_on_duty_again_after(live: Rig) -> None:
    await texts(live, 1, GRACE, "on duty", 1)
    assert (await texts(live, 2, GRACE, "off duty now", 2))[-1] == duty.OFF
    assert await on_duty(live, GRACE) == 0


async def test_from_a_resident_on_duty_is_ordinary_words(live: Rig) -> None:
    roster = await live.runtime.store.scalar("SELECT version FROM roster_version")
    [reply] = await texts(live, 1, CHAT, "ON DUTY", 1)
    assert reply.startswith(GREETING.removesuffix("What can we do for you?"))
    assert 'You said: "ON DUTY"' in reply  # heard as their own words, not a command
    assert await live.runtime.store.scalar("SELECT version FROM roster_version") == roster
    assert await on_duty(live, CHAT) is None
