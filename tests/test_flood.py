"""A flood never eats a worker's action or a button press, and a resident is answered after."""

from __future__ import annotations

from datetime import timedelta

from common.models import ConversationKey
from flows.anywhere import flood
from tests.harness import Harness
from tests.test_handoff import AMIRA, JO, hand_off, staffed

__all__ = ["staffed"]

ALICE = "+447700900001"


async def flood_from(bot: Harness, address: str, times: int = flood.LIMIT + 1) -> list[str]:
    replies: list[str] = []
    for n in range(times):
        replies += await bot.say("sms", address, f"are you there {n}")
    return replies


async def test_what_a_resident_sent_during_the_pause_is_answered_when_it_ends(
    bot: Harness,
) -> None:
    await bot.say("sms", ALICE, "hi")
    assert flood.SLOW_DOWN in await flood_from(bot, ALICE)
    assert await bot.say("sms", ALICE, "sorry, my phone is stuck") == []
    assert await bot.say("sms", ALICE, "I'm lonely since my husband died") == []
    bot.advance(flood.WINDOW + timedelta(seconds=1))
    bot.sent.clear()
    await bot.runtime.wait_idle()  # the pause ends with nobody texting
    answers = [m.text for m in bot.sent if m.address == ALICE]
    assert len(answers) == 1
    assert answers[0] != flood.SLOW_DOWN
    record = await bot.runtime.store.load_conversation(ConversationKey("sms", ALICE))
    assert record is not None
    assert "husband died" in str(record.data)  # heard, not eaten


async def test_the_next_message_after_the_pause_carries_what_was_held(bot: Harness) -> None:
    await bot.say("sms", ALICE, "hi")
    await flood_from(bot, ALICE)
    await bot.say("sms", ALICE, "I'm lonely since my husband died")
    bot.advance(flood.WINDOW + timedelta(seconds=1))
    assert await bot.say("sms", ALICE, "hello?") != []
    record = await bot.runtime.store.load_conversation(ConversationKey("sms", ALICE))
    assert record is not None
    assert "husband died" in str(record.data)
    bot.advance(flood.WINDOW)
    bot.sent.clear()
    await bot.runtime.wait_idle()
    assert bot.sent == []  # held words are answered once, not again when the timer fires


async def test_a_flood_that_goes_on_keeps_waiting_then_answers_once(bot: Harness) -> None:
    await bot.say("sms", ALICE, "hi")
    await flood_from(bot, ALICE)
    for _ in range(3):  # still at it as each pause ends
        bot.advance(flood.WINDOW - timedelta(seconds=5))
        assert await flood_from(bot, ALICE) == []
    bot.advance(flood.WINDOW + timedelta(seconds=10))
    bot.sent.clear()
    await bot.runtime.wait_idle()
    assert len([m for m in bot.sent if m.address == ALICE]) == 1


async def test_a_worker_who_texted_inbox_many_times_can_still_accept(staffed: Harness) -> None:
    bot = staffed
    await hand_off(bot)
    for _ in range(flood.LIMIT + 1):
        assert await bot.say(*AMIRA, "INBOX") != []  # each gets its sign-in link
    sent = await bot.send(*AMIRA, "I'll take this", press="I'll take this")
    [told] = [m.text for m in sent if m.address == JO]
    assert told.startswith("Amira from the Community Hub has picked this up")


async def test_person_is_never_held_back_by_a_flood(bot: Harness) -> None:
    await bot.say("sms", ALICE, "hi")
    assert flood.SLOW_DOWN in await flood_from(bot, ALICE)
    [asked] = await bot.say("sms", ALICE, "can I talk to a PERSON")
    assert asked != flood.SLOW_DOWN
