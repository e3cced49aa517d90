"""A coordinator adds someone to the roster and pauses them, in real headless Chromium,
on a phone-sized and a desktop window, with scripts off (the forms need none)."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, ViewportSize, expect

from bot.settings import Settings
from tests.browser import chromium
from tests.test_inbox_http import HELEN, World, served

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


async def sign_in(world: World, page: Page) -> None:
    """Open the link the bot texted Helen, the duty coordinator, and press Sign in."""
    token = await world.token(HELEN)
    await page.goto(f"{world.url}/inbox/sign-in/{token}")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text("Signed in as Helen Wright")).to_be_visible()


async def fits_the_window(page: Page) -> bool:
    width: int = await page.evaluate("document.documentElement.scrollWidth")
    return width <= (page.viewport_size or PHONE)["width"]


@pytest.mark.parametrize("window", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_a_coordinator_adds_someone_then_pauses_them(
    sample: Settings, window: ViewportSize
) -> None:
    async with served(sample) as world, chromium() as browser:
        context = await browser.new_context(viewport=window, java_script_enabled=False)
        page = await context.new_page()
        await sign_in(world, page)
        await page.get_by_role("link", name="The roster").click()
        await expect(page.get_by_role("heading", name="The roster")).to_be_visible()
        assert await fits_the_window(page)

        await page.get_by_text("Add someone").click()
        await page.get_by_label("Name").fill("Priya Shah")
        await page.get_by_label("Role").select_option("worker")
        await page.get_by_label("Mobile number or Telegram chat id").fill("07700 900777")
        await page.get_by_label("Areas they cover").fill("Millbrook")
        await page.get_by_label("On duty now").check()
        await page.get_by_role("button", name="Add to the roster").click()

        priya = page.locator("section.person", has_text="Priya Shah")
        await expect(priya).to_contain_text("On duty")
        pause = priya.get_by_role("button", name="Pause Priya Shah")
        box = await pause.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        await pause.click()
        await expect(priya.locator(".tag.paused")).to_have_text("Paused")
        await expect(
            priya.get_by_role("button", name="Take the pause off Priya Shah")
        ).to_be_visible()
        assert await fits_the_window(page)
        paused = await world.count("SELECT paused FROM people WHERE name = 'Priya Shah'")
        assert paused == 1
        await context.close()
