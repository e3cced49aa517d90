"""Nobody is asked on a channel that is off here: no card or request waits for ever."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from common.models import Channel
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness
from tests.test_handoff import AMIRA, JO, TOM, hand_off, staffed

__all__ = ["staffed"]

SMS_ONLY = (Channel.SMS,)


@pytest.fixture
async def sms_only(sample: Settings) -> AsyncIterator[Harness]:
    """The sample area served with SMS on and Telegram off."""
    async with harness(sample, channels=SMS_ONLY) as bot:
        yield bot


async def test_a_card_goes_only_to_workers_who_can_be_reached(sms_only: Harness) -> None:
    bot = sms_only
    await bot.say("sms", JO, "hi")
    await bot.say("sms", JO, "the council keep losing my housing forms")
    for text in ("PERSON", "Jo"):
        await bot.say("sms", JO, text)
    sent = await bot.send("sms", JO, "yes")
    assert {m.address for m in sent if m.address != JO} == {TOM[1]}
    [told] = [m.text for m in sent if m.address == JO]
    assert "Tom" in told
    assert "Amira" not in told
    waiting = "SELECT count(*) FROM outbox WHERE channel = 'telegram'"
    assert await bot.count(waiting) == 0  # nothing queued that no channel can send


async def test_with_every_channel_on_amira_is_asked_too(staffed: Harness) -> None:
    await hand_off(staffed)
    asked = "SELECT count(*) FROM links WHERE helper_channel = ? AND helper_address = ?"
    assert await staffed.count(asked, *AMIRA) == 1


async def test_a_peer_on_a_channel_that_is_off_is_not_offered(sms_only: Harness) -> None:
    offered: list[str] = []
    for text in SKINT_IN_MILLBROOK:
        offered += await sms_only.say("sms", JO, text)
    assert offered
    assert not any("Sam" in text for text in offered)  # Sam is on Telegram


async def test_every_channel_on_sam_is_offered(staffed: Harness) -> None:
    offered: list[str] = []
    for text in SKINT_IN_MILLBROOK:
        offered += await staffed.say("sms", JO, text)
    assert any("Sam, a neighbour" in text for text in offered)


async def test_start_up_warns_about_people_who_cannot_be_reached(
    sample: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.runtime"):
        async with harness(sample, channels=SMS_ONLY):
            pass
    warned = [r.getMessage() for r in caplog.records if "telegram" in r.getMessage()]
    assert any(w.startswith("2 worker(s)") for w in warned)
    assert any(w.startswith("3 peer(s)") for w in warned)
    assert not any("5550201" in w or "Amira" in w for w in caplog.messages)
