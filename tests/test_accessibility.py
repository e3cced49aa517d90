"""Every page passes axe-core in real Chromium, on a phone and on a desktop: no serious or
critical violations. A new page is one more ``await assert_accessible(page, url)``."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from bot.settings import Settings
from tests.axe import assert_accessible
from tests.browser import chromium
from tests.harness import BUTTONS, WITH_BUTTONS
from tests.test_inbox_browser import URGENT_CARD
from tests.test_inbox_http import AMIRA, CARD, GRACE, HELEN, TOM, World, served
from tests.test_welcome_http import add_zoe

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])


async def open_page(browser: Browser, screen: ViewportSize) -> Page:
    """A fresh page (its own cookies) of the given size."""
    context = await browser.new_context(viewport=screen)
    return await context.new_page()


async def sign_in(world: World, page: Page, who: tuple[str, str]) -> str:
    """Sign in through the real link and its button; returns the sign-in page's URL."""
    url = f"{world.url}/inbox/sign-in/{await world.token(who)}"
    await page.goto(url)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text("Signed in as")).to_be_visible()
    return url


@SCREENS
async def test_the_sandbox_page_with_a_conversation_and_buttons(
    sample_copy: Settings, screen: ViewportSize
) -> None:
    async with served(sample_copy) as world, chromium() as browser:
        page = await open_page(browser, screen)
        await assert_accessible(page, world.url)
        resident = page.locator(".phone.resident")
        await resident.locator(".text").fill(WITH_BUTTONS)
        await resident.locator(".send").click()
        await expect(resident.get_by_role("button", name=BUTTONS[0], exact=True)).to_be_visible()
        await assert_accessible(page)


@SCREENS
async def test_the_sign_in_page_and_a_workers_inbox(
    sample_copy: Settings, screen: ViewportSize
) -> None:
    async with served(sample_copy) as world, chromium() as browser:
        await world.handoff([(AMIRA, "Amira Hassan", "asked")], URGENT_CARD)
        await world.handoff([(AMIRA, "Amira Hassan", "accepted")], CARD)
        page = await open_page(browser, screen)
        url = f"{world.url}/inbox/sign-in/{await world.token(AMIRA)}"
        await assert_accessible(page, url)
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.locator(".card.offered.urgent")).to_be_visible()
        await expect(page.locator(".card.held")).to_be_visible()
        await assert_accessible(page)


@SCREENS
async def test_the_coordinators_inbox(sample_copy: Settings, screen: ViewportSize) -> None:
    async with served(sample_copy) as world, chromium() as browser:
        for helper, name in [(AMIRA, "Amira Hassan"), (TOM, "Tom Fletcher")]:
            await world.handoff([(helper, name, "closed")], CARD)
        await world.handoff([(GRACE, "Grace Mensah", "accepted")], CARD)
        await world.handoff([(TOM, "Tom Fletcher", "asked")], URGENT_CARD)
        page = await open_page(browser, screen)
        await sign_in(world, page, HELEN)
        await expect(page.locator(".flag").first).to_be_visible()
        await assert_accessible(page)


@SCREENS
async def test_a_thread_with_the_reply_box(sample_copy: Settings, screen: ViewportSize) -> None:
    async with served(sample_copy) as world, chromium() as browser:
        held, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")], URGENT_CARD)
        offered, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")], CARD)
        page = await open_page(browser, screen)
        await sign_in(world, page, AMIRA)
        await assert_accessible(page, f"{world.url}/inbox/handoffs/{held}")
        await expect(page.get_by_label("Reply to Dee")).to_be_visible()
        await assert_accessible(page, f"{world.url}/inbox/handoffs/{offered}")
        await expect(page.get_by_role("button", name="I'll take this")).to_be_visible()


@SCREENS
async def test_the_error_pages(sample_copy: Settings, screen: ViewportSize) -> None:
    async with served(sample_copy) as world, chromium() as browser:
        theirs, _ = await world.handoff([(GRACE, "Grace Mensah", "accepted")], CARD)
        page = await open_page(browser, screen)
        await assert_accessible(page, f"{world.url}/inbox")  # 401: not signed in
        used = await sign_in(world, page, AMIRA)
        for path, status in [
            (used, 403),  # a sign-in link already used
            (f"/inbox/handoffs/{theirs}", 403),  # someone else's conversation
            ("/inbox/handoffs/not-a-number", 404),  # an address no page has
            ("/inbox/sign-out", 405),  # only ever pressed, never opened
        ]:
            url = path if path.startswith("http") else world.url + path
            response = await page.goto(url)
            assert response is not None
            assert response.status == status
            await assert_accessible(page)


@SCREENS
async def test_the_coordinators_own_pages(sample_copy: Settings, screen: ViewportSize) -> None:
    """A new neighbour's card in the inbox, insights, the roster and one person on it."""
    async with served(sample_copy) as world, chromium() as browser:
        await add_zoe(world)
        page = await open_page(browser, screen)
        await sign_in(world, page, HELEN)
        await expect(page.locator(".card.neighbour")).to_be_visible()
        await assert_accessible(page)
        await assert_accessible(page, f"{world.url}/inbox/insights")
        await expect(page.locator("svg").first).to_be_visible()
        await assert_accessible(page, f"{world.url}/inbox/roster")
        person = await world.count("SELECT min(id) FROM people")
        await assert_accessible(page, f"{world.url}/inbox/roster/{person}")
