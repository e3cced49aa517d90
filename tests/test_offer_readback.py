"""A yes to helping others starts the offer of help, and before anyone joins they are read
back exactly the line residents will be shown about them. Through the real engine and
store, on the sample area."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from flows.offer import flow as offer
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness

PAT = ("sms", "+447700900777")
DEE = ("sms", "+447700900001")
HELPING = "Would you ever like to help other people round here, in your own way?"
PATS_ANSWERS = (
    "debt and money worries, with bailiffs at the door and the kids to feed",
    "a chat and a cuppa",
    "Millbrook",
    "skip",
    "Pat",
)


async def says(bot: Harness, who: tuple[str, str], text: str) -> list[str]:
    bot.advance(timedelta(seconds=30))  # a person's pace, under the flood guard
    return await bot.say(*who, text)


async def says_yes_to_helping(bot: Harness) -> list[str]:
    """Pat talks about money worries and is offered what fits; asked on a later visit
    whether they'd like to help others, Pat says yes."""
    for text in SKINT_IN_MILLBROOK:
        await says(bot, PAT, text)
    bot.advance(timedelta(days=2))
    for text in ("hi", "a bit better", "skip"):
        replies = await says(bot, PAT, text)
    assert replies[-1].endswith(HELPING)
    return await says(bot, PAT, "yes")


async def offered_to_dee(bot: Harness) -> str:
    for text in SKINT_IN_MILLBROOK:
        replies = await says(bot, DEE, text)
    return replies[-1]


async def test_a_yes_to_helping_starts_the_offer_and_residents_see_what_was_read_back(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        assert (await says_yes_to_helping(bot))[-1] == offer.QUESTIONS[offer.Offer.BEEN_THROUGH]
        for text in PATS_ANSWERS:
            [read_back] = await says(bot, PAT, text)
        shown = read_back.split('"')[1]
        assert (
            read_back == f'People looking for help would see this about you: "{shown}". Is that OK?'
        )
        assert await bot.count("SELECT count(*) FROM people WHERE name = 'Pat'") == 0
        done = await says(bot, PAT, "yes")
        assert done[0].startswith("Thank you, Pat. You're now one of the neighbours I can ask.")
        assert len(done) == 1  # then back where Pat was, with the options shown before
        options = (await offered_to_dee(bot)).splitlines()
        # Dee, in Millbrook with money worries, is offered Pat: exactly what Pat agreed to.
        assert any(f". {shown} (" in line or line.endswith(f". {shown}") for line in options)


async def test_nobody_joins_until_the_read_back_is_agreed_and_it_can_be_changed(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await says_yes_to_helping(bot)
        for text in PATS_ANSWERS:
            await says(bot, PAT, text)
        assert await says(bot, PAT, "Change it") == [offer.QUESTIONS[offer.Offer.REWRITE]]
        [read_back] = await says(bot, PAT, "I know what bailiffs are like. Happy to chat.")
        assert read_back.endswith('"Pat, a neighbour: I know what bailiffs are like.". Is that OK?')
        assert await bot.count("SELECT count(*) FROM people WHERE name = 'Pat'") == 0
        await says(bot, PAT, "yes")
        kept = "SELECT count(*) FROM people WHERE name = 'Pat' AND offer = ?"
        assert await bot.count(kept, "I know what bailiffs are like. Happy to chat.") == 1
