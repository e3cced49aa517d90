"""The README's pictures: pages rendered with the sample area in Chromium, saved in docs/.

Run with `make screenshots`. Each entry of SHOTS puts a page in the state to show; a new
page is one more function and one more entry.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from playwright.async_api import Page, ViewportSize, expect

from bot.settings import Settings
from flows.insights.themes import all_themes
from tests.browser import chromium
from tests.harness import import_sample, settings_for
from tests.test_inbox_browser import URGENT_CARD
from tests.test_inbox_http import AMIRA, CARD, HELEN, World, served

DOCS = Path(__file__).resolve().parent.parent / "docs"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


async def inbox(world: World, page: Page) -> None:
    """A worker's inbox on her phone: an urgent card offered to her, one she holds."""
    await world.handoff([(AMIRA, "Amira Hassan", "asked")], URGENT_CARD)
    await world.handoff([(AMIRA, "Amira Hassan", "accepted")], CARD)
    await page.goto(f"{world.url}/inbox/sign-in/{await world.token(AMIRA)}")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator(".card.offered")).to_be_visible()


async def insights(world: World, page: Page) -> None:
    """A coordinator's insights on a desktop, over four weeks of made-up counts (a picture
    of the page, not of any line's figures)."""
    rng = random.Random(16)
    weeks = ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23")
    areas = ("Millbrook", "Northgate", "Riverside", "Holloway Park")
    rows = [
        (week, "theme", area, theme, rng.randint(0, 14))
        for week in weeks
        for area in areas
        for theme in all_themes()[:8]
    ]
    rows += [(weeks[-1], "gap", area, "something else", rng.randint(3, 9)) for area in areas]
    bands = ("under 15 minutes", "15 to 60 minutes", "1 to 4 hours", "4 to 24 hours")
    rows += [
        (week, "first_named", "", band, rng.randint(2, 12)) for week in weeks for band in bands
    ]
    for row in rows:
        await world.write("INSERT INTO insight_counts VALUES (?, ?, ?, ?, ?)", *row)
    await page.goto(f"{world.url}/inbox/sign-in/{await world.token(HELEN)}")
    await page.get_by_role("button", name="Sign in").click()
    await page.goto(f"{world.url}/inbox/insights")
    await expect(page.locator("svg").first).to_be_visible()


Shot = Callable[[World, Page], Awaitable[None]]
# File name in docs/ (without .png), the window's size, and what puts the page in place.
SHOTS: list[tuple[str, ViewportSize, Shot]] = [
    ("inbox", PHONE, inbox),
    ("insights", DESKTOP, insights),
]


async def take(settings: Settings, name: str, screen: ViewportSize, shot: Shot) -> Path:
    """One picture, from a fresh server on ``settings``' database."""
    path = DOCS / f"{name}.png"
    async with served(settings) as world, chromium() as browser:
        context = await browser.new_context(viewport=screen, device_scale_factor=2)
        page = await context.new_page()
        await shot(world, page)
        await page.screenshot(path=str(path))
    return path


async def main() -> None:
    """Every picture in SHOTS, each on its own copy of the sample area."""
    DOCS.mkdir(exist_ok=True)
    for name, screen, shot in SHOTS:
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_for(Path(tmp) / "whatcanwedo.db")
            import_sample(settings.db)
            print(f"saved {await take(settings, name, screen, shot)}")


if __name__ == "__main__":
    asyncio.run(main())
