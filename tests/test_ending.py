"""Ending belongs to both sides: a peer's DONE asks the resident before her introduction
ends; her own DONE ends it at once. Through the real engine and store, on the sample area."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.settings import Settings
from common.models import Outbound
from flows.connect import finish
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness

T0 = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
DEE = ("sms", "+447700900001")
SAM = ("telegram", "5550101")  # Sam Okafor, a neighbour who has been through debt
ASKED = (
    "Sam would like to finish here. Is that OK, or is there something else? Reply YES to finish."
)
CHECK_IN = "Shall I check in with you next week to see how it went?"


def to(sent: list[Outbound], who: tuple[str, str]) -> list[str]:
    return [m.text for m in sent if (m.channel, m.address) == who]


async def talking_with_sam(bot: Harness) -> None:
    """Dee picks Sam from her options, agrees what he sees, and he accepts."""
    for text in SKINT_IN_MILLBROOK:
        offer = (await bot.say(*DEE, text))[-1]
    choice = next(line.split(".")[0] for line in offer.splitlines() if "Sam, a neighbour" in line)
    bot.advance(timedelta(minutes=2))  # a person's pace, under the flood guard
    for text in (choice, "Dee", "yes"):
        await bot.say(*DEE, text)
    await bot.press(*SAM, "Accept")
    await bot.say(*SAM, "Hi Dee, have a look at the letter from the council first")


async def sam_says_done(bot: Harness) -> list[Outbound]:
    bot.advance(timedelta(minutes=5))
    return await bot.send(*SAM, "DONE")


async def open_intros(bot: Harness) -> int:
    return await bot.count(
        "SELECT count(*) FROM links WHERE kind = 'intro' AND status = 'accepted'"
    )


async def test_a_peers_done_asks_the_resident_and_her_something_else_reaches_him(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await talking_with_sam(bot)
        sent = await sam_says_done(bot)
        assert to(sent, DEE) == [ASKED]
        assert to(sent, SAM) == [
            "Thanks. I've asked Dee if it's OK to finish, and I'll let you know."
        ]
        assert [m.buttons for m in sent if (m.channel, m.address) == DEE] == [finish.ASK_BUTTONS]
        assert await open_intros(bot) == 1
        sent = await bot.send(*DEE, "no, one more thing: do I ring them or write?")
        assert to(sent, SAM) == [
            "Dee has something else, so you're still talking.",
            "Dee: no, one more thing: do I ring them or write?",
        ]
        assert to(sent, DEE) == []
        assert await open_intros(bot) == 1
        # Still open: Sam's answer reaches her, and a plain "yes" later is just relayed.
        assert to(await bot.send(*SAM, "Ring them, it's quicker"), DEE) == [
            "Sam: Ring them, it's quicker"
        ]
        assert to(await bot.send(*DEE, "yes ok thanks"), SAM) == ["Dee: yes ok thanks"]
        assert await open_intros(bot) == 1


async def test_her_yes_ends_it_for_both_and_offers_her_a_check_in(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await talking_with_sam(bot)
        await sam_says_done(bot)
        sent = await bot.send(*DEE, "yes")
        assert to(sent, SAM) == ["You and Dee have finished talking here. Thank you both."]
        assert to(sent, DEE) == [
            "You and Sam have finished talking here. Thank you both.",
            CHECK_IN,
        ]
        assert await open_intros(bot) == 0
        # Her words go to the bot now, not to Sam.
        assert to(await bot.send(*DEE, "no thanks"), SAM) == []
        bot.advance(finish.QUIET_FOR)
        await bot.runtime.wait_idle()
        assert bot.sent == []  # the quiet timer was cancelled by her answer


async def test_no_answer_for_a_day_ends_it_as_the_peer_asked(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await talking_with_sam(bot)
        await sam_says_done(bot)
        bot.advance(finish.QUIET_FOR - timedelta(minutes=1))
        await bot.runtime.wait_idle()
        assert bot.sent == []
        assert await open_intros(bot) == 1
        bot.advance(timedelta(minutes=1))
        await bot.runtime.wait_idle()
        assert to(bot.sent, SAM) == ["You and Dee have finished talking here. Thank you both."]
        assert to(bot.sent, DEE) == [
            "I haven't heard back, so you and Sam have finished talking here for now.",
            CHECK_IN,
        ]
        assert await open_intros(bot) == 0


async def test_her_own_done_still_ends_it_at_once(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await talking_with_sam(bot)
        bot.advance(timedelta(minutes=5))
        sent = await bot.send(*DEE, "done")
        assert to(sent, SAM) == ["You and Dee have finished talking here. Thank you both."]
        assert to(sent, DEE)[0] == "You and Sam have finished talking here. Thank you both."
        assert await open_intros(bot) == 0
