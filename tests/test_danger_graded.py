"""A graded response to danger, through the real engine and store on the sample area: an
uncertain sign asks whether they are safe and sends nothing unless they are not; clear
danger brings a person at once, and the conversation is never stuck after it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.settings import Settings
from common.models import Outbound
from flows.anywhere import safe_check
from flows.handoff import alarm, urgent
from flows.handoff import flow as handoff
from tests.harness import Harness, harness

JO = ("sms", "+447700900555")
TOM = ("sms", "+447700900401")
HELEN = ("sms", "+447700900402")
AMIRA = ("telegram", "5550201")
ASK = safe_check.ASK.format(emergency="999", crisis_line="Samaritans: 116 123")
FIRST = urgent.FIRST.format(emergency="999", crisis_line="Samaritans: 116 123")
UNCERTAIN = "i feel like a waste of space"  # cues adding up: a check-in, not an alarm
UNCERTAIN_LATER = "i just cant see it getting any better for me anymore"
CLEAR = "i just want to kill myself tonight"


def to(sent: list[Outbound], who: tuple[str, str]) -> list[str]:
    return [m.text for m in sent if (m.channel, m.address) == who]


def others(sent: list[Outbound]) -> list[Outbound]:
    return [m for m in sent if (m.channel, m.address) != JO]


async def asked_if_safe(bot: Harness) -> None:
    await bot.say(*JO, "hello")
    sent = await bot.send(*JO, UNCERTAIN)
    assert [(m.text, m.buttons) for m in sent] == [(ASK, ("I'm safe", "Not really"))]


async def handoffs(bot: Harness) -> int:
    return await bot.count("SELECT count(*) FROM handoffs")


async def test_an_uncertain_sign_asks_if_they_are_safe_and_tells_nobody(sample: Settings) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        assert await handoffs(bot) == 0


@pytest.mark.parametrize("answer", ["I'm safe", "yeah im ok thanks", "yes"])
async def test_safe_is_thanked_and_the_conversation_goes_on_where_it_was(
    sample: Settings, answer: str
) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        sent = await bot.send(*JO, answer, press=answer) if answer == "I'm safe" else None
        sent = sent or await bot.send(*JO, answer)
        assert not others(sent)
        thanks, heard = to(sent, JO)
        assert thanks == safe_check.SAFE
        assert heard.startswith(f'You said: "{UNCERTAIN}". Which part of Eastfield')
        assert await handoffs(bot) == 0


@pytest.mark.parametrize("answer", ["Not really", "no not really", "no"])
async def test_not_safe_brings_a_person_with_their_words_on_the_card(
    sample: Settings, answer: str
) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        sent = await bot.send(*JO, answer)
        assert to(sent, JO) == [FIRST]
        cards = others(sent)
        assert HELEN in [(m.channel, m.address) for m in cards]
        for card in cards:
            assert card.text.startswith("URGENT.")
            assert f'"{UNCERTAIN} / {answer}"' in card.text
        assert await bot.count("SELECT count(*) FROM handoffs WHERE urgent = 1") == 1


async def test_an_unanswered_check_in_sends_nothing_and_a_later_sign_is_urgent(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        bot.advance(timedelta(hours=2))
        sent = await bot.send(*JO, "Millbrook")  # not an answer: the conversation goes on
        assert not others(sent)  # and what raised the question is heard, with this
        assert to(sent, JO)[0].startswith(f'You said: "{UNCERTAIN}. Millbrook"')
        sent = await bot.send(*JO, UNCERTAIN_LATER)  # a second worry: no second check-in
        assert to(sent, JO) == [FIRST]
        assert others(sent)
        assert await handoffs(bot) == 1


async def test_a_second_worry_as_the_answer_is_urgent_not_asked_again(sample: Settings) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        sent = await bot.send(*JO, UNCERTAIN_LATER)
        assert to(sent, JO) == [FIRST]
        assert all(UNCERTAIN_LATER in m.text for m in others(sent))


async def test_clear_danger_in_the_answer_is_urgent_at_once(sample: Settings) -> None:
    async with harness(sample) as bot:
        await asked_if_safe(bot)
        sent = await bot.send(*JO, CLEAR)
        assert to(sent, JO) == [FIRST]
        assert all(CLEAR in m.text for m in others(sent))


async def urgent_card_out(bot: Harness) -> None:
    await bot.say(*JO, "hello")
    sent = await bot.send(*JO, CLEAR)
    assert to(sent, JO) == [FIRST]


async def test_after_an_urgent_card_ordinary_messages_get_ordinary_answers(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await urgent_card_out(bot)
        bot.advance(timedelta(minutes=1))
        sent = await bot.send(*JO, "is there a food bank near me")
        assert to(sent, JO)[0].startswith('You said: "is there a food bank near me"')
        bot.advance(timedelta(days=7))
        sent = await bot.send(*JO, "Millbrook")
        assert to(sent, JO)[0].startswith("Welcome back. Last time you told me")
        assert await handoffs(bot) == 1
        sent = await bot.send(*TOM, "I'll take this")
        assert "is there a food bank near me" in to(sent, TOM)[0]  # kept for whoever has it


async def test_a_misunderstanding_is_passed_on_and_whoever_picks_it_up_stands_it_down(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await urgent_card_out(bot)
        sent = await bot.send(*JO, "sorry that was my friend, she took my phone")
        assert to(sent, JO) == [alarm.MISUNDERSTOOD_RESIDENT.format(emergency="999")]
        passed = [m for m in others(sent) if "took my phone" in m.text]
        assert {(m.channel, m.address) for m in passed} >= {TOM, HELEN}
        assert all("STAND DOWN" in m.text for m in passed)
        await bot.press(*TOM, "I'll take this")
        sent = await bot.send(*TOM, "STAND DOWN")
        told = alarm.STOOD_DOWN_OTHERS.format(holder="Tom", name="the person")
        assert to(sent, HELEN) == [told]
        assert to(sent, TOM) == [alarm.STOOD_DOWN_HOLDER.format(name="the person")]
        assert not to(sent, JO)
        relayed = await bot.send(*JO, "thanks, sorry about that")
        assert [(m.channel, m.address) for m in relayed] == [TOM]  # the relay, as any handoff


async def test_an_urgent_card_nobody_takes_goes_to_the_coordinator_within_minutes(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await urgent_card_out(bot)
        bot.advance(timedelta(minutes=4))
        sent = await bot.send("sms", "+447700900999", "hi")  # time passes, nothing fires yet
        assert not to(sent, HELEN)
        bot.advance(timedelta(minutes=2))
        sent = await bot.send("sms", "+447700900999", "hello again")
        [late] = to(sent, HELEN)
        assert late.startswith(handoff.URGENT_LATE + "URGENT.")
        assert to(sent, JO) == [handoff.ESCALATED.format(coordinator="Helen")]
        sent = await bot.send(*HELEN, "I'll take this")
        assert to(sent, JO)[0].startswith("Helen")


# Words no pattern reads, that the encoder leans on: asked about, not alarmed.
ENCODER_ONLY = "i keep walking down to the railway bridge at night and standing there for ages"


async def test_danger_only_the_encoder_reads_asks_if_they_are_safe(sample: Settings) -> None:
    async with harness(sample) as bot:
        await bot.say(*JO, "hello")
        sent = await bot.send(*JO, ENCODER_ONLY)
        assert [m.text for m in sent] == [ASK]
        assert await handoffs(bot) == 0
