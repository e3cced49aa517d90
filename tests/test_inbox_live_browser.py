"""The inbox keeps up in real headless Chromium, on a phone and a desktop window: what a
resident writes shows on an open page without a reload, and without scripts the Refresh
link does the job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.async_api import ViewportSize, expect

from bot import inbox_live
from bot.settings import Settings
from tests.browser import chromium
from tests.test_inbox_browser import PHONE, sign_in
from tests.test_inbox_http import AMIRA, RESIDENT, START, served
from tests.test_inbox_live import written_elsewhere

WINDOWS: dict[str, ViewportSize] = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages ask what changed every fifth of a second, so the test does not wait long."""
    monkeypatch.setattr(inbox_live, "POLL_SECONDS", 0.2)


@pytest.mark.parametrize("window", list(WINDOWS))
async def test_a_residents_reply_shows_on_the_open_page_without_a_reload(
    sample: Settings, window: str
) -> None:
    async with served(sample) as world, chromium() as browser:
        page = await browser.new_page(viewport=WINDOWS[window])
        await sign_in(world, page)
        await page.evaluate("window.stillThisPage = true")
        handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
        held = page.locator(".card.held")
        await expect(held).to_contain_text("Dee")
        assert await page.evaluate("window.stillThisPage === true")  # the card came in live
        await held.get_by_role("link", name="Open the conversation").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Dee")
        await expect(page.get_by_text("Dee", exact=True)).to_have_count(1)

        await page.get_by_label("Reply to Dee").fill("Hi Dee, I'm")
        await page.evaluate("window.stillThisPage = true")
        at = (START + timedelta(minutes=1)).isoformat()
        await written_elsewhere(world.runtime.store.path, RESIDENT, "are you still coming?", at)
        await expect(page.locator(".msg.them").last).to_contain_text("are you still coming?")
        assert await page.evaluate("window.stillThisPage === true")
        await expect(page.get_by_label("Reply to Dee")).to_have_value("Hi Dee, I'm")
        assert page.url == f"{world.url}/inbox/handoffs/{handoff_id}"


async def test_without_scripts_the_refresh_link_shows_whats_new(sample: Settings) -> None:
    async with served(sample) as world, chromium() as browser:
        context = await browser.new_context(java_script_enabled=False, viewport=PHONE)
        page = await context.new_page()
        await sign_in(world, page)
        await expect(page.locator(".card.offered")).to_have_count(0)
        await world.handoff([(AMIRA, "Amira Hassan", "asked")])
        await page.get_by_role("link", name="Refresh").click()
        card = page.locator(".card.offered")
        await expect(card).to_have_count(1)
        await expect(card).to_contain_text("waiting under a minute for someone to pick this up")
        await context.close()
