"""An urgent card's later life on the inbox, over real HTTP through the real engine: what the
resident said about it being a misunderstanding, a holder's stand-down and a holder's raise
are shown on every card for the handoff, so nobody acts on a stale alarm."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from bot.settings import Settings
from tests.live import sandbox_browser
from tests.test_danger_graded import CLEAR, HELEN, TOM
from tests.test_inbox_http import RESIDENT, World, served

JOKE = "sorry that was my friend, she took my phone"
BADGE = '<span class="badge">URGENT</span>'


@pytest.fixture
async def phones(sample: Settings) -> AsyncIterator[tuple[World, httpx.AsyncClient]]:
    """The app with the sample roster, and one sandbox browser holding everyone's phone."""
    async with served(sample) as world, sandbox_browser(world.url) as browser:
        yield world, browser


async def text(world: World, browser: httpx.AsyncClient, who: tuple[str, str], said: str) -> None:
    """``who`` texts ``said`` from a sandbox phone; returns once it and all it caused are done."""
    world.clock.advance(timedelta(minutes=1))  # as a person types: not a flood
    body = {"channel": who[0], "address": who[1], "text": said}
    assert (await browser.post("/sandbox/send", json=body)).status_code == 202
    for _ in range(250):
        if not await world.count("SELECT count(*) FROM inbound WHERE processed_at IS NULL"):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the message was not processed in five seconds")


async def pages(world: World, who: tuple[str, str]) -> tuple[str, str]:
    """The inbox page and the handoff's thread page, as ``who`` sees them."""
    handoff_id = await world.count("SELECT id FROM handoffs")
    async with world.signed_in(who) as person:
        inbox = await person.get("/inbox")
        thread = await person.get(f"/inbox/handoffs/{handoff_id}")
    assert (inbox.status_code, thread.status_code) == (200, 200)
    return inbox.text, thread.text


def red(card: str) -> bool:
    """Whether the card has the urgent red border."""
    return "urgent" in card.split(">", 1)[0]


def card_on(page: str, after: str) -> str:
    """The first card shown after the heading ``after``."""
    return page.split(after, 1)[1].split("<section", 2)[1].split("</section>", 1)[0]


async def urgent_then_joke(world: World, browser: httpx.AsyncClient) -> None:
    """An urgent card goes out; the resident says it was a misunderstanding; Tom takes it."""
    await text(world, browser, RESIDENT, "hello")
    await text(world, browser, RESIDENT, CLEAR)
    await text(world, browser, RESIDENT, JOKE)
    await text(world, browser, TOM, "I'll take this")


async def test_before_a_stand_down_every_card_is_urgent_with_what_they_said_since(
    phones: tuple[World, httpx.AsyncClient],
) -> None:
    world, browser = phones
    await urgent_then_joke(world, browser)
    inbox, thread = await pages(world, TOM)
    for card in (card_on(inbox, "Conversations you hold"), card_on(thread, "<h1>")):
        assert red(card)
        assert BADGE in card
        assert "Stood down" not in card
        assert "Since then they said" in card
        assert JOKE in card


async def test_a_stand_down_is_shown_on_every_card_in_place_of_urgent(
    phones: tuple[World, httpx.AsyncClient],
) -> None:
    world, browser = phones
    await urgent_then_joke(world, browser)
    await text(world, browser, TOM, "STAND DOWN")  # a minute a message from 09:00 UTC
    tom_inbox, tom_thread = await pages(world, TOM)
    helen_inbox, _ = await pages(world, HELEN)
    cards = [
        card_on(tom_inbox, "Conversations you hold"),
        card_on(tom_thread, "<h1>"),
        card_on(helen_inbox, "Every open handoff"),
    ]
    for card in cards:
        assert "Stood down by Tom · 03 Mar, 09:05" in card
        assert "URGENT" not in card
        assert not red(card)
        assert JOKE in card  # why it was stood down stays on the card


async def test_a_holders_urgent_raise_marks_the_card_urgent_again_and_can_be_stood_down(
    phones: tuple[World, httpx.AsyncClient],
) -> None:
    world, browser = phones
    await urgent_then_joke(world, browser)
    await text(world, browser, TOM, "STAND DOWN")
    world.clock.advance(timedelta(minutes=10))
    await text(world, browser, TOM, "URGENT: she has rung back in tears")
    inbox, thread = await pages(world, TOM)
    for card in (card_on(inbox, "Conversations you hold"), card_on(thread, "<h1>")):
        assert BADGE in card
        assert "Raised by Tom · 03 Mar, 09:16" in card
        assert "Stood down" not in card
    await text(world, browser, TOM, "STAND DOWN")
    told = await world.rows("SELECT text FROM outbox WHERE address = ? ORDER BY id", HELEN[1])
    assert sum("stood the urgent card down" in r["text"] for r in told) == 2  # once each time
    assert "Stood down by Tom · 03 Mar, 09:17" in card_on(
        (await pages(world, HELEN))[0], "Every open handoff"
    )
