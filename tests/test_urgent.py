"""Signs of danger, from any state: the numbers at once, a person asked for, no questions."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from flows.handoff import urgent
from flows.listen.flow import Listen
from tests.harness import Harness, harness
from tests.test_listen_flow import EVERY_STATE, SCRIPT

PHONE = "+447700900555"
FIRST = urgent.FIRST.format(emergency="999", crisis_line="Samaritans: 116 123")
FIRST_NOBODY = urgent.FIRST_NOBODY.format(emergency="999", crisis_line="Samaritans: 116 123")
HELEN = ("sms", "+447700900402")


async def walk_to(bot: Harness, state: Listen) -> None:
    for text in SCRIPT:
        current = await bot.runtime.store.load_conversation(("sms", PHONE))  # type: ignore[arg-type]
        if (current.state if current else Listen.NEW) == state:
            return
        await bot.say("sms", PHONE, text)


@pytest.mark.parametrize("state", EVERY_STATE)
async def test_danger_from_any_state_gives_the_numbers_and_sends_an_urgent_card(
    sample: Settings, state: Listen
) -> None:
    async with harness(sample) as bot:
        await walk_to(bot, state)
        sent = await bot.send("sms", PHONE, "i just want to kill myself tonight")
        assert [m.text for m in sent if m.address == PHONE] == [FIRST]
        cards = [m for m in sent if m.address != PHONE]
        assert HELEN in [(m.channel, m.address) for m in cards]  # the duty coordinator too
        assert len(cards) >= 2  # and the workers on duty
        for card in cards:
            assert card.text.startswith("URGENT.")
            assert "i just want to kill myself tonight" in card.text
            assert card.buttons == ("I'll take this", "Not me")
        assert await bot.count("SELECT count(*) FROM handoffs WHERE urgent = 1") == 1


async def test_after_danger_more_danger_goes_to_the_people_asked_and_nothing_else_does(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await walk_to(bot, Listen.ASKED_MATTERS)
        await bot.say("sms", PHONE, "he said he'd kill me if I tell anyone")
        sent = await bot.send("sms", PHONE, "he's outside with a knife")
        after = urgent.AFTER.format(emergency="999")
        assert [m.text for m in sent if m.address == PHONE] == [after]
        updates = [m.text for m in sent if m.address != PHONE]
        assert updates
        assert all(u.endswith("he's outside with a knife") for u in updates)
        replies = await bot.say("sms", PHONE, "thanks")  # no alarm: answered as any message is
        assert after not in replies
        assert await bot.count("SELECT count(*) FROM handoffs") == 1


async def test_with_nobody_on_the_roster_the_numbers_make_no_promise(bot: Harness) -> None:
    replies = await bot.say("sms", PHONE, "i just want to kill myself tonight")
    assert replies == [FIRST_NOBODY]


async def test_danger_wins_over_asking_for_a_person(sample: Settings) -> None:
    async with harness(sample) as bot:
        sent = await bot.send("sms", PHONE, "i want to end my life, can i talk to someone")
        assert [m.text for m in sent if m.address == PHONE] == [FIRST]


async def test_an_ordinary_message_with_an_alarming_word_is_not_danger(bot: Harness) -> None:
    await bot.say("sms", PHONE, "hi")
    replies = await bot.say("sms", PHONE, "this rent is killing me")
    assert replies[0].startswith('You said: "this rent is killing me"')


def test_the_emergency_message_is_one_sms() -> None:
    assert len(FIRST) <= 160
