"""A yes to helping others starts the offer of help, and before anyone joins they are read
back exactly the line residents will be shown about them. Through the real engine and
store, on the sample area."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from flows.offer import flow as offer
from flows.offer import welcome
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness

PAT = ("sms", "+447700900777")
DEE = ("sms", "+447700900001")
JO = ("sms", "+447700900002")
HELEN = ("sms", "+447700900402")  # the sample area's duty coordinator
HELEN_SAYS_HELLO = "Helen"
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


async def offered_to(bot: Harness, who: tuple[str, str]) -> str:
    for text in SKINT_IN_MILLBROOK:
        replies = await says(bot, who, text)
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
        bot.advance(timedelta(seconds=30))
        done = await bot.send(*PAT, "yes")
        to_pat = [m.text for m in done if (m.channel, m.address) == PAT]
        to_helen = [m.text for m in done if (m.channel, m.address) == HELEN]
        assert to_pat == [welcome.JOINED.format(name="Pat", who=HELEN_SAYS_HELLO)]
        # The duty coordinator's card carries exactly the line Pat agreed to.
        assert to_helen == [welcome.CARD.format(name="Pat", shown=shown)]
        # Nobody local has met Pat: Dee, in Millbrook with money worries, is not offered Pat.
        assert shown not in await offered_to(bot, DEE)
        assert await says(bot, HELEN, "Welcome") == [
            welcome.WELCOMED.format(name="Pat", by="Helen", area="Eastfield"),
            welcome.WELCOMED_BY.format(name="Pat"),
        ]
        # Once welcomed, Pat is offered: exactly what Pat agreed to.
        options = (await offered_to(bot, JO)).splitlines()
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
