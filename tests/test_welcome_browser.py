"""A coordinator welcomes a new neighbour in real headless Chromium, on a phone and a desktop."""

from __future__ import annotations

import pytest
from playwright.async_api import ViewportSize, expect

from bot.settings import Settings
from tests.browser import chromium
from tests.test_inbox_http import served
from tests.test_roster_browser import DESKTOP, PHONE, sign_in
from tests.test_welcome_http import SHOWN, ZOE, add_zoe


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_a_coordinator_sees_the_new_neighbours_card_and_welcomes_her(
    sample: Settings, screen: ViewportSize
) -> None:
    async with served(sample) as world, chromium() as browser:
        zoe = await add_zoe(world)
        page = await browser.new_page(viewport=screen)
        await sign_in(world, page)
        card = page.locator(".card.neighbour")
        await expect(card).to_have_count(1)
        await expect(card).to_contain_text(f"Zoe would like to help: {SHOWN}")
        await expect(card.get_by_role("button", name="Let's talk first")).to_be_visible()
        welcome = card.get_by_role("button", name="Welcome")
        box = await welcome.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["x"] + box["width"] <= screen["width"]  # nothing off the side of a phone
        await welcome.click()
        await expect(page).to_have_url(f"{world.url}/inbox")
        await expect(page.get_by_text("Nobody waiting to be welcomed.")).to_be_visible()
        assert await world.count("SELECT welcomed FROM people WHERE id = ?", zoe) == 1
        [sent] = await world.from_inbox()
        assert (sent["press"], sent["payload"]) == ("Welcome", {"welcome": list(ZOE)})
