"""A press on a card or request that no longer applies gets a plain answer, never the
resident greeting and never a message relayed: through the real engine and store, with
the sample roster."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness
from tests.test_handoff import AMIRA, JO, TOM, hand_off, held_by_amira

TAKEN = "Amira has already picked this up. Thank you."
NOT_OPEN = "That conversation isn't open any more. Thank you."
REQUEST_NOT_OPEN = "Thank you. That request isn't open any more."
DEE = "+447700900001"
SAM = ("telegram", "5550101")  # a peer in the sample roster


@pytest.fixture
async def staffed(sample: Settings) -> AsyncIterator[Harness]:
    """The harness with the sample area's roster: Amira and Tom on duty."""
    async with harness(sample) as bot:
        yield bot


@pytest.mark.parametrize(
    ("text", "press"),
    [("I'll take this", "I'll take this"), ("Not me", "Not me"), ("take", None)],
)
async def test_a_worker_answering_a_card_someone_else_took_is_told_who_has_it(
    staffed: Harness, text: str, press: str | None
) -> None:
    bot = staffed
    await hand_off(bot)  # the card goes to Amira and Tom
    await bot.press(*AMIRA, "I'll take this")
    sent = await bot.send(*TOM, text, press=press)
    assert [(m.channel, m.address, m.text) for m in sent] == [(*TOM, TAKEN)]
    assert await bot.count("SELECT count(*) FROM links WHERE status = 'accepted'") == 1


async def test_a_worker_answering_a_card_that_was_closed_is_told_it_is_not_open(
    staffed: Harness,
) -> None:
    bot = staffed
    await held_by_amira(bot)
    await bot.say(*AMIRA, "CLOSE")
    await bot.say("sms", JO, "yes")
    sent = await bot.send(*TOM, "I'll take this", press="I'll take this")
    assert [(m.channel, m.address, m.text) for m in sent] == [(*TOM, NOT_OPEN)]


async def test_the_holder_pressing_take_again_is_not_relayed_to_the_resident(
    staffed: Harness,
) -> None:
    bot = staffed
    await held_by_amira(bot)
    sent = await bot.send(*AMIRA, "I'll take this", press="I'll take this")
    assert [(m.channel, m.address, m.text) for m in sent] == [
        (*AMIRA, "You've already picked this up. Thank you.")
    ]


async def test_a_peer_pressing_accept_again_is_not_relayed_to_the_resident(
    staffed: Harness,
) -> None:
    bot = staffed
    for text in SKINT_IN_MILLBROOK:
        offered = await bot.say("sms", DEE, text)
    number = next(line[0] for line in offered[-1].splitlines() if "Sam, a neighbour" in line)
    for text in (number, "Dee", "yes"):
        await bot.say("sms", DEE, text)
    await bot.press(*SAM, "Accept")
    sent = await bot.send(*SAM, "Accept", press="Accept")
    assert [(m.channel, m.address, m.text) for m in sent] == [(*SAM, REQUEST_NOT_OPEN)]


@pytest.mark.parametrize(("who", "label"), [(("telegram", "5550202"), "Accept"), (TOM, "Not me")])
async def test_someone_on_the_roster_answering_nothing_is_not_greeted_as_a_resident(
    staffed: Harness, who: tuple[str, str], label: str
) -> None:
    sent = await staffed.send(*who, label, press=label)
    assert [m.text for m in sent] in ([REQUEST_NOT_OPEN], [NOT_OPEN])
